"""Group comparison, cluster comparison and sensitivity runs (issue 4)."""

import copy
import dataclasses
import json
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from typer.testing import CliRunner

from integraatio.analysis import analyse, analyse_scores
from integraatio.cli import app
from integraatio.codebook import Codebook, Group, Level, Scale, load_codebook
from integraatio.compare import compare_clusters, compare_groups
from integraatio.compare.permutation import p_values
from integraatio.composite import Scores
from integraatio.datasets import load_example
from integraatio.exceptions import CodebookError, DataValidationError, InsufficientDataError
from integraatio.survey import read_survey
from integraatio.plot import plot_group_bars, plot_group_table, plot_network_difference
from integraatio.reruns import sensitivity
from integraatio.style import HIGHLIGHT
from integraatio.synth import generate, load_design
from runs import exact_release

CB = load_codebook()

@pytest.fixture(scope="module", autouse=True)
def _exact():
    # The arithmetic of the comparison, exactly: the release's noise is tested in test_disclosure.py.
    with exact_release():
        yield


# --------------------------------------------------------------------------- a fixture by hand

TINY_CB = Codebook(
    scale=Scale(1, 5),
    groups=tuple(Group(code=c, fi=f"Ryhmä {c}", en=f"Group {c}", organiser="municipality") for c in ("1", "2", "3")),
    municipalities={"L1": "large", "L2": "large", "O1": "other", "O2": "other", "O3": "other"},
    municipality_attributes={
        "L1": {"size_class": "large", "region": "north"},
        "L2": {"size_class": "large", "region": "south"},
        "O1": {"size_class": "other", "region": "north"},
        "O2": {"size_class": "other", "region": "south"},
        "O3": {"size_class": "other", "region": "south"},
    },
    size_classes=(Level("other", "Muut", "Other"), Level("large", "Suuret", "Large")),
    pooled=Level("all", "Kaikki", "All"),
)
# respondent, municipality, size class, own group, target group, integration need.
# X is a municipality the codebook does not list and has no size class: r6 is in no level.
TINY_ROWS = [
    ("r1", "L1", "large", "1", "2", 130.0), ("r2", "L2", "large", "1", "2", 150.0),
    ("r3", "O1", "other", "1", "2", 90.0), ("r4", "O2", "other", "1", "2", 100.0), ("r5", "O3", "other", "1", "2", 110.0),
    ("r1", "L1", "large", "1", "3", 120.0), ("r2", "L2", "large", "1", "3", 100.0),
    ("r3", "O1", "other", "1", "3", 80.0), ("r4", "O2", "other", "1", "3", 90.0), ("r5", "O3", "other", "1", "3", 100.0),
    ("r6", "X", None, "1", "3", 60.0),
    ("r7", "L1", "large", "2", "1", 70.0), ("r8", "O1", "other", "2", "1", 110.0), ("r9", "O2", "other", "2", "1", 120.0),
]


def tiny_analysis(rows=TINY_ROWS, **extra_columns):
    frame = pd.DataFrame(rows, columns=["respondent_id", "municipality", "size_class", "own_group", "target_group", "integration_need"])
    frame.insert(0, "row", np.arange(2, len(frame) + 2))
    frame = frame.assign(subgroup=None, **extra_columns)
    scores = Scores(
        data=frame,
        scored=np.ones(len(frame), dtype=bool),
        values=frame["integration_need"].to_numpy(),
        exclusions=pd.DataFrame(columns=["row", "respondent_id", "target_group", "reason"]),
        reliability=pd.DataFrame(),
        alpha=float("nan"),
        parameters={"measure": "composite", "missing": "complete"},
    )
    return analyse_scores(scores, codebook=TINY_CB, min_n=2, seed=1)


@pytest.fixture(scope="module")
def tiny():
    return compare_groups(tiny_analysis(), codebook=TINY_CB, n_boot=500, seed=1)


def cell(frame, own, target, **where):
    rows = frame[(frame["own_group"] == own) & (frame["target_group"] == target)]
    for k, v in where.items():
        rows = rows[rows[k] == v]
    return rows.iloc[0] if len(rows) == 1 else rows


def test_tiny_means_and_counts_by_hand(tiny):
    t = tiny.table
    # 1 -> 2: other 90, 100, 110 -> n 3, mean 100, sd 10; large 130, 150 -> n 2, mean 140,
    # sd sqrt((10^2 + 10^2) / 1) = 14.14; all five: 580 / 5 = 116.
    other, large, pooled = (cell(t, "1", "2", level=lvl) for lvl in ("other", "large", "all"))
    assert (other["n"], other["mean"], other["sd"]) == (3, 100.0, 10.0)
    assert (large["n"], large["mean"]) == (2, 140.0) and large["sd"] == pytest.approx(math.sqrt(200))
    assert (pooled["n"], pooled["mean"]) == (5, 116.0)
    assert t["level"].unique().tolist() == ["other", "large", "all"]  # the codebook's order, then all


