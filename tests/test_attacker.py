"""The attacker's view of a published run: no suppressed cell can be worked out.

The composite has mean 100 over all N scored ratings, so sum(n * mean) over the cells is
100 N (docs/contract.md, "Composite"). Whoever holds every published cell and N holds the
suppressed cells' ratings summed together. These tests publish runs with one and with two
small cells and try that arithmetic, and a search for the cells' values, on every file.
"""

import json
import zipfile

import numpy as np
import pandas as pd
import pytest

import integraatio
from integraatio.datasets import survey_path
from runs import exact_release

MIN_N = 5


def _published_text(folder) -> str:
    """Every published file as text (the workbook unzipped); scores.csv and
    exclusions.csv are respondent-level and stay in-house."""
    parts = []
    for p in sorted(folder.iterdir()):
        if p.name in ("scores.csv", "exclusions.csv"):
            continue
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as z:
                parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        elif p.suffix in (".csv", ".json", ".txt", ".html", ".gexf", ".graphml", ".net", ".svg"):
            parts.append(p.read_text(encoding="utf-8"))
    return "\n".join(parts)


def _attack(folder):
    """What the sum identity gives: the suppressed ratings' count and summed need."""
    pairs = pd.read_csv(folder / "pairs.csv", dtype={"own_group": str, "target_group": str})
    total = json.loads((folder / "manifest.json").read_text())["input"]["rows_scored"]
    shown = pairs.loc[~pairs["suppressed"]]
    hidden = pairs.loc[pairs["suppressed"] & (pairs["n"] > 0)]
    return hidden, 100 * total - (shown["n"] * shown["mean"]).sum()


def _truth(folder, own, target) -> float:
    scores = pd.read_csv(folder / "scores.csv", dtype={"own_group": str, "target_group": str})
    return scores.loc[(scores["own_group"] == own) & (scores["target_group"] == target), "integration_need"].mean()


@pytest.fixture(scope="module")
def one_small(tmp_path_factory):
    """The shipped survey with one small cell: the 3 ratings of 2.18 -> 2.12 blanked, so
    only 2.15 -> 2.4 (4 ratings) is below the threshold."""
    long = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    at = (long["own_group"] == "2.18") & (long["target_group"] == "2.12")
    long.loc[at, ["frequency", "reciprocity", "need"]] = ""
    root = tmp_path_factory.mktemp("one_small")
    long.to_csv(root / "survey.csv", index=False)
    with exact_release():  # the suppression rules alone; with the release's noise: test_disclosure_attacks.py
        return integraatio.run(root / "survey.csv", out=root / "out", compare_by="size_class", permutations=99,
                               figures=False).path


@pytest.mark.slow
def test_one_small_cell_gets_a_companion(one_small):
    hidden, summed = _attack(one_small)
    pairs = pd.read_csv(one_small / "pairs.csv", dtype={"own_group": str, "target_group": str})
    small = pairs.loc[pairs["n"] < MIN_N]
    assert small[["own_group", "target_group", "n"]].values.tolist() == [["2.15", "2.4", 4]]
    # The companion: the published cell with the fewest ratings, first in code order on a tie.
    shown = pairs.loc[pairs["n"] >= MIN_N]
    companion = shown.iloc[int(np.argmin(shown["n"].to_numpy()))]
    assert hidden[["own_group", "target_group"]].values.tolist() == [
        ["2.15", "2.4"], [companion["own_group"], companion["target_group"]]
    ] or hidden[["own_group", "target_group"]].values.tolist() == [
        [companion["own_group"], companion["target_group"]], ["2.15", "2.4"]
    ]
    # The attacker's best guess of the small cell, as if it were the only unknown, is off:
    guess = summed / 4
    truth = _truth(one_small, "2.15", "2.4")
    assert abs(guess - truth) > 10
    # What the identity does give is the joint mean of both cells, over at least MIN_N ratings.
    n_joint = int(hidden["n"].sum())
    joint = (_truth(one_small, "2.15", "2.4") * 4
             + _truth(one_small, companion["own_group"], companion["target_group"]) * companion["n"]) / n_joint
    assert n_joint >= MIN_N and summed / n_joint == pytest.approx(joint, abs=1e-6)


