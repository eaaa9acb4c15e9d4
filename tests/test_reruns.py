"""Sensitivity reruns on a survey small enough to work every cell out by hand (issue 28):
the secondary suppression at its boundary, each mode's cells, the nodes and leans tables.

Four groups, min_n = 3. Group 1 has six respondents p1-p6, of whom p1-p3 are the subgroup
``s``; groups 2-4 have three each (none in ``s``). Cells (own -> target: who, value):

    1 -> 2: p1-p6 150                     (n 6; s holds 3)
    1 -> 3: p1-p3 170, p4-p6 70           (n 6, mean 120; s holds 3)
    1 -> 4: p2, p3 150, p4-p6 150         (n 5; s holds 2)
    2 -> 1: 150, 2 -> 3: 70, 2 -> 4: 70;  3 -> 1: 90, 3 -> 2: 70, 3 -> 4: 150;
    4 -> 1: 70, 4 -> 2: 70, 4 -> 3: 150   (n 3 each)

Ties (excess over 100 of the mean of both directions): 1-2 50, 1-3 (120 + 90) / 2 - 100 = 5,
1-4 (150 + 70) / 2 - 100 = 10, 3-4 50, the rest 0: clusters {1, 2} and {3, 4}.
"""

import numpy as np
import pandas as pd
import pytest

from integraatio.analysis import analyse_scores
from integraatio.codebook import Codebook, Group, Scale
from integraatio.composite import Scores
from integraatio.exceptions import UsageError
from integraatio.reruns import sensitivity
from runs import exact_release

CB = Codebook(scale=Scale(1, 5), groups=tuple(Group(code=c, fi=f"Ryhmä {c}", en=f"Group {c}", organiser="municipality")
                                              for c in ("1", "2", "3", "4")))
COLUMNS = ["respondent_id", "subgroup", "own_group", "target_group", "integration_need"]


def tiny_rows(subgroup="s"):
    rows = [(f"p{i}", subgroup if i <= 3 else None, "1", "2", 150.0) for i in range(1, 7)]
    rows += [(f"p{i}", subgroup if i <= 3 else None, "1", "3", 170.0 if i <= 3 else 70.0) for i in range(1, 7)]
    rows += [(f"p{i}", subgroup if i <= 3 else None, "1", "4", 150.0) for i in range(2, 7)]
    for own, values in (("2", {"1": 150.0, "3": 70.0, "4": 70.0}), ("3", {"1": 90.0, "2": 70.0, "4": 150.0}),
                        ("4", {"1": 70.0, "2": 70.0, "3": 150.0})):
        rows += [(f"{own}r{k}", None, own, target, v) for k in range(3) for target, v in values.items()]
    return rows


def tiny_scores(frame):
    """Scores of a hand-made table whose ``integration_need`` is already the index (test helper)."""
    return Scores(data=frame, scored=np.ones(len(frame), dtype=bool), values=frame["integration_need"].to_numpy(float),
                  exclusions=pd.DataFrame(columns=["row", "respondent_id", "target_group", "reason"]),
                  reliability=pd.DataFrame(), alpha=float("nan"),
                  parameters={"measure": "composite", "missing": "complete"}, secret=b"x" * 32)


def _analysis(rows):
    return analyse_scores(tiny_scores(pd.DataFrame(rows, columns=COLUMNS)), codebook=CB, min_n=3, seed=1)


@pytest.fixture(scope="module")
def full():
    with exact_release():  # returned, not yielded: the release's noise is back for the tests themselves
        return _analysis(tiny_rows())


def _cells(s):
    p = s.analysis.pairs
    return {(o, t): (n, None if hidden else m) for o, t, n, m, hidden in
            p[["own_group", "target_group", "n", "mean", "suppressed"]].itertuples(index=False)}


def test_the_full_run_is_the_hand_worked_one(full):
    assert full.pairs["suppressed"].sum() == 0
    assert full.graph["1"]["2"]["weight"] == pytest.approx(50) and full.graph["1"]["3"]["weight"] == pytest.approx(5)
    assert full.graph["1"]["4"]["weight"] == pytest.approx(10)
    m = full.partition.membership
    assert m["1"] == m["2"] != m["3"] == m["4"]


