"""Sensitivity reruns (integraatio.reruns): the rules the older tests did not read (issue 28,
mutmut survivors). Hand-made surveys of four groups, answers worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from integraatio.analysis import analyse, analyse_scores
from integraatio.codebook import Codebook, Group
from integraatio.reruns import cant_say_sensitivity, sensitivity
from integraatio.stability import attach_bootstrap, bootstrap
from runs import exact_release
from test_reruns import CB, COLUMNS, tiny_rows, tiny_scores


def tiny_analysis(rows):
    """test_reruns.py's survey (min_n 3): clusters {1, 2} and {3, 4}."""
    return analyse_scores(tiny_scores(pd.DataFrame(rows, columns=COLUMNS)), codebook=CB, min_n=3, seed=1)


def raw_survey(together):
    """Three respondents per group rate every other group 5 on all items when the two groups
    are a pair of ``together``, else 1: the clusters are the pairs."""
    rows = []
    for own in "1234":
        for k in range(3):
            for target in "1234":
                if target != own:
                    v = 5 if {own, target} in together else 1
                    rows.append((len(rows) + 2, f"{own}r{k}", own, target, v, v, v))
    return pd.DataFrame(rows, columns=["row", "respondent_id", "own_group", "target_group", "frequency", "reciprocity",
                                       "need"])


def test_cant_say_rerun_measures_how_far_the_clusters_moved():
    """Clusters {1, 2}, {3, 4} in the full run and {1, 3}, {2, 4} in the rerun: the ARI of
    [1, 1, 2, 2] against [1, 2, 1, 2] is -0.5 (no pair together in both; tp 0, fn = fp = 4,
    tn 4 of the 12 ordered pairs: 2 (0 - 16) / (4 * 8 + 4 * 8)). Each rerun cluster overlaps
    each full one by one node, so two nodes keep their cluster's number and two move."""
    with exact_release():
        a = analyse(raw_survey([{"1", "2"}, {"3", "4"}]), codebook=CB, min_n=3, seed=1)
        c = cant_say_sensitivity(a, raw_survey([{"1", "3"}, {"2", "4"}]), codebook=CB)
    m = a.partition.membership
    assert m["1"] == m["2"] != m["3"] == m["4"]
    assert c.summary["ari"] == -0.5
    assert c.summary["ratings"] == c.summary["ratings_full"] == 36
    assert len(c.summary["moved"]) == 2 and c.summary["moved"] == c.nodes.loc[c.nodes["changed"], "node"].tolist()


@pytest.fixture(scope="module")
def full():
    with exact_release():  # only while it is made: the other tests keep the release's noise
        a = tiny_analysis(tiny_rows())
    return a


def _stability(boot):
    return boot.nodes.set_index("node")["stability"]


def test_a_rerun_bootstraps_as_the_attached_bootstrap_did(full):
    """Without ``replicates``, the rerun's bootstrap takes the attached one's replicates,
    strata, level and seed; its stability is that bootstrap's, the full run's the attached one's."""
    attached = bootstrap(full, replicates=20, strata="own_group", level=0.8, seed=4)
    with exact_release():
        s = sensitivity(attach_bootstrap(full, attached), codebook=CB, subgroup="s", mode="exclude")
    again = _stability(bootstrap(s.analysis, replicates=20, strata="own_group", level=0.8, seed=4))
    np.testing.assert_array_equal(s.nodes["stability"], again.loc[s.nodes["node"]].to_numpy())
    np.testing.assert_array_equal(s.nodes["stability_full"], _stability(attached).loc[s.nodes["parent"]].to_numpy())
    assert (s.parameters["replicates"], s.parameters["bootstrap_seed"]) == (20, 4)
    # Resampled across groups (strata None) the rerun's stability would differ.
    loose = _stability(bootstrap(s.analysis, replicates=20, strata=None, level=0.8, seed=4))
    assert not np.array_equal(loose.loc[s.nodes["node"]].to_numpy(), again.loc[s.nodes["node"]].to_numpy())


def torn_rows():
    """test_reruns.py's survey with group 2 torn: 1 -> 2 and 3 -> 2 are 100 (no tie), and 2's
    respondents rate 1 and 3 at 190 and 10, 10 and 190, 110 and 110; so its ties to 1 and to 3
    follow which of them a replicate draws, and the stability depends on the seed."""
    rows = [(*r[:4], 100.0) if (r[2], r[3]) in {("1", "2"), ("3", "2")} else r for r in tiny_rows() if r[2] != "2"]
    for k, (to1, to3) in enumerate([(190.0, 10.0), (10.0, 190.0), (110.0, 110.0)]):
        rows += [(f"2r{k}", None, "2", "1", to1), (f"2r{k}", None, "2", "3", to3), (f"2r{k}", None, "2", "4", 70.0)]
    return rows


