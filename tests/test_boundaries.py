"""Rules pinned at their boundaries, and every published column of the weights, the
comparisons and the exports, with the answers worked out by hand (issue 28).

Each test here was written against a mutant (a ``<`` for a ``<=``, a spread divided by the
wrong count, a column left out) that the older tests let through; ``make mutate`` finds them.
"""

import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from integraatio.analysis import analyse_scores
from integraatio.codebook import load_codebook
from integraatio.compare import compare_groups
from integraatio.datasets import survey_path
from integraatio.exceptions import DataValidationError, InputFileError
from integraatio.interchange import write_gephi_csv, write_gexf, write_graphml, write_pajek, write_vosviewer
from integraatio.matrix import pair_table, pivot_matrix
from integraatio.response import column_weights, read_invitations, respondent_weights, response_rates
from integraatio.style import cluster_colours
from integraatio.survey import read_survey
from layouts import wide_text
from runs import exact_release
from test_compare import TINY_CB, TINY_ROWS, tiny_analysis

# --------------------------------------------------------------------------- weights


def test_weighted_sd_and_n_eff_by_hand():
    # Cell a -> b: y = 90, 100, 110 with weights 1, 1, 2. sum w = 4, sum w^2 = 6;
    # mean = (90 + 100 + 220) / 4 = 102.5; sum w (y - mean)^2 = 156.25 + 6.25 + 2 * 56.25 = 275;
    # variance = 275 / (4 - 6 / 4) = 110; n_eff = 4^2 / 6 = 8 / 3.
    # Cell b -> a: y = 90, 110 with weights 1, 3: mean = 420 / 4 = 105; 225 + 3 * 25 = 300;
    # variance = 300 / (4 - 10 / 4) = 200; n_eff = 16 / 10. Two ratings: the least with an SD.
    # Cell a -> a: one rating, below min_n = 2: suppressed, nothing but n shown.
    s = pd.DataFrame({"own_group": ["a", "a", "a", "b", "b", "a"], "target_group": ["b", "b", "b", "a", "a", "a"],
                      "integration_need": [90.0, 100.0, 110.0, 90.0, 110.0, 50.0], "w": [1.0, 1.0, 2.0, 1.0, 3.0, 5.0]})
    t = pair_table(s, codes=["a", "b"], min_n=2, weight="w").set_index(["own_group", "target_group"])
    assert t.columns.tolist() == ["n", "mean", "sd", "suppressed", "n_eff"]
    assert t.loc[("a", "b")].tolist() == pytest.approx([3, 102.5, math.sqrt(110), False, 8 / 3], rel=1e-12)
    assert t.loc[("b", "a")].tolist() == pytest.approx([2, 105.0, math.sqrt(200), False, 1.6], rel=1e-12)
    assert t.loc[("a", "a"), "n"] == 1 and t.loc[("a", "a"), "suppressed"]
    assert t.loc[("a", "a"), ["mean", "sd", "n_eff"]].isna().all()


def test_equal_weights_give_the_unweighted_sd():
    # Weights 2, 2, 2: sum w = 6, sum w^2 = 12; 2 * (100 + 0 + 100) / (6 - 12 / 6) = 100 = the ddof-1 variance.
    s = pd.DataFrame({"own_group": ["a"] * 3, "target_group": ["b"] * 3, "integration_need": [90.0, 100.0, 110.0],
                      "w": [2.0] * 3})
    t = pair_table(s, codes=["a", "b"], min_n=3, weight="w")
    assert (t.at[0, "mean"], t.at[0, "sd"], t.at[0, "n_eff"]) == pytest.approx((100.0, 10.0, 3.0), rel=1e-12)


def test_a_weighted_cell_of_one_rating_has_no_sd_and_no_warning():
    # 0.1 * 3 / 3 = 0.10000000000000002, not 0.1: the sum of squares is a hair above 0 and
    # sum w - sum w^2 / sum w = 3 - 9 / 3 = 0, so the SD is x / 0. It is left empty, silently
    # (the suite turns every warning into an error).
    s = pd.DataFrame({"own_group": ["a"], "target_group": ["b"], "integration_need": [0.1], "w": [3.0]})
    t = pair_table(s, codes=["a", "b"], min_n=1, weight="w")
    assert (t.at[0, "n"], t.at[0, "mean"], t.at[0, "n_eff"]) == (1, pytest.approx(0.1), 1.0) and np.isnan(t.at[0, "sd"])