def test_tiny_permutation_p_is_exact(tiny):
    # 5 municipalities with a size class, 2 large: C(5, 2) = 10 relabellings, all enumerated.
    # T = sum_l n_l (mean_l - 116)^2 = 2 * 24^2 + 3 * 16^2 = 1920 for the observed labels;
    # no other pair of municipalities is as far apart (e.g. {90, 100}: 1.2 * 35^2 = 1470),
    # so p = 1 / 10, the smallest attainable.
    t = cell(tiny.tests, "1", "2")
    assert (tiny.permutations, tiny.exact, tiny.p_min) == (10, True, 0.1)
    assert t["statistic"] == pytest.approx(1920.0)
    assert t["p_value"] == pytest.approx(0.1)
    assert t["q_value"] == pytest.approx(0.1)  # the only cell tested
    assert t["diff"] == 40.0 and t["contrast"] == "large - other"
    # Each level resampled within itself: large means lie in 130..150, other in 90..110.
    assert 20.0 <= t["ci_low"] < 40.0 < t["ci_high"] <= 60.0
    assert t["permutation_unit"] == "municipality"


def test_tiny_primary_and_secondary_suppression(tiny):
    t, tests = tiny.table, tiny.tests
    # 2 -> 1: large has one rating (r7, 70). Publishing other (115) and all (100, n 3)
    # would give it away: 3 * 100 - 2 * 115 = 70. So both levels are suppressed.
    rows = cell(t, "2", "1")
    assert rows.set_index("level")["n"].to_dict() == {"other": 2, "large": 1, "all": 3}
    assert rows.set_index("level")["mean"].isna().to_dict() == {"other": True, "large": True, "all": False}
    # 1 -> 3: both levels have >= 2 ratings, but r6 (no size class) is one rating outside
    # them: 6 * 91.67 - 2 * 110 - 3 * 90 = 60 would be r6's answer. Suppressed too.
    rows = cell(t, "1", "3").set_index("level")
    assert rows.loc[["other", "large"], "suppressed"].all() and rows.loc[["other", "large"], "mean"].isna().all()
    assert rows.loc["all", "mean"] == pytest.approx(550 / 6)
    for own, target in [("2", "1"), ("1", "3")]:
        assert cell(tests, own, target)[["diff", "ci_low", "ci_high", "p_value", "q_value"]].isna().all()


def test_levels_reorder_the_difference():
    c = compare_groups(tiny_analysis(), codebook=TINY_CB, levels=["large", "other"], n_boot=50, seed=1)
    t = cell(c.tests, "1", "2")
    assert (t["diff"], t["contrast"]) == (-40.0, "other - large")
    assert t["p_value"] == pytest.approx(0.1)  # two-sided


def test_grouping_by_a_codebook_attribute():
    # region: north = L1, O1; south = L2, O2, O3. 1 -> 2: north 130, 90 -> 110; south 150, 100, 110 -> 120.
    c = compare_groups(tiny_analysis(), codebook=TINY_CB, by="region", n_boot=50, seed=1)
    assert c.levels == ["north", "south"]
    assert cell(c.table, "1", "2", level="north")["mean"] == 110.0
    assert cell(c.table, "1", "2", level="south")["mean"] == 120.0


def test_sampled_p_values_count_the_observed_labelling():
    # Phipson & Smyth: with B sampled relabellings of which k are at least as extreme,
    # p = (k + 1) / (B + 1), never 0. Exact enumeration includes the observed labelling: k / B.
    np.testing.assert_array_equal(p_values(np.array([0, 3, 99]), np.array([99, 99, 99]), False), [0.01, 0.04, 1.0])
    np.testing.assert_array_equal(p_values(np.array([1, 4]), np.array([10, 10]), True), [0.1, 0.4])
    # 8 respondents with a size class, 3 large: C(8, 3) = 56 > 50, so 50 are sampled.
    run = compare_groups(tiny_analysis(), codebook=TINY_CB, permutation_unit="respondent", permutations=50, n_boot=50, seed=3)
    p = run.tests["p_value"].dropna().to_numpy()
    k = p * 51 - 1  # the relabellings at least as extreme: a whole number from 0 to 50
    assert len(p) > 0 and np.allclose(k, np.round(k)) and (k >= 0).all() and (p >= 1 / 51).all()


def bh(p):
    """Benjamini-Hochberg as the textbook step-up (R's p.adjust(method = "BH")):
    q_(i) = min over j >= i of m p_(j) / j, and never above 1."""
    p = np.asarray(p, dtype=float)
    q, running = np.empty(len(p)), 1.0
    for rank, i in reversed(list(enumerate(np.argsort(p, kind="stable"), start=1))):
        running = min(running, len(p) * p[i] / rank)
        q[i] = running
    return q


