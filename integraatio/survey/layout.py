"""The header and the layout: where the names are, which rows hold data, long or wide.

The header is the first row that is not blank. A file is long when a column is named
``target_group``, else wide (one row per respondent, read by the codebook's ``[wide]``
table, which may put more header rows under the first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..exceptions import InputFileError, report_row
from .cells import blank_cells, cell_text, is_number, letter
from .files import FILE_FIX
from .grid import Grid
from .problems import closest_name
from .spec import BACKGROUND_COLUMNS, WideSpec, heading_code, wide_spec

__all__ = ["Layout", "find_layout"]


@dataclass(frozen=True)
class Layout:
    """Where a grid's header and data are, and how its rows are read.

    Attributes
    ----------
    kind : {"long", "wide"}
    spec : WideSpec or None
        The codebook's ``[wide]`` table (wide layout only).
    names : list of str
        The header's names, stripped (a near miss of ``target_group`` renamed to it).
    header_rows, blank_rows : int
        Header rows, and blank rows skipped among the data.
    rows : numpy.ndarray
        The spreadsheet row number of each data row (header = 1).
    columns : list of pandas.Series
        The data rows' cells of each column.
    numbers : dict
        As :attr:`Grid.numbers`, for the data rows.
    problems : list of dict
    """

    kind: str
    spec: WideSpec | None
    names: list[str]
    header_rows: int
    blank_rows: int
    rows: np.ndarray
    columns: list[pd.Series]
    numbers: dict[int, np.ndarray]
    problems: list[dict]


def find_layout(grid: Grid, /, *, codebook: Codebook) -> Layout:
    """The header, the layout and the data rows of a grid.

    Raises
    ------
    InputFileError
        The grid is empty, or has a header but no data rows.
    CodebookError
        The codebook's ``[wide]`` table is malformed (wide layout).
    """
    top, names, blank = _header_row(grid.columns, grid.where)
    problems: list[dict] = []
    kind = "long" if "target_group" in names else "wide"
    spec = wide_spec(codebook) if kind == "wide" else None
    if spec is not None:
        near = closest_name("target_group", names)
        if near is not None and not any(n not in BACKGROUND_COLUMNS and spec.pattern.search(heading_code(n, spec))
                                        for n in names):
            problems.append(report_row(
                near,
                f"no column is named target_group, and the file has no item columns of the wide layout (columns "
                f"{spec.expected_items()}): did you mean `target_group` for the column {near!r}?",
                f"Rename the column {near!r} to target_group (lower case, underscore) in the header row; the long "
                "layout's columns are respondent_id, municipality, own_group, target_group, frequency, reciprocity, "
                "need.",
                grid.file,
            ))
            kind, spec = "long", None
            names = ["target_group" if n == near else n for n in names]
    # An SPSS file has its names in the file's dictionary, never header rows.
    if spec is None or grid.spss:
        header_rows = 1
    elif spec.header_rows is None:
        header_rows = 1 + _extra_header_rows(grid.columns, top, blank, names, spec)
    else:
        header_rows = spec.header_rows
    data, blank_rows = _data_rows(blank, top, header_rows, grid.where)
    problems += _short_rows(grid.fields, data, names, grid.file)
    return Layout(
        kind=kind, spec=spec, names=names, header_rows=header_rows, blank_rows=blank_rows, rows=data + 1,
        columns=[c.iloc[data].reset_index(drop=True) for c in grid.columns],
        numbers={j: m[data] for j, m in grid.numbers.items()}, problems=problems,
    )


def _header_row(grid: list[pd.Series], file: str) -> tuple[int, list[str], np.ndarray]:
    """The header's grid row, its names, and which grid rows are blank."""
    blank = np.logical_and.reduce([blank_cells(c) for c in grid]) if grid else np.ones(0, dtype=bool)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise InputFileError(f"Survey file {file} is empty. {FILE_FIX}")
    top = filled[0]  # the header: the first row that is not blank
    return top, [cell_text(c.iloc[top]).strip() for c in grid], blank


def _data_rows(blank: np.ndarray, top: int, skip: int, file: str) -> tuple[np.ndarray, int]:
    """The grid rows that hold data (below ``skip`` header rows, not blank); blank rows skipped."""
    below = np.arange(top + skip, len(blank))
    data = below[~blank[below]]
    if not len(data):
        raise InputFileError(
            f"Survey file {file} has a header but no data rows. Export it again with the answers "
            "(one row per respondent and target group, or one row per respondent in the wide layout)."
        )
    # Blank rows among the data, not the ones after the last answer.
    return data, int(blank[top + skip : data[-1]].sum())


def _short_rows(per_row: np.ndarray | None, data: np.ndarray, names: list[str], file: str) -> list[dict]:
    """Data rows with fewer fields than the header has named columns (a cut or broken row)."""
    named = max((j for j, n in enumerate(names) if n), default=-1) + 1
    if per_row is None:
        return []
    return [
        report_row(
            names[per_row[i]] or f"unnamed_{letter(per_row[i])}",
            f"the row ends after {per_row[i]} of the header's {named} fields",
            "The file may be cut short, or a line break inside a value split the row: export it again, or put "
            "values that hold line breaks in double quotes.",
            file,
            row=int(i) + 1,
        )
        for i in data[per_row[data] < named]
    ]


def _extra_header_rows(grid: list[pd.Series], top: int, blank: np.ndarray, names: list[str], spec: WideSpec) -> int:
    """``header_rows = "auto"``: header rows under the first one (a Qualtrics export has 2, or none).

    A row is a header row when every item column's cell is filled, no two alike, and none
    is an answer (a number, or a text the codebook maps): question texts and ImportId
    cells are; a respondent's answers never are.
    """
    items = [j for j, n in enumerate(names) if n not in BACKGROUND_COLUMNS and spec.pattern.search(heading_code(n, spec))]
    extra = 0
    for i in range(top + 1, min(top + 4, len(blank))):
        if blank[i] or not items:
            break
        cells = [cell_text(grid[j].iloc[i]).strip() for j in items]
        if not all(cells) or len(set(cells)) < len(cells) or len(cells) < 2:
            break
        if any(is_number(c) or spec.maps_answer(c) for c in cells):
            break
        extra += 1
    return extra
