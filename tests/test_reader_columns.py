"""The columns the reader reads, on tiny hand-made frames (issue 28).

A ``row`` column and an empty heading, a repeated name (warning or error, by the column), group
codes stored as numbers (five rows named, then "..."), ``[wide] columns`` (the first alternative
found wins), ``[wide] drop`` (never a protected column), SPSS value labels on item columns.
"""

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.messages import Message
from integraatio.survey.columns import resolve_columns
from integraatio.survey.grid import read_grid
from integraatio.survey.layout import find_layout


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


@pytest.fixture(scope="module")
def renaming(tmp_path_factory):
    path = tmp_path_factory.mktemp("renaming") / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + (
        '\n[wide]\ndrop = ["^Kommentti", "Ryhmä"]\n'
        '[wide.columns]\nown_group = ["Ryhmä", "Group"]\nrespondent_id = "ID"\n'), encoding="utf-8")
    return load_codebook(path)


def columns_of(frame, codebook, labels=None):
    """A frame whose column names may repeat, read as the reader does up to the columns."""
    grid = read_grid(frame, sheet=None)
    layout = find_layout(grid, codebook=codebook)
    return layout, resolve_columns(layout, codebook=codebook, labels=labels or {}, file="s.csv")


def frame(columns, rows):
    return pd.DataFrame(rows, columns=columns, dtype=object)


def test_the_row_column_an_empty_heading_and_a_repeated_other_column(cb):
    names = ["row", "respondent_id", "", "own_group", "target_group", "x", "x", ""]
    _, read = columns_of(frame(names, [[7, "r1", "", "2.1", "2.2", "a", "b", "note"],
                                       [8, "r2", " ", "2.1", "2.2", "a", "c", ""]]), cb)
    assert read.names == ["respondent_id", "own_group", "target_group", "x", "unnamed_H"]
    assert read.position == {"respondent_id": 1, "own_group": 3, "target_group": 4, "x": 5, "unnamed_H": 7}
    assert [c.tolist() for c in read.columns] == [["r1", "r2"], ["2.1", "2.1"], ["2.2", "2.2"], ["a", "a"],
                                                  ["note", ""]]
    assert read.headings == ["row", "respondent_id", "", "own_group", "target_group", "x", "x", "unnamed_H"]
    assert read.aside == {"row": "the input's row column is replaced by the row numbers of the file",
                          "x (column G)": "repeated column name: only the first column named 'x' is read"}
    assert read.plan == {0: ("ignored", "replaced by the file's row numbers"),
                         6: ("ignored", "repeats the name of column F; only the first is read")}
    assert read.notes == [Message.of("read.row_column"), Message.of("read.no_header", column="H", name="unnamed_H")]
    assert read.warnings == [Message.of("read.repeated", name="x", file="s.csv", first="F", column="G")]
    assert read.problems == [] and read.sources == {}


def test_a_repeated_item_or_differing_background_column_is_an_error(cb):
    names = ["respondent_id", "own_group", "target_group", "need", "municipality", "need", "municipality", "own_group"]
    _, read = columns_of(frame(names, [["r1", "2.1", "2.2", "1", "Oulu", "1", "Vantaa", "2.1"]]), cb)
    assert [(p["column"], p["problem"]) for p in read.problems] == [
        ("need", "column name repeated in the header (columns D and F): an item column, so which holds the answers "
                 "is unknown"),
        ("municipality", "column name repeated in the header (columns E and G): and the two columns differ, so which "
                         "holds the answers is unknown")]
    assert read.problems[0]["fix"] == ("Rename or delete the repeated column (or list it in the codebook's [wide] "
                                       "drop).")
    assert read.plan == {5: ("ignored", "repeats the name of column D: an error"),
                         6: ("ignored", "repeats the name of column E: an error"),
                         7: ("ignored", "repeats the name of column B; only the first is read")}
    # The own_group copy holds the same cells: read once, with a warning.
    assert read.warnings == [Message.of("read.repeated", name="own_group", file="s.csv", first="B", column="H")]
    assert read.aside == {"own_group (column H)": "repeated column name: only the first column named 'own_group' "
                                                  "is read"}


