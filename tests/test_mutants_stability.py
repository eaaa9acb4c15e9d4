"""The respondent bootstrap (integraatio.stability): the numbers and rules the older tests did
not read (issue 28, mutmut survivors). Small hand-made inputs, answers worked out by hand.

The analyses are the four-group survey of test_reruns.py (min_n 3): group 1 has six
respondents p1-p6, groups 2-4 three each; ties 1-2 and 3-4 are strong, so the clusters are
{1, 2} and {3, 4}.
"""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, t

from integraatio.analysis import analyse_scores
from integraatio.stability import (
    Bootstrap,
    bootstrap,
    pair_intervals,
    replicate_cell_means,
    resampling_design,
    resolution_sweep,
    weighted_intervals,
)
from runs import exact_release
from test_reruns import CB, COLUMNS, tiny_rows, tiny_scores


def _tiny(weights=None, **options):
    frame = pd.DataFrame(tiny_rows(), columns=COLUMNS)
    if weights is not None:
        frame["w"] = frame["respondent_id"].map(weights).fillna(1.0)
    return analyse_scores(tiny_scores(frame), codebook=CB, min_n=3, weights=None if weights is None else "w",
                          **{"seed": 1, **options})


def test_the_summary_of_a_bootstrap_by_hand():
    """The summary's ARI figures, cluster counts, stability and consensus, read from the fields."""
    nodes = pd.DataFrame({"node": ["a", "b", "c"], "cluster": [1, 1, 2], "stability": [0.5, 0.25, 1.0],
                          "consensus_cluster": [1, 2, 2]})
    boot = Bootstrap(coassignment=pd.DataFrame(), nodes=nodes, intervals=pd.DataFrame(),
                     ari=np.array([1.0, 0.5, 1.0, -0.5]), memberships=np.array([[0, 0, 1], [0, 1, 2], [5, 5, 5], [0, 0, 1]]),
                     means=np.zeros((4, 3, 3)), consensus_modularity=0.125, parameters={"replicates": 4})
    s = boot.summary()
    # ARI sorted: -0.5, 0.5, 1, 1. Mean 0.5; deviations 0.5, 0, 0.5, -1: SD sqrt(1.5 / 3).
    # Linear quantiles at position q * 3: 0.075 -> -0.425, 0.75 -> 0.25, 1.5 -> 0.75, 2.25 and 2.925 -> 1.
    assert s["ari"] == pytest.approx({"mean": 0.5, "sd": np.sqrt(0.5), "min": -0.5, "q025": -0.425, "q25": 0.25,
                                      "median": 0.75, "q75": 1.0, "q975": 1.0, "share_identical": 0.5}, abs=1e-12)
    # Clusters per replicate: 2, 3, 1, 2.
    assert s["clusters"] == {"1": 1, "2": 2, "3": 1}
    assert s["stability"] == {"a": 0.5, "b": 0.25, "c": 1.0}
    assert s["parameters"] == {"replicates": 4}
    # Full [1, 1, 2] against consensus [1, 2, 2]: tp 0, fn = fp = 2, tn 2 (ordered pairs):
    # ARI = 2 (0 - 4) / (2 * 4 + 2 * 4) = -0.5.
    assert s["consensus"] == {"membership": {"a": 1, "b": 2, "c": 2}, "modularity": 0.125, "ari_to_full": -0.5}


def test_the_expanded_interval_of_a_cell_of_two_ratings():
    """n = 2 is the smallest cell with an interval: df = 1, and the levels are
    Phi(-sqrt(2) t_{0.975, 1}) and its complement."""
    m = np.array([[0.0], [1000.0], [2000.0], [3000.0], [4000.0]])
    q = norm.cdf(-np.sqrt(2 / 1) * t.ppf(0.975, 1))  # 1.3e-72: the extremes
    lo, hi = pair_intervals(m, n=np.array([2]))
    # Linear rule on 5 sorted values: position q * 4 between the first two.
    assert lo[0] == pytest.approx(4 * q * 1000.0, abs=1e-9) and hi[0] == pytest.approx(4000.0 - 4 * q * 1000.0)
    # n = 3: df 2, q = Phi(-sqrt(3 / 2) t_{0.975, 2}) = 6.8e-8: position 2.7e-7, 2.7e-4 above the minimum.
    q3 = norm.cdf(-np.sqrt(3 / 2) * t.ppf(0.975, 2))
    lo, hi = pair_intervals(m, n=np.array([3]))
    assert lo[0] == pytest.approx(4 * q3 * 1000.0, rel=1e-9) and lo[0] > 1e-4


