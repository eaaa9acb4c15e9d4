"""The cluster comparison on a survey small enough to cluster by hand (issue 28): four groups
and four organisations, two large and two other, whose ties pair the groups one way in the
large organisations and the other way in the others; every relabelling of the organisations
is enumerated, so the ARIs, the null distribution and the p-value are counted by hand."""

import numpy as np
import pandas as pd
import pytest

from integraatio.analysis import analyse_scores
from integraatio.codebook import Codebook, Group, Level, Scale
from integraatio.compare import compare_clusters
from integraatio.compare.clusters import match_clusters
from integraatio.composite import Scores
from integraatio.exceptions import InsufficientDataError
from runs import exact_release

CODES = ("1", "2", "3", "4")
CB = Codebook(
    scale=Scale(1, 5),
    groups=tuple(Group(code=c, fi=f"Ryhmä {c}", en=f"Group {c}", organiser="municipality") for c in CODES),
    municipalities={"L1": "large", "L2": "large", "O1": "other", "O2": "other"},
    municipality_attributes={m: {"size_class": s} for m, s in
                             {"L1": "large", "L2": "large", "O1": "other", "O2": "other"}.items()},
    size_classes=(Level("other", "Muut", "Other"), Level("large", "Suuret", "Large")),
    pooled=Level("all", "Kaikki", "All"),
)
LARGE_TIES = {frozenset("12"), frozenset("34")}  # 200 in the large organisations, 40 elsewhere
OTHER_TIES = {frozenset("13"), frozenset("24")}  # 150 in the other organisations, 40 elsewhere


def _survey(large=200.0, other=150.0, *, skip=()):
    """One respondent per organisation and group, rating the three other groups (``skip``:
    (organisation, own, target) ratings left out)."""
    rows = []
    for m, size in (("L1", "large"), ("L2", "large"), ("O1", "other"), ("O2", "other")):
        for own in CODES:
            for target in CODES:
                if own == target or (m, own, target) in skip:
                    continue
                ties, high = (LARGE_TIES, large) if size == "large" else (OTHER_TIES, other)
                rows.append((f"{m}-{own}", m, size, own, target, high if frozenset(own + target) in ties else 40.0))
    frame = pd.DataFrame(rows, columns=["respondent_id", "municipality", "size_class", "own_group", "target_group",
                                        "integration_need"])
    frame.insert(0, "row", np.arange(2, len(frame) + 2))
    return frame.assign(subgroup=None)


def _analysis(frame, min_n=1):
    scores = Scores(data=frame, scored=np.ones(len(frame), dtype=bool), values=frame["integration_need"].to_numpy(),
                    exclusions=pd.DataFrame(columns=["row", "respondent_id", "target_group", "reason"]),
                    reliability=pd.DataFrame(), alpha=float("nan"), parameters={"measure": "composite", "missing": "complete"})
    return analyse_scores(scores, codebook=CB, min_n=min_n, seed=1)


@pytest.fixture(scope="module", autouse=True)
def _exact():
    with exact_release():  # the arithmetic exactly: the release's noise is tested in test_disclosure.py
        yield


@pytest.fixture  # per test: mutmut runs for a function's mutants only the tests seen calling it
def compared():
    a = _analysis(_survey())
    return a, compare_clusters(a, codebook=CB, seed=1)


def test_each_levels_clusters_and_their_ari_by_hand(compared):
    """Large: {1, 2} {3, 4}; other: {1, 3} {2, 4}. Every pair of the 2 x 2 contingency table
    shares one node: sum C(n_ij, 2) = 0, rows and columns 2 each, expected 2 * 2 / C(4, 2) =
    2/3, ARI = (0 - 2/3) / (2 - 2/3) = -1/2."""
    a, c = compared
    m = c.memberships.set_index(["level", "node"])["cluster"]
    assert m["large", "1"] == m["large", "2"] != m["large", "3"] == m["large", "4"]
    assert m["other", "1"] == m["other", "3"] != m["other", "2"] == m["other", "4"]
    assert c.statistic == pytest.approx(-0.5, abs=1e-12)
    assert c.ari.to_dict("records") == [{"level_a": "other", "level_b": "large", "ari": pytest.approx(-0.5, abs=1e-12)}]
    assert (c.by, c.levels, c.permutation_unit) == ("size_class", ["other", "large"], "municipality")
    assert c.parameters == {"by": "size_class", "levels": ["other", "large"], "permutations": 999,
                            "permutation_unit": "municipality", "seed": 1}


