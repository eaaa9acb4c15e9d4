"""read_survey / to_wide / write_survey on tiny files written to tmp_path."""

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.exceptions import CodebookError, DataValidationError, InputFileError
from integraatio.io import read_survey, to_wide, write_survey

HEADER = "respondent_id,municipality,own_group,subgroup,target_group,frequency,reciprocity,need"
# r1 (Tampere, 2.1) rates 2.2 and 2.10; r2 (Kuntayhtymä G, 2.3, subgroup asumis) rates 2.1.
# need 6 is "can't say" and the empty reciprocity is a skipped answer: both missing.
LONG = f"""{HEADER}
r1,Tampere,2.1,,2.2,3,4,5
r1,Tampere,2.1,,2.10,1,2,6
r2,Kuntayhtymä G,2.3,asumis,2.1,5,,2
"""
EXPECTED = {
    "row": [2, 3, 4],
    "respondent_id": ["r1", "r1", "r2"],
    "size_class": ["large", "large", "other"],
    "target_group": ["2.2", "2.10", "2.1"],
    "frequency": [3, 1, 5],
    "reciprocity": [4, 2, None],
    "need": [5, None, 2],
}


def write(path, content, encoding="utf-8"):
    path.write_bytes(content.encode(encoding))
    return path


def assert_expected(data):
    for column, values in EXPECTED.items():
        got = [None if pd.isna(v) else v for v in data[column]]
        assert got == values, column


def problems(path_or_frame, **kwargs):
    with pytest.raises(DataValidationError) as caught:
        read_survey(path_or_frame, **kwargs)
    return caught.value


def cells(error):
    return error.report[["row", "column", "value"]].values.tolist()


# Text files: delimiter, decimal comma, encodings.


def test_long_csv_comma(tmp_path):
    survey = read_survey(write(tmp_path / "s.csv", LONG))
    assert_expected(survey.data)
    assert (survey.layout, survey.encoding, survey.delimiter) == ("long", "utf-8", ",")
    assert (survey.rows_read, survey.respondents_read, survey.notes) == (3, 2, ())
    assert survey.path == tmp_path / "s.csv" and len(survey.sha256) == 64
    assert survey.data["municipality"].tolist()[2] == "Kuntayhtymä G"


def test_long_csv_semicolon_with_decimal_comma(tmp_path):
    content = LONG.replace(",", ";").replace(";3;4;5", ";3,0;4;5,0")
    survey = read_survey(write(tmp_path / "s.csv", content))
    assert_expected(survey.data)
    assert survey.delimiter == ";"


def test_long_tsv(tmp_path):
    survey = read_survey(write(tmp_path / "s.tsv", LONG.replace(",", "\t")))
    assert_expected(survey.data)
    assert survey.delimiter == "\t"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_bom_and_cp1252_read_the_label_right(tmp_path, encoding):
    survey = read_survey(write(tmp_path / "s.csv", LONG, encoding))
    assert survey.encoding == encoding
    assert survey.data.columns[1] == "respondent_id"  # the BOM is not part of the name
    assert survey.data["municipality"].tolist()[2] == "Kuntayhtymä G"
    assert_expected(survey.data)


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path):
    content = LONG.replace("\nr2", "\n,,,,,,,\n\nr2")
    survey = read_survey(write(tmp_path / "s.csv", content))
    assert survey.data["row"].tolist() == [2, 3, 6]


def test_dataframe_source_with_numbers(tmp_path):
    groups = {"own_group": str, "target_group": str}
    frame = pd.read_csv(write(tmp_path / "s.csv", LONG), dtype=groups)  # items parsed as numbers
    survey = read_survey(frame)
    assert_expected(survey.data)
    assert (survey.path, survey.sha256, survey.encoding, survey.delimiter) == (None, None, None, None)
    assert survey.notes == ()


