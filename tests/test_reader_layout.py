"""The header and layout of tiny hand-written CSV grids at their boundaries (issue 28).

A blank first line, exactly TITLE_UNDER filled cells under title rows, the ten rows looked at for
title rows, at most three header rows found (``auto``), a row-label row of exactly two labels,
blank rows among the data and after it, rows cut short.
"""

from pathlib import Path

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.exceptions import InputFileError
from integraatio.messages import Message
from integraatio.survey.grid import Grid
from integraatio.survey.layout import TITLE_UNDER, find_layout
from integraatio.survey.text import text_grid


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


@pytest.fixture(scope="module")
def auto(tmp_path_factory):
    """The shipped codebook with ``[wide] header_rows = "auto"``."""
    path = tmp_path_factory.mktemp("auto") / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[wide]\nheader_rows = "auto"\n', encoding="utf-8")
    return load_codebook(path)


def layout_of(text, codebook):
    columns, _, delimiter, fields = text_grid(text.encode("utf-8"), Path("s.csv"))
    return find_layout(Grid(columns, file="s.csv", path=Path("s.csv"), delimiter=delimiter, fields=fields),
                       codebook=codebook)


LONG = "respondent_id,municipality,own_group,target_group,frequency,reciprocity,need"


def test_a_blank_first_line_and_blank_rows_among_and_after_the_data(cb):
    layout = layout_of(f"\n{LONG}\nr1,Oulu,2.1,2.2,1,1,1\n\n,,,,,,\nr2,Oulu,2.1,2.2,1,1,1\n\n\n", cb)
    assert layout.kind == "long" and layout.spec is None and layout.names == LONG.split(",")
    # Row 2 is the header; rows 4 and 5 are blank among the data; 7 and 8 after it are not counted.
    assert layout.header_rows == 1 and layout.blank_rows == 2 and layout.rows.tolist() == [3, 6]
    assert [c.tolist() for c in layout.columns[:2]] == [["r1", "r2"], ["Oulu", "Oulu"]]
    assert layout.problems == [] and layout.notes == []


def test_title_rows_need_exactly_title_under_filled_cells_below_them(cb):
    assert TITLE_UNDER == 3
    two_titles = layout_of("Kysely 2025\nLuotu 3.3.\nrespondent_id,own_group,2.1.1\nr1,2.2,3\n", cb)
    assert two_titles.header_rows == 3 and two_titles.rows.tolist() == [4]
    assert two_titles.names == ["respondent_id", "own_group", "2.1.1"]
    assert two_titles.notes == [Message.of("read.title_rows", rows="1-2", header=3, title="Kysely 2025")]
    one_title = layout_of("\nKysely 2025\nrespondent_id,own_group,2.1.1\nr1,2.2,3\n", cb)
    assert one_title.notes == [Message.of("read.title_rows", rows="2", header=3, title="Kysely 2025")]
    assert one_title.header_rows == 2 and one_title.rows.tolist() == [4]
    # Two filled cells under the title: no title rows, the title is the header.
    short = layout_of("Kysely 2025\nrespondent_id,2.1.1\nr1,3\n", cb)
    assert short.notes == [] and short.names == ["Kysely 2025", ""] and short.rows.tolist() == [2, 3]
    # A blank row between the title and the header: not title rows either.
    apart = layout_of("Kysely 2025\n\nrespondent_id,own_group,2.1.1\nr1,2.2,3\n", cb)
    assert apart.notes == [] and apart.names == ["Kysely 2025", "", ""] and apart.header_rows == 1


def test_title_rows_are_looked_for_in_the_first_ten_rows(cb):
    nine = layout_of("".join(f"t{i}\n" for i in range(9)) + "respondent_id,own_group,2.1.1\nr1,2.2,3\n", cb)
    assert nine.header_rows == 10 and nine.rows.tolist() == [11]
    ten = layout_of("".join(f"t{i}\n" for i in range(10)) + "respondent_id,own_group,2.1.1\nr1,2.2,3\n", cb)
    assert ten.header_rows == 1 and ten.names == ["t0", "", ""]


def test_an_empty_file_and_a_header_without_data(cb):
    blank = [pd.Series(["", " "], dtype="category")] * 2
    with pytest.raises(InputFileError, match=r"^Survey file s.csv is empty\. "):
        find_layout(Grid(blank, file="s.csv"), codebook=cb)
    with pytest.raises(InputFileError, match=r"^Survey file DataFrame is empty\. "):
        find_layout(Grid([], file="DataFrame"), codebook=cb)  # a frame without columns
    with pytest.raises(InputFileError, match=r"^Survey file s.csv has a header but no data rows\. Export it again"):
        layout_of(f"{LONG}\n,,,,,,\n", cb)
    with pytest.raises(InputFileError, match=r"has a header but no data rows"):
        layout_of("respondent_id,own_group,2.1.1\n", cb)  # wide: no row under the header to look at


