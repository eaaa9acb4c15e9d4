"""Horizontal and vertical integration need: how a scenario divides the need between organisers.

The slides ask whether the integration need is horizontal (within the municipality, or
within the wellbeing area) or vertical (across the boundary between them, or with external
actors). For a scenario, every tie of the graph falls between two organisers; this module
sums the ties by that pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement

import networkx as nx
import numpy as np
import pandas as pd

from ..composite import CENTER
from .cost import replicate_tie_weights, weight_matrix
from .scenarios import EXTERNAL, MUNICIPALITY, WELLBEING_AREA, Scenario

__all__ = ["ORGANISER_COLUMNS", "integration_by_organiser"]

#: The organisers in the order their pairs are listed.
ORGANISERS = (MUNICIPALITY, WELLBEING_AREA, EXTERNAL)
ORGANISER_COLUMNS = ["scenario", "organiser_a", "organiser_b", "ties", "weight", "mean", "share"]


def _pair_index(scenario: Scenario, codes: Sequence[str]) -> np.ndarray:
    """``(G, G)``: the number of the organiser pair each two groups fall between."""
    pairs = list(combinations_with_replacement(range(len(ORGANISERS)), 2))
    number = {p: k for k, p in enumerate(pairs)}
    side = [ORGANISERS.index(scenario.organisers[c]) for c in codes]
    return np.array([[number[tuple(sorted((a, b)))] for b in side] for a in side])


def _share_interval(pair: np.ndarray, replicates: np.ndarray, n_pairs: int, level: float) -> tuple:
    """Percentile interval of each organiser pair's share of the weight over the replicates
    (``(B, ties)`` weights, ``pair`` numbering each tie's pair); replicates without weight are left out."""
    summed = np.stack([np.bincount(pair, weights=r, minlength=n_pairs) for r in replicates])
    totals = summed.sum(axis=1, keepdims=True)
    shares = np.divide(summed, totals, out=np.full(summed.shape, np.nan), where=totals > 0)
    kept = shares[np.isfinite(shares).all(axis=1)]
    return np.quantile(kept, [(1 - level) / 2, (1 + level) / 2], axis=0) if len(kept) else (np.nan,) * 2


def integration_by_organiser(
    graph: nx.Graph,
    /,
    *,
    scenarios: Sequence[Scenario],
    codes: Sequence[str],
    means: np.ndarray | None = None,
    weighting: str = "excess",
    symmetrise: str = "mean",
    baseline: float = CENTER,
    level: float = 0.95,
) -> pd.DataFrame:
    """The ties of the graph summed by the pair of organisers they fall between.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`integraatio.network.build_graph`.
    scenarios : sequence of Scenario
        Each gives every group an organiser (municipality, wellbeing area or external).
    codes : sequence of str
        All the codebook's groups, in the order of ``means``.
    means : numpy.ndarray, optional
        ``(B, G, G)`` bootstrap cell means; with them, ``share_ci_low`` and
        ``share_ci_high`` (percentile intervals at ``level``).
    weighting, symmetrise, baseline
        As the graph was built, so that each replicate is weighted like it.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per scenario and pair of organisers (all six pairs, in the order
        municipality, wellbeing area, external): ``scenario``, ``organiser_a``,
        ``organiser_b``, ``ties`` (how many), ``weight`` (their summed weight), ``mean``
        (``weight / ties``; empty without ties) and ``share`` (of all the graph's tie
        weight: the shares of a scenario add to 1).

    Notes
    -----
    With :math:`o(i)` the organiser of group i and :math:`w_{ij}` the tie weights, pair
    :math:`(p, q)` holds :math:`W_{pq} = \\sum_{i<j:\\ \\{o(i), o(j)\\} = \\{p, q\\}} w_{ij}`
    and ``share`` is :math:`W_{pq} / \\sum_{i<j} w_{ij}`. Horizontal need is that of the
    pairs (municipality, municipality) and (wellbeing area, wellbeing area); vertical, the
    rest.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 30.0}), ("b", "c", {"weight": 10.0})])
    >>> s = Scenario("x", {"a": "municipality", "b": "municipality", "c": "wellbeing_area"})
    >>> t = integration_by_organiser(g, scenarios=[s], codes=["a", "b", "c"])
    >>> t.loc[t["ties"] > 0, ["organiser_a", "organiser_b", "ties", "weight", "share"]].values.tolist()
    [['municipality', 'municipality', 1, 30.0, 0.75], ['municipality', 'wellbeing_area', 1, 10.0, 0.25]]
    """
    pairs = list(combinations_with_replacement(ORGANISERS, 2))
    i, j = np.triu_indices(len(codes), 1)
    w = weight_matrix(graph, codes)
    replicates = None
    if means is not None:
        replicates = replicate_tie_weights(means, weighting=weighting, symmetrise=symmetrise, baseline=baseline)[:, i, j]
    rows = []
    for scenario in scenarios:
        pair = _pair_index(scenario, codes)[i, j]
        ties = np.bincount(pair, weights=w[i, j] > 0, minlength=len(pairs))
        weight = np.bincount(pair, weights=w[i, j], minlength=len(pairs))
        total = weight.sum()
        block = pd.DataFrame({
            "scenario": scenario.name,
            "organiser_a": [p for p, _ in pairs],
            "organiser_b": [q for _, q in pairs],
            "ties": ties.astype(np.int64),
            "weight": weight,
            "mean": np.divide(weight, ties, out=np.full(len(pairs), np.nan), where=ties > 0),
            "share": weight / total if total > 0 else np.nan,
        })
        if replicates is not None:
            low, high = _share_interval(pair, replicates, len(pairs), level)
            block = block.assign(share_ci_low=low, share_ci_high=high)
        rows.append(block)
    return pd.concat(rows, ignore_index=True)
