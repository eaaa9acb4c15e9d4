"""The header and the layout: where the names are, which rows hold data, long or wide.

The header is the first row that is not blank, after any title rows: rows of one filled cell
(a survey's name, the export's date) above a row of at least :data:`TITLE_UNDER` filled
cells. A file is long when a column is named ``target_group``, else wide (one row per
respondent, read by the codebook's ``[wide]`` table, which may put more header rows under
the first). A row of row labels under a row of questions (SurveyMonkey: each question over
the first column of its grid, blank over the rest) is combined with it: "<question> -
<row label>" (a one-column question keeps its own text). ``header_rows`` counts every row
above the data, title rows included.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..exceptions import InputFileError, report_row
from ..messages import Message, said
from .cells import blank_cells, cell_text, is_number, letter, taken
from .files import file_fix
from .grid import Grid
from .problems import closest_name
from .spec import BACKGROUND_COLUMNS, WideSpec, heading_code, wide_spec

__all__ = ["TITLE_UNDER", "Layout", "find_layout"]

#: Filled cells of the row under title rows (the header); title rows are looked for in the first ten rows.
TITLE_UNDER = 3
_TITLE_SCAN = 10


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
    notes : list of Message
        Title rows skipped, header rows combined.
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
    notes: list[Message]


def find_layout(grid: Grid, /, *, codebook: Codebook) -> Layout:
    """The header, the layout and the data rows of a grid.

    Raises
    ------
    InputFileError
        The grid is empty, or has a header but no data rows.
    CodebookError
        The codebook's ``[wide]`` table is malformed (wide layout).
    """
    first, blank, titles = _header_row(grid.columns, grid.where)
    names = _names(grid.columns, first + titles)
    problems: list[dict] = []
    kind = "long" if "target_group" in names else "wide"
    spec = wide_spec(codebook) if kind == "wide" else None
    if spec is not None:
        near = closest_name("target_group", names)
        if near is not None and not any(n not in BACKGROUND_COLUMNS and spec.pattern.search(heading_code(n, spec))
                                        for n in names):
            problems.append(report_row(
                near,
                said("problem.target_group_near", expected=spec.expected_items(), near=near),
                said("fix.target_group_near", near=near),
                grid.file,
            ))
            kind, spec = "long", None
            names = ["target_group" if n == near else n for n in names]
    if spec is not None and spec.header_given and spec.header_rows is not None and titles >= spec.header_rows:
        titles = spec.header_rows - 1  # the rows set are all header rows
        names = _names(grid.columns, first + titles)
    top, notes = first + titles, _title_note(grid.columns, first, titles)
    header_rows = _rows_under(grid, top, blank, names, spec)
    if header_rows and (labels := _label_row(grid.columns, top, names, blank, spec)) is not None:
        names = _combined(names, labels)
        notes.append(Message.of("read.header_combined", question=top + 1, labels=top + 2,
                                example=next((n for n in names if " - " in n), "")))
    header_rows += titles + 1
    data, blank_rows = _data_rows(blank, first, header_rows, grid.where)
    problems += _short_rows(grid.fields, data, names, grid.file, grid.delimiter)
    return Layout(
        kind=kind, spec=spec, names=names, header_rows=header_rows, blank_rows=blank_rows, rows=data + 1,
        columns=[taken(c, data) for c in grid.columns],
        numbers={j: m[data] for j, m in grid.numbers.items()}, problems=problems, notes=notes,
    )


def _header_row(grid: list[pd.Series], file: str) -> tuple[int, np.ndarray, int]:
    """The first grid row that is not blank, which grid rows are blank, and the title rows from the first."""
    empty = [blank_cells(c) for c in grid]
    blank = np.logical_and.reduce(empty) if grid else np.ones(0, dtype=bool)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise InputFileError(said("file.empty", path=file, fix=file_fix()))
    first = int(filled[0])
    scan = filled[:_TITLE_SCAN]
    counts = len(grid) - np.sum([e[scan] for e in empty], axis=0)
    titles = int(np.argmax(counts != 1))  # the leading rows of one filled cell
    return first, blank, titles if counts[titles] >= TITLE_UNDER and scan[titles] == first + titles else 0


def _names(grid: list[pd.Series], row: int) -> list[str]:
    return [cell_text(c.iloc[row]).strip() for c in grid]


def _title_note(grid: list[pd.Series], first: int, titles: int) -> list[Message]:
    """The note that names the title rows skipped (none when there are none)."""
    if not titles:
        return []
    text = next(t for t in _names(grid, first) if t)
    rows = str(first + 1) if titles == 1 else f"{first + 1}-{first + titles}"
    return [Message.of("read.title_rows", rows=rows, header=first + titles + 1, title=text)]


def _rows_under(grid: Grid, top: int, blank: np.ndarray, names: list[str], spec: WideSpec | None) -> int:
    """Header rows under the header row: as set (the rows above the data), found (``auto``), or one of
    row labels (found, unless set)."""
    if spec is None or grid.spss:  # an SPSS file has its names in its dictionary, never header rows
        return 0
    if spec.header_given and spec.header_rows is not None:
        return spec.header_rows - 1 - (top - np.flatnonzero(~blank)[0])
    if _label_row(grid.columns, top, names, blank, spec) is not None:
        return 1
    return 0 if spec.header_rows is not None else _extra_header_rows(grid.columns, top, blank, names, spec)


def _label_row(
    grid: list[pd.Series], top: int, names: list[str], blank: np.ndarray, spec: WideSpec | None
) -> list[str] | None:
    """The row under the header when it labels the rows of the questions above it, else None.

    It does when at least two of its cells stand under blank headings to the right of a
    question, no two alike under one question, and no cell of the row is a number or an answer the
    codebook maps (a respondent's row repeats its few answers and holds numbers).
    """
    i = top + 1
    if spec is None or i >= len(blank) or blank[i]:
        return None
    cells = _names(grid, i)
    under = [j for j, (n, c) in enumerate(zip(names, cells)) if c and not n]
    questions = list(itertools.accumulate(names, lambda question, name: name or question))
    pairs = {(questions[j], cells[j]) for j in under}  # a label appears once under its question
    if len(under) < 2 or len(pairs) < len(under) or not questions[under[0]]:
        return None
    if any(is_number(c) or spec.maps_answer(c) for c in cells if c):
        return None
    return cells


def _combined(names: list[str], labels: list[str]) -> list[str]:
    """Question row and row-label row as one name each: "<question> - <label>" in a question of
    several columns, the question's own text in a question of one column.

    Examples
    --------
    >>> _combined(["id", "Kunta", "Kuinka usein?", "", ""], ["", "Response", "A", "B", "C"])
    ['id', 'Kunta', 'Kuinka usein? - A', 'Kuinka usein? - B', 'Kuinka usein? - C']
    """
    out, question = [], ""
    for j, (name, label) in enumerate(zip(names, labels)):
        question = name or question
        spans = not name or (j + 1 < len(names) and not names[j + 1] and labels[j + 1])
        out.append(f"{question} - {label}" if label and question and spans else name or label)
    return out


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


def _short_rows(
    per_row: np.ndarray | None, data: np.ndarray, names: list[str], file: str, delimiter: str | None
) -> list[dict]:
    """Data rows with fewer fields than the header has named columns (a cut or broken row, or another delimiter)."""
    named = max((j for j, n in enumerate(names) if n), default=-1) + 1
    if per_row is None:
        return []
    return [
        report_row(
            names[per_row[i]] or f"unnamed_{letter(per_row[i])}",
            said("problem.short_row", n=per_row[i], named=named),
            said("fix.short_row", delimiter=delimiter),
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
