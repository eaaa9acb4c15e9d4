"""Respondent bootstrap, cluster stability and resolution sweep (integraatio.stability)."""

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, t
from sklearn.metrics import adjusted_rand_score

from integraatio.analysis import analyse
from integraatio.codebook import load_codebook
from integraatio.communities import detect_communities
from integraatio.datasets import load_example
from integraatio.matrix import pair_table
from integraatio.stability import (
    adjusted_rand,
    attach_bootstrap,
    bootstrap,
    consensus_clusters,
    draw_respondents,
    node_stability,
    pair_intervals,
    replicate_cell_means,
    replicate_weights,
    resampling_design,
    resolution_sweep,
)
from integraatio.synth import generate
from runs import exact_release

CB = load_codebook()


@pytest.fixture(scope="module")
def shipped():
    return analyse(load_example(), codebook=CB, lang="en", seed=1)


@pytest.fixture(scope="module")
def boot(shipped):
    return bootstrap(shipped, replicates=200, seed=1)


def scorable(data, missing=(6,)):
    """A generated long table as the reader gives it: ``row`` added, "can't say" as <NA>."""
    d = data.copy()
    for item in ("frequency", "reciprocity", "need"):
        d[item] = d[item].mask(d[item].isin(list(missing)))
    d.insert(0, "row", np.arange(len(d)) + 2)
    return d


# ----------------------------------------------------------------- small pieces by hand


def test_adjusted_rand_by_hand_and_against_sklearn():
    # [0,0,1,1] vs [0,1,0,1]: every cell of the 2x2 contingency table is 1, so no pair is
    # together in both (tp = 0); fp = fn = 2 pairs, tn = 2 (of 6 pairs counted twice:
    # tp, fp, fn, tn = 0, 4, 4, 4). ARI = 2 (0*4 - 4*4) / ((0+4)(4+4) + (0+4)(4+4)) = -0.5.
    assert adjusted_rand(np.array([0, 0, 1, 1]), np.array([[0, 1, 0, 1]])).tolist() == [-0.5]
    # Same partition under other labels; all in one cluster against itself (sklearn: 1).
    assert adjusted_rand(np.array([3, 3, 1]), np.array([[0, 0, 9], [4, 4, 4]]))[0] == 1.0
    assert adjusted_rand(np.array([1, 1, 1]), np.array([[2, 2, 2]]))[0] == 1.0
    rng = np.random.default_rng(0)
    ref = rng.integers(0, 4, 21)
    rows = rng.integers(0, 6, (300, 21))
    rows[:20] = ref  # identical partitions too
    expected = [adjusted_rand_score(ref, r) for r in rows]
    np.testing.assert_allclose(adjusted_rand(ref, rows), expected, rtol=0, atol=1e-12)


def test_stability_by_hand():
    full = np.array([1, 1, 1, 2, 2])
    labels = np.array([[0, 0, 0, 1, 1], [0, 0, 1, 1, 1]])
    co = (labels[:, :, None] == labels[:, None, :]).mean(axis=0)
    s = node_stability(full, labels, co)
    # node 0: with its mates 1 and 2 in 2/2 and 1/2 replicates -> 0.75; node 2: 1/2, 1/2;
    # node 3: with 4 in both; node 4 likewise.
    np.testing.assert_allclose(s, [0.75, 0.75, 0.5, 1.0, 1.0])
    # A node alone in the full data: the share of replicates where it is alone too.
    s = node_stability(np.array([1, 1, 2]), np.array([[0, 0, 1], [0, 1, 1]]), np.eye(3))
    assert s[2] == 0.5


def test_consensus_by_hand():
    codes = ["a", "b", "c", "d", "e"]
    co = np.array(
        [
            [1.0, 0.9, 0.1, 0.0, 0.6],
            [0.9, 1.0, 0.1, 0.0, 0.6],
            [0.1, 0.1, 1.0, 0.8, 0.4],
            [0.0, 0.0, 0.8, 1.0, 0.4],
            [0.6, 0.6, 0.4, 0.4, 1.0],
        ]
    )
    # Average linkage on 1 - co: {a,b} at 0.1, {c,d} at 0.2, e joins {a,b} at 1 - 0.6 = 0.4
    # (< 0.5); {a,b,e} and {c,d} meet at 1 - mean(.1,.1,0,0,.4,.4) = 0.833 > 0.5.
    assert consensus_clusters(co, codes) == {"a": 1, "b": 1, "e": 1, "c": 2, "d": 2}


