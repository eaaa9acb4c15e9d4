"""Which figures a run draws, under which names, in which formats and with which titles
(issue 28): the writers' figure lists, read without drawing anything; how a figure is
saved and copied; the tables and summaries of the later steps' writers and the manifest,
from hand-made inputs."""

import json
import stat
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from integraatio import __version__, disclosure, plot, results
from integraatio.options import FIGURE_FORMATS
from integraatio.results import (FigureSpec, boundary_figures, build_manifest, comparison_figures, draw, network_panels,
                                 on_axes, packages, render, results_figures, save_figure, sensitivity_figures,
                                 sweep_figures, write_boundary, write_comparison, write_json, write_results, write_sensitivity,
                                 write_sweep)
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
    with pytest.raises(ValueError, match="not JSON compliant"):  # strict: what _finite cannot reach is refused
        write_json({float("nan"): 1}, tmp_path / "bootstrap_summary.json")


def test_a_package_that_is_not_installed_is_recorded_so(monkeypatch):
    monkeypatch.setattr(results, "RECORDED_PACKAGES", ("numpy", "integraatio-no-such-package"))
    found = packages()
    assert list(found) == ["python", "numpy", "integraatio-no-such-package"]
    assert found["integraatio-no-such-package"] == "not installed" and found["numpy"][0].isdigit()


def _zlib_level(data: bytes) -> int:
    """FLEVEL of a zlib stream's header (RFC 1950): 0 fastest, 1 fast (levels 2-5), 2 default (6), 3 maximum."""
    assert data[0] == 0x78 and (data[0] * 256 + data[1]) % 31 == 0
    return data[1] >> 6


def _line(ax, title="Otsikko"):
    ax.plot([0, 1], [0, 1])
    ax.set_title(title)
    return ax


def test_a_saved_figure_carries_no_date_or_producer_and_keeps_its_text(tmp_path):
    """save_figure: PNG at 200 dpi, compression level 3 (zlib's 'fast' class, levels 2-5),
    without the Software chunk; SVG texts as text and no date; PDF without dates or
    producer, compressed at level 6 (zlib's 'default' class); the figure's dpi as it was."""
    fig = Figure(figsize=(2, 1))
    _line(fig.subplots())
    png, svg, pdf = save_figure(fig, tmp_path / "f.x", formats=["png", "svg", "pdf"])
    assert [png.name, svg.name, pdf.name] == ["f.png", "f.svg", "f.pdf"]
    assert fig.dpi == 100.0  # restored after saving at 200
    with Image.open(png) as im:
        assert "Software" not in im.info and round(im.info["dpi"][0]) == 200
    raw = png.read_bytes()
    idat = raw.index(b"IDAT")
    assert _zlib_level(raw[idat + 4: idat + 6]) == 1
    text = svg.read_text(encoding="utf-8")
    assert "<text" in text and "Otsikko" in text and "dc:date" not in text and "dc:creator" not in text.lower()
    data = pdf.read_bytes()
    assert b"CreationDate" not in data and b"ModDate" not in data and b"Producer" not in data and b"Creator" not in data
    stream = data.index(b"stream\n") + len(b"stream\n")
    assert _zlib_level(data[stream: stream + 2]) == 2
    # A second save gives the same bytes (the SVG's ids are salted with a fixed salt).
    again = save_figure(fig, tmp_path / "g", formats=["png", "svg", "pdf"])
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in (png, svg, pdf)]


def test_render_builds_on_a_bare_figure_and_copies_to_each_alias(tmp_path):
    """render: build(Figure(size), *args, **kwargs), saved as stem in its formats, each file
    copied under each alias's name; draw returns every spec's files in turn."""
    seen = []

    def build(fig, a, *, b):
        seen.append((tuple(fig.get_size_inches()), fig.get_layout_engine() is not None, a, b))
        on_axes(fig, _line, title=a)

    spec = FigureSpec(build, ("Eka",), (3.0, 2.0), tmp_path / "one", ("png", "svg"), {"b": 7},
                      layout="constrained", aliases=(tmp_path / "two", tmp_path / "three"))
    written = render(spec)
    assert seen == [((3.0, 2.0), True, "Eka", 7)]
    assert [p.name for p in written] == ["one.png", "one.svg", "two.png", "two.svg", "three.png", "three.svg"]
    assert [p.read_bytes() for p in written[2:4]] == [p.read_bytes() for p in written[:2]] == \
        [p.read_bytes() for p in written[4:]]
    other = FigureSpec(on_axes, (_line,), (2, 2), tmp_path / "four", ("png",))
    assert [p.name for p in draw([other, other])] == ["four.png", "four.png"]
    assert seen[1:] == []



