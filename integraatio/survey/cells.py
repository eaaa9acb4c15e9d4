"""Cells as text: what every step of reading works on.

Every source becomes columns of categorical text (``""`` for an empty cell), and a column
is looked at through its integer codes and distinct values (:func:`coded_values`), so a
value is looked at once however many rows hold it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["cell_text", "coded_values", "first_rows", "is_number"]

# "3", "3.0", "3,0", "+3", ".5": a number written with a point or a decimal comma.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def is_number(text: str) -> bool:
    """Whether a cell's text is a number as the item columns accept it (``3``, ``3,0``, ``+3``).

    Examples
    --------
    >>> is_number("3,0"), is_number("Päivittäin")
    (True, False)
    """
    return _NUMBER.fullmatch(text) is not None


def cell_text(value: object) -> str:
    """A cell as text: ``""`` for an empty cell (None, NaN, NA), else ``str(value)``.

    Examples
    --------
    >>> [cell_text(v) for v in ("1.10", 3, 3.0, None, float("nan"))]
    ['1.10', '3', '3.0', '', '']
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def coded_values(column: pd.Series, *, strip: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and distinct values of a text column: ``uniques[codes]`` is the column.

    With ``strip``, surrounding whitespace is removed first, so ``" 1.1"`` and ``"1.1"``
    share a code. Empty cells (also NaN or None in a hand-made frame) are ``""``.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        values = column.cat.categories.to_numpy(dtype=object)
    else:
        codes, values = pd.factorize(column.to_numpy(dtype=object))
    # An empty cell (code -1) takes the extra value at the end: recode[-1], in the one pass over the rows.
    values = np.append(values, "")
    cleaned = np.array([cell_text(v).strip() if strip else cell_text(v) for v in values], dtype=object)
    recode, uniques = pd.factorize(cleaned)
    return recode.astype(np.intp, copy=False)[codes], uniques.astype(object)


def first_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each element, its key's group number and each group's first position.

    ``pd.factorize`` numbers keys in order of first appearance, so position ``i`` opens a
    group exactly when its number exceeds every number before it.
    """
    group, _ = pd.factorize(key)
    before = np.maximum.accumulate(np.concatenate(([-1], group)))[:-1]
    return group, np.flatnonzero(group > before)


def text_series(codes: np.ndarray, uniques: np.ndarray) -> pd.Series:
    """``uniques[codes]`` as a Series of dtype ``str`` (None missing), each distinct value converted once.

    Examples
    --------
    >>> text_series(np.array([1, 0, 1, 2]), np.array(["a", "b", None], dtype=object)).tolist()
    ['b', 'a', 'b', nan]
    """
    return pd.Series(pd.array(uniques, dtype="str").take(codes))


def text_column(values: pd.Series) -> pd.Series:
    """Any column as categorical text (``""`` for empty cells), whitespace kept."""
    codes, uniques = coded_values(values, strip=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object)))


def blank_cells(column: pd.Series) -> np.ndarray:
    """Which cells are empty or whitespace."""
    codes, uniques = coded_values(column)
    return (uniques == "")[codes]


def stripped_cells(column: pd.Series) -> np.ndarray:
    """A column's cells as stripped text."""
    codes, uniques = coded_values(column)
    return uniques[codes]


def float_cells(column: pd.Series) -> np.ndarray:
    """Which cells hold a decimal number (a group code typed as 2.10 is the number 2.1)."""
    if column.dtype.kind == "f":
        return column.notna().to_numpy()
    if column.dtype == object:
        return column.map(lambda v: isinstance(v, float)).to_numpy(dtype=bool)
    return np.zeros(len(column), dtype=bool)


def letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based position: 0 -> A, 26 -> AA.

    Examples
    --------
    >>> letter(0), letter(26)
    ('A', 'AA')
    """
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(ord("A") + rest) + name
    return name
