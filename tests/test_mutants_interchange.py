"""The network files' less common fields (issue 28): quoting and tabs in labels, a second
score, the Finnish terms, node sizes when no node has a tie; test_boundaries.py has the rest."""

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from integraatio.interchange import write_exports, write_gephi_csv, write_graphml, write_pajek, write_vosviewer
from runs import tiny_run

@pytest.fixture
def graph():
    g = nx.Graph()
    g.add_nodes_from(["1.1", "1.2", "1.10"])  # code order: VOSviewer and Pajek ids 1, 2, 3
    g.add_edge("1.10", "1.1", weight=12.5, mean=112.5, n=11)  # ends given against code order
    g.add_edge("1.2", "1.1", weight=4.0, mean=104.0, n=7)
    return g


@pytest.fixture
def nodes():
    return pd.DataFrame({
        "node": ["1.10", "1.1", "1.2"],  # not in graph order: the graph's order rules
        "label": ['Say "hi"', "Elderly, care", "Fam\tilies X"],  # a tab; only , ; and " call for quotes
        "cluster": [1, 1, 2],
        "cluster_name": ["Care", "Care", "Families"],
        "strength": [12.5, 16.5, 4.0],
        "x": [-1.0, 0.0, 1.0],
        "y": [-0.5, 0.0, 0.5],
        "integration_need": [112.5, 104.0, np.nan],  # 1.2 has none: no score, never 0
        "stability": [1.0, 0.9, 0.8],
    })


def test_vosviewer_map_and_network_field_by_field(graph, nodes, tmp_path):
    map_file, network_file, _ = write_vosviewer(graph, tmp_path, nodes=nodes, lang="en")
    # A field with a comma, semicolon or double quote is quoted (quotes doubled); a tab is a space.
    # Escaped HTML quotes (&quot;) hold a semicolon, so that description is quoted too.
    assert map_file.read_text(encoding="utf-8").split("\n") == [
        "id\tlabel\tdescription\tx\ty\tcluster\tweight<Links>\tweight<Total link strength>"
        "\tscore<Integration need>\tscore<Stability>",
        '1\t"Elderly, care"\t"<b>1.1</b> Elderly, care<br>Cluster: Care"\t0.0\t0.0\t1\t2\t16.5\t104.0\t0.9',
        "2\tFam ilies X\t<b>1.2</b> Fam ilies X<br>Cluster: Families\t1.0\t0.5\t2\t1\t4.0\t\t0.8",
        '3\t"Say ""hi"""\t"<b>1.10</b> Say &quot;hi&quot;<br>Cluster: Care"\t-1.0\t-0.5\t1\t1\t12.5\t112.5\t1.0',
        "",
    ]
    assert network_file.read_text(encoding="utf-8") == "1\t2\t4.0\n1\t3\t12.5\n"


def test_vosviewer_in_finnish_by_default(graph, nodes, tmp_path):
    map_file, _, json_file = write_vosviewer(graph, tmp_path / "new" / "folder", nodes=nodes)  # made with its parents
    lines = map_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[6:] == ["weight<Yhteydet>", "weight<Yhteyksien kokonaisvahvuus>",
                                        "score<Integraatiotarve>", "score<Pysyvyys>"]
    assert "<br>Klusteri: Families" in lines[2]
    text = json_file.read_text(encoding="utf-8")
    assert text.startswith('{\n "network": {\n  "items": [\n') and '"item": "tehtäväryhmä"' in text  # indented by one, UTF-8
    doc = json.loads(text)
    assert doc["info"] == {"title": "Integraatiotarpeen verkosto"}
    assert doc["config"]["terminology"]["link_strength"] == "integraatiotarve yli 100"


def test_a_graph_without_strength_has_the_smallest_size(graph, nodes, tmp_path):
    flat = nodes.assign(strength=0.0)
    g = nx.read_graphml(write_graphml(graph, tmp_path / "n.graphml", nodes=flat))
    assert [g.nodes[v]["size"] for v in g] == [8.0, 8.0, 8.0]


def test_pajek_text(graph, nodes, tmp_path):
    # x -> (x + 1) / 2, y -> (1 - y) / 2; a double quote becomes a single one, a tab a space.
    assert write_pajek(graph, tmp_path / "n.net", nodes=nodes).read_text(encoding="utf-8") == (
        "*Vertices 3\n"
        '1 "Elderly, care" 0.500000 0.500000\n'
        '2 "Fam ilies X" 1.000000 0.250000\n'
        "3 \"Say 'hi'\" 0.000000 0.750000\n"
        "*Edges\n"
        "1 2 4.0\n"
        "1 3 12.5\n"
    )


def test_export_refuses_an_unknown_format_by_name(tmp_path):
    with pytest.raises(ValueError, match=r"`formats` must be among vosviewer, gexf, graphml, pajek, gephi, xlsx, report "
                                         r"or all; got 'svg', 'csv'\."):
        write_exports(tmp_path, formats=["gexf", "svg", "csv"])


def test_gephi_csv_is_written_into_a_new_folder_with_its_parents(graph, nodes, tmp_path):
    """write_gephi_csv makes its folder, parents included, as write_vosviewer does; each tie
    once, in code order of its ends, undirected, with its mean and n."""
    out = tmp_path / "new" / "folder"
    assert write_gephi_csv(graph, out, nodes=nodes) == [out / "gephi_nodes.csv", out / "gephi_edges.csv"]
    assert (out / "gephi_edges.csv").read_text(encoding="utf-8") == (
        "Source,Target,Type,Weight,mean,n\n1.1,1.2,Undirected,4.0,104.0,7\n1.1,1.10,Undirected,12.5,112.5,11\n")


def test_graphml_edges_keep_n_a_whole_number(graph, nodes, tmp_path):
    """Edge ``n`` (a count) is written as an integer; ``mean`` and the weight as reals."""
    edge = nx.read_graphml(write_graphml(graph, tmp_path / "n.graphml", nodes=nodes)).edges["1.1", "1.10"]
    assert [(edge[k], type(edge[k])) for k in ("n", "mean", "weight")] == [(11, int), (112.5, float), (12.5, float)]


def test_the_workbook_highlights_above_the_threshold_asked(tmp_path):
    """write_exports passes its threshold on to the workbook: cells over 100 red, not over the default 140."""
    import openpyxl

    folder = tiny_run(tmp_path / "run")
    assert write_exports(folder, formats=["xlsx"], threshold=100.0) == [folder / "results.xlsx"]
    matrix = openpyxl.load_workbook(folder / "results.xlsx")["Matrix"]
    rules = {rule.formula[0] for cf in matrix.conditional_formatting for rule in cf.rules if rule.formula}
    assert "AND(ISNUMBER(F2),F2>100)" in rules and not any(">140" in r for r in rules)
