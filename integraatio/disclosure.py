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

from .matrix import code_positions

__all__ = ["AUDIT", "NOISE", "companion_cells", "isolated", "noise_sd", "perturb_cells", "rating_keys", "survey_secret"]

#: The cell key noise's scale :math:`D`, in index points on a cell's total (the index has
#: SD 40): a published mean moves by about :math:`D / n`. Differencing two runs whose
#: cells differ by one respondent leaves that respondent's answer with an error of SD
#: :math:`\\sqrt 2 D`, about 50 index points.
NOISE = 35.0
#: Whether the linked tables of a run are audited together (:func:`isolated`, and every
#: rerun and level graph kept to what the full run publishes); False only in tests that
#: show what the audit stops.
AUDIT = True
#: Item statistics (means, SDs, correlations, alpha) are published at this many decimals:
#: too coarse to rebuild the composite's 125 values exactly.
ITEM_DECIMALS = 2
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
    What can then be derived is the sum of at least ``min_n`` ratings of two or more
    cells together. That alone is not enough when those ratings sit at the scale's floor
    or ceiling (the composite takes 125 values), so the published values also carry
    :func:`perturb_cells`' noise, which leaves that sum uncertain by :data:`NOISE` times
    the square root of the number of published cells.

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


def survey_secret(data: pd.DataFrame, /, *, rows: np.ndarray | None = None) -> bytes:
    """The survey's cell key secret: SHA-256 of its ratings (respondent ids, groups, items);
    ``rows``: of these rows alone (a boolean mask; default all).

    The same survey gives the same secret whatever the options, so the same set of
    respondents gets the same noise in every run; a survey nobody else holds gives a
    secret nobody else can compute. With a pseudonym key the respondent ids are keyed
    pseudonyms, and so is the secret.

    Examples
    --------
    >>> df = pd.DataFrame({"respondent_id": ["a", "b"], "own_group": ["1", "2"], "target_group": ["2", "1"]})
    >>> survey_secret(df) == survey_secret(df.copy()), len(survey_secret(df))
    (True, 32)
    >>> survey_secret(df, rows=np.array([True, False])) == survey_secret(df.iloc[:1])
    True
    """
    present = [c for c in _KEY_COLUMNS if c in data.columns]
    # A row's hash is of its own values: every row is hashed and the rows' hashes taken, not a
    # copy of millions of rows hashed.
    hashed = pd.util.hash_pandas_object(data[present], index=False).to_numpy(np.uint64)  # by value, categories too
    hashed = hashed if rows is None else hashed[rows]
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
    codes, uniques = pd.factorize(ids)  # each distinct id once: no copy of millions of texts
    keyed = hmac.new(secret, digestmod=hashlib.sha256)  # the key's padding once; a copy per id

    def digest(u: object) -> bytes:
        h = keyed.copy()
        h.update(str(u).encode("utf-8"))
        return h.digest()[:8]

    keys = np.frombuffer(b"".join(map(digest, np.asarray(uniques, dtype=object))), dtype="<u8").astype(np.uint64)
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


def _largest(cell: np.ndarray, w: np.ndarray, size: int) -> np.ndarray:
    """The largest weight in each cell (0 where none)."""
    largest = np.zeros(size)
    np.maximum.at(largest, cell, w)
    return largest


