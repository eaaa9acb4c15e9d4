"""Planning the next survey (integraatio.planning): simulated surveys of each size from a fitted pilot."""

import numpy as np
import pytest
from scipy.stats import t
from typer.testing import CliRunner

from integraatio.analysis import analyse_scores
from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.communities import resolve_engine
from integraatio.composite import score
from integraatio.datasets import load_example
from integraatio.exceptions import UsageError
from integraatio.options import AnalysisOptions
from integraatio.pipeline import verify
from integraatio.planning import plan, plan_sentences, write_plan
from integraatio.stability import adjusted_rand
from integraatio.synth import fit_survey, generate, generate_fitted
from runs import exact_release

CB = load_codebook()


@pytest.fixture(scope="module")
def small():
    # 5 respondents per group leaves most cells under min_n = 5 (suppressed) and the clusters
    # loose; 30 per group publishes every cell and reproduces the pilot's clusters.
    return plan(sizes=[30, 5], replicates=12, seed=1)


@pytest.mark.slow
def test_measures_move_the_right_way_as_respondents_grow(small):
    t = small.table.set_index("respondents_per_group")
    assert list(t.index) == [5, 30]  # sorted whatever the order given
    assert t.loc[30, "ari_mean"] > t.loc[5, "ari_mean"] + 0.1
    assert t.loc[30, "share_stable"] > t.loc[5, "share_stable"] + 0.2
    assert t.loc[30, "share_reproduced"] >= t.loc[5, "share_reproduced"]
    # the interval of a mean narrows about as 1 / sqrt(n): 30 vs 5 ratings is a factor ~2.4
    assert t.loc[30, "ci_width"] < 0.6 * t.loc[5, "ci_width"]
    assert t.loc[5, "share_suppressed"] > 0.3 and t.loc[30, "share_suppressed"] < 0.02
    assert t["respondents"].tolist() == [5 * 18, 30 * 18]  # 18 responding groups in the shipped codebook
    assert t["power"].isna().all()  # no effect asked for
    assert small.pilot["respondents_per_group"] == 14.5 and small.pilot["clusters"] == 2


@pytest.mark.slow
def test_same_seed_same_plan_csv_1_1_42(tmp_path):
    files = []
    for i, seed in enumerate((1, 1, 42)):
        p = plan(sizes=[5, 10], replicates=4, seed=seed)
        folder, _ = write_plan(p, tmp_path / f"plan{i}", figures=False)
        files.append((folder / "plan.csv").read_bytes())
    assert files[0] == files[1]
    assert files[0] != files[2]


def test_a_size_does_not_depend_on_the_grid():
    # Child seeds are keyed by the size itself: 10 per group gives the same surveys in any grid.
    a = plan(sizes=[10], replicates=3, seed=7).table
    b = plan(sizes=[5, 10], replicates=3, seed=7).table
    assert a.iloc[0].equals(b.iloc[1])


@pytest.mark.slow
def test_power_without_a_difference_is_near_the_tests_level():
    # D = 0: no cell differs, so a cell reaches p < 0.05 about 5 % of the time; the
    # Benjamini-Hochberg q < 0.05 almost never (the false discovery rate is controlled).
    t = plan(sizes=[10], replicates=30, effect=0, compare_by="size_class", placement="all", seed=5).table.iloc[0]
    assert 0.01 < t["power_unadjusted"] < 0.12
    assert t["power"] <= 0.05


def test_power_for_a_huge_difference_is_near_one():
    # 120 points is three SDs of the index: every published cell differs far beyond noise.
    t = plan(sizes=[10], replicates=5, effect=120, compare_by="size_class", placement="all", seed=1).table.iloc[0]
    assert t["power"] > 0.95 and t["power_unadjusted"] > 0.95


