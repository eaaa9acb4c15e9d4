"""The boundary of lowest cost under constraints: the graph and the codebook turned into
:mod:`~integraatio.boundary.solver`'s matrix problem."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx
import numpy as np

from ..checks import is_integer
from ..codebook import Codebook
from ..exceptions import UsageError
from ..messages import LANGS, text
from .cost import boundary_cost, check_covers, side_matrix, weight_matrix
from .scenarios import (
    EXTERNAL,
    SIDES,
    WELLBEING_AREA,
    Constraints,
    Scenario,
    constraint_problems,
    count_range,
    default_constraints,
    legislated_scenario,
)
from .solver import minimise

#: Above this many free groups an exhaustive search would not finish in reasonable time.
EXHAUSTIVE_MAX = 30
#: The method of an optimum that does not exist: the groups with data cannot meet the bounds.
INFEASIBLE = "infeasible"



@dataclass(frozen=True)
class Optimum:
    """The boundary of lowest cost under constraints (:func:`optimise_boundary`).

    Attributes
    ----------
    scenario : Scenario
        Named ``optimal``; ``source`` is ``method``.
    cost : float
    method : str
        ``exhaustive`` (every assignment of the free groups evaluated: exact),
        ``minimum_cut`` (exact without a balance constraint), ``local_search``
        (a heuristic: more free groups than ``exhaustive_limit`` and a balance constraint)
        or ``infeasible`` (too few groups with data for the balance bounds: the scenario is
        the legislated boundary, ``cost`` is NaN and the description says why).
    free : tuple of str
        The groups the search could move.
    evaluated : int
        Assignments of the free groups evaluated (exhaustive) or 0.
    constraints : Constraints
    """

    scenario: Scenario
    cost: float
    method: str
    free: tuple[str, ...]
    evaluated: int
    constraints: Constraints


def optimise_boundary(
    graph: nx.Graph,
    /,
    *,
    codebook: Codebook,
    constraints: Constraints | None = None,
    exhaustive_limit: int = 24,
) -> Optimum:
    """The assignment of the free groups with the lowest boundary cost.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`integraatio.network.build_graph`.
    codebook : Codebook
        External actors (never moved) and the legislated organisers (ties in cost go to
        the assignment that moves the fewest groups from them).
    constraints : Constraints, optional
        Fixed groups and balance bounds; default :func:`default_constraints`.
    exhaustive_limit : int, default 24
        Search exhaustively up to this many free groups (at most 30). Measured on 2
        cores: 2**20 assignments in about 0.03 s, 2**24 in 0.3 s, 2**26 in 0.9 s.

    Returns
    -------
    Optimum

    Raises
    ------
    ValueError
        Constraints that name unknown groups or organisers, or that no assignment meets.

    Notes
    -----
    With free groups :math:`x \\in \\{0, 1\\}^k` (1 = wellbeing area) the cost is
    :math:`c_0 + \\sum_i d_i x_i + \\sum_{i<j} q_{ij} [x_i \\ne x_j]`, where :math:`q`
    holds the ties between free groups, :math:`d_i` is the weight of group i's ties to
    fixed municipal groups minus that to fixed wellbeing-area groups, and :math:`c_0` the
    cost among fixed groups. Balance bounds the number of groups per organiser.

    - Up to ``exhaustive_limit`` free groups: every assignment is evaluated, in blocks of
      one matrix product each (the free groups split in two halves h and l; the costs of
      all pairs are :math:`c_h + c_l - 2 (H Q_{hl}) L^T` plus the halves' own terms).
      Exact.
    - Beyond it, when the s-t minimum cut (fixed municipal groups on one side, fixed
      wellbeing-area groups on the other, solved by max-flow) meets the balance bounds:
      that cut is the optimum. Exact (method ``minimum_cut``).
    - Otherwise (balance bounds bind: NP-hard, like minimum bisection) a heuristic
      (``local_search``): Kernighan-Lin passes of single moves and pairwise swaps from
      the legislated boundary, the minimum cut and 17 minimum cuts with a price per
      wellbeing-area group, and from the mirror image of each result; then each distinct
      local optimum is improved by re-solving blocks of 14 closely tied groups
      exhaustively. Not guaranteed optimal: on 40 random instances of 17-22 free groups
      it found the exhaustive optimum in all 40, in a median of about 0.15 s
      (``benchmarks/bench_boundary.py``).

    Only groups with data (nodes of ``graph``) are free or counted: a group without data
    stays with its legislated organiser and counts towards no balance bound, so the bounds
    range over :math:`n` = the groups with data.

    Costs within 1e-9 of the total weight count as equal; among equal costs the
    assignment closest to the legislated one wins.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> a = analyse(load_example(), codebook=cb, seed=1)
    >>> best = optimise_boundary(a.graph, codebook=cb)
    >>> best.method, best.evaluated, best.scenario.moved(legislated_scenario(cb))
    ('exhaustive', 262144, ['2.2', '2.3', '2.5', '2.6'])
    """
    constraints = _checked_constraints(codebook, constraints, exhaustive_limit)
    legislated = legislated_scenario(codebook)
    check_covers(graph, legislated)
    # A group without data (no node) stays where the law puts it and counts towards no bound.
    codes = [c for c in codebook.codes if legislated.organisers[c] != EXTERNAL and c in graph]
    w = weight_matrix(graph, codebook.codes)[np.ix_(*[[codebook.codes.index(c) for c in codes]] * 2)]
    free, x, method, evaluated = _best_free_sides(w, codes, legislated, constraints, codebook, exhaustive_limit)
    organisers = dict(legislated.organisers)
    organisers.update({codes[i]: SIDES[int(v)] for i, v in zip(free, x)})
    if method == INFEASIBLE:
        without = [c for c in codebook.codes if c not in codes and legislated.organisers[c] != EXTERNAL]
        about = {lang: text("boundary.infeasible", lang, n=len(codes), constraints=constraints.describe(lang),
                            without=", ".join(without) or text("report.none", lang)) for lang in LANGS}
        scenario = Scenario("optimal", MappingProxyType(organisers), about["en"], method,
                            descriptions=MappingProxyType(about))
        return Optimum(scenario=scenario, cost=float("nan"),
                       method=method, free=(), evaluated=0, constraints=constraints)
    organisers.update(constraints.fixed)
    scenario = Scenario(
        "optimal", MappingProxyType(organisers), f"lowest boundary cost ({method}); {constraints.describe()}", method
    )
    return Optimum(
        scenario=scenario, cost=boundary_cost(graph, scenario=scenario).cost, method=method,
        free=tuple(codes[i] for i in free), evaluated=evaluated, constraints=constraints,
    )


def _checked_constraints(codebook: Codebook, constraints: Constraints | None, exhaustive_limit: int) -> Constraints:
    """The constraints (the codebook's default when None), raising ``UsageError`` on any problem."""
    if not is_integer(exhaustive_limit) or not 0 <= exhaustive_limit <= EXHAUSTIVE_MAX:
        raise UsageError(f"`exhaustive_limit` must be an integer from 0 to {EXHAUSTIVE_MAX}; got {exhaustive_limit!r}.")
    constraints = default_constraints(codebook) if constraints is None else constraints
    problems = constraint_problems(codebook, constraints.fixed, constraints.min_groups, constraints.max_groups)
    if problems:
        raise UsageError("Constraints: " + "; ".join(problems) + ".")
    return constraints


def _best_free_sides(
    w: np.ndarray, codes: list[str], legislated: Scenario, constraints: Constraints, codebook: Codebook,
    exhaustive_limit: int,
) -> tuple[np.ndarray, np.ndarray, str, int]:
    """The free groups (positions in ``codes``), their sides (1 = wellbeing area) with the
    lowest cost given the fixed groups' sides, the method and the assignments evaluated."""
    x_legal = side_matrix([legislated], codes)[0]
    is_fixed = np.array([c in constraints.fixed for c in codes], dtype=bool)
    x_fixed = np.array([float(constraints.fixed.get(c) == WELLBEING_AREA) for c in codes])
    free = np.flatnonzero(~is_fixed)
    q = w[np.ix_(free, free)]
    to_fixed = w[np.ix_(free, np.flatnonzero(is_fixed))]
    fixed_side = x_fixed[is_fixed]
    d1, d0 = to_fixed @ (1.0 - fixed_side), to_fixed @ fixed_side  # cut if free group is 1 / is 0
    lo, hi, _ = count_range(codebook, constraints, codes)
    lo, hi = lo - fixed_side.sum(), hi - fixed_side.sum()
    if max(lo, 0) > min(hi, len(free)):  # too few groups with data for the bounds: no optimum
        return free[:0], x_legal[free[:0]], INFEASIBLE, 0
    x0 = x_legal[free]
    scale = max(float(np.triu(w, 1).sum()), 1e-300)
    x, method, evaluated = minimise(q, d1 - d0, start=x0, low=lo, high=hi, scale=scale,
                                    exhaustive_limit=exhaustive_limit)
    return free, x, method, evaluated
