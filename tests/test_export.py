"""Network files, the workbook and ``integraatio export`` (issue 6).

The VOSviewer files are parsed with the rules VOSviewer documents
(app.vosviewer.com/docs/file-types/map-and-network-file-type, .../json-file-type), not
with our own writer's assumptions. The hand-made folder of ``runs.tiny_run`` has its
numbers worked out in ``runs.py``.
"""

import csv
import json
import re
import zipfile

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.codebook import load_codebook
from integraatio.cli import app
from integraatio.exceptions import InputFileError
from integraatio.folder import read_run
from integraatio.interchange import EXPORT_FORMATS, write_exports, write_gexf, write_vosviewer
from integraatio.workbook import write_workbook
from runs import CODES, EDGES, LABELS, NEED, STRENGTH, shipped_run, tiny_run

runner = CliRunner()


@pytest.fixture
def tiny(tmp_path):
    folder = tiny_run(tmp_path / "run")
    written = write_exports(folder, formats=["all"])
    assert sorted(p.name for p in written) == sorted(
        ["vosviewer_map.txt", "vosviewer_network.txt", "vosviewer.json", "network.gexf", "network.graphml",
         "network.net", "gephi_nodes.csv", "gephi_edges.csv", "results.xlsx", "report.html"]
    )
    return folder


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return shipped_run(tmp_path_factory.getbasetemp())


def _edges(g) -> dict:
    return {tuple(sorted((a, b), key=CODES.index)): w for a, b, w in g.edges(data="weight")}


# --------------------------------------------------------------------------- reading a run back


def test_read_run_rebuilds_the_hand_worked_graph(tiny):
    run = read_run(tiny)
    assert list(run.graph) == CODES
    assert _edges(run.graph) == EDGES  # 2.2-2.3 (suppressed) and the ties of weight 0 are absent
    need = run.nodes.set_index("node")["integration_need"]
    assert need.to_dict() == pytest.approx(NEED)
    assert run.nodes.set_index("node")["links"].to_dict() == {"2.1": 1, "2.2": 2, "2.3": 1, "2.10": 2}


@pytest.mark.slow
def test_read_run_gives_the_runs_own_graph(shipped):
    # The graph rebuilt from pairs.csv equals the one the run clustered: strengths agree
    # with clusters.csv to the last bit, which needs every edge and weight to agree.
    run = read_run(shipped)
    strength = {v: sum(w for *_, w in run.graph.edges(v, data="weight")) for v in run.graph}
    assert strength == pytest.approx(run.nodes.set_index("node")["strength"].to_dict(), rel=1e-12, abs=1e-9)
    assert {"coassignment", "compare_size_class", "compare_size_class_tests", "boundary_scenarios"} <= set(run.tables)


def test_read_run_ignores_files_the_run_did_not_make(tiny):
    # A comparison left in the folder by an earlier run is not this run's: the manifest has no "compare".
    pd.DataFrame({"own_group": ["2.1"], "target_group": ["2.2"], "level": ["x"], "n": [9], "mean": [1.0]}).to_csv(
        tiny / "compare_region.csv", index=False)
    (tiny / "compare_region_summary.json").write_text("{}", encoding="utf-8")
    run = read_run(tiny)
    assert "compare_region" not in run.tables and "compare_region_summary" not in run.summaries