def test_effect_on_some_targets_only():
    targets = [c for c in CB.codes if CB.group(c).organiser == "municipality"]
    p = plan(sizes=[10], replicates=3, effect=120, compare_by="size_class", effect_targets=targets, placement="all",
             seed=1)
    assert p.table["power"].iloc[0] > 0.9  # power counts the cells that carry the effect
    assert p.parameters["effect_targets"] == targets


def test_more_organisations_keep_the_pilots_mix():
    p = plan(sizes=[5], replicates=2, organisations=40, effect=10, compare_by="size_class", seed=1)
    # the shipped pilot has 3 large of 12 organisations: 40 keeps a quarter large
    assert p.parameters["second_level_organisations"] == 10 and p.table["organisations"].iloc[0] == 40


@pytest.mark.parametrize(
    "options, message",
    [
        ({"effect": 10}, "`effect` and `compare_by` go together"),
        ({"compare_by": "size_class"}, "`effect` and `compare_by` go together"),
        ({"effect": 10, "compare_by": "colour"}, "`compare_by` = 'colour' is not known for a simulated survey"),
        ({"effect": float("nan"), "compare_by": "size_class"}, "`effect` must be a finite number"),
        ({"sizes": []}, "`sizes` is empty"),
        ({"sizes": [5, 5]}, "`sizes` repeats a size"),
        ({"sizes": [1]}, "`sizes` must be an integer >= 2; got 1"),
        ({"replicates": 1}, "`replicates` must be an integer >= 2"),
        ({"organisations": 1}, "`organisations` must be an integer >= 2"),
        ({"effect": 5, "compare_by": "size_class", "effect_targets": ["9.9"]}, "`effect_targets` names ['9.9']"),
        ({"lang": "sv"}, "`lang` must be one of"),
        ({"effect": 5, "compare_by": "size_class", "placement": "row"}, "`placement` must be one of cell, group, all"),
    ],
)
def test_bad_options_are_named(options, message):
    with pytest.raises(UsageError) as info:
        plan(**{"sizes": [5], "replicates": 2, **options})
    assert message in str(info.value)


def test_fit_recovers_the_planted_spreads():
    # design.toml: respondent_sd = 0.35 (variance 0.1225), noise_sd = 0.7 before rounding.
    data = generate(respondents=1500, invited=3000, seed=3).data
    data = data.assign(**{i: data[i].where(data[i] < 6) for i in ("frequency", "reciprocity", "need")})
    fit = fit_survey(data, codebook=CB)
    # Rounding and clipping to the 1-5 scale take a little off the planted 0.1225; without
    # removing the noise of a mean of ~20 ratings (0.55 / 20) the estimate would be ~0.14.
    assert np.all((np.diag(fit.respondent_cov) > 0.10) & (np.diag(fit.respondent_cov) < 0.13))
    assert np.all((np.nanmedian(fit.noise_sd, axis=(0, 1)) > 0.6) & (np.nanmedian(fit.noise_sd, axis=(0, 1)) < 0.85))
    assert np.allclose(fit.missing, 0.06, atol=0.01)  # 4 % can't say + 2 % skipped


def test_generate_fitted_is_seeded_and_balanced():
    fit = fit_survey(load_example(), codebook=CB)
    a, b, c = (generate_fitted(fit, respondents=6, seed=s) for s in (1, 1, 42))
    assert a.equals(b) and not a.equals(c)
    assert (a.groupby("own_group")["respondent_id"].nunique() == 6).all()
    own = a[a["own_group"] == a["target_group"]]
    assert own[["frequency", "reciprocity", "need"]].isna().all().all()
    with pytest.raises(UsageError, match="`respondents` must be a positive integer; got 0"):
        generate_fitted(fit, respondents=0, seed=1)