def test_rows_cut_short_are_named_with_the_field_they_end_before(cb):
    layout = layout_of("respondent_id,own_group,2.1.1\nr1,2.2,3\nr2,2.2\nr3\n", cb)
    assert [(p["row"], p["column"], p["problem"]) for p in layout.problems] == [
        (3, "2.1.1", "the row ends after 2 of the header's 3 fields"),
        (4, "own_group", "the row ends after 1 of the header's 3 fields")]
    assert layout.problems[0]["fix"] == (
        "The file may be cut short, or a line break inside a value split the row: export it again, or put values "
        "that hold line breaks in double quotes. The file was read with the delimiter ','; set its own with "
        "--delimiter or the codebook's [wide] delimiter.")
    assert layout.problems[0]["file"] == "s.csv"
    unnamed = layout_of("respondent_id,,2.1.1\nr1,x,3\nr2\n", cb)
    assert [p["column"] for p in unnamed.problems] == ["unnamed_B"]


def test_a_near_miss_of_target_group_in_a_file_without_item_columns(cb):
    layout = layout_of("respondent_id,own_group,target group,need\nr1,2.1,2.2,3\n", cb)
    assert layout.kind == "long" and layout.spec is None
    assert layout.names == ["respondent_id", "own_group", "target_group", "need"]
    problem, = layout.problems
    assert problem["column"] == "target group" and problem["problem"] == (
        "no column is named target_group, and the file has no item columns of the wide layout (columns named "
        "<target code>.<item>, e.g. '2.7.3' (the need to cooperate with 2.7)): did you mean `target_group` for the "
        "column 'target group'?")
    assert problem["fix"] == (
        "Rename the column 'target group' to target_group (lower case, underscore) in the header row; the long "
        "layout's columns are respondent_id, municipality, own_group, target_group, frequency, reciprocity, need.")
    assert problem["file"] == "s.csv"
    # With an item column the file is wide, whatever its near miss.
    wide = layout_of("respondent_id,own_group,target group,2.1.1\nr1,2.1,2.2,3\n", cb)
    assert wide.kind == "wide" and wide.problems == [] and wide.names[2] == "target group"


def test_auto_header_rows_are_at_most_three_and_hold_no_answers(auto):
    head = "respondent_id,own_group,2.1.1,2.2.1\n"
    four = layout_of(head + "Id,Group,Q one,Q two\nimp 1,imp 2,imp 3,imp 4\nx,y,z a,z b\nw,v,u a,u b\nr1,2.3,1,2\n", auto)
    assert four.header_rows == 4 and four.rows.tolist() == [5, 6]
    answers = layout_of(head + "Id,Group,Q one,Q two\nr0,2.3,Q x,3\nr1,2.3,1,2\n", auto)
    assert answers.header_rows == 2 and answers.rows.tolist() == [3, 4]
    # Two alike, one empty, an answer text the codebook maps (a [scale] label): not header rows.
    for row in ("same,same", "Q one,", "Q one,never"):
        layout = layout_of(head + f"Id,Group,{row}\nr1,2.3,1,2\n", auto)
        assert layout.header_rows == 1 and layout.rows.tolist() == [2, 3], row
    # Without "auto", a row of texts under the header is no header row: it is data (to be reported).
    assert layout_of(head + "Id,Group,Q one,Q two\nr1,2.3,1,2\n", load_codebook()).header_rows == 1
    # One item column is too few to tell.
    one = layout_of("respondent_id,own_group,2.1.1\nId,Group,Q one\nr1,2.3,1\n", auto)
    assert one.header_rows == 1


def test_a_row_of_row_labels_is_combined_with_the_questions_above(cb):
    layout = layout_of("respondent_id,own_group,Kuinka usein?,,,Muu\n,,A,B,C,\nr1,2.3,1,2,3,x\n", cb)
    assert layout.header_rows == 2 and layout.rows.tolist() == [3]
    assert layout.names == ["respondent_id", "own_group", "Kuinka usein? - A", "Kuinka usein? - B",
                            "Kuinka usein? - C", "Muu"]
    assert layout.notes == [Message.of("read.header_combined", question=1, labels=2, example="Kuinka usein? - A")]
    # A one-column question keeps its text, its label under it is not joined.
    single = layout_of("respondent_id,Yksi,Kaksi,,\n,Vain,A,B,C\nr1,1,2,3,4\n", cb)
    assert single.names == ["respondent_id", "Yksi", "Kaksi - A", "Kaksi - B", "Kaksi - C"]


