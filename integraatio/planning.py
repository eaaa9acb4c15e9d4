"""Plan the next survey: how many respondents per task group does the analysis need?

:func:`plan` fits a pilot or earlier survey (default: the shipped one) with
:func:`integraatio.synth.fit_survey`, draws many surveys from the fit at each number of
respondents per group (:func:`integraatio.synth.draw_fitted`), analyses each as
``integraatio run`` would, and measures how well a survey of that size answers the
study's questions:

- do its clusters reproduce the pilot's (adjusted Rand index, and each group's stability:
  how often it shares a cluster with its pilot cluster mates),
- how wide is the 95 % interval of a cell mean, and how many cells are suppressed,
- and, with ``effect`` and ``compare_by``, how often the group comparison
  (:func:`integraatio.compare.compare_groups`, whole organisations permuted) finds a
  difference of ``effect`` points in a cell at q < 0.05.

Nothing here draws or writes, except :func:`write_plan`, which writes a plan's results
folder for ``integraatio plan``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .checks import check_integer
from .exceptions import InsufficientDataError, UsageError
from .messages import MESSAGES, check_lang, number, percent
from .messages import text as msg
from .options import AnalysisOptions, takes_options

__all__ = ["DEFAULT_SIZES", "STABLE", "Plan", "plan", "plan_sentences", "write_plan"]

#: The default grid of respondents per group.
DEFAULT_SIZES = (5, 10, 15, 20, 30, 50)
#: A group is stable when it shares a cluster with its pilot cluster mates this often.
STABLE = 0.8
#: Significance level of the power estimate (Benjamini-Hochberg q).
ALPHA = 0.05
#: Where a planned difference sits: one cell, every cell of one target group, every cell.
PLACEMENTS = ("cell", "group", "all")
#: Relabellings of the comparison's test: as many as ``integraatio run`` uses.
PERMUTATIONS = 9999
PLAN_COLUMNS = [
    "respondents_per_group", "respondents", "organisations", "surveys", "ari_mean", "ari_sd", "ari_low", "ari_high",
    "share_reproduced", "share_stable", "pilot_ari_mean", "pilot_ari_low", "pilot_ari_high", "ci_width", "share_suppressed", "effect", "placement", "power",
    "power_unadjusted", "p_min", "q_min",
]  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """What surveys of each size would show (:func:`plan`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per number of respondents per group: ``respondents_per_group``;
        ``respondents`` (all groups) and ``organisations`` of each simulated survey;
        ``surveys`` simulated; ``ari_mean``, ``ari_sd``, ``ari_low``, ``ari_high`` (mean,
        SD, 2.5 % and 97.5 % quantiles of the adjusted Rand index of a survey's clusters
        against its truth: the clusters of the refitted pilot it was drawn from, or the
        pilot's without ``refit``); ``share_reproduced`` (share of surveys whose clusters
        are exactly their truth); ``share_stable`` (share of groups with stability >= 0.8);
        ``pilot_ari_mean``, ``pilot_ari_low``, ``pilot_ari_high`` (the refitted pilots'
        clusters against the pilot's: how uncertain the pilot's partition is; empty
        without ``refit``); ``ci_width`` (median width, in integration-need points, of
        the 95 % interval of a published cell mean); ``share_suppressed`` (share of the
        cells rated by a responding group that have fewer than ``min_n`` ratings or are
        suppressed with them); ``effect``, ``placement``, ``power`` (share of the cells
        carrying the effect in which the comparison finds it at q < 0.05),
        ``power_unadjusted`` (at p < 0.05), ``p_min`` (the smallest p the comparison can
        give) and ``q_min`` (the smallest Benjamini-Hochberg q the carrying cells can
        reach), empty without ``effect``.
    stability : pandas.DataFrame
        One row per respondents per group and node: ``respondents_per_group``, ``node``,
        ``cluster`` (the pilot's), ``stability``.
    pilot : Mapping
        The pilot: ``respondents``, ``respondents_per_group`` (median), ``min_per_group``,
        ``max_per_group``, ``organisations``, ``clusters``, ``membership``.
    parameters : Mapping
        Everything that produced the plan, the seed included.

    Notes
    -----
    Each simulated survey is analysed as ``integraatio run`` would (scored on its own
    data, cells with fewer than ``min_n`` ratings suppressed with their companions,
    clustered with the same engine and resolution). The surveys of one size are scored
    and aggregated together, as arrays (one ``bincount`` over survey x cell); only their
    clustering (:func:`integraatio.communities.community_labels`, as
    :func:`integraatio.analysis.analyse_scores` calls it) and comparison run one survey at
    a time, and no layout is computed. The figures are those of
    :func:`~integraatio.analysis.analyse_scores` on each survey's table up to rounding
    (about 1e-14). With :math:`L_b` the partition of survey :math:`b` and :math:`P` the
    pilot's:

    - ``ari_*``: the adjusted Rand index :math:`ARI(T_b, L_b)` over the surveys, with
      :math:`T_b` survey :math:`b`'s truth: the clusters of the pilot's :math:`b`-th
      bootstrap resample, from whose refit the survey is drawn (:math:`T_b = P` without
      ``refit``); ``pilot_ari_*``: :math:`ARI(P, T_b)`. A pilot whose own clusters are
      weak shows there, however well surveys reproduce their truth;
    - stability of group :math:`i`: the mean over surveys and over :math:`i`'s cluster
      mates :math:`j` in :math:`T_b` of :math:`[L_b(i) = L_b(j)]` (as
      :func:`integraatio.stability.bootstrap` defines it, with simulated surveys in
      place of bootstrap replicates); ``share_stable`` = share of groups with
      stability >= 0.8;
    - ``ci_width``: median over surveys of the median over published cells of
      :math:`2\\, t_{0.975,\\, n-1}\\, s / \\sqrt{n}`;
    - ``power``: mean over surveys of the share of the cells carrying the effect (those
      the comparison can test) with Benjamini-Hochberg :math:`q < 0.05` in
      :func:`integraatio.compare.compare_groups` (whole organisations relabelled, as
      many relabellings as ``integraatio run``). With :math:`D = 0` it is the false
      discovery rate's per-cell counterpart (about 0), and ``power_unadjusted``
      (:math:`p < 0.05`) is about the test's level 0.05;
    - ``p_min``: the comparison's smallest attainable p, :math:`1/R` for :math:`R`
      enumerated relabellings, :math:`1/(R + 1)` sampled; ``q_min``:
      :math:`\\min(1, p_{min}\\, m / k)` for :math:`k` carrying cells among :math:`m`
      tested, the q they get when all share the smallest p (medians over surveys). When
      ``q_min`` >= 0.05 the difference cannot be found at that design, whatever the
      number of answers.

    The model behind the simulated answers is in :func:`integraatio.synth.fit_survey`.
    It has no subgroups and no size-class difference other than ``effect``.
    """

    table: pd.DataFrame
    stability: pd.DataFrame
    pilot: Mapping[str, Any]
    parameters: Mapping[str, Any]


def _read(survey, codebook):
    from .codebook import Codebook, load_codebook
    from .datasets import survey_path
    from .survey import read_survey

    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    if isinstance(survey, pd.DataFrame):
        return read_survey(survey, codebook=cb), cb, None
    source = Path(survey) if survey is not None else survey_path()
    return read_survey(source, codebook=cb), cb, source


def _check_comparison(effect, compare_by, organisations, cb, targets) -> None:
    if (effect is None) != (compare_by is None):
        raise UsageError(
            "`effect` and `compare_by` go together: the power to find a difference of `effect` points needs the "
            f"grouping to compare by (e.g. compare_by='size_class'); got effect={effect!r}, compare_by={compare_by!r}."
        )
    if effect is None:
        return
    if isinstance(effect, bool) or not isinstance(effect, (int, float, np.number)) or not np.isfinite(effect):
        raise UsageError(f"`effect` must be a finite number of integration-need points, e.g. 15; got {effect!r}.")
    attributes = {k for a in cb.municipality_attributes.values() for k in a}
    allowed = {"size_class"} | (attributes if organisations is None else set())
    if compare_by not in allowed:
        raise UsageError(
            f"`compare_by` = {compare_by!r} is not known for a simulated survey: use {', '.join(sorted(allowed))} "
            "(a codebook [[municipalities]] attribute only with the pilot's own organisations)."
        )
    unknown = [t for t in targets or () if t not in cb.codes]
    if unknown:
        raise UsageError(f"`effect_targets` names {unknown}, which are not group codes of the codebook.")


def _levels(fit, cb, by: str, organisations) -> dict[str, Any]:
    """The compared levels of the planned organisations and how many are in the second."""
    from .compare.groups import level_values, order_levels  # here: a plan without a comparison needs no tests
    from .synth import planned_organisations

    values = level_values(planned_organisations(fit, organisations), by, cb).dropna()
    levels = order_levels(sorted(values.unique()), by, cb)
    if len(levels) < 2:
        raise InsufficientDataError(
            f"Comparing by {by!r} needs organisations in at least two levels; the planned organisations have "
            f"{levels or 'none'}. Check the size classes of the pilot or the codebook's [[municipalities]]."
        )
    return {"levels": levels, "second_level_organisations": int((values == levels[1]).sum())}


def _with_effect(analysis, codebook, by: str, effect: float, cells: pd.MultiIndex):
    """The analysis with ``effect`` points added to the ratings of the comparison's second
    level in ``cells`` (own group, target group)."""
    from .compare.groups import level_values, order_levels

    s = analysis.scores
    frame = s.scores
    values = level_values(frame, by, codebook)
    levels = order_levels(sorted(values.dropna().unique()), by, codebook)
    if len(levels) < 2:
        return None
    keys = pd.MultiIndex.from_arrays([frame["own_group"].astype(str), frame["target_group"].astype(str)])
    hit = (values == levels[1]).to_numpy(bool) & keys.isin(cells)
    shifted = np.asarray(s.values, float) + effect * hit
    return dataclasses.replace(analysis, scores=dataclasses.replace(s, values=shifted))


@dataclass(frozen=True)
class _Effect:
    """The difference whose power a plan estimates, where it sits, and how it is tested."""

    size: float
    compare_by: str
    targets: list[str] | None
    permutations: int
    placement: str


def _placed(tests: pd.DataFrame, effect: _Effect, rng: np.random.Generator) -> pd.MultiIndex | None:
    """The cells (of ``effect.targets``) that carry the effect, among those the comparison
    can test (``tests`` of :func:`integraatio.compare.compare_groups`): all of them, those
    of one target group drawn at random, or one cell drawn at random."""
    from .codebook import code_key

    shown = tests.loc[~tests["suppressed"].to_numpy(bool), ["own_group", "target_group"]].astype(str)
    if effect.targets is not None:
        shown = shown.loc[shown["target_group"].isin(effect.targets)]
    if shown.empty:
        return None
    if effect.placement == "group":
        groups = sorted(shown["target_group"].unique(), key=code_key)
        shown = shown.loc[shown["target_group"] == groups[rng.integers(len(groups))]]
    elif effect.placement == "cell":
        shown = shown.iloc[[rng.integers(len(shown))]]
    return pd.MultiIndex.from_frame(shown)


def _power(drawn, cb, *, options: AnalysisOptions, effect: _Effect, seed: int,
           pick: np.random.SeedSequence) -> tuple[float, float, float, float]:
    """Share of the cells carrying the effect in which the comparison finds it, at q and p
    < 0.05; the smallest p the test can give, and the smallest q those cells can reach."""
    from .analysis import Analysis, published_pairs
    from .compare import compare_groups
    from .composite import score

    scores = score(drawn.table(), measure=options.measure, missing=options.missing)
    pairs = published_pairs(scores, codes=cb.codes, min_n=options.min_n)
    # The comparison reads only the scores, the published pairs, the codes and min_n: the
    # graph, clusters and layout of a full analysis would be built for nothing.
    a = Analysis(scores=scores, pairs=pairs, matrix=None, symmetric=None, graph=None, partition=None, clusters=None,
                 codes=cb.codes, parameters={"min_n": options.min_n, "symmetrise": options.symmetrise})
    # Which cells the comparison can test depends on the counts alone: one relabelling tells.
    testable = compare_groups(a, codebook=cb, by=effect.compare_by, permutations=1, n_boot=1, seed=seed).tests
    cells = _placed(testable, effect, np.random.default_rng(pick))
    shifted = None if cells is None else _with_effect(a, cb, effect.compare_by, effect.size, cells)
    if shifted is None:
        return np.nan, np.nan, np.nan, np.nan
    c = compare_groups(shifted, codebook=cb, by=effect.compare_by, permutations=effect.permutations, n_boot=1, seed=seed)
    tests = c.tests
    tested = ~tests["suppressed"].to_numpy(bool)
    keys = pd.MultiIndex.from_arrays([tests["own_group"].astype(str), tests["target_group"].astype(str)])
    carries = tested & keys.isin(cells)
    # Benjamini-Hochberg: k cells sharing the smallest p among m tested get q = p_min * m / k.
    q_min = min(1.0, c.p_min * tested.sum() / carries.sum())
    return (float((tests["q_value"].to_numpy(float)[carries] < ALPHA).mean()),
            float((tests["p_value"].to_numpy(float)[carries] < ALPHA).mean()), c.p_min, q_min)


def _standardised(x: np.ndarray, sizes: np.ndarray, what: str) -> np.ndarray:
    """``(x - mean) / sd`` within each survey, its ``sizes[b]`` values one block after the
    other; NaN ignored, sd with ddof = 1."""
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])  # no survey is empty: _scores refuses it
    present = ~np.isnan(x)
    count = np.add.reduceat(present.astype(np.int64), start)
    mean = np.add.reduceat(np.where(present, x, 0.0), start) / count
    centred = x - np.repeat(mean, sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.add.reduceat(np.where(present, centred * centred, 0.0), start) / (count - 1))
    if not (sd > 0).all():  # also a survey with a single value (NaN)
        raise InsufficientDataError(f"{what} has the same value in all scored ratings of a simulated survey, "
                                    "so it cannot be standardised.")
    return centred / np.repeat(sd, sizes)


def _scores(own: np.ndarray, answers: list[np.ndarray], options: AnalysisOptions
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`integraatio.composite.score` of many surveys at once (``answers``: each one's
    ``(n, G, 3)`` answers, NaN missing; ``own``: its respondents' own groups, the same in
    every survey): the survey, the cell (``own * G + target``) and the integration need of
    every scored rating, the ratings of a survey in its table's order."""
    from .composite import CENTER, SPREAD
    from .options import ITEMS

    n, g, _ = answers[0].shape
    items = [ITEMS.index(i) for i in (ITEMS if options.measure == "composite" else [options.measure])]
    rows = np.repeat(own, g) * g + np.tile(np.arange(g), n)  # every rating's cell, the same in every survey
    kept = []
    for a in answers:  # one survey at a time: the stack of all answers would be the largest array by far
        x = a.reshape(n * g, 3)[:, items]
        absent = np.isnan(x)
        enough = ~absent.any(axis=1) if options.missing == "complete" else ~absent.all(axis=1)
        scored = np.flatnonzero(enough & (rows // g != rows % g))  # self-ratings are never scored
        kept.append((scored, x[scored]))
    sizes = np.array([len(k[0]) for k in kept])
    if sizes.min() < 2:
        raise InsufficientDataError(f"A simulated survey has only {sizes.min()} rating(s) that can be scored on "
                                    f"{options.measure!r}; at least 2 are needed.")
    x = np.concatenate([k[1] for k in kept]).T.copy()  # one contiguous row per item
    total, present = np.zeros(x.shape[1]), np.zeros(x.shape[1])
    for j, i in enumerate(items):  # the mean of the items' z, summed in item order as score sums them
        z = _standardised(x[j], sizes, f"Item {ITEMS[i]!r}")
        total += np.nan_to_num(z)
        present += ~np.isnan(z)
    values = CENTER + SPREAD * _standardised(total / present, sizes, "The mean of the item z-scores")
    return np.repeat(np.arange(len(answers)), sizes), rows[np.concatenate([k[0] for k in kept])], values


def _cells(survey: np.ndarray, cell: np.ndarray, values: np.ndarray, *, surveys: int, g: int,
           min_n: int) -> dict[str, np.ndarray]:
    """:func:`integraatio.analysis.published_pairs` of many surveys: ``n``, ``mean``, ``sd``
    and ``published`` of every cell, each ``(B, G * G)``.

    One ``bincount`` per moment over the key ``survey * G^2 + cell``, the ratings of a
    survey in its table's order, as :func:`integraatio.matrix.pair_table` sums them. A
    cell with ratings is suppressed below ``min_n``; when the suppressed cells of a survey
    hold between 1 and ``min_n - 1`` ratings, its smallest published cell (the first in
    code order) is suppressed with them (:func:`integraatio.disclosure.companion_cells`).
    """
    size = surveys * g * g
    key = survey * g * g + cell
    n = np.bincount(key, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(key, weights=values, minlength=size) / n
        sd = np.sqrt(np.bincount(key, weights=(values - mean[key]) ** 2, minlength=size) / (n - 1))
    n, mean, sd = (a.reshape(surveys, g * g) for a in (n, mean, sd))
    published = n >= min_n
    hidden = np.where(published, 0, n).sum(axis=1)
    companion = np.argmin(np.where(published, n, np.iinfo(n.dtype).max), axis=1)
    needs = np.flatnonzero((hidden > 0) & (hidden < min_n) & published.any(axis=1))
    published[needs, companion[needs]] = False
    return {"n": n, "mean": mean, "sd": sd, "published": published}


def _labels(cells: dict[str, np.ndarray], codes: list[str], *, seeds: np.ndarray, options: AnalysisOptions,
            advance) -> np.ndarray:
    """Each survey's clusters, ``(B, G)``, as :func:`integraatio.analysis.analyse_scores`
    finds them: the graph of the published cells without the groups nobody rated, its
    nodes in code order, through :func:`integraatio.communities.community_labels`. Only
    equality of labels means anything; a group nobody rated, and every group of a survey
    with no tie, is alone (negative labels)."""
    from .codebook import code_key
    from .communities import community_labels
    from .composite import CENTER
    from .network import edge_weights, symmetrise_cells

    b, g = len(seeds), len(codes)
    means = np.where(cells["published"], cells["mean"], np.nan).reshape(b, g, g)
    weights = edge_weights(symmetrise_cells(means, how=options.symmetrise), weighting=options.weighting, baseline=CENTER)
    rated = (cells["n"].reshape(b, g, g) > 0)
    rated = rated.any(axis=2) | rated.any(axis=1)
    order = np.array(sorted(range(g), key=lambda i: code_key(codes[i])))
    labels = np.tile(-1 - np.arange(g), (b, 1))
    for k in range(b):
        nodes = order[rated[k, order]]
        w = weights[k][np.ix_(nodes, nodes)]
        if (np.triu(w, 1) > 0).any():  # NaN compares False; no tie: analyse_scores refuses the survey
            labels[k, nodes] = community_labels(w, engine=options.engine, resolution=options.resolution, seed=int(seeds[k]))
        advance(1)
    return labels


def _one_size(fit, cb, *, size: int, organisations, children: Sequence[np.random.SeedSequence],
              options: AnalysisOptions, effect: _Effect | None, fits: list | None, advance) -> dict[str, np.ndarray]:
    """Simulate the surveys of one size (one per child seed; survey ``k`` from ``fits[k]``,
    or all from ``fit``) and measure each as a full run would: all of them as arrays, but
    their clustering and comparison one by one."""
    from scipy.special import stdtrit  # t.ppf(p, df) of scipy.stats, without importing it

    from .synth import draw_fitted, planned_organisations

    seeds = np.empty(len(children), dtype=np.int64)
    drawn, picks, orgs = [], [], planned_organisations(fit, organisations)
    for k, child in enumerate(children):
        survey_seq, other, pick = child.spawn(3)  # the first two as child.spawn(2) gives them
        seeds[k] = np.random.default_rng(other).integers(2**31)
        picks.append(pick)
        drawn.append(draw_fitted(fit if fits is None else fits[k], respondents=size, organisations=orgs, seed=survey_seq))
    survey, cell, values = _scores(drawn[0].own, [d.answers for d in drawn], options)
    cells = _cells(survey, cell, values, surveys=len(drawn), g=len(cb.codes), min_n=options.min_n)
    labels = _labels(cells, cb.codes, seeds=seeds, options=options, advance=advance)
    clustered = (labels >= 0).any(axis=1)  # analyse_scores found a tie to cluster
    n, shown = cells["n"], cells["published"] & (cells["n"] >= 2)
    counts, at = np.unique(np.where(shown, n, 2), return_inverse=True)  # t quantiles of the few counts only
    with np.errstate(invalid="ignore", divide="ignore"):
        width = np.where(shown, 2 * stdtrit(counts - 1, 0.975)[at.reshape(n.shape)] * cells["sd"] / np.sqrt(n), np.nan)
    found = {
        "labels": labels,
        "ci_width": np.array([np.median(w[~np.isnan(w)]) if c and (~np.isnan(w)).any() else np.nan
                              for w, c in zip(width, clustered)]),
        "published": np.where(clustered, cells["published"].sum(axis=1), 0),
        **{k: np.full(len(children), np.nan) for k in ("power", "power_unadjusted", "p_min", "q_min")},
    }
    if effect is not None:
        for k in np.flatnonzero(clustered):
            (found["power"][k], found["power_unadjusted"][k], found["p_min"][k],
             found["q_min"][k]) = _power(drawn[k], cb, options=options, effect=effect, seed=int(seeds[k]), pick=picks[k])
    return found


def _grid(sizes: Sequence[int], *, replicates: int, permutations: int, organisations: int | None) -> list[int]:
    """The sizes to simulate, sorted, once the counts of a plan are checked."""
    grid = list(sizes)
    if not grid:
        raise UsageError("`sizes` is empty; give one or more numbers of respondents per group, e.g. 5,10,20.")
    for s in grid:
        check_integer("sizes", s, low=2)
    if len(set(grid)) < len(grid):
        raise UsageError(f"`sizes` repeats a size: {grid}; give each number of respondents per group once.")
    check_integer("replicates", replicates, low=2)
    check_integer("permutations", permutations, low=1)
    if organisations is not None:
        check_integer("organisations", organisations, low=2)
    return sorted(int(s) for s in grid)


@takes_options(AnalysisOptions)
def plan(survey: str | os.PathLike | pd.DataFrame | None = None, /, *, codebook=None, sizes: Sequence[int] = DEFAULT_SIZES,
         organisations: int | None = None, effect: float | None = None, compare_by: str | None = None,
         effect_targets: Sequence[str] | None = None, placement: str = "cell", replicates: int = 200,
         permutations: int = PERMUTATIONS, refit: bool = True, reporter=None, options: AnalysisOptions) -> Plan:
    """How many respondents per group does the next survey need? Simulate it at each size.

    Parameters
    ----------
    survey : path or pandas.DataFrame, optional
        The pilot or earlier survey to fit; default the shipped synthetic survey.
    codebook : path or Codebook, optional
        Default: the shipped codebook.
    sizes : sequence of int, default (5, 10, 15, 20, 30, 50)
        Respondents per responding group in the simulated surveys.
    organisations : int, optional
        Number of organisations in the planned survey, in the pilot's mix of size classes
        (40 with the shipped survey's 3 large of 12: 10 large). Default the pilot's own.
    effect, compare_by, effect_targets : optional
        A difference, in integration-need points (mean 100, SD 40), whose power is estimated:
        added to the ratings of the second level of ``compare_by`` (``size_class``, or with
        the pilot's organisations a codebook ``[[municipalities]]`` attribute) in the cells
        that ``placement`` chooses among the published cells of ``effect_targets``
        (default every target group).
    placement : {"cell", "group", "all"}, default "cell"
        Where the difference sits: one cell (drawn at random in each simulated survey), every
        cell of one target group (drawn at random), or every cell. Benjamini-Hochberg
        rewards many true differences at once, so the power for one cell is far below that
        for all cells.
    replicates : int, default 200
        Simulated surveys per size (the standard error of a share is at most
        0.5 / sqrt(replicates)).
    permutations : int, default 9999
        Relabellings of the comparison's permutation test when they cannot all be
        enumerated: ``integraatio run``'s number, so that the smallest attainable p is the
        one the real comparison will have.
    refit : bool, default True
        Draw each simulated survey from the pilot refitted on a bootstrap resample of its
        respondents (within their own group), whose own clusters are that survey's truth;
        the table then shows both how well a survey reproduces its truth and how far the
        refitted pilots' clusters agree with the pilot's. False: every survey from the
        pilot itself.
    min_n, resolution, engine, measure, missing, weighting, symmetrise
        As :func:`integraatio.analysis.analyse`, for the pilot and every simulated survey.
    seed : int, default 1
        Root seed. The surveys of a size come from ``SeedSequence(seed).spawn``-style child
        seeds keyed by the size itself, so one size's results do not depend on the grid.
    lang, reporter
        The progress bar's language, and its :class:`~integraatio.reporter.Reporter`.

    Returns
    -------
    Plan
        Its Notes say what each column measures, and how.

    Raises
    ------
    UsageError
        A bad size, count or option, or ``effect`` without ``compare_by``.
    InsufficientDataError
        The pilot cannot be fitted or clustered.

    Examples
    --------
    >>> p = plan(sizes=[5, 20], replicates=10, seed=1)
    >>> p.table[["respondents_per_group", "respondents"]].values.tolist()
    [[5, 90], [20, 360]]
    >>> bool(p.table["ari_mean"].iloc[1] >= p.table["ari_mean"].iloc[0])
    True
    """
    from .analysis import analyse
    from .checks import check_choice
    from .communities import resolve_seed
    from .synth import fit_survey

    options = dataclasses.replace(options, seed=resolve_seed(options.seed))
    grid = _grid(sizes, replicates=replicates, permutations=permutations, organisations=organisations)
    check_choice("placement", placement, PLACEMENTS)
    targets = None if effect_targets is None else [str(t) for t in effect_targets]
    read, cb, source = _read(survey, codebook)
    _check_comparison(effect, compare_by, organisations, cb, targets)
    fit = fit_survey(read.data, codebook=cb)
    compared = {} if compare_by is None else _levels(fit, cb, compare_by, organisations)
    pilot = analyse(read.data, codebook=cb, options=options)
    full = np.array([pilot.partition.membership.get(c, -1 - i) for i, c in enumerate(cb.codes)])
    tested = None if effect is None else _Effect(float(effect), compare_by, targets, permutations, placement)
    options = dataclasses.replace(options, engine=pilot.partition.engine)  # "auto" resolved
    truths = _refits(read.data, fit, cb, replicates=replicates, options=options) if refit else None
    table, stability = _simulate(fit, cb, grid=grid, full=full, truths=truths, organisations=organisations,
                                 replicates=replicates, options=options, effect=tested, say=reporter)
    asked = {"input": source.name if source is not None else None,  # never the folder: it names the analyst
             "input_sha256": read.sha256, "sizes": grid, "organisations": organisations,
             "effect": None if effect is None else float(effect), "compare_by": compare_by, "effect_targets": targets,
             **({} if effect is None else {"placement": placement}), **compared, "replicates": replicates,
             "permutations": permutations, "refit": refit}
    return Plan(table=table, stability=stability, pilot=_pilot(fit, pilot, cb, full),
                parameters=_parameters(asked, options))


def _parameters(asked: dict[str, Any], options: AnalysisOptions) -> dict[str, Any]:
    """:attr:`Plan.parameters`: what was asked, then the analysis's options."""
    chosen = {"min_n": options.min_n, "resolution": options.resolution, "engine": options.engine, "stable": STABLE,
              "alpha": ALPHA, "seed": options.seed}
    # Those plan has taken since AnalysisOptions only when set: a default plan's manifest stays as it was.
    return {**asked, **chosen, **{k: getattr(options, k) for k in ("measure", "missing", "weighting", "symmetrise")
                                  if getattr(options, k) != getattr(AnalysisOptions, k)}}


def _pilot(fit, pilot, cb, full: np.ndarray) -> dict[str, Any]:
    """:attr:`Plan.pilot`."""
    per_group = fit.respondents
    return {
        "respondents": int(per_group.sum()),
        "respondents_per_group": float(per_group.median()),
        "min_per_group": int(per_group.min()),
        "max_per_group": int(per_group.max()),
        "organisations": int(len(fit.organisations)),
        "clusters": len(pilot.partition.clusters),
        "membership": {c: int(k) for c, k in zip(cb.codes, full)},
    }


def _simulate(fit, cb, *, grid: list[int], full: np.ndarray, truths: _Truths | None, organisations, replicates: int,
              options: AnalysisOptions, effect: _Effect | None, say) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate ``replicates`` surveys of each size and measure them: :attr:`Plan.table` and
    :attr:`Plan.stability`."""
    from .reporter import Reporter

    rows, stability_rows = [], []
    with (say or Reporter()).progress(msg("status.plan", options.lang), len(grid) * replicates) as advance:
        for size in grid:
            children = np.random.SeedSequence(options.seed, spawn_key=(size,)).spawn(replicates)
            found = _one_size(fit, cb, size=size, organisations=organisations, children=children, options=options,
                              effect=effect, fits=None if truths is None else truths.fits, advance=advance)
            reference = np.tile(full, (replicates, 1)) if truths is None else truths.labels
            row, stab = _measured(found, reference, full, fit=fit, cb=cb, organisations=organisations, effect=effect)
            if truths is None:  # every survey's truth is the pilot's partition: nothing to say of its uncertainty
                row.update(pilot_ari_mean=np.nan, pilot_ari_low=np.nan, pilot_ari_high=np.nan)
            rows.append({"respondents_per_group": size, "respondents": size * len(fit.responding), **row})
            stability_rows.append(
                pd.DataFrame({"respondents_per_group": size, "node": cb.codes, "cluster": full, "stability": stab})
            )
    return pd.DataFrame(rows, columns=PLAN_COLUMNS), pd.concat(stability_rows, ignore_index=True)


def _stability(reference: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each group's stability against each survey's own truth: the mean over surveys
    :math:`b` and over :math:`i`'s cluster mates :math:`j` in ``reference[b]`` of
    :math:`[L_b(i) = L_b(j)]` (for a group alone in its truth, the share of surveys in
    which it is alone too). With one reference for all it is
    :func:`integraatio.stability.node_stability`."""
    mates = reference[:, :, None] == reference[:, None, :]
    idx = np.arange(reference.shape[1])
    mates[:, idx, idx] = False
    same = labels[:, :, None] == labels[:, None, :]
    k = mates.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        together = (same & mates).sum(axis=(0, 2)) / k.sum(axis=0)
    alone = (same.sum(axis=2) == 1).mean(axis=0)
    return np.where(k.sum(axis=0) > 0, together, alone)


def _measured(found: dict[str, np.ndarray], reference: np.ndarray, full: np.ndarray, *, fit, cb, organisations,
              effect: _Effect | None) -> tuple[dict[str, Any], np.ndarray]:
    """One size's row of :attr:`Plan.table` (but its size) from its simulated surveys, and each group's stability."""
    from .stability import adjusted_rand

    labels = found["labels"]
    ari = np.array([adjusted_rand(r, lab[None])[0] for r, lab in zip(reference, labels)])
    pilot = adjusted_rand(full, reference)
    stab = np.where(full < 0, np.nan, _stability(reference, labels))
    widths = found["ci_width"]
    rated = len(fit.responding) * (len(cb.codes) - 1)

    def mean(column: str) -> float:
        values = found[column]
        return float(np.nanmedian(values) if column in ("p_min", "q_min") else np.nanmean(values)) \
            if (~np.isnan(values)).any() else np.nan

    return {
        "organisations": len(fit.organisations) if organisations is None else int(organisations),
        "surveys": len(labels),
        "ari_mean": float(ari.mean()),
        "ari_sd": float(ari.std(ddof=1)),
        "ari_low": float(np.quantile(ari, 0.025)),
        "ari_high": float(np.quantile(ari, 0.975)),
        "share_reproduced": float(np.mean(ari == 1.0)),
        "share_stable": float(np.mean(stab[~np.isnan(stab)] >= STABLE)),
        "pilot_ari_mean": float(pilot.mean()),
        "pilot_ari_low": float(np.quantile(pilot, 0.025)),
        "pilot_ari_high": float(np.quantile(pilot, 0.975)),
        "ci_width": float(np.median(widths[~np.isnan(widths)])) if (~np.isnan(widths)).any() else np.nan,
        "share_suppressed": float(1.0 - np.mean(found["published"]) / rated),
        "effect": effect.size if effect is not None else np.nan,
        "placement": effect.placement if effect is not None else None,
        **{k: mean(k) for k in ("power", "power_unadjusted", "p_min", "q_min")},
    }, stab


@dataclass(frozen=True)
class _Truths:
    """The pilot refitted on bootstrap resamples: one fit per simulated survey of a size,
    and the clusters of its resample (that survey's truth), ``(B, G)``."""

    fits: list
    labels: np.ndarray


def _refits(data: pd.DataFrame, fit, cb, *, replicates: int, options: AnalysisOptions) -> _Truths:
    """Refit the pilot on ``replicates`` bootstrap resamples of its respondents (within their
    own group, as :func:`integraatio.stability.bootstrap` resamples), keeping the pilot's
    organisations and groups (:func:`integraatio.synth.fit_ratings`). Each resample's
    clusters, the truth of the surveys drawn from its fit, are found as those surveys'
    clusters are: all resamples together as arrays (:func:`_scores`, :func:`_cells`,
    :func:`_labels`).

    Resample :math:`k` has the child seed ``SeedSequence(seed, spawn_key=(0, k))``, the
    same for every size, so the :math:`k`-th survey of every size has the same truth."""
    from .synth import fit_ratings, survey_ratings

    ratings = survey_ratings(data, codebook=cb)
    people, person = np.unique(data["respondent_id"].astype(str).to_numpy(), return_inverse=True)
    own = pd.Series(data["own_group"].astype(str).to_numpy()).groupby(person).first().to_numpy()
    rater = person[ratings.rows]
    order = np.argsort(rater, kind="stable")  # each respondent's ratings in the table's order
    bounds = np.searchsorted(rater[order], np.arange(len(people) + 1))
    theirs = [order[bounds[r]:bounds[r + 1]] for r in range(len(people))]
    g = len(cb.codes)
    answers = np.full((len(people), g, 3), np.nan)  # respondent x target x item, as a drawn survey's
    answers[rater, ratings.target] = ratings.x
    fits, drawn, seeds = [], [], np.empty(replicates, dtype=np.int64)
    for k in range(replicates):
        draw, other = np.random.SeedSequence(options.seed, spawn_key=(0, k)).spawn(2)
        rng = np.random.default_rng(draw)
        chosen = np.concatenate([rng.choice(np.flatnonzero(own == c), size=(own == c).sum()) for c in np.unique(own)])
        counts = [len(theirs[r]) for r in chosen]
        # Each draw is a respondent of its own, as a resample's fresh ids make it.
        resample = ratings.take(np.concatenate([theirs[r] for r in chosen]),
                                respondent=np.repeat(np.arange(len(chosen)), counts))
        fits.append(fit_ratings(resample, design=fit))
        drawn.append(answers[chosen])
        seeds[k] = np.random.default_rng(other).integers(2**31)
    # Drawn by group, the same number from each: every resample's respondents have the same own groups.
    survey, cell, values = _scores(pd.Index(cb.codes).get_indexer(own[chosen]), drawn, options)
    cells = _cells(survey, cell, values, surveys=replicates, g=g, min_n=options.min_n)
    return _Truths(fits, _labels(cells, cb.codes, seeds=seeds, options=options, advance=lambda _: None))


def plan_sentences(plan: Plan, /, *, lang: str = "fi", codebook=None) -> list[str]:
    """The plan in plain words, one sentence (or short paragraph) per item.

    Parameters
    ----------
    plan : Plan
    lang : {"fi", "en"}, default "fi"
    codebook : Codebook, optional
        Labels of the compared levels (``[[size_classes]]``); default their names.

    Returns
    -------
    list of str
        The pilot, how uncertain its clusters are (with ``refit``), one text per size,
        whether the difference can be found at any size, the smallest size that
        reproduces the clusters and the caveat.

    Examples
    --------
    >>> p = plan(sizes=[5, 20], replicates=4, seed=1)
    >>> plan_sentences(p, lang="en")[2].startswith("With 5 respondents per group")
    True
    """
    check_lang(lang)
    par, pilot = plan.parameters, plan.pilot
    lines = [
        msg("plan.pilot", lang, respondents=pilot["respondents"], organisations=pilot["organisations"],
            low=pilot["min_per_group"], high=pilot["max_per_group"], median=number(pilot["respondents_per_group"], None, lang),
            clusters=pilot["clusters"], surveys=par["replicates"], seed=par["seed"])
    ]
    first = plan.table.iloc[0]
    if par.get("refit", False):
        lines.append(msg("plan.uncertainty", lang, surveys=par["replicates"], ari=number(first["pilot_ari_mean"], 2, lang),
                         low=number(first["pilot_ari_low"], 2, lang), high=number(first["pilot_ari_high"], 2, lang)))
    by = par.get("compare_by")
    for r in plan.table.to_dict("records"):
        line = msg("plan.size", lang, n=r["respondents_per_group"], reproduced=percent(r["share_reproduced"], lang, 0),
                   ari=number(r["ari_mean"], 2, lang), stable=percent(r["share_stable"], lang, 0),
                   width=number(r["ci_width"], 0, lang), suppressed=percent(r["share_suppressed"], lang, 0))
        if by is not None and r["power"] == r["power"]:
            second = par.get("levels", [None, None])[1]
            label = codebook.level_label(by, second, lang) if codebook is not None and second else str(second)
            by_text = msg(f"by.{by}", lang) if f"by.{by}" in _catalogue() else by
            line += msg("plan.power", lang, by=by_text, effect=number(r["effect"], None, lang), power=percent(r["power"], lang, 0),
                        where=msg(f"plan.where.{r['placement']}", lang), p_min=number(r["p_min"], 4, lang),
                        q_min=number(r["q_min"], 3, lang), organisations=r["organisations"],
                        large=par.get("second_level_organisations", ""), second=label)
        lines.append(line)
    reachable = plan.table["q_min"] < ALPHA
    if by is not None and plan.table["q_min"].notna().any() and not reachable.any():
        best = plan.table.loc[plan.table["q_min"].idxmin()]
        lines.append(msg("plan.unreachable", lang, effect=number(best["effect"], None, lang),
                         where=msg(f"plan.where.{best['placement']}", lang), organisations=best["organisations"],
                         p_min=number(best["p_min"], 4, lang), q_min=number(best["q_min"], 3, lang)))
    enough = plan.table.loc[(plan.table["ari_mean"] >= 0.9) & (plan.table["share_stable"] >= 0.9), "respondents_per_group"]
    lines.append(msg("plan.enough", lang, n=int(enough.iloc[0])) if len(enough) else msg("plan.not_enough", lang))
    lines.append(msg("plan.caveat", lang))
    return lines


def _catalogue():
    from .messages import MESSAGES

    return MESSAGES


def write_plan(plan: Plan, out: str | os.PathLike, /, *, lang: str = "fi", codebook=None, figures: bool = True,
               inputs: Sequence[Path | None] = ()) -> tuple[Path, dict]:
    """Write a plan's results folder (``integraatio plan``), complete or absent.

    Files: ``plan.csv`` (:attr:`Plan.table`), ``plan_stability.csv``, ``plan.png`` and
    ``plan.svg`` (with ``figures``), ``plan.html`` (the plan in plain words) and
    ``manifest.json``, through :func:`integraatio.pipeline.write_folder`.

    Parameters
    ----------
    plan : Plan
    out : path
        A new or empty folder, or an earlier results folder (replaced whole).
    lang : {"fi", "en"}, default "fi"
    codebook : Codebook, optional
        Labels of the compared levels.
    figures : bool, default True
    inputs : sequence of path
        Files the plan read (refused when inside ``out``).

    Returns
    -------
    (pathlib.Path, dict)
        The folder and its manifest.

    Examples
    --------
    >>> import tempfile
    >>> folder, manifest = write_plan(plan(sizes=[5, 10], replicates=4, seed=1), Path(tempfile.mkdtemp()) / "plan",
    ...                               figures=False)
    >>> [f["name"] for f in manifest["files"]]
    ['plan.csv', 'plan.html', 'plan_stability.csv']
    """
    import html

    from . import __version__
    from .pipeline import write_folder
    from .results import packages, save_figure, write_json, write_table

    check_lang(lang)

    def write(stage: Path) -> list[str]:
        write_table(plan.table, stage / "plan.csv")
        write_table(plan.stability, stage / "plan_stability.csv")
        if figures:
            from matplotlib.figure import Figure

            from .plot import plot_plan

            fig = Figure(figsize=(8.0, 5.0))
            plot_plan(plan, ax=fig.subplots(), lang=lang,
                      title=msg("fig.plan_title", lang, n=plan.parameters["replicates"]))
            save_figure(fig, stage / "plan", formats=("png", "svg"), dpi=150)
        sentences = plan_sentences(plan, lang=lang, codebook=codebook)
        shown = plan.table.drop(columns=[c for c in ("effect", "placement", "power", "power_unadjusted", "p_min", "q_min",
                                                     "pilot_ari_mean", "pilot_ari_low", "pilot_ari_high")
                                         if plan.table[c].isna().all()])
        if "placement" in shown:  # the placement in words, in the page's language
            shown = shown.assign(placement=[msg(f"plan.where.{v}", lang) for v in shown["placement"]])
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v, lang))}</td>" for v in r) + "</tr>" for r in shown.itertuples(index=False)
        )
        head = "".join(f"<th>{html.escape(msg(f'head.{c}', lang) if f'head.{c}' in MESSAGES else c)}</th>" for c in shown.columns)
        page = (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(msg("plan.title", lang))}'
            "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45}"
            "table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ccc;padding:0.2em 0.4em;"
            "text-align:right}img{max-width:100%}</style></head><body>\n"
            f"<h1>{html.escape(msg('plan.title', lang))}</h1>\n"
            + "".join(f"<p>{html.escape(s)}</p>\n" for s in sentences)
            + ('<p><img src="plan.png" alt=""></p>\n' if figures else "")
            + f"<h2>{html.escape(msg('plan.table', lang))}</h2>\n<table><tr>{head}</tr>{rows}</table>\n</body></html>\n"
        )
        (stage / "plan.html").write_text(page, encoding="utf-8")
        write_json({"version": __version__, "parameters": {**plan.parameters, "lang": lang}, "pilot": dict(plan.pilot),
                    "input": {"path": plan.parameters.get("input")}, "packages": packages(), "warnings": []},
                   stage / "manifest.json")
        return []

    return write_folder(out, write, inputs=list(inputs))


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, (float, np.floating)):
        return number(value, 3, lang)
    return str(value)
