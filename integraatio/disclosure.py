"""Disclosure control: no suppressed cell can be worked out from what is published, and
no two runs can be differenced into one respondent's answer.

Small cells (fewer than ``min_n`` ratings) are suppressed. That alone does not protect
them: the composite is standardised over all scored ratings, so the published cells and
the number of ratings close a system of equations (Notes of :func:`companion_cells`).
This module chooses the published cells that must be suppressed with them, and perturbs
every published cell value by the cell key method (:func:`perturb_cells`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import ndtri

__all__ = ["NOISE", "companion_cells", "perturb_cells", "rating_keys", "survey_secret"]

#: The cell key noise's scale :math:`D`, in index points on a cell's total (the index has
#: SD 40): a published mean moves by about :math:`D / n`. Differencing two runs whose
#: cells differ by one respondent leaves that respondent's answer with an error of SD
#: :math:`\\sqrt 2 D`, about 35 index points.
NOISE = 25.0
#: Published cell values are rounded to this many decimals (one tenth of an index point).
DECIMALS = 1
_CLIP = 3.0  # the noise's z never exceeds 3: a cell moves by at most 3 D / n
_TAGS = {"mean": 0x6D65616E, "sd": 0x73640000, "mean_w": 0x6D65616E77, "sd_w": 0x736477}  # one stream per statistic
_KEY_COLUMNS = ("respondent_id", "own_group", "target_group", "frequency", "reciprocity", "need")


def companion_cells(pairs: pd.DataFrame, /, *, min_n: int) -> np.ndarray:
    """Published cells to suppress so that the suppressed cells stay unknown.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``n`` and ``suppressed`` per cell (:func:`integraatio.matrix.pair_table`), in the
        order the companions are chosen from on ties (code order).
    min_n : int
        The suppression threshold.

    Returns
    -------
    numpy.ndarray of bool
        True for the cells to suppress in addition (none when no cell needs a companion).

    Notes
    -----
    The integration need :math:`y` has mean 100 and SD 40 over all :math:`N` scored
    ratings, and each rating lies in exactly one cell :math:`k` (count :math:`n_k`, mean
    :math:`m_k`, SD :math:`s_k`). So

    .. math::

        \\sum_k n_k m_k = 100 N, \\qquad
        \\sum_k \\left[(n_k - 1) s_k^2 + n_k (m_k - 100)^2\\right] = 1600 (N - 1),

    and whoever holds every published cell and :math:`N` knows the sum and the sum of
    squares of the ratings of the suppressed cells :math:`S` taken together: their mean
    over :math:`n_S = \\sum_{k \\in S} n_k` ratings. The rule: when
    :math:`0 < n_S <` ``min_n``, the published cell with the fewest ratings (the first in
    code order on a tie) is suppressed too, which makes :math:`n_S \\ge` ``min_n``.
    What can then be derived is the mean of at least ``min_n`` ratings of two or more
    cells together, never a single cell's mean or SD: two equations cannot give the four
    unknowns of two cells.

    Examples
    --------
    One cell of 4 ratings is suppressed: alone, its mean would follow from the others and
    N. The smallest published cell (6 ratings) is suppressed with it.

    >>> pairs = pd.DataFrame({"n": [4, 9, 6, 0, 12], "suppressed": [True, False, False, True, False]})
    >>> companion_cells(pairs, min_n=5).tolist()
    [False, False, True, False, False]

    Two small cells with 7 ratings in all give away only their joint mean of 7 ratings:

    >>> pairs = pd.DataFrame({"n": [4, 3, 9], "suppressed": [True, True, False]})
    >>> companion_cells(pairs, min_n=5).tolist()
    [False, False, False]
    """
    n = pairs["n"].to_numpy(dtype=np.int64)
    hidden = pairs["suppressed"].to_numpy(dtype=bool)
    extra = np.zeros(len(pairs), dtype=bool)
    if not 0 < n[hidden].sum() < min_n:
        return extra
    shown = np.flatnonzero(~hidden & (n > 0))
    if len(shown):
        extra[shown[np.argmin(n[shown])]] = True  # argmin: the first of the smallest
    return extra


def survey_secret(data: pd.DataFrame, /) -> bytes:
    """The survey's cell key secret: SHA-256 of its ratings (respondent ids, groups, items).

    The same survey gives the same secret whatever the options, so the same set of
    respondents gets the same noise in every run; a survey nobody else holds gives a
    secret nobody else can compute. With a pseudonym key the respondent ids are keyed
    pseudonyms, and so is the secret.

    Examples
    --------
    >>> df = pd.DataFrame({"respondent_id": ["a", "b"], "own_group": ["1", "2"], "target_group": ["2", "1"]})
    >>> survey_secret(df) == survey_secret(df.copy()), len(survey_secret(df))
    (True, 32)
    """
    present = [c for c in _KEY_COLUMNS if c in data.columns]
    hashed = pd.util.hash_pandas_object(data[present].astype(str), index=False).to_numpy(np.uint64)
    return hashlib.sha256(hashed.tobytes() + "|".join(present).encode()).digest()


def rating_keys(ids: pd.Series, /, *, secret: bytes) -> np.ndarray:
    """Each rating's record key: the first 8 bytes of HMAC-SHA256(secret, respondent id).

    A respondent's ratings share one key, so a cell's key (the sum of its ratings' keys
    modulo :math:`2^{64}`) depends only on which respondents it holds.

    Examples
    --------
    >>> k = rating_keys(pd.Series(["a", "b", "a"]), secret=b"s" * 32)
    >>> k.dtype.name, bool(k[0] == k[2]), bool(k[0] != k[1])
    ('uint64', True, True)
    """
    codes, uniques = pd.factorize(ids.astype(str))
    keys = np.array([int.from_bytes(hmac.new(secret, str(u).encode("utf-8"), hashlib.sha256).digest()[:8], "little")
                     for u in uniques], dtype=np.uint64)
    return keys[codes]


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every bit of the result depends on every bit of ``x``."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _noise(cell_keys: np.ndarray, tag: str) -> np.ndarray:
    """A standard normal draw per cell key, clipped at ±3, one independent stream per ``tag``."""
    u = ((_mix(cell_keys ^ _mix(np.uint64(_TAGS[tag]) + np.zeros(1, np.uint64))) >> np.uint64(11)).astype(float)
         + 0.5) * 2.0**-53
    return np.clip(ndtri(u), -_CLIP, _CLIP)


def perturb_cells(
    table: pd.DataFrame, cells: pd.DataFrame, keys: np.ndarray, /, *, codes: Sequence[str], weight: str | None = None,
    spread: float = 40.0,
) -> pd.DataFrame:
    """The cell table with every published mean and SD perturbed by the cell key method
    and rounded to :data:`DECIMALS` decimals.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`integraatio.matrix.pair_table` on ``cells`` (``suppressed`` cells
        keep their empty values).
    cells : pandas.DataFrame
        The ratings aggregated: ``own_group``, ``target_group``, and ``weight``'s column.
    keys : numpy.ndarray
        Each rating's record key (:func:`rating_keys`), aligned with ``cells``.
    codes : sequence of str
        The codes ``table`` was made with.
    weight : str, optional
        The weight column, when the table is weighted.
    spread : float, default 40
        The index's SD (the scale of one answer's deviation from a cell mean).

    Returns
    -------
    pandas.DataFrame
        A copy of ``table``.

    Notes
    -----
    The cell key :math:`K` is the sum of the cell's record keys modulo :math:`2^{64}`:
    the same respondents give the same key in any table and any run, other respondents
    an unrelated one. Each statistic draws :math:`z = \\Phi^{-1}(u)`, clipped at ±3, from
    its own hash :math:`u` of :math:`K`. With weights :math:`w` (all 1 unweighted),
    :math:`W = \\sum w` and the largest weight :math:`w_{max}`,

    .. math::

        \\bar y' = \\bar y + D z_1 \\frac{w_{max}}{W}, \\qquad
        s'^2 = \\max\\left(0,\\; s^2 + 2 \\cdot 40 \\cdot D z_2 \\frac{w_{max}}{W - \\sum w^2 / W}\\right),

    with :math:`D` = :data:`NOISE`: one respondent's influence on the cell is masked by
    noise of :math:`D` index points on its total and :math:`2 \\cdot 40 D` on its sum of
    squared deviations. A weighted table draws from other streams than an unweighted one.

    Examples
    --------
    >>> from integraatio.matrix import pair_table
    >>> cells = pd.DataFrame({"own_group": ["a"] * 5, "target_group": ["b"] * 5,
    ...                       "integration_need": [90.0, 95.0, 100.0, 105.0, 110.0]})
    >>> keys = rating_keys(pd.Series(list("pqrst")), secret=b"k" * 32)
    >>> out = perturb_cells(pair_table(cells, codes=["a", "b"]), cells, keys, codes=["a", "b"])
    >>> bool(abs(out["mean"].iloc[0] - 100.0) <= 3 * NOISE / 5), bool(out["mean"].iloc[0] == round(out["mean"].iloc[0], 1))
    (True, True)
    """
    g = len(codes)
    index = pd.Index(codes)
    cell = index.get_indexer(cells["own_group"].astype(str)) * g + index.get_indexer(cells["target_group"].astype(str))
    where = index.get_indexer(table["own_group"].astype(str)) * g + index.get_indexer(table["target_group"].astype(str))
    cell_key = np.zeros(g * g, dtype=np.uint64)
    np.add.at(cell_key, cell, keys)  # uint64 wraps: the sum modulo 2**64
    w = np.ones(len(cells)) if weight is None else cells[weight].to_numpy(dtype=float)
    total, squares = np.bincount(cell, w, g * g)[where], np.bincount(cell, w * w, g * g)[where]
    largest = np.zeros(g * g)
    np.maximum.at(largest, cell, w)
    share, k = largest[where], cell_key[where]
    tags = ("mean", "sd") if weight is None else ("mean_w", "sd_w")
    out = table.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = out["mean"].to_numpy(dtype=float) + NOISE * _noise(k, tags[0]) * share / total
        var = out["sd"].to_numpy(dtype=float) ** 2 + 2 * spread * NOISE * _noise(k, tags[1]) * share / (total - squares / total)
    out["mean"] = np.round(mean, DECIMALS)
    out["sd"] = np.round(np.sqrt(np.maximum(var, 0.0)), DECIMALS)
    return out
