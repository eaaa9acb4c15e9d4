"""A workbook is read as its sheet shows it, or refused with the range and the fix (issue 22).

Every file is the shipped survey's wide workbook changed the way a tool changes it: openpyxl
hides rows and columns, sets a filter, merges cells and writes formulas without their
values; Excel's save (formulas with stored values, no request to recalculate) is its XML
rewritten. A handled file must give the clean file's table; a refused one names the range.
"""

import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import data_dir
from integraatio.exceptions import DataValidationError, InputFileError
from integraatio.survey import read_survey
from integraatio.survey.structure import sheet_structure

runner = CliRunner()
SHIPPED = data_dir() / "synthetic_survey_wide.xlsx"
FAST = ["--no-figures", "--no-exports", "--no-report"]


@pytest.fixture(scope="module")
def clean():
    return read_survey(SHIPPED, codebook=load_codebook())


def _book():
    book = openpyxl.load_workbook(SHIPPED)
    return book, book.active


def _same(survey, clean):
    pd.testing.assert_frame_equal(survey.data, clean.data)


def _formulas(path, rows=range(2, 270, 2)):
    """Every item cell of every other respondent as a formula giving its answer (openpyxl: no value stored)."""
    book, ws = _book()
    for r in rows:
        for cell in ws[r][4:]:
            if isinstance(cell.value, int):
                cell.value = f"={cell.value}+0"
    book.save(path)
    return path