def test_group_codes_stored_as_numbers_get_a_note(tmp_path):
    # read_csv turns 2.10 into the float 2.1: the survey reads, but says why 2.10 may be gone.
    survey = read_survey(pd.read_csv(write(tmp_path / "s.csv", LONG.replace(",2.10,", ",2.11,"))))
    assert survey.data["target_group"].tolist() == ["2.2", "2.11", "2.1"]
    assert survey.notes == (
        "3 target_group cells hold numbers, not text: a code typed as a number loses its trailing zero "
        "(2.10 reads as 2.1); store the group codes as text",
        "3 own_group cells hold numbers, not text: a code typed as a number loses its trailing zero "
        "(2.10 reads as 2.1); store the group codes as text",
    )[::-1]


# Excel.


def test_long_xlsx_with_numeric_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["r1", "Tampere", "2.1", None, "2.2", 3, 4.0, 5])
    sheet.append(["r1", "Tampere", "2.1", None, "2.10", 1, "2", 6])
    sheet.append(["r2", "Kuntayhtymä G", "2.3", "asumis", "2.1", "5", None, 2.0])
    book.save(tmp_path / "s.xlsx")
    survey = read_survey(tmp_path / "s.xlsx")
    assert_expected(survey.data)
    assert (survey.encoding, survey.delimiter) == (None, None)


# The wide layout.


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_wide_round_trip(tmp_path, suffix):
    # Every respondent rates the same targets, so the wide file holds exactly these rows.
    content = f"""{HEADER},team
r1,Tampere,2.1,,2.2,3,4,5,a
r1,Tampere,2.1,,2.10,1,2,6,a
r2,Kunta X,2.3,asumis,2.2,5,,2,b
r2,Kunta X,2.3,asumis,2.10,,,,b
"""
    long = read_survey(write(tmp_path / "long.csv", content)).data
    write_survey(to_wide(long), tmp_path / f"wide{suffix}", layout="wide")
    survey = read_survey(tmp_path / f"wide{suffix}")
    assert survey.layout == "wide"
    assert survey.data["row"].tolist() == [2, 2, 3, 3]  # one spreadsheet row per respondent
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), long.drop(columns="row"))


def test_to_wide_layout():
    long = read_survey(pd.read_csv(io.StringIO(LONG), dtype=str, keep_default_na=False)).data
    wide = to_wide(long)
    assert wide.columns.tolist() == [
        "respondent_id", "municipality", "size_class", "own_group", "subgroup",
        "2.1.1", "2.1.2", "2.1.3", "2.2.1", "2.2.2", "2.2.3", "2.10.1", "2.10.2", "2.10.3",
    ]  # fmt: skip
    assert wide["2.10.1"].dtype == "Int64"
    assert wide.loc[0, ["2.2.1", "2.2.2", "2.2.3", "2.10.1"]].tolist() == [3, 4, 5, 1]
    assert wide["2.1.1"].isna().tolist() == [True, False]


