"""The balance bounds of the boundary search count groups with data only: a group that
nobody rated cannot fill an organiser's minimum."""

import math

import networkx as nx

from integraatio.boundary import optimise_boundary
from integraatio.boundary.scenarios import Constraints
from integraatio.codebook import load_codebook

CB = load_codebook()
MUNICIPAL = [g.code for g in map(CB.group, CB.codes) if g.organiser == "municipality"]   # 2.12 ... 2.18: 7
WELLBEING = [g.code for g in map(CB.group, CB.codes) if g.organiser == "wellbeing_area"]  # 2.1 ... 2.11: 11


def _graph(silent):
    """Every pair of groups with data tied by weight 1, except that the municipal groups
    with data are tied to 2.1 by 5 each: the cheapest boundary moves them all to the
    wellbeing area. ``silent`` groups have no data (no node)."""
    g = nx.Graph()
    nodes = [c for c in CB.codes if c not in silent]
    g.add_nodes_from(nodes)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            g.add_edge(a, b, weight=1.0)
    for m in MUNICIPAL:
        if m not in silent:
            g.add_edge(m, "2.1", weight=5.0)
    return g


def test_a_group_without_data_counts_towards_no_minimum():
    # Four municipal groups without data; the municipality must keep at least 3 groups.
    # By hand: 3 municipal groups have data (2.12, 2.13, 2.14), so all three must stay
    # municipal. Counting the four silent groups, the minimum would be met by them alone
    # and the search would move the three to the wellbeing area (each cut tie to 2.1 costs 5).
    silent = MUNICIPAL[3:]
    best = optimise_boundary(_graph(silent), codebook=CB,
                             constraints=Constraints(min_groups={"municipality": 3}))
    with_data = [c for c in best.scenario.organisers if c not in silent and c in MUNICIPAL + WELLBEING]
    on_municipal_side = [c for c in with_data if best.scenario.organisers[c] == "municipality"]
    assert len(on_municipal_side) >= 3
    assert not set(silent) & set(best.free)  # the silent groups stay where the law puts them
    assert all(best.scenario.organisers[c] == "municipality" for c in silent)


def test_too_few_groups_with_data_for_the_bounds_is_no_optimum_and_says_why():
    # 14 groups with data (11 + 3) cannot give 8 to one side and 7 to the other; the 18
    # of the codebook could, so only counting the silent ones would meet the bounds.
    silent = MUNICIPAL[3:]
    best = optimise_boundary(_graph(silent), codebook=CB,
                             constraints=Constraints(min_groups={"municipality": 8, "wellbeing_area": 7}))
    assert best.method == "infeasible" and math.isnan(best.cost) and best.free == ()
    assert "groups without data count towards no bound: 2.15, 2.16, 2.17, 2.18" in best.scenario.description
