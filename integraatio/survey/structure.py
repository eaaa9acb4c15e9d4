"""What a worksheet holds besides its values: hidden rows and columns, its filter, merged
cells and formulas, read from the sheet's XML.

openpyxl's read-only mode, which reads the values, skips all of these; a sheet that has
none of them (no ``hidden``, ``<f>``, ``<mergeCell>`` or ``<autoFilter>`` in its XML) is
not parsed a second time.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from typing import IO

import numpy as np

from .cells import letter

__all__ = ["Structure", "asks_recalculation", "cell_range", "cell_ranges", "sheet_structure"]

# What this module looks for: a sheet without any is not parsed (plain searches are fast).
_MARKS = (b"hidden=", b"mergeCell", b"autoFilter")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_COLUMNS = 16_384  # a sheet's columns, A to XFD
_CELL = re.compile(r"([A-Z]+)(\d+)")
_RECALCULATE = re.compile(rb"<(?:\w+:)?calcPr\s[^>]*fullCalcOnLoad=\"(?:1|true)\"")


@dataclass(frozen=True)
class Structure:
    """What a sheet's XML says beyond the values; rows and columns are 0-based grid positions.

    Attributes
    ----------
    hidden_rows : tuple of int
        Rows hidden (by hand or by the filter).
    hidden_columns : frozenset of int
    filter : tuple of int or None
        The autofilter's range as (top, left, bottom, right).
    merged : tuple of tuple of int
        Merged ranges as (top, left, bottom, right), inclusive.
    formulas : tuple of (int, int)
        Cells holding a formula whose value was not stored (or, in a workbook that asks to be
        recalculated on opening, any formula: its stored value is the writer's guess).
    stored : bool
        Every one of those formulas has a stored value (that the workbook asks to recalculate).
    """

    hidden_rows: tuple[int, ...] = ()
    hidden_columns: frozenset[int] = frozenset()
    filter: tuple[int, int, int, int] | None = None
    merged: tuple[tuple[int, int, int, int], ...] = ()
    formulas: tuple[tuple[int, int], ...] = ()
    stored: bool = True


def asks_recalculation(raw: bytes, /) -> bool:
    """Whether a workbook asks for its formulas to be recalculated on opening (``fullCalcOnLoad``).

    Programs that write formulas without computing them say so (openpyxl, XlsxWriter);
    Excel and LibreOffice do not, since they store the values they computed. openpyxl reads
    a missing flag as set, so the workbook's XML is read here.
    """
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        relations = ET.fromstring(book.read("_rels/.rels"))
        part = next((r.get("Target", "") for r in relations if r.get("Type", "").endswith("/officeDocument")), "")
        return _RECALCULATE.search(book.read(part.lstrip("/"))) is not None


def sheet_structure(source: IO[bytes], /, *, recalculate: bool) -> Structure:
    """The :class:`Structure` of a worksheet's XML; ``recalculate``: the workbook asks for it on opening."""
    raw = source.read()
    if not any(mark in raw for mark in _MARKS) and _FORMULA.search(raw) is None:
        return Structure()
    rows, columns, merged, formulas, unstored = [], set(), [], [], 0
    box = None
    row = col = -1
    container = None
    for event, element in ET.iterparse(io.BytesIO(raw), events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            if tag == "sheetData":
                container = element
            elif tag == "row":
                row, col = int(element.get("r", row + 2)) - 1, -1
                if _true(element.get("hidden")):
                    rows.append(row)
            continue
        if tag == "c":
            ref = element.get("r")
            col = _position(ref)[1] if ref else col + 1
            kind = _formula(element)
            if kind == "unstored" or (kind and recalculate):
                formulas.append((row, col))
                unstored += kind == "unstored"
            element.clear()
        elif tag == "row" and container is not None:
            container.remove(element)  # the sheet's rows are not kept
        elif tag == "col" and _true(element.get("hidden")):
            columns.update(range(int(element.get("min", 1)) - 1, min(int(element.get("max", 1)), _COLUMNS)))
        elif tag == "mergeCell" and element.get("ref"):
            merged.append(_box(element.get("ref")))
        elif tag == "autoFilter" and element.get("ref"):
            box = _box(element.get("ref"))
    return Structure(tuple(rows), frozenset(columns), box, tuple(merged), tuple(formulas), stored=not unstored)


def _true(value: str | None) -> bool:
    return value in ("1", "true")


def _formula(cell: ET.Element) -> str:
    """``"unstored"`` for a formula cell without a stored value, ``"stored"`` for one with it, else ``""``.

    An empty ``<v>`` is a stored value only for a text result (``t="str"``): a formula giving "".
    """
    parts = {child.tag.rpartition("}")[2]: child for child in cell}
    if "f" not in parts:
        return ""
    value = parts.get("v")
    return "unstored" if value is None or (not value.text and cell.get("t") != "str") else "stored"


def _position(ref: str) -> tuple[int, int]:
    """0-based (row, column) of a cell reference such as ``"E5"``."""
    found = _CELL.fullmatch(ref.replace("$", ""))
    if found is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    number = 0
    for ch in found.group(1):
        number = number * 26 + ord(ch) - ord("A") + 1
    return int(found.group(2)) - 1, number - 1


def _box(ref: str) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of ``"A1:C4"`` (or of one cell)."""
    first, _, last = ref.partition(":")
    (top, left), (bottom, right) = _position(first), _position(last or first)
    return top, left, bottom, right


def cell_range(top: int, left: int, bottom: int, right: int) -> str:
    """A range as a spreadsheet writes it: ``C2:C14``, or ``C2`` for one cell."""
    first, last = f"{letter(left)}{top + 1}", f"{letter(right)}{bottom + 1}"
    return first if first == last else f"{first}:{last}"


def cell_ranges(cells: list[tuple[int, int]] | tuple[tuple[int, int], ...], /, *, most: int = 10) -> str:
    """Cells as few ranges (runs down a column, side by side columns with the same runs joined).

    Examples
    --------
    >>> cell_ranges([(1, 4), (2, 4), (1, 5), (2, 5), (7, 0)])
    'A8, E2:F3'
    """
    runs: dict[tuple[int, int], list[int]] = {}  # (top, bottom) -> columns
    by_column: dict[int, list[int]] = {}
    for r, c in sorted(set(cells), key=lambda rc: (rc[1], rc[0])):
        by_column.setdefault(c, []).append(r)
    for c, rows in by_column.items():
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1
        for run in np.split(np.asarray(rows), breaks):
            runs.setdefault((int(run[0]), int(run[-1])), []).append(c)
    boxes = []
    for (top, bottom), columns in runs.items():
        breaks = np.flatnonzero(np.diff(columns) != 1) + 1
        boxes += [(top, int(run[0]), bottom, int(run[-1])) for run in np.split(np.asarray(columns), breaks)]
    boxes.sort(key=lambda b: (b[1], b[0]))
    shown = ", ".join(cell_range(*b) for b in boxes[:most])
    return shown if len(boxes) <= most else f"{shown}, ... ({len(boxes)} ranges in all)"
