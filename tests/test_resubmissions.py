"""Resubmissions (issue 22): a response repeated under another id is found, and dropped, kept
or refused as told.

The files are the shipped survey written as the tools write them (tests/layouts.py), with one
respondent's answers submitted again under a new id, the way a respondent who answers twice
from a new link ends up in the export.
"""

import json

import layouts
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio import run
from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import CodebookError, DataValidationError
from integraatio.survey import read_survey
from integraatio.survey.responses import RESUBMISSION_MIN_ANSWERS

runner = CliRunner()


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(survey_path(), dtype=str, keep_default_na=False)


def resubmitted(raw, who="R017", as_id="R999"):
    """The long table with respondent ``who``'s rows repeated at the end under ``as_id``."""
    again = raw[raw["respondent_id"] == who].assign(respondent_id=as_id)
    return pd.concat([raw, again], ignore_index=True)


def answers_of(raw, who):
    rows = raw[raw["respondent_id"] == who]
    return sum(int(((rows[item] != "") & (rows[item] != "6")).sum()) for item in ("frequency", "reciprocity", "need"))


def test_a_resubmitted_wide_row_is_dropped_by_default_and_listed(tmp_path, raw):
    # R017 is the 17th respondent: row 18 of the wide file (header = row 1); its copy is the
    # last row, 268 + 2 = 270.
    cb = load_codebook()
    layouts.wide_text(resubmitted(raw), tmp_path / "w.csv", cb)
    survey = read_survey(tmp_path / "w.csv", codebook=cb)
    assert survey.respondents_read == 268 and survey.responses["excluded"] == 1
    out = survey.exclusions[survey.exclusions["reason"].str.startswith("resubmission")]
    assert set(out["row"]) == {270} and len(out) == len(survey.exclusions)
    assert out["reason"].iloc[0] == ("resubmission: the same answers as an earlier response under another respondent_id: "
                                     "not read")
    assert [str(w) for w in survey.warnings] == [
        "left out 1 resubmitted response(s) (the same answers as an earlier response under another respondent_id; "
        "row = earlier row: 270 = 18); their cells are listed in exclusions.csv (--resubmissions keep reads them, stop "
        "stops the run)"]
    expected = read_survey(survey_path(), codebook=cb).data.drop(columns="row")
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)


def test_keep_reads_both_and_stop_names_the_rows(tmp_path, raw):
    cb = load_codebook()
    layouts.wide_text(resubmitted(raw), tmp_path / "w.csv", cb)
    kept = read_survey(tmp_path / "w.csv", codebook=cb, resubmissions="keep")
    assert kept.respondents_read == 269 and kept.responses["excluded"] == 0
    assert str(kept.warnings[0]).startswith("read 1 resubmitted response(s) twice")
    with pytest.raises(DataValidationError) as caught:
        read_survey(tmp_path / "w.csv", codebook=cb, resubmissions="stop")
    report = caught.value.report
    assert report[["row", "column", "value"]].values.tolist() == [[270, "respondent_id", "R999"]]
    assert report["problem"].iloc[0].startswith(
        f"this response repeats the {answers_of(raw, 'R017')} answers of row 18 under another respondent_id")


def test_the_codebook_sets_the_default_and_the_option_wins(tmp_path, raw):
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[responses]\nresubmissions = "stop"\n',
                    encoding="utf-8")
    cb = load_codebook(path)
    layouts.wide_text(resubmitted(raw), tmp_path / "w.csv", cb)
    with pytest.raises(DataValidationError, match="this response repeats"):
        read_survey(tmp_path / "w.csv", codebook=cb)
    assert read_survey(tmp_path / "w.csv", codebook=cb, resubmissions="drop").respondents_read == 268
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[responses]\nresubmissions = "twice"\n',
                    encoding="utf-8")
    with pytest.raises(CodebookError, match=r"\[responses\] resubmissions must be one of drop, keep, stop; got 'twice'"):
        load_codebook(path)


def test_a_resubmitted_respondent_of_a_long_table_is_dropped_whole(tmp_path, raw):
    cb = load_codebook()
    layouts.long_text(resubmitted(raw, who="R100"), tmp_path / "long.csv", cb)
    survey = read_survey(tmp_path / "long.csv", codebook=cb)
    copies = len(raw[raw["respondent_id"] == "R100"])
    first = 2 + len(raw)  # the copy's first row
    out = survey.exclusions
    assert sorted(set(out["row"])) == list(range(first, first + copies))
    assert survey.respondents_read == 268 and len(survey.data) == len(raw)


def test_same_answers_that_can_coincide_are_not_resubmissions(tmp_path, raw):
    # Two straight-liners (every answer 3) and two respondents with the same few answers
    # (fewer than RESUBMISSION_MIN_ANSWERS) are different people.
    cb = load_codebook()
    few = RESUBMISSION_MIN_ANSWERS - 1
    extra = []
    for rid, pattern in (("S1", "3"), ("S2", "3"), ("F1", None), ("F2", None)):
        for k, target in enumerate(cb.codes[1:]):
            cells = [pattern] * 3 if pattern else ([str(1 + k % 5), "2", "4"] if k < few // 3 else ["", "", ""])
            extra.append([rid, "Oulu", cb.codes[0], "", target, *cells])
    frame = pd.concat([raw, pd.DataFrame(extra, columns=raw.columns)], ignore_index=True)
    layouts.wide_text(frame, tmp_path / "w.csv", cb)
    survey = read_survey(tmp_path / "w.csv", codebook=cb)
    assert survey.respondents_read == 272 and survey.responses["excluded"] == 0
    assert not any(w.key.startswith("read.resubmissions") for w in survey.warnings)


def test_cli_validate_stops_and_a_run_warns_in_its_language(tmp_path, raw):
    cb = load_codebook()
    layouts.long_text(resubmitted(raw), tmp_path / "long.csv", cb)
    result = runner.invoke(app, ["validate", str(tmp_path / "long.csv"), "--resubmissions", "stop"])
    assert result.exit_code == 1 and "this response repeats the" in result.output
    folder = run(tmp_path / "long.csv", out=tmp_path / "out", codebook=codebook_path(), figures=False, exports=False,
                 lang="fi").path
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    finnish = next(w for w in manifest["warnings"] if w.startswith("jätettiin pois uudelleen lähetettyjä vastauksia: 1"))
    assert finnish in (folder / "report.html").read_text(encoding="utf-8")
    written = pd.read_csv(folder / "exclusions.csv", dtype=str)
    # Every cell of the copy's rows (one row per target, each of the file's columns).
    cells = len(raw[raw["respondent_id"] == "R017"]) * len(raw.columns)
    assert written["reason"].str.startswith("resubmission").sum() == cells
