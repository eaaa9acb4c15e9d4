"""Delimited text (``.csv``, ``.tsv``) to a grid: the encoding, the delimiter, the fields of each row."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputFileError
from .files import FILE_FIX

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


def _record_fields(content: str, delimiter: str) -> np.ndarray:
    """Fields in each record of a delimited text, as the CSV parser splits it."""
    if '"' in content:  # quoted fields may hold delimiters and line breaks
        return np.array([len(r) for r in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)])
    # Delimiters and line ends are ASCII, so they are counted in the UTF-8 bytes, one numpy
    # pass each. A line ends at \n, or at a \r that no \n follows (universal newlines).
    text = np.frombuffer(content.encode("utf-8"), dtype=np.uint8)
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


def text_grid(
    raw: bytes, path: Path, *, delimiter: str | None = None
) -> tuple[list[pd.Series], str, str, np.ndarray | None]:
    """A delimited text file as columns; the encoding and delimiter; fields per row.

    ``delimiter`` None: chosen by :func:`sniff_delimiter` on the header and data rows together.
    """
    if b"\x00" in raw:
        raise InputFileError(
            f"Cannot read {path}: it holds NUL bytes, so it is binary or UTF-16 text, not a CSV file. {FILE_FIX}"
        )
    content, encoding = _decode(raw, path)
    if not content.strip():
        raise InputFileError(f"Survey file {path} is empty. {FILE_FIX}")
    try:
        if delimiter is None:
            delimiter = sniff_delimiter(content)
        width = _width(_sample(content, delimiter))
    except csv.Error as err:  # e.g. a header field over the csv module's 128 KiB limit
        raise InputFileError(f"Cannot read the header line of {path} ({err}). {FILE_FIX}") from err
    other = sorted((d for d in DELIMITERS if d != delimiter), key=lambda d: _usual(_sample(content, d)), reverse=True)
    if width == 1 and _usual(_sample(content, other[0]))[0]:  # one field a row, where another delimiter splits them
        raise InputFileError(
            f"Cannot read {path} as {_name(delimiter)}-separated text: no row has a {_name(delimiter)} outside quotes, "
            f"so each row would be one column, while a {_name(other[0])} splits them. Set the file's delimiter with "
            f"--delimiter or the codebook's [wide] delimiter (, ; or tab). {FILE_FIX}"
        )
    try:
        grid = pd.read_csv(
            io.StringIO(content),
            sep=delimiter,
            header=None,
            names=range(width),
            index_col=False,
            dtype="category",  # parsed straight into codes + distinct texts: fast and small
            na_filter=False,
            skip_blank_lines=False,  # keeps the row numbers a spreadsheet shows
        )
    except (pd.errors.ParserError, csv.Error) as err:
        raise InputFileError(
            f"Cannot read {path} as {_name(delimiter)}-separated text: {err}. Check that no row has more "
            f"fields than the header and that a {_name(delimiter)} inside a value is in double quotes, or set the "
            "delimiter (--delimiter, or delimiter in the codebook's [wide] table)."
        ) from err
    try:
        per_row = _record_fields(content, delimiter)
    except csv.Error:
        per_row = None  # pandas read it; its own parse stands
    # The parser fills a short row with empty cells, so the field count is what tells.
    if per_row is not None and len(per_row) != len(grid):
        per_row = None
    return [grid[c] for c in grid.columns], encoding, delimiter, per_row


def _sample(content: str, delimiter: str) -> list[int]:
    """Fields of the first :data:`SAMPLE` records that are not blank, split by ``delimiter``."""
    records = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    return [len(r) for r in itertools.islice((r for r in records if any(f.strip() for f in r)), SAMPLE)]


def _usual(counts: list[int]) -> tuple[int, int]:
    """How many records have the most usual field count above one, and that count (ties: the larger)."""
    found = Counter(c for c in counts if c > 1)
    return max(((n, c) for c, n in found.items()), default=(0, 0))


def _width(counts: list[int]) -> int:
    """Columns of the grid: the most of the records up to the first with the usual count (title rows
    and the header); a later longer row is a parse error, as it should be."""
    usual = _usual(counts)[1]
    first = next((i for i, c in enumerate(counts) if c == usual), len(counts) - 1)
    return max(counts[: first + 1], default=1)


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
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
