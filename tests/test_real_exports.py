"""Real exports read right or refused loudly (issue 10, parts 2-4).

Each export is written as the tool writes it (tests/layouts.py) and read back to the
same table, or to the same pairs, as the clean shipped survey; or it stops with a message
whose first lines name what and where.
"""

import layouts
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import DataValidationError
from integraatio.survey import inspect_survey, read_survey

runner = CliRunner()


@pytest.fixture(scope="module")
def shipped():
    """The shipped codebook, its survey as read (without `row`), as text, and each raw id's pseudonym."""
    raw = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    data = read_survey(survey_path(), codebook=load_codebook()).data.drop(columns="row")
    pseudonym = dict(zip(pd.unique(raw["respondent_id"]), pd.unique(data["respondent_id"])))
    return load_codebook(), data, raw, pseudonym


def codebook_with(folder, table):
    path = folder / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + table, encoding="utf-8")
    return load_codebook(path)


def without(expected, pseudonym, ids):
    """The clean table without some respondents (pseudonyms dropped: the rest are renumbered)."""
    gone = {pseudonym[i] for i in ids}
    return expected.loc[~expected["respondent_id"].isin(gone)].drop(columns="respondent_id").reset_index(drop=True)


@pytest.mark.parametrize(
    "headings, subquestions", [("code", "SQ"), ("code_text", "SQ"), ("code_text", "A"), ("text_de", "T")]
)
def test_limesurvey_exports_read_back_to_the_clean_table(tmp_path, shipped, headings, subquestions):
    cb, expected, raw, _ = shipped
    path = tmp_path / "lime.csv"
    table = layouts.limesurvey_export(raw, path, cb, headings=headings, subquestions=subquestions)
    survey = read_survey(path, codebook=codebook_with(tmp_path, table))
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)
    # The metadata are dropped whatever the heading's language (5 columns, 4 without the id).
    assert len(survey.dropped_columns) == 4 and survey.responses["complete"] == 268


@pytest.mark.parametrize("id_name, header_rows", [("ResponseId", 3), ("ResponseID", 3), ("ResponseID", 1), ("ResponseId", 1)])
def test_qualtrics_exports_read_back_to_the_clean_table(tmp_path, shipped, id_name, header_rows):
    cb, expected, raw, _ = shipped
    path = tmp_path / "q.csv"
    table = layouts.qualtrics_export(raw, path, cb, id_name=id_name, header_rows=header_rows)
    survey = read_survey(path, codebook=codebook_with(tmp_path, table))
    assert survey.header_rows == header_rows
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)


def test_incomplete_limesurvey_responses_are_left_out_and_counted(tmp_path, shipped):
    cb, expected, raw, pseudonym = shipped
    ids = list(pd.unique(raw["respondent_id"]))
    unfinished, ownless = ids[:2], ids[5:6]
    path = tmp_path / "lime.csv"
    table = layouts.limesurvey_export(raw, path, cb, not_submitted=unfinished, no_own_group=ownless)
    survey = read_survey(path, codebook=codebook_with(tmp_path, table))
    left = without(expected, pseudonym, unfinished + ownless)
    pd.testing.assert_frame_equal(survey.data.drop(columns=["row", "respondent_id"]).reset_index(drop=True), left)
    assert survey.responses == {
        "read": 268, "complete": 265, "incomplete": 3, "incomplete_kept": 0, "excluded": 3,
        "excluded_reasons": {
            "incomplete response (not complete: complete when 'submitdate' is filled): not read": 2,
            "incomplete response (no own group): not read": 1,
        },
    }  # fmt: skip
    # Each of their read cells is excluded with the reason: 3 rows x 67 read columns.
    incomplete = survey.exclusions["reason"].str.startswith("incomplete response")
    assert incomplete.sum() == 3 * 67 and survey.cells_read == survey.cells_used + len(survey.exclusions)
    assert any("left out 3 incomplete response(s)" in str(n) for n in survey.notes)
    # --include-incomplete keeps the two with an own group (their need answers are empty).
    kept = read_survey(path, codebook=codebook_with(tmp_path, table), include_incomplete=True)
    assert kept.responses["incomplete_kept"] == 2 and kept.responses["excluded"] == 1
    assert kept.respondents_read == 267


def test_lastpage_decides_when_there_is_no_submitdate(tmp_path, shipped):
    cb, expected, raw, pseudonym = shipped
    ids = list(pd.unique(raw["respondent_id"]))
    path = tmp_path / "lime.csv"
    table = layouts.limesurvey_export(raw, path, cb, not_submitted=ids[:1], submitdate=False)
    survey = read_survey(path, codebook=codebook_with(tmp_path, table))
    assert survey.responses["excluded_reasons"] == {
        "incomplete response (not complete: complete when 'lastpage' is the file's largest (4)): not read": 1
    }


