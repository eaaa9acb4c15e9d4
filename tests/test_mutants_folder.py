"""Reading a run's folder back (issue 28): which optional files are the run's own, in what
order, and what is read as text. The hand-made folder of runs.tiny_run, with files added."""

import json

import pandas as pd
import pytest

from integraatio.exceptions import InputFileError
from integraatio.folder import flatten, read_run
from runs import CODES, tiny_run

TABLE = pd.DataFrame({"own_group": ["2.10"], "level": ["2.10"], "n": [5]})


def _with(folder, names, **parameters):
    """The folder with tables (.csv), summaries (.json) and figures (.png, .svg) named ``names``,
    and ``parameters`` added to its manifest."""
    for name in names:
        path = folder / name
        if path.suffix == ".csv":
            TABLE.to_csv(path, index=False)
        elif path.suffix == ".json":
            path.write_text(json.dumps({"file": name}), encoding="utf-8")
        else:
            path.write_bytes(b"figure")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["parameters"].update(parameters)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


STEPS = ["coassignment.csv", "bootstrap_summary.json", "coassignment.png", "resolution_sweep.csv", "resolution_sweep.svg",
         "boundary_scenarios.csv", "boundary_cut_ties.csv", "boundary_groups.csv", "boundary_differences.csv",
         "integration_by_organiser.csv", "boundary_network_optimal.png",
         "compare_size.class.csv", "compare_size_class_tests.csv", "compare_size.class_summary.json",
         "compare_size_class_networks.png", "compare_size_class_networks.svg", "compare_size_class_2_2_bars.png",
         "compare_size_class_2_2_table.svg", "sensitivity_only_a.csv", "sensitivity_only_a_leans.csv",
         "sensitivity_only_a.png"]
# Files an earlier run could have left: another comparison, another rerun, a comparison's
# unknown part, a file of no step.
STRAYS = ["compare_region.csv", "compare_size_classes.csv", "compare_size_class_extra.png", "sensitivity_only_b.csv",
          "sensitivity_only_b_leans.csv", "notes.csv", "other_summary.json"]


def test_the_files_of_the_steps_the_manifest_records_in_the_documented_order(tmp_path):
    folder = _with(tiny_run(tmp_path / "run"), STEPS + STRAYS, bootstrap=20, resolution_sweep=[0.5, 1.0], boundary={},
                   compare={"by": "size.class"}, sensitivity=["only_a"])
    run = read_run(folder)
    assert list(run.tables) == ["reliability", "coassignment", "resolution_sweep", "compare_size.class",
                                "compare_size_class_tests", "boundary_scenarios", "boundary_cut_ties", "boundary_groups",
                                "boundary_differences", "integration_by_organiser", "sensitivity_only_a",
                                "sensitivity_only_a_leans"]
    assert run.summaries == {"bootstrap_summary": {"file": "bootstrap_summary.json"},
                             "compare_size.class_summary": {"file": "compare_size.class_summary.json"}}
    # An SVG where there is one, else the PNG; in name order.
    assert {k: v.name for k, v in run.figures.items()} == {
        "boundary_network_optimal": "boundary_network_optimal.png", "coassignment": "coassignment.png",
        "compare_size_class_2_2_bars": "compare_size_class_2_2_bars.png",
        "compare_size_class_2_2_table": "compare_size_class_2_2_table.svg",
        "compare_size_class_networks": "compare_size_class_networks.svg", "resolution_sweep": "resolution_sweep.svg",
        "sensitivity_only_a": "sensitivity_only_a.png"}
    assert list(run.figures) == sorted(run.figures)
    # Group codes and level names stay text: "2.10" is not 2.1.
    assert run.tables["compare_size.class"].loc[0, ["own_group", "level", "n"]].tolist() == ["2.10", "2.10", 5]


def test_without_the_steps_in_the_manifest_only_the_spines_files_count(tmp_path):
    run = read_run(_with(tiny_run(tmp_path / "run"), STEPS + STRAYS))
    assert list(run.tables) == ["reliability"] and run.summaries == {} and run.figures == {}


def test_parameters_language_and_a_group_without_data(tmp_path):
    folder = tiny_run(tmp_path / "run", lang="en")
    nodes = pd.read_csv(folder / "clusters.csv", dtype={"node": str})
    nodes.loc[nodes["node"] == "2.1", "cluster"] = None  # 2.1 has no data: no node, no links
    nodes.to_csv(folder / "clusters.csv", index=False)
    run = read_run(folder)
    assert run.lang == "en" and run.parameters["weighting"] == "excess"
    assert list(run.graph) == ["2.2", "2.3", "2.10"]
    assert run.nodes.set_index("node")["links"].to_dict() == {"2.1": 0, "2.2": 1, "2.3": 1, "2.10": 2}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["parameters"]["lang"]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert read_run(folder).lang == "fi"  # the default language


def test_a_manifest_without_the_weighting_is_refused(tmp_path):
    folder = tiny_run(tmp_path / "run")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["parameters"]["symmetrise"]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"Cannot read the run in .*KeyError\('symmetrise'\)"):
        read_run(folder)


def test_flatten_nested_mappings_and_lists():
    assert flatten({"a": {"b": 1, "c": {"d": "x"}}, "e": [1, "y"], "f": [{"g": 2}], "h": []}) == [
        ("a.b", 1), ("a.c.d", "x"), ("e", "1, y"), ("f", '[{"g": 2}]'), ("h", "")]
    assert flatten({"ä": ["ö", ["å"]]}) == [("ä", '["ö", ["å"]]')]  # a list inside: JSON, not escaped
    assert flatten(3, "x") == [("x", 3)]


def test_the_spines_figures_count_without_any_step(tmp_path):
    """network and matrix_heatmap are every run's figures: read back with no step recorded."""
    run = read_run(_with(tiny_run(tmp_path / "run"), ["network.png", "network.svg", "matrix_heatmap.png", "notes.png"]))
    assert {k: v.name for k, v in run.figures.items()} == {"matrix_heatmap": "matrix_heatmap.png", "network": "network.svg"}


def test_the_graph_follows_the_runs_weighting_and_symmetrising(tmp_path):
    """The graph and the node need are rebuilt with the manifest's weighting and symmetrising,
    not the defaults. Raw weights, the larger direction: 2.1-2.2 max(130, 110) = 130;
    2.1-2.10 and 2.3-2.10 one direction, 90 and 112; 2.2-2.10 150 (the other suppressed);
    2.3-2.1 -20, no tie (weights > 0). Need: 2.1 (130 + 90 - 20) / 3, 2.2 (130 + 150) / 2,
    2.3 (-20 + 112) / 2, 2.10 (90 + 150 + 112) / 3."""
    folder = _with(tiny_run(tmp_path / "run"), [], weighting="raw", symmetrise="max")
    run = read_run(folder)
    assert (run.path, run.codes, len(run.pairs), run.pairs["own_group"].tolist()[-1]) == (folder, CODES, 8, "2.10")
    assert {tuple(sorted((a, b), key=CODES.index)): w for a, b, w in run.graph.edges(data="weight")} == {
        ("2.1", "2.2"): 130.0, ("2.1", "2.10"): 90.0, ("2.2", "2.10"): 150.0, ("2.3", "2.10"): 112.0}
    assert run.nodes.set_index("node")["integration_need"].to_dict() == pytest.approx(
        {"2.1": 200 / 3, "2.2": 140.0, "2.3": 46.0, "2.10": 352 / 3})
