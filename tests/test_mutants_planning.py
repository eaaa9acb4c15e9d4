"""The plan's figures counted again from each simulated survey (issue 28), on a pilot of four
groups so that every survey is quick to analyse: the same surveys drawn from the plan's
documented child seeds, each analysed as ``integraatio run`` would, and every column of the
plan's table (and each group's stability) computed from those analyses by its definition in
:class:`integraatio.planning.Plan`."""

import dataclasses
from itertools import combinations
from math import comb

import numpy as np
import pandas as pd
import pytest
from scipy.stats import t

from integraatio.analysis import analyse, analyse_scores
from integraatio.codebook import load_codebook
from integraatio.communities import resolve_engine
from integraatio.compare import compare_groups
from integraatio.composite import score
from integraatio.exceptions import InsufficientDataError
from integraatio.options import AnalysisOptions
from integraatio.planning import ALPHA, STABLE, plan, plan_sentences
from integraatio.synth import fit_survey, generate_fitted
from runs import exact_release
from test_planning_power import SMALL, shifted_comparison, small_pilot

CB = load_codebook()


def _ari(a, b):
    """The adjusted Rand index by its pair-counting definition (Hubert & Arabie 1985)."""
    n = len(a)
    table = pd.crosstab(np.asarray(a), np.asarray(b)).to_numpy()
    together = sum(comb(int(x), 2) for x in table.ravel())
    rows = sum(comb(int(x), 2) for x in table.sum(axis=1))
    cols = sum(comb(int(x), 2) for x in table.sum(axis=0))
    expected = rows * cols / comb(n, 2)
    top = (rows + cols) / 2
    return 1.0 if top == expected else (together - expected) / (top - expected)


def _surveys(fit, *, size, replicates, seed, **chosen):
    """Each simulated survey of one size, analysed on its own: its clusters (a group nobody
    rated, or every group when nothing can be clustered, alone), published cells and widths."""
    labels, published, widths = [], [], []
    for child in np.random.SeedSequence(seed, spawn_key=(size,)).spawn(replicates):  # the child seeds plan documents
        survey_seq, other = child.spawn(2)
        options = AnalysisOptions(**chosen, engine=resolve_engine("auto"),
                                  seed=int(np.random.default_rng(other).integers(2**31)))
        data = generate_fitted(fit, respondents=size, seed=survey_seq)
        try:
            with exact_release():  # plan simulates the cells before the release's noise
                a = analyse_scores(score(data, measure=options.measure, missing=options.missing), codebook=SMALL,
                                   options=options)
        except InsufficientDataError:  # no tie: the plan counts the survey as one whose groups are all alone
            labels.append(list(-1 - np.arange(len(SMALL.codes))))
            published.append(0)
            widths.append(np.nan)
            continue
        labels.append([a.partition.membership.get(c, -1 - i) for i, c in enumerate(SMALL.codes)])
        published.append(int((~a.pairs["suppressed"]).sum()))
        shown = a.pairs.loc[~a.pairs["suppressed"] & (a.pairs["n"] >= 2)]
        widths.append(np.median(2 * t.ppf(0.975, shown["n"] - 1) * shown["sd"] / np.sqrt(shown["n"])))
    return np.array(labels), np.array(published), np.array(widths)


def _stability(truth, labels):
    """Group i's stability: over surveys and over i's cluster mates j in the truth, the share
    with i and j in one cluster; a group alone in the truth: the share of surveys where it is alone."""
    g = len(truth)
    out = []
    for i in range(g):
        mates = [j for j in range(g) if j != i and truth[j] == truth[i]]
        if mates:
            out.append(np.mean([lab[i] == lab[j] for lab in labels for j in mates]))
        else:
            out.append(np.mean([sum(lab == lab[i]) == 1 for lab in labels]))
    return np.array(out)


@pytest.fixture(scope="module")
def pilot():
    return small_pilot()


@pytest.fixture(scope="module")
def fit(pilot):
    return fit_survey(pilot, codebook=SMALL)


