"""From the pairs to an undirected weighted graph, its node statistics and its layout."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from .checks import check_choice
from .composite import CENTER
from .exceptions import InsufficientDataError
from .options import SYMMETRISATIONS, WEIGHTINGS

__all__ = [
    "SYMMETRISATIONS",
    "WEIGHTINGS",
    "build_graph",
    "classical_mds",
    "edge_weights",
    "euclidean_distances",
    "network_layout",
    "node_need",
    "node_statistics",
    "smacof",
    "symmetric_matrix",
    "symmetrise_cells",
]



def symmetric_matrix(pairs: pd.DataFrame, /, *, codes: Sequence[str], how: str = "mean") -> np.ndarray:
    """Undirected pair values from the directed cell means.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`integraatio.matrix.pair_table`; suppressed cells count as absent.
    codes : sequence of str
        Node order.
    how : {"mean", "max", "min"}
        How the two directions a->b and b->a combine. With only one direction
        present, that one is used.

    Returns
    -------
    numpy.ndarray
        Symmetric ``len(codes) x len(codes)`` array, NaN where neither direction exists
        and on the diagonal.

    Examples
    --------
    >>> p = pd.DataFrame({"own_group": ["a", "b", "a"], "target_group": ["b", "a", "c"],
    ...                   "mean": [120.0, 100.0, 90.0], "suppressed": [False] * 3})
    >>> symmetric_matrix(p, codes=["a", "b", "c"])
    array([[ nan, 110.,  90.],
           [110.,  nan,  nan],
           [ 90.,  nan,  nan]])
    """
    check_choice("symmetrise", how, SYMMETRISATIONS)
    idx = {c: i for i, c in enumerate(codes)}
    kept = pairs.loc[~pairs["suppressed"].to_numpy(bool)]
    m = np.full((len(codes), len(codes)), np.nan)
    m[kept["own_group"].map(idx).to_numpy(int), kept["target_group"].map(idx).to_numpy(int)] = kept["mean"]
    return symmetrise_cells(m, how=how)


def symmetrise_cells(cells: np.ndarray, /, *, how: str = "mean") -> np.ndarray:
    """:func:`symmetric_matrix` on an array of directed cell means, or on a stack of them.

    Parameters
    ----------
    cells : numpy.ndarray
        ``(..., G, G)``: ``cells[..., a, b]`` is the mean of a -> b, NaN where absent or
        suppressed (e.g. ``(B, G, G)`` bootstrap replicates).
    how : {"mean", "max", "min"}

    Returns
    -------
    numpy.ndarray
        Same shape, symmetric in the last two axes, NaN on the diagonal.

    Examples
    --------
    >>> symmetrise_cells(np.array([[np.nan, 120.0], [100.0, np.nan]]))
    array([[ nan, 110.],
           [110.,  nan]])
    """
    check_choice("symmetrise", how, SYMMETRISATIONS)
    m = np.asarray(cells, dtype=float)
    t = np.swapaxes(m, -1, -2)
    if how == "max":
        out = np.fmax(m, t)  # fmax/fmin ignore a NaN direction
    elif how == "min":
        out = np.fmin(m, t)
    else:
        count = (~np.isnan(m)).astype(float) + (~np.isnan(t))
        with np.errstate(invalid="ignore"):
            out = (np.nan_to_num(m) + np.nan_to_num(t)) / count
    diagonal = np.arange(m.shape[-1])
    out[..., diagonal, diagonal] = np.nan
    return out


def edge_weights(sym: np.ndarray, /, *, weighting: str = "excess", baseline: float = CENTER) -> np.ndarray:
    """Edge weights from symmetrised means, as :func:`build_graph` sets them.

    Parameters
    ----------
    sym : numpy.ndarray
        ``(..., G, G)`` from :func:`symmetrise_cells`; ``minmax`` rescales each matrix of
        a stack over its own observed pairs.
    weighting : {"excess", "raw", "minmax"}, default "excess"
    baseline : float, default 100

    Returns
    -------
    numpy.ndarray
        Same shape; NaN stays NaN. A pair is an edge where its weight is > 0.

    Examples
    --------
    >>> edge_weights(np.array([[np.nan, 130.0], [130.0, np.nan]]))
    array([[nan, 30.],
           [30., nan]])
    """
    check_choice("weighting", weighting, WEIGHTINGS)
    if weighting == "raw":
        return sym
    if weighting == "excess":
        return np.clip(sym - baseline, 0.0, None)
    lo = np.nanmin(sym, axis=(-2, -1), keepdims=True)
    hi = np.nanmax(sym, axis=(-2, -1), keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(hi > lo, (sym - lo) / (hi - lo), np.where(np.isnan(sym), np.nan, 1.0))


def build_graph(
    pairs: pd.DataFrame,
    /,
    *,
    codes: Sequence[str],
    weighting: str = "excess",
    symmetrise: str = "mean",
    baseline: float = CENTER,
) -> nx.Graph:
    """The undirected integration-need graph.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`integraatio.matrix.pair_table`.
    codes : sequence of str
        Every group; nodes are added in this (sorted) order, because Louvain's result
        depends on node order.
    weighting : {"excess", "raw", "minmax"}, default "excess"
        Edge weight from the symmetrised mean ``m``: ``max(m - baseline, 0)``, ``m``, or
        ``(m - min) / (max - min)``. ``excess`` is the default because it recovered
        planted clusters best (README, "Choosing the edge weight").
    symmetrise : {"mean", "max", "min"}, default "mean"
        See :func:`symmetric_matrix`.
    baseline : float, default 100
        The index value that means "average need" for ``excess``.

    Returns
    -------
    networkx.Graph
        Edge attributes ``weight`` (> 0), ``mean`` (symmetrised integration need) and
        ``n`` (ratings behind the two cells). Suppressed cells and pairs whose weight is
        0 have no edge; they are never written as 0.
    """
    check_choice("weighting", weighting, WEIGHTINGS)
    sym = symmetric_matrix(pairs, codes=codes, how=symmetrise)
    w = edge_weights(sym, weighting=weighting, baseline=baseline)
    n = pd.Series(0, index=pd.MultiIndex.from_product([codes, codes]), dtype=np.int64)
    kept = pairs.loc[~pairs["suppressed"].to_numpy(bool)]
    n.loc[list(zip(kept["own_group"], kept["target_group"]))] = kept["n"].to_numpy()
    g = nx.Graph()
    g.add_nodes_from(codes)
    for i, j in zip(*np.triu_indices(len(codes), k=1)):
        if w[i, j] > 0:  # NaN compares False: absent pairs get no edge
            a, b = codes[i], codes[j]
            g.add_edge(a, b, weight=float(w[i, j]), mean=float(sym[i, j]), n=int(n[a, b] + n[b, a]))
    return g


def node_need(sym: np.ndarray, /) -> np.ndarray:
    """Each group's mean integration need with the groups it has a published pair with.

    Parameters
    ----------
    sym : numpy.ndarray
        ``(G, G)`` symmetrised pair means (:func:`symmetric_matrix`), NaN where no
        published pair.

    Returns
    -------
    numpy.ndarray
        ``(G,)``; NaN for a group with no published pair.

    Notes
    -----
    :math:`\\bar m_i = \\frac{1}{|J_i|} \\sum_{j \\in J_i} m_{ij}`, with :math:`m_{ij}` the
    symmetrised pair mean and :math:`J_i` the groups with a published pair. A mean need,
    not a tie weight: it can lie below 100.

    Examples
    --------
    >>> node_need(np.array([[np.nan, 120.0, 80.0], [120.0, np.nan, np.nan], [80.0, np.nan, np.nan]])).tolist()
    [100.0, 120.0, 80.0]
    """
    seen = ~np.isnan(sym)
    return np.where(seen.any(axis=1), np.nansum(sym, axis=1) / np.maximum(seen.sum(axis=1), 1), np.nan)


def node_statistics(graph: nx.Graph, /, *, membership: Mapping[str, int]) -> pd.DataFrame:
    """Strength and participation coefficient of every node.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight``.
    membership : Mapping[str, int]
        Node -> cluster (``Partition.membership``).

    Returns
    -------
    pandas.DataFrame
        Index ``node``; ``strength`` (sum of edge weights) and ``participation``.

    Notes
    -----
    The participation coefficient (Guimerà & Amaral 2005, *Nature* 433:895) of node
    :math:`i` is :math:`P_i = 1 - \\sum_c (s_{ic} / s_i)^2`, where :math:`s_{ic}` is the
    weight of its ties into cluster :math:`c` and :math:`s_i` its strength: 0 when all of a
    group's need lies inside its own cluster, near 1 - 1/k when it is spread evenly over
    k clusters. It singles out the groups that bridge clusters.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 3.0}), ("a", "c", {"weight": 1.0})])
    >>> node_statistics(g, membership={"a": 1, "b": 1, "c": 2}).loc["a"].tolist()
    [4.0, 0.375]
    """
    strength, participation = [], []
    for v in graph:
        into: dict[int, float] = {}
        for _, u, w in graph.edges(v, data="weight"):
            into[membership[u]] = into.get(membership[u], 0.0) + w
        s_v = sum(into.values())
        strength.append(float(s_v))
        participation.append(1.0 - sum((x / s_v) ** 2 for x in into.values()) if s_v > 0 else 0.0)
    return pd.DataFrame(
        {"strength": strength, "participation": participation}, index=pd.Index(list(graph), name="node")
    )


def euclidean_distances(x: np.ndarray, /) -> np.ndarray:
    """Distances between the rows of ``x``: :math:`\\sqrt{\\max(0, |x_i|^2 + |x_j|^2 - 2 x_i \\cdot x_j)}`, 0 on the diagonal.

    The same floating-point steps as scikit-learn's ``euclidean_distances`` on float64, so
    that the layout has the same bytes.

    Examples
    --------
    >>> euclidean_distances(np.array([[0.0, 0.0], [3.0, 4.0]]))
    array([[0., 5.],
           [5., 0.]])
    """
    squares = np.einsum("ij,ij->i", x, x)[:, None]
    distances = -2 * (x @ x.T)
    distances += squares
    distances += squares.T
    np.maximum(distances, 0, out=distances)
    np.fill_diagonal(distances, 0)
    return np.sqrt(distances, out=distances)


def classical_mds(d: np.ndarray, /) -> np.ndarray:
    """Classical (Torgerson) MDS in two dimensions: the start of :func:`smacof`.

    With :math:`B = -\\tfrac12 J D^{(2)} J` (``D`` squared, double-centred), the positions are
    :math:`U_k \\sqrt{\\lambda_k}` for its two largest eigenvalues, each eigenvector's sign
    set so that its largest-magnitude entry is positive (scikit-learn's ``ClassicalMDS``); an
    eigenvalue below 0 counts as 0.

    Examples
    --------
    >>> xy = classical_mds(euclidean_distances(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]])))
    >>> np.allclose(euclidean_distances(xy), euclidean_distances(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]])))
    True
    """
    from scipy import linalg

    b = (d**2).astype(np.float64)
    b -= np.mean(b, axis=0)
    b -= np.mean(b, axis=1, keepdims=True)
    b *= -0.5
    w, u = linalg.eigh(b)
    w, u = w[::-1][:2], u[:, ::-1][:, :2]
    u *= np.sign(u[np.argmax(np.abs(u), axis=0), np.arange(u.shape[1])])[np.newaxis, :]
    # A dissimilarity no plane holds (the triangle inequality broken) has a second eigenvalue
    # at or below 0, also as -1e-16: that axis has no extent (scikit-learn's sqrt gave NaN).
    return np.sqrt(np.maximum(w, 0.0)) * u


def smacof(d: np.ndarray, start: np.ndarray, /, *, max_iter: int = 1000, eps: float = 1e-9) -> np.ndarray:
    """Metric MDS by SMACOF (Guttman transforms) from ``start``, as scikit-learn's ``MDS`` runs it.

    Each step is :math:`X \\leftarrow \\tfrac1n B(X) X` with :math:`B_{ij} = -d_{ij} / \\delta_{ij}(X)`
    off the diagonal and row sums zero; it stops when the raw stress
    :math:`\\sigma = \\tfrac12 \\sum (\\delta_{ij} - d_{ij})^2` falls by less than ``eps`` times half
    the sum of squared distances, or after ``max_iter`` steps.

    Examples
    --------
    >>> points = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> d = euclidean_distances(points)
    >>> bool(np.abs(euclidean_distances(smacof(d, classical_mds(d))) - d).max() < 1e-6)
    True
    """
    n = len(d)
    x = np.array(start, dtype=np.float64, order="C")  # the memory order changes the last bits of x @ x.T
    distances = euclidean_distances(x)
    old = None
    for _ in range(max_iter):
        distances[distances == 0] = 1e-5
        ratio = d / distances
        b = -ratio
        b[np.arange(n), np.arange(n)] += ratio.sum(axis=1)
        x = 1.0 / n * np.dot(b, x)
        distances = euclidean_distances(x)
        stress = ((distances.ravel() - d.ravel()) ** 2).sum() / 2
        if old is not None and (old - stress) / ((distances.ravel() ** 2).sum() / 2) < eps:
            break
        old = stress
    return x


def network_layout(sym: np.ndarray, /, *, codes: Sequence[str], seed: int) -> pd.DataFrame:
    """Positions in which distance reflects integration need.

    Metric MDS (SMACOF, classical start) on the dissimilarity ``max(m) - m + r / 10`` of
    the symmetrised means ``m`` (``r`` their range): a stronger need gives a shorter
    distance, and the groups that need everyone most end up in the middle. Pairs without
    data get the largest dissimilarity. The result is centred, rotated onto its principal
    axes with a fixed sign, and scaled to fit in [-1, 1].

    Parameters
    ----------
    sym : numpy.ndarray
        From :func:`symmetric_matrix` (use the means, not the edge weights, so that
        pairs below the baseline still place their nodes apart).
    codes : sequence of str
        Node names in the order of ``sym``.
    seed : int
        Kept for callers: the classical start leaves nothing to chance.

    Returns
    -------
    pandas.DataFrame
        Index ``node``; columns ``x`` and ``y``.
    """
    off = ~np.eye(len(codes), dtype=bool)
    observed = sym[off & ~np.isnan(sym)]
    if observed.size == 0:
        raise InsufficientDataError("No pair has data, so there is nothing to lay out; lower --min-n or check the input.")
    hi, lo = observed.max(), observed.min()
    d = hi - sym + max(hi - lo, 1.0) / 10.0
    d[np.isnan(d)] = np.nanmax(d) if np.isfinite(np.nanmax(d)) else 1.0
    np.fill_diagonal(d, 0.0)
    xy = smacof(d, classical_mds(d))
    xy -= xy.mean(axis=0)
    _, _, vt = np.linalg.svd(xy, full_matrices=False)
    xy = xy @ vt.T
    # Fix each axis's sign so that the layout does not mirror between runs.
    xy *= np.where(np.sum(xy**3, axis=0) < 0, -1.0, 1.0)
    xy /= np.abs(xy).max()
    return pd.DataFrame(xy, columns=["x", "y"], index=pd.Index(list(codes), name="node"))