def test_unfinished_qualtrics_responses_through_the_pipeline(tmp_path, shipped):
    import integraatio

    cb, expected, raw, pseudonym = shipped
    ids = list(pd.unique(raw["respondent_id"]))
    path = tmp_path / "q.csv"
    table = layouts.qualtrics_export(raw, path, cb, not_finished=ids[:3])
    codebook_with(tmp_path, table)
    r = integraatio.run(path, out=tmp_path / "out", codebook=tmp_path / "codebook.toml", figures=False,
                        exports=False, report=False)
    assert r.manifest["input"]["responses"]["excluded"] == 3
    exclusions = pd.read_csv(tmp_path / "out" / "exclusions.csv")
    assert exclusions["reason"].str.contains("'Finished' is '1' or 'true'", regex=False).sum() == 3 * 67
    kept = integraatio.run(path, out=tmp_path / "kept", codebook=tmp_path / "codebook.toml", figures=False,
                           exports=False, report=False, include_incomplete=True)
    assert kept.survey.respondents_read == 268 and kept.manifest["input"]["responses"]["incomplete_kept"] == 3


def test_drop_wins_over_the_item_pattern_and_repeated_names(tmp_path, shipped):
    cb, expected, raw, _ = shipped
    path = tmp_path / "q.csv"
    table = layouts.qualtrics_export(raw, path, cb)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, header=None, encoding="utf-8-sig")
    # An export tag Qualtrics repeats (Q44#2_1 twice) and a stray item-like column Q7_99.
    extra = pd.DataFrame({"a": ["Q44#2_1", "t", "i"] + ["x"] * (len(frame) - 3),
                          "b": ["Q44#2_1", "t", "i"] + ["y"] * (len(frame) - 3),
                          "c": ["Q7_99", "t", "i"] + ["3"] * (len(frame) - 3)})  # fmt: skip
    pd.concat([frame, extra.set_axis([frame.shape[1], frame.shape[1] + 1, frame.shape[1] + 2], axis=1)], axis=1).to_csv(
        path, header=False, index=False, encoding="utf-8-sig")
    metadata = "'^(StartDate|Progress|Finished)$'"  # `drop` replaces the preset's list
    cb_drop = codebook_with(tmp_path, table + f"drop = [{metadata}, '^Q44#', '^Q7_99$']\n")
    survey = read_survey(path, codebook=cb_drop)
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)
    # 70 columns (7 background and metadata, 63 items), then BS, BT, BU.
    assert {"Q44#2_1", "Q44#2_1 (column BT)", "Q7_99"} <= set(survey.dropped_columns)
    assert survey.warnings == ()
    # Not dropped: the repeated name is read once with a warning, the item-like column is an error.
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=codebook_with(tmp_path, table))
    assert caught.value.report[["column", "problem"]].values.tolist() == [
        ["Q7_99", "target '99' of this item column is not a position from 1 to 21"]
    ]
    cb_item = codebook_with(tmp_path, table + f"drop = [{metadata}, '^Q7_99$']\n")
    survey = read_survey(path, codebook=cb_item)
    pd.testing.assert_frame_equal(survey.data.drop(columns=["row", "Q44#2_1"]), expected)
    assert len(survey.warnings) == 1 and "'Q44#2_1' is repeated in the header of q.csv (columns BS and BT)" in (
        str(survey.warnings[0]))
    assert survey.dropped_columns["Q44#2_1 (column BT)"].startswith("repeated column name")


def test_a_dated_sav_is_read(tmp_path, shipped):
    cb, expected, raw, _ = shipped
    path = tmp_path / "dated.sav"
    table = layouts.dated_sav(raw, path, cb)
    survey = read_survey(path, codebook=codebook_with(tmp_path, table))
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)
    assert survey.responses["complete"] == 268  # submitdate filled (a number, not converted)


def _first_lines(output: str, k: int = 20) -> str:
    return " ".join(" ".join(output.splitlines()[:k]).split())


def test_a_typo_in_a_long_header_is_named_in_the_first_lines(tmp_path, shipped):
    _, _, raw, _ = shipped
    path = tmp_path / "typo.csv"
    raw.rename(columns={"target_group": "traget_group"}).to_csv(path, index=False)
    r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert r.exit_code == 1
    assert len(r.output.splitlines()) <= 20
    assert "did you mean `target_group` for the column 'traget_group'?" in _first_lines(r.output)
    r = runner.invoke(app, ["validate", str(path)])
    assert r.exit_code == 1 and "did you mean `target_group`" in _first_lines(r.output)


