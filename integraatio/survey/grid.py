"""Bytes to a grid: every source becomes columns of categorical text.

Row ``i`` of the grid is spreadsheet row ``i + 1``: the header and blank rows are still
there, so every row number the later steps cite is the one a spreadsheet shows. Each
format has its module (:mod:`~integraatio.survey.text`, :mod:`~integraatio.survey.excel`,
:mod:`~integraatio.survey.spss`); a DataFrame gets its column names as the first row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..messages import Message
from .cells import float_cells, text_column
from .excel import excel_grid
from .files import EXCEL_SUFFIXES, SPSS_SUFFIXES, read_bytes
from .spss import sav_grid
from .structure import Structure
from .text import text_grid

__all__ = ["Grid", "read_grid"]


@dataclass(frozen=True)
class Grid:
    """A survey source as columns of categorical text, and what its format told.

    Attributes
    ----------
    columns : list of pandas.Series
        Categorical text, ``""`` for an empty cell; row ``i`` is spreadsheet row ``i + 1``.
    file : str
        The name problems cite: the file's name, or ``"DataFrame"``.
    path : Path or None
    sha256 : str or None
        SHA-256 of the file's bytes.
    encoding, delimiter : str or None
        Of a text file.
    fields : numpy.ndarray or None
        Fields of each record of a text file, as the CSV parser split it (None when unknown).
    sheet : str or None
        The workbook sheet read.
    numbers : dict
        Column position -> which cells were stored as decimal numbers (workbook, DataFrame).
    labels : dict
        Column position -> SPSS value labels (code -> label).
    notes : tuple of Message
    structure : Structure
        Hidden rows and columns and merged cells of a workbook's sheet (none for other formats).
    spss : bool
        An SPSS file: its names are in its dictionary, never in header rows.
    """

    columns: list[pd.Series]
    file: str
    path: Path | None = None
    sha256: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    fields: np.ndarray | None = None
    sheet: str | None = None
    numbers: dict[int, np.ndarray] = field(default_factory=dict)
    labels: dict[int, dict[str, str]] = field(default_factory=dict)
    notes: tuple[Message, ...] = ()
    structure: Structure = Structure()
    spss: bool = False

    @property
    def where(self) -> str:
        """The source as messages name it: the path, or ``"DataFrame"``."""
        return str(self.path or self.file)


def read_grid(source: str | Path | pd.DataFrame, /, *, sheet: str | int | None, delimiter: str | None = None) -> Grid:
    """A file of any supported format (by its suffix), or a DataFrame, as a :class:`Grid`.

    ``delimiter``: of a text file (None: chosen from the file, :func:`~integraatio.survey.text.sniff_delimiter`).

    Raises
    ------
    InputFileError
        The file is missing, unreadable, empty, or cannot be parsed.
    """
    if isinstance(source, pd.DataFrame):
        return _frame_grid(source)
    path = Path(source)
    raw = read_bytes(path)
    read = {"file": path.name, "path": path, "sha256": hashlib.sha256(raw).hexdigest()}
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        columns, numbers, notes, name, structure = excel_grid(raw, path, sheet)
        return Grid(columns, **read, numbers=numbers, notes=tuple(notes), sheet=name, structure=structure)
    if suffix in SPSS_SUFFIXES:
        columns, labels, notes = sav_grid(path)
        return Grid(columns, **read, labels=labels, notes=tuple(notes), spss=True)
    columns, encoding, delimiter, fields = text_grid(raw, path, delimiter=delimiter)
    return Grid(columns, **read, encoding=encoding, delimiter=delimiter, fields=fields)


def _frame_grid(frame: pd.DataFrame) -> Grid:
    """A DataFrame as columns with its column names as the first row; decimal-number cells."""
    columns = [frame.iloc[:, j] for j in range(frame.shape[1])]
    grid = [
        text_column(pd.concat([pd.Series([name], dtype=object), c.astype(object)], ignore_index=True))
        for name, c in zip(frame.columns, columns)
    ]
    numbers = {j: np.r_[False, float_cells(c)] for j, c in enumerate(columns)}  # row 0: the names
    return Grid(grid, file="DataFrame", numbers=numbers)