def test_benjamini_hochberg_reference_by_hand():
    # m = 8. Sorted p: .01 .02 .03 .04 .04 .9 .95 1; m p / rank: .08 .08 .08 .08 .064 1.2 1.086 1.
    # Step-up from the largest: 1, min(1.086, 1) = 1, min(1.2, 1) = 1, then .064 for all below
    # (the tied .04s share it); p m / rank alone would give 1.2 and .08.
    p = [0.01, 0.04, 0.04, 0.03, 0.9, 0.95, 1.0, 0.02]
    np.testing.assert_allclose(bh(p), [0.064, 0.064, 0.064, 0.064, 1.0, 1.0, 1.0, 0.064], rtol=1e-12)


def test_q_values_are_benjamini_hochberg_of_the_tested_cells(by_size):
    # The shipped survey's exact test has 220 relabellings: p-values tie and many lie near 1.
    tested = by_size.tests.dropna(subset=["p_value"])
    p, q = tested["p_value"].to_numpy(), tested["q_value"].to_numpy()
    assert len(p) > 100 and len(np.unique(p)) < len(p) and (p > 0.9).any()
    np.testing.assert_allclose(q, bh(p), rtol=1e-12)
    order = np.argsort(p, kind="stable")
    assert (q <= 1).all() and (np.diff(q[order]) >= 0).all()
    assert by_size.tests.loc[by_size.tests["p_value"].isna(), "q_value"].isna().all()


def test_respondent_unit_is_labelled_and_seeded():
    a = tiny_analysis()
    # 8 respondents with a size class, 3 large: C(8, 3) = 56 > 50, so 50 are sampled.
    runs = [compare_groups(a, codebook=TINY_CB, permutation_unit="respondent", permutations=50, n_boot=50, seed=s) for s in (1, 1, 42)]
    assert not runs[0].exact and runs[0].permutations == 50 and runs[0].p_min == pytest.approx(1 / 51)
    assert (runs[0].tests["permutation_unit"] == "respondent").all()
    assert "ignoring that they are nested in municipalities" in runs[0].note
    pd.testing.assert_frame_equal(runs[0].tests, runs[1].tests)
    assert not runs[0].tests.equals(runs[2].tests)
    assert runs[0].parameters["seed"] == 1


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"by": "nope"}, ValueError, r"`by` = 'nope' is neither a column of the survey .* nor an attribute of the codebook's \[\[municipalities\]\] \(region, size_class\)"),
        ({"permutation_unit": "team"}, ValueError, r"`permutation_unit` must be one of municipality, respondent; got 'team'\."),
        ({"permutations": 0}, ValueError, r"`permutations` must be an integer >= 1; got 0\."),
        ({"n_boot": 0}, ValueError, r"`n_boot` must be an integer >= 1; got 0\."),
        ({"ci": 1.5}, ValueError, r"`ci` must be between 0 and 1; got 1\.5\."),
        ({"levels": ["large", "huge"]}, ValueError, r"`levels` must name distinct values of 'size_class' found in the data \(large, other\); got \['large', 'huge'\]\."),
        ({"levels": ["large"]}, InsufficientDataError, r"Comparing by 'size_class' needs at least two levels with scored ratings; found \['large'\]"),
    ],
)
def test_parameter_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        compare_groups(tiny_analysis(), codebook=TINY_CB, **kwargs)


def test_grouping_must_be_constant_within_a_respondent():
    rows = [r if i != 6 else (*r[:2], "other", *r[3:]) for i, r in enumerate(TINY_ROWS)]  # r2's second row says other
    with pytest.raises(DataValidationError, match=r"- 1 x respondent 'r2' has more than one 'size_class' value \(row 8, column 'size_class', value 'other'\)"):
        compare_groups(tiny_analysis(rows), codebook=TINY_CB)


def test_municipality_relabelling_needs_one_level_per_municipality():
    team = ["a" if r[0] in ("r1", "r3", "r4") else "b" for r in TINY_ROWS]  # L1 holds r1 (a) and r7 (b)
    a = tiny_analysis(team=team)
    with pytest.raises(ValueError, match=r"'team' differs within municipalities L1, O1, O2, so whole municipalities cannot be relabelled; use permutation_unit='respondent'\."):
        compare_groups(a, codebook=TINY_CB, by="team")
    assert compare_groups(a, codebook=TINY_CB, by="team", permutation_unit="respondent", n_boot=20, seed=1).levels == ["a", "b"]


def test_reserved_level_name():
    a = tiny_analysis(kind=["all" if r[0] == "r1" else "some" for r in TINY_ROWS])
    with pytest.raises(ValueError, match=r"'kind' has a level called 'all', which names the pooled level; rename it in the data\."):
        compare_groups(a, codebook=TINY_CB, by="kind")