@pytest.mark.parametrize("seed", [3, 7])  # 7: two groups of stability exactly 0.8 (4 of 5 surveys), stable
def test_every_column_is_its_definition_over_the_simulated_surveys(pilot, fit, seed):
    """Without refit every survey's truth is the pilot's clusters: the ARI, its SD and 2.5 /
    97.5 % quantiles, the share reproduced exactly, each group's stability and the share of
    stable groups, the interval width and the suppressed share, from each survey's own
    analysis; the pilot's counts from its respondents."""
    size, surveys = 6, 5
    p = plan(pilot, codebook=SMALL, sizes=[size], replicates=surveys, refit=False, seed=seed)
    full = analyse(pilot, codebook=SMALL, seed=seed).partition.membership
    truth = np.array([full[c] for c in SMALL.codes])
    assert p.pilot["membership"] == {c: int(full[c]) for c in SMALL.codes}
    labels, published, widths = _surveys(fit, size=size, replicates=surveys, seed=seed)
    ari = np.array([_ari(truth, lab) for lab in labels])
    assert 0 < ari.mean() < 1  # surveys that differ: the figures can tell
    row = p.table.iloc[0]
    assert row["respondents_per_group"] == size and row["respondents"] == 4 * size and row["surveys"] == surveys
    assert row["organisations"] == pilot["municipality"].nunique() == 12
    assert row["ari_mean"] == pytest.approx(ari.mean(), abs=1e-12)
    assert row["ari_sd"] == pytest.approx(np.std(ari, ddof=1), abs=1e-12)
    assert row["ari_low"] == pytest.approx(np.quantile(ari, 0.025), abs=1e-12)
    assert row["ari_high"] == pytest.approx(np.quantile(ari, 0.975), abs=1e-12)
    assert row["share_reproduced"] == pytest.approx(np.mean(ari > 1 - 1e-12), abs=1e-12)
    stab = _stability(truth, labels)
    assert seed != 7 or (stab == STABLE).sum() == 2
    np.testing.assert_allclose(p.stability["stability"].to_numpy(), stab, atol=1e-12)
    assert p.stability["node"].tolist() == SMALL.codes and p.stability["cluster"].tolist() == truth.tolist()
    assert (p.stability["respondents_per_group"] == size).all()
    assert row["share_stable"] == pytest.approx(np.mean(stab >= STABLE), abs=1e-12)
    assert row["share_suppressed"] == pytest.approx(1 - published.mean() / (4 * 3), abs=1e-12)  # 4 groups rate 3 others
    assert row["ci_width"] == pytest.approx(np.nanmedian(widths), rel=1e-12)
    assert np.isnan(row[["pilot_ari_mean", "pilot_ari_low", "pilot_ari_high", "effect", "power", "power_unadjusted",
                         "p_min", "q_min"]].to_numpy(float)).all() and row["placement"] is None
    per_group = pilot.groupby("own_group")["respondent_id"].nunique()
    assert p.pilot["respondents"] == per_group.sum() == pilot["respondent_id"].nunique()
    assert (p.pilot["min_per_group"], p.pilot["max_per_group"]) == (per_group.min(), per_group.max())
    assert p.pilot["respondents_per_group"] == per_group.median() and p.pilot["organisations"] == 12
    assert p.pilot["clusters"] == len(set(full.values()))
    assert p.parameters == {"input": None, "input_sha256": None, "sizes": [size], "organisations": None, "effect": None, "compare_by": None,
                   "effect_targets": None, "replicates": surveys, "permutations": 9999, "refit": False, "min_n": 5,
                   "resolution": 1.0, "engine": resolve_engine("auto"), "stable": 0.8, "alpha": 0.05, "seed": seed}


def _power(fit, *, size, surveys, seed, effect, placement, targets=None):
    """Each survey's power counted by hand: the comparison's testable cells (of ``targets``),
    those ``placement`` picks with the survey's third child seed (a target group drawn in code
    order, or one cell in the tests' order), the effect added to the second level's ratings
    there, and the share of those cells with q (p) < 0.05; p_min and q_min = min(1, p_min m / k)."""
    found = []
    for child in np.random.SeedSequence(seed, spawn_key=(size,)).spawn(surveys):
        survey_seq, other, pick = child.spawn(3)
        run_seed = int(np.random.default_rng(other).integers(2**31))
        scores = score(generate_fitted(fit, respondents=size, seed=survey_seq))
        a = analyse_scores(scores, codebook=SMALL, seed=run_seed)
        testable = compare_groups(a, codebook=SMALL, by="size_class", permutations=1, n_boot=1, seed=run_seed).tests
        shown = testable.loc[~testable["suppressed"].to_numpy(bool)]
        if targets is not None:
            shown = shown.loc[shown["target_group"].isin(targets)]
        rng = np.random.default_rng(pick)
        if placement == "group":
            chosen = [c for c in SMALL.codes if c in set(shown["target_group"])]  # the codebook's codes are in code order
            shown = shown.loc[shown["target_group"] == chosen[rng.integers(len(chosen))]]
        elif placement == "cell":
            shown = shown.iloc[[rng.integers(len(shown))]]
        cells = set(zip(shown["own_group"], shown["target_group"]))
        tests, tested, carries, smallest = shifted_comparison(a, scores, cells, effect=effect, seed=run_seed)
        found.append((np.mean(tests["q_value"].to_numpy(float)[carries] < ALPHA),
                      np.mean(tests["p_value"].to_numpy(float)[carries] < ALPHA), smallest,
                      min(1.0, smallest * tested.sum() / carries.sum()), carries.sum(), tested.sum()))
    return np.array(found)


