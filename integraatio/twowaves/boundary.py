"""Change in the boundary: the share of integration need each boundary cuts, in both waves.

The direct answer to "does the law's boundary cut less integration need than before?". Each
scenario is a fixed assignment of the groups to organisers and is costed on both waves'
networks: the legislated boundary, the base wave's cluster boundary and optimum, a scenario
file's boundaries, and the new wave's cluster boundary and optimum (``clusters_new``,
``optimal_new``) where they differ from the base wave's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..boundary import BoundaryAnalysis, ScenarioPlan, analyse_boundary, bootstrap_boundary, boundary_cost
from ..codebook import Codebook

__all__ = ["BOUNDARY_COLUMNS", "BoundaryChange", "boundary_change"]

#: Columns of ``waves_boundary.csv`` (docs/contract.md).
BOUNDARY_COLUMNS = ["scenario", "share_base", "share_new", "change", "ci_low", "ci_high", "moved"]


@dataclass(frozen=True)
class BoundaryChange:
    """Result of :func:`boundary_change`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per scenario, :data:`BOUNDARY_COLUMNS`: the share of the ties between
        municipality and wellbeing-area groups that the boundary cuts in each wave,
        ``change`` = new - base, its percentile interval from the two waves' bootstraps
        (empty without them), and ``moved`` (the groups it moves from the legislated
        boundary, space-separated).
    waves : tuple of BoundaryAnalysis
        Each wave's own boundary analysis (:func:`integraatio.boundary.analyse_boundary`).
    parameters : Mapping
    """

    table: pd.DataFrame
    waves: tuple[BoundaryAnalysis, BoundaryAnalysis]
    parameters: Mapping[str, Any]


def boundary_change(base: Analysis, new: Analysis, /, *, codebook: Codebook, plan: ScenarioPlan | None = None,
                    level: float = 0.95) -> BoundaryChange:
    """The cut share of every boundary scenario in both waves, and its change.

    Parameters
    ----------
    base, new : Analysis
        The two waves on one codebook (``codebook``); bootstraps attached give intervals.
    codebook : Codebook
        The common codebook: its ``organiser`` draws the legislated boundary.
    plan : ScenarioPlan, optional
        A scenario file's scenarios and constraints (:func:`integraatio.boundary.read_scenarios`).
    level : float, default 0.95

    Returns
    -------
    BoundaryChange

    Notes
    -----
    share = cut weight / weight of all municipality-wellbeing-area ties of that wave's
    graph (:func:`integraatio.boundary.boundary_cost`); the share, not the cost, is
    compared, since the totals differ between waves. The interval of the change is the
    percentile interval of ``share_new[b] - share_base[b]`` over the replicates of the two
    waves' independent bootstraps.

    Examples
    --------
    >>> from integraatio.analysis import analyse_scores
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.synth import generate_waves
    >>> from integraatio.twowaves.scale import common_scores
    >>> cb = load_codebook()
    >>> b, n = generate_waves(seed=1)
    >>> a = [analyse_scores(s, codebook=cb, seed=1) for s in common_scores(b.data, n.data)]
    >>> c = boundary_change(*a, codebook=cb)
    >>> c.table["scenario"].tolist()[:3]
    ['legislated', 'clusters', 'optimal']
    """
    waves = tuple(analyse_boundary(a, codebook=codebook, plan=plan, level=level) for a in (base, new))
    scenarios = [r.scenario for r in waves[0].results.values()]
    seen = {tuple(sorted(s.organisers.items())) for s in scenarios}
    for name in ("clusters", "optimal"):
        s = waves[1].results[name].scenario
        if tuple(sorted(s.organisers.items())) not in seen:
            scenarios.append(replace(s, name=f"{name}_new"))
    shares = np.array([[boundary_cost(a.graph, scenario=s).share for s in scenarios] for a in (base, new)])
    lo = hi = np.full(len(scenarios), np.nan)
    if base.bootstrap is not None and new.bootstrap is not None:
        params = base.parameters
        boots = [bootstrap_boundary(a.bootstrap.means, scenarios=scenarios, codes=a.codes, weighting=params["weighting"],
                                    symmetrise=params["symmetrise"], level=level).shares for a in (base, new)]
        b = min(len(x) for x in boots)
        diff = boots[1][:b] - boots[0][:b]
        lo, hi = np.nanquantile(diff, [(1 - level) / 2, (1 + level) / 2], axis=0)
    legislated = scenarios[0]
    table = pd.DataFrame({
        "scenario": [s.name for s in scenarios], "share_base": shares[0], "share_new": shares[1],
        "change": shares[1] - shares[0], "ci_low": lo, "ci_high": hi,
        "moved": [" ".join(s.moved(legislated)) for s in scenarios],
    })
    return BoundaryChange(table=table, waves=waves, parameters={"level": level, "scenarios": len(scenarios)})
