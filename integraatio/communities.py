"""Communities of the integration-need graph, and their names from the codebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.optimize import linear_sum_assignment

from .codebook import ReferenceCluster, code_key

__all__ = ["ENGINES", "Partition", "detect_communities", "name_clusters", "resolve_seed"]

#: Louvain implementations, both BSD licensed core dependencies. ``networkx`` is the
#: default: at resolutions below 1 python-louvain 0.16 stops early (its stopping rule puts
#: the resolution on the wrong term) and returns partitions of lower modularity.
ENGINES = ("networkx", "python-louvain")


def resolve_seed(seed: int | None) -> int:
    """The seed to use and record: ``seed`` itself, or fresh entropy when it is None.

    Examples
    --------
    >>> resolve_seed(7)
    7
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy % 2**32)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"`seed` must be a non-negative integer or None; got {seed!r}.")
    return int(seed)


@dataclass(frozen=True)
class Partition:
    """A partition of the graph's nodes.

    Attributes
    ----------
    membership : Mapping[str, int]
        Node -> cluster number 1..k. Clusters are numbered by size (largest first), ties
        by their first member in code order, so the numbering is reproducible.
    modularity : float
        Weighted modularity at ``resolution``.
    resolution, engine, seed
        The parameters that produced it.
    """

    membership: Mapping[str, int]
    modularity: float
    resolution: float
    engine: str
    seed: int

    @property
    def clusters(self) -> list[frozenset[str]]:
        """The clusters as sets of nodes, cluster 1 first."""
        k = max(self.membership.values(), default=0)
        return [frozenset(v for v, c in self.membership.items() if c == i) for i in range(1, k + 1)]


def _canonical(groups: list[set[str]]) -> dict[str, int]:
    ordered = sorted(groups, key=lambda s: (-len(s), min(code_key(v) for v in s)))
    return {v: i for i, s in enumerate(ordered, start=1) for v in s}


def detect_communities(
    graph: nx.Graph, /, *, resolution: float = 1.0, engine: str = "networkx", seed: int | None = None
) -> Partition:
    """Louvain communities of a weighted graph, reproducibly.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight`` > 0 (see :func:`integraatio.network.build_graph`).
    resolution : float, default 1
        networkx's gamma for every engine: higher gives more, smaller clusters.
    engine : {"networkx", "python-louvain"}, default "networkx"
    seed : int, optional
        Seed of the engine's random node order. None draws one; it is recorded in the
        result either way.

    Returns
    -------
    Partition

    Raises
    ------
    ValueError
        Unknown engine, resolution <= 0, or a weight that is not finite and > 0.

    Notes
    -----
    Modularity :math:`Q = \\frac{1}{2m}\\sum_{ij}\\left(A_{ij} - \\gamma\\frac{k_i k_j}{2m}
    \\right)\\delta(c_i, c_j)`. python-louvain 0.16 applies its ``resolution`` to the
    null-model term of the move gain, like networkx's gamma, so the value is passed
    through unchanged; ``tests/test_communities.py`` checks that the engines agree at
    resolutions >= 1 and that python-louvain never beats networkx below 1, where its
    stopping rule (gamma on the internal term) ends the search early. Isolated nodes form clusters of their own. Louvain depends
    on node order: the graph's nodes are visited in sorted code order.

    Examples
    --------
    >>> g = nx.barbell_graph(3, 0)
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> p = detect_communities(nx.relabel_nodes(g, str), seed=1)
    >>> [sorted(c) for c in p.clusters]
    [['0', '1', '2'], ['3', '4', '5']]
    >>> round(p.modularity, 4)  # (6 - 2 * 7**2 / 14) / 14, as in networkx's test
    0.3571
    """
    if engine not in ENGINES:
        raise ValueError(f"`engine` must be one of {', '.join(ENGINES)}; got {engine!r}.")
    if not resolution > 0:
        raise ValueError(f"`resolution` must be > 0; got {resolution!r}.")
    seed = resolve_seed(seed)
    bad = [(a, b, w) for a, b, w in graph.edges(data="weight") if not (w is not None and np.isfinite(w) and w > 0)]
    if bad:
        raise ValueError(f"Edge weights must be finite and > 0; got {bad[:3]}. Build the graph with build_graph().")
    nodes = sorted(graph, key=code_key)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from(sorted((tuple(sorted((a, b), key=code_key)) + (w,) for a, b, w in graph.edges(data="weight"))))
    connected = [v for v in nodes if g.degree(v) > 0]
    groups: list[set[str]] = [{v} for v in nodes if g.degree(v) == 0]
    if connected:
        core = g.subgraph(connected)
        if engine == "python-louvain":
            from community import community_louvain

            part = community_louvain.best_partition(core, weight="weight", resolution=resolution, random_state=seed)
            found: dict[int, set[str]] = {}
            for v, c in part.items():
                found.setdefault(c, set()).add(v)
            groups += list(found.values())
        else:
            groups += [set(c) for c in nx.community.louvain_communities(core, weight="weight", resolution=resolution, seed=seed)]
    membership = _canonical(groups)
    clusters = [{v for v in nodes if membership[v] == i} for i in range(1, len(groups) + 1)]
    q = nx.community.modularity(g, clusters, weight="weight", resolution=resolution) if g.size() else float("nan")
    return Partition(membership=membership, modularity=float(q), resolution=float(resolution), engine=engine, seed=seed)


def name_clusters(
    partition: Partition, /, *, reference: Sequence[ReferenceCluster], lang: str = "fi"
) -> dict[int, str]:
    """Name each cluster after the reference cluster it overlaps most.

    A one-to-one matching (Hungarian algorithm) on the Jaccard overlap, so two clusters
    never get the same name; clusters without an overlapping reference are called
    ``Cluster k`` (``Klusteri k`` in Finnish).

    Parameters
    ----------
    partition : Partition
    reference : sequence of ReferenceCluster
        From the codebook (``Codebook.reference_clusters``).
    lang : {"fi", "en"}

    Returns
    -------
    dict
        Cluster number -> name.
    """
    clusters = partition.clusters
    fallback = "Klusteri" if lang == "fi" else "Cluster"
    names = {i: f"{fallback} {i}" for i in range(1, len(clusters) + 1)}
    if not reference or not clusters:
        return names
    jaccard = np.array([[len(c & r.members) / len(c | r.members) for r in reference] for c in clusters])
    rows, cols = linear_sum_assignment(-jaccard)
    for i, j in zip(rows, cols):
        if jaccard[i, j] > 0:
            names[i + 1] = reference[j].name(lang)
    return names
