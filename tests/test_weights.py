"""Non-response weights (--weights): weighted cell means worked out by hand."""

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.datasets import survey_path
from integraatio.paths import invitations_path
from runs import exact_release

runner = CliRunner()
FAST = ["--no-figures", "--no-exports", "--no-report", "--lang", "en"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("weights")
    with exact_release():  # weighted means by hand, exactly; their noise is tested in test_disclosure.py
        for name, extra in (("plain", []), ("weighted", ["--weights", str(invitations_path())])):
            r = runner.invoke(app, ["run", "--out", str(out / name), *FAST, *extra])
            assert r.exit_code == 0, r.output
    return out


def test_weighted_cell_means_by_hand(runs):
    # w = invited / respondents of the respondent's municipality (the file's strata), the
    # respondents counted here from scores.csv; a cell's mean is sum(w y) / sum(w).
    scores = pd.read_csv(runs / "weighted" / "scores.csv", dtype=str)
    assert scores["respondent_id"].nunique() == 268  # everyone has a scored rating: scores.csv counts them all
    invited = pd.read_csv(invitations_path(), dtype={"municipality": str}).set_index("municipality")["invited"]
    answered = scores.drop_duplicates("respondent_id").groupby("municipality").size()
    scores = scores.assign(y=scores["integration_need"].astype(float), w=scores["municipality"].map(invited / answered))
    scores = scores.assign(wy=scores["w"] * scores["y"], w2=scores["w"] ** 2)
    cell = scores.groupby(["own_group", "target_group"])[["w", "wy", "w2"]].sum()
    expected = cell.assign(mean=cell["wy"] / cell["w"], n_eff=cell["w"] ** 2 / cell["w2"])
    pairs = pd.read_csv(runs / "weighted" / "pairs.csv", dtype={"own_group": str, "target_group": str})
    shown = pairs.loc[~pairs["suppressed"]].set_index(["own_group", "target_group"])
    np.testing.assert_allclose(shown["mean"], expected.loc[shown.index, "mean"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(shown["n_eff"], expected.loc[shown.index, "n_eff"], rtol=0, atol=1e-9)
    plain = pd.read_csv(runs / "plain" / "pairs.csv", dtype={"own_group": str, "target_group": str})
    assert pairs["n"].tolist() == plain["n"].tolist() and "n_eff" not in plain  # n stays the count of ratings
    assert not np.allclose(shown["mean"], plain.set_index(["own_group", "target_group"]).loc[shown.index, "mean"])


def test_the_manifest_says_how_it_was_weighted(runs):
    import json

    weights = json.loads((runs / "weighted" / "manifest.json").read_text(encoding="utf-8"))["parameters"]["weights"]
    table = pd.read_csv(invitations_path())
    answered = pd.read_csv(runs / "weighted" / "response.csv").iloc[:-1]["respondents"].to_numpy()
    w = np.repeat(table["invited"].to_numpy() / answered, answered)  # one weight per respondent
    assert weights["source"] == "invitations.csv" and weights["strata"] == ["municipality", "size_class"]
    assert (weights["min"], weights["max"]) == pytest.approx((w.min(), w.max()))
    assert weights["design_effect"] == pytest.approx(len(w) * (w**2).sum() / w.sum() ** 2)


def _run(tmp_path, *args):
    return runner.invoke(app, ["run", str(survey_path()), "--out", str(tmp_path / "r"), *FAST, *args])


def test_bad_weights_are_refused(tmp_path):
    short = tmp_path / "short.csv"
    pd.read_csv(invitations_path()).iloc[1:].to_csv(short, index=False)
    r = _run(tmp_path, "--weights", str(short))
    assert r.exit_code == 1 and "does not list the strata (municipality, size_class) of some respondents: Tampere / large" in r.output
    few = tmp_path / "few.csv"
    pd.read_csv(invitations_path()).assign(invited=1).to_csv(few, index=False)
    r = _run(tmp_path, "--weights", str(few))
    assert r.exit_code == 1 and "fewer invited than respondents in Tampere / large: 1 invited, 43 answered" in " ".join(r.output.split())
    r = _run(tmp_path, "--weights", "column:paino")
    assert r.exit_code == 1 and "has no column 'paino'" in r.output
    assert not (tmp_path / "r").exists()


def test_an_invited_stratum_without_respondents_stops_the_run_with_its_share(tmp_path):
    # The shipped file invites 719; a 500-strong organisation with no respondent makes
    # 1,219, of whom 500 / 1219 = 41.0 % no weight can stand for.
    extra = tmp_path / "extra.csv"
    table = pd.read_csv(invitations_path())
    row = {c: "Kunta X" if c == "municipality" else "other" if c == "size_class" else 500 for c in table.columns}
    pd.concat([table, pd.DataFrame([row])]).to_csv(extra, index=False)
    assert table["invited"].sum() == 719
    r = _run(tmp_path, "--weights", str(extra))
    said = " ".join(r.output.split())
    assert r.exit_code == 1 and "no respondent in Kunta X / other (500 invited), 41.0% of the invited" in said
    assert "Merge each such row into a similar stratum" in said and not (tmp_path / "r").exists()
    r = _run(tmp_path, "--invitations", str(extra))  # response rates alone: the 0 % is the finding
    assert r.exit_code == 0, r.output
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["invitations"]["share_without_respondents"] == pytest.approx(500 / 1219)
    warned = "41.0% of the invited (500 of 1219) are in strata without a single respondent: Kunta X / other"
    assert any(warned in w for w in manifest["warnings"]) and warned in " ".join(r.output.split())


def test_a_stratum_without_respondents_collapses_into_the_one_the_codebook_names(tmp_path):
    # merge_into = "Kunta A" in the codebook: Kunta A's 44 invited and Kunta X's 500 are
    # stood for by Kunta A's 13 respondents, each weighing (44 + 500) / 13 = 41.85.
    from integraatio.paths import codebook_path

    extra = tmp_path / "extra.csv"
    table = pd.read_csv(invitations_path())
    row = {c: "Kunta X" if c == "municipality" else "other" if c == "size_class" else 500 for c in table.columns}
    pd.concat([table, pd.DataFrame([row])]).to_csv(extra, index=False)
    codebook = tmp_path / "codebook.toml"
    codebook.write_text(codebook_path().read_text(encoding="utf-8")
                        + '\n[[municipalities]]\nname = "Kunta X"\nsize_class = "other"\nmerge_into = "Kunta A"\n',
                        encoding="utf-8")
    r = _run(tmp_path, "--weights", str(extra), "--codebook", str(codebook))
    assert r.exit_code == 0, r.output
    weights = json.loads((tmp_path / "r" / "manifest.json").read_text(encoding="utf-8"))["parameters"]["weights"]
    assert weights["merged"] == {"Kunta X": "Kunta A"}
    assert weights["max"] == pytest.approx((44 + 500) / 13)


def test_a_weight_column_is_checked(tmp_path):
    data = pd.read_csv(survey_path(), dtype=str)
    ids = data["respondent_id"].unique()
    weight = dict(zip(ids, np.round(np.linspace(0.5, 2.0, len(ids)), 2)))
    good = tmp_path / "good.csv"
    data.assign(paino=data["respondent_id"].map(weight)).to_csv(good, index=False)
    r = runner.invoke(app, ["run", str(good), "--out", str(tmp_path / "ok"), *FAST, "--weights", "column:paino"])
    assert r.exit_code == 0, r.output
    assert "n_eff" in pd.read_csv(tmp_path / "ok" / "pairs.csv").columns
    bad = tmp_path / "bad.csv"
    data.assign(paino=np.where(np.arange(len(data)) == 3, "-1", "1")).to_csv(bad, index=False)
    r = runner.invoke(app, ["run", str(bad), "--out", str(tmp_path / "bad"), *FAST, "--weights", "column:paino"])
    assert r.exit_code == 1 and "a weight must be a number > 0; not so in row 5 ('-1')" in r.output
    varying = tmp_path / "varying.csv"
    data.assign(paino=np.arange(len(data)) + 1).to_csv(varying, index=False)
    r = runner.invoke(app, ["run", str(varying), "--out", str(tmp_path / "v"), *FAST, "--weights", "column:paino"])
    assert r.exit_code == 1 and "a respondent's weight must be the same on all their rows" in r.output


def _weighted_example():
    from integraatio.analysis import analyse
    from integraatio.codebook import load_codebook
    from integraatio.datasets import load_example

    cb, data = load_codebook(), load_example()
    people = data["respondent_id"].unique()
    weight = dict(zip(people, np.random.default_rng(5).uniform(0.5, 4.0, len(people))))
    data = data.assign(w=data["respondent_id"].map(weight))
    return cb, data, analyse(data, codebook=cb, weights="w", seed=1)


def test_a_weighted_comparison_weights_its_group_means_and_its_statistic():
    # Every level's cell mean is sum(w y) / sum(w) over its ratings, n the count of ratings;
    # the statistic T = sum over levels of W_l (mean_l - mean)^2 with W_l the level's sum of
    # weights and mean the weighted mean of the compared ratings (by pandas, not the code).
    from integraatio.compare import compare_clusters, compare_groups

    with exact_release():  # the arithmetic; the release's weighted noise is tested in test_disclosure.py
        cb, data, a = _weighted_example()
        c = compare_groups(a, codebook=cb, by="size_class", n_boot=50, seed=1)
    rated = a.scores.scores.assign(wy=lambda f: f["w"] * f["integration_need"])
    by_level = rated.groupby(["own_group", "target_group", "size_class"])[["w", "wy"]].sum()
    by_level = by_level.assign(mean=by_level["wy"] / by_level["w"], n=rated.groupby(
        ["own_group", "target_group", "size_class"]).size())
    shown = c.table.loc[~c.table["suppressed"] & (c.table["level"] != "all")]
    expected = by_level.loc[list(zip(shown["own_group"], shown["target_group"], shown["level"]))]
    np.testing.assert_allclose(shown["mean"], expected["mean"], rtol=0, atol=1e-9)
    assert shown["n"].tolist() == expected["n"].tolist()
    pooled = rated.groupby(["own_group", "target_group"])[["w", "wy"]].sum()
    centre = (pooled["wy"] / pooled["w"]).rename("centre")
    t = by_level.join(centre, on=["own_group", "target_group"])
    t = (t["w"] * (t["mean"] - t["centre"]) ** 2).groupby(level=[0, 1]).sum()
    tested = c.tests.loc[~c.tests["suppressed"]]
    np.testing.assert_allclose(tested["statistic"], t.loc[list(zip(tested["own_group"], tested["target_group"]))],
                               rtol=1e-9)
    plain = compare_groups(analyse_plain(data, cb), codebook=cb, by="size_class", n_boot=50, seed=1)
    assert not np.allclose(plain.tests["statistic"].dropna(), tested["statistic"])
    # The clusters of each level are found from weighted means, suppressed by the count of ratings.
    cc = compare_clusters(a, codebook=cb, by="size_class", permutations=20, seed=1)
    assert set(cc.memberships["level"]) == {"other", "large"}


def analyse_plain(data, cb):
    from integraatio.analysis import analyse

    return analyse(data, codebook=cb, seed=1)


def test_a_weighted_rerun_keeps_the_weights():
    from integraatio.reruns import sensitivity

    with exact_release():  # the arithmetic; the release's weighted noise is tested in test_disclosure.py
        cb, data, a = _weighted_example()
        subgroup = data["subgroup"].dropna().unique()[0]
        s = sensitivity(a, codebook=cb, subgroup=subgroup, mode="exclude")
    kept = a.scores.scores.loc[(a.scores.scores["subgroup"] != subgroup).fillna(True).to_numpy(bool)]
    cell = kept.assign(wy=kept["w"] * kept["integration_need"]).groupby(["own_group", "target_group"])[["w", "wy"]].sum()
    pairs = s.analysis.pairs.loc[~s.analysis.pairs["suppressed"]].set_index(["own_group", "target_group"])
    np.testing.assert_allclose(pairs["mean"], (cell["wy"] / cell["w"]).loc[pairs.index], rtol=0, atol=1e-9)
    assert s.analysis.parameters["weights"] == "w" and "n_eff" in pairs


def test_weighted_runs_compare_and_rerun(tmp_path):
    r = _run(tmp_path, "--weights", str(invitations_path()), "--compare-by", "size_class", "--exclude-subgroup",
             "asumispalvelut")
    assert r.exit_code == 0, r.output
    assert {"compare_size_class.csv", "compare_size_class_tests.csv", "sensitivity_exclude_asumispalvelut.csv"} <= {
        p.name for p in (tmp_path / "r").iterdir()}


@pytest.mark.slow
def test_weights_undo_selective_response_and_their_intervals_cover_the_truth():
    """Organisation A has 60 task holders per group of whom 4 answer, B 20 of whom 8, and
    A needs less: unweighted means lean towards B. Weighted (A 15, B 2.5) they estimate the
    population's cell means, and the default bootstrap (respondents resampled within their
    own group, each with their weight) puts 95 % intervals around them that cover the
    population truth at about that rate. 8 surveys x 360 cells; tolerance 0.95 +- 0.03
    (Monte Carlo SE about 0.004, the rest for small discrete cells). Measured over 6
    surveys: 0.958; with 8 and 16 answering, 0.975. Resampling within own group and
    organisation instead undercovers (0.83, 0.91): the percentile interval of 4 or 8
    respondents is too narrow, and the weight puts the small stratum first."""
    from integraatio.analysis import analyse
    from integraatio.codebook import load_codebook
    from integraatio.stability import bootstrap
    from integraatio.synth import selective_response

    cb = load_codebook()
    population, answered, lean = {"A": 60, "B": 20}, {"A": 4, "B": 8}, {"A": -0.6, "B": 0.6}
    weight = {o: population[o] / answered[o] for o in population}
    errors, hits = {"weighted": [], "plain": []}, []
    for seed in range(8):
        data, truth = selective_response(cb, population=population, respondents=answered, lean=lean, seed=seed)
        data = data.assign(w=data["municipality"].map(weight).astype(float))
        fits = {"weighted": analyse(data, codebook=cb, measure="need", weights="w", seed=1),
                "plain": analyse(data, codebook=cb, measure="need", seed=1)}
        m, s = (fits["plain"].scores.parameters["item_sd" if k else "item_mean"]["need"] for k in (0, 1))
        for name, a in fits.items():
            p = a.pairs.loc[~a.pairs["suppressed"]]
            i, j = (np.array([cb.codes.index(c) for c in p[col]]) for col in ("own_group", "target_group"))
            errors[name].append(p["mean"].to_numpy() - (100 + 40 * (truth[i, j] - m) / s))
        iv = bootstrap(fits["weighted"], replicates=400, seed=seed).intervals
        iv = iv.loc[~fits["weighted"].pairs["suppressed"].to_numpy()]
        i, j = (np.array([cb.codes.index(c) for c in iv[col]]) for col in ("own_group", "target_group"))
        true = 100 + 40 * (truth[i, j] - m) / s
        hits.append(((iv["ci_low"] <= true) & (true <= iv["ci_high"])).to_numpy())
    bias = {k: np.mean(np.concatenate(v)) for k, v in errors.items()}
    assert abs(bias["weighted"]) < 1.0 < abs(bias["plain"]), bias  # points on the 100/40 scale
    rate = np.concatenate(hits).mean()
    assert abs(rate - 0.95) <= 0.03, rate


@pytest.mark.slow
def test_weighted_intervals_cover_when_few_respondents_carry_the_weight():
    """Organisation A has 60 task holders per group of whom 2 answer (weight 30), B 20 of
    whom 8 (weight 2.5): a cell's n_eff = (2*30 + 8*2.5)^2 / (2*30^2 + 8*2.5^2) = 6400/1850
    = 3.46. Widened on n - 1 = 9 degrees of freedom, or as quantiles of the few values the
    replicate means take, 95 % intervals covered 0.87 and 0.89; the t interval on the
    bootstrap SE with n_eff - 1 degrees of freedom covers 0.96 (8 surveys x 360 cells).
    Here 6 surveys: at least 0.93 (the issue's bar), at most 0.99 (not uselessly wide)."""
    from integraatio.analysis import analyse
    from integraatio.codebook import load_codebook
    from integraatio.stability import bootstrap
    from integraatio.synth import selective_response

    cb = load_codebook()
    population, answered, lean = {"A": 60, "B": 20}, {"A": 2, "B": 8}, {"A": -0.6, "B": 0.6}
    weight = {o: population[o] / answered[o] for o in population}
    hits, n_eff = [], []
    for seed in range(6):
        data, truth = selective_response(cb, population=population, respondents=answered, lean=lean, seed=seed)
        a = analyse(data.assign(w=data["municipality"].map(weight).astype(float)), codebook=cb, measure="need",
                    weights="w", seed=1)
        m, s = (analyse(data, codebook=cb, measure="need", seed=1).scores.parameters[k]["need"]
                for k in ("item_mean", "item_sd"))
        shown = ~a.pairs["suppressed"].to_numpy()
        iv = bootstrap(a, replicates=400, seed=seed).intervals.loc[shown]
        i, j = (np.array([cb.codes.index(c) for c in iv[col]]) for col in ("own_group", "target_group"))
        true = 100 + 40 * (truth[i, j] - m) / s
        hits.append(((iv["ci_low"] <= true) & (true <= iv["ci_high"])).to_numpy())
        n_eff.append(a.pairs.loc[shown, "n_eff"].to_numpy())
    assert np.allclose(np.concatenate(n_eff), 6400 / 1850)  # every cell as worked out above
    rate = np.concatenate(hits).mean()
    assert 0.93 <= rate <= 0.99, rate


def test_cells_resting_on_few_strata_are_flagged(tmp_path):
    # Every respondent of 2.1 moved to Tampere or Vantaa: each cell 2.1 -> t then rests on
    # 2 weighting strata (fewer than 3), and no other cell does (none did before).
    data = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    people = data.loc[data["own_group"] == "2.1", "respondent_id"].unique()
    home = dict(zip(people, ["Tampere", "Vantaa"] * len(people)))
    moved = data["respondent_id"].isin(people)
    data.loc[moved, "municipality"] = data.loc[moved, "respondent_id"].map(home)
    data.loc[moved, "size_class"] = "large"
    survey = tmp_path / "survey.csv"
    data.to_csv(survey, index=False)
    r = runner.invoke(app, ["run", str(survey), "--out", str(tmp_path / "r"), *FAST, "--weights", str(invitations_path())])
    assert r.exit_code == 0, r.output
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text(encoding="utf-8"))
    pairs = pd.read_csv(tmp_path / "r" / "pairs.csv", dtype={"own_group": str, "target_group": str})
    shown = pairs.loc[~pairs["suppressed"] & (pairs["own_group"] == "2.1")]
    expected = [f"2.1>{t}" for t in shown["target_group"]]
    assert manifest["parameters"]["weights"]["few_strata"] == {"min_strata": 3, "cells": expected}
    assert any("rests on fewer than 3 weighting strata" in w for w in manifest["warnings"])