# all, 40: the difference is added, not taken away: -40 would find 39 % and 58 %, not 31 % and 53 %.
# cell, 30: the cell drawn matters: the first testable cell would reach p < 0.05 in the third survey.
@pytest.mark.parametrize("placement, effect", [("group", 80.0), ("cell", 60.0), ("cell", 30.0), ("all", 40.0)])
def test_power_of_a_group_or_a_cell_is_counted_in_the_cells_drawn(pilot, fit, placement, effect):
    """One target group's cells (drawn among the testable targets in code order), one cell
    or every cell carry the difference, added to the second level's ratings; power and
    power_unadjusted are means over surveys of the carrying cells' shares found, p_min and
    q_min medians."""
    size, surveys, seed = 30, 3, 2
    p = plan(pilot, codebook=SMALL, sizes=[size], replicates=surveys, effect=effect, compare_by="size_class",
             placement=placement, refit=False, seed=seed)
    found = _power(fit, size=size, surveys=surveys, seed=seed, effect=effect, placement=placement)
    row = p.table.iloc[0]
    assert (row["effect"], row["placement"]) == (effect, placement)
    assert placement == "all" or (found[:, 4] < found[:, 5]).all()  # some tested cells carry nothing: m / k matters
    assert row["power"] == pytest.approx(found[:, 0].mean(), abs=1e-12)
    assert row["power_unadjusted"] == pytest.approx(found[:, 1].mean(), abs=1e-12)
    assert row["p_min"] == pytest.approx(np.median(found[:, 2])) and row["q_min"] == pytest.approx(np.median(found[:, 3]))


def _table(**columns):
    """A plan table of two sizes, 5 and 10 per group: the given columns over defaults."""
    from integraatio.planning import PLAN_COLUMNS

    base = {"respondents_per_group": [5, 10], "respondents": [20, 40], "organisations": [12, 12], "surveys": [4, 4],
            "ari_mean": [0.5, 0.95], "ari_sd": [0.1, 0.1], "ari_low": [0.2, 0.8], "ari_high": [0.8, 1.0],
            "share_reproduced": [1 / 3, 0.75], "share_stable": [0.5, 0.95], "pilot_ari_mean": [0.625, 0.625],
            "pilot_ari_low": [0.25, 0.25], "pilot_ari_high": [1.0, 1.0], "ci_width": [41.4, 30.6],
            "share_suppressed": [0.2, 0.0], "effect": [np.nan] * 2, "placement": [None] * 2, "power": [np.nan] * 2,
            "power_unadjusted": [np.nan] * 2, "p_min": [np.nan] * 2, "q_min": [np.nan] * 2}
    return pd.DataFrame({**base, **columns}, columns=PLAN_COLUMNS)


PILOT = {"respondents": 77, "respondents_per_group": 19.5, "min_per_group": 14, "max_per_group": 25, "organisations": 12,
         "clusters": 2, "membership": {}}


