"""How sure are the clusters? Respondent bootstrap, cluster stability and resolution sweep.

The survey is a sample of respondents, so the clusters are too. :func:`bootstrap` draws
respondents with replacement (within strata: by default each respondent's own group, so
every group keeps its number of respondents), rebuilds the pairs, the graph and the
partition of every replicate exactly as the spine does, and reports how often two groups
share a cluster, how firmly each group sits with its cluster mates, a consensus partition,
how far each replicate partition lies from the full-data one (adjusted Rand index) and a
confidence interval for every published pair mean. :func:`resolution_sweep` does the same
over a grid of resolutions, to show which resolutions give stable structure.

How it is fast: each respondent's ratings are one row of a sparse respondents x cells
matrix, so the cell sums and counts of a whole block of replicates are one sparse matrix
product with the replicates' draw counts, with no loop over rows; symmetrising and weighting
work on the stack of replicate matrices at once; only community detection runs once per
replicate, in C with the ``igraph`` engines.

Reproducibility: every replicate has its own child seed (``SeedSequence(seed).spawn``),
which draws its respondents and seeds its community detection, so the results depend on
``seed`` alone and not on ``n_jobs`` or on how the replicates are split into blocks, and
the first ``B`` replicates of a larger run are the same ``B`` replicates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .checks import check_choice, check_integer, is_integer
from .codebook import code_key
from .communities import canonical_labels, community_labels, detect_communities, modularity, resolve_seed
from .composite import CENTER
from .exceptions import UsageError
from .matrix import code_positions
from .network import edge_weights, symmetrise_cells
from .options import DEFAULT_RESOLUTIONS, SEED

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_RESOLUTIONS",
    "Bootstrap",
    "ResolutionSweep",
    "adjusted_rand",
    "attach_bootstrap",
    "bootstrap",
    "pair_intervals",
    "resolution_sweep",
    "weighted_intervals",
]

#: Replicates handled per block: bounds memory (a block's B x G x G stacks) and sets how
#: often progress is reported and work is handed to the worker processes.
BLOCK = 50
#: Bootstrap intervals of a pair mean (:func:`pair_intervals`).
INTERVALS = ("expanded", "percentile")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Bootstrap:
    """A respondent bootstrap of an analysis (:func:`bootstrap`).

    Attributes
    ----------
    coassignment : pandas.DataFrame
        Node x node (``Analysis.codes`` order, index ``node``): the share of replicates
        in which the two nodes share a cluster; 1 on the diagonal.
    nodes : pandas.DataFrame
        One row per node: ``node``, ``cluster`` (full data), ``stability`` and
        ``consensus_cluster``.
    intervals : pandas.DataFrame
        One row per row of ``Analysis.pairs``, in its order: ``own_group``,
        ``target_group``, ``ci_low``, ``ci_high`` (empty for suppressed cells).
    ari : numpy.ndarray
        ``(B,)`` adjusted Rand index of every replicate partition against the full data's.
    memberships : numpy.ndarray
        ``(B, G)`` cluster labels of every replicate, columns in ``Analysis.codes`` order;
        only equality within a row means anything.
    means : numpy.ndarray
        ``(B, G, G)`` directed cell means of every replicate in ``Analysis.codes`` order,
        NaN where the replicate's graph has no cell (fewer than ``min_n`` ratings, or
        suppressed in the full data): what :func:`integraatio.boundary.bootstrap_boundary`
        takes.
    consensus_modularity : float
        Modularity of the consensus partition on the full-data graph.
    parameters : Mapping
        ``replicates``, ``seed``, ``strata``, ``level``, ``interval``, ``engine``,
        ``resolution``, ``min_n``, ``weighting``, ``symmetrise``, ``respondents``.
    """

    coassignment: pd.DataFrame
    nodes: pd.DataFrame
    intervals: pd.DataFrame
    ari: np.ndarray
    memberships: np.ndarray
    means: np.ndarray
    consensus_modularity: float
    parameters: Mapping[str, Any]

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (``bootstrap_summary.json``): parameters, ARI, stability.

        Returns
        -------
        dict
            ``parameters``; ``ari`` (``mean``, ``sd``, ``min``, quantiles ``q025`` to
            ``q975`` and ``share_identical``, the share of replicates that reproduce the
            full-data partition exactly); ``clusters`` (replicates per number of
            clusters); ``stability`` (node -> stability); ``consensus`` (``membership``,
            ``modularity``, ``ari_to_full``).
        """
        a = self.ari
        q = np.quantile(a, [0.025, 0.25, 0.5, 0.75, 0.975])
        counts = _cluster_counts(self.memberships)
        nodes = self.nodes.set_index("node")
        full = nodes["cluster"].to_numpy()
        return {
            "parameters": dict(self.parameters),
            "ari": {
                "mean": float(a.mean()),
                "sd": float(a.std(ddof=1)),
                "min": float(a.min()),
                "q025": float(q[0]),
                "q25": float(q[1]),
                "median": float(q[2]),
                "q75": float(q[3]),
                "q975": float(q[4]),
                "share_identical": float(np.mean(a == 1.0)),
            },
            "clusters": {str(k): int(v) for k, v in zip(*np.unique(counts, return_counts=True))},
            "stability": {str(k): float(v) for k, v in nodes["stability"].items()},
            "consensus": {
                "membership": {str(k): int(v) for k, v in nodes["consensus_cluster"].items()},
                "modularity": self.consensus_modularity,
                "ari_to_full": float(adjusted_rand(full, nodes["consensus_cluster"].to_numpy()[None, :])[0]),
            },
        }