def test_a_sweep_is_written_as_its_table_and_one_figure(tmp_path):
    """write_sweep: resolution_sweep.csv (no registered rounding: the values as they are) into
    a folder made with its parents, then its figure in the formats asked; no figure without."""
    table = pd.DataFrame({"resolution": [0.5, 1.0], "clusters": [2, 3], "modularity": [0.123456, 0.25],
                          "ari_mean": [0.9, 0.75], "ari_low": [0.8, 0.5], "ari_high": [1.0, 0.875]})
    out = tmp_path / "a" / "b"
    written = write_sweep(SimpleNamespace(table=table), out, figures=["png"], resolution=1.0, lang="en")
    assert written == [out / "resolution_sweep.csv", out / "resolution_sweep.png"]
    assert (out / "resolution_sweep.csv").read_text(encoding="utf-8").splitlines() == [
        "resolution,clusters,modularity,ari_mean,ari_low,ari_high", "0.5,2,0.123456,0.9,0.8,1.0", "1.0,3,0.25,0.75,0.5,0.875"]
    with Image.open(out / "resolution_sweep.png") as im:
        assert round(im.info["dpi"][0]) == 200
    assert write_sweep(SimpleNamespace(table=table), tmp_path / "c", figures=False) == [tmp_path / "c" / "resolution_sweep.csv"]


def test_the_boundary_tables_and_their_precision(tmp_path):
    """write_boundary without figures: its five tables in order, the differences' interval at
    one decimal (the index's), the other boundary tables as they are."""
    t = pd.DataFrame({"scenario": ["a"], "share": [0.123456]})
    diffs = pd.DataFrame({"scenario": ["a"], "ci_low": [1.26], "ci_high": [-3.04], "share": [0.123456]})
    boundary = SimpleNamespace(scenarios=t, cut_ties=t, groups=t, differences=diffs, organisers=t)
    out = tmp_path / "x" / "y"
    written = write_boundary(boundary, out, analysis=None, figures=False)
    assert [p.name for p in written] == ["boundary_scenarios.csv", "boundary_cut_ties.csv", "boundary_groups.csv",
                                         "boundary_differences.csv", "integration_by_organiser.csv"]
    assert all(p.parent == out for p in written)
    assert (out / "boundary_differences.csv").read_text(encoding="utf-8") == \
        "scenario,ci_low,ci_high,share\na,1.3,-3.0,0.123456\n"
    for name in ("boundary_scenarios", "boundary_cut_ties", "boundary_groups", "integration_by_organiser"):
        assert (out / f"{name}.csv").read_text(encoding="utf-8") == "scenario,share\na,0.123456\n"


def test_a_sensitivity_rerun_is_written_under_its_name(tmp_path):
    """write_sensitivity without figures: sensitivity_<name>.csv and _leans.csv."""
    rerun = SimpleNamespace(name="only_x", nodes=pd.DataFrame({"node": ["1"], "moved": [True]}),
                            leans=pd.DataFrame({"node": ["1"], "share": [0.5]}))
    out = tmp_path / "s" / "t"
    assert write_sensitivity(rerun, out, figures=False) == [out / "sensitivity_only_x.csv",
                                                             out / "sensitivity_only_x_leans.csv"]
    assert (out / "sensitivity_only_x.csv").read_text(encoding="utf-8") == "node,moved\n1,True\n"
    assert (out / "sensitivity_only_x_leans.csv").read_text(encoding="utf-8") == "node,share\n1,0.5\n"


FACTS = {"unit": "municipality", "exact": True, "permutations": 10, "composition": {"large": 2, "other": 3},
         "p_min": 0.1, "alpha": 0.05, "tested": 0, "needed": 0, "discoveries": 0}


def _comparison():
    return SimpleNamespace(
        by="size_class", levels=["large", "other"], facts=FACTS, p_min=0.1, exact=True, permutations=10,
        parameters={"by": "size_class", "seed": 3},
        table=pd.DataFrame({"own_group": ["1"], "level": ["large"], "mean": [101.26], "sd": [9.94], "n": [6]}),
        tests=pd.DataFrame({"own_group": ["1"], "diff": [-2.34], "ci_low": [-5.06], "ci_high": [0.44], "p": [0.123456]}))


