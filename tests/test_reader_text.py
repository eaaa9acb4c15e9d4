"""Delimited text to a grid (issue 28): encodings at the damaged-UTF-8 boundary, fields per record
with every line end, the delimiter's ties, and the files that cannot be read."""

from pathlib import Path

import pytest

from integraatio.exceptions import InputFileError
from integraatio.survey.text import DELIMITERS, SAMPLE, sniff_delimiter, text_grid

PATH = Path("s.csv")


def grid(raw, **options):
    columns, encoding, delimiter, fields = text_grid(raw, PATH, **options)
    return [c.tolist() for c in columns], encoding, delimiter, None if fields is None else fields.tolist()


def test_encodings():
    assert grid("a,b\nä,ö\n".encode())[:2] == ([["a", "ä"], ["b", "ö"]], "utf-8")
    assert grid(b"\xef\xbb\xbfa,b\n1,2\n")[:2] == ([["a", "1"], ["b", "2"]], "utf-8-sig")
    assert grid("a,b\nä,ö\n".encode("cp1252"))[:2] == ([["a", "ä"], ["b", "ö"]], "cp1252")


def test_utf8_with_a_broken_byte_is_damaged_from_nine_good_characters_on():
    # One broken byte (a cp1252 ä) among 9 UTF-8 ä: damaged UTF-8; among 8: read as cp1252.
    nine = "a,b\n" + "ä" * 9 + ",x\n"
    with pytest.raises(InputFileError) as caught:
        text_grid(nine.encode() + b"\xe4,y\n", PATH)
    assert str(caught.value) == (
        "Cannot decode s.csv: it is UTF-8 text, but byte 25 (line 3) is not valid UTF-8, so the file is damaged or "
        "mixes two encodings. Export it again, or save it as 'CSV UTF-8' in Excel.")
    eight = "a,b\n" + "ä" * 8 + ",x\n"
    columns, encoding, _, _ = grid(eight.encode() + b"\xe4,y\n")
    assert encoding == "cp1252" and columns[1] == ["b", "x", "y"]


def test_bytes_that_no_encoding_reads_nul_bytes_and_an_empty_file():
    with pytest.raises(InputFileError, match=r"^Cannot decode s.csv as UTF-8 or cp1252 text\. Save it as 'CSV UTF-8'"):
        text_grid(b"a,b\n\x81,\x8d\n", PATH)
    with pytest.raises(InputFileError, match=r"^Cannot read s.csv: it holds NUL bytes, so it is binary or UTF-16"):
        text_grid("a,b\n".encode("utf-16"), PATH)
    with pytest.raises(InputFileError, match=r"^Survey file s.csv is empty\. "):
        text_grid(b" \n\r\n\t\n", PATH)


def test_fields_per_record_with_every_line_end_and_quotes():
    assert grid(b"a,b,c\n1,2\n3,4,5")[3] == [3, 2, 3]  # the last record has no line end
    assert grid(b"a,b,c\r\n1,2\r\n3,4,5\r\n")[3] == [3, 2, 3]
    assert grid(b"a,b,c\r1,2\r3,4,5\r")[3] == [3, 2, 3]  # old Mac line ends
    assert grid(b"a,b,c\n1,\"2,\n2\"\n3,4,5\n")[3] == [3, 2, 3]  # a quoted delimiter and line break
    columns, _, delimiter, fields = grid(b"a;b;c\n1;2;3\n", delimiter=";")
    assert delimiter == ";" and columns[2] == ["c", "3"] and fields == [3, 3]


def test_one_field_a_row_where_another_delimiter_splits_them():
    with pytest.raises(InputFileError) as caught:
        text_grid(b"a;b;c\n1;2;3\n", PATH, delimiter=",")
    assert str(caught.value).startswith(
        "Cannot read s.csv as comma-separated text: no row has a comma outside quotes, so each row would be one "
        "column, while a semicolon splits them. Set the file's delimiter with --delimiter")
    with pytest.raises(InputFileError, match="as tab-separated text: no row has a tab outside quotes, so each row "
                                             "would be one column, while a comma splits"):
        text_grid(b"a,b\n1,2\n", PATH, delimiter="\t")
    # One column in every way: read as one column.
    assert grid(b"a\n1\n")[0] == [["a", "1"]]


def test_a_longer_row_after_the_header_is_a_parse_error():
    with pytest.raises(InputFileError, match=r"(?s)^Cannot read s.csv as comma-separated text: .*Check that no row has more "
                                             "fields than the header"):
        text_grid(b"a,b\n1,2\n1,2\n3,4,5\n", PATH)


def test_title_rows_set_no_width_and_the_header_sets_it():
    # A one-field title over a header of 3: the grid is 3 columns wide.
    assert grid(b"Kysely\na,b,c\n1,2,3\n")[0] == [["Kysely", "a", "1"], ["", "b", "2"], ["", "c", "3"]]


def test_the_delimiter_ties_and_the_sample():
    assert DELIMITERS == (",", ";", "\t") and SAMPLE == 200
    # As many rows split by , and ; into 2 fields: the first in DELIMITERS.
    assert sniff_delimiter("a,b;c\n1,2;3\n") == ","
    # Equally many rows, more fields: ; (3 fields) over , (2).
    assert sniff_delimiter("a,b;c;d\n1,2;3;4\n") == ";"
    # More rows of the usual count wins over more fields.
    assert sniff_delimiter("a;b;c;d\n1,2\n3,4\n5,6\n") == ","
    # Only the first 200 rows that are not blank count: after them, tabs everywhere do not.
    text = "a,b\n" + "\n" * 50 + "1,2\n" * 199 + "x\ty\tz\n" * 300
    assert sniff_delimiter(text) == ","
    # A long file is read in growing parts: the first rows decide even past 64 KiB.
    long_rows = "a;b\n" + ("x" * 400 + ";1\n") * 150 + "1,2,3\n" * 300
    assert sniff_delimiter(long_rows) == ";"


def test_a_blank_row_wider_than_the_header_above_it_widens_the_grid():
    # Spreadsheets export an empty first row as delimiters alone; it is blank, and the grid is
    # as wide as it (5), not as the header (2), so the parser loses no cell and warns of nothing.
    assert grid(b",,,,\na,b\n1,2\n")[0] == [["", "a", "1"], ["", "b", "2"]] + [["", "", ""]] * 3


def test_a_wide_blank_first_row_is_read_as_a_blank_row(tmp_path):
    from integraatio.codebook import load_codebook
    from integraatio.survey import read_survey

    p = tmp_path / "s.csv"
    p.write_text(",,,,,,,,\nrespondent_id,municipality,own_group,target_group,frequency,reciprocity,need\n"
                 "r1,Oulu,2.1,2.2,3,2,1\n")
    data = read_survey(p, codebook=load_codebook()).data
    assert data[["row", "frequency", "reciprocity", "need"]].values.tolist() == [[3, 3, 2, 1]]


def test_a_parser_warning_is_a_misread_and_refused(monkeypatch):
    import warnings

    import pandas as pd

    def warning_read(*args, **kwargs):  # what pandas does where it drops or guesses cells
        warnings.warn("Length of header or names does not match length of data.", pd.errors.ParserWarning)
        return read(*args, **kwargs)

    read = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", warning_read)
    with pytest.raises(InputFileError, match=r"^Cannot read s\.csv as comma-separated text: Length of header or names "
                                             r"does not match length of data\. Check that no row"):
        text_grid(b"a,b\n1,2\n", PATH)