@dataclass(frozen=True)
class ResolutionSweep:
    """Cluster count, modularity and replicate agreement over resolutions (:func:`resolution_sweep`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per resolution: ``resolution``; of the full-data partition found at it,
        ``clusters``, ``modularity`` (at resolution 1, so that it compares across the
        grid) and ``modularity_at_resolution`` (what the engine maximised);
        ``replicate_clusters`` (mean number of clusters over the replicates);
        ``ari_mean``, ``ari_low``, ``ari_high`` (mean and the central ``level`` range of
        the replicates' adjusted Rand index against the full-data partition at that
        resolution).
    parameters : Mapping
        ``replicates``, ``seed``, ``strata``, ``level``, ``engine``, ``min_n``,
        ``weighting``, ``symmetrise``.
    """

    table: pd.DataFrame
    parameters: Mapping[str, Any]


# --------------------------------------------------------------------------- replicates


@dataclass(frozen=True)
class ResamplingDesign:
    """What every replicate needs, computed once from the analysis."""

    sums: Any  # scipy.sparse: respondents x cells, integration need of the scored ratings (x weight)
    counts: Any  # the same with 1 per scored rating
    mass: Any  # what a cell mean divides by: counts, or the ratings' weights when weighted
    stratum_start: np.ndarray  # per position of `order`: first position of its stratum
    stratum_size: np.ndarray  # per position of `order`: size of its stratum
    order: np.ndarray  # respondents sorted by stratum
    published: np.ndarray  # G x G: cells that the full data publishes (not suppressed)
    node_order: np.ndarray  # codes positions in sorted code order (the engines' order)
    n_respondents: int


def _strata_list(strata: str | Sequence[str] | None) -> list[str]:
    if strata is None:
        return []
    return [strata] if isinstance(strata, str) else list(strata)


def resampling_design(analysis, strata: list[str]) -> ResamplingDesign:
    from scipy import sparse

    s = analysis.scores
    data = s.data
    missing = [c for c in strata if c not in data.columns]
    if missing:
        raise UsageError(
            f"`strata` names columns {missing} that the data do not have; choose from {list(data.columns)} or None."
        )
    respondent, _ = pd.factorize(data["respondent_id"])
    n_resp = int(respondent.max()) + 1 if len(respondent) else 0
    if strata:
        stratum, _ = pd.factorize(pd.MultiIndex.from_frame(data[strata].astype(str)))
        first = np.empty(n_resp, dtype=np.int64)
        first[respondent] = stratum
        varying = first[respondent] != stratum
        if varying.any():
            who = data["respondent_id"].to_numpy()[np.flatnonzero(varying)[0]]
            raise UsageError(
                f"`strata` columns {strata} vary within respondent {who!r}; strata must be respondent-level "
                "columns such as own_group or municipality."
            )
    else:
        first = np.zeros(n_resp, dtype=np.int64)
    order = np.argsort(first, kind="stable")
    size = np.bincount(first)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    codes = analysis.codes
    g = len(codes)
    scored = np.asarray(s.scored, dtype=bool)
    cell = code_positions(data["own_group"][scored], codes) * g + code_positions(data["target_group"][scored], codes)
    rows = respondent[scored]
    shape = (n_resp, g * g)
    # A weighted analysis: each respondent's ratings carry their weight in every replicate.
    column = analysis.parameters.get("weights")
    w = None if column is None else data.loc[scored, column].to_numpy(dtype=float)
    values = np.asarray(s.values, float)
    sums = sparse.csr_array((values if w is None else w * values, (rows, cell)), shape=shape)
    counts = sparse.csr_array((np.ones(len(rows)), (rows, cell)), shape=shape)
    mass = counts if w is None else sparse.csr_array((w, (rows, cell)), shape=shape)
    published = np.zeros((g, g), dtype=bool)
    kept = analysis.pairs.loc[~analysis.pairs["suppressed"].to_numpy(bool)]
    published[code_positions(kept["own_group"], codes), code_positions(kept["target_group"], codes)] = True
    return ResamplingDesign(
        sums=sums,
        counts=counts,
        mass=mass,
        stratum_start=start[first[order]],
        stratum_size=size[first[order]],
        order=order,
        published=published,
        node_order=np.array(sorted(range(g), key=lambda i: code_key(codes[i]))),
        n_respondents=n_resp,
    )