def test_a_comparison_writes_its_tables_and_summary(tmp_path):
    """write_comparison without figures: the cell table (mean, sd at one decimal), the tests
    (difference and interval at one decimal, p as it is) and the summary: the note in the
    language asked with the levels' labels, the facts and every parameter; with the cluster
    comparison also its two tables and its part of the summary."""
    out = tmp_path / "c" / "d"
    written = write_comparison(_comparison(), out, codebook=TINY_CB, lang="en", figures=False)
    assert written == [out / "compare_size_class.csv", out / "compare_size_class_tests.csv",
                       out / "compare_size_class_summary.json"]
    assert (out / "compare_size_class.csv").read_text(encoding="utf-8") == "own_group,level,mean,sd,n\n1,large,101.3,9.9,6\n"
    assert (out / "compare_size_class_tests.csv").read_text(encoding="utf-8") == \
        "own_group,diff,ci_low,ci_high,p\n1,-2.3,-5.1,0.4,0.123456\n"
    summary = json.loads(written[-1].read_text(encoding="utf-8"))
    assert summary == {"note": summary["note"], "facts": FACTS, "p_min": 0.1, "exact": True, "permutations": 10,
                       "parameters": {"by": "size_class", "seed": 3}}
    assert summary["note"].startswith("Permutation test by municipality: all 10 relabellings (exact) of 5 municipalities "
                                      "(2 Large, 3 Other).")
    clusters = SimpleNamespace(memberships=pd.DataFrame({"node": ["1"], "level": ["large"], "cluster": [1]}),
                               ari=pd.DataFrame({"level_a": ["large"], "level_b": ["other"], "ari": [0.123456]}),
                               statistic=0.5, p_value=0.25, permutations=10, exact=True, parameters={"seed": 3})
    written = write_comparison(_comparison(), out, codebook=TINY_CB, clusters=clusters, figures=False)
    assert [p.name for p in written] == ["compare_size_class.csv", "compare_size_class_tests.csv",
                                         "compare_size_class_clusters.csv", "compare_size_class_ari.csv",
                                         "compare_size_class_summary.json"]
    assert (out / "compare_size_class_ari.csv").read_text(encoding="utf-8") == "level_a,level_b,ari\nlarge,other,0.123456\n"
    assert (out / "compare_size_class_clusters.csv").read_text(encoding="utf-8") == "node,level,cluster\n1,large,1\n"
    summary = json.loads(written[-1].read_text(encoding="utf-8"))
    assert summary["clusters"] == {"ari": 0.5, "p_value": 0.25, "permutations": 10, "exact": True, "parameters": {"seed": 3}}
    assert summary["note"].startswith("Permutaatiotesti")  # Finnish by default


def test_each_figure_is_drawn_by_its_plot_at_its_size():
    """Every companion's spec: drawn on one Axes (on_axes) by its plot, at its page size;
    the sweep in Finnish and the comparison's highlighting at 140 unless told."""
    boot = SimpleNamespace(coassignment=pd.DataFrame())
    heatmap, network, co = results_figures(_analysis(bootstrap=boot), OUT, formats=("png",))
    sweep_table = pd.DataFrame()
    (sweep,) = sweep_figures(SimpleNamespace(table=sweep_table), OUT, formats=["png"])
    comparison = SimpleNamespace(by="size_class")
    bars, table = comparison_figures(comparison, OUT, codebook=TINY_CB, views=["2.2"], formats=["png"])
    rerun = SimpleNamespace(name="only_x", analysis=_analysis())
    (sens,) = sensitivity_figures(rerun, OUT, formats=["png"])
    got = [(s.build, s.args[0], s.size) for s in (heatmap, network, co, sweep, bars, table, sens)]
    assert got == [(on_axes, plot.plot_matrix, (10, 9)), (on_axes, plot.plot_network, (11, 8)),
                   (on_axes, plot.plot_coassignment, (7.5, 6.5)), (on_axes, plot.plot_resolution_sweep, (7.5, 4.5)),
                   (on_axes, plot.plot_group_bars, (9, 7)), (on_axes, plot.plot_group_table, (8, 6)),
                   (on_axes, plot.plot_network, (11, 7.5))]
    assert sweep.args[1] is sweep_table and bars.args[1] is comparison and sens.args[1] is rerun.analysis.graph
    assert sweep.kwargs == {"resolution": None, "lang": "fi", "title": "Resoluution vaikutus klustereihin"}
    assert bars.kwargs["threshold"] == table.kwargs["threshold"] == 140.0 and bars.kwargs["lang"] == "fi"
    assert [(s.kwargs["nodes"], s.kwargs["lang"]) for s in (network, co)] == [(NODES, "en"), (NODES, "en")]


