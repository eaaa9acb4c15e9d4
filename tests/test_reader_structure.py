"""A worksheet's structure from hand-written sheet XML, and the rules for hidden rows and columns and merged
cells applied to tiny grids (issue 28)."""

import io
import zipfile

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.messages import Message
from integraatio.survey.columns import resolve_columns
from integraatio.survey.grid import Grid
from integraatio.survey.layout import find_layout
from integraatio.survey.sheet import apply_structure
from integraatio.survey.structure import Structure, asks_recalculation, cell_range, cell_ranges, sheet_structure

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(body, after=""):
    return io.BytesIO(f'<worksheet {NS}><sheetData>{body}</sheetData>{after}</worksheet>'.encode())


def test_a_sheet_without_marks_is_not_parsed():
    assert sheet_structure(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'), recalculate=True) == Structure()


def test_hidden_rows_and_columns_merges_and_the_filter():
    body = ('<row r="2" hidden="1"><c r="A2"><v>1</v></c></row><row hidden="true"/><row r="5" hidden="0"/>'
            '<row hidden="1"/>')
    after = ('<cols><col min="2" max="3" hidden="1"/><col min="5" max="5" hidden="0"/>'
             '<col min="16000" max="16384" hidden="true"/><col min="16384" max="20000" hidden="1"/></cols>'
             '<autoFilter ref="A1:C9"/><mergeCells><mergeCell ref="B2:B4"/><mergeCell ref="$D$7"/><mergeCell/>'
             '</mergeCells>')
    found = sheet_structure(sheet(body, after.replace("<cols>", "").replace("</cols>", "")), recalculate=False)
    # Rows: r="2" is 1; the next without r is 2; r="5" is shown; the next is 5.
    assert found.hidden_rows == (1, 2, 5)
    assert found.hidden_columns == frozenset({1, 2} | set(range(15999, 16384)))
    assert found.filter == (0, 0, 8, 2) and found.merged == ((1, 1, 3, 1), (6, 3, 6, 3))
    assert found.formulas == () and found.stored


def test_formulas_stored_and_unstored():
    body = ('<row r="2"><c r="A2"><f>1+1</f></c><c><f>2</f><v>2</v></c><c t="str"><f>""</f><v/></c>'
            '<c r="E2"><f>3</f><v/></c><c r="F2"><v>4</v></c></row>')
    found = sheet_structure(sheet(body), recalculate=False)
    assert found.formulas == ((1, 0), (1, 4)) and not found.stored
    every = sheet_structure(sheet(body), recalculate=True)
    assert every.formulas == ((1, 0), (1, 1), (1, 2), (1, 4)) and not every.stored
    stored = sheet_structure(sheet('<row r="1"><c r="AA1"><f>1</f><v>1</v></c></row>'), recalculate=True)
    assert stored.formulas == ((0, 26),) and stored.stored


def test_a_bad_cell_reference():
    with pytest.raises(ValueError, match="not a cell reference: 'A0x'"):
        sheet_structure(sheet("", '<mergeCells><mergeCell ref="A0x"/></mergeCells>'), recalculate=False)


def test_asks_recalculation():
    def book(calc):
        raw = io.BytesIO()
        with zipfile.ZipFile(raw, "w") as z:
            z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="r1" Type="http://x/officeDocument" Target="/xl/wb.xml"/>'
                       '</Relationships>')
            z.writestr("xl/wb.xml", f'<workbook {NS}>{calc}</workbook>')
        return raw.getvalue()

    assert asks_recalculation(book('<calcPr calcId="1" fullCalcOnLoad="1"/>'))
    assert asks_recalculation(book('<calcPr fullCalcOnLoad="true"/>'))
    assert not asks_recalculation(book('<calcPr fullCalcOnLoad="0"/>')) and not asks_recalculation(book(""))


def test_cell_ranges():
    assert cell_range(0, 0, 0, 0) == "A1" and cell_range(1, 2, 13, 2) == "C2:C14"
    assert cell_ranges([(1, 4), (2, 4), (1, 5), (2, 5), (4, 5), (7, 0)]) == "A8, E2:F3, F5"
    cells = [(r, 0) for r in range(0, 24, 2)]  # 12 single cells
    assert cell_ranges(cells) == "A1, A3, A5, A7, A9, A11, A13, A15, A17, A19, ... (12 ranges in all)"
    assert cell_ranges(cells[:10]) == "A1, A3, A5, A7, A9, A11, A13, A15, A17, A19"
    assert cell_ranges(cells, most=2) == "A1, A3, ... (12 ranges in all)"


NAMES = ["respondent_id", "municipality", "own_group", "2.2.1", "Muistio"]


def structured(rows, structure, codebook):
    columns = [pd.Series(pd.Categorical([n] + [r[j] for r in rows])) for j, n in enumerate(NAMES)]
    grid = Grid(columns, file="w.xlsx", sheet="Vastaukset", structure=structure)
    layout = find_layout(grid, codebook=codebook)
    read = resolve_columns(layout, codebook=codebook, labels={}, file="w.xlsx")
    return apply_structure(read, grid=grid, layout=layout)


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


ROWS = [["r1", "Oulu", "2.1", "1", "a"], ["r2", "", "", "2", ""], ["r3", "", "", "3", ""], ["r4", "Vantaa", "2.3", "", ""]]


