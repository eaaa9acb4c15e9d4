"""Excel workbooks (``.xlsx``) to a grid: the sheet to read, and which cells are numbers."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputFileError
from ..messages import Message, said
from ..limits import check_workbook
from .cells import float_cells, text_column
from .files import file_fix
from .structure import Structure, asks_recalculation, cell_ranges, sheet_structure

__all__ = ["excel_grid"]


def _pick_sheet(book, sheet: str | int | None, path: Path) -> str:
    """The sheet to read: the one named, else the only visible one that holds anything.

    A hidden sheet is read only when named: it is often an older or partial export.
    """
    names = book.sheet_names
    if sheet is not None:
        if isinstance(sheet, int) or str(sheet).isdigit():
            k = int(sheet)
            if not 1 <= k <= len(names):
                raise InputFileError(f"{path.name} has {len(names)} sheet(s); --sheet {k} is not one of 1 to {len(names)}.")
            return names[k - 1]
        if sheet not in names:
            raise InputFileError(f"{path.name} has no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}.")
        return str(sheet)
    states = {ws.title: ws.sheet_state for ws in book.book.worksheets}
    visible = [n for n in names if states.get(n, "visible") == "visible"]
    filled = [n for n in visible if (book.book[n].max_row or 0) > 1]
    if len(filled) == 1 or (not filled and len(visible) == 1):
        return (filled or visible)[0]
    listed = ", ".join(f"{i}: {n!r}{'' if states.get(n) == 'visible' else ' (hidden)'}" for i, n in enumerate(names, 1))
    if not visible:
        raise InputFileError(f"{path.name} has no visible sheet ({listed}). Name the sheet to read with --sheet.")
    raise InputFileError(
        f"{path.name} has {len(filled)} visible sheets that could hold the survey ({listed}). "
        "Name the one to read with --sheet NAME or --sheet NUMBER."
    )


def excel_grid(
    raw: bytes, path: Path, sheet: str | int | None
) -> tuple[list[pd.Series], dict[int, np.ndarray], list[Message], str, Structure]:
    """One sheet of a workbook as columns; which cells of each column are decimal numbers; notes; the
    sheet; its structure (hidden rows and columns, merged cells).

    Raises
    ------
    InputFileError
        The workbook cannot be read, the sheet cannot be chosen, or it has formulas whose
        values are not stored (they would read as empty cells).
    """
    check_workbook(raw, name=path.name)  # before openpyxl spends memory on it
    try:
        # openpyxl warns about styles and extensions it skips; they do not affect the values.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
            name = _pick_sheet(book, sheet, path)
            grid = pd.read_excel(book, sheet_name=name, header=None, dtype=object, na_filter=False)
            with book.book[name]._get_source() as xml:  # the sheet's XML, which read-only openpyxl reads for values only
                structure = sheet_structure(xml, recalculate=asks_recalculation(raw))
    except InputFileError:
        raise
    except Exception as err:  # a damaged zip or XML fails in openpyxl in many ways (zlib, KeyError, ...)
        raise InputFileError(said("file.excel", path=path, error=f"{type(err).__name__}: {err}", fix=file_fix())) from err
    if structure.formulas:
        raise InputFileError(_formulas(structure, sheet=name, file=path.name))
    notes = []
    if len(book.sheet_names) > 1:
        notes.append(Message.of("read.sheet", sheet=name, sheets=len(book.sheet_names), file=path.name))
    hidden = [ws.title for ws in book.book.worksheets if ws.sheet_state != "visible" and ws.title != name]
    if hidden:  # never read unless named, never passed over in silence
        notes.append(Message.of("read.hidden_sheets", sheets=", ".join(map(repr, hidden))))
    columns = [grid[c] for c in grid.columns]
    return [text_column(c) for c in columns], {j: float_cells(c) for j, c in enumerate(columns)}, notes, name, structure


def _formulas(structure: Structure, *, sheet: str, file: str) -> str:
    """Why formula cells cannot be read, where they are, and how to store their values."""
    n = len(structure.formulas)
    why = (
        "whose stored values are not their results: the program that wrote the workbook asks for every formula to "
        "be recalculated when the file is opened"
        if structure.stored
        else "with no stored value: the workbook was written by a program (such as openpyxl) and never saved in a "
        "spreadsheet program"
    )
    return (
        f"{file}: the sheet {sheet!r} has {n} formula cell{'s' if n > 1 else ''} {why}, so "
        f"{'they would be read as empty or wrong answers' if n > 1 else 'it would be read as an empty or wrong answer'} "
        f"({cell_ranges(structure.formulas)}). "
        "Open the file in Excel or LibreOffice and save it, which stores the values, or export the sheet as .csv."
    )