@pytest.mark.parametrize("n,rows", [(5, "2, 3, 4, 5, 6"), (6, "2, 3, 4, 5, 6, ...")])
def test_group_codes_stored_as_numbers_that_collide(cb, n, rows):
    data = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n + 1)], "own_group": [2.1] * n + ["2.10"],
                         "target_group": [2.3] * n + ["2.3"]})
    _, read = columns_of(data, cb)
    problem, = read.problems
    assert problem["column"] == "own_group" and problem["problem"] == (
        f"{n} cells hold group codes stored as numbers, and the codebook has codes that are the same number "
        f"(2.1 / 2.10), so they cannot be told apart (rows {rows})")
    assert problem["fix"] == (
        "Format the column as text in the workbook and enter the codes again as text (2.10, not 2.1), or map the "
        "answers to codes in the codebook: [wide] recode = { own_group = { ... } }.")
    assert problem["file"] == "s.csv"
    # 2.3 is no other code's number: read, with a note that counts its cells.
    assert read.notes == [Message.of("read.numeric_codes", n=n, name="target_group")]


def test_wide_columns_take_the_first_alternative_found_and_drop_spares_protected_ones(renaming):
    names = ["ID", "Group", "Ryhmä", "Kommentti 1", "Kommentti 2", "2.1.1"]
    _, read = columns_of(frame(names, [["r1", "x", "2.2", "a", "b", "3"]]), renaming)
    assert read.names == ["respondent_id", "Group", "own_group", "2.1.1"]
    assert read.sources == {"own_group": "Ryhmä", "respondent_id": "ID"}
    assert read.aside == {"Kommentti 1": "dropped by the codebook's [wide] drop",
                          "Kommentti 2": "dropped by the codebook's [wide] drop"}
    assert read.plan == {3: ("dropped", "the codebook's [wide] drop"), 4: ("dropped", "the codebook's [wide] drop")}
    # Without "Ryhmä", the second alternative is read; without either, nothing is renamed own_group.
    _, read = columns_of(frame(["ID", "Group", "2.1.1"], [["r1", "2.2", "3"]]), renaming)
    assert read.names == ["respondent_id", "own_group", "2.1.1"] and read.sources["own_group"] == "Group"
    _, read = columns_of(frame(["ID", "Muu", "2.1.1"], [["r1", "2.2", "3"]]), renaming)
    assert read.names == ["respondent_id", "Muu", "2.1.1"] and read.sources == {"respondent_id": "ID"}


def test_value_labels_replace_codes_of_other_columns_and_answer_texts_of_items(cb):
    names = ["respondent_id", "municipality", "own_group", "2.1.1", "2.2.1"]
    labels = {1: {"1": "Oulu", "2": "Vantaa"}, 3: {"1": "never", "2": "Two", "9": "ei koskaan"}, 4: {}}
    _, read = columns_of(frame(names, [["r1", "1", "2.2", "1", "1"], ["r2", " 2 ", "2.2", "2", "9"],
                                       ["r3", "3", "2.2", "9", "2"]]), cb, labels)
    assert [c.tolist() for c in read.columns[1:]] == [["Oulu", "Vantaa", "3"], ["2.2", "2.2", "2.2"],
                                                      ["never", "2", "ei koskaan"], ["1", "9", "2"]]


def test_codes_of_several_groups_stored_as_numbers_are_named_in_code_order(cb):
    data = pd.DataFrame({"respondent_id": ["a", "b"], "own_group": [2.2, 2.1], "target_group": ["2.3", "2.3"]})
    problem, = columns_of(data, cb)[1].problems
    assert "the same number (2.1 / 2.2 / 2.10 / 2.20), so they" in problem["problem"]


def test_a_repeated_item_column_of_a_wide_file(cb):
    _, read = columns_of(frame(["respondent_id", "2.1.1", "2.1.1"], [["r1", "1", "1"]]), cb)
    assert [(p["column"], p["problem"], p["file"]) for p in read.problems] == [
        ("2.1.1", "column name repeated in the header (columns B and C): an item column, so which holds the answers "
                  "is unknown", "s.csv")]


def test_code_headings_rename_and_drop_by_the_code_or_the_heading(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + (
        '\n[wide]\ncode_headings = true\ndrop = ["^Q9$", "Vapaa sana$"]\n'
        'columns = { respondent_id = "ID", subgroup = "ID", own_group = "Q2. Ryhmä" }\n'),
        encoding="utf-8")
    names = ["ID. Vastaajan tunnus", "Q2. Ryhmä", "Q9. Mitä muuta?", "Q10. Vapaa sana", "Q11. Ikä", "2.1.1. Kuinka usein?"]
    _, read = columns_of(frame(names, [["r1", "2.2", "a", "b", "40", "3"]]), load_codebook(path))
    # By the code or by the whole heading; a column is renamed once (respondent_id, not subgroup, takes "ID").
    assert read.names == ["respondent_id", "own_group", "Q11", "2.1.1"]
    assert read.sources == {"respondent_id": "ID. Vastaajan tunnus", "own_group": "Q2. Ryhmä"}
    assert list(read.aside) == ["Q9. Mitä muuta?", "Q10. Vapaa sana"]
