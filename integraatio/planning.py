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
from .compare.groups import level_values, order_levels
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
PLAN_COLUMNS = [
    "respondents_per_group", "respondents", "organisations", "surveys", "ari_mean", "ari_sd", "ari_low", "ari_high",
    "share_reproduced", "share_stable", "ci_width", "share_suppressed", "effect", "power", "power_unadjusted",
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
        against the pilot's); ``share_reproduced`` (share of surveys whose clusters are
        exactly the pilot's); ``share_stable`` (share of groups with stability >= 0.8);
        ``ci_width`` (median width, in integration-need points, of the 95 % interval of a
        published cell mean); ``share_suppressed`` (share of the cells rated by a
        responding group that have fewer than ``min_n`` ratings or are suppressed with
        them); ``effect``, ``power`` (share of the cells carrying the effect in which the
        comparison finds it at q < 0.05) and ``power_unadjusted`` (at p < 0.05), empty
        without ``effect``.
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

    - ``ari_*``: the adjusted Rand index :math:`ARI(P, L_b)` over the surveys;
    - stability of group :math:`i`: the mean over surveys and over :math:`i`'s pilot
      cluster mates :math:`j` of :math:`[L_b(i) = L_b(j)]` (as
      :func:`integraatio.stability.bootstrap` defines it, with simulated surveys in
      place of bootstrap replicates); ``share_stable`` = share of groups with
      stability >= 0.8;
    - ``ci_width``: median over surveys of the median over published cells of
      :math:`2\\, t_{0.975,\\, n-1}\\, s / \\sqrt{n}`;
    - ``power``: mean over surveys of the share of published cells carrying the effect
      with Benjamini-Hochberg :math:`q < 0.05` in
      :func:`integraatio.compare.compare_groups` (whole organisations relabelled).
      With :math:`D = 0` it is the false discovery rate's per-cell counterpart (about
      0), and ``power_unadjusted`` (:math:`p < 0.05`) is about the test's level 0.05.

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
    from .synth import planned_organisations

    values = level_values(planned_organisations(fit, organisations), by, cb).dropna()
    levels = order_levels(sorted(values.unique()), by, cb)
    if len(levels) < 2:
        raise InsufficientDataError(
            f"Comparing by {by!r} needs organisations in at least two levels; the planned organisations have "
            f"{levels or 'none'}. Check the size classes of the pilot or the codebook's [[municipalities]]."
        )
    return {"levels": levels, "second_level_organisations": int((values == levels[1]).sum())}


def _with_effect(analysis, codebook, by: str, effect: float, targets):
    """The analysis with ``effect`` points added to the ratings of the comparison's second
    level (in the effect's target groups), and the mask of the cells that carry it."""
    s = analysis.scores
    frame = s.scores
    values = level_values(frame, by, codebook)
    levels = order_levels(sorted(values.dropna().unique()), by, codebook)
    if len(levels) < 2:
        return None, None
    hit = (values == levels[1]).to_numpy(bool)
    if targets is not None:
        hit = hit & frame["target_group"].astype(str).isin(list(targets)).to_numpy()
    shifted = np.asarray(s.values, float).copy()
    shifted += effect * hit
    return dataclasses.replace(analysis, scores=dataclasses.replace(s, values=shifted)), levels


@dataclass(frozen=True)
class _Effect:
    """The difference whose power a plan estimates, and how it is tested."""

    size: float
    compare_by: str
    targets: list[str] | None
    permutations: int


def _power(drawn, cb, *, options: AnalysisOptions, effect: _Effect, seed: int) -> tuple[float, float]:
    """Share of the cells carrying the effect in which the comparison finds it, at q and p < 0.05."""
    from .analysis import Analysis, published_pairs
    from .compare import compare_groups
    from .composite import score

    scores = score(drawn.table(), measure=options.measure, missing=options.missing)
    pairs = published_pairs(scores, codes=cb.codes, min_n=options.min_n)
    # The comparison reads only the scores, the published pairs, the codes and min_n: the
    # graph, clusters and layout of a full analysis would be built for nothing.
    a = Analysis(scores=scores, pairs=pairs, matrix=None, symmetric=None, graph=None, partition=None, clusters=None,
                 codes=cb.codes, parameters={"min_n": options.min_n, "symmetrise": options.symmetrise})
    shifted, _ = _with_effect(a, cb, effect.compare_by, effect.size, effect.targets)
    if shifted is None:
        return np.nan, np.nan
    tests = compare_groups(shifted, codebook=cb, by=effect.compare_by, permutations=effect.permutations, n_boot=1,
                           seed=seed).tests
    carries = ~tests["suppressed"].to_numpy(bool)
    if effect.targets is not None:
        carries &= tests["target_group"].astype(str).isin(list(effect.targets)).to_numpy()
    if not carries.any():
        return np.nan, np.nan
    return (float((tests["q_value"].to_numpy(float)[carries] < ALPHA).mean()),
            float((tests["p_value"].to_numpy(float)[carries] < ALPHA).mean()))


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