def test_the_boundary_figures_plots_and_size():
    """A boundary's network: plot_boundary on the analysis's nodes, at the network's 11 x 8;
    the scenarios' chart: plot_scenario_costs of the scenario table."""
    boundary = SimpleNamespace(results={"a": _result({}, 0.5)}, scenarios=pd.DataFrame({"scenario": ["a"]}))
    drawn, costs = boundary_figures(boundary, OUT, analysis=_analysis(), formats=["png"])
    assert [(s.build, s.args[0]) for s in (drawn, costs)] == [(on_axes, plot.plot_boundary),
                                                             (on_axes, plot.plot_scenario_costs)]
    assert drawn.size == (11, 8) and drawn.kwargs["nodes"] is NODES and costs.args[1] is boundary.scenarios


def test_network_panels_two_a_row_and_the_difference_last(monkeypatch):
    """network_panels: the title first, bold at the left; one panel per group, two a row, each
    without keys, titled by its name; the difference (second minus first, on the first
    group's nodes) in the next panel; the unused panel switched off."""
    calls = []
    monkeypatch.setattr(plot, "plot_network", lambda g, **kw: calls.append(("net", g, kw)))
    monkeypatch.setattr(plot, "plot_network_difference", lambda g, **kw: calls.append(("diff", g, kw)))
    clusters = SimpleNamespace(levels=["a", "b"], graphs={"a": "ga", "b": "gb"}, nodes={"a": "na", "b": "nb"},
                               difference="gd")
    fig = Figure()
    network_panels(fig, clusters, ["A", "B"], title="Otsikko", lang="en")
    axes = fig.axes
    assert len(axes) == 4 and [ax.axison for ax in axes] == [True, True, True, False]
    assert [ax.get_subplotspec().get_geometry() for ax in axes] == [(2, 2, i, i) for i in range(4)]
    panel = {"key": False, "scale_keys": False, "lang": "en"}
    assert calls == [("net", "ga", {"nodes": "na", "ax": axes[0], "title": "A", **panel}),
                     ("net", "gb", {"nodes": "nb", "ax": axes[1], "title": "B", **panel}),
                     ("diff", "gd", {"nodes": "na", "labels": ("A", "B"), "lang": "en", "ax": axes[2], "title": "B – A"})]
    (title,) = fig.texts
    assert (title.get_text(), title.get_position()[0], title.get_ha(), title.get_fontweight()) == \
        ("Otsikko", 0.02, "left", "bold")
    calls.clear()
    fig = Figure()
    network_panels(fig, SimpleNamespace(**{**vars(clusters), "difference": None}), ["A", "B"], title="T", lang="fi")
    assert len(fig.axes) == 2 and [c[0] for c in calls] == ["net", "net"]


def test_the_manifest_field_by_field():
    """build_manifest: the input file's name (never its folder; null without a path), the rows
    and reasons, the reader's notes and warnings in the run's language, the composite's item
    statistics at two decimals, the results and how they were released."""
    note = SimpleNamespace(text=lambda lang: f"note in {lang}")
    scores = SimpleNamespace(values=[1, 2, 3], exclusions=pd.DataFrame({"reason": ["missing", "b_out", "missing"]}),
                             alpha=0.81234, parameters={"item_mean": {"f": 3.14159}, "item_sd": {"f": 1.005001}})
    analysis = SimpleNamespace(
        scores=scores, parameters={"lang": "en", "min_n": 5, "seed": 2},
        partition=SimpleNamespace(clusters=[{1}, {2}], modularity=0.25),
        pairs=pd.DataFrame({"suppressed": [True, False, True]}), warnings=["analysis warning"])
    survey = SimpleNamespace(path=Path("/home/analyst/secret/kysely.csv"), sha256="abc", layout="long", encoding="utf-8",
                             delimiter=";", respondents_read=4, rows_read=6, notes=[note], accounting={"cells_read": 9},
                             warnings=[note])
    m = build_manifest(analysis, survey, extra={"codebook": "cb.toml"})
    assert m["version"] == __version__
    assert m["parameters"] == {"lang": "en", "min_n": 5, "seed": 2, "codebook": "cb.toml"}
    assert m["input"] == {"path": "kysely.csv", "sha256": "abc", "layout": "long", "encoding": "utf-8", "delimiter": ";",
                          "respondents_read": 4, "rows_read": 6, "rows_scored": 3, "rows_excluded": 3,
                          "exclusions_by_reason": {"b_out": 1, "missing": 2}, "notes": ["note in en"], "cells_read": 9}
    assert list(m["input"]["exclusions_by_reason"]) == ["b_out", "missing"]
    assert m["composite"] == {"alpha": 0.81, "item_mean": {"f": 3.14}, "item_sd": {"f": 1.01}}
    assert m["results"] == {"clusters": 2, "modularity": 0.25, "cells": 3, "cells_suppressed": 2}
    assert m["disclosure"] == {"min_n": 5, "cells_suppressed": 2,
                               "audit": "linked tables (full run, comparison levels, reruns)",
                               "perturbation": "cell key", "noise_scale": disclosure.NOISE, "decimals": 1, "item_decimals": 2}
    assert m["warnings"] == ["note in en", "analysis warning"]
    assert list(m["packages"])[0] == "python"
    assert build_manifest(analysis, SimpleNamespace(**{**vars(survey), "path": None}))["input"]["path"] is None


