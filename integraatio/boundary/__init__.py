"""Where should the boundary run? Interface scenarios between municipality and wellbeing area.

"The interface always forms somewhere; where does it cause the least damage?" A
*scenario* assigns every task group to an organiser (``municipality``,
``wellbeing_area`` or ``external``). Its *boundary cost* is the integration need that the
boundary between municipality and wellbeing services county cuts: the summed weight of the
graph's ties whose two groups end up with different organisers.

External actors (``organiser = "external"``) are neither municipality nor wellbeing area:
they stay external in every scenario, and their ties are left out of every cost and total,
since they cross an organisation boundary whatever is decided.

One module a part of the step:

- :mod:`~integraatio.boundary.scenarios`: the scenarios (legislated, from the clusters,
  from a TOML file) and the constraints of the search;
- :mod:`~integraatio.boundary.cost`: what a scenario's boundary cuts;
- :mod:`~integraatio.boundary.solver`: the lowest-cost boundary as a pure matrix problem;
- :mod:`~integraatio.boundary.optimise`: the graph and codebook turned into that problem;
- :mod:`~integraatio.boundary.bootstrap`: intervals of costs and of their differences;
- :mod:`~integraatio.boundary.organisers`: horizontal and vertical need, by organiser pair;
- :mod:`~integraatio.boundary.analysis`: the whole step in one call.
"""

from .analysis import BoundaryAnalysis, analyse_boundary
from .bootstrap import BoundaryBootstrap, bootstrap_boundary
from .cost import BoundaryCost, boundary_cost
from .optimise import Optimum, optimise_boundary
from .organisers import integration_by_organiser
from .scenarios import (
    Constraints,
    Scenario,
    ScenarioPlan,
    cluster_scenario,
    default_constraints,
    divides,
    legislated_scenario,
    make_scenario,
    read_scenarios,
)

__all__ = [
    "BoundaryAnalysis",
    "BoundaryBootstrap",
    "BoundaryCost",
    "Constraints",
    "Optimum",
    "Scenario",
    "ScenarioPlan",
    "analyse_boundary",
    "boundary_cost",
    "bootstrap_boundary",
    "cluster_scenario",
    "default_constraints",
    "divides",
    "integration_by_organiser",
    "legislated_scenario",
    "make_scenario",
    "optimise_boundary",
    "read_scenarios",
]
