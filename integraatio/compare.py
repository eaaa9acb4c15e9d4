"""Groups compared (large cities against the rest, or any grouping) and sensitivity runs.

The study compared its three large cities with the other municipalities through group
means alone. Here every (own group, target group) cell gets each group's mean and ``n``,
the pooled mean, the difference with a bootstrap interval and a permutation p-value with
Benjamini-Hochberg q-values; the clusters of each group are compared by their ARI; and
:func:`sensitivity` reruns the spine with a subgroup left out, kept alone or split into a
node of its own. All of it works on the full run's scores, so every subset stays on the
full data's scale (DESIGN.md, composite).

Respondents are nested in municipalities, so by default whole municipalities are
relabelled: with 3 large cities of 12 organisations there are only 220 relabellings, and
they are enumerated exactly.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.stats import false_discovery_control

from .analysis import Analysis, analyse_scores
from .codebook import Codebook, Group, code_key
from .communities import Partition, detect_communities, name_clusters, resolve_seed
from .exceptions import DataValidationError, InsufficientDataError, UsageError
from .matrix import _positions, pair_table
from .messages import comparison_note
from .network import build_graph, symmetric_matrix
from .stability import bootstrap

__all__ = [
    "PERMUTATION_UNITS",
    "POOLED",
    "SENSITIVITY_MODES",
    "ClusterComparison",
    "Comparison",
    "Sensitivity",
    "compare_clusters",
    "compare_groups",
    "sensitivity",
]

PERMUTATION_UNITS = ("municipality", "respondent")
#: The level of every scored rating of a cell, whatever its group (the slides' "Kaikki").
POOLED = "all"
SENSITIVITY_MODES = ("exclude", "only", "split")
ALPHA = 0.05
#: Relabellings or resamples per matrix product, and the most elements a block's dense
#: unit x block matrix may hold (32 MB of floats), so that memory stays bounded.
CHUNK = 512
BLOCK_ELEMENTS = 4_000_000


# --------------------------------------------------------------------------- groups


@dataclass(frozen=True)
class _Groups:
    """The scored ratings arranged for comparisons: levels, cells and units."""

    levels: list[str]
    row_level: np.ndarray  # level index of each rating, -1 when not in a compared level
    cells: np.ndarray  # flat index own * G + target of every cell with a rating
    centre: np.ndarray  # (C,) mean of the compared ratings of each cell
    resp_level: np.ndarray  # (R,) level of each compared respondent
    resp_unit: np.ndarray  # (R,) municipality index of each compared respondent
    n_resp: sparse.csr_matrix  # (R, C) ratings of each compared respondent per cell
    s_resp: sparse.csr_matrix  # (R, C) their sums, centred on `centre`
    unit: str
    unit_names: np.ndarray  # (U,) names of the permutation units
    unit_level: np.ndarray  # (U,) level of each unit
    n_unit: sparse.csr_matrix  # (U, C)
    s_unit: sparse.csr_matrix  # (U, C)
    residual: np.ndarray  # (C,) ratings of each cell outside the compared levels


def _choice(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise UsageError(f"`{name}` must be one of {', '.join(allowed)}; got {value!r}.")


def _positive_int(name: str, value: int, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise UsageError(f"`{name}` must be an integer >= {low}; got {value!r}.")


def _level_values(frame: pd.DataFrame, by: str, codebook: Codebook) -> pd.Series:
    """The grouping value of every rating: its column, or a codebook attribute of its
    municipality. Empty or unknown values are missing."""
    if by in frame.columns:
        values = frame[by]
    elif any(by in a for a in codebook.municipality_attributes.values()):
        lookup = {m: a.get(by) for m, a in codebook.municipality_attributes.items()}
        values = frame["municipality"].map(lookup)
    else:
        extra = sorted({k for a in codebook.municipality_attributes.values() for k in a})
        raise UsageError(
            f"`by` = {by!r} is neither a column of the survey ({', '.join(map(str, frame.columns))}) nor an "
            f"attribute of the codebook's [[municipalities]] ({', '.join(extra) or 'none'}); use one of them."
        )
    text = values.astype("str").str.strip()
    return text.where(values.notna() & (text != ""))


def _check_per_respondent(frame: pd.DataFrame, values: pd.Series, by: str) -> None:
    """A grouping must not change within a respondent (collect every one that does)."""
    levels = values.fillna("")
    first = levels.groupby(frame["respondent_id"], sort=False).transform("first")
    differs = (levels != first).to_numpy()
    if differs.any():
        rows = frame.loc[differs].drop_duplicates("respondent_id")
        report = pd.DataFrame(
            {
                "file": None,
                "row": rows["row"].to_numpy() if "row" in rows else None,
                "column": by,
                "value": levels.loc[rows.index].to_numpy(),
                "problem": [f"respondent {r!r} has more than one {by!r} value" for r in rows["respondent_id"]],
                "fix": f"Give every row of a respondent the same {by}, or compare by another column.",
            }
        )
        raise DataValidationError(report)


def _order_levels(found: Sequence[str], by: str, codebook: Codebook, levels: Sequence[str] | None) -> list[str]:
    if levels is not None:
        levels = [str(v) for v in levels]
        unknown = [v for v in levels if v not in found]
        if unknown or len(set(levels)) < len(levels):
            raise UsageError(
                f"`levels` must name distinct values of {by!r} found in the data ({', '.join(sorted(found))}); "
                f"got {levels}."
            )
        return levels
    known = [s.name for s in codebook.size_classes] if by == "size_class" else []
    return [v for v in known if v in found] + sorted(v for v in found if v not in known)


def _prepare(analysis: Analysis, by: str, codebook: Codebook, levels: Sequence[str] | None, unit: str) -> _Groups:
    _choice("permutation_unit", unit, PERMUTATION_UNITS)
    frame = analysis.scores.scores
    values = _level_values(frame, by, codebook)
    _check_per_respondent(frame, values, by)
    order = _order_levels(sorted(values.dropna().unique()), by, codebook, levels)
    if POOLED in order:
        raise UsageError(f"{by!r} has a level called {POOLED!r}, which names the pooled level; rename it in the data.")
    if len(order) < 2:
        raise InsufficientDataError(
            f"Comparing by {by!r} needs at least two levels with scored ratings; found {order or 'none'}. "
            "Check the column, or the size classes of the codebook's [[municipalities]]."
        )
    row_level = pd.Index(order).get_indexer(values.fillna("\0"))

    g = len(analysis.codes)
    key = _positions(frame["own_group"], analysis.codes) * g + _positions(frame["target_group"], analysis.codes)
    cells, row_cell = np.unique(key, return_inverse=True)
    x = frame["integration_need"].to_numpy(float)
    known = row_level >= 0
    c = len(cells)
    n_known = np.bincount(row_cell[known], minlength=c)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.bincount(row_cell[known], weights=x[known], minlength=c) / n_known
    centre = np.nan_to_num(centre)
    residual = np.bincount(row_cell, minlength=c) - n_known

    resp_codes, resp_names = pd.factorize(frame["respondent_id"].to_numpy()[known])
    muni_codes, muni_names = pd.factorize(frame["municipality"].to_numpy()[known])
    r = len(resp_names)
    resp_level = np.zeros(r, dtype=np.intp)
    resp_level[resp_codes] = row_level[known]
    resp_unit = np.zeros(r, dtype=np.intp)
    resp_unit[resp_codes] = muni_codes
    shape = (r, c)
    n_resp = sparse.csr_matrix((np.ones(known.sum()), (resp_codes, row_cell[known])), shape=shape)
    s_resp = sparse.csr_matrix((x[known] - centre[row_cell[known]], (resp_codes, row_cell[known])), shape=shape)

    if unit == "respondent":
        unit_names, unit_level, n_unit, s_unit = np.asarray(resp_names), resp_level, n_resp, s_resp
    else:
        m = len(muni_names)
        member = sparse.csr_matrix((np.ones(r), (resp_unit, np.arange(r))), shape=(m, r))
        # Whole municipalities are relabelled, so each must sit in one level.
        per_muni = pd.crosstab(resp_unit, resp_level)
        mixed = per_muni.index[(per_muni > 0).sum(axis=1) > 1]
        if len(mixed):
            raise UsageError(
                f"{by!r} differs within municipalities {', '.join(map(str, muni_names[mixed]))}, so whole "
                "municipalities cannot be relabelled; use permutation_unit='respondent'."
            )
        unit_level = per_muni.to_numpy().argmax(axis=1)
        unit_names, n_unit, s_unit = np.asarray(muni_names), (member @ n_resp).tocsr(), (member @ s_resp).tocsr()
    return _Groups(
        levels=order,
        row_level=row_level,
        cells=cells,
        centre=centre,
        resp_level=resp_level,
        resp_unit=resp_unit,
        n_resp=n_resp,
        s_resp=s_resp,
        unit=unit,
        unit_names=unit_names,
        unit_level=unit_level,
        n_unit=n_unit,
        s_unit=s_unit,
        residual=residual,
    )


def _sums(labels: np.ndarray, n: sparse.csr_matrix, s: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Ratings and centred sums of every level for a stack of unit labellings.

    ``labels`` is ``(P, U)``: the level of each unit in each labelling. Returns two
    ``(k, P, C)`` arrays, each level's a matrix product of its indicator with the unit sums.
    """
    out_n, out_s = [], []
    for level in range(k):
        indicator = (labels == level).astype(float).T  # (U, P)
        out_n.append((n.T @ indicator).T)
        out_s.append((s.T @ indicator).T)
    return np.stack(out_n), np.stack(out_s)


