"""A table's CSV bytes, built column by column in time linear in its size.

``DataFrame.to_csv`` hands every row to Python's ``csv`` module, one Python object per
cell: at 268,000 respondents (5.6 million rows of ``scores.csv``) that was half of a run.
Here each column is turned into an array of byte strings once: a text column through its
distinct values (each guarded, quoted and encoded once, then taken by code), an integer
column by numpy, a float column by ``repr`` of each distinct value; the rows are then laid side by side in numpy
blocks. The bytes are those of ``to_csv(index=False, lineterminator="\\n")``, UTF-8, with
missing cells empty (tests/test_csvtext.py compares the two on awkward tables).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

__all__ = ["csv_bytes"]

#: Rows laid out at a time: a block of 65,536 rows of ``scores.csv`` is about 10 MB.
BLOCK = 1 << 16
#: A field holding one of these is quoted by the csv module (or may be, by version: ``\\r``).
_SPECIAL = re.compile('[,"\n\r]')

# A column's fields for rows [start, stop): the byte strings, and their lengths (None: no
# field holds a NUL byte, so every NUL is padding and is left out).
Fields = Callable[[int, int], tuple[np.ndarray, np.ndarray | None]]


def _quoted(word: str) -> str:
    """One field as Python's csv module writes it (QUOTE_MINIMAL, comma, ``\\n`` line ends)."""
    if _SPECIAL.search(word) is None:
        return word
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([word, ""])
    return out.getvalue()[:-2]  # the empty second field and the line end


def _coded(codes: np.ndarray, words: list[str]) -> Fields:
    """Fields taken by code from the distinct words; code -1 (missing) is an empty field."""
    encoded = [w.encode("utf-8") for w in words] + [b""]
    table = np.array(encoded, dtype=bytes)
    lengths = np.array([len(w) for w in encoded], dtype=np.intp)
    nul = any(b"\0" in w for w in encoded)  # numpy would read a field only up to a NUL
    return lambda start, stop: (table[codes[start:stop]], lengths[codes[start:stop]] if nul else None)