def draw_respondents(design: ResamplingDesign, children: Sequence[np.random.SeedSequence]) -> tuple[np.ndarray, np.ndarray]:
    """Draw counts ``(b, R)`` of every respondent in each replicate, and the engine seeds.

    Each replicate's own generator draws, for every respondent position, a respondent of
    the same stratum uniformly; then the seed of its community detection.
    """
    r = design.n_respondents
    picks = np.empty((len(children), r), dtype=np.int64)
    seeds = np.empty(len(children), dtype=np.int64)
    for b, child in enumerate(children):
        rng = np.random.default_rng(child)
        u = rng.random(r)
        picks[b] = design.order[design.stratum_start + (u * design.stratum_size).astype(np.int64)]
        seeds[b] = rng.integers(2**32)
    flat = picks + (np.arange(len(children)) * r)[:, None]
    return np.bincount(flat.ravel(), minlength=len(children) * r).reshape(len(children), r), seeds


def replicate_cell_means(design: ResamplingDesign, draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Replicate cell means (weighted when the analysis is) and counts of ratings
    ``(b, G, G)``; NaN where a cell has no rating."""
    g = len(design.published)
    w = draws.astype(float)
    # (S^T W^T)^T: the sparse matrix on the left keeps the product sparse-times-dense.
    total = (design.sums.T @ w.T).T.reshape(-1, g, g)
    n = (design.counts.T @ w.T).T.reshape(-1, g, g)
    mass = n if design.mass is design.counts else (design.mass.T @ w.T).T.reshape(-1, g, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / mass, n


def replicate_weights(design: ResamplingDesign, cells: np.ndarray, parameters: Mapping[str, Any]) -> np.ndarray:
    """Edge weights of the replicate graphs, in the engines' node order, as build_graph sets them."""
    w = edge_weights(symmetrise_cells(cells, how=parameters["symmetrise"]), weighting=parameters["weighting"], baseline=CENTER)
    o = design.node_order
    return w[:, o][:, :, o]


def _labels_block(weights: np.ndarray, seeds: np.ndarray, engine: str, resolutions: Sequence[float]) -> np.ndarray:
    """Labels ``(len(resolutions), b, G)`` of a block of replicate graphs (node order)."""
    out = np.empty((len(resolutions), *weights.shape[:2]), dtype=np.int64)
    for r, gamma in enumerate(resolutions):
        for b in range(len(weights)):
            out[r, b] = community_labels(weights[b], engine=engine, resolution=gamma, seed=int(seeds[b]))
    return out


def _replicates(
    analysis,
    *,
    replicates: int,
    strata: list[str],
    seed: int,
    resolutions: Sequence[float],
    n_jobs: int,
    progress: Progress | None,
    keep_means: bool,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Labels ``(len(resolutions), B, G)`` in codes order and, if asked, the replicates'
    cell means ``(B, G, G)``: all of them, and those of the cells their graphs use (a
    published cell with at least ``min_n`` ratings in the replicate; NaN otherwise)."""
    design = resampling_design(analysis, strata)
    engine, parameters = analysis.partition.engine, analysis.parameters
    children = np.random.SeedSequence(seed).spawn(replicates)
    blocks = [range(i, min(i + BLOCK, replicates)) for i in range(0, replicates, BLOCK)]
    g = len(analysis.codes)
    means = np.empty((replicates, g, g)) if keep_means else None
    used = np.empty((replicates, g, g)) if keep_means else None

    def prepared():
        for block in blocks:
            draws, seeds = draw_respondents(design, [children[b] for b in block])
            m, n = replicate_cell_means(design, draws)
            cells = np.where(design.published & (n >= parameters["min_n"]), m, np.nan)
            if keep_means:
                means[block.start : block.stop], used[block.start : block.stop] = m, cells
            yield replicate_weights(design, cells, parameters), seeds

    if n_jobs == 1:
        results = (_labels_block(w, s, engine, resolutions) for w, s in prepared())
    else:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(_labels_block)(w, s, engine, resolutions) for w, s in prepared()
        )
    labels = np.empty((len(resolutions), replicates, g), dtype=np.int64)
    back = np.argsort(design.node_order)
    for block, found in zip(blocks, results):
        labels[:, block.start : block.stop] = found[:, :, back]
        if progress is not None:
            progress(len(block) * len(resolutions))
    return labels, means, used


# --------------------------------------------------------------------------- statistics


def _cluster_counts(labels: np.ndarray) -> np.ndarray:
    s = np.sort(labels, axis=-1)
    return (np.diff(s, axis=-1) != 0).sum(axis=-1) + 1


def adjusted_rand(reference: np.ndarray, labels: np.ndarray, /) -> np.ndarray:
    """Adjusted Rand index of each row of ``labels`` against one ``reference`` partition.

    Parameters
    ----------
    reference : numpy.ndarray
        ``(G,)`` integer labels.
    labels : numpy.ndarray
        ``(B, G)`` integer labels, one partition per row.

    Returns
    -------
    numpy.ndarray
        ``(B,)``; 1 for the same partition (whatever the label values), about 0 for
        chance agreement.

    Notes
    -----
    From the pair confusion counts, as scikit-learn's ``adjusted_rand_score``: with
    :math:`n_{ij}` the contingency table of the two partitions of :math:`n` nodes and
    :math:`a_i, b_j` its margins, the ordered pairs together in both are
    :math:`tp = \\sum n_{ij}^2 - n`, together only in the reference
    :math:`fn = \\sum a_i^2 - \\sum n_{ij}^2`, only in the other
    :math:`fp = \\sum b_j^2 - \\sum n_{ij}^2`, in neither
    :math:`tn = n^2 - fp - fn - \\sum n_{ij}^2`, and
    :math:`ARI = \\frac{2(tp\\,tn - fn\\,fp)}{(tp + fn)(fn + tn) + (tp + fp)(fp + tn)}`,
    1 when :math:`fn = fp = 0`. All rows at once, from one ``bincount``.

    Examples
    --------
    >>> adjusted_rand(np.array([0, 0, 1, 1]), np.array([[5, 5, 7, 7], [0, 1, 0, 1]]))
    array([ 1. , -0.5])
    """
    ref = np.unique(np.asarray(reference), return_inverse=True)[1].ravel()
    lab = np.atleast_2d(np.asarray(labels))
    b, n = lab.shape
    lab = np.unique(lab, return_inverse=True)[1].reshape(b, n)  # compact ids, shared over rows
    k, m = int(ref.max()) + 1, int(lab.max()) + 1
    flat = (np.arange(b)[:, None] * k + ref[None, :]) * m + lab
    table = np.bincount(flat.ravel(), minlength=b * k * m).reshape(b, k, m).astype(np.float64)
    sum_sq = (table**2).sum(axis=(1, 2))
    a2 = (table.sum(axis=2) ** 2).sum(axis=1)
    b2 = (table.sum(axis=1) ** 2).sum(axis=1)
    tp = sum_sq - n
    fn = a2 - sum_sq
    fp = b2 - sum_sq
    tn = n * n - fp - fn - sum_sq
    num = 2.0 * (tp * tn - fn * fp)
    den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((fn == 0) & (fp == 0), 1.0, num / den)


def _interval_levels(n: np.ndarray, level: float, interval: str) -> tuple[np.ndarray, np.ndarray]:
    """Quantile levels of each cell's interval; NaN where n < 2."""
    # The normal CDF and the t quantile themselves (scipy.stats' norm.cdf and t.ppf call
    # them): importing scipy.stats was a second of the command's start-up.
    from scipy.special import ndtr, stdtrit

    alpha = 1.0 - level
    if interval == "expanded":
        # Hesterberg's expanded percentile interval: the bootstrap distribution of a mean
        # is too narrow by sqrt((n - 1) / n) and normal where it should be t.
        df = np.maximum(n - 1, 1)
        lo = ndtr(-np.sqrt(n / df) * stdtrit(df, 1 - alpha / 2))
    else:
        lo = np.full(n.shape, alpha / 2)
    lo = np.where(n >= 2, lo, np.nan)
    return lo, 1.0 - lo


def column_quantiles(values: np.ndarray, q: float | np.ndarray, /) -> np.ndarray:
    """Quantile ``q`` of each column over its defined values, by numpy's linear rule.

    ``q`` is one level or one per column. NaN values are ignored; a column with none
    defined gives NaN (without the all-NaN warning of ``np.nanquantile``).

    Examples
    --------
    >>> column_quantiles(np.array([[1.0, np.nan], [2.0, np.nan], [4.0, np.nan]]), 0.5).tolist()
    [2.0, nan]
    """
    s = np.sort(values, axis=0)  # NaN sort last
    valid = (~np.isnan(values)).sum(axis=0)
    pos = q * (valid - 1)
    ok = (valid > 0) & ~np.isnan(pos)
    pos = np.where(ok, pos, 0.0)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(valid - 1, 0))
    cols = np.arange(values.shape[1])
    x = s[lo, cols] + (pos - lo) * (s[hi, cols] - s[lo, cols])
    return np.where(ok, x, np.nan)


def pair_intervals(
    means: np.ndarray, /, *, n: np.ndarray, level: float = 0.95, interval: str = "expanded"
) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap confidence interval of each cell mean from its replicate means.

    Parameters
    ----------
    means : numpy.ndarray
        ``(B, K)`` replicate means of K cells (NaN where a replicate has no rating).
    n : numpy.ndarray
        ``(K,)`` ratings behind each cell in the full data.
    level : float, default 0.95
    interval : {"expanded", "percentile"}, default "expanded"

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``ci_low`` and ``ci_high``, ``(K,)``; NaN where ``n < 2``.

    Notes
    -----
    ``percentile`` takes the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of the
    replicate means. Its intervals are too narrow in small cells, by the factor
    :math:`\\sqrt{(n-1)/n}` of the plug-in SD and by using normal instead of t quantiles.
    ``expanded`` (Hesterberg 2015, *Am. Stat.* 69:371) corrects both by taking the
    quantiles at :math:`\\alpha'/2 = \\Phi\\left(-\\sqrt{n/(n-1)}\\, t_{1-\\alpha/2,\\,n-1}\\right)`
    and :math:`1 - \\alpha'/2` instead; ``tests/test_stability.py`` measures the coverage
    of both on simulated surveys.

    Examples
    --------
    >>> m = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> pair_intervals(m, n=np.array([50]), interval="percentile", level=0.5)
    (array([2.]), array([4.]))
    """
    _check_interval(interval)
    lo, hi = _interval_levels(np.asarray(n, float), level, interval)
    return column_quantiles(means, lo), column_quantiles(means, hi)


def weighted_intervals(
    means: np.ndarray, /, *, center: np.ndarray, n_eff: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval of each weighted cell mean: a t interval on the bootstrap's
    standard error, with :math:`n_{eff} - 1` degrees of freedom.

    Parameters
    ----------
    means : numpy.ndarray
        ``(B, K)`` replicate means (each resampled respondent with their weight).
    center : numpy.ndarray
        ``(K,)`` the full data's weighted means.
    n_eff : numpy.ndarray
        ``(K,)`` Kish's effective number of ratings, :math:`(\\sum w)^2 / \\sum w^2`.
    level : float, default 0.95

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``ci_low`` and ``ci_high``; NaN where :math:`n_{eff} < 2` or fewer than two
        replicates have the cell.

    Notes
    -----
    .. math::

        \\bar y_w \\pm t_{1-\\alpha/2,\\,\\nu} \\sqrt{n_{eff} / \\nu}\\; \\mathrm{SD}(\\bar y_w^{*}),
        \\qquad \\nu = n_{eff} - 1,

    Hesterberg's expansion of :func:`pair_intervals` with :math:`n_{eff}` in place of
    :math:`n`, on the standard error rather than on quantiles: when a few respondents
    carry most of the weight, the replicate means take few values and no quantile lies
    far enough out (coverage 0.89 at :math:`n_{eff} \\approx 3.5`; this form 0.96 in
    ``tests/test_weights.py``'s simulation).

    Examples
    --------
    >>> m = np.array([[9.0], [10.0], [11.0], [10.0]])  # SD of the replicates sqrt(2/3)
    >>> lo, hi = weighted_intervals(m, center=np.array([10.0]), n_eff=np.array([4.0]))
    >>> round(float(hi[0] - 10.0), 3)  # t(0.975, 3) * sqrt(4/3) * sqrt(2/3) = 3.182 * 0.943
    3.0
    """
    from scipy.special import stdtrit  # t.ppf(p, df) of scipy.stats, without importing it

    seen = ~np.isnan(means)
    k = seen.sum(axis=0)
    mean = np.where(seen, means, 0.0).sum(axis=0) / np.maximum(k, 1)
    spread = np.where(seen, means - mean, 0.0)
    se = np.sqrt((spread**2).sum(axis=0) / np.maximum(k - 1, 1))
    df = np.maximum(n_eff - 1.0, 1.0)
    half = stdtrit(df, 0.5 + level / 2) * np.sqrt(np.maximum(n_eff, 1.0) / df) * se
    ok = (n_eff >= 2) & (k >= 2)
    return np.where(ok, center - half, np.nan), np.where(ok, center + half, np.nan)


def consensus_clusters(coassignment: np.ndarray, codes: Sequence[str]) -> dict[str, int]:
    """Average-linkage clusters of ``1 - coassignment`` cut at 0.5: groups that share a
    cluster in at least half of the replicates, on average."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(codes) == 1:
        return {codes[0]: 1}
    d = 1.0 - coassignment
    np.fill_diagonal(d, 0.0)
    found = fcluster(linkage(squareform(d, checks=False), method="average"), t=0.5, criterion="distance")
    return canonical_labels([{c for c, f in zip(codes, found) if f == k} for k in np.unique(found)])


def node_stability(full: np.ndarray, labels: np.ndarray, coassignment: np.ndarray) -> np.ndarray:
    """Mean co-assignment of each node with its full-data cluster mates; for a node alone
    in the full data, the share of replicates in which it is alone too."""
    mates = full[:, None] == full[None, :]
    np.fill_diagonal(mates, False)
    k = mates.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        together = (coassignment * mates).sum(axis=1) / k
    alone = ((labels[:, :, None] == labels[:, None, :]).sum(axis=2) == 1).mean(axis=0)
    return np.where(k > 0, together, alone)


def _check(replicates: int, level: float, n_jobs: int) -> None:
    check_integer("replicates", replicates, low=2)
    if not 0 < level < 1:
        raise UsageError(f"`level` must be between 0 and 1; got {level!r}.")
    if not is_integer(n_jobs) or not (n_jobs >= 1 or n_jobs == -1):
        raise UsageError(f"`n_jobs` must be a positive integer or -1 (all cores); got {n_jobs!r}.")


def _check_interval(interval: str) -> None:
    check_choice("interval", interval, INTERVALS)


def _common_parameters(analysis, replicates: int, seed: int, strata: list[str], level: float) -> dict[str, Any]:
    p = analysis.parameters
    return {
        "replicates": int(replicates),
        "seed": seed,
        "strata": strata,
        "level": level,
        "engine": analysis.partition.engine,
        "min_n": p["min_n"],
        "weighting": p["weighting"],
        "symmetrise": p["symmetrise"],
    }


# --------------------------------------------------------------------------- public API


def bootstrap(
    analysis,
    /,
    *,
    replicates: int = 1000,
    strata: str | Sequence[str] | None = "own_group",
    level: float = 0.95,
    interval: str = "expanded",
    n_jobs: int = 1,
    progress: Progress | None = None,
    seed: int | None = SEED,
) -> Bootstrap:
    """Respondent bootstrap of an analysis: how sure are its clusters and pair means?

    Parameters
    ----------
    analysis : Analysis
        From :func:`integraatio.analysis.analyse`; its scores, ``min_n``, weighting,
        symmetrisation, resolution and engine are used for every replicate, and its
        partition is the one replicates are compared with.
    replicates : int, default 1000
    strata : str, sequence of str or None, default "own_group"
        Respondent-level columns within whose levels respondents are resampled
        (``["own_group", "municipality"]`` for both; None resamples the whole sample).
    level : float, default 0.95
        Confidence level of the pair-mean intervals.
    interval : {"expanded", "percentile"}, default "expanded"
        See :func:`pair_intervals`.
    n_jobs : int, default 1
        Worker processes for community detection (-1: all cores). Worth it only for
        the pure-Python engines; the results do not depend on it.
    progress : callable, optional
        Called with the number of replicates finished after every block of them.
    seed : int or None, default 1
        Root of the replicates' child seeds. None draws one; it is recorded.

    Returns
    -------
    Bootstrap

    Notes
    -----
    Replicate :math:`b` draws, within each stratum of :math:`n_s` respondents,
    :math:`n_s` respondents with replacement; :math:`w_{br}` is the number of times
    respondent :math:`r` is drawn. With :math:`S_{rk}` the sum and :math:`N_{rk}` the
    number of respondent :math:`r`'s scored ratings in cell :math:`k`, the replicate cell
    mean is :math:`\\bar x_{bk} = \\sum_r w_{br} S_{rk} / \\sum_r w_{br} N_{rk}`: one matrix
    product for a block of replicates. Scores keep the full data's scale (docs/contract.md,
    composite), cells follow the spine's rules (fewer than ``min_n`` ratings, or
    suppressed in the full data: no edge), and each replicate is clustered by the
    analysis's engine and resolution.

    - ``coassignment[i, j]`` = share of replicates with :math:`i` and :math:`j` in one cluster.
    - ``stability`` of node :math:`i` = mean co-assignment of :math:`i` with its full-data
      cluster mates (a node alone in the full data: the share of replicates where it is
      alone). Near 1: the node stays with its cluster; near 0.5: it is torn between two.
    - ``consensus_cluster``: average-linkage clustering of :math:`1 - ` co-assignment, cut
      at 0.5.
    - ``ari``: adjusted Rand index of each replicate partition against the full data's.
    - ``ci_low``, ``ci_high``: see :func:`pair_intervals`.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> a = analyse(load_example(), codebook=load_codebook(), seed=1)
    >>> b = bootstrap(a, replicates=50, seed=1)
    >>> b.nodes.loc[b.nodes["stability"].idxmin(), "node"]  # the planted bridge
    '2.3'
    >>> bool(np.median(b.ari) == 1.0)
    True
    """
    _check(replicates, level, n_jobs)
    _check_interval(interval)
    seed = resolve_seed(seed)
    strata = _strata_list(strata)
    codes = list(analysis.codes)
    resolution = analysis.partition.resolution
    labels, all_means, means = _replicates(
        analysis, replicates=replicates, strata=strata, seed=seed, resolutions=[resolution],
        n_jobs=n_jobs, progress=progress, keep_means=True,
    )
    labels = labels[0]
    # A group with no data is no node: a label of its own, and no stability.
    full = np.array([analysis.partition.membership.get(c, -1 - i) for i, c in enumerate(codes)])
    coassignment = (labels[:, :, None] == labels[:, None, :]).mean(axis=0)
    consensus = consensus_clusters(coassignment, codes)
    return Bootstrap(
        coassignment=pd.DataFrame(coassignment, index=pd.Index(codes, name="node"), columns=codes),
        nodes=_node_table(codes, full, labels, coassignment, consensus),
        intervals=_released_intervals(analysis, all_means.reshape(replicates, -1), strata, level=level,
                                      interval=interval),
        ari=adjusted_rand(full, labels),
        memberships=labels,
        means=means,
        consensus_modularity=_consensus_modularity(analysis.graph, consensus, codes, resolution),
        parameters={**_common_parameters(analysis, replicates, seed, strata, level), "resolution": resolution,
                    "interval": interval, "respondents": int(analysis.scores.data["respondent_id"].nunique())},
    )


def _node_table(
    codes: Sequence[str], full: np.ndarray, labels: np.ndarray, coassignment: np.ndarray, consensus: Mapping[str, int]
) -> pd.DataFrame:
    """``nodes`` of :class:`Bootstrap`: each node's cluster, stability and consensus cluster."""
    return pd.DataFrame(
        {
            "node": codes,
            "cluster": full,
            "stability": np.where(full < 0, np.nan, node_stability(full, labels, coassignment)),
            "consensus_cluster": [consensus[c] for c in codes],
        }
    )


