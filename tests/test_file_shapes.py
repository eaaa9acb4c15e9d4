"""The file's shape is read as its tool wrote it, or refused with its cause named (issue 22).

Every file is the shipped survey written the way a tool writes it (tests/layouts.py): a
Webropol CSV (semicolon, UTF-8 with BOM, question texts with commas, quotes only where
needed), title rows above the header, SurveyMonkey's question row over its row-label row,
the separators –, —, : and [...] between question and row text, a grid's "other, specify"
row. A file read right gives the clean survey's table; the expected table is the shipped
long CSV as read, never this reader's output for the same file.
"""

import warnings

import layouts
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import DataValidationError, InputFileError, UsageError
from integraatio.survey import inspect_survey, read_survey
from integraatio.survey.text import sniff_delimiter

runner = CliRunner()
CANONICAL = ["municipality", "size_class", "own_group", "subgroup", "target_group", "frequency", "reciprocity", "need"]


@pytest.fixture(scope="module")
def shipped():
    """The shipped survey as text (to write) and as read (the expected table, ids and rows aside)."""
    raw = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    return raw, read_survey(survey_path(), codebook=load_codebook()).data[CANONICAL]


def codebook_with(folder, table):
    path = folder / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + table, encoding="utf-8")
    return path


def read_quietly(path, codebook, **options):
    """Read with every RuntimeWarning an error: nothing may leak from numpy on the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return read_survey(path, codebook=load_codebook(codebook), **options)


def same(survey, expected):
    pd.testing.assert_frame_equal(survey.data[CANONICAL].reset_index(drop=True), expected.reset_index(drop=True))


# ---------------------------------------------------------------- the CSV dialect


@pytest.mark.parametrize("delimiter,encoding", [(";", "utf-8-sig"), (",", "utf-8-sig"), (";", "cp1252")])
def test_webropol_csv_with_commas_in_question_texts(tmp_path, shipped, delimiter, encoding):
    # ";": the header has ~130 commas and 67 semicolons, the answer rows no comma at all;
    # ",": csv quotes each question text, as Webropol's comma CSV does; cp1252: Excel's "CSV".
    raw, expected = shipped
    path = tmp_path / "webropol.csv"
    table = layouts.webropol_export(raw, path, load_codebook(), delimiter=delimiter, encoding=encoding)
    header = path.read_text(encoding=encoding).splitlines()[0]
    assert header.count(",") > header.count(";") > 60 if delimiter == ";" else ";" not in header
    s = read_quietly(path, codebook_with(tmp_path, table))
    assert (s.delimiter, s.encoding, s.header_rows) == (delimiter, encoding, 1)
    same(s, expected)


def test_the_delimiter_is_chosen_on_header_and_data_rows_together():
    header = "id;Kuinka usein, keskimäärin?;Onko se, eli yhteistyö, molemminpuolista?;Tarve, nyt?"
    assert sniff_delimiter(header + "\nr1;3;4;2\nr2;5;1;3\n") == ";"
    assert sniff_delimiter("Kysely, 2025\n" + header.replace(";", "\t") + "\nr1\t3\t4\t2\n") == "\t"
    assert sniff_delimiter('id,"a; b",c\nr1,3,4\nr2,5;6,1\n') == ","  # one row with a ";" in a value


def test_the_delimiter_set_in_the_codebook_or_on_the_command_line_is_used(tmp_path, shipped):
    raw, expected = shipped
    path = tmp_path / "webropol.csv"
    table = layouts.webropol_export(raw, path, load_codebook())
    comma = codebook_with(tmp_path, table + 'delimiter = ","\n')
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=load_codebook(comma))
    short = caught.value.report.query("problem.str.startswith('the row ends after')")  # most rows have no comma
    assert len(short) > 200 and short["fix"].str.endswith(
        "The file was read with the delimiter ','; set its own with --delimiter or the codebook's [wide] delimiter.").all()
    same(read_quietly(path, comma, delimiter="semicolon"), expected)  # the command line's wins
    with pytest.raises(UsageError, match=r"--delimiter must be one of ',', ';', .*got '\|'"):
        read_survey(path, codebook=load_codebook(comma), delimiter="|")
    r = runner.invoke(app, ["inspect", str(path), "--codebook", str(comma), "--delimiter", ";", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "webropol.csv: wide layout, 1 header row(s), delimiter ';', encoding utf-8-sig" in r.output
    r = runner.invoke(app, ["validate", str(path), "--codebook", str(comma), "--delimiter", "tab"])
    assert r.exit_code == 1 and "webropol.csv as tab-separated text: no row has a tab outside quotes, so each row " \
                                "would be one column, while a semicolon splits them. Set the file's delimiter with --delimiter" in " ".join(r.output.split())


# ---------------------------------------------------------------- where the header is


@pytest.mark.parametrize("suffix,padded", [(".csv", False), (".csv", True), (".xlsx", False)])
def test_title_rows_above_the_header_are_skipped_and_named(tmp_path, shipped, suffix, padded):
    raw, expected = shipped
    path = tmp_path / f"titled{suffix}"
    table = layouts.webropol_export(raw, path, load_codebook(), title=layouts.TITLE_ROWS, padded=padded)
    s = read_quietly(path, codebook_with(tmp_path, table))
    same(s, expected)
    assert s.header_rows == 3 and s.data["row"].min() == 4  # rows 1-2 titles, row 3 the header
    note = next(str(n) for n in s.notes if n.key == "read.title_rows")
    assert note == "row(s) 1-2 above the header (row 3) are titles, not answers, and are not read: " \
                   "'Integraatiotarvekysely 2025'"


def test_header_rows_set_counts_the_title_rows(tmp_path, shipped):
    raw, expected = shipped
    path = tmp_path / "titled.csv"
    table = layouts.webropol_export(raw, path, load_codebook(), title=layouts.TITLE_ROWS)
    same(read_quietly(path, codebook_with(tmp_path, table + "header_rows = 3\n")), expected)
    # Two rows set: the second title row is taken as the header, and the file says why it fails.
    with pytest.raises(DataValidationError, match="no item columns"):
        read_survey(path, codebook=load_codebook(codebook_with(tmp_path, table + "header_rows = 2\n")))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_surveymonkey_question_and_row_label_rows_are_combined(tmp_path, shipped, suffix):
    raw, expected = shipped
    path = tmp_path / f"monkey{suffix}"
    s = read_quietly(path, codebook_with(tmp_path, layouts.surveymonkey(raw, path, load_codebook())))
    same(s, expected)
    assert s.header_rows == 2 and s.data["row"].min() == 3
    note = next(str(n) for n in s.notes if n.key == "read.header_combined")
    assert note.startswith("the two header rows are read as one: the question of row 1 and the row label of row 2, "
                           "e.g. 'Kuinka usein tehtävänne edellyttää yhteistyötä seuraavien tahojen kanssa? - ")


def test_a_first_answer_row_is_never_taken_for_row_labels(tmp_path, shipped):
    # Helper columns without a heading, as a worked-on sheet has them: their cells stand under
    # blank headings like row labels, but an answer row holds answers, or repeats a text.
    raw, expected = shipped
    path = tmp_path / "webropol.xlsx"
    table = layouts.webropol_export(raw, path, load_codebook())
    book = openpyxl.load_workbook(path)
    ws, width = book.active, book.active.max_column
    for r in range(2, ws.max_row + 1):
        ws.cell(r, width + 1, f"apu {r}")
        ws.cell(r, width + 2, f"huom {r}")
    book.save(path)
    s = read_quietly(path, codebook_with(tmp_path, table))
    assert s.header_rows == 1 and s.data["row"].min() == 2
    same(s, expected)
    for cell in ws[2][4:width]:  # the first respondent answered no grid row: only the repeat tells
        cell.value = None
    ws.cell(2, width + 1, "tarkistettu")
    ws.cell(2, width + 2, "tarkistettu")
    book.save(path)
    s = read_quietly(path, codebook_with(tmp_path, table))
    assert s.header_rows == 1 and 2 in set(s.exclusions["row"])


# ---------------------------------------------------------------- item columns


@pytest.mark.parametrize("separator", [" - ", " – ", " — ", ": ", "[]"])
def test_item_columns_with_every_separator(tmp_path, shipped, separator):
    raw, expected = shipped
    path = tmp_path / "webropol.xlsx"
    table = layouts.webropol_export(raw, path, load_codebook(), separator=separator)
    same(read_quietly(path, codebook_with(tmp_path, table)), expected)


def test_inspect_says_why_a_column_is_no_item_column(tmp_path, shipped):
    raw, _ = shipped
    path = tmp_path / "webropol.xlsx"
    table = layouts.webropol_export(raw, path, load_codebook(), separator=" – ")
    codebook = codebook_with(tmp_path, table + "pattern = '^(?P<item>.+) - (?P<target>.+)$'\n")  # a hyphen only
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        seen = inspect_survey(path, codebook=load_codebook(codebook))
    heading = f"{layouts.COMMA_QUESTIONS['need']} – Vanhuspalvelut"
    use, detail = seen.plan.loc[seen.plan["heading"] == heading, ["use", "detail"]].iloc[0]
    # Kept aside, not dropped: its heading's words are no cell of free text (answer texts are short).
    assert use == "other" and "identifies a person" not in detail
    assert detail.endswith("; not an item column: holds the question of need, but its heading does not match the "
                           "[wide] pattern (item columns are named like \"<question> - <task group's label>\" (the "
                           "codebook's [wide] pattern)); check the separator between question and row text")
    alaryhma = seen.plan.loc[seen.plan["heading"] == "Alaryhmä", "detail"].item()
    assert alaryhma == "subgroup"  # a background column says what it is, nothing more
    assert "no item columns" in seen.report["problem"].iloc[0]


def test_an_other_specify_row_gets_the_drop_fix(tmp_path, shipped):
    raw, expected = shipped
    path = tmp_path / "webropol.xlsx"
    table = layouts.webropol_export(raw, path, load_codebook(), other_row=True)
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=load_codebook(codebook_with(tmp_path, table)))
    report = caught.value.report
    assert len(report) == 3 and report["problem"].str.contains("\"other, specify\" row 'Muu taho, mikä?'", regex=False).all()
    fix = report["fix"].iloc[0]
    assert fix.startswith("List it in the codebook's [wide] drop, e.g. drop = ['Muu taho, mikä\\?$']")
    assert "[[groups]]" not in fix and "Rename" not in fix
    dropped = read_quietly(path, codebook_with(tmp_path, table + "drop = ['Muu taho, mikä\\?$']\n"))
    same(dropped, expected)
    assert sum("dropped by the codebook's [wide] drop" in why for why in dropped.dropped_columns.values()) == 3


# ---------------------------------------------------------------- hidden sheets


def test_a_hidden_sheet_passed_over_is_named(tmp_path, shipped):
    raw, expected = shipped
    path = tmp_path / "webropol.xlsx"
    table = layouts.webropol_export(raw, path, load_codebook())
    book = openpyxl.load_workbook(path)
    old = book.create_sheet("Testivastaukset")
    old.append(["Vastaajan tunnus"])
    old.sheet_state = "hidden"
    book.save(path)
    s = read_quietly(path, codebook_with(tmp_path, table))
    same(s, expected)
    assert "hidden sheet(s) not read: 'Testivastaukset'; name a sheet with --sheet to read it" in map(str, s.notes)