# --------------------------------------------------------------------------- the shipped survey


@pytest.fixture(scope="module")
def shipped():
    return analyse(load_example(), codebook=CB, lang="en", seed=1)


@pytest.fixture(scope="module")
def by_size(shipped):
    return compare_groups(shipped, codebook=CB, n_boot=300, seed=1)


def test_means_and_n_equal_pandas(shipped, by_size):
    s = shipped.scores.scores.assign(own_group=lambda d: d["own_group"].astype(str), target_group=lambda d: d["target_group"].astype(str))
    direct = s.groupby(["own_group", "target_group", "size_class"])["integration_need"].agg(["count", "mean", "std"])
    direct.index = direct.index.set_names("level", level=2)
    t = by_size.table.loc[by_size.table["level"] != "all"].set_index(["own_group", "target_group", "level"])
    assert (t["n"] == direct["count"].reindex(t.index).fillna(0)).all()
    shown = t.loc[~t["suppressed"]]
    assert len(shown) > 300 and shown["mean"].notna().all()
    np.testing.assert_allclose(shown["mean"], direct.loc[shown.index, "mean"], rtol=1e-12)
    np.testing.assert_allclose(shown["sd"], direct.loc[shown.index, "std"], rtol=1e-10)
    pooled = by_size.table.loc[by_size.table["level"] == "all"].set_index(["own_group", "target_group"])
    pairs = shipped.pairs.set_index(["own_group", "target_group"])
    pd.testing.assert_series_equal(pooled["mean"], pairs["mean"], check_names=False)  # "Kaikki" is pairs.csv


def _no_disclosure(comparison, pairs, min_n):
    """Every published mean rests on >= min_n ratings, and no suppressed mean (nor the
    mean of the ratings outside the levels) is the only unknown of a cell's pooled sum."""
    t = comparison.table
    assert (t.loc[t["mean"].notna(), "n"] >= min_n).all()
    levels = t.loc[t["level"] != "all"]
    pooled = pairs.set_index(["own_group", "target_group"])
    checked = 0
    for (own, target), rows in levels.groupby(["own_group", "target_group"]):
        n_all, published_all = pooled.loc[(own, target), "n"], not pooled.loc[(own, target), "suppressed"]
        unknown = [n for n, m in zip(rows["n"], rows["mean"]) if n > 0 and np.isnan(m)]
        outside = n_all - rows["n"].sum()
        if outside > 0:
            unknown.append(outside)
        if published_all and len(unknown) == 1:
            assert unknown[0] >= min_n, (own, target)
        checked += 1
    tests = comparison.tests
    assert tests.loc[tests["suppressed"], ["diff", "ci_low", "ci_high", "statistic", "p_value", "q_value"]].isna().all().all()
    return checked


def test_nothing_small_is_published_or_derivable(shipped):
    # Two organisations the codebook's size classes do not reach: their respondents (12 in
    # Kunta D's and Kuntayhtymä H's 19) are outside both levels, so the pooled mean minus
    # the two group means would give their mean where they are few.
    data = load_example()
    unknown = data["municipality"].isin(["Kunta D", "Kuntayhtymä H"])
    data["size_class"] = data["size_class"].where(~unknown)
    a = analyse(data, codebook=CB, seed=1)
    c = compare_groups(a, codebook=CB, n_boot=50, seed=1)
    assert _no_disclosure(c, a.pairs, min_n=5) > 300
    # and the residual rule did bite: some cells have both levels >= 5 but are suppressed
    levels = c.table.loc[c.table["level"] != "all"].groupby(["own_group", "target_group"])
    bitten = levels["suppressed"].all() & (levels["n"].min() >= 5)
    assert bitten.sum() > 0


def test_shipped_survey_says_plainly_that_no_cell_can_be_significant(by_size):
    # 12 organisations, 3 large: C(12, 3) = 220 relabellings, smallest p = 1/220.
    assert (by_size.permutations, by_size.exact) == (220, True)
    assert by_size.p_min == pytest.approx(1 / 220)
    tested = int((~by_size.tests["suppressed"]).sum())
    needed = math.floor(tested / 220 / 0.05) + 1
    assert "all 220 relabellings (exact) of 12 municipalities (9 other, 3 large)" in by_size.note
    assert "The smallest attainable p is 0.0045" in by_size.note
    assert f"only if at least {needed} cells share the smallest p" in by_size.note
    assert "descriptive, not as significant findings" in by_size.note
    assert (by_size.tests["q_value"].dropna() >= 0.05).all()
    assert (by_size.tests["p_value"].dropna() >= 1 / 220 - 1e-15).all()