def _rewritten(path, out, sheet_xml, calc):
    """``path`` with its sheet's XML and its workbook's calcPr rewritten, as another program saves it."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for part in src.infolist():
            data = src.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data)
            elif part.filename == "xl/workbook.xml":
                data = re.sub(rb"<calcPr[^>]*/>", calc, data)
            dst.writestr(part, data)
    return out


def _stored(xml: bytes) -> bytes:
    # <f>4+0</f><v /> -> <f>4+0</f><v>4</v>: the value Excel stores when it saves.
    return re.sub(rb"<f>(\d+)\+0</f><v\s*/>", rb"<f>\1+0</f><v>\1</v>", xml)


def test_formulas_without_stored_values_are_refused(tmp_path):
    path = _formulas(tmp_path / "script.xlsx")
    with pytest.raises(InputFileError) as caught:
        read_survey(path, codebook=load_codebook())
    message = str(caught.value)
    # The answers of rows 2, 4, ..., 268; row 2 (R001) rated no group of columns E-G.
    ws = _book()[1]
    n = sum(isinstance(c.value, int) for r in range(2, 270, 2) for c in ws[r][4:])
    assert f"script.xlsx: the sheet 'Sheet1' has {n} formula cells with no stored value" in message
    assert re.search(r"\(E8:G8, E10:G10, .*, \.\.\. \(\d+ ranges in all\)\)", message)
    assert "save it, which stores the values, or export the sheet as .csv" in message
    r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), *FAST])
    assert r.exit_code == 1
    assert "no stored value" in " ".join(r.output.split()) and "Traceback" not in r.output


def test_formulas_with_values_stored_by_a_spreadsheet_are_read(tmp_path, clean):
    script = _formulas(tmp_path / "script.xlsx")
    saved = _rewritten(script, tmp_path / "saved.xlsx", _stored, b'<calcPr calcId="191029"/>')
    _same(read_survey(saved, codebook=load_codebook()), clean)


def test_stored_values_a_writer_asks_to_recalculate_are_refused(tmp_path):
    # XlsxWriter stores 0 as every formula's value and asks for recalculation on opening.
    script = _formulas(tmp_path / "script.xlsx", rows=[5])
    zeros = _rewritten(script, tmp_path / "zeros.xlsx", lambda x: re.sub(rb"<v\s*/>", b"<v>0</v>", x),
                       b'<calcPr calcId="124519" fullCalcOnLoad="1"/>')
    # Row 5 (R004) answered for the groups of columns H-Q, S-AD, AF-BJ and BL-BO.
    with pytest.raises(InputFileError, match=r"has 57 formula cells whose stored values are not their results: the "
                       r"program that wrote the workbook asks .*\(H5:Q5, S5:AD5, AF5:BJ5, BL5:BO5\)"):
        read_survey(zeros, codebook=load_codebook())


def _hidden_test_rows(path, *, filtered: bool):
    """Twelve test submissions (all answers 5) after the answers, hidden by hand or by a filter."""
    book, ws = _book()
    first = ws[2]
    for k in range(12):
        ws.append([f"TEST{k}", first[1].value, first[2].value, None, *[5 if c.value is not None else None
                                                                      for c in first[4:]]])
        ws.row_dimensions[ws.max_row].hidden = True
    if filtered:
        ws.auto_filter.ref = f"A1:BO{ws.max_row}"
        ws.auto_filter.add_filter_column(0, [c.value for c in ws["A"][1:269]])
    book.save(path)
    return path


@pytest.mark.parametrize("filtered", [False, True])
def test_hidden_rows_of_answers_are_refused(tmp_path, filtered):
    path = _hidden_test_rows(tmp_path / "hidden.xlsx", filtered=filtered)
    with pytest.raises(DataValidationError) as caught:
        read_survey(path, codebook=load_codebook())
    report = caught.value.report
    first = report.iloc[0]
    assert first["row"] == 270 and len(report) == 1
    if filtered:
        assert first["problem"].startswith("rows 270-281 are hidden by the sheet's filter (A1:BO281): 12 rows")
        assert "Clear the filter" in first["fix"]
    else:
        assert first["problem"].startswith("rows 270-281 are hidden: 12 rows of answers")
        assert "Delete the hidden rows" in first["fix"] and "unhide them" in first["fix"]
    r = runner.invoke(app, ["inspect", str(path), "--lang", "en"])
    assert r.exit_code == 1 and "rows 270-281 are hidden" in " ".join(r.output.split())


def test_hidden_rows_without_answers_change_nothing(tmp_path, clean):
    book, ws = _book()
    for r in (300, 301):  # blank rows hidden under the answers, as a tidy sheet has them
        ws.row_dimensions[r].hidden = True
    book.save(tmp_path / "tidy.xlsx")
    _same(read_survey(tmp_path / "tidy.xlsx", codebook=load_codebook()), clean)


def test_hidden_columns_are_read_with_a_note(tmp_path, clean):
    book, ws = _book()
    for column in ("C", "E", "BP"):  # own_group, 2.1.1, and an empty column past the answers
        ws.column_dimensions[column].hidden = True
    book.save(tmp_path / "columns.xlsx")
    s = read_survey(tmp_path / "columns.xlsx", codebook=load_codebook())
    _same(s, clean)
    note = next(n for n in s.notes if n.key == "read.hidden_columns")
    assert str(note).startswith("2 hidden column(s) of the sheet 'Sheet1' are read like the others: C (own_group), "
                                "E (2.1.1);")
    assert "piilotetut sarakkeet" in note.text("fi")


def _group_blocks(ws) -> list[tuple[int, int]]:
    """The runs of rows that share an own group (the survey is sorted by it)."""
    blocks, start = [], 2
    for r in range(3, ws.max_row + 2):
        if r > ws.max_row or ws.cell(r, 3).value != ws.cell(start, 3).value:
            blocks.append((start, r - 1))
            start = r
    return blocks


def test_an_own_group_merged_down_its_rows_is_filled_with_a_warning(tmp_path, clean):
    book, ws = _book()
    blocks = [(a, b) for a, b in _group_blocks(ws) if b > a]
    for a, b in blocks:
        ws.merge_cells(f"C{a}:C{b}")  # openpyxl empties the other cells, as Excel does
    book.save(tmp_path / "merged.xlsx")
    s = read_survey(tmp_path / "merged.xlsx", codebook=load_codebook())
    _same(s, clean)
    warning = next(w for w in s.warnings if w.key == "read.merged")
    shown = ", ".join(f"C{a}:C{b}" for a, b in blocks[:10])
    assert str(warning).startswith(f"{len(blocks)} merged range(s) are read as their first cell's value in each of "
                                   f"their rows: own_group {shown}, ... ({len(blocks)} in all); if the rows")
    r = runner.invoke(app, ["inspect", str(tmp_path / "merged.xlsx"), "--lang", "en"])
    assert r.exit_code == 0 and f"own_group {shown}" in " ".join(r.output.split())


@pytest.mark.parametrize(("merge", "expected"), [
    ("E2:E4", "the cells E2:E4 of the item column '2.1.1' are merged: a merge keeps only its first cell's value"),
    ("B5:C5", "the cells B5:C5 are merged across the columns 'municipality', 'own_group'"),
    ("C1:C3", "the merged cells C1:C3 start in row 1, which holds no answer"),
])
def test_merges_that_lose_answers_are_refused(tmp_path, merge, expected):
    book, ws = _book()
    ws.merge_cells(merge)
    book.save(tmp_path / "lost.xlsx")
    with pytest.raises(DataValidationError) as caught:
        read_survey(tmp_path / "lost.xlsx", codebook=load_codebook())
    first = caught.value.report.iloc[0]
    assert first["problem"].startswith(expected) and first["row"] == int(re.search(r"\d+", merge).group())
    assert first["fix"].startswith("Unmerge the cells")


def test_a_merge_over_different_values_is_refused(tmp_path):
    # LibreOffice can keep the values under a merge; then which one a row means is unknown.
    book, ws = _book()
    book.save(tmp_path / "plain.xlsx")
    kept = _rewritten(tmp_path / "plain.xlsx", tmp_path / "kept.xlsx",
                      lambda x: x.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="C6:C7"/>'
                                                           b"</mergeCells>"), b'<calcPr calcId="191029"/>')
    with pytest.raises(DataValidationError) as caught:
        read_survey(kept, codebook=load_codebook())
    assert caught.value.report.iloc[0]["problem"].startswith(
        "the merged cells C6:C7 hide other values under their first cell '2.1'")


def test_merged_header_cells_are_read_as_their_first_cell_with_a_note(tmp_path):
    book, ws = _book()
    ws["BP1"] = "Huom"
    ws.merge_cells("BP1:BQ1")
    book.save(tmp_path / "header.xlsx")
    s = read_survey(tmp_path / "header.xlsx", codebook=load_codebook())
    assert any(str(n) == "merged header cells are read as their first cell's text: BP1:BQ1" for n in s.notes)


def test_a_hidden_merged_column_that_identifies_a_person_is_only_dropped(tmp_path, clean):
    book, ws = _book()
    ws["BP1"] = "Sähköposti"
    for r in range(2, 270):
        ws.cell(r, 68, f"vastaaja{r}@kunta.fi")
    ws.merge_cells("BP2:BP3")
    ws.column_dimensions["BP"].hidden = True
    book.save(tmp_path / "email.xlsx")
    s = read_survey(tmp_path / "email.xlsx", codebook=load_codebook())
    _same(s, clean)
    assert "Sähköposti" in s.dropped_columns
    assert not any(n.key.startswith(("read.hidden", "read.merged")) for n in (*s.notes, *s.warnings))


@pytest.mark.slow
def test_a_merged_own_group_gives_the_clean_pairs(tmp_path):
    book, ws = _book()
    for a, b in _group_blocks(ws):
        if b > a:
            ws.merge_cells(f"C{a}:C{b}")
    book.save(tmp_path / "merged.xlsx")
    for name, path in (("clean", SHIPPED), ("merged", tmp_path / "merged.xlsx")):
        r = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / name), *FAST])
        assert r.exit_code == 0, r.output
    assert (tmp_path / "clean" / "pairs.csv").read_bytes() == (tmp_path / "merged" / "pairs.csv").read_bytes()


def test_prefixed_xml_and_columns_past_the_sheet_edge():
    # The OpenXML SDK (.NET) writes the main namespace with a prefix; cells may lack their r.
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:cols>'
           b'<x:col min="16380" max="2000000" hidden="1"/></x:cols><x:sheetData><x:row r="2" hidden="1"><x:c r="B2">'
           b'<x:v>1</x:v></x:c><x:c><x:f>1+1</x:f></x:c></x:row></x:sheetData></x:worksheet>')
    found = sheet_structure(io.BytesIO(xml), recalculate=False)
    # Rows and columns 0-based: row 2 is 1, column C is 2; XFD (16384) is the last column there is.
    assert found.hidden_rows == (1,) and found.formulas == ((1, 2),)
    assert found.hidden_columns == frozenset(range(16379, 16384))
    formula_only = re.sub(rb'<x:cols>.*</x:cols>| hidden="1"', b"", xml)  # no mark but the prefixed <x:f>
    assert sheet_structure(io.BytesIO(formula_only), recalculate=False).formulas == ((1, 2),)