def test_replicates_asked_for_replace_the_attached_bootstrap():
    """``replicates`` given: both bootstraps are made anew with ``seed``, whatever is attached."""
    torn = tiny_analysis(torn_rows())
    attached = attach_bootstrap(torn, bootstrap(torn, replicates=20, seed=4))
    s = sensitivity(attached, codebook=CB, subgroup="s", mode="exclude", replicates=12, seed=6)
    assert (s.parameters["replicates"], s.parameters["bootstrap_seed"]) == (12, 6)
    before = _stability(bootstrap(torn, replicates=12, seed=6)).loc[s.nodes["parent"]].to_numpy()
    np.testing.assert_array_equal(s.nodes["stability_full"], before)
    np.testing.assert_array_equal(s.nodes["stability"],
                                  _stability(bootstrap(s.analysis, replicates=12, seed=6)).loc[s.nodes["node"]].to_numpy())
    # The seed matters here: another gives other stabilities.
    assert not np.array_equal(_stability(bootstrap(torn, replicates=12, seed=7)).loc[s.nodes["parent"]].to_numpy(), before)


def test_a_node_without_ties_into_a_cluster_has_a_share_of_zero(full):
    """Node 2's ties in the full run: 1-2 (50) only (2-3, 2-4 are 0): share 1 into its own
    cluster and 0, not empty, into the other; likewise in the rerun."""
    with exact_release():
        s = sensitivity(full, codebook=CB, subgroup="s", mode="exclude")
    leans = s.leans.set_index(["node", "cluster"])
    home, other = full.partition.membership["2"], full.partition.membership["3"]
    assert leans.loc[("2", home), "share_full"] == 1.0 and leans.loc[("2", other), "share_full"] == 0.0
    assert leans.loc[("2", other), "share"] == 0.0
    assert leans["share_full"].dtype == float and leans["share"].dtype == float


def test_the_groups_of_a_subgroup_are_in_code_order():
    """A subgroup in groups 1.2 and 1.10: ``groups`` lists 1.2 first (natural order, not text
    order), and split mode adds their nodes in that order."""
    names = {"1": "1.10", "2": "1.2", "3": "3", "4": "4"}
    cb = Codebook(scale=CB.scale, groups=tuple(Group(code=c, fi=f"Ryhmä {c}", en=f"Group {c}", organiser="municipality")
                                               for c in ("1.2", "1.10", "3", "4")))
    rows = [(r, "s" if r == "2r0" else sub, names[own], names[target], v) for r, sub, own, target, v in tiny_rows()]
    with exact_release():
        a = analyse_scores(tiny_scores(pd.DataFrame(rows, columns=COLUMNS)), codebook=cb, min_n=3, seed=1)
        s = sensitivity(a, codebook=cb, subgroup="s", mode="split")
    assert s.parameters["groups"] == ["1.2", "1.10"]
    assert s.analysis.codes == ["1.2", "1.2.s", "1.10", "1.10.s", "3", "4"]


def test_split_names_both_parts_of_a_small_cell_as_hidden(full):
    """Split: 1 -> 4 keeps p4-p6 (3 ratings) and leaves out the subgroup's 2, so it is hidden,
    and its partner 1.s -> 4 with it: two cells hidden (1.s -> 4 is below min_n as well)."""
    with exact_release():
        s = sensitivity(full, codebook=CB, subgroup="s", mode="split")
    assert s.parameters["cells_hidden"] == 2
    with exact_release():
        assert sensitivity(full, codebook=CB, subgroup="s", mode="exclude").parameters["cells_hidden"] == 1


def test_a_respondent_without_a_subgroup_is_not_in_it_whatever_the_column_type():
    """A text column with missing values (pandas' string type, where a comparison with a
    missing value is missing, not False): p4-p6 have no subgroup, so excluding s keeps them,
    as in test_reruns.py (1 -> 2: 3 ratings of 150; 1 -> 3: 3 of 70; 1 -> 4 hidden)."""
    frame = pd.DataFrame(tiny_rows(), columns=COLUMNS).astype({"subgroup": "string"})
    with exact_release():
        a = analyse_scores(tiny_scores(frame), codebook=CB, min_n=3, seed=1)
        s = sensitivity(a, codebook=CB, subgroup="s", mode="exclude")
    cells = s.analysis.pairs.set_index(["own_group", "target_group"])
    assert cells.loc[("1", "2"), ["n", "mean"]].tolist() == [3, 150.0]
    assert cells.loc[("1", "3"), ["n", "mean"]].tolist() == [3, 70.0]
    assert cells.loc[("1", "4"), "suppressed"] and s.parameters["cells_hidden"] == 1


