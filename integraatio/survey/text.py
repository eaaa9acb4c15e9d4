"""Delimited text (``.csv``, ``.tsv``) to a grid: the encoding, the delimiter, the fields of each row."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputFileError
from ..messages import said
from .files import file_fix

__all__ = ["DELIMITERS", "SAMPLE", "sniff_delimiter", "text_grid"]

DELIMITERS = (",", ";", "\t")  # on a tie, the first wins
#: Rows (not blank) that choose the delimiter and the number of columns.
SAMPLE = 200
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
                said("file.broken_utf8", path=path, byte=err.start, line=line)
            ) from err
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise InputFileError(
                said("file.encoding", path=path)
            ) from None
    return content, "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"


def _record_fields(content: str, delimiter: str, encoded: bytes, width: int | None = None) -> np.ndarray:
    """Fields in each record of a delimited text (``encoded``: its UTF-8 bytes), as the CSV parser splits it.

    ``width``: the most fields a record can have (the parser refused any longer one); when the
    delimiters add up to that many in every record, each record has them, and they are not
    counted line by line.
    """
    if '"' in content:  # quoted fields may hold delimiters and line breaks
        return np.array([len(r) for r in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)])
    # Delimiters and line ends are ASCII, so they are counted in the UTF-8 bytes, one numpy
    # pass each. A line ends at \n, or at a \r that no \n follows (universal newlines).
    text = np.frombuffer(encoded, dtype=np.uint8)
    ends = text == ord("\n")
    if "\r" in content:
        ends |= (text == ord("\r")) & np.append(~ends[1:], True)
    if width is not None:
        records = int(np.count_nonzero(ends)) + (len(text) > 0 and not ends[-1])  # the last may have no line end
        if np.count_nonzero(text == ord(delimiter)) == records * (width - 1):
            return np.full(records, width, dtype=np.intp)
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


def text_grid(
    raw: bytes, path: Path, *, delimiter: str | None = None
) -> tuple[list[pd.Series], str, str, np.ndarray | None]:
    """A delimited text file as columns; the encoding and delimiter; fields per row.

    ``delimiter`` None: chosen by :func:`sniff_delimiter` on the header and data rows together.
    """
    if b"\x00" in raw:
        raise InputFileError(
            said("file.binary", path=path, fix=file_fix())
        )
    content, encoding = _decode(raw, path)
    if not content.strip():
        raise InputFileError(said("file.empty", path=path, fix=file_fix()))
    try:
        if delimiter is None:
            delimiter = sniff_delimiter(content)
        width = _width(_sample(content, delimiter))
    except csv.Error as err:  # e.g. a header field over the csv module's 128 KiB limit
        raise InputFileError(said("file.header", path=path, error=err, fix=file_fix())) from err
    other = sorted((d for d in DELIMITERS if d != delimiter), key=lambda d: _usual(_sample(content, d)), reverse=True)
    if width == 1 and _usual(_sample(content, other[0]))[0]:  # one field a row, where another delimiter splits them
        raise InputFileError(
            said("file.one_column", path=path, delimiter=_name(delimiter), other=_name(other[0]), fix=file_fix())
        )
    # The parser reads the UTF-8 bytes (the file's own, when it is UTF-8): no copy of the text.
    encoded = (raw if encoding == "utf-8" else raw[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig"
               else content.encode("utf-8"))
    try:
        with warnings.catch_warnings():  # the parser warns where it drops or guesses cells: that is a misread
            warnings.simplefilter("error", pd.errors.ParserWarning)
            grid = pd.read_csv(
                io.BytesIO(encoded),
                encoding="utf-8",
                sep=delimiter,
                header=None,
                names=range(width),
                index_col=False,
                dtype="category",  # parsed straight into codes + distinct texts: fast and small
                na_filter=False,
                skip_blank_lines=False,  # keeps the row numbers a spreadsheet shows
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, csv.Error) as err:
        raise InputFileError(
            said("file.parse", path=path, delimiter=_name(delimiter), error=str(err).strip().rstrip("."))
        ) from err
    try:
        per_row = _record_fields(content, delimiter, encoded, width)  # no record has more than width
    except csv.Error:
        per_row = None  # pandas read it; its own parse stands
    # The parser fills a short row with empty cells, so the field count is what tells.
    if per_row is not None and len(per_row) != len(grid):
        per_row = None
    return [grid[c] for c in grid.columns], encoding, delimiter, per_row


def _sample(content: str, delimiter: str) -> list[int]:
    """Fields of the first :data:`SAMPLE` records that are not blank, split by ``delimiter``; a
    blank record among them counts as minus its fields (``,,,`` is -4): it chooses no delimiter,
    but the grid must still be wide enough for it.

    Read from the start of the text, longer each time until those records end before its end
    (a copy of a whole 180 MB file per call took a second).
    """
    size = 1 << 16
    while True:
        part = io.StringIO(content[:size], newline="")
        counts, full = [], 0
        for r in csv.reader(part, delimiter=delimiter):
            blank = not any(f.strip() for f in r)
            counts.append(-len(r) if blank else len(r))
            full += not blank
            if full == SAMPLE:
                break
        if size >= len(content) or part.tell() < size:
            return counts
        size *= 8


def _usual(counts: list[int]) -> tuple[int, int]:
    """How many records have the most usual field count above one, and that count (ties: the larger)."""
    found = Counter(c for c in counts if c > 1)  # blank records (negative) choose nothing
    return max(((n, c) for c, n in found.items()), default=(0, 0))


def _width(counts: list[int]) -> int:
    """Columns of the grid: the most of the records up to the first with the usual count (title rows,
    blank rows and the header); a later longer row is a parse error, as it should be."""
    usual = _usual(counts)[1]
    first = next((i for i, c in enumerate(counts) if c == usual), len(counts) - 1)
    return max((abs(c) for c in counts[: first + 1]), default=1)


def sniff_delimiter(content: str, /) -> str:
    """The delimiter of a text survey: of ``,``, ``;`` and tab, the one that splits the most of its
    first rows (header and data together) into the same number of fields, more than one.

    A header alone cannot tell: a semicolon file whose question texts hold commas has more commas
    than semicolons in its header, but its answer rows have none. Ties go to the larger number
    of fields, then to the order above.

    Examples
    --------
    >>> sniff_delimiter("id;Kuinka usein, keskimäärin?;Onko se, eli yhteistyö, molemminpuolista?\\nr1;3;4\\nr2;5;1\\n")
    ';'
    >>> sniff_delimiter("Kysely 2025\\nid,a,b\\nr1,3,4\\n")
    ','
    """
    return max(DELIMITERS, key=lambda d: (_usual(_sample(content, d)), -DELIMITERS.index(d)))


def _name(delimiter: str) -> str:
    return said({",": "file.comma", ";": "file.semicolon", "\t": "file.tab"}[delimiter])
