"""Change in every cell: the new wave's mean minus the base wave's, its bootstrap interval,
and a permutation test that keeps the organisations whole.

What repeats between the waves is the organisations (the same municipalities and joint
authorities answer again); the respondents mostly do not. The test therefore permutes the
wave labels of the respondents *within each organisation*: under no change, a respondent of
an organisation is as likely to have answered in either wave, and each organisation keeps
its number of respondents in each wave, so a change in which organisations answered is not
mistaken for a change in need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import false_discovery_control

from ..analysis import Analysis
from ..checks import check_integer
from ..compare.permutation import at_least, block_width, p_values
from ..matrix import code_positions
from ..stability import release_offset

__all__ = ["CELL_COLUMNS", "CellChange", "cell_change", "tie_changes"]

#: Columns of ``waves_cells.csv`` (docs/contract.md).
CELL_COLUMNS = ["own_group", "target_group", "n_base", "n_new", "mean_base", "mean_new", "change", "ci_low", "ci_high",
                "p_value", "q_value", "suppressed"]


@dataclass(frozen=True)
class CellChange:
    """Result of :func:`cell_change`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per cell in code order, columns :data:`CELL_COLUMNS`. A cell suppressed in
        either wave (fewer than ``min_n`` ratings, or a companion of such a cell) has no
        mean of that wave, no change, interval or test; its counts are shown, as in
        ``pairs.csv``.
    tested : int
        Cells tested (published in both waves): the Benjamini-Hochberg family.
    p_min : float
        The smallest attainable p-value, ``1 / (permutations + 1)``.
    parameters : Mapping
        ``permutations``, ``within``, ``organisations`` (how many have respondents in
        both waves, so that their labels can move), ``level``, ``seed``.
    """

    table: pd.DataFrame
    tested: int
    p_min: float
    parameters: Mapping[str, Any]


@dataclass(frozen=True)
class _Ratings:
    """Both waves' scored ratings as respondents x cells sums, centred per cell."""

    n: sparse.csr_matrix  # (R, C) ratings
    s: sparse.csr_matrix  # (R, C) centred sums
    wave: np.ndarray  # (R,) 0 base, 1 new
    stratum: np.ndarray  # (R,) organisation index
    total: np.ndarray  # (C,) ratings of each cell in both waves


def _ratings(base: Analysis, new: Analysis, within: str) -> _Ratings:
    """Respondents of the two waves (never the same person: ids are per wave) and their ratings."""
    g = len(base.codes)
    parts = []
    for w, a in enumerate((base, new)):
        data = a.scores.data.loc[a.scores.scored]
        cell = code_positions(data["own_group"], a.codes) * g + code_positions(data["target_group"], a.codes)
        parts.append(pd.DataFrame({"wave": w, "id": data["respondent_id"].astype(str).to_numpy(),
                                   "unit": data[within].astype(str).to_numpy(), "cell": cell, "x": a.scores.values}))
    rows = pd.concat(parts, ignore_index=True)
    resp, _ = pd.factorize(pd.MultiIndex.from_frame(rows[["wave", "id"]]))
    unit, _ = pd.factorize(rows["unit"])
    x, cell = rows["x"].to_numpy(float), rows["cell"].to_numpy()
    centre = np.bincount(cell, weights=x, minlength=g * g) / np.maximum(np.bincount(cell, minlength=g * g), 1)
    r = int(resp.max()) + 1
    shape = (r, g * g)
    n = sparse.csr_matrix((np.ones(len(x)), (resp, cell)), shape=shape)
    s = sparse.csr_matrix((x - centre[cell], (resp, cell)), shape=shape)
    wave, stratum = np.zeros(r, dtype=np.intp), np.zeros(r, dtype=np.intp)
    wave[resp], stratum[resp] = rows["wave"].to_numpy(), unit  # the first organisation of a respondent
    return _Ratings(n, s, wave, stratum, np.asarray(n.sum(axis=0)).ravel())