def release_offset(analysis, strata: Sequence[str]) -> np.ndarray:
    """Each cell's published mean minus its exact mean (the release's noise and rounding,
    :func:`integraatio.disclosure.perturb_cells`), flat over ``(G, G)``, 0 where suppressed:
    the replicate means are moved by it, so that an interval is centred as its published
    mean is and its midpoint gives no more than the mean does."""
    design = resampling_design(analysis, list(strata))
    exact, _ = replicate_cell_means(design, np.ones((1, design.n_respondents), dtype=np.int64))
    codes = list(analysis.codes)
    pairs = analysis.pairs
    cell = code_positions(pairs["own_group"], codes) * len(codes) + code_positions(pairs["target_group"], codes)
    offset = np.zeros(len(codes) ** 2)
    offset[cell] = np.nan_to_num(pairs["mean"].to_numpy(dtype=float) - exact.reshape(-1)[cell])
    return offset


def _released_intervals(analysis, replicate_means: np.ndarray, strata: Sequence[str], *, level: float,
                        interval: str) -> pd.DataFrame:
    """:func:`_interval_table` of the replicates moved by the release's offset
    (:func:`release_offset`), each side widened for the release's noise: the half-width
    :math:`h` becomes :math:`\\sqrt{h^2 + (z \\sigma)^2}`, :math:`\\sigma` the noise's SD
    (:func:`integraatio.disclosure.noise_sd`), so that the interval covers the cell's
    mean, not only the published one."""
    from scipy.special import ndtri  # not scipy.stats: a run does not import it

    from .disclosure import noise_sd

    codes = list(analysis.codes)
    table = _interval_table(analysis.pairs, replicate_means + release_offset(analysis, strata), codes, level=level,
                            interval=interval)
    weights = analysis.parameters.get("weights")
    cells = analysis.scores.cells
    if weights is not None:
        cells = cells.assign(weight=analysis.scores.data.loc[analysis.scores.scored, weights].to_numpy(dtype=float))
    pairs = analysis.pairs
    sigma = noise_sd(cells, codes=codes, weight=None if weights is None else "weight")[
        code_positions(pairs["own_group"], codes) * len(codes) + code_positions(pairs["target_group"], codes)]
    centre = pairs["mean"].to_numpy(dtype=float)
    low, high = centre - table["ci_low"].to_numpy(), table["ci_high"].to_numpy() - centre
    half = (low + high) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        grow = np.where(half > 0, np.sqrt(half**2 + (ndtri((1 + level) / 2) * sigma) ** 2) / half, 1.0)
    return table.assign(ci_low=centre - low * grow, ci_high=centre + high * grow)