def _text_fields(column: pd.Series, guard: Callable[[object], object]) -> Fields:
    """A text (or any other object) column: each distinct value guarded, quoted and encoded once."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, distinct = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, distinct = pd.factorize(column, use_na_sentinel=True)
    # As Python objects first: iterating an Index or extension array takes a call per value.
    words = [str(guard(v)) for v in distinct.tolist()]
    if _SPECIAL.search("".join(words)) is not None:  # else no word needs quotes: one search, not one per word
        words = [_quoted(w) for w in words]
    return _coded(np.asarray(codes, dtype=np.intp), words)


def _decimal(values: np.ndarray) -> np.ndarray:
    """Integers in decimal, right-aligned in byte strings padded in front with NUL bytes
    (which :func:`_block` leaves out): digit k of ``|v|`` is ``|v| // 10**k % 10``."""
    negative = values < 0
    size = np.where(negative, -(values + 1), values).astype(np.uint64) + negative  # |v| without overflow
    width = len(str(int(size.max()))) if len(size) else 1
    powers = np.uint64(10) ** np.arange(width - 1, -1, -1, dtype=np.uint64)
    digits = (size[:, None] // powers % np.uint64(10)).astype(np.uint8) + ord("0")
    digits[(size[:, None] < powers) & (powers > 1)] = 0  # leading zeros, but 0 itself is "0"
    sign = np.where(negative, np.uint8(ord("-")), np.uint8(0))[:, None]
    return np.ascontiguousarray(np.hstack([sign, digits])).view(f"S{width + 1}").ravel()


def _number_fields(values: np.ndarray, missing: np.ndarray | None) -> Fields:
    """Integers in decimal, booleans as ``True``/``False``, floats as ``repr`` (numpy's
    shortest round-trip digits, which pandas writes); missing cells empty."""

    def fields(start: int, stop: int) -> tuple[np.ndarray, None]:
        part = values[start:stop]
        if part.dtype.kind == "f":
            # Each distinct float (by its bits: -0.0 is not 0.0) once: a score takes few values.
            codes, distinct = pd.factorize(part.view(np.int64))
            out = np.array(list(map(repr, distinct.view(np.float64).tolist())), dtype=bytes)[codes]
        elif part.dtype.kind == "b":
            out = np.where(part, b"True", b"False")
        elif len(part) and int(part.max()) - int(part.min()) < len(part):  # answers 1-5: each value once
            low = part.min()
            out = _decimal(low + np.arange(int(part.max()) - int(low) + 1, dtype=part.dtype))[part - low]
        else:
            out = _decimal(part)
        if missing is not None:
            out[missing[start:stop]] = b""
        return out, None

    return fields


def _column_fields(column: pd.Series, guard: Callable[[object], object]) -> Fields:
    """How one column's cells are written, by its dtype."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return _number_fields(column.to_numpy(), None)
    if isinstance(dtype, np.dtype) and dtype == np.float64:
        values = column.to_numpy()
        return _number_fields(values, np.isnan(values))
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iu":  # Int64 and kin
        kind = np.int64 if dtype.kind == "i" else np.uint64
        return _number_fields(column.to_numpy(dtype=kind, na_value=0), column.isna().to_numpy())
    if isinstance(dtype, pd.Float64Dtype):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        return _number_fields(values, np.isnan(values))
    if dtype == object or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype)):
        return _text_fields(column, guard)
    # Any other dtype (dates, float32, ...): pandas' own text of each cell.
    return _text_fields(column.astype(str).where(column.notna(), None).astype(object), guard)


def _block(parts: list[tuple[np.ndarray, np.ndarray | None]]) -> bytes:
    """Rows of fields laid side by side, comma-separated, each row ended by ``\\n``."""
    rows = len(parts[0][0])
    widths = [values.dtype.itemsize for values, _ in parts]
    grid = np.empty((rows, sum(widths) + len(parts)), dtype=np.uint8)
    # Which bytes are written: all but the NUL padding, unless a field holds a NUL itself.
    keep = None if all(lengths is None for _, lengths in parts) else np.ones(grid.shape, dtype=bool)
    at = 0
    for (values, lengths), width in zip(parts, widths):
        cells = np.ascontiguousarray(values).view(np.uint8).reshape(rows, width)
        grid[:, at:at + width] = cells
        if keep is not None:
            keep[:, at:at + width] = cells != 0 if lengths is None else np.arange(width) < lengths[:, None]
        grid[:, at + width] = ord(",")
        at += width + 1
    grid[:, -1] = ord("\n")
    return grid[grid != 0 if keep is None else keep].tobytes()


def csv_bytes(df: pd.DataFrame, /, *, guard: Callable[[object], object] = lambda v: v) -> Iterator[bytes]:
    """The bytes of ``df.to_csv(index=False, lineterminator="\\n")`` in UTF-8, block by block.

    Every cell of a text column passes through ``guard`` before it is quoted (each distinct
    value once). Missing cells are empty; floats are written with their shortest
    round-trip digits, :math:`\\mathrm{repr}(x)`, as pandas writes them.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one column; the index is not written.
    guard : callable, optional
        Applied to each distinct value of a text column (e.g. the formula guard
        :func:`integraatio.results.inert`).

    Yields
    ------
    bytes
        The header line, then the rows in blocks of :data:`BLOCK`.

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["x", "y,z", None], "b": [1.5, float("nan"), 0.1 + 0.2]})
    >>> b"".join(csv_bytes(df)) == df.to_csv(index=False, lineterminator="\\n").encode()
    True
    >>> b"".join(csv_bytes(df, guard=str.upper))
    b'a,b\\nX,1.5\\n"Y,Z",\\n,0.30000000000000004\\n'
    """
    single = len(df.columns) == 1  # csv writes a lone empty field as ""
    names = [_quoted(str(c)) or ('""' if single else "") for c in df.columns]
    yield (",".join(names) + "\n").encode("utf-8")
    columns = [_column_fields(df.iloc[:, j], guard) for j in range(len(df.columns))]
    for start in range(0, len(df), BLOCK):
        stop = min(start + BLOCK, len(df))
        parts = [fields(start, stop) for fields in columns]
        if single:
            values, lengths = parts[0]
            empty = (lengths == 0) if lengths is not None else (values == b"")
            parts = [(np.where(empty, b'""', values), None if lengths is None else np.where(empty, 2, lengths))]
        yield _block(parts)
