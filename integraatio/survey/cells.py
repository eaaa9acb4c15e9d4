"""Cells as text: what every step of reading works on.

Every source becomes columns of categorical text (``""`` for an empty cell), and a column
is looked at through its integer codes and distinct values (:func:`coded_values`), so a
value is looked at once however many rows hold it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

__all__ = ["cell_text", "coded_values", "distinct_texts", "first_rows", "is_number", "remembered_texts", "taken", "text_categorical",
           "uncategorised"]

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
        recode, uniques = _distinct(column.cat.categories, strip)
    else:
        codes, values = pd.factorize(column.to_numpy(dtype=object))
        recode, uniques = _recoded(values, strip)
    return recode[codes], uniques.copy()


def distinct_texts(column: pd.Series, *, strip: bool = True) -> np.ndarray:
    """The distinct values of a text column as :func:`coded_values` gives them (the same
    order), without mapping its rows: a categorical column's are its categories' texts.

    Examples
    --------
    >>> column = pd.Series(pd.Categorical(["b ", None, "a"]))
    >>> distinct_texts(column).tolist() == coded_values(column)[1].tolist() == ["a", "b", ""]
    True
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _distinct(column.cat.categories, strip)[1].copy()
    return coded_values(column, strip=strip)[1]


def _recoded(values: np.ndarray, strip: bool) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values as text (``cell_text``, stripped with ``strip``): each one's new code, and
    the distinct texts. An empty cell (code -1) takes the extra value at the end: ``recode[-1]``."""
    values = np.append(np.asarray(values, dtype=object), "")
    if pd.api.types.infer_dtype(values, skipna=False) == "string":  # text already (a file's cells): no conversion
        cleaned = [v.strip() for v in values] if strip else [str(v) for v in values]
    else:
        cleaned = [cell_text(v).strip() if strip else cell_text(v) for v in values]
    recode, uniques = pd.factorize(np.asarray(cleaned, dtype=object))
    return recode.astype(np.intp, copy=False), uniques.astype(object)


# The distinct texts of the categories a column was read with, by the categories' identity, while
# a file is read (remembered_texts): every step of reading looks at the same columns (or rows taken
# from them, which keep their categories), and a file's respondent ids are hundreds of thousands of
# distinct texts. Index objects are immutable; each entry keeps its Index, so an id is never reused
# while its entry lives, and the entries go when the read ends.
_DISTINCT: ContextVar[dict[tuple[int, bool], tuple[pd.Index, np.ndarray, np.ndarray]] | None] = ContextVar(
    "distinct_texts", default=None)


@contextmanager
def remembered_texts() -> Iterator[None]:
    """Within the block, each categorical column's distinct texts are cleaned once
    (:func:`coded_values`, :func:`blank_cells`), however many steps look at them.

    Examples
    --------
    >>> column = pd.Series(pd.Categorical([" a", "b "]))
    >>> with remembered_texts():
    ...     first, again = coded_values(column), coded_values(column)  # the second from memory
    >>> first[1].tolist(), again[0].tolist()
    (['a', 'b', ''], [0, 1])
    """
    token = _DISTINCT.set({}) if _DISTINCT.get() is None else None  # an inner block shares the outer one's
    try:
        yield
    finally:
        if token is not None:
            _DISTINCT.reset(token)


def _distinct(categories: pd.Index, strip: bool) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_recoded` of a categorical column's categories, remembered for the same categories."""
    memo, key = _DISTINCT.get(), (id(categories), strip)
    found = None if memo is None else memo.get(key)
    if found is not None and found[0] is categories:
        return found[1], found[2]
    recode, uniques = _recoded(categories.to_numpy(dtype=object), strip)
    if memo is not None:
        memo[key] = (categories, recode, uniques)
    return recode, uniques