@pytest.mark.slow
def test_sentences_and_plot(small):
    import matplotlib.pyplot as plt

    from integraatio.plot import plot_plan

    lines = plan_sentences(small, lang="en")
    assert lines[2].startswith("With 5 respondents per group") and lines[3].startswith("With 30 respondents per group")
    assert "30 respondents per group" in lines[4]  # the smallest size that reproduces the clusters
    fig, ax = plt.subplots()
    assert plot_plan(small, ax=ax, lang="en") is ax
    assert plt.gcf() is fig
    pilot = [line for line in ax.get_lines() if list(line.get_xdata()) == [14.5, 14.5]]
    assert len(pilot) == 1  # the pilot's own size is marked
    plt.close(fig)


def test_cli_writes_a_verified_folder(tmp_path):
    out = tmp_path / "plan"
    r = CliRunner().invoke(app, ["plan", "--out", str(out), "--sizes", "5,10", "--replicates", "3", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert {"plan.csv", "plan.png", "plan.svg", "plan.html", "plan_stability.csv", "manifest.json"} <= {
        p.name for p in out.iterdir()
    }
    assert verify(out) == []
    assert "With 10 respondents per group" in r.output
    bad = CliRunner().invoke(app, ["plan", "--out", str(tmp_path / "x"), "--sizes", "5,x"])
    assert bad.exit_code == 2
    usage = CliRunner().invoke(app, ["plan", "--out", str(tmp_path / "y"), "--effect", "5"])
    assert usage.exit_code == 2 and "`effect` and `compare_by` go together" in usage.output


@pytest.mark.parametrize(
    "chosen",
    [{"min_n": 5}, {"min_n": 3, "measure": "need", "missing": "available", "weighting": "minmax", "symmetrise": "max"}],
)
def test_each_simulated_survey_is_measured_as_its_own_analysis(chosen):
    # plan scores and aggregates all surveys of a size at once; the table must be what
    # analyse_scores finds on each survey's table: its clusters, its published cells (with
    # the companions of small suppressed cells, which occur at 5 per group) and the
    # median width of a published cell's interval.
    fit = fit_survey(load_example(), codebook=CB)
    p = plan(sizes=[5], replicates=6, seed=3, refit=False, **chosen)
    labels, published, widths = [], [], []
    for child in np.random.SeedSequence(3, spawn_key=(5,)).spawn(6):  # the child seeds plan documents
        survey_seq, other = child.spawn(2)
        options = AnalysisOptions(**chosen, engine=resolve_engine("auto"),
                                  seed=int(np.random.default_rng(other).integers(2**31)))
        data = generate_fitted(fit, respondents=5, seed=survey_seq)
        with exact_release():  # plan simulates the cells before the release's noise
            a = analyse_scores(score(data, measure=options.measure, missing=options.missing), codebook=CB,
                               options=options)
        labels.append([a.partition.membership[c] for c in CB.codes])
        published.append((~a.pairs["suppressed"]).sum())
        shown = a.pairs.loc[~a.pairs["suppressed"] & (a.pairs["n"] >= 2)]
        widths.append(np.median(2 * t.ppf(0.975, shown["n"] - 1) * shown["sd"] / np.sqrt(shown["n"])))
    row = p.table.iloc[0]
    ari = adjusted_rand(np.array([p.pilot["membership"][c] for c in CB.codes]), np.array(labels))
    assert row["ari_mean"] == pytest.approx(ari.mean(), abs=1e-12)
    assert row["share_suppressed"] == pytest.approx(1 - np.mean(published) / (18 * 20), abs=1e-12)
    assert row["ci_width"] == pytest.approx(np.median(widths), rel=1e-12)


def test_plan_lays_out_only_the_pilot(monkeypatch):
    # The layout was 44 % of a plan's time and plan never shows it: the simulated surveys skip it.
    import integraatio.analysis

    calls = []
    layout = integraatio.analysis.network_layout
    monkeypatch.setattr(integraatio.analysis, "network_layout", lambda *a, **k: calls.append(1) or layout(*a, **k))
    plan(sizes=[5, 10], replicates=3, seed=1)
    assert len(calls) == 1