def _survey_40(seed, *, respondents, shift_cells=(), municipality_sd=0.0):
    """40 organisations (10 large), the shipped design without its size effect; answers of
    large organisations in ``shift_cells`` one scale point higher (clipped at the top)."""
    design = copy.deepcopy(load_design(codebook=CB))
    design.pop("size_effects")
    d = generate(CB, design, organisations=40, large=10, respondents=respondents, invited=int(respondents * 2.6), seed=seed).data
    shift = np.zeros(len(d))
    own, target = d["own_group"].astype(str), d["target_group"].astype(str)
    for o, t in shift_cells:
        shift[((own == o) & (target == t) & (d["size_class"] == "large")).to_numpy()] = 1
    if municipality_sd:
        rng = np.random.default_rng(seed)
        names = d["municipality"].unique()
        shift += np.rint(d["municipality"].map(dict(zip(names, rng.normal(0, municipality_sd, len(names))))).to_numpy())
    for item in ("frequency", "reciprocity", "need"):
        x = d[item].astype("Float64")
        ok = (x.notna() & (x <= CB.scale.max)).to_numpy()  # leave "can't say" codes alone
        x[ok] = np.clip(x[ok].to_numpy() + shift[ok], CB.scale.min, CB.scale.max)
        d[item] = x.astype("Int64")
    return read_survey(d, codebook=CB).data


PLANTED = [("2.1", "2.12"), ("2.7", "2.16"), ("2.12", "2.9"), ("2.16", "2.4"), ("2.5", "2.10")]


def test_planted_cells_are_found_and_almost_nothing_else():
    # Five cross-block cells, +1 scale point for large organisations (about +40 on the
    # index). 9999 sampled relabellings: smallest p 1e-4, so five cells at it get q = 0.0072.
    # Measured over seeds 0-7 at this size: the planted cells' largest q was 0.044 and other
    # cells reached q < 0.05 in one seed of eight (two cells), as BH's 5 % FDR allows.
    a = analyse(_survey_40(1, respondents=1200, shift_cells=PLANTED), codebook=CB, seed=1)
    c = compare_groups(a, codebook=CB, n_boot=300, seed=1)
    t = c.tests.set_index(["own_group", "target_group"])
    assert not c.exact and c.permutations == 9999
    planted = t.loc[PLANTED]
    assert (planted["q_value"] < 0.05).all()
    assert planted["diff"].between(25, 60).all()  # about one scale point
    assert (planted["ci_low"] > 0).all()
    assert int((t.drop(index=PLANTED)["q_value"] < 0.05).sum()) <= 1


@pytest.mark.slow
def test_cell_tests_are_calibrated_without_a_difference():
    # 40 surveys without any size difference; share of tested cells with p < 0.05.
    # Measured: 0.0425 mean over 20 seeds, SD 0.015 between seeds (cells share respondents
    # and labels, so they are correlated). Over 40 seeds the mean has SE ~0.0025: the band
    # [0.03, 0.06] is nominal 0.05 +- 4 SE, and a test that ignored the nesting or
    # mis-counted the observed labelling would leave it.
    rates = []
    for seed in range(40):
        a = analyse(_survey_40(100 + seed, respondents=600), codebook=CB, seed=1)
        p = compare_groups(a, codebook=CB, permutations=999, n_boot=1, seed=seed).tests["p_value"].dropna()
        rates.append(float((p < 0.05).mean()))
    assert 0.03 <= np.mean(rates) <= 0.06, np.mean(rates)


@pytest.mark.slow
def test_respondent_permutation_is_too_liberal_when_municipalities_differ():
    # Municipalities shifted by round(N(0, 1)) scale points, no size difference. Measured
    # over 30 seeds: municipality unit 0.045 (SD 0.052 between seeds, SE 0.0095),
    # respondent unit 0.117 (SD 0.095, SE 0.017). Bounds at about 2 SE from each.
    rates = {"municipality": [], "respondent": []}
    for seed in range(30):
        a = analyse(_survey_40(100 + seed, respondents=600, municipality_sd=1.0), codebook=CB, seed=1)
        for unit, found in rates.items():
            c = compare_groups(a, codebook=CB, permutations=999, n_boot=1, permutation_unit=unit, seed=seed)
            found.append(float((c.tests["p_value"].dropna() < 0.05).mean()))
    assert np.mean(rates["municipality"]) <= 0.07
    assert np.mean(rates["respondent"]) >= 0.08


# --------------------------------------------------------------------------- clusters


@pytest.fixture(scope="module")
def clusters(shipped):
    return compare_clusters(shipped, codebook=CB, seed=1)