def test_every_relabelling_of_four_organisations_gives_the_null(compared):
    """C(4, 2) = 6 relabellings. Both large organisations in one level (2 of them): the levels
    keep their partitions, ARI -1/2. One large and one other in each level (4): a cell's mean
    is (200 + 40) / 2 = 120 on the large ties and (150 + 40) / 2 = 95 on the other ties, so
    both levels find {1, 2} {3, 4}: ARI 1. p = #{ARI <= -1/2} / 6 = 2/6."""
    _, c = compared
    assert (c.permutations, c.exact) == (6, True)
    assert sorted(np.round(c.null, 12).tolist()) == [-0.5, -0.5, 1.0, 1.0, 1.0, 1.0]
    assert c.p_value == pytest.approx(2 / 6, abs=1e-12)


def test_sampled_relabellings_count_the_observed_one():
    """Fewer permutations than relabellings: sampled, p = (1 + #{ARI_b <= observed}) / (1 + B)."""
    c = compare_clusters(_analysis(_survey()), codebook=CB, permutations=5, seed=3)
    assert (c.permutations, c.exact, len(c.null)) == (5, False, 5)
    assert set(np.round(c.null, 12)) <= {-0.5, 1.0}
    assert c.p_value == pytest.approx((1 + np.sum(np.round(c.null, 12) == -0.5)) / 6, abs=1e-12)


def test_strengths_graphs_and_the_shared_layout(compared):
    """A node's strength is its ties' excess over 100: 200 - 100 in the large level, 150 -
    100 in the other; each level's graph holds only its two ties; nodes carry the full run's
    layout and labels."""
    a, c = compared
    s = c.memberships.set_index(["level", "node"])["strength"]
    assert s.xs("large").tolist() == [100.0] * 4 and s.xs("other").tolist() == [50.0] * 4
    assert {frozenset(e) for e in c.graphs["large"].edges} == LARGE_TIES
    assert {frozenset(e) for e in c.graphs["other"].edges} == OTHER_TIES
    assert c.memberships["node"].tolist() == list(CODES) * 2 and c.memberships["level"].tolist() == ["other"] * 4 + ["large"] * 4
    assert c.memberships.index.tolist() == list(range(8))  # one table, numbered 0-7, not two numbered 0-3
    layout = a.clusters.set_index("node")
    for level, nodes in c.nodes.items():
        assert "level" not in nodes and nodes["node"].tolist() == list(CODES)
        np.testing.assert_array_equal(nodes["x"], layout.loc[list(CODES), "x"])
        np.testing.assert_array_equal(nodes["y"], layout.loc[list(CODES), "y"])
        assert nodes["label"].tolist() == layout.loc[list(CODES), "label"].tolist()
        assert nodes["cluster"].tolist() == c.memberships.loc[c.memberships["level"] == level, "cluster"].tolist()


def test_clusters_are_numbered_after_the_full_runs(compared):
    """The full run pairs {1, 2} {3, 4} (pooled means 120 against 95): the large level's
    clusters take its numbers; the other level's, overlapping each full cluster in one node,
    take the same two numbers, one each."""
    a, c = compared
    full = a.partition.membership
    m = c.memberships.set_index(["level", "node"])["cluster"]
    assert [m["large", x] for x in CODES] == [full[x] for x in CODES]
    assert {m["other", "1"], m["other", "2"]} == {full["1"], full["3"]}
    names = c.memberships.set_index(["level", "node"])["cluster_name"]
    assert names["large", "1"] == names["large", "2"] != names["large", "3"]


def test_the_difference_graph_is_the_second_level_minus_the_first(compared):
    """Levels in the codebook's order, other then large: a large tie 200 - 40 = 160, an
    other tie 40 - 150 = -110, a pair tied in neither 40 - 40 = 0; every pair is rated in both."""
    _, c = compared
    d = c.difference
    assert sorted(d.nodes) == list(CODES) and d.number_of_edges() == 6
    assert d.edges["1", "2"] == {"diff": 160.0, "weight": 160.0, "mean_a": 40.0, "mean_b": 200.0}
    assert d.edges["1", "3"] == {"diff": -110.0, "weight": 110.0, "mean_a": 150.0, "mean_b": 40.0}
    assert d.edges["1", "4"]["diff"] == 0.0 and d.edges["2", "3"]["weight"] == 0.0


def test_a_pair_missing_in_one_level_has_no_difference_edge():
    """Nobody in the other organisations rates 1 -> 4 or 4 -> 1: that pair has no symmetrised
    mean there, and a cell is published in every level or in none, so neither level has it
    and it gets no difference edge; the other five pairs keep theirs."""
    skip = {(m, o, t) for m in ("O1", "O2") for o, t in (("1", "4"), ("4", "1"))}
    c = compare_clusters(_analysis(_survey(skip=skip)), codebook=CB, permutations=2, seed=1)
    assert c.difference.number_of_edges() == 5 and not c.difference.has_edge("1", "4")


def test_a_group_without_a_tie_is_refused_by_name():
    """No other organisation rates any pair above 100: the other level's graph has no edge."""
    with pytest.raises(InsufficientDataError) as info:
        compare_clusters(_analysis(_survey(other=40.0)), codebook=CB, permutations=2, seed=1)
    assert str(info.value) == ("Group(s) other of 'size_class' have no tie left once cells with fewer than min_n = 1 "
                               "ratings in any group are suppressed; lower --min-n or compare larger groups.")


