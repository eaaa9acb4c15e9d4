"""What a workbook's sheet shows, not only what its cells hold: the rules for hidden rows and
columns and merged cells, once the columns are known.

- A hidden row that holds answers, hidden by hand or by the sheet's filter, is an error: only
  the person who hid it knows whether it is a test answer to delete or an answer to read.
- A hidden column that is read is read like any other, with a note naming it: spreadsheets
  hide helper columns, and hiding a column does not take its answers back.
- A merged range down a column that is not an item column (own group, municipality, ...) is
  read as its first cell's value in each of its rows, which is what the merge shows, with a
  warning naming the range.
- A merged range over item cells is an error: a merge keeps only its first cell's value, so
  the other answers are lost. So is one across columns in the answers, one that starts in
  the header or a blank row, and one that hides other values under its first cell.
- A merged range in the header rows only is read as it is (its first cell's text) with a note.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..exceptions import report_row
from ..messages import Message, said
from .cells import letter, stripped_cells, text_column
from .columns import Columns
from .grid import Grid
from .layout import Layout
from .spec import is_item
from .structure import Structure, cell_range

__all__ = ["apply_structure"]

#: Ranges a note or warning names before it counts the rest.
SHOWN = 10


def apply_structure(read: Columns, /, *, grid: Grid, layout: Layout) -> Columns:
    """``read`` with the sheet's hidden rows and columns and merged cells handled by the rules above.

    Problems go to :attr:`Columns.problems`, the note and warning to its notes and warnings;
    merged cells that are read are filled with their first cell's value.
    """
    structure = grid.structure
    if structure == Structure():
        return read
    rows = layout.rows - 1  # grid positions of the data rows
    problems = _hidden_rows(structure, rows, grid.file)
    columns, merge_problems, filled, header = _merged(read, structure, rows, layout, grid.file)
    notes, warnings = list(read.notes), list(read.warnings)
    read_at = sorted(read.position[n] for n in read.names)  # not the columns set aside as identifying
    hidden = [(letter(j), read.headings[j]) for j in read_at if j in structure.hidden_columns]
    if hidden:
        notes.append(Message.of("read.hidden_columns", n=len(hidden), sheet=grid.sheet, columns=_listed(
            [f"{at} ({heading})" for at, heading in hidden])))
    if header:
        notes.append(Message.of("read.merged_header", ranges=_listed(header)))
    if filled:
        ranges = "; ".join(f"{name} {_listed(boxes)}" for name, boxes in filled.items())
        warnings.append(Message.of("read.merged", n=sum(map(len, filled.values())), ranges=ranges))
    return replace(read, columns=columns, problems=[*read.problems, *problems, *merge_problems], notes=notes,
                   warnings=warnings)


def _listed(texts: list[str]) -> str:
    shown = ", ".join(texts[:SHOWN])
    return shown if len(texts) <= SHOWN else f"{shown}, ... ({len(texts)} in all)"


def _hidden_rows(structure: Structure, rows: np.ndarray, file: str) -> list[dict]:
    """One problem per run of hidden rows that hold answers."""
    hidden = np.intersect1d(np.asarray(structure.hidden_rows, dtype=np.int64), rows)
    if not len(hidden):
        return []
    box = structure.filter
    problems = []
    for run in np.split(hidden, np.flatnonzero(np.diff(hidden) != 1) + 1):
        first, last = int(run[0]) + 1, int(run[-1]) + 1
        filtered = box is not None and box[0] < run[0] <= box[2]
        rows_of = "row" if first == last else "range"
        if filtered:
            why = said(f"problem.filtered_{rows_of}", first=first, last=last, box=cell_range(*box))
        else:
            why = said(f"problem.hidden_{rows_of}", first=first, last=last)
        problem = said("problem.hidden_rows", where=why, n=len(run)) if len(run) > 1 else said(
            "problem.hidden_rows_one", where=why)
        fix = said("fix.filtered") if filtered else said("fix.hidden")
        problems.append(report_row("", problem, fix, file, row=first))
    return problems


def _merged(
    read: Columns, structure: Structure, rows: np.ndarray, layout: Layout, file: str
) -> tuple[list[pd.Series], list[dict], dict[str, list[str]], list[str]]:
    """The columns with merged cells filled, the problems, the ranges filled by column and those in the header."""
    columns = list(read.columns)
    name_at = {read.position[name]: name for name in read.names}
    problems, filled, header = [], {}, []
    for box in sorted(structure.merged, key=lambda b: (b[1], b[0])):  # down each column in turn
        top, left, bottom, right = box
        at = np.flatnonzero((rows >= top) & (rows <= bottom))
        names = [name_at[j] for j in range(left, right + 1) if j in name_at]
        if not names:
            continue  # columns not read (dropped, set aside)
        if not len(at):
            if top < rows[0]:
                header.append(cell_range(*box))
            continue  # blank rows
        problem = _merge_problem(box, names, at, rows, columns, read, layout)
        if problem is not None:
            problems.append(report_row(names[0], problem, said("fix.merged"), file, row=top + 1))
            continue
        k = read.names.index(names[0])
        cells = columns[k].to_numpy(dtype=object, copy=True)
        cells[at] = cells[at[0]]
        columns[k] = text_column(pd.Series(cells, dtype=object))
        filled.setdefault(names[0], []).append(cell_range(*box))
    return columns, problems, filled, header


def _merge_problem(
    box: tuple[int, int, int, int], names: list[str], at: np.ndarray, rows: np.ndarray, columns: list[pd.Series],
    read: Columns, layout: Layout,
) -> str | None:
    """Why a merged range over answer rows cannot be read, or None when it is filled down."""
    top, left, _, right = box
    shown = cell_range(*box)
    items = [n for n in names if is_item(n, layout.spec)]
    if items:
        return said("problem.merged_item", cells=shown, item=items[0])
    if right > left:
        return said("problem.merged_across", cells=shown, columns=", ".join(map(repr, names)))
    if rows[at[0]] != top:
        return said("problem.merged_start", cells=shown, row=top + 1)
    cells = stripped_cells(columns[read.names.index(names[0])])[at]
    if any(c and c != cells[0] for c in cells[1:]):
        return said("problem.merged_hide", cells=shown, first=cells[0])
    return None