def _spine(bootstrap=None):
    scores = pd.DataFrame({"row": [2, 3], "respondent_id": ["R1", "R2"], "own_group": ["1", "2"], "subgroup": ["a", "b"],
                           "target_group": ["2", "1"], "integration_need": [101.26, 99.0], "team": ["x", "y"],
                           "free_text": ["hidden", "hidden"]})
    exclusions = pd.DataFrame({"row": [4], "respondent_id": ["R3"], "target_group": ["1"], "reason": ["missing"]})
    composite = SimpleNamespace(scores=scores, exclusions=exclusions, values=[1, 2], alpha=0.8,
                                parameters={"item_mean": {}, "item_sd": {}},
                                reliability=pd.DataFrame({"item": ["need"], "mean": [3.14159]}))
    return SimpleNamespace(
        scores=composite, bootstrap=bootstrap, parameters={"lang": "en", "min_n": 5},
        pairs=pd.DataFrame({"own_group": ["1"], "target_group": ["2"], "n": [6], "mean": [120.26], "suppressed": [False]}),
        matrix=pd.DataFrame({"1": [None, 99.04], "2": [120.26, None]}, index=pd.Index(["1", "2"], name="own_group")),
        clusters=pd.DataFrame({"node": ["1", "2"], "x": [0.12345, -1.0]}), codes=["1", "2"], graph=None,
        partition=SimpleNamespace(clusters=[{"1", "2"}], modularity=0.0), warnings=[])


SURVEY = SimpleNamespace(path=None, sha256="abc", layout="long", encoding="utf-8", delimiter=",", respondents_read=3,
                         rows_read=3, notes=[], accounting={}, warnings=[], exclusions=pd.DataFrame())


def test_the_spines_files_respondent_level_ones_private(tmp_path):
    """write_results without figures: the respondent-level tables first, readable by their owner
    alone; scores.csv holds the score columns present and the columns asked for, nothing else;
    the published tables at their registered precision; the manifest last."""
    out = tmp_path / "a" / "b"
    written = write_results(_spine(), SURVEY, out, figures=False, keep_columns=["team"])
    assert written == [out / n for n in ("scores.csv", "exclusions.csv", "pairs.csv", "matrix.csv", "clusters.csv",
                                         "reliability.csv", "manifest.json")]
    assert [stat.S_IMODE(p.stat().st_mode) & 0o077 for p in written[:2]] == [0, 0]
    assert (out / "scores.csv").read_text(encoding="utf-8").splitlines() == [
        "row,respondent_id,own_group,subgroup,target_group,integration_need,team", "2,R1,1,a,2,101.26,x", "3,R2,2,b,1,99.0,y"]
    assert (out / "exclusions.csv").read_text(encoding="utf-8") == \
        "row,respondent_id,target_group,column,reason\n4,R3,1,,missing\n"
    assert (out / "pairs.csv").read_text(encoding="utf-8") == "own_group,target_group,n,mean,suppressed\n1,2,6,120.3,False\n"
    assert (out / "matrix.csv").read_text(encoding="utf-8") == "own_group,1,2\n1,,120.3\n2,99.0,\n"
    assert (out / "clusters.csv").read_text(encoding="utf-8") == "node,x\n1,0.123\n2,-1.0\n"
    assert (out / "reliability.csv").read_text(encoding="utf-8") == "item,mean\nneed,3.14\n"
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["results"]["cells"] == 1


