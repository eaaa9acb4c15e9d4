"""Cell means by group: each level's mean and ``n``, the pooled level, the difference with a
bootstrap interval, and permutation p-values with Benjamini-Hochberg q-values."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..checks import check_integer
from ..codebook import Codebook
from ..communities import resolve_seed
from ..exceptions import UsageError
from ..disclosure import perturb_cells, rating_keys
from ..matrix import code_positions, pair_table
from ..messages import comparison_note
from ..options import SEED
from ..stability import column_quantiles
from .groups import POOLED, Groups, prepare_groups, published_cells
from .permutation import at_least, block_width, level_sums, p_values, relabellings

ALPHA = 0.05


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
    cells : numpy.ndarray
        For each of the analysis's scored ratings, the published level cell it lies in
        (an integer), or -1: what the sensitivity reruns are audited against
        (:func:`integraatio.disclosure.isolated`).
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
    cells: np.ndarray = field(default_factory=lambda: np.zeros(0, int), repr=False)

    @property
    def note(self) -> str:
        """The method note in English (``comparison_note(facts, lang)`` for another language)."""
        return comparison_note(dict(self.facts), "en")


def _bootstrap_diff(groups: Groups, n_boot: int, ci: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
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
    block = block_width(r)
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
    return column_quantiles(diffs, (1 - ci) / 2), column_quantiles(diffs, (1 + ci) / 2)


def _facts(groups: Groups, tested: int, exact: bool, permutations: int, p_min: float, discoveries: int) -> dict[str, Any]:
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
    seed: int | None = SEED,
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
    seed : int or None, default 1
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
    :math:`T = \\sum_l n_l (\\bar x_l - \\bar x)^2` (weighted: means weighted, :math:`n_l` the
    level's sum of weights, each respondent keeps their weight); the within-level sum of
    squares is what is left of the cell's fixed total, so ranking relabellings by :math:`T` is the
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
    _check_parameters(permutations, n_boot, ci)
    seed = resolve_seed(seed)
    groups = prepare_groups(analysis, by, codebook, levels, permutation_unit)
    perm_rng, boot_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    cells = level_cells(analysis, groups)
    test = _permutation_test(groups, cells.published, permutations, perm_rng)
    interval = _released_interval(groups, cells, _bootstrap_diff(groups, n_boot, ci, boot_rng)) if len(groups.levels) == 2 else None
    parameters = {"by": by, "levels": list(groups.levels), "min_n": analysis.parameters["min_n"],
                  "permutations": permutations, "permutation_unit": groups.unit, "n_boot": n_boot, "ci": ci, "seed": seed}
    return _comparison(groups, cells, test, interval, parameters, _rating_cells(analysis, groups, cells.published))


def _released_interval(groups: Groups, cells: LevelCells, interval: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The difference's bootstrap interval (of the exact ratings) moved by the release's
    offset of the published difference, so that its midpoint gives no more than the difference."""
    n_l, s_l = level_sums(groups.unit_level[None], groups.n_unit, groups.s_unit, len(groups.levels))
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = s_l[1, 0] / n_l[1, 0] - s_l[0, 0] / n_l[0, 0]  # the centres cancel
    offset = np.nan_to_num(cells.per_level[1]["mean"].to_numpy(float) - cells.per_level[0]["mean"].to_numpy(float) - exact)
    return interval[0] + offset, interval[1] + offset


def _check_parameters(permutations: int, n_boot: int, ci: float) -> None:
    """Raise a ``UsageError`` naming the first bad parameter of :func:`compare_groups`."""
    check_integer("permutations", permutations, low=1)
    check_integer("n_boot", n_boot, low=1)
    if not 0 < ci < 1:
        raise UsageError(f"`ci` must be between 0 and 1; got {ci!r}.")


