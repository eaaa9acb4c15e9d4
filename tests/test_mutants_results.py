"""Which figures a run draws, under which names, in which formats and with which titles
(issue 28): the writers' figure lists, read without drawing anything."""

import json
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pandas as pd

from integraatio import results
from integraatio.options import FIGURE_FORMATS
from integraatio.results import (boundary_figures, comparison_figures, packages, results_figures, sensitivity_figures,
                                 sweep_figures, write_json)
from test_compare import TINY_CB

OUT = Path("out")
PAIRS = pd.DataFrame({"own_group": ["1"], "target_group": ["2"], "n": [9], "mean": [120.0], "sd": [3.0],
                      "suppressed": [False]})
NODES = pd.DataFrame({"node": ["1", "2"], "label": ["One", "Two"]})


def _analysis(measure="composite", bootstrap=None):
    return SimpleNamespace(parameters={"lang": "en", "measure": measure, "min_n": 4}, bootstrap=bootstrap, pairs=PAIRS,
                           codes=["1", "2"], clusters=NODES, graph=nx.Graph())


def test_the_spines_figures():
    assert results_figures(_analysis(), OUT, formats=()) == []
    heatmap, network = results_figures(_analysis(measure="frequency"), OUT, formats=("png",))
    assert (heatmap.stem, heatmap.formats) == (OUT / "matrix_heatmap", ("png",))
    assert heatmap.kwargs == {"codes": ["1", "2"], "lang": "en", "min_n": 4, "title": "Task-group matrix: mean integration need",
                              "labels": {"1": "One", "2": "Two"}}
    assert heatmap.args[1].columns.tolist() == ["own_group", "target_group", "mean", "suppressed"]
    # The network figure is in every format whatever is asked (the contract), titled by its measure.
    assert (network.stem, network.formats) == (OUT / "network", FIGURE_FORMATS)
    assert network.kwargs["title"] == "Network: frequency of cooperation" and network.kwargs["nodes"] is NODES
    boot = SimpleNamespace(coassignment=pd.DataFrame())
    *_, co = results_figures(_analysis(bootstrap=boot), OUT, formats=("svg", "pdf"))
    assert (co.stem, co.formats, co.kwargs["title"]) == (OUT / "coassignment", ("svg", "pdf"),
                                                         "Cluster stability: how often two groups share a cluster")
    assert results_figures(_analysis(), OUT, formats=("png",))[1].kwargs["title"] == "Integration-need network"


def _result(organisers, share):
    return SimpleNamespace(scenario=SimpleNamespace(organisers=organisers), share=share)


def test_scenarios_with_one_boundary_share_one_drawing():
    same = {"2.1": "municipality", "2.2": "wellbeing_area"}
    boundary = SimpleNamespace(
        results={"legislated": _result(same, 0.25), "optimal": _result({**same, "2.1": "wellbeing_area"}, 0.1),
                 "clusters": _result(dict(reversed(same.items())), 0.25)},
        scenarios=pd.DataFrame({"scenario": ["legislated", "optimal", "clusters"]}))
    assert boundary_figures(boundary, OUT, analysis=_analysis(), formats=()) == []
    first, second, costs = boundary_figures(boundary, OUT, analysis=_analysis(), formats=["png"])
    assert (first.stem, first.aliases) == (OUT / "boundary_network_legislated", (OUT / "boundary_network_clusters",))
    assert first.kwargs["title"] == "legislated = by clusters: 25.0% across the boundary" and first.kwargs["key"] is False
    assert first.kwargs["boundary"] is boundary.results["legislated"]
    assert (second.stem, second.aliases, second.formats) == (OUT / "boundary_network_optimal", (), ("png",))
    assert second.kwargs["title"] == "optimal: 10.0% across the boundary"
    # The scenario chart grows by 0.45 inch a scenario.
    assert (costs.stem, costs.size, costs.kwargs["title"]) == (OUT / "boundary_scenarios", (8, 1.5 + 0.45 * 3),
                                                               "Boundary scenarios: share cut")


def test_a_comparisons_figures_are_named_without_dots():
    comparison = SimpleNamespace(by="size_class")
    clusters = SimpleNamespace(levels=["other", "large"], difference=object())
    assert comparison_figures(comparison, OUT, codebook=TINY_CB, clusters=clusters, views=["2.2"], formats=()) == []
    networks, bars, table = comparison_figures(comparison, OUT, codebook=TINY_CB, clusters=clusters, views=["2.2"],
                                               lang="en", threshold=150.0, formats=["svg"])
    # Two groups and their difference: three panels, two a row, at A4 width.
    assert (networks.stem, networks.size, networks.layout) == (OUT / "compare_size_class_networks", (8.27, 7.2), "constrained")
    assert networks.args[1] == ["Other", "Large"] and networks.kwargs == {"title": "Networks by group: municipality size",
                                                                         "lang": "en"}
    assert [bars.stem, table.stem] == [OUT / "compare_size_class_2_2_bars", OUT / "compare_size_class_2_2_table"]
    assert bars.kwargs == {"own_group": "2.2", "codebook": TINY_CB, "lang": "en", "threshold": 150.0}
    only = comparison_figures(SimpleNamespace(by="team.x"), OUT, codebook=TINY_CB,
                              clusters=SimpleNamespace(levels=["a", "b", "c"], difference=None), formats=["png"])
    assert [(s.stem, s.size, s.kwargs["title"]) for s in only] == [(OUT / "compare_team_x_networks", (8.27, 7.2),
                                                                     "Verkostot ryhmittäin: team.x")]


def test_sweep_and_sensitivity_figures():
    sweep = SimpleNamespace(table=pd.DataFrame())
    assert sweep_figures(sweep, OUT, formats=()) == []
    (s,) = sweep_figures(sweep, OUT, formats=["png"], resolution=1.5, lang="en")
    assert (s.stem, s.kwargs["resolution"], s.kwargs["lang"]) == (OUT / "resolution_sweep", 1.5, "en")
    rerun = SimpleNamespace(name="only_x", analysis=_analysis())
    assert sensitivity_figures(rerun, OUT, formats=()) == []
    (r,) = sensitivity_figures(rerun, OUT, formats=["pdf"])
    assert (r.stem, r.formats, r.kwargs["title"]) == (OUT / "sensitivity_only_x", ("pdf",), "Sensitivity rerun: only_x")


def test_json_turns_every_non_finite_number_to_null(tmp_path):
    path = write_json({"a": (1.0, float("-inf")), "b": {"c": [float("nan"), {"d": float("inf")}]}, "e": Path("x")},
                      tmp_path / "bootstrap_summary.json")
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": [1.0, None], "b": {"c": [None, {"d": None}]}, "e": "x"}
    assert path.read_text(encoding="utf-8").startswith('{\n  "a": [\n')  # indented by two


def test_a_package_that_is_not_installed_is_recorded_so(monkeypatch):
    monkeypatch.setattr(results, "RECORDED_PACKAGES", ("numpy", "integraatio-no-such-package"))
    found = packages()
    assert list(found) == ["python", "numpy", "integraatio-no-such-package"]
    assert found["integraatio-no-such-package"] == "not installed" and found["numpy"][0].isdigit()