def test_decimal_comma_codes_are_named_in_the_first_lines(tmp_path, shipped):
    _, _, raw, _ = shipped
    path = tmp_path / "comma.csv"
    commas = {c: raw[c].str.replace(".", ",", regex=False) for c in ("own_group", "target_group")}
    raw.assign(**commas).to_csv(path, index=False, sep=";")
    r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert len(lines) <= 20, r.output
    assert "group code written with a decimal comma" in _first_lines(r.output, 3)
    assert "(2,1 for the codebook's 2.1)" in r.output


def test_validate_all_lists_every_problem_and_writes_them(tmp_path, shipped):
    _, _, raw, _ = shipped
    path = tmp_path / "bad.csv"
    bad = raw.head(40).copy()
    bad["frequency"] = "often"
    bad.to_csv(path, index=False)
    grouped = runner.invoke(app, ["validate", str(path)])
    assert grouped.exit_code == 1 and len(grouped.output.splitlines()) <= 20
    assert "40 x text in a numeric item column" in _first_lines(grouped.output)
    every = runner.invoke(app, ["validate", str(path), "--all", "--problems", str(tmp_path / "problems.csv")])
    assert every.exit_code == 1
    assert sum("text in a numeric item column" in line for line in every.output.splitlines()) == 40
    written = pd.read_csv(tmp_path / "problems.csv")
    assert len(written) == 40 and written["row"].tolist() == list(range(2, 42))


def test_inspect_prints_the_column_plan_of_a_limesurvey_export(tmp_path, shipped):
    cb, _, raw, _ = shipped
    ids = list(pd.unique(raw["respondent_id"]))
    path = tmp_path / "lime.csv"
    table = layouts.limesurvey_export(raw, path, cb, headings="code_text", subquestions="SQ", not_submitted=ids[:2])
    codebook_with(tmp_path, table)
    r = runner.invoke(app, ["inspect", str(path), "--codebook", str(tmp_path / "codebook.toml"), "--lang", "en"])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "A id. Response ID background: respondent_id" in text
    assert "B submitdate. Date submitted dropped: the codebook's [wide] drop; decides complete responses" in text
    assert "FREQ[SQ007]. Kuinka usein tehtävänne edellyttää… item: 2.7 x frequency" in text  # read by its code
    assert "Columns: 63 item, 4 background, 0 other, 4 dropped, 0 ignored." in text
    assert "Respondents 268: 266 complete, 2 incomplete (0 kept, 2 left out)." in text
    # The plan is read_survey's: the same rows and the same counts.
    seen = inspect_survey(path, codebook=load_codebook(tmp_path / "codebook.toml"))
    assert seen.survey.respondents_read == 266 and seen.responses["excluded"] == 2


def test_inspect_the_shipped_files(tmp_path):
    from integraatio.datasets import data_dir

    r = runner.invoke(app, ["inspect", str(data_dir() / "synthetic_survey_wide.xlsx"), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "wide layout, 1 header row(s), sheet 'Sheet1'" in r.output and "2.7.3" in r.output
    assert "warning" not in r.output  # the shipped codebook is the shipped survey's own
    r = runner.invoke(app, ["inspect", str(survey_path()), "--lang", "en"])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "synthetic_survey.csv: long layout" in text and "E target_group background: target_group" in text
    assert "H need item: * x need" in text and "Respondents 268: 268 complete, 0 incomplete" in text


def test_the_shipped_codebook_on_a_file_of_ones_own_is_a_warning(tmp_path, shipped):
    import integraatio

    _, _, raw, _ = shipped
    path = tmp_path / "mine.csv"
    raw.to_csv(path, index=False)
    fast = dict(figures=False, exports=False, report=False, lang="en")  # the warning in English
    r = integraatio.run(path, out=tmp_path / "out", **fast)
    assert any("mine.csv is read with the shipped study's codebook" in w for w in r.manifest["warnings"])
    assert not any("shipped study's codebook" in w for w in integraatio.run(out=tmp_path / "shipped", **fast).manifest["warnings"])
    given = integraatio.run(path, out=tmp_path / "given", codebook=codebook_path(), **fast)
    assert not any("shipped study's codebook" in w for w in given.manifest["warnings"])
    v = runner.invoke(app, ["validate", str(path)])
    assert v.exit_code == 0 and "mine.csv is read with the shipped study's codebook" in " ".join(v.output.split())


def test_a_legacy_qualtrics_export(tmp_path, shipped):
    # V1 ... V10 in the header, their names and the question texts in row 2 (2 header rows).
    cb, expected, raw, _ = shipped
    path = tmp_path / "legacy.csv"
    survey = read_survey(path, codebook=codebook_with(tmp_path, layouts.qualtrics_legacy(raw, path, cb)))
    assert survey.header_rows == 2
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)
    # Name, e-mail and IP address (V3, V5, V6) are never read, with the rest of the metadata.
    assert sorted(survey.dropped_columns) == ["V10", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9"]