@pytest.mark.slow
def test_cluster_comparison_on_the_shipped_survey(shipped, clusters):
    assert (clusters.permutations, clusters.exact) == (220, True)
    assert len(clusters.null) == 220
    # the observed labelling is one of the 220, so p >= 1/220; no planted difference
    assert 1 / 220 <= clusters.p_value <= 1 and clusters.p_value > 0.05
    assert clusters.p_value == pytest.approx(np.mean(clusters.null <= clusters.statistic + 1e-12))
    assert clusters.ari["ari"].iloc[0] == pytest.approx(clusters.statistic)
    assert clusters.memberships.groupby("level").size().to_dict() == {"large": 21, "other": 21}
    layout = shipped.clusters.set_index("node")[["x", "y"]]
    for nodes in clusters.nodes.values():  # one shared layout
        pd.testing.assert_frame_equal(nodes.set_index("node")[["x", "y"]], layout)


def test_level_graphs_use_only_published_cells(by_size, clusters):
    shown = by_size.table.loc[(by_size.table["level"] == "large") & ~by_size.table["suppressed"]]
    allowed = {frozenset(p) for p in zip(shown["own_group"], shown["target_group"])}
    assert all(frozenset(e) in allowed for e in clusters.graphs["large"].edges)


def test_difference_graph_is_second_minus_first(by_size, clusters):
    a, b, d = next(iter(clusters.difference.edges(data=True)))
    assert d["diff"] == pytest.approx(d["mean_b"] - d["mean_a"]) and d["weight"] == abs(d["diff"])
    means = by_size.table.set_index(["own_group", "target_group", "level"])["mean"]
    ab = [means.get((x, y, "large"), np.nan) for x, y in ((a, b), (b, a))]
    assert d["mean_b"] == pytest.approx(np.nanmean(ab))  # the symmetrised large-city mean


def test_identical_groups_give_ari_one():
    # Two copies of one survey, one labelled large and one other: same partition, ARI 1.
    data = load_example()
    twin = data.assign(municipality=data["municipality"] + " B", respondent_id=data["respondent_id"] + "b", size_class="large")
    both = pd.concat([data.assign(size_class="other"), twin], ignore_index=True)
    a = analyse(both, codebook=CB, seed=1)
    c = compare_clusters(a, codebook=CB, permutation_unit="respondent", permutations=20, seed=1)
    assert c.statistic == 1.0 and c.p_value == 1.0


# --------------------------------------------------------------------------- sensitivity


@pytest.mark.parametrize("mode", ["exclude", "only", "split"])
def test_housing_services_lean_towards_treatment_and_care(shipped, mode):
    s = sensitivity(shipped, codebook=CB, subgroup="asumispalvelut", mode=mode, replicates=100, seed=1)
    leans = s.leans.set_index(["node", "cluster_name"])
    treatment = "Treatment and care"
    full_share = leans.loc[("2.3", treatment), "share_full"]
    # From the full graph: the weight of 2.3's ties into treatment and care over all its ties.
    g, of = shipped.graph, shipped.clusters.set_index("node")["cluster_name"]
    ties = {v: w for _, v, w in g.edges("2.3", data="weight")}
    assert full_share == pytest.approx(sum(w for v, w in ties.items() if of[v] == treatment) / sum(ties.values()), abs=1e-12)
    assert full_share < 0.5  # 2.3 whole: mostly with the resident cluster
    nodes = s.nodes.set_index("node")
    if mode == "exclude":  # without the housing services 2.3 is firmly a resident-care group
        assert leans.loc[("2.3", treatment), "share"] < 0.1
        assert not nodes["changed"].any()
    elif mode == "only":  # the housing services alone: 2.3 moves to treatment and care
        assert leans.loc[("2.3", treatment), "share"] > 0.75
        assert nodes.loc["2.3", ["changed", "cluster_name"]].tolist() == [True, treatment]
        assert nodes["changed"].sum() == 1
    else:  # a node of their own, in treatment and care; the rest of 2.3 stays
        assert leans.loc[("2.3.asumispalvelut", treatment), "share"] > 0.9
        assert nodes.loc["2.3.asumispalvelut", ["parent", "changed", "cluster_name"]].tolist() == ["2.3", True, treatment]
        assert not nodes.loc["2.3", "changed"]
    # 2.3 is torn between the clusters in the full run; every rerun settles it
    target = "2.3.asumispalvelut" if mode == "split" else "2.3"
    assert nodes.loc[target, "stability_full"] < 0.9 and nodes.loc[target, "stability_change"] > 0.05


def test_sensitivity_follows_an_attached_bootstrap(shipped):
    from integraatio.stability import attach_bootstrap, bootstrap

    a = attach_bootstrap(shipped, bootstrap(shipped, replicates=60, seed=3))
    s = sensitivity(a, codebook=CB, subgroup="asumispalvelut", mode="only")
    assert s.parameters["replicates"] == 60 and s.parameters["bootstrap_seed"] == 3
    full = a.clusters.set_index("node")["stability"]
    np.testing.assert_array_equal(s.nodes["stability_full"], full.loc[s.nodes["parent"]].to_numpy())
    assert s.nodes["stability"].notna().all()


