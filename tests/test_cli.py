import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.datasets import survey_path

runner = CliRunner()
SPINE_FILES = [
    "scores.csv", "exclusions.csv", "pairs.csv", "matrix.csv", "clusters.csv",
    "manifest.json", "network.png", "network.svg", "network.pdf",
]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    r = runner.invoke(app, ["run", "--out", str(out), "--seed", "1"])
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.slow
def test_run_writes_the_contract(run_dir):
    for f in SPINE_FILES:
        assert (run_dir / f).stat().st_size > 0, f
    cols = {
        "scores.csv": {"respondent_id", "municipality", "own_group", "target_group", "frequency", "reciprocity", "need", "integration_need"},
        "exclusions.csv": {"row", "respondent_id", "target_group", "reason"},
        "pairs.csv": {"own_group", "target_group", "n", "mean", "sd", "suppressed"},
        "clusters.csv": {"node", "label", "cluster", "cluster_name", "strength", "x", "y"},
    }
    for f, need in cols.items():
        assert need <= set(pd.read_csv(run_dir / f, dtype=str, nrows=1).columns), f
    matrix = pd.read_csv(run_dir / "matrix.csv", dtype=str)
    assert matrix.columns[0] == "own_group" and len(matrix.columns) == 22


@pytest.mark.slow
def test_manifest_reconciles_rows(run_dir):
    m = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    i = m["input"]
    assert i["rows_read"] == i["rows_scored"] + i["rows_excluded"]
    assert i["rows_scored"] == len(pd.read_csv(run_dir / "scores.csv"))
    assert i["rows_excluded"] == len(pd.read_csv(run_dir / "exclusions.csv"))
    assert m["parameters"]["seed"] == 1 and len(i["sha256"]) == 64
    assert {"version", "parameters", "input", "packages"} <= set(m)


@pytest.mark.slow
def test_same_seed_same_bytes(run_dir, tmp_path):
    r = runner.invoke(app, ["run", "--out", str(tmp_path), "--seed", "1"])
    assert r.exit_code == 0, r.output
    for f in SPINE_FILES:
        assert (tmp_path / f).read_bytes() == (run_dir / f).read_bytes(), f


@pytest.mark.slow
def test_wide_xlsx_gives_the_same_scores(run_dir, tmp_path):
    r = runner.invoke(app, ["run", str(survey_path("wide")), "--out", str(tmp_path), "--seed", "1", "--no-figures"])
    assert r.exit_code == 0, r.output
    for f in ["pairs.csv", "matrix.csv", "clusters.csv"]:
        assert (tmp_path / f).read_bytes() == (run_dir / f).read_bytes(), f
    # `row` points into each file (a wide row holds all of a respondent's ratings)
    wide, long = (pd.read_csv(d / "scores.csv").drop(columns="row") for d in (tmp_path, run_dir))
    pd.testing.assert_frame_equal(wide, long)


def test_validate_clean_file():
    r = runner.invoke(app, ["validate", str(survey_path())])
    assert r.exit_code == 0 and "valid" in r.output


def test_validate_lists_every_problem(tmp_path):
    bad = pd.read_csv(survey_path(), dtype=str, keep_default_na=False).head(30)
    bad.loc[3, "need"] = "7"
    bad.loc[5, "target_group"] = "2.99"
    bad.loc[8, "frequency"] = "often"
    p = tmp_path / "bad.csv"
    bad.to_csv(p, index=False)
    r = runner.invoke(app, ["validate", str(p)])
    assert r.exit_code == 1
    assert "3 problem(s)" in r.output
    assert "row 5, column 'need', value '7'" in r.output
    assert "row 7, column 'target_group', value '2.99'" in r.output
    assert "row 10, column 'frequency', value 'often'" in r.output
    assert "Traceback" not in r.output


def test_run_on_bad_data_exits_1_without_traceback(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("", encoding="utf-8")
    r = runner.invoke(app, ["run", str(p), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "virhe:" in r.output and "Traceback" not in r.output  # a run speaks Finnish by default


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["run", "missing.csv"], "does not exist"),
        (["run", "--measure", "x"], "'x' is not one of"),
        (["run", "--min-n", "0"], "Input should be greater than or equal to 1"),
        (["run", "--resolution", "0", "--out", "unused"], "`resolution` must be > 0; got 0.0"),
    ],
)
def test_usage_errors_exit_2(args, match):
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert match in " ".join(r.output.split())


def test_synth_writes_both_layouts(tmp_path):
    r = runner.invoke(app, ["synth", "--out", str(tmp_path), "--respondents", "30", "--invited", "60", "--seed", "3"])
    assert r.exit_code == 0, r.output
    long = pd.read_csv(tmp_path / "synthetic_survey.csv", dtype=str)
    assert long["respondent_id"].nunique() == 30
    assert (tmp_path / "synthetic_survey_wide.xlsx").stat().st_size > 0
    assert pd.read_csv(tmp_path / "invitations.csv")["invited"].sum() == 60


def test_the_run_command_takes_every_option_of_run_with_its_default():
    # RunOptions declares them once: the command adds only where the survey, the codebook,
    # the folder and the pseudonym key's file are, and leaves `boundary` to the `boundary` command. Lists are None
    # on the command line (typer), () in Python.
    import dataclasses
    import inspect

    from integraatio.cli import run as command
    from integraatio.options import RunOptions

    given = inspect.signature(command).parameters
    declared = {f.name: f.default for f in dataclasses.fields(RunOptions)}
    assert set(given) - {"input", "codebook", "out_dir", "pseudonym_key_file"} == set(declared) - {"boundary"}
    differ = {name for name, default in declared.items() if name in given and given[name].default != default}
    assert differ == {"keep_columns", "figure_formats", "view", "exclude_subgroup", "only_subgroup", "split_subgroup"}
    assert given["figure_formats"].default == ",".join(RunOptions.figure_formats)


def test_help_shows_every_bracket_as_written():
    # "[wide]" and "integraatio[fast]" once vanished as markup tags: every help text with a
    # bracket, of every command and option, must reach the screen as written.
    import re

    import typer

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        shown = " ".join(runner.invoke(app, [name, "--help"], terminal_width=400).output.split())
        texts = [command.help or "", *(p.help or "" for p in command.params if getattr(p, "help", None))]
        for bracket in {b for t in texts for b in re.findall(r"\S*\[[^\]\s]+\]", " ".join(t.split()))}:
            assert bracket in shown, (name, bracket)
