"""Delimited text (``.csv``, ``.tsv``) to a grid: the encoding, the delimiter, the fields of each row."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputFileError
from .files import FILE_FIX

__all__ = ["DELIMITERS", "text_grid"]

DELIMITERS = (",", ";", "\t")  # on a tie in the header line, the first wins
_LINES = 1 << 18  # lines per block when counting fields


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else cp1252."""
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # UTF-8 with a few broken bytes, not cp1252 (whose ä, ö are invalid UTF-8 on their own).
        text = raw.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        if sum(ord(ch) > 127 for ch in text) - broken >= 9 * broken:
            line = raw[: err.start].count(b"\n") + 1
            raise InputFileError(
                f"Cannot decode {path}: it is UTF-8 text, but byte {err.start} (line {line}) is not valid UTF-8, "
                "so the file is damaged or mixes two encodings. Export it again, or save it as 'CSV UTF-8' in Excel."
            ) from err
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise InputFileError(
                f"Cannot decode {path} as UTF-8 or cp1252 text. Save it as 'CSV UTF-8' (Excel) or export it as .xlsx."
            ) from None
    return content, "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"


def _record_fields(content: str, delimiter: str, encoded: bytes) -> np.ndarray:
    """Fields in each record of a delimited text (``encoded``: its UTF-8 bytes), as the CSV parser splits it."""
    if '"' in content:  # quoted fields may hold delimiters and line breaks
        return np.array([len(r) for r in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)])
    # Delimiters and line ends are ASCII, so they are counted in the UTF-8 bytes, one numpy
    # pass each. A line ends at \n, or at a \r that no \n follows (universal newlines).
    text = np.frombuffer(encoded, dtype=np.uint8)
    ends = text == ord("\n")
    if "\r" in content:
        ends |= (text == ord("\r")) & np.append(~ends[1:], True)
    bounds = np.concatenate(([0], np.flatnonzero(ends) + 1))
    if bounds[-1] != len(text):
        bounds = np.append(bounds, len(text))  # the last record has no line end
    fields = np.empty(len(bounds) - 1, dtype=np.intp)
    # Delimiters per line from their positions, a block of lines at a time to bound the memory.
    for i in range(0, len(fields), _LINES):
        at = bounds[i : i + _LINES + 1]
        found = np.flatnonzero(text[at[0] : at[-1]] == ord(delimiter)) + at[0]
        fields[i : i + _LINES] = np.diff(np.searchsorted(found, at)) + 1
    return fields


def _header_line(content: str) -> str:
    """The first line holding anything but whitespace, with its line end as ``\n``; ``""`` if none.

    Universal newlines: a line ends at ``\n``, ``\r\n`` or a lone ``\r``, as it does for the parser.
    """
    first = re.search(r"\S", content)
    if first is None:
        return ""
    at = first.start()
    start = max(content.rfind("\n", 0, at), content.rfind("\r", 0, at)) + 1
    ends = [i for i in (content.find("\n", at), content.find("\r", at)) if i >= 0]
    return content[start:min(ends)] + "\n" if ends else content[start:]


def text_grid(raw: bytes, path: Path) -> tuple[list[pd.Series], str, str, np.ndarray | None]:
    """A delimited text file as columns; the encoding and delimiter; fields per row."""
    if b"\x00" in raw:
        raise InputFileError(
            f"Cannot read {path}: it holds NUL bytes, so it is binary or UTF-16 text, not a CSV file. {FILE_FIX}"
        )
    content, encoding = _decode(raw, path)
    header = _header_line(content)
    if not header:
        raise InputFileError(f"Survey file {path} is empty. {FILE_FIX}")
    try:
        fields = {d: len(next(csv.reader([header], delimiter=d))) for d in DELIMITERS}
    except csv.Error as err:  # e.g. a header field over the csv module's 128 KiB limit
        raise InputFileError(f"Cannot read the header line of {path} ({err}). {FILE_FIX}") from err
    delimiter = max(DELIMITERS, key=lambda d: fields[d])
    # The parser reads the UTF-8 bytes (the file's own, when it is UTF-8): no copy of the text.
    encoded = (raw if encoding == "utf-8" else raw[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig"
               else content.encode("utf-8"))
    try:
        grid = pd.read_csv(
            io.BytesIO(encoded),
            encoding="utf-8",
            sep=delimiter,
            header=None,
            names=range(fields[delimiter]),
            index_col=False,
            dtype="category",  # parsed straight into codes + distinct texts: fast and small
            na_filter=False,
            skip_blank_lines=False,  # keeps the row numbers a spreadsheet shows
        )
    except (pd.errors.ParserError, csv.Error) as err:
        raise InputFileError(
            f"Cannot read {path} as {_name(delimiter)}-separated text: {err}. Check that no row has more "
            f"fields than the header and that a {_name(delimiter)} inside a value is in double quotes."
        ) from err
    try:
        per_row = _record_fields(content, delimiter, encoded)
    except csv.Error:
        per_row = None  # pandas read it; its own parse stands
    # The parser fills a short row with empty cells, so the field count is what tells.
    if per_row is not None and len(per_row) != len(grid):
        per_row = None
    return [grid[c] for c in grid.columns], encoding, delimiter, per_row


def _name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