def test_expanded_interval_levels_and_quantiles():
    rng = np.random.default_rng(3)
    m = rng.normal(size=(400, 6))
    m[rng.random(m.shape) < 0.1] = np.nan
    lo, hi = pair_intervals(m, n=np.full(6, 50), level=0.9, interval="percentile")
    np.testing.assert_allclose(lo, np.nanquantile(m, 0.05, axis=0))
    np.testing.assert_allclose(hi, np.nanquantile(m, 0.95, axis=0))
    # n = 5 at 95 %: alpha'/2 = Phi(-sqrt(5/4) * t_{0.975, 4}) = Phi(-1.118 * 2.776) = 0.00095
    q = norm.cdf(-np.sqrt(5 / 4) * t.ppf(0.975, 4))
    assert q == pytest.approx(0.000955, abs=1e-6)
    lo, hi = pair_intervals(m, n=np.full(6, 5))
    np.testing.assert_allclose(lo, np.nanquantile(m, q, axis=0))
    np.testing.assert_allclose(hi, np.nanquantile(m, 1 - q, axis=0))
    # One rating: no interval.
    assert np.isnan(pair_intervals(m[:, :1], n=np.array([1]))[0]).all()


# ----------------------------------------------------------------- the replicates


def test_all_replicates_without_a_loop_equal_the_pandas_way(shipped):
    """Replicate cell means from one matrix product equal rebuilding each replicate's rows."""
    design = resampling_design(shipped, ["own_group"])
    draws, _ = draw_respondents(design, np.random.SeedSequence(5).spawn(4))
    means, n = replicate_cell_means(design, draws)
    cells = shipped.scores.cells.assign(respondent_id=shipped.scores.data.loc[shipped.scores.scored, "respondent_id"].to_numpy())
    ids = pd.factorize(shipped.scores.data["respondent_id"])[1]
    codes = shipped.codes
    for b in range(len(draws)):
        times = pd.Series(draws[b], index=ids)
        rows = cells.loc[cells.index.repeat(cells["respondent_id"].map(times).to_numpy())]
        pairs = pair_table(rows, codes=codes, min_n=1)
        i = [codes.index(c) for c in pairs["own_group"]]
        j = [codes.index(c) for c in pairs["target_group"]]
        np.testing.assert_allclose(means[b][i, j], pairs["mean"], rtol=0, atol=1e-9)
        np.testing.assert_array_equal(n[b][i, j], pairs["n"])
        assert np.isnan(means[b]).sum() == len(codes) ** 2 - len(pairs)


def test_resampling_keeps_every_stratum_whole(shipped):
    data = shipped.scores.data
    first = data.drop_duplicates("respondent_id")
    for strata, column in ((["own_group"], "own_group"), (["municipality"], "municipality")):
        design = resampling_design(shipped, strata)
        draws, seeds = draw_respondents(design, np.random.SeedSequence(1).spawn(50))
        size = first[column].value_counts()
        ids = pd.factorize(data["respondent_id"])[1]
        level = first.set_index("respondent_id").loc[ids, column].to_numpy()
        for value, k in size.items():
            assert (draws[:, level == value].sum(axis=1) == k).all()
        assert len(set(seeds.tolist())) == 50
    draws, _ = draw_respondents(resampling_design(shipped, []), np.random.SeedSequence(1).spawn(50))
    assert (draws.sum(axis=1) == 268).all() and draws.max() > 1


def test_full_data_replicate_is_the_spine():
    """Each respondent once: the spine's graph and partition, exactly (before the release's noise)."""
    with exact_release():
        shipped = analyse(load_example(), codebook=CB, lang="en", seed=1)
    design = resampling_design(shipped, ["own_group"])
    means, n = replicate_cell_means(design, np.ones((1, design.n_respondents), dtype=np.int64))
    cells = np.where(design.published & (n >= shipped.parameters["min_n"]), means, np.nan)
    w = replicate_weights(design, cells, shipped.parameters)[0]
    order = [shipped.codes[i] for i in design.node_order]
    expected = nx.to_numpy_array(shipped.graph, nodelist=order, weight="weight", nonedge=0.0)
    np.testing.assert_allclose(np.nan_to_num(w), expected, rtol=0, atol=1e-9)