def test_sensitivity_keeps_the_full_scale(shipped):
    s = sensitivity(shipped, codebook=CB, subgroup="asumispalvelut", mode="exclude")
    # groups other than 2.3 are untouched: their cells are the full run's, value for value
    full = shipped.pairs.set_index(["own_group", "target_group"])
    rerun = s.analysis.pairs.set_index(["own_group", "target_group"])
    untouched = [k for k in rerun.index if k[0] != "2.3"]
    pd.testing.assert_frame_equal(rerun.loc[untouched], full.loc[untouched])
    assert np.isnan(s.nodes["stability"]).all()  # no bootstrap asked


def test_sensitivity_hides_what_subtraction_would_reveal(shipped):
    # A subgroup of two 2.3 respondents: leaving them out would give their means as
    # full - rest, so every 2.3 cell of the rerun is suppressed; split, both parts are.
    data = shipped.scores.data
    two = data.loc[data["own_group"] == "2.3", "respondent_id"].unique()[:2]
    small = dataclasses.replace(shipped, scores=dataclasses.replace(
        shipped.scores, data=data.assign(subgroup=data["subgroup"].where(~data["respondent_id"].isin(two), "pieni"))))
    s = sensitivity(small, codebook=CB, subgroup="pieni", mode="exclude")
    assert s.analysis.pairs.loc[s.analysis.pairs["own_group"] == "2.3", "suppressed"].all()
    s = sensitivity(small, codebook=CB, subgroup="pieni", mode="split")
    p = s.analysis.pairs
    assert p.loc[p["own_group"].isin(["2.3", "2.3.pieni"]), "suppressed"].all()
    assert s.parameters["cells_hidden"] > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"subgroup": "asumispalvelut", "mode": "drop"}, r"`mode` must be one of exclude, only, split; got 'drop'\."),
        ({"subgroup": "nope"}, r"`subgroup` 'nope' has no scored ratings; the data's subgroups are asumispalvelut\."),
        ({"subgroup": "asumispalvelut", "replicates": -1}, r"`replicates` must be an integer >= 0; got -1\."),
    ],
)
def test_sensitivity_errors(shipped, kwargs, match):
    with pytest.raises(ValueError, match=match):
        sensitivity(shipped, codebook=CB, **kwargs)


def test_suppress_hides_a_cell_everywhere():
    # Tie {1, 2}: cells 1 -> 2 (116) and 2 -> 1 (100) give (116 + 100) / 2 - 100 = 8.
    a = tiny_analysis()
    assert a.graph["1"]["2"]["weight"] == 8.0
    # With 2 -> 1 suppressed only 1 -> 2 is left: 116 - 100 = 16.
    b = analyse_scores(a.scores, codebook=TINY_CB, min_n=2, seed=1, suppress=pd.DataFrame({"own_group": ["2"], "target_group": ["1"]}))
    row = cell(b.pairs, "2", "1")
    assert row["suppressed"] and np.isnan(row["mean"]) and row["n"] == 3
    assert b.graph["1"]["2"]["weight"] == 16.0


# --------------------------------------------------------------------------- codebook labels


def test_codebook_size_class_labels():
    assert [s.name for s in CB.size_classes] == ["other", "large"]
    assert [CB.level_label("size_class", v) for v in ("other", "large", "all")] == ["Muut", "Suuret", "Kaikki"]
    assert CB.level_label("size_class", "large", "en") == "Large cities"
    assert CB.level_label("region", "north") == "north"  # no labels: the value itself
    assert CB.municipality_attributes["Oulu"]["size_class"] == "large"


@pytest.mark.parametrize(
    "extra, match",
    [
        ('[[size_classes]]\nname = "large"\nfi = "Suuret"\n', r"\[\[size_classes\]\] entry 1 has no `en`"),
        ('[[size_classes]]\nname = "a"\nfi = "A"\nen = "A"\n[[size_classes]]\nname = "a"\nfi = "B"\nen = "B"\n',
         r"\[\[size_classes\]\] names \['a', 'a'\] repeat; give each size class one entry\."),
        ('[pooled]\nfi = "Kaikki"\nen = 3\n', r"`en` in \[pooled\] must be a str; got 3\."),
    ],
)
def test_codebook_size_class_errors(tmp_path, extra, match):
    text = '[scale]\nmin = 1\nmax = 5\n[[groups]]\ncode = "1"\nfi = "a"\nen = "a"\norganiser = "municipality"\n' + extra
    path = tmp_path / "cb.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=match):
        load_codebook(path)


# --------------------------------------------------------------------------- views