def noise_sd(cells: pd.DataFrame, /, *, codes: Sequence[str], weight: str | None = None) -> np.ndarray:
    """The SD of the noise :func:`perturb_cells` adds to each cell's mean, :math:`D w_{max} / W`
    (:math:`D/n` unweighted), flat over ``(G, G)`` in code order; NaN where a cell is empty.

    Examples
    --------
    >>> cells = pd.DataFrame({"own_group": ["a"] * 4, "target_group": ["b"] * 4})
    >>> float(noise_sd(cells, codes=["a", "b"])[1]) == NOISE / 4
    True
    """
    g = len(codes)
    cell = code_positions(cells["own_group"], codes) * g + code_positions(cells["target_group"], codes)
    w = np.ones(len(cells)) if weight is None else cells[weight].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return NOISE * _largest(cell, w, g * g) / np.bincount(cell, w, g * g)


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
    The cell key :math:`K` is the sum of the cell's record keys modulo :math:`2^{64}`,
    combined with a hash of the cell's own and target group: the same respondents in the
    same cell give the same key in any table and any run; other respondents, or the same
    respondents in another cell (a respondent's row of cells), an unrelated one. Each statistic draws :math:`z = \\Phi^{-1}(u)`, clipped at ±3, from
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
    cell = code_positions(cells["own_group"], codes) * g + code_positions(cells["target_group"], codes)
    where = code_positions(table["own_group"], codes) * g + code_positions(table["target_group"], codes)
    cell_key = np.zeros(g * g, dtype=np.uint64)
    np.add.at(cell_key, cell, keys)  # uint64 wraps: the sum modulo 2**64
    w = np.ones(len(cells)) if weight is None else cells[weight].to_numpy(dtype=float)
    total, squares = np.bincount(cell, w, g * g)[where], np.bincount(cell, w * w, g * g)[where]
    largest = _largest(cell, w, g * g)
    # The cell's own codes join its key: one respondent's cells of a row hold the same set of
    # respondents, and noise shared between them would cancel against the scale's floor and ceiling.
    named = np.array([int.from_bytes(hashlib.sha256(f"{o}\x1f{t}".encode()).digest()[:8], "little")
                      for o, t in zip(table["own_group"].astype(str), table["target_group"].astype(str))], dtype=np.uint64)
    share, k = largest[where], cell_key[where] ^ named
    tags = ("mean", "sd") if weight is None else ("mean_w", "sd_w")
    out = table.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = out["mean"].to_numpy(dtype=float) + NOISE * _noise(k, tags[0]) * share / total
        var = out["sd"].to_numpy(dtype=float) ** 2 + 2 * spread * NOISE * _noise(k, tags[1]) * share / (total - squares / total)
    out["mean"] = np.round(mean, DECIMALS)
    out["sd"] = np.round(np.sqrt(np.maximum(var, 0.0)), DECIMALS)
    return out


def isolated(pair: np.ndarray, tables: Sequence[np.ndarray], /, *, min_n: int) -> np.ndarray:
    """The pairs in which some linear combination of the published cells of linked tables
    isolates between 1 and ``min_n - 1`` ratings.

    Parameters
    ----------
    pair : numpy.ndarray
        The pooled cell (own group x target group) of each rating, as an integer.
    tables : sequence of numpy.ndarray
        One per published table (the full run's, each rerun's, each level's): the
        published cell each rating lies in, as an integer, or -1 (not in the table, or
        in a suppressed cell). Every cell lies within one pair.
    min_n : int

    Returns
    -------
    numpy.ndarray
        The pairs (values of ``pair``) to suppress more of.

    Notes
    -----
    Within a pair, the ratings fall into atoms: sets of ratings that lie in the same
    cells of every table. A published cell is the sum of its atoms, so a combination
    :math:`c^T R` of the cells' incidence rows :math:`R` gives a sum over the atoms where
    it is not zero. The audit looks, for every set :math:`Z` of atoms of fewer than
    ``min_n`` ratings in all, for a combination that is zero outside :math:`Z` and not
    zero on it: a vector of the null space of :math:`R_{\\bar Z}^T` that meets
    :math:`R_Z`. Only atoms of fewer than ``min_n`` ratings can be in such a set, so the
    sets to try are few. The global constraints of the composite (the mean and SD of all
    ratings) join the pairs; they are met by suppressing a pair the pooled table
    suppresses in every table (:func:`companion_cells` then covers them).

    Examples
    --------
    Two reruns of one cell of 12 ratings, each leaving out another 5, publish 7 and 6:
    rerun 1 + rerun 2 - full is the one rating in neither subgroup.

    >>> pair = np.zeros(12, int)
    >>> full, first, second = np.zeros(12, int), np.r_[[-1] * 5, [0] * 7], np.r_[[0] * 5, [-1] * 6, [0]]
    >>> isolated(pair, [full, first], min_n=5).tolist(), isolated(pair, [full, first, second], min_n=5).tolist()
    ([], [0])
    """
    stacked = np.column_stack([pair, *tables])
    patterns, atom = np.unique(stacked, axis=0, return_inverse=True)
    count = np.bincount(atom.ravel(), minlength=len(patterns))
    found = []
    for p in np.unique(patterns[:, 0]):
        mine = np.flatnonzero(patterns[:, 0] == p)
        rows = [patterns[mine, t] == c for t in range(1, stacked.shape[1]) for c in np.unique(patterns[mine, t]) if c >= 0]
        small = [i for i in range(len(mine)) if count[mine[i]] < min_n]
        if len(rows) >= 2 and small and _isolates(np.array(rows, dtype=float), count[mine], small, min_n):
            found.append(p)
    return np.asarray(found, dtype=pair.dtype)


def _isolates(rows: np.ndarray, count: np.ndarray, small: list[int], min_n: int) -> bool:
    """Whether a combination of ``rows`` is zero outside, and not zero on, a set of atoms of
    fewer than ``min_n`` ratings (the sets are made of the ``small`` atoms)."""
    from itertools import combinations

    for size in range(1, len(small) + 1):
        for chosen in combinations(small, size):
            if count[list(chosen)].sum() >= min_n:
                continue
            inside = np.zeros(rows.shape[1], dtype=bool)
            inside[list(chosen)] = True
            outside = rows[:, ~inside]
            # The combinations c with c^T R = 0 outside the set: the left null space of R outside it.
            u, s, _ = np.linalg.svd(outside, full_matrices=True) if outside.size else (np.eye(len(rows)), np.zeros(0), None)
            rank = int((s > 1e-9).sum())
            null = u[:, rank:]
            if null.size and np.abs(null.T @ rows[:, inside]).max() > 1e-9:
                return True
    return False


_INDEX, _ITEM = "index", "item"  # DECIMALS and ITEM_DECIMALS decimals
_SHARE = 3
#: Every table and JSON file a run may publish, by file name, with the decimals its
#: means, SDs and intervals are published at. A file not named here is refused
#: (:func:`released`): a new output must say how its numbers are released before it can
#: be written. Every number on the index's scale is derived from the released cells
#: (:func:`perturb_cells`); sums of them (strengths, boundary totals) keep the precision
#: of their terms. Item statistics are published at two decimals, too coarse to rebuild
#: the composite's 125 values exactly.
PUBLISHED: dict[str, dict[str, int | str]] = {
    r"pairs\.csv": {"mean": _INDEX, "sd": _INDEX, "ci_low": _INDEX, "ci_high": _INDEX, "n_eff": _INDEX},
    r"matrix\.csv": {"*": _INDEX},
    r"clusters\.csv": {"participation": _SHARE, "x": _SHARE, "y": _SHARE, "stability": _SHARE},
    r"reliability\.csv": {"mean": _ITEM, "sd": _ITEM, "item_total_r": _ITEM, "alpha_if_deleted": _ITEM},
    r"coassignment\.csv": {"*": _SHARE},
    r"resolution_sweep\.csv": {},
    r"boundary_scenarios\.csv|boundary_cut_ties\.csv|boundary_groups\.csv|integration_by_organiser\.csv": {},
    r"boundary_differences\.csv": {"ci_low": _INDEX, "ci_high": _INDEX},
    r"compare_.+_tests\.csv": {"diff": _INDEX, "ci_low": _INDEX, "ci_high": _INDEX},
    r"compare_.+_clusters\.csv|compare_.+_ari\.csv": {},
    r"compare_.+\.csv": {"mean": _INDEX, "sd": _INDEX},
    r"sensitivity_.+\.csv": {},
    r"gephi_nodes\.csv": {"x": _SHARE, "y": _SHARE},
    r"gephi_edges\.csv": {},
    r"waves_cells\.csv": {"mean_base": _INDEX, "mean_new": _INDEX, "change": _INDEX, "ci_low": _INDEX, "ci_high": _INDEX},
    r"waves_clusters\.csv|waves_boundary\.csv|waves_groups\.csv": {},
    r"response\.csv|invitations\.csv|plan\.csv|plan_stability\.csv": {},  # counts and simulations
    r"manifest\.json|bootstrap_summary\.json|compare_.+_summary\.json|plan\.json|questionnaire\.json": {},
}


def released(name: str, frame: pd.DataFrame | None = None, /) -> pd.DataFrame | None:
    """A published file's table at its registered precision; refused if it is not registered.

    Parameters
    ----------
    name : str
        The file name.
    frame : pandas.DataFrame, optional
        The table (None for a JSON file: only its registration is checked).

    Returns
    -------
    pandas.DataFrame or None

    Raises
    ------
    PrivacyError
        ``name`` is not in :data:`PUBLISHED`.

    Examples
    --------
    >>> released("pairs.csv", pd.DataFrame({"mean": [101.23456], "n": [7]}))["mean"].tolist()
    [101.2]
    >>> released("answers.csv", pd.DataFrame())
    Traceback (most recent call last):
    ...
    integraatio.exceptions.PrivacyError: answers.csv is not a registered output ...
    """
    import re

    from .exceptions import PrivacyError

    rules = next((r for pattern, r in PUBLISHED.items() if re.fullmatch(pattern, name)), None)
    if rules is None:
        raise PrivacyError(
            f"{name} is not a registered output of integraatio.disclosure.PUBLISHED: every published file must say "
            "how its numbers are released (which columns, at what precision) before it can be written."
        )
    if frame is None or not rules:
        return frame
    numeric = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    decimals = {c: rules.get(str(c), rules.get("*")) for c in numeric}
    shown = {_INDEX: DECIMALS, _ITEM: ITEM_DECIMALS}
    return frame.round({c: shown.get(d, d) for c, d in decimals.items() if d is not None})