@pytest.mark.slow
def test_no_file_publishes_a_suppressed_cell(one_small):
    text = _published_text(one_small)
    hidden, _ = _attack(one_small)
    for own, target in hidden[["own_group", "target_group"]].itertuples(index=False):
        truth = _truth(one_small, own, target)
        for digits in (6, 4):
            assert f"{truth:.{digits}f}" not in text, (own, target, digits)
    compare = pd.read_csv(one_small / "compare_size_class.csv", dtype={"own_group": str, "target_group": str})
    cells = compare.merge(hidden[["own_group", "target_group"]])
    assert len(cells) and cells["mean"].isna().all() and cells["suppressed"].all()


def test_two_small_cells_give_only_their_joint_mean(tmp_path):
    out = integraatio.run(out=tmp_path / "out", figures=False, exports=False, report=False).path
    hidden, summed = _attack(out)
    # The shipped survey: 2.15 -> 2.4 (4 ratings) and 2.18 -> 2.12 (3): 7 >= MIN_N together.
    assert sorted(hidden["n"]) == [3, 4]
    for own, target, n in hidden[["own_group", "target_group", "n"]].itertuples(index=False):
        assert abs(summed / n - _truth(out, own, target)) > 10


def test_a_cell_suppressed_in_the_pooled_table_keeps_its_levels_suppressed():
    # Levels' means would give a suppressed pooled mean back (their weighted mean): a large
    # cell, suppressed as a companion would be, must have no level published either.
    from integraatio.analysis import analyse_scores
    from integraatio.codebook import load_codebook
    from integraatio.compare import compare_groups
    from integraatio.composite import score
    from integraatio.datasets import load_example

    cb = load_codebook()
    scores = score(load_example())
    full = analyse_scores(scores, codebook=cb, seed=1)
    big = full.pairs.loc[full.pairs["n"].idxmax(), ["own_group", "target_group"]]
    hidden = analyse_scores(scores, codebook=cb, seed=1, suppress=big.to_frame().T)
    table = compare_groups(hidden, codebook=cb, by="size_class", permutations=99, seed=1).table
    cell = table.loc[(table["own_group"] == big["own_group"]) & (table["target_group"] == big["target_group"])]
    levels = cell.loc[cell["level"] != "all"]
    assert (levels["n"] >= MIN_N).all()  # big enough to publish, were it not for the pooled cell
    assert levels["suppressed"].all() and levels["mean"].isna().all()


@pytest.mark.slow
def test_every_csv_output_is_safe_to_open_in_a_spreadsheet(tmp_path):
    # Labels, a municipality, a subgroup and a scenario description made to trigger formulas.
    import csv

    from integraatio.datasets import codebook_path, data_dir

    text = codebook_path().read_text(encoding="utf-8")
    text = text.replace('fi = "Vanhuspalvelut"', 'fi = "=HYPERLINK(\\"http://x\\")"').replace('name = "Tampere"', 'name = "-Tampere"')
    (tmp_path / "codebook.toml").write_text(text, encoding="utf-8")
    survey = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    survey["municipality"] = survey["municipality"].replace({"Tampere": "-Tampere"})
    survey["subgroup"] = survey["subgroup"].replace({"asumispalvelut": "@asumis"})
    survey.to_csv(tmp_path / "survey.csv", index=False)
    scenarios = (data_dir() / "scenarios.toml").read_text(encoding="utf-8").replace(
        'description_en = "Youth services', 'description_en = "+cmd|Youth services')
    (tmp_path / "scenarios.toml").write_text(scenarios, encoding="utf-8")
    out = integraatio.run(tmp_path / "survey.csv", out=tmp_path / "out", codebook=tmp_path / "codebook.toml",
                          scenarios=tmp_path / "scenarios.toml", compare_by="municipality", permutations=99,
                          only_subgroup=["@asumis"], figures=False, report=False).path
    seen = set()
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for field in row:
                    if field[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        try:
                            float(field)
                        except ValueError:
                            pytest.fail(f"{path.name}: {field!r} would open as a formula")
                        seen.add("number")
                    elif field.startswith("'") and field[1:2] in ("=", "+", "-", "@"):
                        seen.add(field[1])
    assert {"=", "-", "@", "+", "number"} <= seen  # each trap was written, as text; negative numbers stay numbers
