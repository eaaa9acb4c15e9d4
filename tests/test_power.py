"""Power as the researcher means it (integraatio.planning, issue 23): a difference in one
cell, checked against a permutation simulation written here from scratch."""

import dataclasses
import math
from itertools import combinations

import numpy as np
import pytest

from integraatio.codebook import load_codebook
from integraatio.composite import score
from integraatio.datasets import load_example
from integraatio.planning import plan, plan_sentences
from integraatio.synth import fit_survey, generate_fitted

CB = load_codebook()
CODES = CB.codes[:4]  # 2.1 to 2.4: 4 x 3 = 12 cells, so one cell's q can get below 0.05
SMALL = dataclasses.replace(CB, groups=CB.groups[:4], reference_clusters=())
ORGANISATIONS, LARGE = 16, 4  # the pilot's 3 large of 12, kept: 4 of 16, C(16, 4) = 1820 relabellings
SIZE, EFFECT, SURVEYS = 30, 50.0, 60


def _pilot():
    data = load_example()
    return data.loc[data["own_group"].isin(CODES) & data["target_group"].isin(CODES)].reset_index(drop=True)


def _bh(p):
    """Benjamini-Hochberg by its definition: q_(i) = min over j >= i of p_(j) m / j."""
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(q)
    out[order] = np.minimum(q, 1)
    return out


def _one_survey(data, rng):
    """Plant EFFECT in one cell drawn at random among those both levels can publish (5+
    ratings each), test every cell by relabelling whole organisations in all 1,820 ways,
    T = sum over levels of n_l (mean_l - mean)^2; return (found at q < 0.05, p < 0.05)."""
    frame = score(data).scores
    x = frame["integration_need"].to_numpy(float)
    cell = (frame["own_group"] + ">" + frame["target_group"]).to_numpy()
    org_names = np.array(sorted(frame["municipality"].unique()))
    org = np.searchsorted(org_names, frame["municipality"].to_numpy())
    large_orgs = set(frame.loc[frame["size_class"] == "large", "municipality"])
    is_large = np.isin(org_names, list(large_orgs))
    cells = np.array(sorted(set(cell)))
    counts = {c: (np.sum((cell == c) & is_large[org]), np.sum((cell == c) & ~is_large[org])) for c in cells}
    eligible = [c for c in cells if min(counts[c]) >= 5]
    chosen = eligible[rng.integers(len(eligible))]
    x = x + EFFECT * ((cell == chosen) & is_large[org])
    labellings = np.zeros((math.comb(len(org_names), int(is_large.sum())), len(org_names)), bool)
    for row, members in enumerate(combinations(range(len(org_names)), int(is_large.sum()))):
        labellings[row, list(members)] = True
    p = np.empty(len(eligible))
    for i, c in enumerate(eligible):
        inside = cell == c
        per_org_n = np.bincount(org[inside], minlength=len(org_names))
        per_org_s = np.bincount(org[inside], weights=x[inside], minlength=len(org_names))
        n1, s1 = labellings @ per_org_n, labellings @ per_org_s
        n0, s0 = per_org_n.sum() - n1, per_org_s.sum() - s1
        mean = per_org_s.sum() / per_org_n.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            t = n1 * (s1 / n1 - mean) ** 2 + n0 * (s0 / n0 - mean) ** 2
        defined = (n1 > 0) & (n0 > 0)
        observed = is_large.copy()
        t_obs = t[np.flatnonzero((labellings == observed).all(axis=1))[0]]
        p[i] = np.sum(defined & (t >= t_obs * (1 - 1e-9))) / defined.sum()
    q = _bh(p)
    at = eligible.index(chosen)
    return q[at] < 0.05, p[at] < 0.05


@pytest.mark.slow
def test_single_cell_power_matches_an_independent_permutation_simulation():
    pilot = _pilot()
    fit = fit_survey(pilot, codebook=SMALL)
    found = np.array([_one_survey(generate_fitted(fit, respondents=SIZE, organisations=ORGANISATIONS, seed=1000 + k),
                                  np.random.default_rng(k)) for k in range(SURVEYS)])
    p = plan(pilot, codebook=SMALL, sizes=[SIZE], replicates=SURVEYS, organisations=ORGANISATIONS, effect=EFFECT,
             compare_by="size_class", placement="cell", refit=False, seed=3)
    row = p.table.iloc[0]
    # Both are shares of 60 surveys (standard error at most 0.065 each): 0.25 is about 2.7
    # standard errors of their difference.
    assert abs(row["power"] - found[:, 0].mean()) < 0.25, (row["power"], found[:, 0].mean())
    assert abs(row["power_unadjusted"] - found[:, 1].mean()) < 0.25, (row["power_unadjusted"], found[:, 1].mean())
    assert 0.15 < found[:, 0].mean() < 0.85  # a design where power is neither 0 nor 1
    # By hand: 1,820 relabellings enumerated, p_min = 1/1820; one cell among 12: q_min = 12/1820.
    assert row["p_min"] == pytest.approx(1 / 1820) and row["q_min"] == pytest.approx(12 / 1820)
    assert p.parameters["placement"] == "cell" and p.parameters["permutations"] == 9999


def test_one_cell_cannot_be_found_with_twelve_organisations_and_the_plan_says_so():
    # The shipped pilot: 3 large of 12 organisations, 220 relabellings, p_min = 1/220; a
    # single cell among m tested reaches q = m/220 at best, above 0.05 for m > 11.
    p = plan(sizes=[10, 20], replicates=3, effect=45, compare_by="size_class", seed=1)
    t = p.table
    assert t["p_min"].tolist() == pytest.approx([1 / 220] * 2) and (t["power"] == 0).all()
    assert (t["q_min"] > 0.05).all()  # m / 220 > 0.05 once 12 or more cells are tested
    said = " ".join(plan_sentences(p, lang="en"))
    assert "No size in the grid can find a 45-point difference in one cell at q < 0.05" in said
    everywhere = plan(sizes=[20], replicates=3, effect=45, compare_by="size_class", placement="all", seed=1).table
    assert everywhere["q_min"].iloc[0] < 0.05 < t["q_min"].iloc[1]  # many true differences share the smallest p


@pytest.mark.slow
def test_refitted_pilots_show_how_uncertain_the_pilots_clusters_are():
    # A pilot generated without any planted structure (signal 0) has clusters of noise:
    # refitted on bootstrap resamples they disagree with it. Surveys drawn from the pilot
    # itself hide this. The shipped pilot's two clusters survive most resamples.
    from integraatio.synth import generate

    noise = generate(signal=0.0, seed=4).data
    noise = noise.assign(**{i: noise[i].where(noise[i] < 6) for i in ("frequency", "reciprocity", "need")})
    weak = plan(noise, sizes=[20], replicates=6, seed=1).table.iloc[0]
    strong = plan(sizes=[20], replicates=6, seed=1).table.iloc[0]
    assert weak["pilot_ari_mean"] < 0.5 < 0.8 < strong["pilot_ari_mean"] <= 1
    assert weak["pilot_ari_low"] <= weak["pilot_ari_mean"] <= weak["pilot_ari_high"]
    fixed = plan(sizes=[20], replicates=6, seed=1, refit=False)
    assert fixed.table[["pilot_ari_mean", "pilot_ari_low", "pilot_ari_high"]].isna().all().all()
    said = plan_sentences(plan(sizes=[20], replicates=6, seed=1), lang="en")
    assert said[1].startswith("Refitted on 6 bootstrap resamples of its respondents")