def test_sentences_say_each_figure_of_a_hand_made_plan():
    """The pilot line, the refitted pilots' ARI (from the first row), one line per size with
    its power, the unreachable difference (every q_min >= 0.05: the row with the smallest)
    and the first size with mean ARI >= 0.9 and >= 90 % of groups stable."""
    from integraatio.planning import Plan

    table = _table(effect=[15.0, 15.0], placement=["cell", "cell"], power=[0.0, 0.25], power_unadjusted=[0.5, 0.75],
                   p_min=[0.0045, 0.0045], q_min=[0.0546, 0.05])
    params = {"replicates": 4, "seed": 7, "refit": True, "compare_by": "size_class", "levels": ["other", "large"],
              "second_level_organisations": 3}
    lines = plan_sentences(Plan(table=table, stability=pd.DataFrame(), pilot=PILOT, parameters=params), lang="en",
                           codebook=CB)
    assert lines[0] == ("The pilot has 77 respondents from 12 organisations; 14 to 25 per task group (median 19.5). "
                        "It has 2 clusters. For each size, 4 surveys were simulated from the pilot (seed 7).")
    assert lines[1].startswith("Refitted on 4 bootstrap resamples of its respondents, the pilot's clusters agree with "
                               "its own at a mean ARI of 0.62 (95% range 0.25 to 1.00).")
    assert lines[2] == ("With 5 respondents per group, 33% of simulated surveys reproduce exactly the clusters they were "
                        "drawn from (mean ARI 0.50); 50% of the groups are stable; the 95% interval of a cell mean is "
                        "typically 41 points wide; 20% of the cells are suppressed. The comparison by municipality size "
                        "finds a 15-point difference in one cell with 0% power (q < 0.05; smallest attainable p 0.0045 "
                        "and q 0.055; 12 organisations, Large cities: 3).")
    assert lines[3].startswith("With 10 respondents per group, 75% of") and lines[3].endswith(
        "with 25% power (q < 0.05; smallest attainable p 0.0045 and q 0.050; 12 organisations, Large cities: 3).")
    assert lines[4].startswith("No size in the grid can find a 15-point difference in one cell at q < 0.05: with 12 "
                               "organisations the comparison's smallest attainable p is 0.0045, and Benjamini-Hochberg "
                               "over the cells tested lifts it to q = 0.050 at best.")
    assert lines[5].endswith("stable: 10 respondents per group.")
    assert len(lines) == 7 and lines[6].startswith("The simulation assumes")


def test_sentences_without_refit_or_effect_and_no_size_enough():
    """No refit: no uncertainty line; no comparison: no power and no unreachable line; a size
    just below either bar (ARI 0.9 with 89 % stable, ARI 0.89 with all stable) is not enough;
    Finnish numbers and the seed."""
    from integraatio.planning import Plan

    table = _table(ari_mean=[0.9, 0.89], share_stable=[0.89, 1.0])
    lines = plan_sentences(Plan(table=table, stability=pd.DataFrame(), pilot=PILOT,
                                parameters={"replicates": 4, "seed": 7, "refit": False}), lang="en")
    assert len(lines) == 5 and lines[1].startswith("With 5 respondents per group") and "power" not in lines[1]
    assert lines[3] == "No size tried reaches a mean ARI of at least 0.9 with 90% of the groups stable."
    enough = plan_sentences(Plan(table=_table(ari_mean=[0.9, 0.95], share_stable=[0.9, 1.0]), stability=pd.DataFrame(),
                                 pilot=PILOT, parameters={"replicates": 4, "seed": 7}), lang="fi")
    assert enough[0].endswith("(siemenluku 7).") and "(mediaani 19,5)" in enough[0]
    assert enough[3].endswith(": 5 vastaajaa ryhmää kohden.")


def test_sentences_name_a_reachable_difference_and_an_uncatalogued_grouping():
    """One q_min under 0.05: no unreachable line; a grouping with no catalogue entry is named
    by its column, and without a codebook the level by its value; a size without a power
    (no survey could be compared) says nothing of it."""
    from integraatio.planning import Plan

    table = _table(effect=[20.0, 20.0], placement=["all", "all"], power=[np.nan, 0.5], power_unadjusted=[np.nan, 1.0],
                   p_min=[np.nan, 0.01], q_min=[np.nan, 0.04])
    params = {"replicates": 4, "seed": 7, "compare_by": "region", "levels": ["north", "south"],
              "second_level_organisations": 5}
    lines = plan_sentences(Plan(table=table, stability=pd.DataFrame(), pilot=PILOT, parameters=params), lang="en")
    assert lines[1].endswith("of the cells are suppressed.")
    assert lines[2].endswith("The comparison by region finds a 20-point difference in every cell with 50% power (q < "
                             "0.05; smallest attainable p 0.0100 and q 0.040; 12 organisations, south: 5).")
    assert len(lines) == 5 and lines[3].endswith("stable: 10 respondents per group.")


