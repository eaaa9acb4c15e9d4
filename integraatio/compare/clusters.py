"""The clusters of each group compared: found separately per level and matched, with their
ARI tested by the same relabellings as the cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .. import disclosure
from ..analysis import Analysis
from ..checks import check_integer
from ..codebook import Codebook
from ..communities import Partition, detect_communities, name_clusters, resolve_seed
from ..exceptions import InsufficientDataError
from ..network import build_graph, symmetric_matrix
from ..options import SEED
from ..stability import adjusted_rand
from .cells import LevelCells, level_cells
from .groups import Groups, prepare_groups, published_cells
from .permutation import level_sums, p_values, relabellings


def match_clusters(membership: Mapping[str, int], reference: Mapping[str, int]) -> dict[int, int]:
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


def _level_pairs(cells: LevelCells, level: int) -> pd.DataFrame:
    """A level's released cells, those the comparison does not publish left out."""
    table = cells.per_level[level]
    return pd.DataFrame(
        {
            "own_group": cells.own,
            "target_group": cells.target,
            "n": table["n"].to_numpy(np.int64),
            "mean": np.where(cells.published, table["mean"].to_numpy(float), np.nan),
            "suppressed": ~cells.published,
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
    seed: int | None = SEED,
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
    seed : int or None, default 1
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
    check_integer("permutations", permutations, low=1)
    seed = resolve_seed(seed)
    groups = prepare_groups(analysis, by, codebook, levels, permutation_unit)
    k, codes, min_n = len(groups.levels), analysis.codes, analysis.parameters["min_n"]
    pairs, graphs, found = _partitions(analysis, groups)
    empty = [lvl for lvl, g in zip(groups.levels, graphs) if g.number_of_edges() == 0]
    if empty:
        raise InsufficientDataError(
            f"Group(s) {', '.join(empty)} of {by!r} have no tie left once cells with fewer than min_n = "
            f"{min_n} ratings in any group are suppressed; lower --min-n or compare larger groups."
        )
    observed, aris = _mean_ari(found, codes)
    null, used, exact = _null_aris(analysis, groups, permutations, np.random.default_rng(seed))
    p_value = float(p_values(np.float64((null <= observed + 1e-12).sum()), np.float64(len(null)), exact))
    memberships, nodes = _memberships(analysis, codebook, groups, graphs, found)
    ari = pd.DataFrame(
        [(groups.levels[a], groups.levels[b], v) for (a, b), v in zip(combinations(range(k), 2), aris)],
        columns=["level_a", "level_b", "ari"],
    )
    return ClusterComparison(
        memberships=memberships, ari=ari, statistic=observed, p_value=p_value, null=null,
        graphs=dict(zip(groups.levels, graphs)), nodes=nodes,
        difference=_difference_graph(pairs, codes, analysis.parameters["symmetrise"]) if k == 2 else None,
        by=by, levels=list(groups.levels), permutation_unit=groups.unit, permutations=used, exact=exact,
        parameters={"by": by, "levels": list(groups.levels), "permutations": permutations, "permutation_unit": groups.unit, "seed": seed},
    )


def _partitions(analysis: Analysis, groups: Groups) -> tuple[list[pd.DataFrame], list[nx.Graph], list[Partition]]:
    """Each level's pairs, graph and partition, from the cells the comparison publishes
    (:func:`~integraatio.compare.cells.level_cells`): a level's graph uses no cell the
    published tables hide, so its strengths give none back."""
    cells = level_cells(analysis, groups)
    if not disclosure.AUDIT:  # the levels' own rule alone, the pooled table's suppression not kept
        counts = np.stack([t["n"].to_numpy() for t in cells.per_level])
        cells = cells._replace(published=published_cells(counts, groups.residual, analysis.parameters["min_n"]))
    pairs = [_level_pairs(cells, i) for i in range(len(groups.levels))]
    return (pairs, *_fit(analysis, pairs))


def _relabelled(analysis: Analysis, groups: Groups, n_l: np.ndarray, s_l: np.ndarray, count: np.ndarray,
                pooled: np.ndarray) -> list[Partition]:
    """Each level's partition under a relabelling, from its ``(k, cells)`` counts (weighted:
    sums of weights), centred sums and ``count`` of ratings, under the observed levels' rules
    (``pooled``: the cells the pooled table publishes); exact, as only the test's p-value is
    published from them."""
    published = published_cells(count, groups.residual, analysis.parameters["min_n"]) & pooled
    names = np.asarray(analysis.codes, dtype=object)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(published, s_l / n_l + groups.centre, np.nan)
    pairs = [
        pd.DataFrame({"own_group": names[groups.cells // len(names)], "target_group": names[groups.cells % len(names)],
                      "n": count[i].astype(np.int64), "mean": means[i], "suppressed": ~published})
        for i in range(len(groups.levels))
    ]
    return _fit(analysis, pairs)[1]


def _fit(analysis: Analysis, pairs: list[pd.DataFrame]) -> tuple[list[nx.Graph], list[Partition]]:
    """The graph and partition of each level's pairs, with the analysis's settings."""
    params, codes = analysis.parameters, analysis.codes
    graphs = [build_graph(p, codes=codes, weighting=params["weighting"], symmetrise=params["symmetrise"]) for p in pairs]
    found = [
        detect_communities(g, resolution=params["resolution"], engine=params["engine"], seed=params["seed"])
        for g in graphs
    ]
    return graphs, found


def _mean_ari(found: list[Partition], codes: Sequence[str]) -> tuple[float, list[float]]:
    """Mean ARI over the pairs of levels' partitions, and the ARI of each pair."""
    labels = np.array([[p.membership[c] for c in codes] for p in found])
    aris = [float(adjusted_rand(labels[a], labels[b][None])[0]) for a, b in combinations(range(len(found)), 2)]
    return float(np.mean(aris)), aris


def _null_aris(
    analysis: Analysis, groups: Groups, permutations: int, rng: np.random.Generator
) -> tuple[np.ndarray, int, bool]:
    """Mean ARI of every relabelling of the units, the relabellings used, and whether all were."""
    k = len(groups.levels)
    chunks, used, exact = relabellings(groups.unit_level, k, permutations, rng)
    pooled = ~level_cells(analysis, groups).pooled["suppressed"].fillna(True).to_numpy(bool)
    null = []
    for labels in chunks:
        n_l, s_l = level_sums(labels, groups.n_unit, groups.s_unit, k)
        counts = _counts(labels, groups, n_l, k)
        for b in range(len(labels)):
            null.append(_mean_ari(_relabelled(analysis, groups, n_l[:, b], s_l[:, b], counts[:, b], pooled),
                                  analysis.codes)[0])
    return np.asarray(null), used, exact


def _counts(labels: np.ndarray, groups: Groups, n_l: np.ndarray, k: int) -> np.ndarray:
    """The ratings of every level of each labelling: ``n_l`` itself unless the run is
    weighted (then ``n_l`` holds sums of weights)."""
    if groups.count_unit is groups.n_unit:
        return n_l
    return level_sums(labels, groups.count_unit, groups.count_unit, k)[0]


def _memberships(
    analysis: Analysis, codebook: Codebook, groups: Groups, graphs: list[nx.Graph], found: list[Partition]
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Every level's clusters, numbered after the full run's, and each level's node table
    placed on the full run's layout."""
    codes, full = analysis.codes, analysis.partition.membership
    layout = analysis.clusters.set_index("node")
    rows, nodes = [], {}
    for level, g, part in zip(groups.levels, graphs, found):
        renumber = match_clusters(part.membership, full)
        names = name_clusters(part, reference=codebook.reference_clusters, lang=analysis.parameters["lang"])
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
    return pd.concat(rows, ignore_index=True), nodes


def _difference_graph(pairs: list[pd.DataFrame], codes: Sequence[str], how: str) -> nx.Graph:
    """Ties rated in both of two levels, weighted by the size of the second's mean minus the first's."""
    sym = [symmetric_matrix(p, codes=codes, how=how) for p in pairs]
    difference = nx.Graph()
    difference.add_nodes_from(codes)
    for i, j in zip(*np.triu_indices(len(codes), k=1)):
        if not (np.isnan(sym[0][i, j]) or np.isnan(sym[1][i, j])):
            d = float(sym[1][i, j] - sym[0][i, j])
            difference.add_edge(codes[i], codes[j], diff=d, weight=abs(d), mean_a=float(sym[0][i, j]), mean_b=float(sym[1][i, j]))
    return difference