def test_exclude_hides_a_cell_that_leaves_out_fewer_than_min_n(full):
    with exact_release():
        s = sensitivity(full, codebook=CB, subgroup="s", mode="exclude")
    cells = _cells(s)
    # 1 -> 2 and 1 -> 3 leave out 3 = min_n ratings: published; 1 -> 4 leaves out 2: hidden.
    assert cells[("1", "2")] == (3, 150.0) and cells[("1", "3")] == (3, 70.0) and cells[("1", "4")] == (3, None)
    # The other groups leave out nothing: their cells are the full run's.
    assert all(cells[(o, t)][1] is not None for o, t in cells if o != "1")
    assert s.parameters["cells_hidden"] == 1 and s.parameters["groups"] == ["1"]
    assert s.name == "exclude_s" and s.mode == "exclude" and s.subgroup == "s"
    # Ties: 1-2 150 -> 50; 1-3 (70 + 90) / 2 -> 0; 1-4 4 -> 1 alone, 70 -> 0: all of 1's ties go to its cluster.
    leans = s.leans.set_index(["node", "cluster"])
    home, other = full.partition.membership["1"], full.partition.membership["3"]
    assert leans.loc[("1", home), "share_full"] == pytest.approx(50 / 65)
    assert leans.loc[("1", other), "share_full"] == pytest.approx((5 + 10) / 65)  # two ties into {3, 4}
    assert leans.loc[("1", home), "share"] == 1.0 and leans.loc[("1", other), "share"] == 0.0
    assert leans.loc[("3", other), "share"] == pytest.approx(50 / 50)  # 3's ties: 4 only (1-3 is 0 now)
    # Each of the full run's ratings, in the rerun's published cell or -1.
    published = s.analysis.pairs.set_index(["own_group", "target_group"])
    row = list(published.index).index(("1", "3"))
    data = full.scores.data
    in_13 = (data["own_group"] == "1") & (data["target_group"] == "3")
    assert s.cells[(in_13 & data["subgroup"].isna()).to_numpy()].tolist() == [row] * 3
    assert (s.cells[(data["subgroup"] == "s").to_numpy()] == -1).all()
    assert (s.cells[((data["own_group"] == "1") & (data["target_group"] == "4")).to_numpy()] == -1).all()


def test_only_keeps_the_subgroup_in_its_group_and_the_other_groups_whole(full):
    with exact_release():
        s = sensitivity(full, codebook=CB, subgroup="s", mode="only")
    cells = _cells(s)
    # 1 -> 4 holds p2, p3 alone: below min_n, suppressed, and its 2 ratings need a companion:
    # the first of the smallest published cells in code order, 1 -> 2 (3 ratings).
    assert cells[("1", "4")] == (2, None) and cells[("1", "2")] == (3, None) and cells[("1", "3")] == (3, 170.0)
    assert cells[("2", "1")] == (3, 150.0)
    # Ties of 1: 1-2 = 2 -> 1 alone, 150 -> 50; 1-3 = (170 + 90) / 2 -> 30.
    assert s.analysis.graph["1"]["3"]["weight"] == pytest.approx(30)
    nodes = s.nodes.set_index("node")
    assert nodes.loc["1", "strength_full"] == pytest.approx(65) and nodes.loc["1", "strength"] == pytest.approx(80)
    assert nodes.loc["1", "parent"] == "1"
    assert (nodes["changed"] == (nodes["cluster"] != nodes["cluster_full"])).all()
    assert nodes["stability"].isna().all() and nodes["stability_change"].isna().all()
    assert s.parameters["replicates"] == 0


def test_split_makes_a_node_and_hides_both_parts_of_a_small_cell(full):
    with exact_release():
        s = sensitivity(full, codebook=CB, subgroup="s", mode="split")
    cells = _cells(s)
    # 1.s holds p1-p3; 1 keeps p4-p6. 1 -> 4: 1.s part 2 ratings (below min_n) and 1 part 3,
    # whose left-out part (the 1.s part) is 2: both hidden. 1 -> 2 and 1 -> 3: 3 and 3, published.
    assert cells[("1.s", "2")] == (3, 150.0) and cells[("1", "2")] == (3, 150.0)
    assert cells[("1.s", "3")] == (3, 170.0) and cells[("1", "3")] == (3, 70.0)
    assert cells[("1.s", "4")] == (2, None) and cells[("1", "4")] == (3, None)
    assert s.analysis.codes == ["1", "1.s", "2", "3", "4"]
    nodes = s.nodes.set_index("node")
    assert nodes.loc["1.s", "parent"] == "1" and nodes.loc["1.s", "label"] == "Ryhmä 1: s"
    assert nodes.loc["1.s", "strength_full"] == nodes.loc["1", "strength_full"] == pytest.approx(65)
    leans = s.leans.set_index(["node", "cluster"])
    other = full.partition.membership["3"]
    # 1.s -> 3: 170 alone (3 -> 1.s is never rated) -> 70; 1.s -> 2 150 alone -> 50.
    assert leans.loc[("1.s", other), "share"] == pytest.approx(70 / 120)
    assert leans.loc[("1.s", other), "share_full"] == pytest.approx(15 / 65)  # its parent's


