"""Wide to long on tiny hand-made tables (issue 28): targets in code order, the items a target lacks,
every kind of item column that cannot be read, answer texts and recoded background columns."""

import numpy as np
import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.messages import Message
from integraatio.survey.reshape import wide_to_long
from integraatio.survey.spec import wide_spec


def codebook_with(folder, table):
    path = folder / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + "\n[wide]\n" + table, encoding="utf-8")
    return load_codebook(path)


def cells(*values):
    return [pd.Series(pd.Categorical(v)) for v in values]


def reshape(names, columns, codebook):
    return wide_to_long(names, columns, np.arange(2, 2 + len(columns[0])), codebook=codebook,
                        spec=wide_spec(codebook), file="w.csv")


def test_targets_in_code_order_items_lacking_and_columns_that_cannot_be_read():
    cb = load_codebook()
    names = ["respondent_id", "2.10.1", "2.2.3", "2.9.2", "2.2.1", "2.22.1", "2.2.4", "2.2.1", "comment"]
    columns = cells(["r1", "r2"], ["1", "2"], ["3", " 4"], ["5", ""], ["1", "1"], ["9", "9"], ["9", "9"],
                    ["8", "8"], ["a", "b"])
    long, rows, cite, problems, warned = reshape(names, columns, cb)
    assert long["target_group"].tolist() == ["2.2", "2.9", "2.10"] * 2
    assert long.columns.tolist() == ["respondent_id", "comment", "target_group", "frequency", "reciprocity", "need"]
    assert long["respondent_id"].tolist() == ["r1"] * 3 + ["r2"] * 3 and long["comment"].tolist() == ["a"] * 3 + ["b"] * 3
    assert long["frequency"].tolist() == ["1", "", "1", "1", "", "2"]
    assert long["reciprocity"].tolist() == ["", "5", "", "", "", ""]
    assert long["need"].tolist() == ["3", "", "", " 4", "", ""]
    assert rows.tolist() == [2, 2, 2, 3, 3, 3]
    assert cite["frequency"].tolist() == ["2.2.1", "frequency", "2.10.1"] * 2
    assert cite["reciprocity"].tolist() == ["reciprocity", "2.9.2", "reciprocity"] * 2
    assert warned == [Message.of("read.no_items", lacking="2.2 (reciprocity); 2.9 (frequency, need); "
                                                          "2.10 (reciprocity, need)")]
    assert [(p["column"], p["problem"], p["file"]) for p in problems] == [
        ("2.22.1", "this item column rates group '2.22', which is not in the codebook", "w.csv"),
        ("2.2.4", "item '4' in this item column is not one of 1, 2, 3", "w.csv"),
        ("2.2.1", "this column holds frequency for 2.2 like column '2.2.1'", "w.csv")]
    assert problems[0]["fix"].startswith("Rename the column to a codebook code (2.1, 2.2, ")
    assert "(2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 2.10, 2.11, 2.12, 2.13, 2.14, 2.15, 2.16, 2.17, 2.18, " \
           "2.19, 2.20, 2.21); codes are text" in problems[0]["fix"]
    assert problems[1]["fix"] == ("Rename the column (items: 1 = frequency, 2 = reciprocity, 3 = need), map the item "
                                  "in the codebook's [wide] items table, or list the column in [wide] drop.")
    assert problems[2]["fix"] == "Delete or rename one of the two columns."


def test_no_item_columns_is_a_problem_and_every_item_present_no_warning():
    cb = load_codebook()
    _, _, _, problems, warned = reshape(["respondent_id", "x"], cells(["r1"], ["1"]), cb)
    assert [(p["column"], p["problem"]) for p in problems] == [
        ("", "no item columns: no column is named <target code>.<item>, e.g. '2.7.3' (the need to cooperate with "
             "2.7)")]
    assert warned == []
    long, _, _, problems, warned = reshape(["2.3.1", "2.3.2", "2.3.3"], cells(["1"], ["2"], ["3"]), cb)
    assert problems == [] and warned == [] and long.values.tolist() == [["2.3", "1", "2", "3"]]