class LevelCells(NamedTuple):
    """The compared cells (rated pairs) and their per-level and pooled tables."""

    own: np.ndarray
    target: np.ndarray
    per_level: list[pd.DataFrame]  # pair_table of each level, indexed by the cells
    pooled: pd.DataFrame  # the analysis's pairs, one row per cell
    published: np.ndarray  # bool per cell: levels' means, difference and test shown


def level_cells(analysis: Analysis, groups: Groups) -> LevelCells:
    """Each level's pair table (released: perturbed by its own respondents' keys) and the pooled
    one over the compared cells, and which are published; every published number of a
    comparison, and every level's graph, is taken from these."""
    codes, min_n = analysis.codes, analysis.parameters["min_n"]
    own = np.asarray(codes, dtype=object)[groups.cells // len(codes)]
    target = np.asarray(codes, dtype=object)[groups.cells % len(codes)]
    index = pd.MultiIndex.from_arrays([own, target], names=["own_group", "target_group"])
    scores = analysis.scores
    cells = scores.cells
    weights = analysis.parameters.get("weights")
    weight = None if weights is None else "weight"
    if weights is not None:  # each rating carries its respondent's weight, as in the pooled pairs
        cells = cells.assign(weight=scores.data.loc[scores.scored, weights].to_numpy(dtype=float))
    keys = rating_keys(scores.data["respondent_id"], secret=scores.secret)[scores.scored]
    per_level = [  # each level's cells perturbed by their own respondents' keys
        perturb_cells(pair_table(cells.loc[chosen], codes=codes, min_n=min_n, weight=weight), cells.loc[chosen],
                      keys[chosen], codes=codes, weight=weight)
        .set_index(["own_group", "target_group"])
        .reindex(index)
        .assign(n=lambda t: t["n"].fillna(0).astype(np.int64))
        for chosen in (groups.row_level == i for i in range(len(groups.levels)))
    ]
    counts = np.stack([t["n"].to_numpy() for t in per_level])
    pooled = analysis.pairs.set_index(["own_group", "target_group"]).reindex(index).reset_index()
    # A cell suppressed in the pooled table (small, or the companion of a small one) keeps
    # its levels suppressed too: their means would give the pooled mean back.
    published = published_cells(counts, groups.residual, min_n) & ~pooled["suppressed"].fillna(True).to_numpy(bool)
    return LevelCells(own, target, per_level, pooled, published)


def _level_table(cells: LevelCells, groups: Groups) -> pd.DataFrame:
    """The ``table`` of :class:`Comparison`: every cell's levels in order, then ``all``."""
    published = cells.published
    blocks = [
        pd.DataFrame(
            {
                "own_group": cells.own,
                "target_group": cells.target,
                "level": level,
                "n": t["n"].to_numpy(),
                "mean": np.where(published, t["mean"].to_numpy(), np.nan),
                "sd": np.where(published, t["sd"].to_numpy(), np.nan),
                "suppressed": ~published,
            }
        )
        for level, t in zip(groups.levels, cells.per_level)
    ]
    blocks.append(cells.pooled.assign(level=POOLED)[["own_group", "target_group", "level", "n", "mean", "sd", "suppressed"]])
    order = np.argsort(np.tile(np.arange(len(published)), len(groups.levels) + 1), kind="stable")
    return pd.concat(blocks, ignore_index=True).iloc[order].reset_index(drop=True)


class _Test(NamedTuple):
    """The permutation test of every cell."""

    statistic: np.ndarray
    p: np.ndarray  # NaN where the cell is suppressed
    q: np.ndarray  # Benjamini-Hochberg over the published cells
    used: int  # relabellings used
    exact: bool
    p_min: float


def _statistic(n_l: np.ndarray, s_l: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``T = sum_l S_l^2 / N_l`` on ratings centred per cell (their total is 0), and where it is defined."""
    defined = (n_l > 0).all(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(n_l > 0, s_l**2 / n_l, 0.0).sum(axis=0)
    return t, defined


def _permutation_test(groups: Groups, published: np.ndarray, permutations: int, rng: np.random.Generator) -> _Test:
    """Relabel whole units (all ways, or ``permutations`` sampled) and rank the observed ``T``."""
    k = len(groups.levels)
    t_obs, _ = _statistic(*level_sums(groups.unit_level[None], groups.n_unit, groups.s_unit, k))
    t_obs = t_obs[0]
    chunks, used, exact = relabellings(groups.unit_level, k, permutations, rng)
    extreme = np.zeros(len(groups.cells))
    defined_count = np.zeros(len(groups.cells))
    for labels in chunks:
        t, defined = _statistic(*level_sums(labels, groups.n_unit, groups.s_unit, k))
        extreme += (at_least(t, t_obs) & defined).sum(axis=0)
        defined_count += defined.sum(axis=0)
    p = np.where(published, p_values(extreme, defined_count, exact), np.nan)
    q = np.full_like(p, np.nan)
    if published.any():
        from scipy.stats import false_discovery_control  # here: scipy.stats is a second of start-up

        q[published] = false_discovery_control(p[published], method="bh")
    return _Test(t_obs, p, q, used, exact, 1.0 / used if exact else 1.0 / (used + 1))


def _tests_table(
    groups: Groups, cells: LevelCells, test: _Test, interval: tuple[np.ndarray, np.ndarray] | None
) -> pd.DataFrame:
    """The ``tests`` of :class:`Comparison`; the difference and its interval with two levels only."""
    published = cells.published
    diff, ci_low, ci_high = (np.full(len(published), np.nan) for _ in range(3))
    contrast = None
    if interval is not None:
        means = np.stack([t["mean"].to_numpy() for t in cells.per_level])
        diff = np.where(published, means[1] - means[0], np.nan)
        ci_low, ci_high = (np.where(published, bound, np.nan) for bound in interval)
        contrast = f"{groups.levels[1]} - {groups.levels[0]}"
    return pd.DataFrame(
        {
            "own_group": cells.own,
            "target_group": cells.target,
            "suppressed": ~published,
            "contrast": contrast,
            "diff": diff,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "statistic": np.where(published, test.statistic, np.nan),
            "p_value": test.p,
            "q_value": test.q,
            "permutation_unit": groups.unit,
            "permutations": test.used,
            "exact": test.exact,
            "p_min": test.p_min,
        }
    )


def _rating_cells(analysis: Analysis, groups: Groups, published: np.ndarray) -> np.ndarray:
    """Each scored rating's published level cell (level x compared cell, as one integer), or -1."""
    g = len(analysis.codes)
    rated = analysis.scores.cells
    cell = np.searchsorted(groups.cells, code_positions(rated["own_group"], analysis.codes) * g
                           + code_positions(rated["target_group"], analysis.codes))
    shown = (groups.row_level >= 0) & published[cell]
    return np.where(shown, groups.row_level * len(groups.cells) + cell, -1)


def _comparison(
    groups: Groups, cells: LevelCells, test: _Test, interval: tuple[np.ndarray, np.ndarray] | None, parameters: dict,
    rating_cells: np.ndarray,
) -> Comparison:
    """Assemble the result; ``parameters`` gets the units and respondents per level."""
    k = len(groups.levels)
    discoveries = int((test.q < ALPHA).sum())
    return Comparison(
        table=_level_table(cells, groups),
        tests=_tests_table(groups, cells, test, interval),
        by=parameters["by"],
        levels=list(groups.levels),
        permutation_unit=groups.unit,
        permutations=test.used,
        exact=test.exact,
        p_min=test.p_min,
        facts=_facts(groups, int(cells.published.sum()), test.exact, test.used, test.p_min, discoveries),
        parameters={
            **parameters,
            "units_per_level": dict(zip(groups.levels, np.bincount(groups.unit_level, minlength=k).tolist())),
            "respondents_per_level": dict(zip(groups.levels, np.bincount(groups.resp_level, minlength=k).tolist())),
        },
        cells=rating_cells,
    )