def test_with_refit_each_survey_is_scored_against_its_own_resamples_clusters(pilot, fit):
    """Survey k of every size is drawn from the pilot refitted on bootstrap resample k (child
    seed SeedSequence(seed, spawn_key=(0, k)): respondents drawn with replacement within their
    own group, a respondent drawn twice counted twice), keeping the pilot's organisations and
    groups; its truth T_k is the resample's clusters as a run finds them without the release's
    noise, as each simulated survey's are. The table's ARI is
    ARI(T_k, L_k), pilot_ari ARI(P, T_k), stability counted against T_k."""
    size, surveys, seed = 8, 4, 4
    p = plan(pilot, codebook=SMALL, sizes=[size], replicates=surveys, seed=seed)
    full = analyse(pilot, codebook=SMALL, seed=seed).partition.membership
    pilot_labels = np.array([full[c] for c in SMALL.codes])
    people = np.unique(pilot["respondent_id"].astype(str))
    own = pilot.groupby("respondent_id")["own_group"].first().astype(str).reindex(people).to_numpy()
    truths, labels = [], []
    children = np.random.SeedSequence(seed, spawn_key=(size,)).spawn(surveys)
    for k in range(surveys):
        draw, other = np.random.SeedSequence(seed, spawn_key=(0, k)).spawn(2)
        rng = np.random.default_rng(draw)
        chosen = np.concatenate([rng.choice(np.flatnonzero(own == g), size=(own == g).sum()) for g in np.unique(own)])
        resample = pd.concat([pilot.loc[pilot["respondent_id"].astype(str) == people[r]].assign(respondent_id=f"{people[r]}#{c}")
                              for c, r in enumerate(chosen)], ignore_index=True)
        with exact_release():
            t_k = analyse_scores(score(resample), codebook=SMALL,
                                 seed=int(np.random.default_rng(other).integers(2**31))).partition.membership
        truths.append([t_k.get(c, -1 - i) for i, c in enumerate(SMALL.codes)])
        refit = dataclasses.replace(fit_survey(resample, codebook=SMALL), organisations=fit.organisations,
                                    respondents=fit.respondents, responding=fit.responding)
        survey_seq, run = children[k].spawn(2)
        with exact_release():
            a = analyse_scores(score(generate_fitted(refit, respondents=size, seed=survey_seq)), codebook=SMALL,
                               seed=int(np.random.default_rng(run).integers(2**31)))
        labels.append([a.partition.membership.get(c, -1 - i) for i, c in enumerate(SMALL.codes)])
    truths, labels = np.array(truths), np.array(labels)
    ari = np.array([_ari(tr, lab) for tr, lab in zip(truths, labels)])
    pilot_ari = np.array([_ari(pilot_labels, tr) for tr in truths])
    row = p.table.iloc[0]
    assert len(set(ari.round(9))) > 1 and len(set(pilot_ari.round(9))) > 1  # the truths differ, and so do the surveys
    assert row["ari_mean"] == pytest.approx(ari.mean(), abs=1e-12)
    assert row["share_reproduced"] == pytest.approx(np.mean(ari > 1 - 1e-12), abs=1e-12)
    assert row["pilot_ari_mean"] == pytest.approx(pilot_ari.mean(), abs=1e-12)
    assert row["pilot_ari_low"] == pytest.approx(np.quantile(pilot_ari, 0.025), abs=1e-12)
    assert row["pilot_ari_high"] == pytest.approx(np.quantile(pilot_ari, 0.975), abs=1e-12)
    g = len(SMALL.codes)
    stab = [np.mean([lab[i] == lab[j] for tr, lab in zip(truths, labels) for j in range(g) if j != i and tr[j] == tr[i]])
            for i in range(g)]
    np.testing.assert_allclose(p.stability["stability"].to_numpy(), stab, atol=1e-12)


def test_a_comparison_needs_two_levels_among_the_planned_organisations(pilot):
    """Only large organisations in the pilot: one level, named; an attribute no organisation
    has: none."""
    large = pilot.loc[pilot["size_class"] == "large"].reset_index(drop=True)
    with pytest.raises(InsufficientDataError) as info:
        plan(large, codebook=SMALL, sizes=[5], replicates=2, effect=10, compare_by="size_class", refit=False)
    assert str(info.value) == ("Comparing by 'size_class' needs organisations in at least two levels; the planned "
                               "organisations have ['large']. Check the size classes of the pilot or the codebook's "
                               "[[municipalities]].")
    blank = dataclasses.replace(SMALL, municipality_attributes={m: {**a, "region": None}
                                                                for m, a in SMALL.municipality_attributes.items()})
    with pytest.raises(InsufficientDataError, match=r"the planned organisations have none\. Check"):
        plan(pilot, codebook=blank, sizes=[5], replicates=2, effect=10, compare_by="region", refit=False)


