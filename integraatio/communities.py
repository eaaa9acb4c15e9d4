"""Communities of the integration-need graph, and their names from the codebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
import numpy as np

from .checks import check_choice, is_integer
from .codebook import ReferenceCluster, code_key
from .exceptions import UsageError
from .messages import said
from .options import ENGINES, SEED

__all__ = ["AUTO_ENGINE", "ENGINES", "Partition", "community_labels", "detect_communities", "name_clusters", "resolve_engine", "resolve_seed"]

IGRAPH_ENGINES = ("igraph-leiden", "igraph-louvain")
#: What ``engine="auto"`` means: the engine of the published results.
AUTO_ENGINE = "igraph-leiden"


def _has_igraph() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine(engine: str) -> str:
    """The engine that ``engine`` stands for: ``auto`` becomes ``igraph-leiden``, or
    ``networkx`` when igraph cannot be loaded (a broken install; the analysis warns).

    Raises
    ------
    ValueError
        An unknown engine, or an igraph engine without igraph installed.

    Examples
    --------
    >>> resolve_engine("networkx")
    'networkx'
    """
    if engine == "auto":
        return AUTO_ENGINE if _has_igraph() else "networkx"
    check_choice("engine", engine, ("auto", *ENGINES))
    if engine in IGRAPH_ENGINES and not _has_igraph():
        raise UsageError(
            said("engine.no_igraph", engine=engine)
        )
    return engine


def resolve_seed(seed: int | None) -> int:
    """The seed to use and record: ``seed`` itself, or fresh entropy when it is None.

    Examples
    --------
    >>> resolve_seed(7)
    7
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy % 2**32)
    if not is_integer(seed) or seed < 0:
        raise UsageError(f"`seed` must be a non-negative integer or None; got {seed!r}.")
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


def canonical_labels(groups: list[set[str]]) -> dict[str, int]:
    ordered = sorted(groups, key=lambda s: (-len(s), min(code_key(v) for v in s)))
    return {v: i for i, s in enumerate(ordered, start=1) for v in s}


@lru_cache(maxsize=8)
def _upper_triangle(n: int) -> tuple[np.ndarray, np.ndarray]:
    # Cached: computing it costs more than a Leiden call on a 21-node graph.
    return np.triu_indices(n, k=1)


def community_labels(weights: np.ndarray, /, *, engine: str, resolution: float, seed: int) -> np.ndarray:
    """Community label of every node of a graph given as a weight matrix.

    The one place where an engine is called: :func:`detect_communities` and the bootstrap
    (:mod:`integraatio.stability`) both come here, so a replicate built from the full data
    is clustered exactly like the full data.

    Parameters
    ----------
    weights : numpy.ndarray
        Symmetric ``(n, n)``; pair ``i < j`` is an edge where ``weights[i, j] > 0`` (NaN
        and 0 are no edge). Nodes are visited in index order and edges added in row-major
        order of the upper triangle.
    engine : str
        One of :data:`ENGINES` (resolve ``auto`` first with :func:`resolve_engine`).
    resolution : float
    seed : int

    Returns
    -------
    numpy.ndarray
        ``(n,)`` integer labels; only equality between labels means anything. Nodes
        without edges have labels of their own.

    Examples
    --------
    >>> w = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 2], [0, 0, 2, 0]], dtype=float)
    >>> community_labels(w, engine="networkx", resolution=1.0, seed=1)
    array([4, 4, 5, 5])
    """
    n = len(weights)
    i, j = _upper_triangle(n)
    w = weights[i, j]
    keep = w > 0  # NaN compares False
    i, j, w = i[keep], j[keep], w[keep]
    labels = np.arange(n)
    if len(w) == 0:
        return labels
    if engine in IGRAPH_ENGINES:
        import random

        import igraph as ig

        g = ig.Graph(n=n, edges=list(zip(i.tolist(), j.tolist())))
        # igraph draws from a process-wide Python RNG and has no getter for it: lend it a
        # private, seeded one, then give back igraph's default (the `random` module). A
        # generator the caller had set is not known, so it cannot be restored.
        ig.set_random_number_generator(random.Random(seed))
        try:
            if engine == "igraph-leiden":
                found = g.community_leiden(
                    objective_function="modularity", weights=w.tolist(), resolution=resolution, n_iterations=-1
                )
            else:
                found = g.community_multilevel(weights=w.tolist(), resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
        return np.asarray(found.membership)
    # The pure-Python engines see only the nodes that have edges, in index order (the
    # others stay alone; python-louvain divides by their zero degree).
    g = nx.Graph()
    g.add_nodes_from(np.union1d(i, j).tolist())
    g.add_weighted_edges_from(zip(i.tolist(), j.tolist(), w.tolist()))
    if engine == "python-louvain":
        from community import community_louvain

        part = community_louvain.best_partition(g, weight="weight", resolution=resolution, random_state=seed)
        labels[list(part)] = n + np.fromiter(part.values(), dtype=np.int64, count=len(part))
    else:
        for c, members in enumerate(nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)):
            labels[list(members)] = n + c
    return labels


