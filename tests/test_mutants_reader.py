"""The survey reader at the paths its older tests did not take (issue 28): the SPSS reader's own
process (its memory bound, what it hands back), workbooks, cell ranges, line ends, long files.
Answers worked out by hand; each test pins behaviour (inputs to outputs and messages)."""

import os
import pickle

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.survey.structure import cell_ranges


def in_a_child(work):
    """``work()``'s result (or its exception, as text), computed in a forked child process: the
    memory limit the SPSS reader's process sets must not bound the test run."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            result = work()
        except BaseException as err:  # noqa: BLE001 - reported to the parent
            result = f"{type(err).__name__}: {err}"
        with os.fdopen(write, "wb") as f:
            pickle.dump(result, f)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        result = pickle.load(f)
    os.waitpid(pid, 0)
    return result


@pytest.mark.parametrize("available, expected", [(2**30, 2**29), (2**40, 4 * 2**30)])
def test_the_spss_readers_process_bounds_its_memory_to_half_the_free_memory_at_most_4_gib(available, expected):
    import resource  # POSIX: the limit exists only there

    def bounded():
        import integraatio.limits
        from integraatio.survey.sav_process import limit_memory

        integraatio.limits.memory_available = lambda: available
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.getrlimit(resource.RLIMIT_AS)[1]))
        return limit_memory(), resource.getrlimit(resource.RLIMIT_AS)

    if resource.getrlimit(resource.RLIMIT_AS)[1] != resource.RLIM_INFINITY:
        pytest.fail("this test needs a process whose address space may be unlimited")
    assert in_a_child(bounded) == (True, (expected, expected))


def test_a_memory_limit_the_user_set_stays():
    import resource

    def user_limited():
        from integraatio.survey.sav_process import limit_memory

        resource.setrlimit(resource.RLIMIT_AS, (2**42, resource.RLIM_INFINITY))
        return limit_memory(), resource.getrlimit(resource.RLIMIT_AS)

    assert in_a_child(user_limited) == (False, (2**42, resource.RLIM_INFINITY))


def test_the_spss_readers_process_hands_back_codes_user_missing_values_and_labels(tmp_path):
    import pyreadstat

    from integraatio.survey.sav_process import main, read_sav

    # q: 9 is declared user-missing, and stays 9 (the parent empties it); d is a date column
    # whose value (10^13 s after 1582) no Python date holds: it stays a number.
    frame = pd.DataFrame({"id": ["a", "b"], "q": [1.0, 9.0], "d": [1.0e13, 2.0]})
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(frame, str(path), missing_ranges={"q": [9.0]},
                         variable_value_labels={"q": {1.0: "yes", 9.0: "dunno"}}, variable_format={"d": "DATE11"})
    out = tmp_path / "read.pickle"
    assert in_a_child(lambda: main([str(path), str(out)])) is None
    with open(out, "rb") as f:
        data, missing, labels = pickle.load(f)
    assert data.values.tolist() == [["a", 1.0, 1.0e13], ["b", 9.0, 2.0]]
    assert missing == {"q": [{"lo": 9.0, "hi": 9.0}]} and labels == {"q": {1.0: "yes", 9.0: "dunno"}}
    # A file readstat cannot read: the error as text, the exception's type first.
    (tmp_path / "bad.sav").write_bytes(b"$FL2 not really")
    said = read_sav(str(tmp_path / "bad.sav"))
    assert isinstance(said, str) and said.startswith("ReadstatError: ")


def test_cell_ranges_join_side_by_side_columns_only_when_adjacent():
    # Columns A, B and D of row 1: A1:B1, then D1 (C is missing).
    assert cell_ranges([(0, 0), (0, 1), (0, 3)]) == "A1:B1, D1"
    assert cell_ranges([(1, 0), (1, 2), (1, 4)]) == "A2, C2, E2"
    # B1 alone, and A4:B5: column B's run 4-5 comes after its row 1, column A's is its only one;
    # joined, since A and B are side by side with the same rows.
    assert cell_ranges([(0, 1), (3, 1), (4, 1), (3, 0), (4, 0)]) == "A4:B5, B1"


def test_a_written_csv_ends_its_lines_with_a_line_feed_on_every_system(tmp_path, monkeypatch):
    # Windows' line end is \r\n; the canonical file is the same bytes wherever it is written.
    monkeypatch.setattr(os, "linesep", "\r\n")
    from integraatio.survey import write_survey

    write_survey(pd.DataFrame({"respondent_id": ["r1", "r2"], "need": [3, 1]}), tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_bytes() == b"respondent_id,need\nr1,3\nr2,1\n"


def test_a_workbook_part_named_with_a_capital_x_is_read_for_its_recalculation_flag():
    import io
    import zipfile

    from integraatio.survey.structure import asks_recalculation

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="r1" Type="http://x/officeDocument" Target="/X/wb.xml"/></Relationships>')
        z.writestr("X/wb.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<calcPr fullCalcOnLoad="1"/></workbook>')
    assert asks_recalculation(raw.getvalue())


def test_rows_and_cells_without_references_count_from_the_sheets_first_cell():
    import io

    from integraatio.survey.structure import sheet_structure

    # No r attributes: the first row is row 1 (0 here), its first cell column A (0).
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row hidden="1"><c><f>1+1</f></c></row><row><c/><c><f>2</f></c></row></sheetData></worksheet>')
    found = sheet_structure(io.BytesIO(xml.encode()), recalculate=False)
    assert found.hidden_rows == (0,) and found.formulas == ((0, 0), (1, 1))


def _workbook(path, rows):
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_workbook_cell_reading_na_is_text_not_an_empty_answer(tmp_path):
    from integraatio.exceptions import DataValidationError
    from integraatio.survey import read_survey

    # "NA" and "N/A" are answers someone typed; read as empty they would pass as "no answer".
    path = _workbook(tmp_path / "s.xlsx", [
        ["respondent_id", "municipality", "own_group", "target_group", "frequency", "reciprocity", "need"],
        ["r1", "Oulu", "2.1", "2.2", 3, 2, "NA"], ["r1", "Oulu", "2.1", "2.3", "N/A", 2, 1]])
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=load_codebook())
    assert caught.value.report[["row", "column", "value"]].values.tolist() == [[2, "need", "NA"],
                                                                              [3, "frequency", "N/A"]]


def test_a_heading_typed_as_a_whole_number_keeps_its_text_over_decimal_answers(tmp_path):
    from integraatio.survey.grid import read_grid

    grid = read_grid(_workbook(tmp_path / "s.xlsx", [[2022, "id"], [1.5, "r1"], [2, "r2"]]), sheet=None)
    assert grid.columns[0].tolist() == ["2022", "1.5", "2"]
    assert grid.numbers[0].tolist() == [False, True, False]


def test_a_zip_that_is_no_workbook_is_named_with_the_readers_error(tmp_path):
    import zipfile

    from integraatio.exceptions import InputFileError
    from integraatio.survey.grid import read_grid

    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputFileError) as caught:
        read_grid(tmp_path / "z.xlsx", sheet=None)
    assert str(caught.value) == (
        f"Cannot read {tmp_path / 'z.xlsx'} as an Excel workbook (KeyError: \"There is no item named "
        "'[Content_Types].xml' in the archive\"). Export the survey again as .csv (UTF-8, comma or semicolon), .xlsx "
        "or .sav with one header row.")


def test_why_a_column_identifies_a_person_is_said_in_the_language_spoken():
    from integraatio.messages import speaking
    from integraatio.survey import inspect_survey

    frame = pd.DataFrame({"respondent_id": ["r1", "r2"], "municipality": "Oulu", "own_group": "2.1",
                          "2.2.1": [3, 4], "Sähköposti": ["a@b.fi", "c@d.fi"]})
    with speaking("fi"):
        plan = inspect_survey(frame, codebook=load_codebook()).plan
    assert plan[["heading", "use", "detail"]].values.tolist()[-1] == [
        "Sähköposti", "dropped", "siitä voi tunnistaa henkilön (sähköpostiosoite)"]


def test_the_exclusions_table_keeps_a_target_code_as_its_text():
    from integraatio.survey import exclusions_table, read_survey

    survey = read_survey(pd.DataFrame({"respondent_id": ["r1"], "municipality": "Oulu", "own_group": "2.1",
                                       "target_group": "2.10", "frequency": [3], "reciprocity": [2], "need": [1]}),
                         codebook=load_codebook())
    assert len(survey.exclusions) == 0
    # 2.10 is not the number 2.1: a code typed in a categorical column stays "2.10".
    scoring = pd.DataFrame({"row": [3, 2], "respondent_id": ["R0001", "R0001"],
                            "target_group": pd.Categorical(["2.2", "2.10"]), "reason": ["no answer", "no answer"]})
    table = exclusions_table(scoring, survey)
    # By row, numbered afresh: row 2's exclusion is the table's first (index 0).
    assert table.values.tolist() == [[2, "R0001", "2.10", "", "no answer"], [3, "R0001", "2.2", "", "no answer"]]
    assert table.index.tolist() == [0, 1]


def test_fields_are_counted_for_every_record_of_a_long_file(tmp_path):
    from integraatio.survey.grid import read_grid

    # 2^18 + 3 records of two fields after the header, then one cut short: counted in blocks
    # of lines, the count of each record is its own.
    n = (1 << 18) + 3
    path = tmp_path / "big.csv"
    path.write_bytes(b"id,x\n" + b"r,1\n" * n + b"r\n")
    fields = read_grid(path, sheet=None).fields
    assert len(fields) == n + 2 and fields[-1] == 1 and (fields[:-1] == 2).all()


def test_a_header_field_over_the_csv_modules_limit_is_named(tmp_path):
    from integraatio.exceptions import InputFileError
    from integraatio.survey.grid import read_grid

    # The csv module refuses a field over 131,072 characters (128 KiB).
    path = tmp_path / "s.csv"
    path.write_bytes(b"id," + b"x" * 140_000 + b"\nr,1\n")
    with pytest.raises(InputFileError) as caught:
        read_grid(path, sheet=None)
    assert str(caught.value) == (
        f"Cannot read the header line of {path} (field larger than field limit (131072)). Export the survey again as "
        ".csv (UTF-8, comma or semicolon), .xlsx or .sav with one header row.")


def test_a_long_quoted_answer_past_the_first_rows_is_read_without_field_counts(tmp_path):
    from integraatio.survey.grid import read_grid

    # 250 rows, then a quoted answer of 140,000 characters: the parser reads it; the csv module,
    # which counts the fields of each record, cannot, so the counts are unknown (None).
    path = tmp_path / "s.csv"
    path.write_bytes(b"id,x\n" + b"r,1\n" * 250 + b'r,"' + b"a" * 140_000 + b'"\n')
    grid = read_grid(path, sheet=None)
    assert grid.fields is None and len(grid.columns[1]) == 252 and grid.columns[1].iloc[-1] == "a" * 140_000


def test_a_wide_file_without_item_columns_is_one_problem_of_the_file(tmp_path):
    from integraatio.survey import inspect_survey

    path = tmp_path / "w.csv"
    path.write_text("respondent_id,municipality,own_group\nr1,Oulu,2.1\n", encoding="utf-8")
    report = inspect_survey(path, codebook=load_codebook()).report
    assert report[["file", "column", "value"]].values.tolist() == [["w.csv", "", ""]]
    assert report["row"].isna().all() and report["problem"].iloc[0].startswith("no item columns: no column is named")


def test_the_inspection_names_the_encoding_a_text_file_was_read_in(tmp_path):
    from integraatio.survey import inspect_survey

    path = tmp_path / "s.csv"
    path.write_bytes("respondent_id;municipality;own_group;2.2.1\nr1;Hämeenlinna;2.1;3\n".encode("cp1252"))
    found = inspect_survey(path, codebook=load_codebook())
    assert (found.encoding, found.delimiter) == ("cp1252", ";")


def test_a_long_table_is_checked_for_identifying_columns_one_row_per_respondent():
    from integraatio.messages import Message
    from integraatio.survey import read_survey

    # Three respondents, three targets each. Viite copies the respondent id on every row.
    # Palaute holds one two-word comment per respondent, repeated on their rows: 3 different
    # values in 9 filled cells is less than half, but one row per respondent it is 3 of 3:
    # free text.
    ids = [r for r in ("r1", "r2", "r3") for _ in range(3)]
    comment = {"r1": "hyvä kysely", "r2": "liian pitkä", "r3": "ei kommentteja"}
    frame = pd.DataFrame({"respondent_id": ids, "municipality": "Oulu", "own_group": "2.1",
                          "target_group": ["2.2", "2.3", "2.4"] * 3, "frequency": 3, "reciprocity": 2, "need": 1,
                          "Viite": ids, "Palaute": [comment[r] for r in ids]})
    survey = read_survey(frame, codebook=load_codebook())
    assert survey.dropped_columns == {
        "Viite": "identifies a person (copy of the respondent id): dropped at load",
        "Palaute": "identifies a person (free text): dropped at load"}
    assert not {"Viite", "Palaute"} & set(survey.data.columns)
    assert Message.of("read.identifying", n=2, listed="'Viite' (copy of the respondent id), 'Palaute' (free text)") \
        in survey.notes


def test_a_privacy_pattern_never_sets_aside_a_wide_item_column(tmp_path):
    from integraatio.datasets import codebook_path
    from integraatio.survey import read_survey

    # The pattern ".1$" catches the item column 2.2.1 as well as Lisä.1: only Lisä.1 is set aside.
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[privacy]\nidentifying = ["\\\\.1$"]\n',
                    encoding="utf-8")
    frame = pd.DataFrame({"respondent_id": ["r1"], "municipality": "Oulu", "own_group": "2.1", "2.2.1": ["3"],
                          "Lisä.1": ["x"]})
    survey = read_survey(frame, codebook=load_codebook(path))
    assert survey.dropped_columns == {"Lisä.1": "identifies a person (listed in the codebook's [privacy] identifying): "
                                                "dropped at load"}
    assert survey.data[["target_group", "frequency"]].values.tolist() == [["2.2", 3]]


def test_missing_columns_and_empty_cells_are_reported_with_their_fixes():
    from integraatio.survey import inspect_survey

    # "Own Group" is own_group with a space and capitals: named, with the renaming to do;
    # need is missing with no near name: no "did you mean". Row 3's municipality is empty.
    frame = pd.DataFrame({"respondent_id": ["r1", "r2"], "municipality": ["Oulu", ""], "Own Group": "2.1",
                          "target_group": "2.2", "frequency": [3, 4], "reciprocity": [2, 2]})
    report = inspect_survey(frame, codebook=load_codebook()).report
    rows = report.set_index("column")
    assert rows.loc["own_group", "problem"] == ("required column 'own_group' is missing; did you mean `own_group` for "
                                                "the column 'Own Group'?")
    assert rows.loc["own_group", "fix"] == "Rename the column 'Own Group' to 'own_group' in the header row."
    assert rows.loc["need", "problem"] == "required column 'need' is missing"
    assert (rows.loc["municipality", "row"], rows.loc["municipality", "problem"], rows.loc["municipality", "fix"]) == (
        3, "empty municipality", "Fill in the municipality, or delete the row if it holds no answers.")


def test_an_spss_file_has_no_header_rows_whatever_the_codebook_says(tmp_path):
    import pyreadstat

    from integraatio.datasets import codebook_path
    from integraatio.survey import read_survey

    # header_rows = 2 is the layout of a text export; an SPSS file holds its names in its
    # dictionary, so its first case "a" is a respondent, not a second header row.
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[wide]\npreset = "limesurvey"\nheader_rows = 2\n'
                    'columns = { municipality = "KUNTA", own_group = "TEHTAVA" }\n', encoding="utf-8")
    frame = pd.DataFrame({"id": ["a", "b"], "KUNTA": ["Oulu", "Oulu"], "TEHTAVA": ["2.1", "2.1"],
                          "FREQ_T02": [1.0, 2.0]})
    pyreadstat.write_sav(frame, str(tmp_path / "s.sav"))
    survey = read_survey(tmp_path / "s.sav", codebook=load_codebook(path))
    assert (survey.respondents_read, survey.header_rows) == (2, 1)
    assert survey.data["frequency"].tolist() == [1, 2]
