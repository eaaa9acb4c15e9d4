"""Real files read right or refused loudly: the silent misreads of issue 10.

Each file is written the way the tool writes it (openpyxl numbers, Excel's CSV save, a
workbook with a hidden sheet) and the result is compared with the clean survey's.
"""

import json

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import integraatio
from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import load_example, survey_path
from integraatio.exceptions import DataValidationError, InputFileError
from integraatio.survey import read_survey, to_wide

runner = CliRunner()
FAST = ["--no-figures", "--no-exports", "--no-report"]


@pytest.fixture(scope="module")
def long():
    return pd.read_csv(survey_path(), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def wide():
    """The shipped survey's wide layout as text ("" = no answer)."""
    frame = to_wide(load_example()).astype(object)
    return frame.where(frame.notna(), "").astype(str)


def _cells(row) -> list:
    """A row as a tool writes it to a workbook: numbers as numbers, empty cells empty."""
    return [int(v) if v.isdigit() else (v or None) for v in row]


def _numeric_workbook(wide: pd.DataFrame, path):
    """The wide survey as Excel stores it when own_group was typed into a number-formatted
    column: 2.10 becomes the number 2.1."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(wide.columns))
    for row in wide.itertuples(index=False):
        cells = _cells(row)
        cells[list(wide.columns).index("own_group")] = float(row.own_group)
        ws.append(cells)
    book.save(path)
    return path


def test_codes_stored_as_numbers_that_collide_stop_the_run(tmp_path, wide):
    path = _numeric_workbook(wide, tmp_path / "numbers.xlsx")
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=load_codebook())
    report = caught.value.report
    first = report.iloc[0]
    assert first["column"] == "own_group" and pd.isna(first["row"])
    # Own groups 2.1, 2.2 and 2.10 answer; 2.1 = 2.10 and 2.2 = 2.20 as numbers.
    assert "(2.1 / 2.2 / 2.10 / 2.20)" in first["problem"] and "stored as numbers" in first["problem"]
    assert "Format the column as text" in first["fix"]
    # The rows named are those whose own group was typed as a number: every data row here.
    assert "(rows 2, 3, 4, 5, 6, ...)" in first["problem"]
    r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), *FAST])
    assert r.exit_code == 1 and "2.1 / 2.2 / 2.10 / 2.20" in " ".join(r.output.split())
    assert not (tmp_path / "out").exists()


def test_numbers_that_cannot_collide_are_read_with_a_note(tmp_path, wide):
    # Only own groups whose codes no other code equals as a number (2.3 is not 2.30: there is none).
    few = wide.loc[~wide["own_group"].isin(["2.1", "2.10", "2.2"])]
    path = _numeric_workbook(few, tmp_path / "few.xlsx")
    s = read_survey(path, codebook=load_codebook())
    assert sorted(s.data["own_group"].unique()) == sorted(few["own_group"].unique())
    assert any("hold numbers, not text" in str(n) for n in s.notes)


def test_an_excel_saved_csv_is_caught_by_its_self_ratings(tmp_path, wide, long):
    # Excel opens the CSV, shows 2.10 as 2.1 and saves it so: every 2.10 respondent now
    # rates "their own group" 2.1. Nothing in the file says it was a number.
    saved = wide.assign(own_group=wide["own_group"].replace({"2.10": "2.1"}))
    path = tmp_path / "excel_saved.csv"
    saved.to_csv(path, index=False)
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=load_codebook())
    first = caught.value.report.iloc[0]
    moved = long.loc[long["own_group"] == "2.10", "respondent_id"].nunique()
    assert first["column"] == "own_group" and first["value"] == "2.1"
    assert f"{moved} of the" in first["problem"] and "rated their own group" in first["problem"]
    assert "--self-ratings" in first["fix"]
    r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "o"), *FAST, "--lang", "en"])
    assert r.exit_code == 1 and "misread" in r.output


def test_occasional_self_ratings_are_a_warning_and_never_scored(tmp_path, long):
    # One respondent of 2.5 also rated 2.5: a slip, not a misread group.
    one = long.loc[long["own_group"] == "2.5", "respondent_id"].iloc[0]
    at = (long["respondent_id"] == one) & (long["target_group"] == "2.5")
    assert at.sum() == 1 and (long.loc[at, ["frequency", "reciprocity", "need"]] == "").all(axis=None)
    path = tmp_path / "slip.csv"
    long.assign(frequency=long["frequency"].where(~at, "3")).to_csv(path, index=False)
    r = integraatio.run(path, out=tmp_path / "out", figures=False, exports=False, lang="en")  # the warning in English
    expected = "1 of the"  # one respondent of the group
    assert any(expected in w and "group 2.5" in w for w in r.manifest["warnings"])
    assert "group 2.5 rated their own group" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    clean = integraatio.run(out=tmp_path / "clean", figures=False, exports=False, report=False)
    assert r.analysis.pairs.equals(clean.analysis.pairs)


def test_self_ratings_asked_on_purpose(tmp_path, wide):
    saved = wide.assign(own_group=wide["own_group"].replace({"2.10": "2.1"}))
    path = tmp_path / "asked.csv"
    saved.to_csv(path, index=False)
    s = read_survey(path, codebook=load_codebook(), self_ratings=True)
    assert any("rated their own group" in str(w) for w in s.warnings)


def test_a_hidden_sheet_is_never_read_unless_named(tmp_path, wide, long):
    book = openpyxl.Workbook()
    book.remove(book.active)
    old = book.create_sheet("vanha")
    for row in [list(wide.columns), *[_cells(r) for r in wide.head(5).itertuples(index=False)]]:
        old.append(row)
    old.sheet_state = "hidden"
    new = book.create_sheet("Vastaukset")
    for row in [list(wide.columns), *[_cells(r) for r in wide.itertuples(index=False)]]:
        new.append(row)
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    s = read_survey(path, codebook=load_codebook())
    assert s.respondents_read == long["respondent_id"].nunique()
    assert any("'Vastaukset'" in str(n) for n in s.notes)
    named = read_survey(path, codebook=load_codebook(), sheet="vanha")
    assert named.respondents_read == 5
    assert read_survey(path, codebook=load_codebook(), sheet=2).respondents_read == s.respondents_read


def test_several_visible_sheets_are_listed_not_guessed(tmp_path, wide):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in ("Kevät", "Syksy"):
        ws = book.create_sheet(title)
        for row in [list(wide.columns), *[_cells(r) for r in wide.head(3).itertuples(index=False)]]:
            ws.append(row)
    path = tmp_path / "two.xlsx"
    book.save(path)
    with pytest.raises(InputFileError, match=r"2 visible sheets .*1: 'Kevät', 2: 'Syksy'.*--sheet"):
        read_survey(path, codebook=load_codebook())
    r = runner.invoke(app, ["validate", str(path), "--sheet", "Syksy"])
    assert r.exit_code == 0 and "3 respondents" in r.output, r.output
    with pytest.raises(InputFileError, match="no sheet 'Talvi'"):
        read_survey(path, codebook=load_codebook(), sheet="Talvi")


@pytest.mark.slow
def test_groups_without_data_are_no_clusters(tmp_path, long):
    cb = load_codebook()
    municipal = [g.code for g in cb.groups if g.organiser == "municipality"]
    part = long.loc[~long["own_group"].isin(municipal) & ~long["target_group"].isin(municipal)]
    path = tmp_path / "part.csv"
    part.to_csv(path, index=False)
    r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "--no-exports", "--lang", "en"])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "no scored rating" in text and ", ".join(municipal) in text
    assert "Boundary legislated: no cost, no group with data on the municipality side" in text
    clusters = pd.read_csv(tmp_path / "out" / "clusters.csv", dtype={"node": str})
    empty = clusters.loc[clusters["cluster"].isna(), "node"].tolist()
    assert empty == municipal
    assert clusters.loc[clusters["cluster"].notna(), "cluster"].nunique() == 2  # no one-group "clusters"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert any(", ".join(municipal) in w for w in manifest["warnings"])
    scenarios = pd.read_csv(tmp_path / "out" / "boundary_scenarios.csv")
    assert scenarios["cost"].isna().all() and (scenarios["no_data_side"] == "municipality").all()
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "no scored rating" in report and "no group with data on the municipality side" in report