def _statistic(labels: np.ndarray, ratings: _Ratings) -> tuple[np.ndarray, np.ndarray]:
    """``T = S_base^2 / N_base + S_new^2 / N_new`` per labelling and cell, and where both waves
    have ratings. The sums are centred on the cell's mean over both waves, so
    ``S_base = -S_new`` and ``T = S_new^2 (1 / N_base + 1 / N_new)`` (for two waves
    ``N_b N_n / (N_b + N_n)`` times the squared change): one sparse product a labelling."""
    new = (labels == 1).astype(float).T  # (R, P)
    n_new, s_new = (ratings.n.T @ new).T, (ratings.s.T @ new).T
    n_base = ratings.total[None, :] - n_new
    with np.errstate(invalid="ignore", divide="ignore"):
        t = s_new**2 * (1.0 / n_new + 1.0 / n_base)
    ok = (n_new > 0) & (n_base > 0)
    return np.where(ok, t, 0.0), ok


def _within_strata(ratings: _Ratings, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` labellings, each a random permutation of the wave labels within every organisation."""
    order = np.lexsort((ratings.wave, ratings.stratum))  # by organisation, base before new
    shuffled = np.argsort(ratings.stratum[order][None, :] + rng.random((size, len(order))), axis=1)
    labels = np.empty((size, len(order)), dtype=np.intp)
    np.put_along_axis(labels, order[shuffled], ratings.wave[order][None, :], axis=1)
    return labels


def _p_values(ratings: _Ratings, permutations: int, rng: np.random.Generator) -> np.ndarray:
    """Sampled permutation p-value of every cell (Phipson and Smyth's ``(1 + b) / (1 + B)``)."""
    observed, _ = _statistic(ratings.wave[None, :], ratings)
    extreme = np.zeros(observed.shape[1])
    defined = np.zeros(observed.shape[1])
    block = block_width(len(ratings.wave))
    for start in range(0, permutations, block):
        t, ok = _statistic(_within_strata(ratings, min(block, permutations - start), rng), ratings)
        extreme += (at_least(t, observed[0]) & ok).sum(axis=0)
        defined += ok.sum(axis=0)
    return p_values(extreme, defined, False)


def _interval(base: Analysis, new: Analysis, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the change of every cell (flat code order) from the two waves'
    bootstraps, each wave resampled on its own; NaN without both."""
    g = len(base.codes)
    if base.bootstrap is None or new.bootstrap is None:
        return np.full(g * g, np.nan), np.full(g * g, np.nan)
    b = min(len(base.bootstrap.means), len(new.bootstrap.means))
    # Replicates of the exact ratings, moved by each wave's release offset: the interval is
    # centred as the published change is, and gives no more than it.
    offset = [release_offset(a, a.bootstrap.parameters["strata"] or []) for a in (base, new)]
    diff = (new.bootstrap.means[:b] - base.bootstrap.means[:b]).reshape(b, -1) + offset[1] - offset[0]
    ok = np.isfinite(diff).any(axis=0)
    out = np.full((2, g * g), np.nan)
    out[:, ok] = np.nanquantile(diff[:, ok], [(1 - level) / 2, (1 + level) / 2], axis=0)
    return out[0], out[1]


def cell_change(base: Analysis, new: Analysis, /, *, permutations: int = 9999, within: str = "municipality",
                level: float = 0.95, seed: int) -> CellChange:
    """The change of every cell between two waves, with an interval and a test.

    Parameters
    ----------
    base, new : Analysis
        The two waves analysed on one codebook and one scale
        (:func:`~integraatio.twowaves.scale.common_scores`), each with its bootstrap
        attached (:func:`integraatio.stability.attach_bootstrap`) for the intervals.
    permutations : int, default 9999
        Random relabellings of the test. With about 400 cells, Benjamini-Hochberg needs
        p-values near ``0.05 / 400``; fewer relabellings cannot reach them.
    within : str, default "municipality"
        The respondent-level column whose levels repeat between the waves: wave labels
        are permuted within each of them.
    level : float, default 0.95
    seed : int
        Seeds the relabellings.

    Returns
    -------
    CellChange

    Notes
    -----
    ``change`` = mean(new) - mean(base) of the cell. The interval is the percentile
    interval of the replicate changes, replicate :math:`b` of each wave's respondent
    bootstrap (resampled within that wave's strata) paired by index: the waves are
    independent samples. The test statistic
    :math:`T = \\sum_w S_w^2 / N_w` (sums centred on the cell's mean over both waves) is
    the two-sample :math:`F` for one cell; its reference distribution comes from
    permuting the wave labels of respondents within organisations, and
    :math:`p = (1 + \\#\\{T_b \\ge T\\}) / (1 + B)`. ``q_value`` is Benjamini-Hochberg
    over the cells published in both waves.

    Examples
    --------
    >>> from integraatio.analysis import analyse_scores
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.synth import generate_waves
    >>> from integraatio.twowaves.scale import common_scores
    >>> cb = load_codebook()
    >>> b, n = generate_waves(change={}, seed=3)
    >>> a = [analyse_scores(s, codebook=cb, seed=1) for s in common_scores(b.data, n.data)]
    >>> c = cell_change(*a, permutations=199, seed=1)
    >>> c.tested > 300, bool((c.table["q_value"] < 0.05).sum() <= 2)
    (True, True)
    """
    check_integer("permutations", permutations, low=1)
    rng = np.random.default_rng(seed)
    tb, tn = (a.pairs.set_index(["own_group", "target_group"]) for a in (base, new))
    keys = pd.MultiIndex.from_product([base.codes, base.codes], names=["own_group", "target_group"])
    tb, tn = tb.reindex(keys), tn.reindex(keys)
    published = ~(tb["suppressed"].fillna(True).to_numpy(bool) | tn["suppressed"].fillna(True).to_numpy(bool))
    ratings = _ratings(base, new, within)
    p = np.where(published, _p_values(ratings, permutations, rng), np.nan)
    q = np.full(len(p), np.nan)
    if published.any():
        q[published] = false_discovery_control(p[published], method="bh")
    lo, hi = _interval(base, new, level)
    mb, mn = tb["mean"].to_numpy(float), tn["mean"].to_numpy(float)
    table = pd.DataFrame({
        "own_group": keys.get_level_values(0), "target_group": keys.get_level_values(1),
        "n_base": tb["n"].fillna(0).to_numpy(np.int64), "n_new": tn["n"].fillna(0).to_numpy(np.int64),
        "mean_base": mb, "mean_new": mn, "change": np.where(published, mn - mb, np.nan),
        "ci_low": np.where(published, lo, np.nan), "ci_high": np.where(published, hi, np.nan),
        "p_value": p, "q_value": q, "suppressed": ~published,
    })
    table = table.loc[table["own_group"] != table["target_group"]].reset_index(drop=True)
    both = np.bincount(ratings.stratum, weights=ratings.wave, minlength=ratings.stratum.max() + 1)
    sizes = np.bincount(ratings.stratum)
    return CellChange(table=table, tested=int(published.sum()), p_min=1.0 / (permutations + 1),
                      parameters={"permutations": permutations, "within": within, "level": level, "seed": seed,
                                  "organisations": int(((both > 0) & (both < sizes)).sum())})


def tie_changes(table: pd.DataFrame, /, *, codes: list[str]) -> nx.Graph:
    """The difference network: one edge per pair of groups with a published change.

    Parameters
    ----------
    table : pandas.DataFrame
        :attr:`CellChange.table`.
    codes : list of str
        The nodes, in code order.

    Returns
    -------
    networkx.Graph
        Edge attributes ``diff`` (the mean of the two directions' changes, or the one
        published), ``weight`` = ``|diff|`` and ``strong`` (the interval of a direction
        excludes zero, or with no intervals its q-value is below 0.05).

    Examples
    --------
    >>> t = pd.DataFrame({"own_group": ["a", "b"], "target_group": ["b", "a"], "change": [10.0, 20.0],
    ...                   "ci_low": [2.0, -1.0], "ci_high": [18.0, 41.0], "q_value": [0.01, 0.2]})
    >>> g = tie_changes(t, codes=["a", "b"])
    >>> g.edges["a", "b"]["diff"], g.edges["a", "b"]["strong"]
    (15.0, True)
    """
    shown = table.loc[table["change"].notna()]
    has_interval = shown["ci_low"].notna()
    excludes = np.where(has_interval, (shown["ci_low"] > 0) | (shown["ci_high"] < 0), shown["q_value"] < 0.05)
    pair = [tuple(sorted((a, b), key=codes.index)) for a, b in zip(shown["own_group"], shown["target_group"])]
    ties = pd.DataFrame({"pair": pair, "diff": shown["change"].to_numpy(float), "strong": excludes})
    graph = nx.Graph()
    graph.add_nodes_from(codes)
    for (a, b), rows in ties.groupby("pair", sort=False):
        d = float(rows["diff"].mean())
        graph.add_edge(a, b, diff=d, weight=abs(d), strong=bool(rows["strong"].any()))
    return graph