def first_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each element, its key's group number and each group's first position.

    Keys that are integers in a range under twice their count (codes, numbered
    respondents) are placed by value: each key's first position is a running minimum, and
    the groups are numbered in the order of those positions. Other keys are hashed:
    ``pd.factorize`` numbers keys in order of first appearance, so position ``i`` opens a
    group exactly when its number exceeds every number before it.

    Examples
    --------
    >>> [a.tolist() for a in first_rows(np.array([3, 1, 3, 0, 1]))]
    [[0, 1, 0, 2, 1], [0, 1, 3]]
    """
    key = np.asarray(key)
    if key.dtype.kind in "iu" and len(key) and key.min() >= 0 and key.max() < 2 * len(key):
        first = np.full(int(key.max()) + 1, len(key), dtype=np.intp)
        np.minimum.at(first, key, np.arange(len(key)))
        opening = np.sort(first[first < len(key)])
        number = np.empty(len(first), dtype=np.intp)
        number[key[opening]] = np.arange(len(opening))
        return number[key], opening
    group, _ = pd.factorize(key)
    before = np.maximum.accumulate(np.concatenate(([-1], group)))[:-1]
    return group, np.flatnonzero(group > before)


def taken(column: pd.Series, rows: np.ndarray) -> pd.Series:
    """``column``'s cells at ``rows`` (positions), numbered from 0; consecutive rows (a file's
    data rows under its header, most often) are a view, not a copy of millions of cells.

    Examples
    --------
    >>> column = pd.Series(list("abcde"))
    >>> taken(column, np.array([1, 2, 3])).tolist(), taken(column, np.array([4, 0])).tolist()
    (['b', 'c', 'd'], ['e', 'a'])
    """
    if len(rows) and (np.diff(rows) == 1).all():
        return column.iloc[rows[0]:rows[-1] + 1].reset_index(drop=True)
    return column.iloc[rows].reset_index(drop=True)


def text_series(codes: np.ndarray, uniques: np.ndarray) -> pd.Series:
    """``uniques[codes]`` as a Series of dtype ``str`` (None missing), each distinct value converted once.

    Examples
    --------
    >>> text_series(np.array([1, 0, 1, 2]), np.array(["a", "b", None], dtype=object)).tolist()
    ['b', 'a', 'b', nan]
    """
    return pd.Series(pd.array(uniques, dtype="str").take(codes))


def text_categorical(codes: np.ndarray, uniques: np.ndarray) -> pd.Categorical:
    """``uniques[codes]`` as a categorical of text (None or NaN missing): its categories are the
    texts that occur, sorted, so that the column sorts and groups as its texts do, and every
    later step groups, hashes and writes it by its codes.

    Examples
    --------
    >>> c = text_categorical(np.array([1, 0, 1, 3, 4, -1]), np.array(["b", "a", "unused", None, "b"], dtype=object))
    >>> c.tolist(), c.categories.tolist()
    (['a', 'b', 'a', nan, 'b', nan], ['a', 'b'])
    """
    uniques = np.asarray(uniques, dtype=object)
    used = np.bincount(np.asarray(codes) + 1, minlength=len(uniques) + 1)[1:] > 0  # code -1: missing
    kept = np.flatnonzero(used & ~pd.isna(uniques))
    texts = np.array([str(u) for u in uniques[kept]], dtype=object)
    if pd.Index(texts).is_monotonic_increasing and pd.Index(texts).is_unique:  # e.g. pseudonyms R0001, R0002, ...
        at = np.arange(len(texts))
    else:
        texts, at = np.unique(texts, return_inverse=True)
    recode = np.full(len(uniques) + 1, -1, dtype=np.intp)  # the last one for code -1
    recode[kept] = at.ravel()
    return pd.Categorical.from_codes(recode[codes], categories=pd.Index(texts, dtype="str"))


def uncategorised(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with each of ``columns`` that is categorical as text (dtype ``str``, missing NaN),
    taken from its categories: no text is hashed.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": pd.Categorical(["x", None, "y"]), "b": [1, 2, 3]})
    >>> out = uncategorised(frame, ("a", "c"))
    >>> out["a"].tolist(), str(out["a"].dtype)
    (['x', nan, 'y'], 'str')
    """
    return frame.assign(**{
        c: text_series(frame[c].cat.codes.to_numpy(), np.append(frame[c].cat.categories.to_numpy(dtype=object), None)).array
        for c in columns if c in frame.columns and isinstance(frame[c].dtype, pd.CategoricalDtype)
    })  # code -1 (missing) takes the None at the end


def text_column(values: pd.Series) -> pd.Series:
    """Any column as categorical text (``""`` for empty cells), whitespace kept."""
    codes, uniques = coded_values(values, strip=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object)))


def blank_cells(column: pd.Series) -> np.ndarray:
    """Which cells are empty or whitespace."""
    if isinstance(column.dtype, pd.CategoricalDtype):  # by category, then one pass over the rows
        recode, uniques = _distinct(column.cat.categories, True)
        return (uniques == "")[recode][column.cat.codes.to_numpy()]
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