def test_categorical_groups_over_many_codes_and_the_matrix_shape():
    # The reader gives categoricals over the codebook's codes: 21 codes, so the cell key
    # own * 21 + target reaches 20 * 21 + 19 = 439, more than the categorical's int8 codes hold.
    codes = [f"g{i}" for i in range(21)]
    s = pd.DataFrame({"own_group": pd.Categorical(["g20", "g20", "g3"], categories=codes),
                      "target_group": pd.Categorical(["g19", "g19", "g0"], categories=codes),
                      "integration_need": [90.0, 110.0, 70.0]})
    t = pair_table(s, codes=codes, min_n=1)
    assert t[["own_group", "target_group", "n", "mean"]].values.tolist() == [["g3", "g0", 1, 70.0], ["g20", "g19", 2, 100.0]]
    m = pivot_matrix(t, codes=codes)
    assert m.index.tolist() == ["g3", "g20"] and m.columns.tolist() == codes  # rated own groups, in code order
    assert (m.index.name, m.columns.name) == ("own_group", None)
    assert (m.at["g20", "g19"], m.at["g3", "g0"], int(m.notna().sum().sum())) == (100.0, 70.0, 2)


def _people(weights):
    # One row per respondent (the reader's ``row`` is the spreadsheet row: header in row 1).
    return pd.DataFrame({"row": np.arange(2, len(weights) + 2), "respondent_id": [f"r{i}" for i in range(len(weights))],
                         "paino": weights})


def test_a_weight_of_exactly_zero_is_refused_and_the_smallest_positive_kept():
    with pytest.raises(InputFileError, match=r"a weight must be a number > 0; not so in row 3 \('0'\)\.$"):
        column_weights(_people(["1", "0", "2"]), "paino", file="s.csv")
    assert column_weights(_people(["1", "0,001", "2"]), "paino", file="s.csv").tolist() == [1.0, 0.001, 2.0]


def _invitations(tmp_path, text):
    path = tmp_path / "invited.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_stratum_invited_as_many_as_answered_or_none_at_all(tmp_path):
    # A: 2 invited, 2 answered (rate exactly 1, weight 1); B: 3 invited, 1 answered (weight 3);
    # C: nobody invited and nobody answered: no rate (0 / 0), and no weight is needed for it.
    data = pd.DataFrame({"respondent_id": ["r1", "r2", "r2", "r3"], "municipality": ["A", "A", "A", "B"]})
    inv = read_invitations(_invitations(tmp_path, "municipality,invited,note\nA,2,x\nB,3,\nC,0,\n"), columns=data.columns)
    assert (inv.strata, inv.ignored) == (("municipality",), ("note",))
    rates = response_rates(inv, data)
    assert rates.columns.tolist() == ["municipality", "invited", "respondents", "rate"]
    assert rates.iloc[:, :3].values.tolist() == [["A", 2, 2], ["B", 3, 1], ["C", 0, 0], ["all", 5, 3]]
    np.testing.assert_array_equal(rates["rate"], [1.0, 1 / 3, np.nan, 0.6])
    assert respondent_weights(inv, data).tolist() == [1.0, 1.0, 1.0, 3.0]


def test_respondents_of_an_unlisted_stratum_are_named_with_the_file(tmp_path):
    data = pd.DataFrame({"respondent_id": ["r1", "r2"], "municipality": ["A", "B"]})
    inv = read_invitations(_invitations(tmp_path, "municipality,invited\nA,3\n"), columns=data.columns)
    with pytest.raises(InputFileError, match=r"^invited\.csv does not list the strata \(municipality\) of some "
                                             r"respondents: B\. Add a row"):
        response_rates(inv, data)


def test_strata_invited_but_silent_stop_the_weights_with_their_share(tmp_path):
    # B (1 invited: the least that counts) and C (5) have no respondent: 6 of 10 invited = 60.0 %.
    data = pd.DataFrame({"respondent_id": ["r1"], "municipality": ["A"], "size_class": ["large"]})
    text = "municipality,size_class,invited\nA,large,4\nB,other,1\nC,other,5\n"
    inv = read_invitations(_invitations(tmp_path, text), columns=data.columns)
    with pytest.raises(InputFileError) as caught:
        respondent_weights(inv, data)
    assert str(caught.value) == (
        "invited.csv: no respondent in B / other (1 invited); C / other (5 invited), 60.0% of the invited, so weights "
        "cannot represent them. Merge each such row into a similar stratum of the file (add its invited to that row), "
        "or name that stratum with merge_into in the codebook's [[municipalities]] entry, and say so when reporting; "
        "or run without --weights.")