def test_weighted_intervals_by_hand():
    """t on the replicates' SD over the defined values, with n_eff - 1 degrees of freedom;
    NaN with fewer than two replicates or n_eff < 2."""
    nan = np.nan
    means = np.array([[9.0, 1.0, nan], [10.0, nan, 4.0], [11.0, 3.0, nan], [10.0, nan, nan]])
    lo, hi = weighted_intervals(means, center=np.array([10.0, 5.0, 4.0]), n_eff=np.array([4.0, 2.0, 10.0]))
    # Column 0: SD sqrt(2/3), t(0.975, 3) sqrt(4/3). Column 1: two replicates 1, 3: SD sqrt(2),
    # n_eff 2: t(0.975, 1) sqrt(2). Column 2: one replicate.
    h0 = t.ppf(0.975, 3) * np.sqrt(4 / 3) * np.sqrt(2 / 3)
    h1 = t.ppf(0.975, 1) * np.sqrt(2) * np.sqrt(2)
    np.testing.assert_allclose(lo[:2], [10 - h0, 5 - h1], rtol=1e-12)
    np.testing.assert_allclose(hi[:2], [10 + h0, 5 + h1], rtol=1e-12)
    assert np.isnan(lo[2]) and np.isnan(hi[2])
    # n_eff 2.5: df 1.5 at 90 %; n_eff 1.5: no interval.
    lo, hi = weighted_intervals(means[:, :2], center=np.array([10.0, 5.0]), n_eff=np.array([2.5, 1.5]), level=0.9)
    assert hi[0] - 10 == pytest.approx(t.ppf(0.95, 1.5) * np.sqrt(2.5 / 1.5) * np.sqrt(2 / 3), rel=1e-12)
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def test_level_and_replicates_at_their_bounds():
    """Two replicates are enough; a level must lie strictly between 0 and 1."""
    a = _tiny()
    assert bootstrap(a, replicates=2, seed=1).memberships.shape == (2, 4)
    for level in (0, 1, 0.0):
        with pytest.raises(ValueError, match=f"`level` must be between 0 and 1; got {level!r}"):
            bootstrap(a, replicates=2, level=level, seed=1)
        with pytest.raises(ValueError, match=f"`level` must be between 0 and 1; got {level!r}"):
            resolution_sweep(a, resolutions=[1.0], replicates=2, level=level, seed=1)
    with pytest.raises(ValueError, match="`replicates` must be an integer >= 2; got 1"):
        resolution_sweep(a, resolutions=[1.0], replicates=1, seed=1)


def test_a_bootstrap_records_its_run_and_the_consensus_modularity_at_its_resolution():
    """Parameters by hand; the consensus partition's modularity on the full graph at the
    analysis's resolution (not at 1). At resolution 2 every group is a cluster of its own,
    so the consensus has four clusters (each cluster's complement would overlap the others)."""
    a = _tiny(resolution=2.0, engine="networkx", weighting="raw", symmetrise="max")
    b = bootstrap(a, replicates=10, seed=3, level=0.9, interval="percentile", strata=None)
    assert b.parameters == {"replicates": 10, "seed": 3, "strata": [], "level": 0.9, "engine": "networkx", "min_n": 3,
                            "weighting": "raw", "symmetrise": "max", "resolution": 2.0, "interval": "percentile",
                            "respondents": 15}
    consensus = b.nodes.set_index("node")["consensus_cluster"]
    groups = [set(consensus.index[consensus == k]) for k in sorted(set(consensus))]
    assert len(groups) == 4
    expected = nx.community.modularity(a.graph, groups, weight="weight", resolution=2.0)
    assert b.consensus_modularity == pytest.approx(expected, abs=1e-12)
    assert expected != pytest.approx(nx.community.modularity(a.graph, groups, weight="weight", resolution=1.0))


def test_the_sweep_counts_the_clusters_of_the_bootstrap_replicates():
    """``replicate_clusters``: the mean number of distinct labels per replicate, the same
    replicates as the bootstrap with the same seed; its parameters say the grid."""
    a = _tiny()
    b = bootstrap(a, replicates=12, seed=2)
    s = resolution_sweep(a, resolutions=[a.partition.resolution], replicates=12, seed=2)
    counts = [len(set(row)) for row in b.memberships.tolist()]
    assert s.table["replicate_clusters"].iloc[0] == pytest.approx(np.mean(counts))
    assert s.parameters["replicates"] == 12 and s.parameters["resolutions"] == [1.0]


def test_a_weighted_replicate_weights_every_rating_by_its_respondent():
    """The full-data replicate of a weighted analysis gives its weighted cell means: p1-p3
    (weight 2) rate 1 -> 3 170, p4-p6 (weight 1) 70: (6 * 170 + 3 * 70) / 9 = 136.67."""
    weights = {"p1": 2.0, "p2": 2.0, "p3": 2.0}
    with exact_release():
        a = _tiny(weights)
    design = resampling_design(a, ["own_group"])
    means, n = replicate_cell_means(design, np.ones((1, design.n_respondents), dtype=np.int64))
    one, three, four = (a.codes.index(c) for c in ("1", "3", "4"))
    assert means[0, one, three] == pytest.approx((6 * 170 + 3 * 70) / 9)
    assert n[0, one, three] == 6  # ratings, not weights
    # 1 -> 4: p2, p3 (weight 2) and p4-p6, all 150.
    assert means[0, one, four] == pytest.approx(150.0) and n[0, one, four] == 5
    # Drawn twice, p1 counts twice with its weight: (2 * 2 * 170 + 2 * 2 * 170 + 3 * 70) / (2 * 2 + 2 + 2 + 3).
    draws = np.ones((1, design.n_respondents), dtype=np.int64)
    draws[0, list(pd.factorize(a.scores.data["respondent_id"])[1]).index("p1")] = 2
    means, _ = replicate_cell_means(design, draws)
    assert means[0, one, three] == pytest.approx((4 * 170 + 4 * 170 + 3 * 70) / 11)
    # The published intervals of a weighted run (noise included) are all there.
    b = bootstrap(a, replicates=20, seed=1)
    published = ~a.pairs["suppressed"].to_numpy()
    assert b.intervals.loc[published, ["ci_low", "ci_high"]].notna().all().all()


def test_the_documented_numbers_of_replicates():
    """Defaults: 1000 bootstrap replicates, 200 per resolution in a sweep."""
    a = _tiny()
    assert bootstrap(a, seed=1).parameters["replicates"] == 1000
    assert resolution_sweep(a, resolutions=[1.0], seed=1).parameters["replicates"] == 200