def _interval_table(
    pairs: pd.DataFrame, replicate_means: np.ndarray, codes: Sequence[str], *, level: float, interval: str
) -> pd.DataFrame:
    """``intervals`` of :class:`Bootstrap`: each pair's interval from the ``(replicates, cells)`` means."""
    cell = code_positions(pairs["own_group"], codes) * len(codes) + code_positions(pairs["target_group"], codes)
    hidden = pairs["suppressed"].to_numpy(bool)
    if "n_eff" in pairs and interval == "expanded":
        n_eff = np.where(hidden, 0.0, pairs["n_eff"].to_numpy(dtype=float))
        ci_low, ci_high = weighted_intervals(replicate_means[:, cell], center=pairs["mean"].to_numpy(dtype=float),
                                             n_eff=n_eff, level=level)
    else:
        n = np.where(hidden, 0, pairs["n"].to_numpy())
        ci_low, ci_high = pair_intervals(replicate_means[:, cell], n=n, level=level, interval=interval)
    return pd.DataFrame(
        {
            "own_group": pairs["own_group"].to_numpy(),
            "target_group": pairs["target_group"].to_numpy(),
            "ci_low": ci_low,
            "ci_high": ci_high,
        }
    )


def _consensus_modularity(
    graph: nx.Graph, consensus: Mapping[str, int], codes: Sequence[str], resolution: float
) -> float:
    """Modularity of the consensus clusters on the full run's graph (nodes without data left out)."""
    groups = [{c for c in codes if consensus[c] == k} for k in sorted(set(consensus.values()))]
    return float(modularity(graph, [k for k in (c & graph.nodes for c in groups) if k], resolution=resolution))