def test_a_cell_the_full_run_suppresses_stays_suppressed_in_the_rerun():
    # 3 -> 2 rated by one respondent only: suppressed in the full run, and so is its companion,
    # the first in code order of the smallest published cells (3 ratings): 2 -> 1.
    rows = [r for r in tiny_rows() if not (r[2] == "3" and r[3] == "2" and r[0] != "3r0")]
    with exact_release():
        a = _analysis(rows)
        companion = a.pairs.loc[a.pairs["suppressed"] & (a.pairs["n"] >= 3), ["own_group", "target_group"]]
        s = sensitivity(a, codebook=CB, subgroup="s", mode="exclude")
    assert [tuple(x) for x in companion.to_numpy()] == [("2", "1")]
    # The rerun holds 2 -> 1 whole (3 ratings, nothing left out), yet keeps it suppressed.
    assert _cells(s)[("2", "1")] == (3, None) and _cells(s)[("3", "2")] == (1, None)


def test_a_subgroup_name_becomes_a_safe_file_name_and_an_unknown_one_is_named(full):
    with exact_release():
        a = _analysis(tiny_rows(subgroup="a b/c"))
        s = sensitivity(a, codebook=CB, subgroup="a b/c", mode="exclude")
    assert s.name == "exclude_a_b_c"
    with pytest.raises(UsageError, match=r"`subgroup` 'x' has no scored ratings; the data's subgroups are s\."):
        sensitivity(full, codebook=CB, subgroup="x")


def test_without_a_subgroup_column_no_subgroup_is_known(full):
    import dataclasses

    bare = dataclasses.replace(full, scores=dataclasses.replace(full.scores, data=full.scores.data.drop(columns="subgroup")))
    with pytest.raises(UsageError, match=r"subgroups are none\."):
        sensitivity(bare, codebook=CB, subgroup="s")


def test_cant_say_rerun_takes_every_option_of_the_full_run():
    # On the full run's own data the rerun is the full run again, whatever its options: same
    # parameters, cells and clusters; nothing moves and the ARI is 1.
    from types import SimpleNamespace

    from integraatio.analysis import analyse
    from integraatio.codebook import load_codebook
    from integraatio.datasets import load_example
    from integraatio.reruns import cant_say_sensitivity

    cb, data = load_codebook(), load_example()
    data = data.assign(w=1.0 + (data["respondent_id"].astype(str).str[-1:] < "5"))  # weights 1 and 2
    a = analyse(data, codebook=cb, weights="w", measure="need", missing="available", min_n=3, weighting="minmax",
                symmetrise="max", resolution=1.3, engine="networkx", lang="en", seed=7)
    scenarios = SimpleNamespace(scenarios=pd.DataFrame({"scenario": ["one", "two"], "share": [0.25, 0.5]}))
    rerun_only_one = SimpleNamespace(scenarios=pd.DataFrame({"scenario": ["one"], "share": [0.75]}))
    c = cant_say_sensitivity(a, data, codebook=cb, boundary=scenarios, rerun_boundary=lambda r: rerun_only_one)
    assert c.analysis.parameters == a.parameters
    pd.testing.assert_frame_equal(c.analysis.pairs, a.pairs)
    assert c.analysis.partition.membership == a.partition.membership
    assert c.nodes["label"].tolist() == a.clusters["label"].tolist() and c.nodes["node"].tolist() == a.codes
    assert not c.nodes["changed"].any() and (c.nodes["cluster"] == c.nodes["cluster_full"]).all()
    assert c.summary["ari"] == 1.0 and c.summary["moved"] == []
    assert c.summary["ratings"] == c.summary["ratings_full"] == int(a.scores.scored.sum())
    assert c.summary["boundary"]["one"] == {"share_full": 0.25, "share": 0.75}
    assert c.summary["boundary"]["two"]["share_full"] == 0.5 and np.isnan(c.summary["boundary"]["two"]["share"])


@pytest.mark.slow  # three runs of the shipped survey
def test_cant_say_rerun_says_which_nodes_moved_and_how_far():
    from integraatio.analysis import analyse
    from integraatio.codebook import load_codebook
    from integraatio.datasets import load_example
    from integraatio.reruns import cant_say_sensitivity
    from sklearn.metrics import adjusted_rand_score

    # The first group's ratings to and from the other cluster at the top of the scale, those
    # within its own at the bottom, take it (and others) across; "changed" marks the nodes that
    # moved, and the ARI is sklearn's.
    cb, data = load_codebook(), load_example()
    a = analyse(data, codebook=cb, seed=1)
    m, first = a.partition.membership, a.codes[0]
    mine = ((data["own_group"] == first) | (data["target_group"] == first)).to_numpy()
    other = [c for c in a.codes if m[c] != m[first]]
    across = (data["own_group"].isin(other) | data["target_group"].isin(other)).to_numpy()
    items = {i: data[i].mask(mine & across, 5).mask(mine & ~across, 1) for i in ("frequency", "reciprocity", "need")}
    moved = cant_say_sensitivity(a, data.assign(**items), codebook=cb)
    assert first in moved.summary["moved"] == moved.nodes.loc[moved.nodes["changed"], "node"].tolist()
    ari = adjusted_rand_score(moved.nodes["cluster_full"], moved.nodes["cluster"])
    assert moved.summary["ari"] < 1 and moved.summary["ari"] == pytest.approx(ari)