def test_outputs_are_consistent(shipped, boot):
    codes = shipped.codes
    co = boot.coassignment
    assert list(co.index) == codes and list(co.columns) == codes
    assert np.allclose(np.diag(co), 1.0) and np.allclose(co, co.T)
    # By definition, pair by pair: the share of replicates that put the two groups together.
    for a, b in [("2.1", "2.2"), ("2.3", "2.15"), ("2.9", "2.21"), ("2.4", "2.4")]:
        i, j = codes.index(a), codes.index(b)
        together = sum(replicate[i] == replicate[j] for replicate in boot.memberships)
        assert co.loc[a, b] == together / len(boot.memberships)
    assert boot.ari.shape == (200,) and ((boot.ari <= 1) & (boot.ari > -1)).all()
    assert boot.means.shape == (200, 21, 21)
    # Suppressed cells have no interval; every published one has one around its mean.
    iv = boot.intervals
    pairs = shipped.pairs
    assert iv[["own_group", "target_group"]].equals(pairs[["own_group", "target_group"]])
    published = ~pairs["suppressed"].to_numpy()
    assert iv.loc[~published, ["ci_low", "ci_high"]].isna().all().all()
    ok = iv.loc[published]
    assert ok.notna().all().all()
    assert ((ok["ci_low"] < pairs.loc[published, "mean"]) & (pairs.loc[published, "mean"] < ok["ci_high"])).all()
    # The planted bridge 2.3 is the least stable group; the consensus is the full partition.
    nodes = boot.nodes.set_index("node")
    assert nodes["stability"].idxmin() == "2.3"
    assert (nodes["consensus_cluster"] == nodes["cluster"]).all()
    summary = boot.summary()
    json.dumps(summary, allow_nan=False)
    assert summary["parameters"]["engine"] == shipped.partition.engine
    assert summary["consensus"]["ari_to_full"] == 1.0
    assert summary["ari"]["share_identical"] == pytest.approx(np.mean(boot.ari == 1.0))


def test_attach_bootstrap(shipped, boot):
    a = attach_bootstrap(shipped, boot)
    assert list(a.pairs.columns[-2:]) == ["ci_low", "ci_high"]
    assert a.clusters["stability"].tolist() == boot.nodes["stability"].tolist()
    assert a.parameters["bootstrap"]["replicates"] == 200 and a.bootstrap is boot
    assert shipped.bootstrap is None and "stability" not in shipped.clusters  # a copy
    other = analyse(load_example(), codebook=CB, min_n=18, seed=1)
    with pytest.raises(ValueError, match="`boot` was not made from this analysis"):
        attach_bootstrap(other, boot)


# ----------------------------------------------------------------- reproducibility


def test_seeds_1_1_42(shipped):
    a, b, c = (bootstrap(shipped, replicates=100, seed=s) for s in (1, 1, 42))
    pd.testing.assert_frame_equal(a.coassignment, b.coassignment)
    np.testing.assert_array_equal(a.memberships, b.memberships)
    assert not np.array_equal(a.means, c.means, equal_nan=True)


@pytest.mark.slow
def test_result_does_not_depend_on_workers_or_length(shipped):
    one = bootstrap(shipped, replicates=1000, seed=7)
    two = bootstrap(shipped, replicates=1000, seed=7, n_jobs=2)
    pd.testing.assert_frame_equal(one.coassignment, two.coassignment, check_exact=True)
    np.testing.assert_array_equal(one.memberships, two.memberships)
    pd.testing.assert_frame_equal(one.intervals, two.intervals, check_exact=True)
    # The first 100 of 1000 replicates are the 100 replicates of a shorter run.
    short = bootstrap(shipped, replicates=100, seed=7)
    np.testing.assert_array_equal(short.memberships, one.memberships[:100])


def test_progress_is_reported(shipped):
    done = []
    bootstrap(shipped, replicates=120, seed=1, progress=done.append)
    assert sum(done) == 120 and len(done) == 3  # blocks of 50, 50, 20


# ----------------------------------------------------------------- the "done when" checks


def planted_codebook(tmp_path):
    """17 groups: blocks A = 1.1-1.8 and B = 1.9-1.16, and 1.17 tied equally to both."""
    codes = [f"1.{i}" for i in range(1, 18)]
    groups = "".join(
        f'[[groups]]\ncode = "{c}"\nfi = "Ryhmä {c}"\nen = "Group {c}"\norganiser = "municipality"\n\n' for c in codes
    )
    path = tmp_path / "codebook.toml"
    path.write_text(
        f"[scale]\nmin = 1\nmax = 5\nmissing = [6]\n\n{groups}[[municipalities]]\nname = \"Kunta\"\nsize_class = \"other\"\n",
        encoding="utf-8",
    )
    design = {
        "population": {
            "respondents": 268, "invited": 719, "min_per_group": 6,
            "group_weights": {c: 1 for c in codes}, "organisation_weights": {"other": 1.0},
        },
        # No fixed cell effects: the torn node's ties to A and B are equal in the population.
        "answers": {"baseline": 2.3, "respondent_sd": 0.35, "cell_sd": 0.0, "noise_sd": 0.7, "cant_say": 0.04, "skipped": 0.02},
        "structures": [
            {
                "name": "planted", "items": ["frequency", "reciprocity", "need"], "within": 1.7, "bridge": 1.7,
                "blocks": {"a": codes[:8], "b": codes[8:16]}, "bridges": {"1.17": ["a", "b"]},
            }
        ],
    }
    return load_codebook(path), design