def attach_bootstrap(analysis, boot: Bootstrap, /):
    """The analysis with its bootstrap results in its tables.

    Parameters
    ----------
    analysis : Analysis
    boot : Bootstrap
        From ``bootstrap(analysis)``.

    Returns
    -------
    Analysis
        A copy whose ``clusters`` have ``stability`` and ``consensus_cluster``, whose
        ``pairs`` have ``ci_low`` and ``ci_high``, whose ``parameters`` have
        ``bootstrap`` (the bootstrap's parameters) and whose ``bootstrap`` is ``boot``;
        everything written from it carries them.

    Raises
    ------
    ValueError
        ``boot`` was made from another analysis (its cells or nodes differ).

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> a = analyse(load_example(), codebook=load_codebook(), seed=1)
    >>> a = attach_bootstrap(a, bootstrap(a, replicates=20, seed=1))
    >>> list(a.pairs.columns[-2:]), "stability" in a.clusters
    (['ci_low', 'ci_high'], True)
    """
    iv, nodes = boot.intervals, boot.nodes.set_index("node")
    same_cells = len(iv) == len(analysis.pairs) and all(
        np.array_equal(iv[c].to_numpy(), analysis.pairs[c].to_numpy()) for c in ("own_group", "target_group")
    )
    made = {**_common_parameters(analysis, 0, 0, [], 0.0), "resolution": analysis.partition.resolution}
    same_run = all(boot.parameters[k] == made[k] for k in ("engine", "min_n", "weighting", "symmetrise", "resolution"))
    if not (same_cells and same_run) or list(nodes.index) != list(analysis.codes):
        raise ValueError("`boot` was not made from this analysis: run bootstrap(analysis) on the same analysis.")
    return replace(
        analysis,
        clusters=analysis.clusters.assign(
            stability=analysis.clusters["node"].map(nodes["stability"]).to_numpy(),
            consensus_cluster=analysis.clusters["node"].map(nodes["consensus_cluster"]).to_numpy(),
        ),
        pairs=analysis.pairs.assign(ci_low=iv["ci_low"].to_numpy(), ci_high=iv["ci_high"].to_numpy()),
        parameters={**analysis.parameters, "bootstrap": dict(boot.parameters)},
        bootstrap=boot,
    )