def test_write_long_csv(tmp_path):
    long = read_survey(write(tmp_path / "s.csv", LONG)).data
    write_survey(long, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == (
        "respondent_id,municipality,size_class,own_group,subgroup,target_group,frequency,reciprocity,need\n"
        "r1,Tampere,large,2.1,,2.2,3,4,5\n"
        "r1,Tampere,large,2.1,,2.10,1,2,\n"
        "r2,Kuntayhtymä G,other,2.3,asumis,2.1,5,,2\n"
    )


def test_write_survey_rejects_other_suffixes(tmp_path):
    with pytest.raises(InputFileError, match=r"out\.sav: the name must end in \.csv or \.xlsx"):
        write_survey(pd.DataFrame(), tmp_path / "out.sav")


def test_wide_xlsx_without_subgroup(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["respondent_id", "municipality", "own_group", "2.10.1", "2.10.2", "2.10.3", "2.1.1"])
    sheet.append(["r1", "Oulu", "2.2", 1, 2, 3, 4])
    book.save(tmp_path / "w.xlsx")
    survey = read_survey(tmp_path / "w.xlsx")
    assert survey.data["target_group"].tolist() == ["2.1", "2.10"]  # code order, not column order
    assert survey.data["frequency"].tolist() == [4, 1]
    assert survey.data["subgroup"].isna().all()
    assert survey.notes == ("no item column for 2.1 (reciprocity, need): those answers are read as missing",)


WIDE_TOML = """
[wide]
pattern = '^(?P<item>FREQ|RECIP|NEED)\\[T(?P<target>\\d\\d)\\]$'
items = { FREQ = "frequency", RECIP = "reciprocity", NEED = "need" }
targets = { "01" = "2.1", "10" = "2.10" }
values = { "Päivittäin" = 5, "En osaa sanoa" = 6 }
columns = { respondent_id = "ID", municipality = "Kunta", own_group = "Tehtävä" }
header_rows = 2
"""
LIMESURVEY = """ID;Kunta;Tehtävä;FREQ[T01];RECIP[T01];NEED[T01];FREQ[T10];RECIP[T10];NEED[T10]
Vastaaja;Kunta;Tehtäväryhmä;Kuinka usein?;Molemminpuolista?;Tarve?;Kuinka usein?;Molemminpuolista?;Tarve?
1;Tampere;2.10;Päivittäin;4;En osaa sanoa;2;3;4
2;Kunta A;2.1;3;3;3;Päivittäin; 5 ;5
"""


@pytest.fixture
def wide_codebook(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + WIDE_TOML, encoding="utf-8")
    return load_codebook(path)


def test_wide_mapping_limesurvey_style(tmp_path, wide_codebook):
    survey = read_survey(write(tmp_path / "lime.csv", LIMESURVEY), codebook=wide_codebook)
    data = survey.data
    assert survey.layout == "wide"
    # Two header rows, so the data start on row 3.
    assert data["row"].tolist() == [3, 3, 4, 4]
    assert data["respondent_id"].tolist() == ["1", "1", "2", "2"]
    assert data["size_class"].tolist() == ["large", "large", "other", "other"]
    assert data["target_group"].tolist() == ["2.1", "2.10", "2.1", "2.10"]
    # "Päivittäin" = 5; "En osaa sanoa" = 6 is the missing code.
    assert data["frequency"].tolist() == [5, 2, 3, 5]
    assert data["need"].isna().tolist() == [True, False, False, False]


def test_wide_mapping_unknown_target_token(tmp_path, wide_codebook):
    error = problems(write(tmp_path / "lime.csv", LIMESURVEY.replace("FREQ[T10]", "FREQ[T99]")), codebook=wide_codebook)
    assert cells(error) == [[None, "FREQ[T99]", ""]]
    assert error.report["problem"].iloc[0] == "target '99' of this item column is not in the codebook's [wide] targets"


def test_wide_mapping_text_and_renamed_columns(tmp_path, wide_codebook):
    content = LIMESURVEY.replace(";4;En osaa", ";Usein;En osaa").replace("2;Kunta A", "2;")
    error = problems(write(tmp_path / "lime.csv", content), codebook=wide_codebook)
    assert cells(error) == [[3, "RECIP[T01]", "Usein"], [4, "Kunta", ""]]
    assert error.report["problem"].tolist() == ["text in a numeric item column", "empty municipality"]


def test_bad_wide_table_in_the_codebook(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(
        codebook_path().read_text(encoding="utf-8") + "\n[wide]\npattern = '^(?P<item>\\w+)$'\n", encoding="utf-8"
    )
    with pytest.raises(CodebookError, match=r"\[wide\] `pattern` .* needs the named groups"):
        read_survey(write(tmp_path / "w.csv", "respondent_id\nr1\n"), codebook=load_codebook(path))


def test_wide_problems_name_row_and_column(tmp_path):
    content = (
        "respondent_id,municipality,own_group,2.1.1,2.1.4,2.22.1,2.3.1,2.3.1\n"
        "r1,Oulu,2.2,3,1,1,1,1\n"
        "r1,Vantaa,2.2,7,1,1,1,1\n"
    )
    error = problems(write(tmp_path / "w.csv", content))
    assert cells(error) == [
        [None, "2.1.4", ""],
        [None, "2.22.1", ""],
        [None, "2.3.1", ""],
        [3, "respondent_id", "r1"],
        [3, "municipality", "Vantaa"],
        [3, "2.1.1", "7"],
    ]
    assert error.report["problem"].tolist()[:4] == [
        "item '4' in this item column is not one of 1, 2, 3",
        "this item column rates group '2.22', which is not in the codebook",
        "column name repeated in the header (columns G and H)",
        "this respondent_id already has a row (row 2); the wide layout has one row per respondent",
    ]


def test_wide_without_item_columns(tmp_path):
    error = problems(write(tmp_path / "w.csv", "respondent_id,municipality,own_group,score\nr1,Oulu,2.1,3\n"))
    assert cells(error) == [[None, "", ""]]
    assert error.report["problem"].iloc[0].startswith("no item columns: no column name matches")


# Bad long files: every problem names its row and column.


def test_missing_column(tmp_path):
    content = LONG.replace(",need", "").replace(",5\n", "\n").replace(",6\n", "\n").replace(",2\n", "\n")
    with pytest.raises(DataValidationError, match=r"s\.csv, column 'need': required column 'need' is missing"):
        read_survey(write(tmp_path / "s.csv", content))


def test_unknown_group_code(tmp_path):
    error = problems(write(tmp_path / "s.csv", LONG.replace(",2.10,", ",2.22,")))
    assert cells(error) == [[3, "target_group", "2.22"]]
    assert "row 3, column 'target_group', value '2.22': group code not in the codebook" in str(error)


def test_value_outside_the_scale(tmp_path):
    error = problems(write(tmp_path / "s.csv", LONG.replace(",5,,2", ",7,,2")))
    assert cells(error) == [[4, "frequency", "7"]]
    assert error.report["problem"].iloc[0] == "outside the scale 1-5 and not a declared missing code"


def test_text_in_numeric_column(tmp_path):
    error = problems(write(tmp_path / "s.csv", LONG.replace(",3,4,5", ",often,4,5")))
    assert cells(error) == [[2, "frequency", "often"]]
    assert error.report["problem"].iloc[0] == "text in a numeric item column"


def test_duplicated_respondent_and_target(tmp_path):
    error = problems(write(tmp_path / "s.csv", LONG.replace(",2.10,", ",2.2,")))
    assert cells(error) == [[3, "target_group", "2.2"]]
    assert error.report["problem"].iloc[0] == "this respondent_id already rated this target_group on row 2"


def test_inconsistent_respondent_rows(tmp_path):
    error = problems(write(tmp_path / "s.csv", LONG.replace("r1,Tampere,2.1,,2.10", "r1,Oulu,2.4,,2.10")))
    assert cells(error) == [[3, "municipality", "Oulu"], [3, "own_group", "2.4"]]
    assert error.report["problem"].iloc[1] == "this respondent's own_group differs from their first row (row 2: '2.1')"


def test_all_problems_are_collected(tmp_path):
    content = LONG.replace(",3,4,5", ",often,4,5").replace("r2,", ",").replace(",2.10,", ",2.99,")
    error = problems(write(tmp_path / "s.csv", content))
    assert cells(error) == [[2, "frequency", "often"], [3, "target_group", "2.99"], [4, "respondent_id", ""]]
    assert str(error).startswith("3 problems found in the survey data:")


def test_repeated_column_name(tmp_path):
    content = "".join(line + (",need\n" if i == 0 else ",9\n") for i, line in enumerate(LONG.splitlines()))
    error = problems(write(tmp_path / "s.csv", content))
    assert cells(error) == [[None, "need", ""]]  # only the first need is read, so 9 is no problem
    assert error.report["problem"].iloc[0] == "column name repeated in the header (columns H and I)"


# Municipalities and size classes from the shipped codebook.


def test_size_class_lookup_and_unknown_municipality_note(tmp_path):
    content = LONG + "r3,Kunta Z,2.4,,2.1,1,1,1\nr4,Kunta Z,2.4,,2.1,1,1,1\n"
    survey = read_survey(write(tmp_path / "s.csv", content))
    assert survey.data["size_class"].tolist()[:3] == ["large", "large", "other"]
    assert survey.data["size_class"].iloc[3:].isna().all()
    assert survey.notes == (
        "2 respondents from municipalities the codebook does not list (Kunta Z) and no size_class column: "
        "their size_class is unknown and they are left out of size comparisons",
    )


def test_size_class_column_overrides_the_codebook(tmp_path):
    content = (
        "respondent_id,municipality,size_class,own_group,target_group,frequency,reciprocity,need\n"
        "r1,Tampere,other,2.1,2.2,3,4,5\n"
        "r2,Oulu,,2.3,2.1,5,,2\n"
    )
    survey = read_survey(write(tmp_path / "s.csv", content))
    # Tampere is "large" in the codebook but "other" in the column; r2's empty cell uses the codebook.
    assert survey.data["size_class"].tolist() == ["other", "large"]
    assert survey.notes == ()


# Files that cannot be read.


def test_empty_file(tmp_path):
    with pytest.raises(InputFileError, match=r"Survey file .*empty\.csv is empty\. Export the survey again"):
        read_survey(write(tmp_path / "empty.csv", "\n \n"))


def test_empty_workbook(tmp_path):
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(InputFileError, match=r"empty\.xlsx is empty"):
        read_survey(tmp_path / "empty.xlsx")


def test_header_without_data_rows(tmp_path):
    with pytest.raises(InputFileError, match=r"h\.csv has a header but no data rows"):
        read_survey(write(tmp_path / "h.csv", HEADER + "\n\n"))


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError, match=r"Survey file .*nothere\.csv not found\. Check the path"):
        read_survey(tmp_path / "nothere.csv")


def test_unsupported_suffix(tmp_path):
    with pytest.raises(InputFileError, match=r"s\.sav: files ending in '\.sav' are not supported\. Export"):
        read_survey(write(tmp_path / "s.sav", LONG))


def test_undecodable_file(tmp_path):
    # 0x81 is neither UTF-8 here nor defined in cp1252.
    (tmp_path / "b.csv").write_bytes(HEADER.encode() + b"\nr1,\x81\n")
    with pytest.raises(InputFileError, match=r"Cannot decode .*b\.csv as UTF-8 or cp1252 text\. Save it as"):
        read_survey(tmp_path / "b.csv")


def test_utf16_file(tmp_path):
    write(tmp_path / "u.csv", LONG, "utf-16")
    with pytest.raises(InputFileError, match=r"u\.csv: it holds NUL bytes, so it is binary or UTF-16"):
        read_survey(tmp_path / "u.csv")


def test_row_with_too_many_fields(tmp_path):
    with pytest.raises(InputFileError, match=r"r\.csv as comma-separated text: .*Expected 8 fields in line 3, saw 9"):
        read_survey(write(tmp_path / "r.csv", LONG.replace("2,6\n", "2,6,x\n")))


def test_not_a_workbook(tmp_path):
    with pytest.raises(InputFileError, match=r"Cannot read .*x\.xlsx as an Excel workbook"):
        read_survey(write(tmp_path / "x.xlsx", LONG))


def test_row_column_of_the_input_is_replaced(tmp_path):
    survey = read_survey(write(tmp_path / "s.csv", "row," + LONG.replace("\nr", "\n99,r")))
    assert survey.data["row"].tolist() == [2, 3, 4]
    assert survey.notes == ("the input's `row` column is replaced by the row numbers of the file",)


def test_large_file_is_fast(tmp_path):
    # 20,000 respondents x 21 targets = 420,000 rows; the checks are vectorised.
    import time

    cb = load_codebook()
    n, codes = 20_000, cb.codes
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "respondent_id": np.repeat([f"R{i}" for i in range(n)], len(codes)),
            "municipality": "Oulu",
            "own_group": "2.1",
            "target_group": np.tile(codes, n),
            **{item: rng.integers(1, 7, n * len(codes)) for item in ("frequency", "reciprocity", "need")},
        }
    )
    frame.to_csv(tmp_path / "big.csv", index=False)
    start = time.perf_counter()
    survey = read_survey(tmp_path / "big.csv", codebook=cb)
    assert time.perf_counter() - start < 10
    assert survey.rows_read == n * len(codes) and survey.respondents_read == n