def test_merged_background_cells_are_filled_down_with_a_warning(cb):
    # Rows 2-4 of B and C merged (0-based rows 1-3); the header's D1:E1 is merged too.
    read = structured(ROWS, Structure(merged=((1, 1, 3, 1), (1, 2, 3, 2), (0, 3, 0, 4))), cb)
    assert read.problems == []
    assert [c.tolist() for c in read.columns[1:3]] == [["Oulu"] * 3 + ["Vantaa"], ["2.1"] * 3 + ["2.3"]]
    assert read.warnings == [Message.of("read.merged", n=2, ranges="municipality B2:B4; own_group C2:C4")]
    assert read.notes == [Message.of("read.merged_header", ranges="D1:E1")]


@pytest.mark.parametrize("box, problem", [
    ((1, 3, 2, 3), "the cells D2:D3 of the item column '2.2.1' are merged: a merge keeps only its first cell's value, "
                   "so the other rows' answers are lost"),
    ((1, 1, 1, 2), "the cells B2:C2 are merged across the columns 'municipality', 'own_group': one value cannot be the "
                   "answer of several columns"),
    ((0, 1, 2, 1), "the merged cells B1:B3 start in row 1, which holds no answer (the header or a blank row), and "
                   "cover rows of answers"),
    ((1, 1, 4, 1), "the merged cells B2:B5 hide other values under their first cell 'Oulu': which one each row means "
                   "is unknown"),
])  # fmt: skip
def test_merges_that_cannot_be_read(cb, box, problem):
    read = structured(ROWS, Structure(merged=(box,)), cb)
    found, = read.problems
    assert (found["row"], found["problem"]) == (box[0] + 1, problem)
    assert found["fix"].startswith("Unmerge the cells (Excel: Home > Merge & Center; LibreOffice: Format > Merge and "
                                   "Unmerge Cells), then give each cell its own value")
    assert read.warnings == []


def test_hidden_rows_are_problems_and_hidden_columns_a_note(cb):
    read = structured(ROWS, Structure(hidden_rows=(2, 3, 4, 9), hidden_columns=frozenset({0, 4, 7})), cb)
    # Grid rows 2-4 are spreadsheet rows 3-5; row 10 holds no answer.
    found, = read.problems
    assert (found["row"], found["problem"]) == (3, "rows 3-5 are hidden: 3 rows of answers the sheet does not show, "
                                                   "which would be read as if shown")
    assert found["fix"].startswith("Delete the hidden rows if they are not answers")
    assert read.notes == [Message.of("read.hidden_columns", n=2, sheet="Vastaukset",
                                     columns="A (respondent_id), E (Muistio)")]
    filtered = structured(ROWS, Structure(hidden_rows=(1, 3), filter=(0, 0, 4, 4)), cb)
    assert [(p["row"], p["problem"]) for p in filtered.problems] == [
        (2, "row 2 is hidden by the sheet's filter (A1:E5): 1 row of answers the sheet does not show, which would be "
            "read as if shown"),
        (4, "row 4 is hidden by the sheet's filter (A1:E5): 1 row of answers the sheet does not show, which would be "
            "read as if shown")]
    assert filtered.problems[0]["fix"].startswith("Clear the filter (Excel: Data > Clear;")
    # A row hidden in the filter's own header row is not filtered: the filter starts below it.
    outside = structured(ROWS, Structure(hidden_rows=(4,), filter=(4, 0, 9, 4)), cb)
    assert outside.problems[0]["problem"].startswith("row 5 is hidden: 1 row")


def test_a_row_hidden_inside_a_narrow_filter_is_filtered_and_cited_with_no_column(cb):
    # The filter A1:B10 is 10 rows tall and 2 columns wide: grid row 4 (spreadsheet row 5)
    # lies in its rows, though 4 is more than its last column's position (1).
    read = structured(ROWS, Structure(hidden_rows=(4,), filter=(0, 0, 9, 1)), cb)
    found, = read.problems
    assert (found["row"], found["column"]) == (5, "")
    assert found["problem"] == ("row 5 is hidden by the sheet's filter (A1:B10): 1 row of answers the sheet does not "
                                "show, which would be read as if shown")


def test_a_merge_whose_lower_cells_agree_with_each_other_but_not_the_first_hides_values(cb):
    # B2:B4 holds Oulu, Vantaa, Vantaa: the two lower cells differ from the first one shown.
    rows = [["r1", "Oulu", "2.1", "1", ""], ["r2", "Vantaa", "2.1", "2", ""], ["r3", "Vantaa", "2.1", "3", ""]]
    read = structured(rows, Structure(merged=((1, 1, 3, 1),)), cb)
    found, = read.problems
    assert (found["file"], found["row"], found["column"]) == ("w.xlsx", 2, "municipality")
    assert found["problem"] == ("the merged cells B2:B4 hide other values under their first cell 'Oulu': which one "
                                "each row means is unknown")
    # The same merge whose lower cells are empty or repeat the first is filled down.
    rows[1][1], rows[2][1] = "", "Oulu"
    filled = structured(rows, Structure(merged=((1, 1, 3, 1),)), cb)
    assert filled.problems == [] and filled.columns[1].tolist() == ["Oulu"] * 3