@pytest.mark.parametrize("labels", [",,A,B,", ",,A,B,B", ",,A,B,3", ",,A,B,never", "x,,A,,"])
def test_rows_that_are_not_row_labels(cb, labels):
    # One label under a blank heading, a label twice under one question, a number, an answer text, or
    # labels under no question: the row under the header is data.
    layout = layout_of(f"respondent_id,own_group,Kuinka usein?,,\n{labels}\nr1,2.3,1,2,3\n", cb)
    assert layout.header_rows == 1 and layout.rows.tolist() == [2, 3]
    assert layout.names[2:] == ["Kuinka usein?", "", ""]


def test_header_rows_set_count_the_title_rows_and_not_blank_lines(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + "\n[wide]\nheader_rows = 2\n", encoding="utf-8")
    two = load_codebook(path)
    head = "respondent_id,own_group,2.1.1\n"
    plain = layout_of(head + "Id,Group,Q\nr1,2.2,3\n", two)
    assert plain.header_rows == 2 and plain.rows.tolist() == [3] and plain.notes == []
    blank_first = layout_of("\n" + head + "1,2,3\nr1,2.2,3\n", two)
    assert blank_first.header_rows == 2 and blank_first.rows.tolist() == [4]
    # One title row and the header: the two rows set.
    titled = layout_of("Kysely\n" + head + "r1,2.2,3\n", two)
    assert titled.header_rows == 2 and titled.rows.tolist() == [3] and titled.names == head.strip().split(",")
    assert titled.notes == [Message.of("read.title_rows", rows="1", header=2, title="Kysely")]
    # Two title rows where two rows are set: the second title row is the header row, as set.
    over = layout_of("Kysely\nLuotu\n" + head + "r1,2.2,3\n", two)
    assert over.header_rows == 2 and over.names == ["Luotu", "", ""] and over.rows.tolist() == [3, 4]


def test_auto_header_rows_look_at_item_columns_only(auto, tmp_path):
    head = "respondent_id,own_group,2.1.1,2.2.1\n"
    # Background cells empty under the header: the item cells decide; other columns neither.
    assert layout_of(head + ",,Q one,Q two\nr1,2.3,1,2\n", auto).header_rows == 2
    other = "respondent_id,own_group,2.1.1,2.2.1,Muistio\nId,Group,Q one,Q two,\nr1,2.3,1,2,x\n"
    assert layout_of(other, auto).header_rows == 2
    # A blank row under the header, or no item column: no header rows under it.
    blank = layout_of(head + "\nr1,2.3,1,2\n", auto)
    assert blank.header_rows == 1 and blank.rows.tolist() == [3] and blank.blank_rows == 1
    assert layout_of("respondent_id,own_group,x\nId,Group,Q\nr1,2.3,1\n", auto).header_rows == 1
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[wide]\nheader_rows = "auto"\n'
                    "code_headings = true\n", encoding="utf-8")
    coded = layout_of("respondent_id,own_group,2.1.1. Q one,2.2.1. Q two\nId,Group,Q one,Q two\nr1,2.3,1,2\n",
                      load_codebook(path))
    assert coded.header_rows == 2 and coded.rows.tolist() == [3]
    # An item column by its code: wide, whatever the near miss of target_group.
    near = layout_of("respondent_id,target group,2.1.1. Q one\nr1,2.3,1\n", load_codebook(path))
    assert near.kind == "wide" and near.problems == []


def test_row_labels_of_two_questions_and_of_one_question_twice(cb):
    two = layout_of("respondent_id,Q1,,Q2,\n,A,B,C,D\nr1,1,2,3,4\n", cb)
    assert two.names == ["respondent_id", "Q1 - A", "Q1 - B", "Q2 - C", "Q2 - D"] and two.header_rows == 2
    # The same question text twice with the same label under each: a label twice under one question.
    twice = layout_of("respondent_id,Q,,Q,\n,,A,,A\nr1,1,2,3,4\n", cb)
    assert twice.header_rows == 1 and twice.names == ["respondent_id", "Q", "", "Q", ""]


def test_labels_under_no_question_and_a_near_miss_of_target_group(cb):
    # The first label stands under an empty first heading, under no question: no row of labels.
    assert layout_of(",Q,,x\na,,b,\nr1,1,2,3\n", cb).header_rows == 1
    layout = layout_of("respondent_id,own_group,target_grp,need\nr1,2.1,2.2,3\n", cb)
    assert layout.kind == "long" and layout.names[2] == "target_group"
