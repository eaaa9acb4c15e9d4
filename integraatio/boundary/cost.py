"""The boundary cost of a scenario: the integration need its boundary cuts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..codebook import code_key
from ..exceptions import UsageError
from ..network import edge_weights, symmetrise_cells
from .scenarios import EXTERNAL, MUNICIPALITY, WELLBEING_AREA, Scenario

CUT_COLUMNS = ["scenario", "node_a", "node_b", "weight", "n", "mean", "organiser_a", "organiser_b", "rank", "share"]


def weight_matrix(graph: nx.Graph, codes: Sequence[str]) -> np.ndarray:
    idx = {c: i for i, c in enumerate(codes)}
    w = np.zeros((len(codes), len(codes)))
    for a, b, weight in graph.edges(data="weight"):
        w[idx[a], idx[b]] = w[idx[b], idx[a]] = weight
    return w


def replicate_tie_weights(means: np.ndarray, *, weighting: str, symmetrise: str, baseline: float) -> np.ndarray:
    """``(B, G, G)`` tie weights of ``(B, G, G)`` replicate cell means; 0 where a replicate
    has no edge (the weight undefined or not positive, as in the graph)."""
    w = np.nan_to_num(edge_weights(symmetrise_cells(np.asarray(means, dtype=float), how=symmetrise),
                                   weighting=weighting, baseline=baseline))
    return np.clip(w, 0.0, None)


def side_matrix(scenarios: Sequence[Scenario], codes: Sequence[str]) -> np.ndarray:
    """``(S, G)``: 0 municipality, 1 wellbeing area, NaN external."""
    value = {MUNICIPALITY: 0.0, WELLBEING_AREA: 1.0, EXTERNAL: np.nan}
    return np.array([[value[s.organisers[c]] for c in codes] for s in scenarios]).reshape(len(scenarios), len(codes))


def cut_costs(w: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Boundary costs and totals ``(..., S)`` of weights ``(..., G, G)`` and sides ``(S, G)``.

    Each unordered pair is counted once (the sums over ordered pairs are halved).
    """
    both = ~np.isnan(x[:, :, None]) & ~np.isnan(x[:, None, :])
    cut = both & (x[:, :, None] != x[:, None, :])
    cost = np.einsum("...ij,sij->...s", w, cut.astype(float)) / 2
    total = np.einsum("...ij,sij->...s", w, both.astype(float)) / 2
    return cost, total


@dataclass(frozen=True)
class BoundaryCost:
    """What one scenario's boundary cuts (:func:`boundary_cost`).

    Attributes
    ----------
    scenario : Scenario
    cost : float
        Summed weight of the cut ties.
    total : float
        Summed weight of all ties between municipality and wellbeing-area groups (the
        ties any boundary could cut).
    share : float
        ``cost / total``.
    cut_ties : pandas.DataFrame
        One row per cut tie, heaviest first: ``node_a``, ``node_b`` (in code order),
        ``weight``, ``n`` (ratings behind the tie), ``mean`` (symmetrised need),
        ``organiser_a``, ``organiser_b``, ``rank`` (1 = heaviest), ``share`` (of ``total``).
    groups : pandas.DataFrame
        One row per municipality or wellbeing-area group: ``node``, ``organiser``,
        ``across`` (weight of its ties across the boundary), ``within`` (to its own
        side), ``to_external`` (to external actors), ``share_across`` =
        ``across / (across + within)`` (NaN for a group without such ties).
    """

    scenario: Scenario
    cost: float
    total: float
    share: float
    cut_ties: pd.DataFrame
    groups: pd.DataFrame


def check_covers(graph: nx.Graph, scenario: Scenario) -> None:
    missing = sorted((v for v in graph if v not in scenario.organisers), key=code_key)
    if missing:
        raise UsageError(
            f"Scenario {scenario.name!r} gives no organiser for graph nodes {missing}; "
            "build scenarios from the codebook the graph was built with."
        )


def boundary_cost(graph: nx.Graph, /, *, scenario: Scenario) -> BoundaryCost:
    """The integration need that a scenario's boundary cuts.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`integraatio.network.build_graph` (edge attributes ``weight``, ``n``,
        ``mean``): costs use the graph's own weighting, so a pair without an edge
        (suppressed, or at or below the baseline under ``excess``) cuts nothing.
    scenario : Scenario

    Returns
    -------
    BoundaryCost

    Notes
    -----
    With :math:`x_i = 0` for the municipality, 1 for the wellbeing area, and
    :math:`E` the groups that are neither (external actors),

    .. math:: \\mathrm{cost} = \\sum_{i<j;\\, i,j \\notin E} w_{ij}\\,[x_i \\ne x_j],
              \\qquad \\mathrm{share} = \\mathrm{cost} \\Big/ \\sum_{i<j;\\, i,j \\notin E} w_{ij}.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 30.0, "n": 12, "mean": 130.0}),
    ...               ("b", "c", {"weight": 10.0, "n": 10, "mean": 110.0})])
    >>> s = Scenario("s", {"a": "municipality", "b": "municipality", "c": "wellbeing_area"})
    >>> r = boundary_cost(g, scenario=s)
    >>> r.cost, r.share  # the b-c tie is cut: 10 of 40
    (10.0, 0.25)
    """
    check_covers(graph, scenario)
    codes = sorted(graph, key=code_key)
    w = weight_matrix(graph, codes)
    x = side_matrix([scenario], codes)
    cost, total = (float(v[0]) for v in cut_costs(w, x))
    organisers = scenario.organisers
    rows = []
    for a, b, data in graph.edges(data=True):
        a, b = sorted((a, b), key=code_key)
        if EXTERNAL not in (organisers[a], organisers[b]) and organisers[a] != organisers[b]:
            rows.append((scenario.name, a, b, data["weight"], data["n"], data["mean"], organisers[a], organisers[b]))
    cut = pd.DataFrame(rows, columns=CUT_COLUMNS[:-2])
    cut = cut.assign(_a=cut["node_a"].map(code_key), _b=cut["node_b"].map(code_key))
    cut = cut.sort_values(["weight", "_a", "_b"], ascending=[False, True, True], kind="stable").drop(columns=["_a", "_b"])
    cut = cut.reset_index(drop=True)
    cut["rank"] = np.arange(1, len(cut) + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cut["share"] = cut["weight"] / total
        side = x[0]
        inside = ~np.isnan(side)
        crosses = (side[:, None] != side[None, :]) & inside[:, None] & inside[None, :]
        across = (w * crosses).sum(1)
        within = (w * (inside[:, None] & inside[None, :] & ~crosses)).sum(1)
        groups = pd.DataFrame(
            {
                "node": codes,
                "organiser": [organisers[c] for c in codes],
                "across": across,
                "within": within,
                "to_external": (w * ~inside[None, :]).sum(1),
                "share_across": across / (across + within),
            }
        ).loc[inside].reset_index(drop=True)
    return BoundaryCost(
        scenario=scenario,
        cost=cost,
        total=total,
        share=cost / total if total > 0 else float("nan"),
        cut_ties=cut,
        groups=groups,
    )