def test_match_clusters_by_hand():
    """{a, b} overlaps reference 5 in two nodes, {c} reference 7 in one, {d, e} nobody (e not
    in the reference, d in 5 already taken): it gets the first number after the reference's."""
    membership = {"a": 0, "b": 0, "c": 1, "d": 2, "e": 2}
    reference = {"a": 5, "b": 5, "c": 7, "d": 5, "x": 7}
    assert match_clusters(membership, reference) == {0: 5, 1: 7, 2: 8}
    # No overlap at all: numbered after the reference's largest, in order.
    assert match_clusters({"p": 3, "q": 4}, {"z": 2}) == {3: 3, 4: 4}
    assert match_clusters({"p": 3, "q": 4}, {}) == {3: 1, 4: 2}
    # The Hungarian matching, not a greedy one: cluster 0 shares 3 nodes with reference 1 and
    # 2 with reference 2, cluster 1 shares 2 with reference 1 only; 0 -> 1 would keep 3 nodes
    # and leave 1 without a partner, 0 -> 2 and 1 -> 1 keep 4.
    membership = {"a": 0, "b": 0, "c": 0, "d": 0, "e": 0, "f": 1, "g": 1}
    reference = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 1, "g": 1}
    assert match_clusters(membership, reference) == {0: 2, 1: 1}


def test_a_relabelled_level_uses_no_cell_its_own_counts_suppress():
    """min_n = 2, and the pair 1-4 (300 points) is rated by L1 and O1 alone: 2 ratings pooled,
    published there, but in any split of the four organisations into two pairs one level has
    fewer than 2 of them (1 and 1, or 2 and 0), so 1-4 is suppressed in both levels of every
    relabelling, as in the observed levels; the null is the six ARIs of the first test and
    the observed labelling is among them: p = 2/6."""
    skip = {(m, o, t) for m in ("L2", "O2") for o, t in (("1", "4"), ("4", "1"))}
    frame = _survey(skip=skip)
    pair = frame["municipality"].isin(["L1", "O1"]) & (frame["own_group"] + frame["target_group"]).isin(["14", "41"])
    frame.loc[pair, "integration_need"] = 300.0
    c = compare_clusters(_analysis(frame, min_n=2), codebook=CB, seed=1)
    assert c.statistic == pytest.approx(-0.5, abs=1e-12)
    assert sorted(np.round(c.null, 12).tolist()) == [-0.5, -0.5, 1.0, 1.0, 1.0, 1.0]
    assert c.p_value == pytest.approx(2 / 6, abs=1e-12)
    assert all(not g.has_edge("1", "4") for g in c.graphs.values())


def test_a_weighted_run_suppresses_by_the_count_of_ratings_not_the_weights():
    """Every respondent weighs 0.5: the weighted means are the plain ones, and the cells are
    suppressed by their count of ratings (2 per level, min_n = 2, all published), not by the
    sum of their weights (1): each level and relabelling clusters as unweighted, p = 2/6."""
    scores = _analysis(_survey()).scores
    frame = scores.data.assign(w=0.5)
    weighted = Scores(data=frame, scored=scores.scored, values=scores.values, exclusions=scores.exclusions,
                      reliability=scores.reliability, alpha=scores.alpha, parameters=scores.parameters)
    a = analyse_scores(weighted, codebook=CB, weights="w", min_n=2, seed=1)
    c = compare_clusters(a, codebook=CB, seed=1)
    assert c.statistic == pytest.approx(-0.5, abs=1e-12)
    assert sorted(np.round(c.null, 12).tolist()) == [-0.5, -0.5, 1.0, 1.0, 1.0, 1.0]
    assert c.p_value == pytest.approx(2 / 6, abs=1e-12)


def test_without_the_audit_each_level_keeps_its_own_rule(monkeypatch):
    """With disclosure.AUDIT off the levels' cells are published by their own counts alone;
    here every cell has 2 ratings per level (min_n = 1): the same clusters, null and p."""
    from integraatio import disclosure

    monkeypatch.setattr(disclosure, "AUDIT", False)
    c = compare_clusters(_analysis(_survey()), codebook=CB, seed=1)
    assert c.statistic == pytest.approx(-0.5, abs=1e-12) and c.p_value == pytest.approx(2 / 6, abs=1e-12)
    assert {frozenset(e) for e in c.graphs["other"].edges} == OTHER_TIES


def test_a_bad_number_of_permutations_is_named():
    from integraatio.exceptions import UsageError

    with pytest.raises(UsageError, match=r"^`permutations` must be an integer >= 1; got 0"):
        compare_clusters(_analysis(_survey()), codebook=CB, permutations=0)
