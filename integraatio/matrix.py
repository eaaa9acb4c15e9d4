"""Pairs and matrix: integration need aggregated to own group x target group cells."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .checks import check_integer

__all__ = ["pair_table", "pivot_matrix"]


def code_positions(values: pd.Series, codes: Sequence[str]) -> np.ndarray:
    """Index of each value's text in ``codes`` (-1 if absent or missing); each distinct value
    looked up once, so millions of ratings cost one pass over their integer codes (free for
    the reader's categoricals, whose categories are the codes).

    Examples
    --------
    >>> code_positions(pd.Series(["b", "c", None, "b"]), ["a", "b"]).tolist(), code_positions(pd.Series([2, 1]), ["1", "2"]).tolist()
    ([1, -1, -1, 1], [1, 0])
    >>> code_positions(pd.Series(pd.Categorical(["b", None, "z"], categories=["z", "b"])), ["a", "b"]).tolist()
    [1, -1, -1]
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        if list(values.cat.categories) == list(codes):
            return values.cat.codes.to_numpy(np.int64)
        at, distinct = values.cat.codes.to_numpy(), values.cat.categories
    else:
        at, distinct = pd.factorize(values)  # missing: -1
    found = pd.Index(codes).get_indexer(pd.Index(distinct).astype(str))
    return np.append(found, -1).astype(np.int64)[at]


def pair_table(
    scores: pd.DataFrame, /, *, codes: Sequence[str], min_n: int = 5, value: str = "integration_need",
    weight: str | None = None,
) -> pd.DataFrame:
    """Mean integration need of every (own group, target group) cell.

    Parameters
    ----------
    scores : pandas.DataFrame
        Scored ratings with ``own_group``, ``target_group`` and ``value``.
    codes : sequence of str
        All group codes in display order (``Codebook.codes``); rows come in this order.
    min_n : int, default 5
        Cells with fewer ratings are suppressed: ``mean`` and ``sd`` are left empty.
    value : str, default "integration_need"
        The column to aggregate.
    weight : str, optional
        A column of respondent weights: the cells' means and SDs are weighted, ``n``
        stays the number of ratings (suppression uses it) and ``n_eff`` is added.

    Returns
    -------
    pandas.DataFrame
        One row per cell with at least one rating: ``own_group``, ``target_group``,
        ``n`` (ratings, one per respondent), ``mean``, ``sd`` (ddof = 1) and
        ``suppressed`` (``n < min_n``); with ``weight`` also ``n_eff``.

    Notes
    -----
    With weights :math:`w`, a cell's mean is :math:`\\sum w y / \\sum w`, its variance
    :math:`\\sum w (y - \\bar y_w)^2 / (\\sum w - \\sum w^2 / \\sum w)` (which is the
    ddof = 1 variance when the weights are equal) and Kish's effective size
    :math:`n_{eff} = (\\sum w)^2 / \\sum w^2`.

    Aggregation is one ``numpy.bincount`` pass per moment over a combined integer key
    ``own * G + target``, with the variance from deviations about the cell mean (two
    passes, no cancellation).

    Examples
    --------
    >>> s = pd.DataFrame({"own_group": ["a", "a", "a", "b"], "target_group": ["b"] * 3 + ["a"],
    ...                   "integration_need": [90.0, 100.0, 110.0, 70.0]})
    >>> pair_table(s, codes=["a", "b"], min_n=2)
      own_group target_group  n   mean    sd  suppressed
    0         a            b  3  100.0  10.0       False
    1         b            a  1    NaN   NaN        True
    """
    check_integer("min_n", min_n, low=1)
    g = len(codes)
    own = code_positions(scores["own_group"], codes)
    target = code_positions(scores["target_group"], codes)
    if (own < 0).any() or (target < 0).any():
        raise ValueError("Scores hold group codes that are not in `codes`; pass the codebook's codes.")
    key = own * g + target
    n = np.bincount(key, minlength=g * g)
    w = None if weight is None else scores[weight].to_numpy(dtype=float)
    mean, sd, n_eff = _cell_moments(key, scores[value].to_numpy(dtype=float), w, n)
    cells = np.flatnonzero(n)
    suppressed = n[cells] < min_n
    names = np.asarray(codes, dtype=object)
    table = pd.DataFrame(
        {
            "own_group": names[cells // g],
            "target_group": names[cells % g],
            "n": n[cells],
            "mean": np.where(suppressed, np.nan, mean[cells]),
            "sd": np.where(suppressed | (n[cells] < 2), np.nan, sd[cells]),
            "suppressed": suppressed,
        }
    )
    if w is not None:
        table["n_eff"] = np.where(suppressed, np.nan, n_eff[cells])
    return table


def _cell_moments(
    key: np.ndarray, x: np.ndarray, w: np.ndarray | None, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Mean, SD and (weighted only) Kish effective n of ``x`` in each cell (``key`` numbers
    each value's cell, ``n`` counts each cell's values); NaN where a cell has too few."""
    size = len(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        if w is None:
            mean = np.bincount(key, weights=x, minlength=size) / n
            ss = np.bincount(key, weights=(x - mean[key]) ** 2, minlength=size)
            return mean, np.sqrt(ss / (n - 1)), None
        sw, sw2 = np.bincount(key, weights=w, minlength=size), np.bincount(key, weights=w * w, minlength=size)
        mean = np.bincount(key, weights=w * x, minlength=size) / sw
        ss = np.bincount(key, weights=w * (x - mean[key]) ** 2, minlength=size)
        return mean, np.sqrt(ss / (sw - sw2 / sw)), sw**2 / sw2


def pivot_matrix(pairs: pd.DataFrame, /, *, codes: Sequence[str], value: str = "mean") -> pd.DataFrame:
    """The pairs as an own group x target group matrix (suppressed cells empty).

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`pair_table`.
    codes : sequence of str
        Row and column order. Rows are the own groups present in ``pairs``.
    value : str, default "mean"
        The column to spread (``"n"`` gives the counts behind each cell).

    Returns
    -------
    pandas.DataFrame
        Index ``own_group``, one column per target group code.
    """
    rows = [c for c in codes if c in set(pairs["own_group"])]
    m = pairs.pivot(index="own_group", columns="target_group", values=value)
    return m.reindex(index=rows, columns=list(codes)).rename_axis(index="own_group", columns=None)