def test_invited_must_be_a_whole_number_of_at_least_zero(tmp_path):
    columns = ["municipality"]
    assert read_invitations(_invitations(tmp_path, "municipality,invited\nA,0\n"), columns=columns).table["invited"].tolist() == [0]
    for bad in ("-1", "2.5"):
        with pytest.raises(InputFileError, match=rf"not so in row 2 \('{bad}'\)"):
            read_invitations(_invitations(tmp_path, f"municipality,invited\nA,{bad}\n"), columns=columns)


# --------------------------------------------------------------------------- comparisons


def test_a_q_of_exactly_005_is_not_a_discovery():
    # One cell, 20 respondents relabelled one at a time (the respondent unit): 1 large of 20 is
    # C(20, 1) = 20 relabellings, all enumerated. The large respondent's 200 is the unique
    # extreme, so p = 1 / 20 = 0.05 and, with one cell tested, q = 0.05: not below 0.05.
    rows = [("r0", "L1", "large", "1", "2", 200.0)]
    rows += [(f"r{i}", f"O{i % 3 + 1}", "other", "1", "2", 89.0 + i) for i in range(1, 20)]
    a = tiny_analysis(rows)
    a = analyse_scores(a.scores, codebook=TINY_CB, min_n=1, seed=1)  # one large rating may be shown
    c = compare_groups(a, codebook=TINY_CB, permutation_unit="respondent", n_boot=10, seed=1)
    t = c.tests.iloc[0]
    assert (c.permutations, c.exact, c.p_min) == (20, True, 0.05)
    assert (t["p_value"], t["q_value"]) == (0.05, 0.05)
    # BH needs floor(1 * 0.05 / 0.05) + 1 = 2 cells sharing the smallest p for q < 0.05.
    assert (c.facts["tested"], c.facts["discoveries"], c.facts["needed"]) == (1, 0, 2)
    assert (c.facts["unit"], c.facts["composition"], c.facts["alpha"]) == ("respondent", {"other": 19, "large": 1}, 0.05)


def test_ratings_outside_the_levels_at_exactly_min_n_let_the_cell_be_published():
    # Cell 1 -> 3 of the hand-made survey has one rating outside the levels (r6, no size
    # class), below min_n = 2: suppressed. A second one (r10, 70) makes exactly min_n: its
    # mean (65) cannot be told from the others, so the levels are published:
    # other 80, 90, 100 -> 90; large 120, 100 -> 110; all seven (620) -> 620 / 7.
    with exact_release():  # the arithmetic, without the release's noise (tested in test_disclosure.py)
        c = compare_groups(tiny_analysis([*TINY_ROWS, ("r10", "X", None, "1", "3", 70.0)]), codebook=TINY_CB, n_boot=50,
                           seed=1)
    rows = c.table[(c.table["own_group"] == "1") & (c.table["target_group"] == "3")].set_index("level")
    assert rows["n"].to_dict() == {"other": 3, "large": 2, "all": 7}
    assert rows["mean"].tolist() == pytest.approx([90.0, 110.0, 620 / 7])
    assert not rows["suppressed"].any()
    tested = c.tests[(c.tests["own_group"] == "1") & (c.tests["target_group"] == "3")].iloc[0]
    assert tested["diff"] == 20.0 and not tested["suppressed"] and 0 < tested["p_value"] <= 1


# --------------------------------------------------------------------------- exports

# Three groups in code order 1.1, 1.2, 1.10 (ids 1, 2, 3); ties 1.1-1.10 (weight 12.5, mean
# 112.5, 7 ratings) and 1.2-1.10 (20, 120, 11). Strength = the sum of a node's tie weights.
NODES = pd.DataFrame({
    "node": ["1.1", "1.2", "1.10"], "label": ["Elderly", "Families, children", "Psychiatry"],
    "cluster": [1, 2, 1], "cluster_name": ["Care", "Families", "Care"], "strength": [12.5, 20.0, 32.5],
    "x": [0.0, 1.0, -1.0], "y": [0.0, 0.5, -0.5], "integration_need": [104.0, np.nan, 112.5],
})


def _graph():
    g = nx.Graph()
    g.add_nodes_from(["1.1", "1.2", "1.10"])
    g.add_edge("1.10", "1.1", weight=12.5, mean=112.5, n=7)  # stored in the other order: files put ends in code order
    g.add_edge("1.2", "1.10", weight=20.0, mean=120.0, n=11)
    return g