def test_the_plans_folder_of_a_hand_made_plan(tmp_path):
    """plan.csv and plan_stability.csv are the tables; the page says the sentences and shows
    the table without its empty columns, the placement in words; the manifest holds the
    version, the parameters with the page's language, the pilot and the input's name."""
    import html
    import json

    from integraatio import __version__
    from integraatio.planning import Plan, write_plan

    table = _table(effect=[15.0, 15.0], placement=["group", "group"], power=[0.0, 0.25], power_unadjusted=[0.5, 0.75],
                   p_min=[0.0045, 0.0045], q_min=[0.0546, 0.05], pilot_ari_mean=[np.nan] * 2,
                   pilot_ari_low=[np.nan] * 2, pilot_ari_high=[np.nan] * 2)
    stability = pd.DataFrame({"respondents_per_group": [5, 5], "node": ["1", "2"], "cluster": [1, 1],
                              "stability": [0.5, 1.0]})
    params = {"replicates": 4, "seed": 7, "refit": False, "input": "pilot.csv", "compare_by": "size_class",
              "levels": ["other", "large"], "second_level_organisations": 3}
    p = Plan(table=table, stability=stability, pilot=PILOT, parameters=params)
    folder, manifest = write_plan(p, tmp_path / "plan", lang="en", figures=False)
    assert sorted(f["name"] for f in manifest["files"]) == ["plan.csv", "plan.html", "plan_stability.csv"]
    written = pd.read_csv(folder / "plan.csv")
    assert written["respondents_per_group"].tolist() == [5, 10] and written["q_min"].tolist() == [0.0546, 0.05]
    assert pd.read_csv(folder / "plan_stability.csv", dtype={"node": str})["node"].tolist() == ["1", "2"]
    saved = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert saved["version"] == __version__ and saved["pilot"] == PILOT and saved["input"] == {"path": "pilot.csv"}
    assert saved["parameters"] == {**params, "lang": "en"}
    page = (folder / "plan.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Plan of the next survey</title>')
    assert "</style></head><body>\n<h1>Plan of the next survey</h1>\n<p>The pilot has" in page and "<h2>Table: plan.csv</h2>" in page and 'src="plan.png"' not in page
    for line in plan_sentences(p, lang="en", codebook=None):
        assert f"<p>{html.escape(line)}</p>" in page
    assert "pilot_ari" not in page and "<th>ARI mean</th>" in page  # empty columns left out; headings in words
    assert "<td>in every cell of one target group</td>" in page and "<td>0.055</td>" in page  # 3 decimals
    assert page.count("<tr>") == 3 and page.endswith("</table>\n</body></html>\n")


def test_options_other_than_the_defaults_are_recorded(pilot):
    """measure, missing, weighting and symmetrise enter the parameters only when not the
    defaults; an effect records its placement, levels and the second level's organisations."""
    p = plan(pilot, codebook=SMALL, sizes=[6], replicates=2, refit=False, seed=3, measure="need", symmetrise="max",
             effect=10, compare_by="size_class", effect_targets=["2.2"], placement="group", permutations=20)
    par = p.parameters
    assert {k: par[k] for k in ("measure", "symmetrise")} == {"measure": "need", "symmetrise": "max"}
    assert "missing" not in par and "weighting" not in par
    assert {k: par[k] for k in ("effect", "compare_by", "effect_targets", "placement", "levels",
                                "second_level_organisations", "permutations")} == {
        "effect": 10.0, "compare_by": "size_class", "effect_targets": ["2.2"], "placement": "group",
        "levels": ["other", "large"], "second_level_organisations": 3, "permutations": 20}


def test_the_plans_figure_is_written_and_shown(tmp_path):
    """With figures: plan.png and plan.svg in the folder and the manifest, the picture on the page."""
    from integraatio.planning import Plan, write_plan

    p = Plan(table=_table(), stability=pd.DataFrame({"respondents_per_group": [5], "node": ["1"], "cluster": [1],
                                                     "stability": [0.5]}),
             pilot=PILOT, parameters={"replicates": 4, "seed": 7, "refit": True})
    folder, manifest = write_plan(p, tmp_path / "plan", lang="fi")
    assert sorted(f["name"] for f in manifest["files"]) == ["plan.csv", "plan.html", "plan.png", "plan.svg",
                                                            "plan_stability.csv"]
    assert (folder / "plan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '<p><img src="plan.png" alt=""></p>' in (folder / "plan.html").read_text(encoding="utf-8")