def test_a_kept_column_that_is_a_score_column_is_written_once(tmp_path):
    """keep_columns naming a column scores.csv holds anyway (--keep-columns subgroup passes the
    pipeline's checks) adds nothing: every column of scores.csv once."""
    write_results(_spine(), SURVEY, tmp_path, figures=False, keep_columns=["subgroup", "team", "team"])
    assert (tmp_path / "scores.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "row,respondent_id,own_group,subgroup,target_group,integration_need,team"


def test_a_bootstrap_adds_its_table_and_summary_before_the_manifest(tmp_path):
    """With a bootstrap: coassignment.csv (shares at three decimals) and bootstrap_summary.json."""
    boot = SimpleNamespace(coassignment=pd.DataFrame({"1": [1.0, 0.33333]}, index=pd.Index(["1", "2"], name="node")),
                           summary=lambda: {"replicates": 3})
    written = write_results(_spine(boot), SURVEY, tmp_path, figures=False)
    assert [p.name for p in written[-3:]] == ["coassignment.csv", "bootstrap_summary.json", "manifest.json"]
    assert (tmp_path / "coassignment.csv").read_text(encoding="utf-8") == "node,1\n1,1.0\n2,0.333\n"
    assert json.loads((tmp_path / "bootstrap_summary.json").read_text(encoding="utf-8")) == {"replicates": 3}


def test_the_figures_are_asked_for_into_the_same_folder(tmp_path, monkeypatch):
    """write_results and write_boundary hand their companions' figures, in the folder written,
    to draw (replaced here: nothing is drawn)."""
    monkeypatch.setattr(results, "draw", lambda specs: [(s.stem, s.formats) for s in specs])
    spine = _spine()
    spine.clusters["label"] = ["One", "Two"]
    spine.parameters["measure"] = "composite"
    written = write_results(spine, SURVEY, tmp_path, figures=["svg"])
    assert written[-2:] == [(tmp_path / "matrix_heatmap", ("svg",)), (tmp_path / "network", ("png", "svg", "pdf"))]
    t = pd.DataFrame({"scenario": ["a"]})
    boundary = SimpleNamespace(scenarios=t, cut_ties=t, groups=t, differences=t, organisers=t,
                               results={"a": SimpleNamespace(scenario=SimpleNamespace(organisers={}), share=0.5)})
    written = write_boundary(boundary, tmp_path, analysis=spine, figures=["png"])
    assert written[-2:] == [(tmp_path / "boundary_network_a", ("png",)), (tmp_path / "boundary_scenarios", ("png",))]


def test_the_later_writers_pass_their_settings_to_their_figures(tmp_path, monkeypatch):
    """write_sweep, write_comparison and write_sensitivity, into a folder that exists already,
    hand their figures, with the writer's own resolution, language and threshold, to draw
    (replaced here: nothing is drawn)."""
    monkeypatch.setattr(results, "draw", lambda specs: [(s.stem, s.kwargs) for s in specs])
    t = pd.DataFrame({"scenario": ["a"]})
    written = write_sweep(SimpleNamespace(table=t), tmp_path, figures=["png"], resolution=1.5, lang="en")
    assert written[-1] == (tmp_path / "resolution_sweep",
                           {"resolution": 1.5, "lang": "en", "title": "Effect of the resolution on the clusters"})
    (_, bars), (_, table) = write_comparison(_comparison(), tmp_path, codebook=TINY_CB, views=["2.2"], lang="en",
                                             threshold=120.0, figures=["png"])[-2:]
    assert bars["lang"] == table["lang"] == "en" and bars["threshold"] == table["threshold"] == 120.0
    rerun = SimpleNamespace(name="only_x", analysis=_analysis(), nodes=t, leans=t)
    assert write_sensitivity(rerun, tmp_path, figures=["png"])[-1] == (
        tmp_path / "sensitivity_only_x", {"nodes": NODES, "lang": "en", "title": "Sensitivity rerun: only_x"})


@pytest.mark.parametrize("private", [False, True])
def test_no_table_is_written_with_a_column_twice(tmp_path, private):
    """The class of the kept-column bug: any table with a repeated heading is refused, unwritten."""
    frame = pd.DataFrame([[1, 2, 3]], columns=["own_group", "n", "own_group"])
    with pytest.raises(ValueError, match=r"^x\.csv would have the column 'own_group' twice\.$"):
        results.write_table(frame, tmp_path / "x.csv", private=private)
    assert not (tmp_path / "x.csv").exists()
