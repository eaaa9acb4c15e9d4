"""The analysis spine's tables on a survey worked out by hand (issue 28): every column of
``clusters`` with a group nobody rated, the respondents that make a group thin, and a
weighted table with a cell suppressed on request. The survey is test_reruns.py's: ties
1-2 50, 1-3 5, 1-4 10, 3-4 50, clusters {1, 2} and {3, 4}."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from integraatio.analysis import analyse_scores, published_pairs, thin_groups
from integraatio.codebook import Group
from integraatio.network import network_layout
from runs import exact_release
from test_reruns import CB, COLUMNS, tiny_rows, tiny_scores

FIVE = dataclasses.replace(CB, groups=CB.groups + (Group(code="5", fi="Ryhmä 5", en="Group 5", organiser="municipality"),))


@pytest.fixture(scope="module")
def frame():
    return pd.DataFrame(tiny_rows(), columns=COLUMNS)


def test_every_column_of_the_clusters_table_with_a_group_nobody_rated(frame):
    with exact_release():
        a = analyse_scores(tiny_scores(frame), codebook=FIVE, min_n=3, lang="en", seed=3)
    c = a.clusters.set_index("node")
    assert a.empty == ("5",) and c.index.tolist() == ["1", "2", "3", "4", "5"]
    assert c["label"].tolist() == ["Group 1", "Group 2", "Group 3", "Group 4", "Group 5"]
    assert str(c["cluster"].dtype) == "Int64" and pd.isna(c.loc["5", "cluster"])
    assert c.loc["1", "cluster"] == c.loc["2", "cluster"] != c.loc["3", "cluster"] == c.loc["4", "cluster"]
    assert c.loc["5", "cluster_name"] == "" and all(n.startswith("Cluster ") for n in c["cluster_name"][:4])
    # Strength: the sum of a node's ties; participation 1 - sum over clusters of its share squared.
    np.testing.assert_allclose(c["strength"].to_numpy(float), [65, 50, 55, 60, np.nan])
    expected = [1 - (50**2 + 15**2) / 65**2, 0, 1 - (50**2 + 5**2) / 55**2, 1 - (50**2 + 10**2) / 60**2, np.nan]
    np.testing.assert_allclose(c["participation"].to_numpy(float), expected, atol=1e-12)
    # The layout of the four rated groups alone, with the run's seed.
    pos = network_layout(a.symmetric[:4, :4], codes=["1", "2", "3", "4"], seed=3)
    np.testing.assert_allclose(c[["x", "y"]].to_numpy(float)[:4], pos[["x", "y"]].to_numpy(float))
    assert c.loc["5", ["x", "y"]].isna().all()
    assert any(w.startswith("1 group(s) have no scored rating") and w.endswith("(no data): 5") for w in a.warnings)


def test_with_every_group_rated_the_cluster_column_is_plain_integers(frame):
    with exact_release():
        a = analyse_scores(tiny_scores(frame), codebook=CB, min_n=3, seed=1)
    assert a.clusters["cluster"].dtype == np.int64 and a.empty == () and a.warnings == ()
    assert a.clusters["label"].tolist() == ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3", "Ryhmä 4"]  # lang fi by default
    assert all(n.startswith("Klusteri ") for n in a.clusters["cluster_name"])


def test_a_group_is_thin_below_min_n_respondents_not_ratings(frame):
    # Groups 2-4 have 3 respondents (9 ratings each), group 1 six; group 5 answered nobody.
    scores = tiny_scores(frame)
    assert thin_groups(scores, codebook=FIVE, min_n=3) == []
    assert thin_groups(scores, codebook=FIVE, min_n=4) == ["2", "3", "4"]
    assert thin_groups(scores, codebook=FIVE, min_n=7) == ["1", "2", "3", "4"]


def test_a_weighted_table_with_a_cell_suppressed_on_request(frame):
    weighted = frame.assign(w=np.where(frame["respondent_id"].isin(["p1", "p4"]), 3.0, 1.0))
    with exact_release():
        pairs = published_pairs(tiny_scores(weighted), codes=CB.codes, min_n=3, weights="w",
                                suppress=pd.DataFrame({"own_group": ["1"], "target_group": ["3"]}))
        a = analyse_scores(tiny_scores(weighted), codebook=CB, min_n=3, weights="w", seed=1)
    p = pairs.set_index(["own_group", "target_group"])
    assert p.loc[("1", "3"), "suppressed"] and p.loc[("1", "3"), ["mean", "sd", "n_eff"]].isna().all()
    assert p.loc[("1", "3"), "n"] == 6
    # 1 -> 2: weights 3, 1, 1, 3, 1, 1: n_eff = 10^2 / 22; 1 -> 4 (p2-p6: 1, 1, 3, 1, 1): 7^2 / 13.
    assert p.loc[("1", "2"), "n_eff"] == pytest.approx(100 / 22) and p.loc[("1", "4"), "n_eff"] == pytest.approx(49 / 13)
    # 1 -> 3 weighted: (3 * 170 + 170 + 170 + 3 * 70 + 70 + 70) / 10 = 120.
    assert a.pairs.set_index(["own_group", "target_group"]).loc[("1", "3"), "mean"] == pytest.approx(120)
    assert a.parameters["weights"] == "w" and p["suppressed"].sum() == 1
    with exact_release():
        plain = analyse_scores(tiny_scores(frame), codebook=CB, min_n=3, seed=1)
    assert "weights" not in plain.parameters and "n_eff" not in plain.pairs


def test_the_default_threshold_is_five_ratings(frame):
    # 1 -> 4 holds 5 ratings (p2-p6): published at the default min_n; the cells of 2-4 hold 3.
    with exact_release():
        p = published_pairs(tiny_scores(frame), codes=CB.codes).set_index(["own_group", "target_group"])
    assert not p.loc[("1", "4"), "suppressed"] and p.loc[("2", "1"), "suppressed"]


def test_the_graph_takes_the_runs_weighting_and_symmetrisation(frame):
    # raw weights, the larger direction: 1-3 max(120, 90) = 120; 1-2 max(150, 150) = 150.
    with exact_release():
        a = analyse_scores(tiny_scores(frame), codebook=CB, min_n=3, weighting="raw", symmetrise="max", seed=1)
    assert a.graph["1"]["3"]["weight"] == pytest.approx(120) and a.graph["1"]["2"]["weight"] == pytest.approx(150)


def test_no_tie_left_says_how_many_cells_and_what_to_do(frame):
    from integraatio.exceptions import InsufficientDataError

    with pytest.raises(InsufficientDataError) as info:
        analyse_scores(tiny_scores(frame), codebook=CB, min_n=7, seed=1)
    assert str(info.value) == ("No pair of groups has a tie to cluster: 12 of 12 cells have fewer than min_n = 7 ratings "
                               "and none of the rest is above the 'excess' baseline. Lower --min-n or use more data.")


def test_a_weighted_table_carries_the_weighted_noise(frame, monkeypatch):
    # With the noise on, the weighted mean of 1 -> 2 moves by D z w_max / W with z from the
    # weighted stream (test_disclosure_rules recomputes the draw from its definition).
    from integraatio import disclosure
    from test_disclosure_rules import SECRET, _z

    monkeypatch.setattr(disclosure, "DECIMALS", 12)
    weighted = frame.assign(w=np.where(frame["respondent_id"].isin(["p1", "p4"]), 3.0, 1.0))
    scores = dataclasses.replace(tiny_scores(weighted), secret=SECRET)
    pairs = published_pairs(scores, codes=CB.codes, min_n=3, weights="w").set_index(["own_group", "target_group"])
    rated = scores.data.loc[scores.scored].assign(y=scores.values)
    cell = rated[(rated["own_group"] == "1") & (rated["target_group"] == "2")]
    w, y = cell["w"].to_numpy(float), cell["y"].to_numpy(float)
    z = _z(cell["respondent_id"].tolist(), "1", "2", "mean_w")
    assert pairs.loc[("1", "2"), "mean"] == pytest.approx((w * y).sum() / w.sum() + 35.0 * z * w.max() / w.sum(), abs=1e-9)