def _block(width: int) -> int:
    """Rows per block when each row has ``width`` units."""
    return max(1, min(CHUNK, BLOCK_ELEMENTS // max(width, 1)))


def _published(counts: np.ndarray, residual: np.ndarray, min_n: int) -> np.ndarray:
    """Cells whose group means can be published: every level has at least ``min_n``
    ratings, and the ratings outside the levels (whose mean the pooled mean would give
    away) are none or at least ``min_n``. ``counts`` is ``(k, ..., C)``."""
    return (counts >= min_n).all(axis=0) & ((residual == 0) | (residual >= min_n))


# --------------------------------------------------------------------------- relabellings


def _relabellings(unit_level: np.ndarray, k: int, permutations: int, rng: np.random.Generator) -> tuple[Iterator[np.ndarray], int, bool]:
    """Chunks of unit labellings that keep each level's number of units.

    Every distinct labelling (the observed one included) when there are at most
    ``permutations`` of them; otherwise ``permutations`` random ones.
    """
    u = len(unit_level)
    sizes = np.bincount(unit_level, minlength=k)
    # The multinomial coefficient u! / prod(m!) as a product of binomials (cheap for large u).
    total = math.prod(math.comb(int(sizes[i:].sum()), int(sizes[i])) for i in range(k))
    if total <= permutations:

        def assign(free: tuple[int, ...], level: int) -> Iterator[list[tuple[int, int]]]:
            if level == k - 1:
                yield [(i, level) for i in free]
                return
            for chosen in combinations(free, int(sizes[level])):
                rest = tuple(i for i in free if i not in chosen)
                for tail in assign(rest, level + 1):
                    yield [(i, level) for i in chosen] + tail

        labels = np.empty((total, u), dtype=np.intp)
        for row, pairs in enumerate(assign(tuple(range(u)), 0)):
            idx, lev = zip(*pairs)
            labels[row, list(idx)] = lev
        return (labels[i : i + CHUNK] for i in range(0, total, CHUNK)), total, True

    block = _block(u)

    def sample() -> Iterator[np.ndarray]:
        for start in range(0, permutations, block):
            size = min(block, permutations - start)
            yield rng.permuted(np.tile(unit_level, (size, 1)), axis=1)

    return sample(), permutations, False


def _p_value(extreme: np.ndarray, defined: np.ndarray, exact: bool) -> np.ndarray:
    """Exact: share of the defined relabellings at least as extreme (the observed one is
    among them); sampled: (1 + extreme) / (1 + defined) (Phipson & Smyth 2010)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return extreme / defined if exact else (1.0 + extreme) / (1.0 + defined)


def _at_least(t: np.ndarray, observed: np.ndarray) -> np.ndarray:
    # The observed labelling recomputed in another block of a matrix product may differ
    # in the last bits; it must count as "as extreme".
    return t >= observed - 1e-9 * np.abs(observed)


# --------------------------------------------------------------------------- compare_groups


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare_groups`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per cell and level, the levels in order and then ``all``:
        ``own_group``, ``target_group``, ``level``, ``n``, ``mean``, ``sd``, ``suppressed``.
    tests : pandas.DataFrame
        One row per cell: ``own_group``, ``target_group``, ``suppressed``, ``contrast``,
        ``diff``, ``ci_low``, ``ci_high`` (two levels only, else empty), ``statistic``,
        ``p_value``, ``q_value``, ``permutation_unit``, ``permutations``, ``exact``,
        ``p_min``. Suppressed cells are not tested and not counted in the q-values.
    by : str
    levels : list of str
        The compared levels in display order; ``diff`` is the second minus the first.
    permutation_unit : {"municipality", "respondent"}
    permutations : int
        Relabellings used: all of them when ``exact``, else the number sampled.
    exact : bool
    p_min : float
        The smallest p-value the test can give: ``1 / permutations`` when exact,
        ``1 / (permutations + 1)`` when sampled.
    facts : Mapping
        What the tests can and cannot show (unit, relabellings, composition, ``p_min``,
        cells tested, cells needed to share the smallest p, discoveries): the words are
        :func:`~integraatio.messages.comparison_note`'s, in either language.
    parameters : Mapping
        Everything that produced the result, the seed included.
    """

    table: pd.DataFrame
    tests: pd.DataFrame
    by: str
    levels: list[str]
    permutation_unit: str
    permutations: int
    exact: bool
    p_min: float
    facts: Mapping[str, Any]
    parameters: Mapping[str, Any]

    @property
    def note(self) -> str:
        """The method note in English (``comparison_note(facts, lang)`` for another language)."""
        return comparison_note(dict(self.facts), "en")


def _bootstrap_diff(groups: _Groups, n_boot: int, ci: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the second level's mean minus the first's, every cell.

    Each level is resampled on its own (stratified). Unit ``municipality``: municipalities
    with replacement, then respondents with replacement within each drawn municipality
    (two stages, as seaborn's ``units``); drawing municipality m c times and then
    c * n_m respondents uniformly from it is the same as c separate draws of n_m.
    Unit ``respondent``: respondents with replacement. With few municipalities in a
    level (3 large cities) the interval rests on the few distinct resamples of them and
    is rough.
    """
    r = len(groups.resp_level)
    block = _block(r)
    diffs = np.empty((n_boot, len(groups.cells)))
    for start in range(0, n_boot, block):
        size = min(block, n_boot - start)
        w = np.zeros((size, r))
        for level in (0, 1):
            members = np.flatnonzero(groups.resp_level == level)
            if groups.unit == "respondent":
                w[:, members] = rng.multinomial(len(members), np.full(len(members), 1 / len(members)), size=size)
                continue
            munis = np.unique(groups.resp_unit[members])
            times = rng.multinomial(len(munis), np.full(len(munis), 1 / len(munis)), size=size)
            for j, m in enumerate(munis):
                inside = members[groups.resp_unit[members] == m]
                w[:, inside] = rng.multinomial(times[:, j] * len(inside), np.full(len(inside), 1 / len(inside)))
        means = []
        for level in (0, 1):
            wl = np.where(groups.resp_level == level, w, 0.0).T
            count, total = (groups.n_resp.T @ wl).T, (groups.s_resp.T @ wl).T
            with np.errstate(invalid="ignore", divide="ignore"):
                means.append(np.where(count > 0, total / count, np.nan))
        diffs[start : start + size] = means[1] - means[0]
    return _quantiles(diffs, (1 - ci) / 2), _quantiles(diffs, (1 + ci) / 2)


def _quantiles(a: np.ndarray, q: float) -> np.ndarray:
    """Quantile ``q`` of each column over its defined values (numpy's linear rule); NaN
    for a column with none (no all-NaN warning, unlike ``np.nanquantile``)."""
    a = np.sort(a, axis=0)  # NaN last
    k = (~np.isnan(a)).sum(axis=0)
    pos = q * np.maximum(k - 1, 0)
    lo, hi = np.floor(pos).astype(int), np.ceil(pos).astype(int)
    cols = np.arange(a.shape[1])
    value = a[lo, cols] + (pos - lo) * (a[hi, cols] - a[lo, cols])
    return np.where(k > 0, value, np.nan)


def _facts(groups: _Groups, tested: int, exact: bool, permutations: int, p_min: float, discoveries: int) -> dict[str, Any]:
    """What :func:`~integraatio.messages.comparison_note` says of the tests, without words."""
    sizes = np.bincount(groups.unit_level, minlength=len(groups.levels))
    return {
        "unit": groups.unit, "exact": exact, "permutations": permutations,
        "composition": {str(lvl): int(m) for lvl, m in zip(groups.levels, sizes)},
        "p_min": p_min, "alpha": ALPHA, "tested": tested,
        # Benjamini-Hochberg: the smallest p reaches q < alpha only when this many cells share it.
        "needed": math.floor(tested * p_min / ALPHA) + 1 if tested else 0,
        "discoveries": discoveries,
    }


def compare_groups(
    analysis: Analysis,
    /,
    *,
    codebook: Codebook,
    by: str = "size_class",
    levels: Sequence[str] | None = None,
    permutations: int = 9999,
    permutation_unit: str = "municipality",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int | None = None,
) -> Comparison:
    """Group means of every cell, their difference and a permutation test per cell.

    Parameters
    ----------
    analysis : Analysis
        The full run (:func:`integraatio.analysis.analyse`); its scores are compared as
        they are, on the full data's scale, with its ``min_n``.
    codebook : Codebook
        Orders the size classes (``[[size_classes]]``) and holds municipality attributes.
    by : str, default "size_class"
        A column of the survey, or an attribute of the codebook's ``[[municipalities]]``
        entries. It must not change within a respondent. Ratings whose value is empty
        are left out of the levels (they stay in the pooled ``all``).
    levels : sequence of str, optional
        The levels to compare, in order. Default: the codebook's ``[[size_classes]]``
        order for ``size_class``, else sorted; other values are left out like empty ones.
    permutations : int, default 9999
        When there are at most this many relabellings, all are enumerated (exact test);
        otherwise this many are sampled.
    permutation_unit : {"municipality", "respondent"}, default "municipality"
        What is relabelled. Respondents are nested in municipalities, so the default keeps
        each municipality whole; ``respondent`` ignores the nesting (its p-values are too
        small when municipalities differ) and is labelled as such.
    n_boot : int, default 2000
        Bootstrap resamples of the interval of the difference (two levels only).
    ci : float, default 0.95
        Coverage of the percentile interval.
    seed : int, optional
        Seeds the sampled relabellings and the bootstrap (one child seed each, from
        ``numpy.random.SeedSequence``); recorded in ``parameters``.

    Returns
    -------
    Comparison

    Raises
    ------
    ValueError
        An unknown ``by``, a bad parameter value, or a grouping that differs within a
        municipality with ``permutation_unit="municipality"``.
    DataValidationError
        The grouping differs between the rows of one respondent.
    InsufficientDataError
        Fewer than two levels have scored ratings.

    Notes
    -----
    Per cell and level :math:`l`, :math:`n_l` ratings with mean :math:`\\bar x_l`. The
    statistic is the between-level sum of squares
    :math:`T = \\sum_l n_l (\\bar x_l - \\bar x)^2`; the within-level sum of squares is what
    is left of the cell's fixed total, so ranking relabellings by :math:`T` is the
    permutation F test (for two levels the two-sided pooled t test). Whole units are
    relabelled, keeping the number of units per level; a relabelling that leaves a level
    without ratings in the cell is left out of that cell's reference set (conditioning on
    it keeps the test valid). ``q_value`` is Benjamini-Hochberg over the tested cells.

    Suppression: a cell's group means, SDs, difference, interval and test are published
    only when every level has at least ``min_n`` ratings and the ratings outside the
    levels (empty values) are none or at least ``min_n``; otherwise all of them are
    suppressed together, so that no suppressed mean can be recovered from the pooled mean
    (published in ``pairs.csv``) and the others. Counts ``n`` are always shown, as in
    ``pairs.csv``.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> c = compare_groups(analyse(load_example(), codebook=cb, seed=1), codebook=cb, n_boot=200, seed=1)
    >>> c.levels, c.permutations, c.exact, round(c.p_min, 4)
    (['other', 'large'], 220, True, 0.0045)
    >>> c.table["level"].unique().tolist()
    ['other', 'large', 'all']
    """
    _positive_int("permutations", permutations)
    _positive_int("n_boot", n_boot)
    if not 0 < ci < 1:
        raise UsageError(f"`ci` must be between 0 and 1; got {ci!r}.")
    seed = resolve_seed(seed)
    min_n = analysis.parameters["min_n"]
    groups = _prepare(analysis, by, codebook, levels, permutation_unit)
    k, codes = len(groups.levels), analysis.codes
    perm_rng, boot_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))

    own = np.asarray(codes, dtype=object)[groups.cells // len(codes)]
    target = np.asarray(codes, dtype=object)[groups.cells % len(codes)]
    keys = pd.MultiIndex.from_arrays([own, target], names=["own_group", "target_group"])
    cells = analysis.scores.cells
    per_level = [
        pair_table(cells.loc[groups.row_level == i], codes=codes, min_n=min_n)
        .set_index(["own_group", "target_group"])
        .reindex(keys)
        .assign(n=lambda t: t["n"].fillna(0).astype(np.int64))
        for i in range(k)
    ]
    counts = np.stack([t["n"].to_numpy() for t in per_level])
    pooled = analysis.pairs.set_index(["own_group", "target_group"]).reindex(keys).reset_index()
    # A cell suppressed in the pooled table (small, or the companion of a small one) keeps
    # its levels suppressed too: their means would give the pooled mean back.
    published = _published(counts, groups.residual, min_n) & ~pooled["suppressed"].fillna(True).to_numpy(bool)

    blocks = []
    for level, t in zip(groups.levels, per_level):
        blocks.append(
            pd.DataFrame(
                {
                    "own_group": own,
                    "target_group": target,
                    "level": level,
                    "n": t["n"].to_numpy(),
                    "mean": np.where(published, t["mean"].to_numpy(), np.nan),
                    "sd": np.where(published, t["sd"].to_numpy(), np.nan),
                    "suppressed": ~published,
                }
            )
        )
    blocks.append(pooled.assign(level=POOLED)[["own_group", "target_group", "level", "n", "mean", "sd", "suppressed"]])
    order = np.argsort(np.tile(np.arange(len(keys)), k + 1), kind="stable")
    table = pd.concat(blocks, ignore_index=True).iloc[order].reset_index(drop=True)

    # Permutation test: T = sum_l S_l^2 / N_l on ratings centred per cell (their total is 0).
    def statistic(n_l: np.ndarray, s_l: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        defined = (n_l > 0).all(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(n_l > 0, s_l**2 / n_l, 0.0).sum(axis=0)
        return t, defined

    t_obs, _ = statistic(*_sums(groups.unit_level[None], groups.n_unit, groups.s_unit, k))
    t_obs = t_obs[0]
    chunks, used, exact = _relabellings(groups.unit_level, k, permutations, perm_rng)
    extreme = np.zeros(len(groups.cells))
    defined_count = np.zeros(len(groups.cells))
    for labels in chunks:
        t, defined = statistic(*_sums(labels, groups.n_unit, groups.s_unit, k))
        extreme += (_at_least(t, t_obs) & defined).sum(axis=0)
        defined_count += defined.sum(axis=0)
    p = np.where(published, _p_value(extreme, defined_count, exact), np.nan)
    q = np.full_like(p, np.nan)
    if published.any():
        q[published] = false_discovery_control(p[published], method="bh")
    p_min = 1.0 / used if exact else 1.0 / (used + 1)

    diff, ci_low, ci_high = (np.full(len(keys), np.nan) for _ in range(3))
    contrast = None
    if k == 2:
        means = np.stack([t["mean"].to_numpy() for t in per_level])
        diff = np.where(published, means[1] - means[0], np.nan)
        low, high = _bootstrap_diff(groups, n_boot, ci, boot_rng)
        ci_low, ci_high = np.where(published, low, np.nan), np.where(published, high, np.nan)
        contrast = f"{groups.levels[1]} - {groups.levels[0]}"
    tests = pd.DataFrame(
        {
            "own_group": own,
            "target_group": target,
            "suppressed": ~published,
            "contrast": contrast,
            "diff": diff,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "statistic": np.where(published, t_obs, np.nan),
            "p_value": p,
            "q_value": q,
            "permutation_unit": groups.unit,
            "permutations": used,
            "exact": exact,
            "p_min": p_min,
        }
    )
    discoveries = int((q < ALPHA).sum())
    return Comparison(
        table=table,
        tests=tests,
        by=by,
        levels=list(groups.levels),
        permutation_unit=groups.unit,
        permutations=used,
        exact=exact,
        p_min=p_min,
        facts=_facts(groups, int(published.sum()), exact, used, p_min, discoveries),
        parameters={
            "by": by,
            "levels": list(groups.levels),
            "min_n": min_n,
            "permutations": permutations,
            "permutation_unit": groups.unit,
            "n_boot": n_boot,
            "ci": ci,
            "seed": seed,
            "units_per_level": dict(zip(groups.levels, np.bincount(groups.unit_level, minlength=k).tolist())),
            "respondents_per_level": dict(zip(groups.levels, np.bincount(groups.resp_level, minlength=k).tolist())),
        },
    )


# --------------------------------------------------------------------------- clusters


def _match(membership: Mapping[str, int], reference: Mapping[str, int]) -> dict[int, int]:
    """Cluster numbers of ``membership`` renumbered after the ``reference`` cluster they
    overlap most (one to one, Hungarian algorithm on the shared nodes); a cluster left
    without a partner gets a number after the reference's."""
    mine = sorted(set(membership.values()))
    theirs = sorted(set(reference.values()))
    overlap = np.zeros((len(mine), len(theirs)))
    for v, c in membership.items():
        if v in reference:
            overlap[mine.index(c), theirs.index(reference[v])] += 1
    rows, cols = linear_sum_assignment(-overlap)
    mapping = {mine[i]: theirs[j] for i, j in zip(rows, cols) if overlap[i, j] > 0}
    spare = iter(range(max(theirs, default=0) + 1, max(theirs, default=0) + len(mine) + 1))
    return {c: mapping[c] if c in mapping else next(spare) for c in mine}


@dataclass(frozen=True)
class ClusterComparison:
    """Result of :func:`compare_clusters`.

    Attributes
    ----------
    memberships : pandas.DataFrame
        One row per level and node: ``level``, ``node``, ``cluster`` (numbered after the
        full run's cluster it overlaps most, so colours agree across pictures),
        ``cluster_name``, ``strength``.
    ari : pandas.DataFrame
        ``level_a``, ``level_b``, ``ari`` for every pair of levels.
    statistic : float
        Mean pairwise ARI (the ARI itself for two levels).
    p_value : float
        Share of relabellings whose statistic is at most the observed one: small when
        the groups' clusters differ more than relabelled groups' do.
    null : numpy.ndarray
        The statistic of every relabelling.
    graphs : Mapping
        Level -> the level's graph (suppressed cells left out).
    nodes : Mapping
        Level -> a nodes table for :func:`integraatio.plot.plot_network` with the full
        run's layout (``x``, ``y``), so all pictures share one layout.
    difference : networkx.Graph or None
        Two levels: an edge wherever both levels have the pair, with ``diff`` (second
        level minus first, symmetrised means), ``weight`` = ``|diff|``, ``mean_a``,
        ``mean_b``. None for more than two levels.
    by, levels, permutation_unit, permutations, exact, parameters
        As in :class:`Comparison`.
    """

    memberships: pd.DataFrame
    ari: pd.DataFrame
    statistic: float
    p_value: float
    null: np.ndarray
    graphs: Mapping[str, nx.Graph]
    nodes: Mapping[str, pd.DataFrame]
    difference: nx.Graph | None
    by: str
    levels: list[str]
    permutation_unit: str
    permutations: int
    exact: bool
    parameters: Mapping[str, Any]


def _level_pairs(groups: _Groups, codes: Sequence[str], n_l: np.ndarray, s_l: np.ndarray, published: np.ndarray) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(published, s_l / n_l + groups.centre, np.nan)
    names = np.asarray(codes, dtype=object)
    return pd.DataFrame(
        {
            "own_group": names[groups.cells // len(codes)],
            "target_group": names[groups.cells % len(codes)],
            "n": n_l.astype(np.int64),
            "mean": mean,
            "suppressed": ~published,
        }
    )


def compare_clusters(
    analysis: Analysis,
    /,
    *,
    codebook: Codebook,
    by: str = "size_class",
    levels: Sequence[str] | None = None,
    permutations: int = 999,
    permutation_unit: str = "municipality",
    seed: int | None = None,
) -> ClusterComparison:
    """Do the clusters differ between groups? Each group's partition, their ARI, and a
    permutation test of that ARI.

    Parameters
    ----------
    analysis : Analysis
        The full run; its weighting, symmetrisation, resolution, engine, ``min_n`` and
        seed are used for every group and relabelling.
    codebook : Codebook
    by, levels, permutation_unit
        As in :func:`compare_groups`; the same suppression applies to each group's graph.
    permutations : int, default 999
        Exact enumeration when there are at most this many relabellings, else this many
        sampled (each costs one community detection per level).
    seed : int, optional
        Seeds the sampled relabellings; recorded.

    Returns
    -------
    ClusterComparison

    Raises
    ------
    InsufficientDataError
        A group has no tie left after suppression.

    Notes
    -----
    The adjusted Rand index (Hubert & Arabie 1985) of two partitions is 1 when they are
    equal and about 0 for unrelated ones. Under the null hypothesis the group labels of
    the units are exchangeable: relabelling them and clustering each relabelled group
    gives the reference distribution, and
    :math:`p = \\#\\{b: \\mathrm{ARI}_b \\le \\mathrm{ARI}_{obs}\\} / B` (exact) or
    :math:`(1 + \\#) / (1 + B)` (sampled).

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> cc = compare_clusters(analyse(load_example(), codebook=cb, seed=1), codebook=cb, seed=1)
    >>> cc.permutations, cc.exact, 0 < cc.p_value <= 1
    (220, True, True)
    """
    _positive_int("permutations", permutations)
    seed = resolve_seed(seed)
    params = analysis.parameters
    groups = _prepare(analysis, by, codebook, levels, permutation_unit)
    k, codes = len(groups.levels), analysis.codes
    rng = np.random.default_rng(seed)

    def partitions(n_l: np.ndarray, s_l: np.ndarray) -> tuple[list[pd.DataFrame], list[nx.Graph], list[Partition]]:
        published = _published(n_l, groups.residual, params["min_n"])
        pairs = [_level_pairs(groups, codes, n_l[i], s_l[i], published) for i in range(k)]
        graphs = [
            build_graph(p, codes=codes, weighting=params["weighting"], symmetrise=params["symmetrise"]) for p in pairs
        ]
        found = [
            detect_communities(g, resolution=params["resolution"], engine=params["engine"], seed=params["seed"])
            for g in graphs
        ]
        return pairs, graphs, found

    def mean_ari(found: list[Partition]) -> tuple[float, list[float]]:
        from sklearn.metrics import adjusted_rand_score

        aris = [
            adjusted_rand_score([found[a].membership[c] for c in codes], [found[b].membership[c] for c in codes])
            for a, b in combinations(range(k), 2)
        ]
        return float(np.mean(aris)), aris

    n_obs, s_obs = _sums(groups.unit_level[None], groups.n_unit, groups.s_unit, k)
    pairs, graphs, found = partitions(n_obs[:, 0], s_obs[:, 0])
    empty = [lvl for lvl, g in zip(groups.levels, graphs) if g.number_of_edges() == 0]
    if empty:
        raise InsufficientDataError(
            f"Group(s) {', '.join(empty)} of {by!r} have no tie left once cells with fewer than min_n = "
            f"{params['min_n']} ratings in any group are suppressed; lower --min-n or compare larger groups."
        )
    observed, aris = mean_ari(found)
    chunks, used, exact = _relabellings(groups.unit_level, k, permutations, rng)
    null = []
    for labels in chunks:
        n_l, s_l = _sums(labels, groups.n_unit, groups.s_unit, k)
        for b in range(len(labels)):
            null.append(mean_ari(partitions(n_l[:, b], s_l[:, b])[2])[0])
    null = np.asarray(null)
    at_most = np.float64((null <= observed + 1e-12).sum())
    p_value = float(_p_value(at_most, np.float64(len(null)), exact))

    full = analysis.partition.membership
    layout = analysis.clusters.set_index("node")
    rows, nodes = [], {}
    for level, g, part in zip(groups.levels, graphs, found):
        renumber = _match(part.membership, full)
        names = name_clusters(part, reference=codebook.reference_clusters, lang=params["lang"])
        strength = dict(g.degree(weight="weight"))
        table = pd.DataFrame(
            {
                "level": level,
                "node": codes,
                "cluster": [renumber[part.membership[c]] for c in codes],
                "cluster_name": [names[part.membership[c]] for c in codes],
                "strength": [float(strength[c]) for c in codes],
            }
        )
        rows.append(table)
        nodes[level] = table.drop(columns="level").assign(
            label=layout.loc[codes, "label"].to_numpy(), x=layout.loc[codes, "x"].to_numpy(), y=layout.loc[codes, "y"].to_numpy()
        )
    difference = None
    if k == 2:
        sym = [symmetric_matrix(p, codes=codes, how=params["symmetrise"]) for p in pairs]
        difference = nx.Graph()
        difference.add_nodes_from(codes)
        for i, j in zip(*np.triu_indices(len(codes), k=1)):
            if not (np.isnan(sym[0][i, j]) or np.isnan(sym[1][i, j])):
                d = float(sym[1][i, j] - sym[0][i, j])
                difference.add_edge(codes[i], codes[j], diff=d, weight=abs(d), mean_a=float(sym[0][i, j]), mean_b=float(sym[1][i, j]))
    return ClusterComparison(
        memberships=pd.concat(rows, ignore_index=True),
        ari=pd.DataFrame(
            [(groups.levels[a], groups.levels[b], v) for (a, b), v in zip(combinations(range(k), 2), aris)],
            columns=["level_a", "level_b", "ari"],
        ),
        statistic=observed,
        p_value=p_value,
        null=null,
        graphs=dict(zip(groups.levels, graphs)),
        nodes=nodes,
        difference=difference,
        by=by,
        levels=list(groups.levels),
        permutation_unit=groups.unit,
        permutations=used,
        exact=exact,
        parameters={"by": by, "levels": list(groups.levels), "permutations": permutations, "permutation_unit": groups.unit, "seed": seed},
    )


# --------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Sensitivity:
    """Result of :func:`sensitivity`.

    Attributes
    ----------
    name : str
        ``<mode>_<subgroup>``, e.g. ``only_asumispalvelut`` (used in file names).
    mode : {"exclude", "only", "split"}
    subgroup : str
    analysis : Analysis
        The rerun, on the full run's scores.
    nodes : pandas.DataFrame
        One row per node of the rerun: ``node``, ``label``, ``parent`` (the full run's
        node it stands for: itself, or the split group), ``cluster_full``,
        ``cluster_name_full``, ``cluster`` (numbered after the full run's cluster it
        overlaps most), ``cluster_name``, ``changed`` (the node's cluster is not the one
        its parent had), ``strength_full``, ``strength``, ``participation_full``,
        ``participation``, ``stability_full``, ``stability`` and ``stability_change``
        (empty without bootstrap replicates).
    leans : pandas.DataFrame
        Where each node's ties go: ``node``, ``cluster`` (a full-run cluster),
        ``cluster_name``, ``share_full`` (share of its parent's tie strength into that
        cluster in the full run) and ``share`` (in the rerun).
    parameters : Mapping
    """

    name: str
    mode: str
    subgroup: str
    analysis: Analysis
    nodes: pd.DataFrame
    leans: pd.DataFrame
    parameters: Mapping[str, Any]


def _subset(analysis: Analysis, frame: pd.DataFrame) -> Any:
    """The full run's Scores narrowed to ``frame`` (scored rows): same scale, no rescoring."""
    return dataclasses.replace(
        analysis.scores,
        data=frame.reset_index(drop=True),
        scored=np.ones(len(frame), dtype=bool),
        values=frame["integration_need"].to_numpy(float),
    )


def _leans(graph: nx.Graph, cluster_of: Mapping[str, int]) -> dict[str, dict[int, float]]:
    """Share of each node's tie strength going into each cluster of ``cluster_of``."""
    out = {}
    for v in graph:
        into: dict[int, float] = {}
        for _, u, w in graph.edges(v, data="weight"):
            into[cluster_of[u]] = into.get(cluster_of[u], 0.0) + w
        total = sum(into.values())
        out[v] = {c: w / total for c, w in into.items()} if total > 0 else {}
    return out


def sensitivity(
    analysis: Analysis,
    /,
    *,
    codebook: Codebook,
    subgroup: str,
    mode: str = "only",
    replicates: int | None = None,
    seed: int | None = None,
) -> Sensitivity:
    """Rerun the spine with a subgroup left out, kept alone, or split into its own node.

    Parameters
    ----------
    analysis : Analysis
        The full run; its parameters (seed included) are reused.
    codebook : Codebook
    subgroup : str
        A value of the ``subgroup`` column (e.g. ``asumispalvelut``, the housing services
        inside 2.3).
    mode : {"exclude", "only", "split"}, default "only"
        ``exclude``: leave the subgroup's respondents out. ``only``: in the groups the
        subgroup belongs to, keep only its respondents (the other groups stay whole).
        ``split``: the subgroup's respondents become a node of their own, coded
        ``<group>.<subgroup>``; it has ratings in one direction only (others rated the
        whole group), which the symmetrisation uses as they are.
    replicates : int, optional
        Bootstrap replicates (:func:`integraatio.stability.bootstrap`) of the full run
        and of the rerun, for each node's stability in both; 0 leaves the stability
        columns empty. None (default): as the analysis's attached bootstrap
        (``Analysis.bootstrap``: its stability, and the rerun with its replicates, strata
        and seed), or none when it has none.
    seed : int, optional
        Seed of both bootstraps when ``replicates`` is given (the same child seeds);
        recorded.

    Returns
    -------
    Sensitivity

    Raises
    ------
    ValueError
        Unknown mode, or a subgroup the data do not have.

    Notes
    -----
    The scores are the full run's (filtered, never rescored), so the rerun is on the full
    data's scale. A rerun cell is also suppressed when the ratings it leaves out of the
    full run's cell (or, split, the other part of the group) are between 1 and
    ``min_n - 1``: ``pairs.csv`` of the full run minus the rerun would give their mean.
    Clusters are matched to the full run's by overlap; a node has ``changed`` when its
    matched cluster differs from its parent's.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> s = sensitivity(analyse(load_example(), codebook=cb, lang="en", seed=1), codebook=cb,
    ...                 subgroup="asumispalvelut", mode="only")
    >>> s.nodes.set_index("node").loc["2.3", ["cluster_name_full", "cluster_name"]].tolist()
    ['Care for the municipal resident', 'Treatment and care']
    """
    _choice("mode", mode, SENSITIVITY_MODES)
    if replicates is not None:
        _positive_int("replicates", replicates, low=0)
    seed = resolve_seed(seed)
    frame = analysis.scores.scores
    params = analysis.parameters
    in_subgroup = (frame["subgroup"] == subgroup).fillna(False).to_numpy(bool) if "subgroup" in frame else np.zeros(len(frame), bool)
    if not in_subgroup.any():
        present = sorted(frame["subgroup"].dropna().unique()) if "subgroup" in frame else []
        raise UsageError(
            f"`subgroup` {subgroup!r} has no scored ratings; the data's subgroups are {', '.join(present) or 'none'}."
        )
    own = frame["own_group"].astype(str)
    parents = sorted(own[in_subgroup].unique(), key=code_key)
    cb = codebook
    parent_of = {c: c for c in codebook.codes}
    if mode == "exclude":
        kept = frame.loc[~in_subgroup]
    elif mode == "only":
        kept = frame.loc[in_subgroup | ~own.isin(parents).to_numpy()]
    else:
        split = {p: f"{p}.{subgroup}" for p in parents}
        kept = frame.assign(own_group=own.where(~in_subgroup, own.map(split)))
        extra = tuple(
            Group(
                code=split[p],
                fi=f"{codebook.label(p, 'fi')}: {subgroup}",
                en=f"{codebook.label(p, 'en')}: {subgroup}",
                organiser=codebook.group(p).organiser,
            )
            for p in parents
        )
        cb = dataclasses.replace(codebook, groups=codebook.groups + extra)
        parent_of.update({v: k for k, v in split.items()})

    # Secondary suppression: what the rerun leaves out of a full-run cell (split: the
    # other part of the parent's cell) must not be recoverable by subtraction.
    min_n = params["min_n"]
    full_cells = analysis.pairs.set_index(["own_group", "target_group"])["n"]
    part = pd.DataFrame({"own_group": kept["own_group"].astype(str), "target_group": kept["target_group"].astype(str)})
    n_part = part.value_counts().rename("n")
    parent_key = pd.MultiIndex.from_arrays(
        [n_part.index.get_level_values(0).map(parent_of), n_part.index.get_level_values(1)]
    )
    left_out = full_cells.reindex(parent_key).to_numpy() - n_part.to_numpy()
    risky = (left_out > 0) & (left_out < min_n)
    hidden = n_part.index[risky].to_frame(index=False)
    if mode == "split":
        # Hide both parts of a split cell when either is small.
        partner = {**split, **{s: p for p, s in split.items()}}
        hidden = pd.concat([hidden, hidden.assign(own_group=hidden["own_group"].map(partner))], ignore_index=True)
    rerun = analyse_scores(
        _subset(analysis, kept),
        codebook=cb,
        min_n=min_n,
        weighting=params["weighting"],
        symmetrise=params["symmetrise"],
        resolution=params["resolution"],
        engine=params["engine"],
        lang=params["lang"],
        seed=params["seed"],
        suppress=hidden,
    )

    full = analysis.clusters.set_index("node")
    mine = rerun.clusters.set_index("node")
    renumber = _match(rerun.partition.membership, analysis.partition.membership)
    nodes = pd.DataFrame({"node": rerun.codes, "label": mine.loc[rerun.codes, "label"].to_numpy()})
    nodes["parent"] = nodes["node"].map(parent_of)
    nodes["cluster_full"] = full.loc[nodes["parent"], "cluster"].to_numpy()
    nodes["cluster_name_full"] = full.loc[nodes["parent"], "cluster_name"].to_numpy()
    nodes["cluster"] = [renumber[rerun.partition.membership[v]] for v in nodes["node"]]
    nodes["cluster_name"] = mine.loc[rerun.codes, "cluster_name"].to_numpy()
    nodes["changed"] = nodes["cluster"] != nodes["cluster_full"]
    for col in ("strength", "participation"):
        nodes[f"{col}_full"] = full.loc[nodes["parent"], col].to_numpy()
        nodes[col] = mine.loc[rerun.codes, col].to_numpy()
    nodes["stability_full"] = nodes["stability"] = np.nan
    attached = analysis.bootstrap if replicates is None else None
    if attached is not None:
        bp = attached.parameters
        replicates, seed = bp["replicates"], bp["seed"]
        before = attached.nodes
        after = bootstrap(rerun, replicates=replicates, strata=bp["strata"] or None, level=bp["level"], seed=seed).nodes
    elif replicates:
        before, after = (bootstrap(a, replicates=replicates, seed=seed).nodes for a in (analysis, rerun))
    if attached is not None or replicates:
        nodes["stability_full"] = before.set_index("node")["stability"].loc[nodes["parent"]].to_numpy()
        nodes["stability"] = after.set_index("node")["stability"].loc[nodes["node"]].to_numpy()
    nodes["stability_change"] = nodes["stability"] - nodes["stability_full"]

    cluster_full = analysis.partition.membership
    share_full = _leans(analysis.graph, cluster_full)
    share = _leans(rerun.graph, {v: cluster_full[parent_of[v]] for v in rerun.codes})
    names = full.drop_duplicates("cluster").set_index("cluster")["cluster_name"]
    leans = pd.DataFrame(
        [
            (v, c, names[c], share_full[parent_of[v]].get(c, 0.0), share[v].get(c, 0.0))
            for v in rerun.codes
            for c in sorted(names.index)
        ],
        columns=["node", "cluster", "cluster_name", "share_full", "share"],
    )
    slug = re.sub(r"[^\w-]+", "_", subgroup)
    name = f"{mode}_{slug}"
    return Sensitivity(
        name=name,
        mode=mode,
        subgroup=subgroup,
        analysis=rerun,
        nodes=nodes,
        leans=leans,
        parameters={
            **params,
            "mode": mode,
            "subgroup": subgroup,
            "groups": parents,
            "cells_hidden": len(hidden),
            "replicates": replicates or 0,
            "bootstrap_seed": seed,
        },
    )