def _scores(drawn: list, options: AnalysisOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`integraatio.composite.score` of many surveys at once: the survey, the cell
    (``own * G + target``) and the integration need of every scored rating, the ratings
    of a survey in its table's order."""
    from .composite import CENTER, SPREAD
    from .options import ITEMS

    n, g, _ = drawn[0].answers.shape
    items = [ITEMS.index(i) for i in (ITEMS if options.measure == "composite" else [options.measure])]
    rows = np.repeat(drawn[0].own, g) * g + np.tile(np.arange(g), n)  # every rating's cell, the same in every survey
    kept = []
    for d in drawn:  # one survey at a time: the stack of all answers would be the largest array by far
        x = d.answers.reshape(n * g, 3)[:, items]
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
    return np.repeat(np.arange(len(drawn)), sizes), rows[np.concatenate([k[0] for k in kept])], values


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
              options: AnalysisOptions, effect: _Effect | None, advance) -> dict[str, np.ndarray]:
    """Simulate the surveys of one size (one per child seed) and measure each as a full run
    would: all of them as arrays, but their clustering and comparison one by one."""
    from scipy.stats import t

    from .synth import draw_fitted, planned_organisations

    seeds = np.empty(len(children), dtype=np.int64)
    drawn, orgs = [], planned_organisations(fit, organisations)
    for k, child in enumerate(children):
        survey_seq, other = child.spawn(2)
        seeds[k] = np.random.default_rng(other).integers(2**31)
        drawn.append(draw_fitted(fit, respondents=size, organisations=orgs, seed=survey_seq))
    survey, cell, values = _scores(drawn, options)
    cells = _cells(survey, cell, values, surveys=len(drawn), g=len(cb.codes), min_n=options.min_n)
    labels = _labels(cells, cb.codes, seeds=seeds, options=options, advance=advance)
    clustered = (labels >= 0).any(axis=1)  # analyse_scores found a tie to cluster
    n, shown = cells["n"], cells["published"] & (cells["n"] >= 2)
    counts, at = np.unique(np.where(shown, n, 2), return_inverse=True)  # t quantiles of the few counts only
    with np.errstate(invalid="ignore", divide="ignore"):
        width = np.where(shown, 2 * t.ppf(0.975, counts - 1)[at.reshape(n.shape)] * cells["sd"] / np.sqrt(n), np.nan)
    found = {
        "labels": labels,
        "ci_width": np.array([np.median(w[~np.isnan(w)]) if c and (~np.isnan(w)).any() else np.nan
                              for w, c in zip(width, clustered)]),
        "published": np.where(clustered, cells["published"].sum(axis=1), 0),
        "power": np.full(len(children), np.nan),
        "power_unadjusted": np.full(len(children), np.nan),
    }
    if effect is not None:
        for k in np.flatnonzero(clustered):
            found["power"][k], found["power_unadjusted"][k] = _power(drawn[k], cb, options=options, effect=effect,
                                                                    seed=int(seeds[k]))
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
         effect_targets: Sequence[str] | None = None, replicates: int = 200, permutations: int = 999, reporter=None,
         options: AnalysisOptions) -> Plan:
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
        of ``effect_targets`` (default every cell).
    replicates : int, default 200
        Simulated surveys per size (the standard error of a share is at most
        0.5 / sqrt(replicates)).
    permutations : int, default 999
        Relabellings of the comparison's permutation test when they cannot all be
        enumerated.
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
    from .communities import resolve_seed
    from .synth import fit_survey

    options = dataclasses.replace(options, seed=resolve_seed(options.seed))
    grid = _grid(sizes, replicates=replicates, permutations=permutations, organisations=organisations)
    targets = None if effect_targets is None else [str(t) for t in effect_targets]
    read, cb, source = _read(survey, codebook)
    _check_comparison(effect, compare_by, organisations, cb, targets)
    fit = fit_survey(read.data, codebook=cb)
    compared = {} if compare_by is None else _levels(fit, cb, compare_by, organisations)
    pilot = analyse(read.data, codebook=cb, options=options)
    full = np.array([pilot.partition.membership.get(c, -1 - i) for i, c in enumerate(cb.codes)])
    tested = None if effect is None else _Effect(float(effect), compare_by, targets, permutations)
    options = dataclasses.replace(options, engine=pilot.partition.engine)  # "auto" resolved
    table, stability = _simulate(fit, cb, grid=grid, full=full, organisations=organisations, replicates=replicates,
                                 options=options, effect=tested, say=reporter)
    asked = {"input": source.name if source is not None else None,  # never the folder: it names the analyst
             "input_sha256": read.sha256, "sizes": grid, "organisations": organisations,
             "effect": None if effect is None else float(effect), "compare_by": compare_by, "effect_targets": targets,
             **compared, "replicates": replicates, "permutations": permutations}
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


