"""Workbooks and files to a grid (issue 28): the sheet chosen by number, name or being the only one
filled; hidden sheets named; formula cells without values; suffixes and empty files."""

import openpyxl
import pytest

from integraatio.exceptions import InputFileError
from integraatio.messages import Message
from integraatio.survey.grid import read_grid


def workbook(path, sheets, hidden=()):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    book.save(path)
    return path


DATA = [["respondent_id", "own_group"], ["r1", 2.1]]


def test_the_sheet_by_number_name_or_the_only_one_filled(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Ohje": [["lue minut"]], "Data": DATA, "Vanha": DATA}, hidden=("Vanha",))
    grid = read_grid(path, sheet=None)
    assert grid.sheet == "Data" and [c.tolist() for c in grid.columns] == [["respondent_id", "r1"], ["own_group", "2.1"]]
    assert grid.numbers[1].tolist() == [False, True] and grid.numbers[0].tolist() == [False, False]
    assert grid.notes == (Message.of("read.sheet", sheet="Data", sheets=3, file="w.xlsx"),
                          Message.of("read.hidden_sheets", sheets="'Vanha'"))
    assert read_grid(path, sheet=3).sheet == "Vanha" and read_grid(path, sheet="1").sheet == "Ohje"
    named = read_grid(path, sheet="Vanha")
    assert named.sheet == "Vanha" and named.notes == (Message.of("read.sheet", sheet="Vanha", sheets=3, file="w.xlsx"),)
    for k in (0, 4):
        with pytest.raises(InputFileError, match=rf"^w\.xlsx has 3 sheet\(s\); --sheet {k} is not one of 1 to 3\.$"):
            read_grid(path, sheet=k)
    with pytest.raises(InputFileError, match=r"^w\.xlsx has no sheet 'X'; its sheets are 'Ohje', 'Data', 'Vanha'\.$"):
        read_grid(path, sheet="X")


def test_sheets_that_cannot_be_chosen(tmp_path):
    two = workbook(tmp_path / "two.xlsx", {"A": DATA, "B": DATA, "C": [], "D": DATA}, hidden=("D",))
    with pytest.raises(InputFileError) as caught:
        read_grid(two, sheet=None)
    assert str(caught.value) == ("two.xlsx has 2 visible sheets that could hold the survey (1: 'A', 2: 'B', 3: 'C', "
                                 "4: 'D' (hidden)). Name the one to read with --sheet NAME or --sheet NUMBER.")
    one_empty = workbook(tmp_path / "one.xlsx", {"Tyhjä": [["x"]], "D": DATA}, hidden=("D",))
    assert read_grid(one_empty, sheet=None).sheet == "Tyhjä"


def test_formula_cells_without_values(tmp_path):
    path = workbook(tmp_path / "f.xlsx", {"S": [["respondent_id", "need"], ["r1", "=1+1"], ["r2", "=2+1"]]})
    with pytest.raises(InputFileError) as caught:
        read_grid(path, sheet=None)
    assert str(caught.value) == (
        "f.xlsx: the sheet 'S' has 2 formula cells with no stored value: the workbook was written by a program "
        "(such as openpyxl) and never saved in a spreadsheet program, so they would be read as empty or wrong "
        "answers (B2:B3). Open the file in Excel or LibreOffice and save it, which stores the values, or export "
        "the sheet as .csv.")
    one = workbook(tmp_path / "g.xlsx", {"S": [["respondent_id", "need"], ["r1", "=1+1"]]})
    with pytest.raises(InputFileError, match=r"has 1 formula cell with no stored value: .*, so it would be read as an "
                                             r"empty or wrong answer \(B2\)\."):
        read_grid(one, sheet=None)


def test_files_that_cannot_be_read(tmp_path):
    with pytest.raises(InputFileError, match=r"files ending in '\.txt' are not supported\. Export the survey again"):
        read_grid(tmp_path / "s.txt", sheet=None)
    with pytest.raises(InputFileError, match=r"files ending in '\(no suffix\)' are not supported"):
        read_grid(tmp_path / "s", sheet=None)
    with pytest.raises(InputFileError, match=r"^Survey file .*s\.csv not found\. Check the path and the file name\.$"):
        read_grid(tmp_path / "s.csv", sheet=None)
    (tmp_path / "e.csv").write_bytes(b" \n ")
    with pytest.raises(InputFileError, match=r"^Survey file .*e\.csv is empty\. Export the survey again"):
        read_grid(tmp_path / "e.csv", sheet=None)
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(InputFileError, match=r"^Cannot read .*d\.csv: .*\. Check that it is a readable file\.$"):
        read_grid(tmp_path / "d.csv", sheet=None)
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(InputFileError, match=r"^Cannot read .*bad\.xlsx as an Excel workbook \("):
        read_grid(tmp_path / "bad.xlsx", sheet=None)