@pytest.mark.parametrize("group", ["2.2", "2.3", "2.6", "2.10", "2.17"])
def test_slide_views_in_one_call_each(by_size, group):
    rows = by_size.table.loc[by_size.table["own_group"] == group]
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_group_bars(by_size, own_group=group, codebook=CB, ax=left) is left
    bars = [p for p in left.patches if p.get_width() > 0]
    assert len(bars) == rows["mean"].notna().sum()  # a bar for every published mean, none else
    red = sum(p.get_facecolor()[:3] == to_rgb(HIGHLIGHT) for p in bars)
    assert red == (rows["mean"] > 140).sum()
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["Muut", "Suuret", "Kaikki", "> 140"]
    assert sum(t.get_text() == ".." for t in left.texts) == rows["mean"].isna().sum()
    assert plot_group_table(by_size, own_group=group, codebook=CB, ax=right) is right
    cells = right.tables[0].get_celld()
    texts = [c.get_text() for (i, j), c in cells.items() if i >= 1 and j >= 0]
    assert len(texts) == 20 * 3
    assert sum(t.get_color() == HIGHLIGHT for t in texts) == (rows["mean"] > 140).sum()
    assert plt.gcf() is fig


def test_views_reject_an_unknown_group(by_size):
    with pytest.raises(ValueError, match=r"`own_group` '2.19' has no ratings in the comparison; pick a group that answered\."):
        plot_group_bars(by_size, own_group="2.19", codebook=CB)


def test_difference_view_draws_every_pair(clusters):
    ax = plot_network_difference(clusters.difference, nodes=clusters.nodes["other"], labels=("Muut", "Suuret"))
    assert len(ax.lines) == clusters.difference.number_of_edges()
    red = sum(line.get_color() == HIGHLIGHT for line in ax.lines)
    assert red == sum(d > 0 for *_, d in clusters.difference.edges(data="diff"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["korkeampi: Suuret", "korkeampi: Muut"]


# --------------------------------------------------------------------------- command line

runner = CliRunner()


@pytest.mark.slow
def test_cli_compare_writes_the_contract(tmp_path):
    r = runner.invoke(app, ["compare", "--by", "size_class", "--out", str(tmp_path), "--view", "2.2", "--split-subgroup",
                            "asumispalvelut", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "The smallest attainable p is 0.0045" in r.output and "2.3.asumispalvelut" in r.output
    # 220 = C(12, 3) relabellings of 12 municipalities, 3 of them large: p_min = 1/220 (exact test).
    fi = runner.invoke(app, ["compare", "--by", "size_class", "--out", str(tmp_path / "fi"), "--no-figures"])
    assert "kaikki 220 uudelleenjakoa (tarkka), 12 kuntaa" in fi.output and "Pienin mahdollinen p on 0,0045" in fi.output
    table = pd.read_csv(tmp_path / "compare_size_class.csv")
    assert {"own_group", "target_group", "level", "n", "mean", "suppressed"} <= set(table.columns)
    assert set(table["level"]) == {"other", "large", "all"}
    tests = pd.read_csv(tmp_path / "compare_size_class_tests.csv")
    assert {"own_group", "target_group", "p_value", "q_value", "permutation_unit", "diff", "ci_low", "ci_high"} <= set(tests.columns)
    summary = json.loads((tmp_path / "compare_size_class_summary.json").read_text(encoding="utf-8"))
    assert summary["p_min"] == pytest.approx(1 / 220) and summary["parameters"]["seed"] == 1
    for f in ("compare_size_class_networks.png", "compare_size_class_2_2_bars.png", "compare_size_class_2_2_table.png",
              "sensitivity_split_asumispalvelut.csv", "sensitivity_split_asumispalvelut_leans.csv"):
        assert (tmp_path / f).stat().st_size > 0, f


@pytest.mark.slow
def test_cli_run_compare_by_respondent(tmp_path):
    r = runner.invoke(app, ["run", "--out", str(tmp_path), "--no-figures", "--compare-by", "size_class",
                            "--permutation-unit", "respondent", "--permutations", "99", "--only-subgroup", "asumispalvelut"])
    assert r.exit_code == 0, r.output
    tests = pd.read_csv(tmp_path / "compare_size_class_tests.csv")
    assert set(tests["permutation_unit"]) == {"respondent"} and set(tests["permutations"]) == {99}
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["compare"]["permutation_unit"] == "respondent"
    assert manifest["parameters"]["sensitivity"] == ["only_asumispalvelut"]
    nodes = pd.read_csv(tmp_path / "sensitivity_only_asumispalvelut.csv", dtype={"node": str})
    assert nodes.set_index("node").loc["2.3", "changed"]


def test_cli_compare_reports_a_bad_column(tmp_path):
    r = runner.invoke(app, ["compare", "--by", "nope", "--out", str(tmp_path), "--lang", "en"])
    assert r.exit_code == 2
    assert "`by` = 'nope' is neither a column of the survey" in r.output