def _simulate(fit, cb, *, grid: list[int], full: np.ndarray, organisations, replicates: int, options: AnalysisOptions,
              effect: _Effect | None, say) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate ``replicates`` surveys of each size and measure them: :attr:`Plan.table` and
    :attr:`Plan.stability`."""
    from .reporter import Reporter

    rows, stability_rows = [], []
    with (say or Reporter()).progress(msg("status.plan", options.lang), len(grid) * replicates) as advance:
        for size in grid:
            children = np.random.SeedSequence(options.seed, spawn_key=(size,)).spawn(replicates)
            found = _one_size(fit, cb, size=size, organisations=organisations, children=children, options=options,
                              effect=effect, advance=advance)
            row, stab = _measured(found, full, fit=fit, cb=cb, organisations=organisations, effect=effect)
            rows.append({"respondents_per_group": size, "respondents": size * len(fit.responding), **row})
            stability_rows.append(
                pd.DataFrame({"respondents_per_group": size, "node": cb.codes, "cluster": full, "stability": stab})
            )
    return pd.DataFrame(rows, columns=PLAN_COLUMNS), pd.concat(stability_rows, ignore_index=True)


def _measured(found: dict[str, np.ndarray], full: np.ndarray, *, fit, cb, organisations,
              effect: _Effect | None) -> tuple[dict[str, Any], np.ndarray]:
    """One size's row of :attr:`Plan.table` (but its size) from its simulated surveys, and each group's stability."""
    from .stability import adjusted_rand, node_stability

    labels = found["labels"]
    ari = adjusted_rand(full, labels)
    same = labels[:, :, None] == labels[:, None, :]
    stab = node_stability(full, labels, same.mean(axis=0))
    stab = np.where(full < 0, np.nan, stab)
    power, unadjusted, widths = found["power"], found["power_unadjusted"], found["ci_width"]
    rated = len(fit.responding) * (len(cb.codes) - 1)
    return {
        "organisations": len(fit.organisations) if organisations is None else int(organisations),
        "surveys": len(labels),
        "ari_mean": float(ari.mean()),
        "ari_sd": float(ari.std(ddof=1)),
        "ari_low": float(np.quantile(ari, 0.025)),
        "ari_high": float(np.quantile(ari, 0.975)),
        "share_reproduced": float(np.mean(ari == 1.0)),
        "share_stable": float(np.mean(stab[~np.isnan(stab)] >= STABLE)),
        "ci_width": float(np.median(widths[~np.isnan(widths)])) if (~np.isnan(widths)).any() else np.nan,
        "share_suppressed": float(1.0 - np.mean(found["published"]) / rated),
        "effect": effect.size if effect is not None else np.nan,
        "power": float(np.nanmean(power)) if (~np.isnan(power)).any() else np.nan,
        "power_unadjusted": float(np.nanmean(unadjusted)) if (~np.isnan(unadjusted)).any() else np.nan,
    }, stab


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
        The pilot, one text per size, the smallest size that reproduces the clusters
        and the caveat.

    Examples
    --------
    >>> p = plan(sizes=[5, 20], replicates=4, seed=1)
    >>> plan_sentences(p, lang="en")[1].startswith("With 5 respondents per group")
    True
    """
    check_lang(lang)
    par, pilot = plan.parameters, plan.pilot
    lines = [
        msg("plan.pilot", lang, respondents=pilot["respondents"], organisations=pilot["organisations"],
            low=pilot["min_per_group"], high=pilot["max_per_group"], median=number(pilot["respondents_per_group"], None, lang),
            clusters=pilot["clusters"], surveys=par["replicates"], seed=par["seed"])
    ]
    by = par.get("compare_by")
    for r in plan.table.to_dict("records"):
        line = msg("plan.size", lang, n=r["respondents_per_group"], reproduced=percent(r["share_reproduced"], lang, 0),
                   clusters=pilot["clusters"], ari=number(r["ari_mean"], 2, lang), stable=percent(r["share_stable"], lang, 0),
                   width=number(r["ci_width"], 0, lang), suppressed=percent(r["share_suppressed"], lang, 0))
        if by is not None and r["power"] == r["power"]:
            second = par.get("levels", [None, None])[1]
            label = codebook.level_label(by, second, lang) if codebook is not None and second else str(second)
            by_text = msg(f"by.{by}", lang) if f"by.{by}" in _catalogue() else by
            line += msg("plan.power", lang, by=by_text, effect=number(r["effect"], None, lang), power=percent(r["power"], lang, 0),
                        organisations=r["organisations"], large=par.get("second_level_organisations", ""), second=label)
        lines.append(line)
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
        shown = plan.table.drop(columns=[c for c in ("effect", "power", "power_unadjusted")
                                         if plan.table[c].isna().all()])
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