def test_targets_by_position(tmp_path):
    cb = codebook_with(tmp_path, 'pattern = "^(?P<item>Q[123])_(?P<target>\\\\w+)$"\n'
                                 'items = { Q1 = "frequency", Q2 = "reciprocity", Q3 = "need" }\ntargets = "position"\n')
    long, _, _, problems, _ = reshape(["Q1_SQ001", "Q1_SQ021", "Q1_SQ000", "Q1_SQ022", "Q2_x"],
                                      cells(["1"], ["2"], ["3"], ["4"], ["5"]), cb)
    assert long["target_group"].tolist() == ["2.1", "2.21"] and long["frequency"].tolist() == ["1", "2"]
    assert [(p["column"], p["problem"], p["fix"]) for p in problems] == [
        (name, f"target {token!r} of this item column is not a position from 1 to 21",
         "Correct the column name, or delete the column.")
        for name, token in (("Q1_SQ000", "SQ000"), ("Q1_SQ022", "SQ022"), ("Q2_x", "x"))]


def test_targets_by_table_labels_values_missing_and_recode(tmp_path):
    cb = codebook_with(tmp_path, 'pattern = "^(?P<item>.+) - (?P<target>.+)$"\n'
                                 'items = { "Kuinka usein" = "frequency", "Tarve" = "need" }\n'
                                 'group_labels = true\nmissing = ["En osaa sanoa"]\n'
                                 '[wide.values]\n"Joka päivä" = 5\nfrequency = { "3" = 4 }\n'
                                 '[wide.recode.municipality]\n"1" = "Oulu"\n'
                                 '[wide.recode.own_group]\n"Vanhukset" = "Vanhuspalvelut"\n')
    names = ["municipality", "own_group", "Kuinka usein - Vanhuspalvelut", "Tarve - 2.2", "Kuinka usein - Muu taho, "
             "mikä?", "Kuinka usein - Tuntematon", "Tarve - Vanhuspalvelut"]
    columns = cells(["1", "2", "1"], ["Vanhukset", "2.3", "Vammaispalvelut"],
                    ["joka  PÄIVÄ", "3,0", "never"], ["En osaa sanoa", "2", "6"], ["x", "", ""], ["1", "", ""],
                    ["", "", ""])
    long, _, _, problems, _ = reshape(names, columns, cb)
    assert long["municipality"].tolist() == ["Oulu"] * 2 + ["2"] * 2 + ["Oulu"] * 2
    assert long["own_group"].tolist() == ["2.1"] * 2 + ["2.3"] * 2 + ["2.4"] * 2
    assert long["frequency"].tolist() == ["5", "", "4", "", "1", ""]  # "3,0" is 3, mapped to 4
    assert long["need"].tolist() == ["", "", "", "2", "", "6"]
    assert [(p["column"], p["problem"]) for p in problems] == [
        ("Kuinka usein - Muu taho, mikä?",
         "this item column is the grid's \"other, specify\" row 'Muu taho, mikä?', not a target group"),
        ("Kuinka usein - Tuntematon", "this item column rates group 'Tuntematon', which is not in the codebook")]
    assert problems[0]["fix"] == ("List it in the codebook's [wide] drop, e.g. drop = ['Muu taho, mikä\\?$'] (a "
                                  "regular expression; the row's answers name no group, so they cannot be scored).")
    assert " or a group's label; codes are text" in problems[1]["fix"]


def test_a_target_not_in_the_targets_table(tmp_path):
    cb = codebook_with(tmp_path, 'pattern = "^(?P<target>[A-Za-z]+)\\\\.(?P<item>\\\\d)$"\n'
                                 '[wide.targets]\nVanhus = "2.1"\n')
    long, _, _, problems, _ = reshape(["vanhus.1", "Muu.1"], cells(["2"], ["3"]), cb)
    assert long["target_group"].tolist() == ["2.1"]
    assert [(p["problem"], p["fix"]) for p in problems] == [
        ("target 'Muu' of this item column is not in the codebook's [wide] targets",
         "Add 'Muu' = \"<group code>\" to [wide] targets, or delete the column.")]


@pytest.mark.parametrize("token", ["Muut", "Other (please specify)", "Annan, vilken?", "Övriga", "Jokin muu, mitä"])
def test_other_specify_rows_in_several_languages(tmp_path, token):
    cb = codebook_with(tmp_path, 'pattern = "^(?P<item>\\\\d) - (?P<target>.+)$"\ngroup_labels = true\n')
    _, _, _, problems, _ = reshape([f"1 - {token}", "1 - Vanhuspalvelut"], cells(["2"], ["3"]), cb)
    assert problems[0]["problem"] == f"this item column is the grid's \"other, specify\" row {token!r}, not a target group"