def detect_communities(
    graph: nx.Graph, /, *, resolution: float = 1.0, engine: str = "auto", seed: int | None = SEED
) -> Partition:
    """Communities of a weighted graph (Louvain or Leiden), reproducibly.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight`` > 0 (see :func:`integraatio.network.build_graph`).
    resolution : float, default 1
        networkx's gamma for every engine: higher gives more, smaller clusters.
    engine : {"auto", "networkx", "python-louvain", "igraph-leiden", "igraph-louvain"}
        See :data:`ENGINES`; ``auto`` takes ``igraph-leiden`` when igraph is installed,
        else ``networkx``. The engine used is recorded in the result.
    seed : int or None, default 1
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
    \\right)\\delta(c_i, c_j)`, maximised by every engine with the same gamma: networkx,
    igraph (``resolution``; Leiden with ``objective_function="modularity"``) and
    python-louvain 0.16 (its ``resolution`` scales the null-model term of the move gain)
    all take it unchanged. ``tests/test_communities.py`` checks that the engines agree,
    and that python-louvain never beats networkx below 1, where its stopping rule (gamma
    on the internal term) ends the search early. Isolated nodes form clusters of their
    own. Louvain and Leiden depend on node order: the nodes are visited in sorted code
    order, the edges added in that order.

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
    engine = resolve_engine(engine)
    if not resolution > 0:
        raise UsageError(f"`resolution` must be > 0; got {resolution!r}.")
    seed = resolve_seed(seed)
    bad = [(a, b, w) for a, b, w in graph.edges(data="weight") if not (w is not None and np.isfinite(w) and w > 0)]
    if bad:
        raise UsageError(f"Edge weights must be finite and > 0; got {bad[:3]}. Build the graph with build_graph().")
    nodes = sorted(graph, key=code_key)
    w = nx.to_numpy_array(graph, nodelist=nodes, weight="weight", nonedge=0.0)
    labels = community_labels(w, engine=engine, resolution=resolution, seed=seed)
    groups = [{nodes[i] for i in np.flatnonzero(labels == c)} for c in np.unique(labels)]
    membership = canonical_labels(groups)
    clusters = [{v for v in nodes if membership[v] == i} for i in range(1, len(groups) + 1)]
    q = modularity(graph, clusters, resolution=resolution) if graph.size() else float("nan")
    return Partition(membership=membership, modularity=float(q), resolution=float(resolution), engine=engine, seed=seed)


def modularity(graph: nx.Graph, clusters: Sequence[set[str]], /, *, resolution: float = 1.0) -> float:
    r"""Newman's weighted modularity, summed in code order so that it is the same to the last bit in every run.

    ``networkx.community.modularity`` sums each community as a set, in an order that
    depends on the interpreter's string hashing (``PYTHONHASHSEED``), so its last digits
    change between identical runs.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight``.
    clusters : sequence of set of str
        A partition of the graph's nodes.
    resolution : float, default 1
        :math:`\gamma`.

    Returns
    -------
    float

    Notes
    -----
    .. math:: Q = \sum_c \left[\frac{L_c}{m} - \gamma \left(\frac{d_c}{2m}\right)^2\right]

    with :math:`L_c` the weight inside cluster :math:`c`, :math:`d_c` the summed weighted
    degree of its nodes and :math:`m` the total weight.

    Examples
    --------
    Two triangles joined by one edge, all weights 1 (networkx's barbell example):
    :math:`m = 7`, :math:`L_c = 3`, :math:`d_c = 7`, so :math:`Q = 2(3/7 - 1/4) = 5/14`.

    >>> g = nx.barbell_graph(3, 0)
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> g = nx.relabel_nodes(g, str)
    >>> round(modularity(g, [{"0", "1", "2"}, {"3", "4", "5"}]), 12) == round(5 / 14, 12)
    True
    """
    nodes = sorted(graph, key=code_key)
    w = nx.to_numpy_array(graph, nodelist=nodes, weight="weight", nonedge=0.0)
    at = {v: i for i, v in enumerate(nodes)}
    labels = np.full(len(nodes), -1)
    for k, members in enumerate(clusters):
        labels[[at[v] for v in sorted(members, key=code_key)]] = k
    degree, total = w.sum(axis=1), w.sum()
    q = 0.0
    for k in range(len(clusters)):
        inside = labels == k
        q += w[np.ix_(inside, inside)].sum() / total - resolution * (degree[inside].sum() / total) ** 2
    return float(q)


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
    from scipy.optimize import linear_sum_assignment

    jaccard = np.array([[len(c & r.members) / len(c | r.members) for r in reference] for c in clusters])
    rows, cols = linear_sum_assignment(-jaccard)
    for i, j in zip(rows, cols):
        if jaccard[i, j] > 0:
            names[i + 1] = reference[j].name(lang)
    return names