def test_node_torn_between_two_clusters_is_unstable(tmp_path):
    """Done when: the planted torn node is clearly less stable; the firm nodes score >= 0.9.

    With equal population ties the sample favours one side by a standard-normal amount Z,
    and the torn node stays with its full-data cluster in about Phi(|Z|) of the replicates:
    uniform on [0.5, 1] over samples (mean 0.75). So one sample can make it look firm; over
    five samples its mean stability is well below 0.9, while every firm node stays >= 0.9
    in every sample (measured over seeds 1-20: torn node 0.52-0.99, mean 0.71; firm nodes
    >= 0.94; the torn node lowest in all 20).
    """
    cb, design = planted_codebook(tmp_path)
    torn = []
    for seed in range(1, 6):
        a = analyse(scorable(generate(cb, design, seed=seed).data), codebook=cb, seed=1)
        assert len(a.partition.clusters) == 2
        s = bootstrap(a, replicates=500, seed=seed).nodes.set_index("node")["stability"]
        firm = s.drop("1.17")
        assert firm.min() >= 0.9, (seed, firm.idxmin(), firm.min())
        assert s.idxmin() == "1.17", seed
        torn.append(s["1.17"])
    assert np.mean(torn) <= 0.75, torn


def coverage_population(codes, seed=12345):
    """Each cell's answer distribution over 1..5, so its mean is known exactly.

    Random distributions, leaning high between groups of one block (three blocks): with
    no structure at all the layout (SMACOF) runs to its iteration limit and the test
    takes many times longer.
    """
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.3, 3.0, size=(len(codes), len(codes), 5))
    block = np.arange(len(codes)) % 3
    p[block[:, None] == block[None, :]] *= [0.3, 0.5, 1.0, 2.0, 3.0]
    return p / p.sum(axis=-1, keepdims=True)


def coverage_survey(p, codes, sizes, seed):
    """Respondents of each group answer every other group; need is 5 % missing."""
    rng = np.random.default_rng(seed)
    own = np.repeat(np.arange(len(sizes)), sizes)
    r, target = np.nonzero(np.arange(len(codes))[None, :] != own[:, None])
    cum = np.cumsum(p, axis=-1)[own[r], target]
    items = {}
    for item in ("frequency", "reciprocity", "need"):
        x = pd.array((rng.random(len(r))[:, None] > cum).sum(axis=1) + 1, dtype="Int64")
        if item == "need":
            x[rng.random(len(r)) < 0.05] = pd.NA
        items[item] = x
    names = np.array(codes)
    return pd.DataFrame(
        {
            "row": np.arange(len(r)) + 2,
            "respondent_id": np.char.add("R", r.astype(str)),
            "municipality": "Kunta",
            "own_group": names[own[r]],
            "target_group": names[target],
            **items,
        }
    )