def resolution_sweep(
    analysis,
    /,
    *,
    resolutions: Sequence[float] = DEFAULT_RESOLUTIONS,
    replicates: int = 200,
    strata: str | Sequence[str] | None = "own_group",
    level: float = 0.95,
    n_jobs: int = 1,
    progress: Progress | None = None,
    seed: int | None = SEED,
) -> ResolutionSweep:
    """Number of clusters, modularity and replicate agreement at each resolution.

    At each resolution the full data are clustered (with the analysis's engine and seed)
    and so is every bootstrap replicate (the same replicates at every resolution, drawn as
    in :func:`bootstrap` with the same ``seed``); the mean adjusted Rand index of the
    replicates against the full-data partition says how reproducible the structure found
    at that resolution is. Resolutions whose mean ARI is near 1 give stable clusters.

    Parameters
    ----------
    analysis : Analysis
    resolutions : sequence of float, default :data:`DEFAULT_RESOLUTIONS`
        Each > 0 (networkx's gamma: higher gives more, smaller clusters).
    replicates : int, default 200
        Bootstrap replicates per resolution (the standard error of a mean ARI is at
        most about 0.5 / sqrt(replicates)).
    strata, n_jobs, progress, seed
        As in :func:`bootstrap`.
    level : float, default 0.95
        Central range of the replicate ARI reported as ``ari_low``, ``ari_high``.

    Returns
    -------
    ResolutionSweep

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> a = analyse(load_example(), codebook=load_codebook(), seed=1)
    >>> s = resolution_sweep(a, resolutions=[0.5, 1.0, 2.0], replicates=20, seed=1)
    >>> s.table["clusters"].tolist()[:2], bool(s.table["clusters"].iloc[2] > 2)  # more, smaller clusters at 2.0
    ([2, 2], True)
    """
    _check(replicates, level, n_jobs)
    grid = [float(r) for r in resolutions]
    if not grid or not all(r > 0 for r in grid):
        raise UsageError(f"`resolutions` must be one or more numbers > 0; got {list(resolutions)!r}.")
    seed = resolve_seed(seed)
    strata = _strata_list(strata)
    codes = list(analysis.codes)
    labels, _, _ = _replicates(
        analysis, replicates=replicates, strata=strata, seed=seed, resolutions=grid,
        n_jobs=n_jobs, progress=progress, keep_means=False,
    )
    engine, full_seed = analysis.partition.engine, analysis.partition.seed
    rows = []
    for gamma, found in zip(grid, labels):
        p = detect_communities(analysis.graph, resolution=gamma, engine=engine, seed=full_seed)
        ari = adjusted_rand(np.array([p.membership[c] for c in codes]), found)
        rows.append(
            {
                "resolution": gamma,
                "clusters": len(p.clusters),
                "modularity": modularity(analysis.graph, p.clusters),
                "modularity_at_resolution": p.modularity,
                "replicate_clusters": float(_cluster_counts(found).mean()),
                "ari_mean": float(ari.mean()),
                "ari_low": float(np.quantile(ari, (1 - level) / 2)),
                "ari_high": float(np.quantile(ari, (1 + level) / 2)),
            }
        )
    return ResolutionSweep(
        table=pd.DataFrame(rows),
        parameters={**_common_parameters(analysis, replicates, seed, strata, level), "resolutions": grid},
    )
