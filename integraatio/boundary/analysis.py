"""The boundary step in one call: scenarios built, costed, optimised and compared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..exceptions import InsufficientDataError
from .bootstrap import BoundaryBootstrap, bootstrap_boundary
from .cost import CUT_COLUMNS, BoundaryCost, boundary_cost
from .optimise import INFEASIBLE, Optimum, optimise_boundary
from .organisers import integration_by_organiser
from .scenarios import (
    MUNICIPALITY,
    SIDES,
    WELLBEING_AREA,
    Scenario,
    ScenarioPlan,
    cluster_scenario,
    divides,
    legislated_scenario,
)

if TYPE_CHECKING:
    from ..stability import Bootstrap

SCENARIO_COLUMNS = [
    "scenario", "cost", "share", "total", "cut_ties", "moved",
    "municipality_groups", "wellbeing_area_groups", "source", "description", "no_data_side", "name_fi", "name_en",
    "description_fi", "description_en",
]
GROUP_COLUMNS = ["scenario", "node", "organiser", "moved", "across", "within", "to_external", "share_across"]



@dataclass(frozen=True)
class BoundaryAnalysis:
    """Scenarios compared (:func:`analyse_boundary`).

    Attributes
    ----------
    scenarios : pandas.DataFrame
        One row per scenario: ``scenario``, ``cost``, ``share``, ``total``, ``cut_ties``
        (how many), ``moved`` (codes moved from the legislated boundary, space-separated),
        ``municipality_groups``, ``wellbeing_area_groups``, ``source``, ``description``,
        ``no_data_side`` (why there is no cost: the organisers, ``;``-separated, whose
        side has no group with data; else empty),
        ``name_fi``, ``name_en`` (display names a scenario file gives; else empty),
        ``description_fi``, ``description_en`` (its descriptions by language; else empty);
        with a bootstrap also ``ci_low``, ``ci_high``, ``share_ci_low``, ``share_ci_high``
        and ``replicates``.
    cut_ties : pandas.DataFrame
        Every scenario's cut ties (columns of :attr:`BoundaryCost.cut_ties` with
        ``scenario`` first).
    groups : pandas.DataFrame
        Per scenario and group: ``scenario``, ``node``, ``organiser``, ``moved``,
        ``across``, ``within``, ``to_external``, ``share_across``.
    differences : pandas.DataFrame
        Every pair of scenarios: ``scenario``, ``versus``, ``diff`` = cost(scenario) -
        cost(versus); with a bootstrap also ``ci_low``, ``ci_high``, ``share_lower``.
    results : Mapping[str, BoundaryCost]
    optimum : Optimum
    bootstrap : BoundaryBootstrap or None
    parameters : Mapping
    organisers : pandas.DataFrame
        Horizontal and vertical need: every scenario's ties summed by the pair of
        organisers they fall between (:func:`integration_by_organiser`).
    """

    scenarios: pd.DataFrame
    cut_ties: pd.DataFrame
    groups: pd.DataFrame
    differences: pd.DataFrame
    results: Mapping[str, BoundaryCost]
    optimum: Optimum
    bootstrap: BoundaryBootstrap | None
    parameters: Mapping[str, Any]
    organisers: pd.DataFrame = field(default_factory=pd.DataFrame)


def _one_sided(scenario: Scenario, graph: nx.Graph) -> str:
    """Why a scenario has no cost: the sides of its boundary with no group that has data,
    ``;``-separated ("" when both sides have data)."""
    held = {scenario.organisers[v] for v in graph.nodes}
    return ";".join(side for side in SIDES if side not in held)


def analyse_boundary(
    analysis,
    /,
    *,
    codebook: Codebook,
    plan: ScenarioPlan | None = None,
    means: np.ndarray | None = None,
    level: float | None = None,
    exhaustive_limit: int = 24,
) -> BoundaryAnalysis:
    """Compare the legislated, cluster, optimal and user scenarios in one call.

    Parameters
    ----------
    analysis : Analysis
        From :func:`integraatio.analysis.analyse` (graph, clusters, weighting).
    codebook : Codebook
    plan : ScenarioPlan, optional
        User scenarios and constraints (:func:`read_scenarios`).
    means : numpy.ndarray, optional
        ``(B, G, G)`` bootstrap cell means for intervals (:func:`bootstrap_boundary`).
        Default: ``analysis.bootstrap.means`` when the analysis carries a bootstrap
        (:func:`integraatio.stability.attach_bootstrap`); without either, no intervals.
    level : float, optional
        Interval level; default the bootstrap's ``level``, else 0.95.
    exhaustive_limit : int, default 24
        See :func:`optimise_boundary`.

    Returns
    -------
    BoundaryAnalysis

    Raises
    ------
    InsufficientDataError
        The codebook puts no group with the municipality, or none with the wellbeing area.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> b = analyse_boundary(analyse(load_example(), codebook=cb, seed=1), codebook=cb)
    >>> b.scenarios["scenario"].tolist()
    ['legislated', 'clusters', 'optimal']
    >>> bool(b.scenarios.set_index("scenario").loc["clusters", "share"] < 0.1)
    True
    """
    if not divides(codebook):
        raise InsufficientDataError(
            "The codebook puts no group with the municipality or none with the wellbeing area, so there is no "
            "boundary to cost; set `organiser` to 'municipality' or 'wellbeing_area' for the groups."
        )
    plan = plan or ScenarioPlan()
    legislated = legislated_scenario(codebook)
    optimum = optimise_boundary(analysis.graph, codebook=codebook, constraints=plan.constraints, exhaustive_limit=exhaustive_limit)
    clusters = cluster_scenario(codebook, membership=analysis.partition.membership)
    scenarios = [legislated, clusters, optimum.scenario, *plan.scenarios]
    results = {s.name: boundary_cost(analysis.graph, scenario=s) for s in scenarios}
    table = _scenario_table(scenarios, results, legislated, analysis.graph)
    differences = _differences(table)
    means, level = _carried(analysis.bootstrap, means, level)
    params = analysis.parameters
    network = {"codes": analysis.codes, "weighting": params["weighting"], "symmetrise": params["symmetrise"], "level": level}
    by_organiser = integration_by_organiser(analysis.graph, scenarios=scenarios, means=means, **network)
    boot = None
    if means is not None:
        boot = bootstrap_boundary(means, scenarios=scenarios, **network)
        table = table.merge(boot.intervals, on="scenario").assign(replicates=len(boot.costs))
        table.loc[table["source"] == INFEASIBLE, [c for c in boot.intervals.columns if c != "scenario"]] = np.nan
        differences = differences.merge(boot.differences, on=["scenario", "versus"])
    return BoundaryAnalysis(
        scenarios=table,
        cut_ties=pd.concat([r.cut_ties for r in results.values()], ignore_index=True)[CUT_COLUMNS],
        groups=_group_table(results, legislated),
        differences=differences,
        results=MappingProxyType(results),
        optimum=optimum,
        bootstrap=boot,
        organisers=by_organiser,
        parameters={
            "scenario_file": plan.path.name if plan.path else None,  # never the folder: it names the analyst
            "scenario_file_sha256": plan.sha256,
            "constraints": optimum.constraints.describe(),
            "method": optimum.method,
            "exhaustive_limit": exhaustive_limit,
            "level": level,
            "replicates": None if boot is None else len(boot.costs),
        },
    )


def _scenario_table(
    scenarios: list[Scenario], results: Mapping[str, BoundaryCost], legislated: Scenario, graph: nx.Graph
) -> pd.DataFrame:
    """``scenarios`` of :class:`BoundaryAnalysis`: each scenario's cost, moves and sides."""
    table = pd.DataFrame(
        [
            (
                s.name, r.cost, r.share, r.total, len(r.cut_ties), " ".join(s.moved(legislated)),
                sum(o == MUNICIPALITY for o in s.organisers.values()),
                sum(o == WELLBEING_AREA for o in s.organisers.values()),
                s.source, s.description, _one_sided(s, graph), s.names.get("fi", ""), s.names.get("en", ""),
                s.descriptions.get("fi", ""), s.descriptions.get("en", ""),
            )
            for s, r in ((s, results[s.name]) for s in scenarios)
        ],
        columns=SCENARIO_COLUMNS,
    )
    # A boundary with no data on one side cuts nothing because nothing is known: no cost;
    # nor has an optimum that the groups with data cannot reach.
    table.loc[(table["no_data_side"] != "") | (table["source"] == INFEASIBLE), ["cost", "share"]] = np.nan
    return table


def _group_table(results: Mapping[str, BoundaryCost], legislated: Scenario) -> pd.DataFrame:
    """``groups`` of :class:`BoundaryAnalysis`: every group's side in every scenario, and whether it moved."""
    groups = pd.concat([r.groups.assign(scenario=name) for name, r in results.items()], ignore_index=True)
    groups["moved"] = groups["organiser"].to_numpy() != groups["node"].map(legislated.organisers).to_numpy()
    return groups[GROUP_COLUMNS]


def _differences(table: pd.DataFrame) -> pd.DataFrame:
    """Cost of every scenario minus every later one's."""
    cost = table.set_index("scenario")["cost"]
    return pd.DataFrame(
        [(a, b, cost[a] - cost[b]) for a, b in combinations(table["scenario"], 2)], columns=["scenario", "versus", "diff"]
    )


def _carried(
    carried: Bootstrap | None, means: np.ndarray | None, level: float | None
) -> tuple[np.ndarray | None, float]:
    """Replicate means and interval level: as given, else the analysis's attached bootstrap's
    (its level 0.95 without one)."""
    if means is None and carried is not None:
        means = carried.means
    if level is None:
        level = carried.parameters["level"] if carried is not None else 0.95
    return means, level