def test_read_run_says_what_is_missing(tmp_path):
    (tmp_path / "pairs.csv").write_text("own_group\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"not an integraatio output folder: manifest.json, clusters.csv not found.*integraatio run --out"):
        read_run(tmp_path)


def test_read_run_reports_an_unreadable_manifest(tiny):
    (tiny / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"Cannot read the run in .*rerun the analysis into a fresh folder"):
        read_run(tiny)


# --------------------------------------------------------------------------- VOSviewer, by its published rules


def _vos_rows(path):
    """Tab-separated, with double quotes around a field holding a comma or semicolon."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quotechar='"'))


def _check_vosviewer_map(path):
    rows = _vos_rows(path)
    header, items = rows[0], rows[1:]
    allowed = {"id", "label", "description", "url", "x", "y", "cluster"}
    assert all(h in allowed or re.fullmatch(r"(weight|score)<[^<>]+>", h) for h in header), header
    assert ("x" in header) == ("y" in header)
    col = {h: i for i, h in enumerate(header)}
    assert all(len(r) == len(header) for r in items)
    ids = [int(r[col["id"]]) for r in items]
    assert len(set(ids)) == len(ids)
    assert all(1 <= int(r[col["cluster"]]) <= 1000 for r in items)
    for h, i in col.items():
        if h.startswith("weight<"):
            assert all(float(r[i]) >= 0 for r in items), h
    # A label with a comma or semicolon must be quoted in the raw file.
    raw = path.read_text(encoding="utf-8")
    for r in items:
        label = r[col["label"]]
        if any(c in label for c in ",;"):
            assert '"' + label.replace('"', '""') + '"' in raw
    return header, items, col


def _check_vosviewer_network(path, ids):
    rows = _vos_rows(path)
    assert rows and all(len(r) == 3 for r in rows)  # no header line: the first line is a link
    pairs = [frozenset((int(a), int(b))) for a, b, _ in rows]
    assert all(len(p) == 2 for p in pairs)  # no self-links
    assert len(set(pairs)) == len(pairs)  # each unordered pair once: VOSviewer would sum a duplicate
    assert all(float(s) > 0 for *_, s in rows)
    assert set().union(*pairs) <= set(ids)
    return {p: float(s) for p, (*_, s) in zip(pairs, rows)}


def test_vosviewer_files_follow_the_published_rules(tiny):
    header, items, col = _check_vosviewer_map(tiny / "vosviewer_map.txt")
    # ids 1..4 are the groups in code order, with their labels
    assert [(int(r[col["id"]]), r[col["label"]]) for r in items] == [(i, LABELS[c]) for i, c in enumerate(CODES, start=1)]
    # The integration need (2.3's is 46, 2.1's 63.3; it can be <= 0) is a score, never a weight.
    assert "score<Integration need>" in header and not any("need" in h.lower() for h in header if h.startswith("weight"))
    need = {CODES[int(r[col["id"]]) - 1]: float(r[col["score<Integration need>"]]) for r in items}
    assert need == pytest.approx(NEED)
    strength = {CODES[int(r[col["id"]]) - 1]: float(r[col["weight<Total link strength>"]]) for r in items}
    assert strength == STRENGTH
    links = _check_vosviewer_network(tiny / "vosviewer_network.txt", [int(r[0]) for r in items])
    # 2.1-2.2 = ids 1-2, 2.2-2.10 = 2-4, 2.3-2.10 = 3-4; the suppressed 2.2-2.3 (2-3) is absent, not 0
    assert links == {frozenset((1, 2)): 20.0, frozenset((2, 4)): 50.0, frozenset((3, 4)): 12.0}


@pytest.mark.slow
def test_vosviewer_files_of_the_shipped_run_follow_the_rules(shipped):
    run = read_run(shipped)
    header, items, col = _check_vosviewer_map(shipped / "vosviewer_map.txt")
    assert len(items) == 21 and "score<Stability>" in header
    links = _check_vosviewer_network(shipped / "vosviewer_network.txt", [int(r[0]) for r in items])
    assert len(links) == run.graph.number_of_edges()


def _check_vosviewer_json(doc):
    """The shape VOSviewer documents for its JSON files (json-file-type.md)."""
    def number(x):
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    assert set(doc) <= {"network", "config", "info"}
    net = doc["network"]
    assert set(net) <= {"items", "links", "clusters"}
    item_keys = {"id", "label", "description", "url", "x", "y", "cluster", "weights", "scores"}
    for it in net["items"]:
        assert set(it) <= item_keys and isinstance(it["id"], (str, int))
        assert isinstance(it["label"], str) and isinstance(it.get("description", ""), str)
        assert number(it["x"]) and number(it["y"])
        assert isinstance(it["cluster"], int) and 1 <= it["cluster"] <= 1000
        assert all(isinstance(k, str) and number(v) and v >= 0 for k, v in it["weights"].items())
        assert all(isinstance(k, str) and number(v) for k, v in it["scores"].items())
    ids = {it["id"] for it in net["items"]}
    for link in net["links"]:
        assert set(link) == {"source_id", "target_id", "strength"}
        assert {link["source_id"], link["target_id"]} <= ids and number(link["strength"]) and link["strength"] >= 0
    for c in net["clusters"]:
        assert set(c) == {"cluster", "label"} and isinstance(c["cluster"], int) and isinstance(c["label"], str)
    for c in doc["config"]["color_schemes"]["cluster_colors"]:
        assert re.fullmatch(r"#[0-9a-f]{6}", c["color"])
    assert set(doc["config"]["terminology"]) <= {
        "item", "items", "link", "links", "cluster", "clusters", "link_strength", "total_link_strength"}


@pytest.mark.slow
def test_vosviewer_json_has_the_documented_shape_and_cluster_names(tiny, shipped):
    for folder in (tiny, shipped):
        doc = json.loads((folder / "vosviewer.json").read_text(encoding="utf-8"))
        _check_vosviewer_json(doc)
    doc = json.loads((tiny / "vosviewer.json").read_text(encoding="utf-8"))
    assert doc["network"]["clusters"] == [{"cluster": 1, "label": "Cluster one"}, {"cluster": 2, "label": "+Cluster two"}]
    links = {frozenset((link["source_id"], link["target_id"])): link["strength"] for link in doc["network"]["links"]}
    assert links == {frozenset((1, 2)): 20.0, frozenset((2, 4)): 50.0, frozenset((3, 4)): 12.0}
    assert [it["scores"]["Integration need"] for it in doc["network"]["items"]] == pytest.approx([NEED[c] for c in CODES])


def test_vosviewer_terms_follow_the_language(tiny):
    run = read_run(tiny)
    paths = write_vosviewer(run.graph, tiny / "fi", nodes=run.nodes, lang="fi")
    assert "score<Integraatiotarve>" in paths[0].read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(ValueError, match=r"`lang` must be 'fi' or 'en'; got 'sv'"):
        write_vosviewer(run.graph, tiny, nodes=run.nodes, lang="sv")


# --------------------------------------------------------------------------- Gephi, GraphML, Pajek


@pytest.mark.parametrize("name", ["tiny", pytest.param("shipped", marks=pytest.mark.slow)])
def test_gexf_and_graphml_read_back_to_the_same_network(name, request):
    folder = request.getfixturevalue(name)
    run = read_run(folder)
    for reader, path in ((nx.read_gexf, "network.gexf"), (nx.read_graphml, "network.graphml")):
        g = reader(folder / path)
        assert list(g) == list(run.graph), path
        assert {frozenset((a, b)): w for a, b, w in g.edges(data="weight")} == {
            frozenset((a, b)): w for a, b, w in run.graph.edges(data="weight")}, path
        assert [g.nodes[v]["label"] for v in g] == run.nodes["label"].tolist(), path


def test_gexf_carries_our_layout_and_colours_and_no_date(tiny):
    g = nx.read_gexf(tiny / "network.gexf")
    viz = g.nodes["2.10"]["viz"]
    assert viz["position"] == {"x": 400.0, "y": 100.0, "z": 0.0}  # (1, 0.25) x 400
    assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (230, 159, 0)  # cluster 2: Okabe-Ito orange #E69F00
    text = (tiny / "network.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text


def test_pajek_numbers_nodes_as_vosviewer_does(tiny):
    text = (tiny / "network.net").read_text(encoding="utf-8").splitlines()
    assert text[0] == "*Vertices 4" and text[5] == "*Edges"
    # Pajek cannot escape a double quote: it becomes a single quote.
    assert text[3].startswith("3 \"Sanottu 'lainaus'\" ")
    g = nx.Graph(nx.read_pajek(tiny / "network.net"))
    label = {i: LABELS[c].replace('"', "'") for i, c in enumerate(CODES, start=1)}
    expected = {frozenset((label[1], label[2])): 20.0, frozenset((label[2], label[4])): 50.0, frozenset((label[3], label[4])): 12.0}
    assert {frozenset((a, b)): w for a, b, w in g.edges(data="weight")} == expected


def test_gephi_csv_has_the_same_ids_labels_and_ties(tiny):
    nodes = pd.read_csv(tiny / "gephi_nodes.csv", dtype={"Id": str})
    edges = pd.read_csv(tiny / "gephi_edges.csv", dtype={"Source": str, "Target": str})
    # A label that starts with "=" or "-" is written as text (a leading apostrophe), never as a formula.
    shown = ["'" + LABELS[c] if LABELS[c][0] in "=-" else LABELS[c] for c in CODES]
    assert nodes["Id"].tolist() == CODES and nodes["Label"].tolist() == shown and shown != [LABELS[c] for c in CODES]
    assert {(a, b): w for a, b, w in edges[["Source", "Target", "Weight"]].itertuples(index=False)} == EDGES
    assert set(edges["Type"]) == {"Undirected"}


@pytest.mark.slow
def test_every_format_has_the_same_labels(shipped):
    labels = read_run(shipped).nodes["label"].tolist()
    vos = [r[1] for r in _vos_rows(shipped / "vosviewer_map.txt")[1:]]
    doc = json.loads((shipped / "vosviewer.json").read_text(encoding="utf-8"))
    gexf = nx.read_gexf(shipped / "network.gexf")
    gephi = pd.read_csv(shipped / "gephi_nodes.csv", dtype={"Id": str})
    pajek = [line.split('"')[1] for line in (shipped / "network.net").read_text(encoding="utf-8").splitlines()[1:22]]
    for found in (vos, [it["label"] for it in doc["network"]["items"]], [gexf.nodes[v]["label"] for v in gexf],
                  gephi["Label"].tolist(), pajek):
        assert found == labels


def test_writers_refuse_nodes_without_rows(tiny):
    run = read_run(tiny)
    with pytest.raises(ValueError, match=r"`nodes` has no row for graph nodes \['2.10'\]"):
        write_gexf(run.graph, tiny / "x.gexf", nodes=run.nodes.iloc[:3])


# --------------------------------------------------------------------------- the workbook


def _formulas(path) -> list[str]:
    """Every <f> (cell formula) element in the workbook's sheets."""
    with zipfile.ZipFile(path) as z:
        return [name for name in z.namelist() if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", z.read(name))]


def test_workbook_sheets_suppression_and_highlighting(tiny):
    wb = openpyxl.load_workbook(tiny / "results.xlsx")
    # The summary first, the matrix next, the settings last; names in the run's language (en).
    assert wb.sheetnames == ["Summary", "Matrix", "Matrix n", "Pairs", "Clusters", "Reliability", "Settings"]
    m = wb["Matrix"]
    header = [c.value for c in m[1]]
    assert header == ["Own group", "Task group", *CODES]
    rows = {r[0]: dict(zip(header, r)) for r in m.iter_rows(min_row=2, values_only=True)}
    assert rows["2.2"]["2.10"] == 150.0 and rows["2.10"]["2.2"] == ".." and rows["2.3"]["2.2"] == ".."
    assert rows["2.3"]["2.1"] == -20.0  # a negative number stays a number
    assert rows["2.1"]["2.3"] is None  # no ratings: empty, not ".." and not 0
    assert [r["2.10"] for r in rows.values()] == [90.0, 150.0, 112.0, None]
    n = {r[0]: r for r in wb["Matrix n"].iter_rows(min_row=2, values_only=True)}
    assert n["2.10"][header.index("2.2")] == 3
    # Over 140 red: one formula rule per target column, guarded so that ".." stays black.
    rules = [(str(cf.sqref), rule.formula[0]) for cf in m.conditional_formatting for rule in cf.rules if rule.formula]
    assert ("F2:F5", "AND(ISNUMBER(F2),F2>140)") in rules and len(rules) == 4
    # The heat map: one colour scale over the four code columns C..F, 40 white to 160 blue.
    scales = [(str(cf.sqref), rule.colorScale) for cf in m.conditional_formatting for rule in cf.rules if rule.type == "colorScale"]
    assert len(scales) == 1 and scales[0][0] == "C2:F5"
    assert [float(v.val) for v in scales[0][1].cfvo] == [40, 100, 160]
    pairs = [dict(zip([c.value for c in wb["Pairs"][1]], r)) for r in wb["Pairs"].iter_rows(min_row=2, values_only=True)]
    hidden = [p for p in pairs if p["Suppressed"] == "yes"]  # flags read yes/no in the run's language
    assert len(hidden) == 2 and all(p["Mean"] == ".." and p["SD"] == ".." and p["n"] in (2, 3) for p in hidden)
    params = dict(wb["Settings"].iter_rows(min_row=2, values_only=True))
    assert params["parameters.seed"] == 1 and params["parameters.weighting"] == "excess"
    # Headers sit over their values: right-aligned over numbers, left over text.
    assert [c.alignment.horizontal for c in wb["Pairs"][1]][:4] == ["left", "left", "right", "right"]
    # Printing: A4 landscape, one page wide, the header row on every page.
    for ws in wb:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert wb["Pairs"].print_title_rows == "$1:$1"
    summary = dict(r for r in wb["Summary"].iter_rows(min_row=2, values_only=True) if r[0])
    # Worked out from the folder: 12 respondents, 48 / 40 / 8 rows; 1 of 6 published cells over 140, 2 suppressed.
    assert summary["Respondents"] == 12 and [summary[f"Ratings {k}"] for k in ("read", "scored", "excluded")] == [48, 40, 8]
    assert summary["Cells above 140"] == 1 and summary["Cells published"] == 6
    assert summary["Suppressed cells (fewer than 5 ratings)"] == 2
    assert summary["Cluster 1: Cluster one"] == "2.1, 2.2" and summary["Matrix"].startswith("mean integration need")


def test_workbook_has_no_formulas_and_keeps_formula_like_text_as_text(tiny):
    # The labels "=HYPERLINK(...)", "-Äiti ...", the cluster name "+Cluster two" and the
    # parameter "@SUM(1+1)" would run as formulas if written naively (OWASP CSV injection).
    path = tiny / "results.xlsx"
    assert _formulas(path) == []
    wb = openpyxl.load_workbook(path)
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    clusters = wb["Clusters"]
    cells = {c.value: c for row in clusters.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    for text in (LABELS["2.1"], LABELS["2.10"], "+Cluster two"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert cells[LABELS["2.2"]].quotePrefix is False  # ordinary text is left alone
    params = {r[0].value: r[1] for r in wb["Settings"].iter_rows(min_row=2)}
    assert params["parameters.note"].value == "@SUM(1+1)" and params["parameters.note"].data_type == "s"


@pytest.mark.slow
def test_workbook_of_the_shipped_run(shipped):
    path = shipped / "results.xlsx"
    assert _formulas(path) == []
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["Summary", "Matrix", "Matrix n", "Heat map"] and wb.sheetnames[-1] == "Settings"
    for sheet in ("Pairs", "Clusters", "Coassignment", "Compare municipality size", "Compare municipality size tests",
                  "Boundary scenarios", "Ties cut"):
        assert sheet in wb.sheetnames, sheet
    assert len(wb["Heat map"]._images) == 1
    ws = wb["Compare municipality size"]
    assert any(rule.formula[0].startswith("AND(ISNUMBER(") for cf in ws.conditional_formatting for rule in cf.rules)


def _number_cells(path, codes):
    """(sheet, cell, value, format) of every cell of a workbook that holds a number, and
    of every text cell that reads as one (a number stored as text), group codes aside."""
    import re

    wb = openpyxl.load_workbook(path)
    numbers, texts = [], []
    for ws in wb:
        for row in ws.iter_rows():
            if str(row[0].value).startswith("packages."):
                continue  # versions, "3.11" or "0.16": names, not quantities
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    numbers.append((ws.title, c.coordinate, c.value, c.number_format))
                elif isinstance(c.value, str) and c.value not in codes and re.fullmatch(r"[-+]?[\d\s\u202f\u00a0]+([.,]\d+)?\s*%?", c.value.strip()):
                    texts.append((ws.title, c.coordinate, c.value))
    return numbers, texts


def test_every_number_of_the_workbook_is_a_number_with_its_format(tiny):
    numbers, texts = _number_cells(tiny / "results.xlsx", CODES)
    assert len(numbers) > 50 and texts == []  # numbers were found; none hides as text
    assert [n for n in numbers if n[3] == "General"] == []  # each shown as its kind, not as stored
    # The settings show every decimal; the pairs' means one, their counts with thousands.
    formats = {(sheet, f) for sheet, _, _, f in numbers}
    assert ("Settings", "0.0###########") in formats and ("Pairs", "0.0") in formats and ("Pairs", "#,##0") in formats


@pytest.mark.slow
def test_shares_of_the_shipped_run_are_percentages(shipped):
    numbers, texts = _number_cells(shipped / "results.xlsx", load_codebook().codes)
    assert texts == [] and [n for n in numbers if n[3] == "General"] == []
    shares = [n for n in numbers if n[0] in ("Summary", "Boundary scenarios") and n[3] == "0.0%"]
    assert len(shares) >= 6 and all(0 <= v <= 1 for _, _, v, _ in shares)  # stored 0.298, shown 29.8 %


def test_workbook_same_run_same_bytes(tiny, tmp_path):
    run = read_run(tiny)
    a, b = write_workbook(run, tmp_path / "a.xlsx"), write_workbook(run, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError, match=r"`threshold` must be a finite number; got nan"):
        write_workbook(run, tmp_path / "c.xlsx", threshold=float("nan"))


# --------------------------------------------------------------------------- export, from the folder alone


def test_export_rewrites_from_the_folder(tiny):
    for name in ("vosviewer.json", "results.xlsx", "network.gexf"):
        (tiny / name).unlink()
    r = runner.invoke(app, ["export", str(tiny), "--format", "vosviewer", "--format", "xlsx"])
    assert r.exit_code == 0, r.output
    assert (tiny / "vosviewer.json").exists() and (tiny / "results.xlsx").exists()
    assert not (tiny / "network.gexf").exists()  # not asked for
    r = runner.invoke(app, ["export", str(tiny)])
    assert r.exit_code == 0 and (tiny / "network.gexf").exists()


def test_export_errors(tmp_path, tiny):
    r = runner.invoke(app, ["export", str(tmp_path)])
    assert r.exit_code == 1 and "not an integraatio output folder" in r.output
    r = runner.invoke(app, ["export", str(tiny), "--format", "svg"])
    assert r.exit_code == 2
    with pytest.raises(ValueError, match=r"`formats` must be among vosviewer, .*, report or all; got 'svg'"):
        write_exports(tiny, formats=["svg"])
    assert set(EXPORT_FORMATS) == {"vosviewer", "gexf", "graphml", "pajek", "gephi", "xlsx", "report"}


@pytest.mark.slow
def test_run_writes_the_exports_by_default_and_can_skip_them(shipped, tmp_path):
    for name in ("vosviewer_map.txt", "vosviewer_network.txt", "vosviewer.json", "network.gexf", "network.graphml",
                 "network.net", "results.xlsx", "report.html"):
        assert (shipped / name).stat().st_size > 0, name
    r = runner.invoke(app, ["run", "--out", str(tmp_path), "--no-figures", "--no-exports", "--no-report"])
    assert r.exit_code == 0, r.output
    assert not any((tmp_path / n).exists() for n in ("results.xlsx", "report.html", "network.gexf", "vosviewer.json"))
    r = runner.invoke(app, ["export", str(tmp_path), "--format", "report"])
    assert r.exit_code == 0 and (tmp_path / "report.html").exists()


@pytest.mark.slow
def test_every_figure_of_a_run_is_cropped_as_matplotlib_would(tmp_path):
    # save_figure computes the tight box without drawing when no layout engine needs a
    # draw: every figure a run can draw must still get savefig(bbox_inches="tight")'s crop.
    import dataclasses
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    import integraatio
    from integraatio.results import (boundary_figures, comparison_figures, render, results_figures,
                                     sensitivity_figures, sweep_figures)

    r = integraatio.run(out=tmp_path / "r", figures=False, exports=False, report=False, bootstrap=12,
                        compare_by="size_class", exclude_subgroup=["asumispalvelut"], sweep=[0.5, 1.0], sweep_replicates=3)
    out, formats = tmp_path / "figures", ("png",)
    out.mkdir()
    specs = [*results_figures(r.analysis, out, formats=formats),
             *boundary_figures(r.boundary, out, analysis=r.analysis, formats=formats),
             *comparison_figures(r.comparison, out, codebook=r.codebook, clusters=r.cluster_comparison, views=["2.2"],
                                 formats=formats),
             *sweep_figures(r.sweep, out, formats=formats), *sensitivity_figures(r.sensitivity[0], out, formats=formats)]
    kinds = {spec.build.__name__ + ("/" + spec.args[0].__name__ if spec.build.__name__ == "on_axes" else "")
             for spec in specs}
    assert len(kinds) == 9 and any(spec.layout == "constrained" for spec in specs)
    sizes = {}
    for spec in specs:
        (png,) = render(dataclasses.replace(spec, formats=("png",), aliases=()))
        fig = Figure(figsize=spec.size, layout=spec.layout)
        spec.build(fig, *spec.args, **spec.kwargs)
        reference = io.BytesIO()
        fig.savefig(reference, format="png", dpi=200, bbox_inches="tight")
        with Image.open(png) as ours, Image.open(reference) as theirs:
            sizes[spec.stem.name] = ours.size, theirs.size
    assert {name: (ours, theirs) for name, (ours, theirs) in sizes.items() if ours != theirs} == {}


@pytest.mark.parametrize("layout", [None, "constrained"])
def test_figures_are_cropped_as_matplotlib_would(tmp_path, layout):
    # save_figure lays a figure out once for all formats; the crop must still be the one
    # savefig(bbox_inches="tight") finds, title, panels and outside legends included.
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    from integraatio.results import save_figure

    fig = Figure(figsize=(8, 4), layout=layout)
    left, right = fig.subplots(1, 2)
    left.plot([0, 1], [0, 1], label="a line")
    right.set_title("right panel")
    fig.suptitle("A title far above")
    left.legend(loc="upper left", bbox_to_anchor=(-0.6, -0.2))
    (png,) = save_figure(fig, tmp_path / "f", formats=["png"])
    reference = io.BytesIO()
    fig.savefig(reference, format="png", dpi=200, bbox_inches="tight")
    with Image.open(png) as a, Image.open(reference) as b:
        ours, theirs = a.size, b.size
    assert all(abs(a - b) <= 0.01 * b for a, b in zip(ours, theirs)), (ours, theirs)  # within 1 %