def test_a_small_left_out_part_is_counted_hidden_even_when_min_n_hides_the_cell():
    """Without p6's rating of 4, 1 -> 4 holds p2-p5 (4 ratings, published in the full run).
    Excluding s keeps p4, p5 (2 < min_n: suppressed anyway) and leaves out 2 (between 1 and
    min_n - 1): the rule names it, so one cell is counted hidden; the linked-table audit would
    not (the rerun does not publish it)."""
    rows = [r for r in tiny_rows() if not (r[0] == "p6" and r[3] == "4")]
    with exact_release():
        a = tiny_analysis(rows)
        s = sensitivity(a, codebook=CB, subgroup="s", mode="exclude")
    assert not a.pairs.set_index(["own_group", "target_group"]).loc[("1", "4"), "suppressed"]
    cells = s.analysis.pairs.set_index(["own_group", "target_group"])
    assert cells.loc[("1", "4"), "n"] == 2 and cells.loc[("1", "4"), "suppressed"]
    assert s.parameters["cells_hidden"] == 1


def test_a_cell_the_full_run_suppresses_stays_suppressed_when_the_audit_finds_nothing():
    """As in test_reruns.py (3 -> 2 rated once, so it and its companion 2 -> 1 are suppressed),
    but p1 rates 4 too, so excluding s leaves out 3 = min_n ratings of every cell of group 1
    and the linked-table audit isolates nothing: 2 -> 1 (3 ratings, nothing left out) is kept
    suppressed by the rule alone."""
    rows = [r for r in tiny_rows() if not (r[2] == "3" and r[3] == "2" and r[0] != "3r0")]
    rows.append(("p1", "s", "1", "4", 150.0))
    with exact_release():
        a = tiny_analysis(rows)
        s = sensitivity(a, codebook=CB, subgroup="s", mode="exclude")
    full = a.pairs.set_index(["own_group", "target_group"])
    assert full.loc[("2", "1"), "suppressed"] and full.loc[("1", "4"), "n"] == 6
    cells = s.analysis.pairs.set_index(["own_group", "target_group"])
    assert cells.loc[("2", "1"), "n"] == 3 and cells.loc[("2", "1"), "suppressed"]
    assert np.isnan(cells.loc[("2", "1"), "mean"])


def test_a_linked_table_that_isolates_ratings_hides_the_rerun_cell(full):
    """Another published table (``linked``) with one cell, p1-p4's ratings of 2 (4 >= min_n):
    with the full run's 1 -> 2 (p1-p6) and the rerun's without s (p4-p6), linked - (full -
    rerun) is p4's rating alone, so the audit hides the rerun's 1 -> 2 (published without it)."""
    data = full.scores.data
    linked = np.full(len(data), -1)
    linked[((data["target_group"] == "2") & data["respondent_id"].isin(["p1", "p2", "p3", "p4"])).to_numpy()] = 0
    with exact_release():
        alone = sensitivity(full, codebook=CB, subgroup="s", mode="exclude")
        s = sensitivity(full, codebook=CB, subgroup="s", mode="exclude", linked=[linked])
    assert _cells(alone)[("1", "2")] == (3, 150.0)
    assert _cells(s)[("1", "2")] == (3, None)
    assert s.parameters["cells_hidden"] == alone.parameters["cells_hidden"] + 1
    # With the audit switched off (as the attack tests do), the linked table changes nothing.
    from integraatio import disclosure

    with exact_release(), pytest.MonkeyPatch.context() as m:
        m.setattr(disclosure, "AUDIT", False)
        off = sensitivity(full, codebook=CB, subgroup="s", mode="exclude", linked=[linked])
    assert _cells(off)[("1", "2")] == (3, 150.0)


def _cells(s):
    p = s.analysis.pairs
    return {(o, t): (n, None if hidden else m) for o, t, n, m, hidden in
            p[["own_group", "target_group", "n", "mean", "suppressed"]].itertuples(index=False)}