@pytest.mark.slow
def test_pair_intervals_cover_the_true_cell_means():
    """Done when: 95 % intervals cover the true cell means at close to the nominal rate.

    Each cell's answers follow a known distribution, so its true mean on the index scale is
    100 + 40 (mu - m) / s with the sample's own need mean m and SD s (measure="need": the
    index is linear in the answer and the bootstrap keeps the full data's scale). Groups of
    6 to 26 respondents as in the study; 20 surveys x 360 cells. Tolerance: 0.95 +- 0.02
    overall (the Monte Carlo SE of the pooled rate is about 0.003; the rest allows for the
    small, skewed, discrete cells, where every percentile-type interval falls short) and
    >= 0.9 in cells of <= 7 ratings. Measured: expanded 0.936 overall and 0.917 in cells of
    <= 7; the plain percentile interval 0.896 and 0.861 (so it is not the default), a
    studentised (bootstrap-t) interval 0.904 and 0.763.
    """
    codes = CB.codes
    responding = [c for c in codes if CB.group(c).responds]
    p = coverage_population(codes)
    true_mean = (p * np.arange(1, 6)).sum(axis=-1)
    sizes = np.resize([6, 8, 10, 12, 15, 20, 26], len(responding))
    hits, small = [], []
    for seed in range(20):
        a = analyse(coverage_survey(p, codes, sizes, seed), codebook=CB, measure="need", seed=1)
        m, s = a.scores.parameters["item_mean"]["need"], a.scores.parameters["item_sd"]["need"]
        iv = bootstrap(a, replicates=1000, seed=seed).intervals.assign(n=a.pairs["n"]).loc[~a.pairs["suppressed"]]
        i = [codes.index(c) for c in iv["own_group"]]
        j = [codes.index(c) for c in iv["target_group"]]
        truth = 100 + 40 * (true_mean[i, j] - m) / s
        covered = ((iv["ci_low"] <= truth) & (truth <= iv["ci_high"])).to_numpy()
        hits.append(covered)
        small.append(covered[iv["n"].to_numpy() <= 7])
    rate, rate_small = np.concatenate(hits).mean(), np.concatenate(small).mean()
    assert abs(rate - 0.95) <= 0.02, rate
    assert rate_small >= 0.9, rate_small


# ----------------------------------------------------------------- resolution sweep


def test_resolution_sweep(shipped):
    s = resolution_sweep(shipped, resolutions=[0.5, 1.0, 2.0, 3.0], replicates=40, seed=1)
    t = s.table
    assert list(t.columns) == [
        "resolution", "clusters", "modularity", "modularity_at_resolution", "replicate_clusters", "ari_mean", "ari_low", "ari_high",
    ]
    assert t["clusters"].is_monotonic_increasing and t["clusters"].iloc[-1] > 2
    at_1 = t.set_index("resolution").loc[1.0]
    assert at_1["clusters"] == len(shipped.partition.clusters)
    assert at_1["modularity"] == pytest.approx(shipped.partition.modularity)
    assert at_1["modularity_at_resolution"] == pytest.approx(shipped.partition.modularity)
    # At every resolution, against networkx: `modularity` is the partition's modularity at
    # gamma = 1 (comparable across rows), `modularity_at_resolution` the one it maximised.
    g, part = shipped.graph, shipped.partition
    for row in t.itertuples():
        found = detect_communities(g, resolution=row.resolution, engine=part.engine, seed=part.seed).clusters
        assert row.clusters == len(found)
        assert row.modularity == pytest.approx(nx.community.modularity(g, found, weight="weight", resolution=1), abs=1e-12)
        assert row.modularity_at_resolution == pytest.approx(
            nx.community.modularity(g, found, weight="weight", resolution=row.resolution), abs=1e-12)
    assert t.set_index("resolution").loc[3.0, "modularity"] != pytest.approx(t.set_index("resolution").loc[3.0, "modularity_at_resolution"])
    assert ((t["ari_low"] <= t["ari_mean"]) & (t["ari_mean"] <= t["ari_high"]) & (t["ari_high"] <= 1)).all()
    # The same replicates as the bootstrap with the same seed.
    b = bootstrap(shipped, replicates=40, seed=1)
    assert at_1["ari_mean"] == pytest.approx(b.ari.mean())
    assert s.parameters["resolutions"] == [0.5, 1.0, 2.0, 3.0] and s.parameters["seed"] == 1


# ----------------------------------------------------------------- errors


def test_parameter_errors(shipped, boot):
    with pytest.raises(ValueError, match="`replicates` must be an integer >= 2; got 1"):
        bootstrap(shipped, replicates=1, seed=1)
    with pytest.raises(ValueError, match="`level` must be between 0 and 1; got 95"):
        bootstrap(shipped, level=95, seed=1)
    with pytest.raises(ValueError, match="`n_jobs` must be a positive integer or -1"):
        bootstrap(shipped, n_jobs=0, seed=1)
    with pytest.raises(ValueError, match="`interval` must be one of expanded, percentile; got 'bca'"):
        bootstrap(shipped, interval="bca", seed=1)
    with pytest.raises(ValueError, match=r"`strata` names columns \['region'\] that the data do not have"):
        bootstrap(shipped, strata="region", seed=1)
    with pytest.raises(ValueError, match=r"`strata` columns \['target_group'\] vary within respondent 'R0*1'"):
        bootstrap(shipped, strata="target_group", seed=1)
    with pytest.raises(ValueError, match=r"`resolutions` must be one or more numbers > 0; got \[1.0, 0\]"):
        resolution_sweep(shipped, resolutions=[1.0, 0], seed=1)