def test_gephi_csv_every_column(tmp_path):
    nodes, edges = write_gephi_csv(_graph(), tmp_path, nodes=NODES)
    assert edges.read_text(encoding="utf-8").splitlines() == [
        "Source,Target,Type,Weight,mean,n",
        "1.1,1.10,Undirected,12.5,112.5,7",
        "1.2,1.10,Undirected,20.0,120.0,11",
    ]
    assert nodes.read_text(encoding="utf-8").splitlines() == [
        "Id,Label,cluster,cluster_name,strength,links,integration_need,x,y",
        "1.1,Elderly,1,Care,12.5,1,104.0,0.0,0.0",
        '1.2,"Families, children",2,Families,20.0,1,,1.0,0.5',  # no score: empty, never 0
        "1.10,Psychiatry,1,Care,32.5,2,112.5,-1.0,-0.5",
    ]


def _rgb(cluster):
    return [round(255 * c) for c in cluster_colours(2)[cluster - 1]]  # the colours of our figures


def test_gexf_and_graphml_every_attribute(tmp_path):
    # Position = 400 x layout; size = 8 + 22 * strength / 32.5 (the largest strength).
    size = {"1.1": 8 + 22 * 12.5 / 32.5, "1.2": 8 + 22 * 20 / 32.5, "1.10": 30.0}
    gexf = nx.read_gexf(write_gexf(_graph(), tmp_path / "n.gexf", nodes=NODES))
    graphml = nx.read_graphml(write_graphml(_graph(), tmp_path / "n.graphml", nodes=NODES))
    for g in (gexf, graphml):
        assert list(g.nodes) == ["1.1", "1.2", "1.10"]
        assert {(a, b): (d["weight"], d["mean"], d["n"]) for a, b, d in g.edges(data=True)} == {
            ("1.1", "1.10"): (12.5, 112.5, 7), ("1.2", "1.10"): (20.0, 120.0, 11)}
        for v, row in NODES.set_index("node").iterrows():
            d = g.nodes[v]
            assert (d["label"], d["cluster"], d["cluster_name"], d["strength"]) == (
                row["label"], row["cluster"], row["cluster_name"], row["strength"])
            assert d["links"] == {"1.1": 1, "1.2": 1, "1.10": 2}[v]
            assert d.get("integration_need", "none") == ("none" if np.isnan(row["integration_need"]) else row["integration_need"])
    for v, row in NODES.set_index("node").iterrows():
        viz = gexf.nodes[v]["viz"]
        assert (viz["position"]["x"], viz["position"]["y"]) == (400 * row["x"], 400 * row["y"])
        assert viz["size"] == pytest.approx(size[v]) and graphml.nodes[v]["size"] == pytest.approx(size[v])
        assert [viz["color"][k] for k in "rgb"] == _rgb(row["cluster"]) == [graphml.nodes[v][k] for k in "rgb"]
        assert (graphml.nodes[v]["x"], graphml.nodes[v]["y"]) == (400 * row["x"], 400 * row["y"])


def test_vosviewer_files_every_column(tmp_path):
    map_file, network_file, json_file = write_vosviewer(_graph(), tmp_path, nodes=NODES, lang="en")
    assert [line.split("\t") for line in map_file.read_text(encoding="utf-8").splitlines()] == [
        ["id", "label", "description", "x", "y", "cluster", "weight<Links>", "weight<Total link strength>",
         "score<Integration need>"],
        ["1", "Elderly", "<b>1.1</b> Elderly<br>Cluster: Care", "0.0", "0.0", "1", "1", "12.5", "104.0"],
        ["2", '"Families, children"', '"<b>1.2</b> Families, children<br>Cluster: Families"', "1.0", "0.5", "2", "1",
         "20.0", ""],
        ["3", "Psychiatry", "<b>1.10</b> Psychiatry<br>Cluster: Care", "-1.0", "-0.5", "1", "2", "32.5", "112.5"],
    ]
    assert network_file.read_text(encoding="utf-8") == "1\t3\t12.5\n2\t3\t20.0\n"
    doc = json.loads(json_file.read_text(encoding="utf-8"))
    items = doc["network"]["items"]
    assert [(i["id"], i["label"], i["x"], i["y"], i["cluster"]) for i in items] == [
        (1, "Elderly", 0.0, 0.0, 1), (2, "Families, children", 1.0, 0.5, 2), (3, "Psychiatry", -1.0, -0.5, 1)]
    assert [i["weights"] for i in items] == [{"Links": 1, "Total link strength": 12.5},
                                              {"Links": 1, "Total link strength": 20.0},
                                              {"Links": 2, "Total link strength": 32.5}]
    assert [i["scores"] for i in items] == [{"Integration need": 104.0}, {}, {"Integration need": 112.5}]
    assert doc["network"]["links"] == [{"source_id": 1, "target_id": 3, "strength": 12.5},
                                       {"source_id": 2, "target_id": 3, "strength": 20.0}]
    assert doc["network"]["clusters"] == [{"cluster": 1, "label": "Care"}, {"cluster": 2, "label": "Families"}]
    hexes = ["#" + "".join(f"{c:02x}" for c in _rgb(k)) for k in (1, 2)]
    assert doc["config"]["color_schemes"]["cluster_colors"] == [{"cluster": 1, "color": hexes[0]},
                                                                {"cluster": 2, "color": hexes[1]}]
    assert doc["config"]["terminology"] == {"item": "task group", "items": "task groups", "link": "link",
                                            "cluster": "cluster", "clusters": "clusters",
                                            "link_strength": "integration need above 100"}
    assert doc["info"] == {"title": "Integration-need network"}


def test_pajek_every_field(tmp_path):
    # Layout [-1, 1] to Pajek's unit square, y down: ((x + 1) / 2, (1 - y) / 2).
    path = write_pajek(_graph(), tmp_path / "n.net", nodes=NODES)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "*Vertices 3",
        '1 "Elderly" 0.500000 0.500000',
        '2 "Families, children" 1.000000 0.250000',
        '3 "Psychiatry" 0.000000 0.750000',
        "*Edges",
        "1 3 12.5",
        "2 3 20.0",
    ]


# --------------------------------------------------------------------------- the reader's less common paths

CB = load_codebook()
# The shipped survey's first 40 rows (respondents R001 and R002), as the synthesiser writes it.
HEAD = survey_path().read_text(encoding="utf-8").splitlines()[:41]


def _problems(path):
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=CB)
    return caught.value.report


def test_a_csv_whose_first_line_is_blank_reads_the_same_one_row_down(tmp_path):
    # The header is the first line that is not blank; rows keep the numbers a spreadsheet shows.
    plain, blank = tmp_path / "plain.csv", tmp_path / "blank.csv"
    plain.write_text("\n".join(HEAD) + "\n", encoding="utf-8")
    blank.write_text("\n" + "\n".join(HEAD) + "\n", encoding="utf-8")
    a, b = read_survey(plain, codebook=CB), read_survey(blank, codebook=CB)
    assert len(a.data) == 40 and a.data["row"].tolist() == list(range(2, 42))
    assert b.data["row"].tolist() == list(range(3, 43))
    pd.testing.assert_frame_equal(a.data.drop(columns="row"), b.data.drop(columns="row"))
    # An unknown own group in the first respondent's first row: line 3 of the blank-led file.
    assert HEAD[1].startswith("R001,Tampere,2.1,")
    blank.write_text("\n" + "\n".join([HEAD[0], HEAD[1].replace(",2.1,", ",9.9,", 1), *HEAD[2:]]) + "\n", encoding="utf-8")
    report = _problems(blank)
    assert report.loc[report["column"] == "own_group", "row"].min() == 3


def test_a_long_row_without_an_own_group_is_named_not_dropped(tmp_path):
    # Line 7 (R001's sixth row) loses its own group: that row is named, as empty and as
    # disagreeing with R001's first row (2.1); no other row is.
    lines = HEAD.copy()
    fields = lines[6].split(",")
    assert fields[:3] == ["R001", "Tampere", "2.1"]
    lines[6] = ",".join([*fields[:2], "", *fields[3:]])
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _problems(path)
    assert report[["row", "column"]].values.tolist() == [[7, "own_group"], [7, "own_group"]]
    assert report["problem"].str.startswith("empty own_group").sum() == 1
    assert report["problem"].str.contains("differs from their first row").sum() == 1


def test_two_blank_respondent_ids_in_a_wide_file_are_two_problems_not_one_respondent(tmp_path):
    # Wide: one row per respondent. Rows 2 and 4 lose their ids; taken as one respondent with
    # the id "", they would be merged (and their own groups compared). Each is named.
    long = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    path = tmp_path / "w.csv"
    wide_text(long[long["respondent_id"].isin(long["respondent_id"].unique()[:4])], path, CB)
    lines = path.read_text(encoding="utf-8").splitlines()
    for i in (1, 3):
        lines[i] = "," + lines[i].split(",", 1)[1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _problems(path)
    assert report[["row", "column"]].values.tolist() == [[2, "respondent_id"], [4, "respondent_id"]]
    assert report["problem"].str.startswith("empty respondent_id").all()
