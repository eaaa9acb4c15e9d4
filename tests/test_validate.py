"""check_long on tiny hand-made long tables (every cell text, as the readers give it)."""

import numpy as np
import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.survey.checks import check_long, municipality_warnings


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


def table(**columns):
    """Three valid rows of respondent r1 (Oulu, 2.1) and r2 (Kunta A, 2.2); overrides per column."""
    base = {
        "respondent_id": ["r1", "r1", "r2"],
        "municipality": ["Oulu", "Oulu", "Kunta A"],
        "own_group": ["2.1", "2.1", "2.2"],
        "subgroup": ["", "", "asumis"],
        "target_group": ["2.2", "2.10", "2.1"],
        "frequency": ["3", "5", "1"],
        "reciprocity": ["2", "4", "6"],
        "need": ["1", "", "5"],
    }
    base.update(columns)
    return pd.DataFrame({k: v for k, v in base.items() if v is not None})


def check(cb, raw, **kwargs):
    # Rows as a spreadsheet numbers them: header 1, data from 2.
    return check_long(raw, codebook=cb, file="t.csv", rows=np.arange(2, len(raw) + 2), **kwargs)


def cells(report):
    return report[["row", "column", "value"]].values.tolist()


def test_clean_table_columns_dtypes_and_values(cb):
    clean, report, notes = check(cb, table(comment=["a", "", "c"]))
    assert report.empty and notes == ()
    assert clean.columns.tolist() == [
        "row", "respondent_id", "municipality", "size_class", "own_group", "subgroup",
        "target_group", "frequency", "reciprocity", "need", "comment",
    ]  # fmt: skip
    assert clean["row"].dtype == np.int64 and clean["row"].tolist() == [2, 3, 4]
    for c in ("own_group", "target_group"):
        assert clean[c].cat.categories.tolist() == cb.codes
    assert clean["target_group"].tolist() == ["2.2", "2.10", "2.1"]
    assert clean["need"].dtype == "Int64"
    # reciprocity 6 is the codebook's "can't say" and need "" is empty: both missing.
    assert clean["reciprocity"].isna().tolist() == [False, False, True]
    assert clean["need"].isna().tolist() == [False, True, False]
    assert clean["subgroup"].isna().tolist() == [True, True, False]
    assert clean["size_class"].tolist() == ["large", "large", "other"]
    assert clean["comment"].tolist() == ["a", "", "c"]


def test_numbers_written_in_many_ways_are_read_alike(cb):
    raw = table(frequency=["3", "3.0", "3,0"], reciprocity=[" 3 ", "+3", "3,"])
    clean, report, _ = check(cb, raw)
    assert report.empty
    assert clean["frequency"].tolist() == [3, 3, 3] and clean["reciprocity"].tolist() == [3, 3, 3]


def test_categorical_text_columns_are_accepted(cb):
    clean, report, _ = check(cb, table().astype("category"))
    assert report.empty and clean["need"].tolist()[0] == 1


def test_missing_required_column(cb):
    clean, report, _ = check(cb, table(need=None, municipality=None))
    assert cells(report) == [[None, "municipality", ""], [None, "need", ""]]
    assert report["problem"].str.contains("required column").all()
    assert report["fix"].str.contains("Add a column named exactly").all()


def test_empty_cells(cb):
    _, report, _ = check(cb, table(respondent_id=["r1", " ", "r2"], target_group=["2.2", "2.10", ""]))
    assert cells(report) == [[3, "respondent_id", " "], [4, "target_group", ""]]
    assert report["problem"].tolist() == ["empty respondent_id", "empty target_group"]


def test_group_codes_are_text_and_must_be_in_the_codebook(cb):
    # " 2.2 " is 2.2 once stripped; "2.22" and "2,1" are not codes; 2.10 stays 2.10.
    raw = table(target_group=[" 2.2 ", "2.22", "2,1"], own_group=["2.1", "2.1", "2.10"])
    clean, report, _ = check(cb, raw)
    assert cells(report) == [[3, "target_group", "2.22"], [4, "target_group", "2,1"]]
    # "2,1" is 2.1 with a decimal comma: named as such, so the cause is on the first line.
    assert report["problem"].tolist() == [
        "group code not in the codebook",
        "group code written with a decimal comma (2,1 for the codebook's 2.1)",
    ]
    assert "2.10 is not 2.1" in report["fix"].iloc[0]
    assert "with a point" in report["fix"].iloc[1]
    assert clean["own_group"].tolist()[2] == "2.10"


def test_own_group_that_only_was_rated(cb):
    _, report, _ = check(cb, table(own_group=["2.1", "2.1", "2.19"]))
    assert cells(report) == [[4, "own_group", "2.19"]]
    assert report["problem"].str.contains("responds = false").all()


def test_item_problems_text_fraction_and_scale(cb):
    # 7 and 0 lie outside 1-5 and are not the missing code 6.
    raw = table(frequency=["often", "3,5", "7"], need=["0", "", "1"])
    _, report, _ = check(cb, raw)
    assert cells(report) == [
        [2, "frequency", "often"],
        [2, "need", "0"],
        [3, "frequency", "3,5"],
        [4, "frequency", "7"],
    ]
    assert report["problem"].tolist() == [
        "text in a numeric item column",
        "outside the scale 1-5 and not a declared missing code",
        "not a whole number",
        "outside the scale 1-5 and not a declared missing code",
    ]
    assert report["fix"].str.contains("whole number 1-5 \\(6 = can't say\\)").all()


def test_duplicated_respondent_and_target(cb):
    # Rows 2 and 4 repeat r1 x 2.2, row 5 repeats it again: both name row 2.
    raw = table(
        respondent_id=["r1", "r1", "r1", "r1"],
        municipality=["Oulu"] * 4,
        own_group=["2.1"] * 4,
        subgroup=[""] * 4,
        target_group=["2.2", "2.10", "2.2", " 2.2"],
        frequency=["1"] * 4,
        reciprocity=["1"] * 4,
        need=["1"] * 4,
    )
    _, report, _ = check(cb, raw)
    assert cells(report) == [[4, "target_group", "2.2"], [5, "target_group", " 2.2"]]
    assert report["problem"].str.endswith("already rated this target_group on row 2").all()


def test_inconsistent_respondent_rows(cb):
    raw = table(municipality=["Oulu", "Vantaa", "Kunta A"], subgroup=["", "asumis", "asumis"])
    _, report, _ = check(cb, raw)
    assert cells(report) == [[3, "municipality", "Vantaa"], [3, "subgroup", "asumis"]]
    assert report["problem"].tolist() == [
        "this respondent's municipality differs from their first row (row 2: 'Oulu')",
        "this respondent's subgroup differs from their first row (row 2: '')",
    ]


def test_every_problem_is_collected_in_row_order(cb):
    raw = table(respondent_id=["", "r1", "r2"], frequency=["x", "9", "1"], own_group=["2.1", "2.1", "9.9"])
    _, report, _ = check(cb, raw)
    assert cells(report) == [
        [2, "respondent_id", ""],
        [2, "frequency", "x"],
        [3, "frequency", "9"],
        [4, "own_group", "9.9"],
    ]
    assert report.columns.tolist() == ["file", "row", "column", "value", "problem", "fix"]
    assert report["file"].eq("t.csv").all()


def test_size_class_from_codebook_column_and_unknown(cb):
    # r2's "Kunta X" is not in the codebook: unknown, with a warning; r1's column value wins.
    raw = table(municipality=["Oulu", "Oulu", "Kunta X"], size_class=["other", "other", ""])
    clean, report, notes = check(cb, raw)
    assert report.empty and notes == ()
    assert clean["size_class"].tolist()[:2] == ["other", "other"]
    assert pd.isna(clean["size_class"].iloc[2])
    assert tuple(map(str, municipality_warnings(clean, cb, size_column=True)))[0].startswith(
        "respondents from municipalities the codebook does not list (Kunta X) and no size_class value: "
        "their size_class is unknown and they are left out of size comparisons; closest codebook names: 'Kunta X' -> "
    )


def test_item_columns_name_the_source_column(cb):
    cite = {"frequency": np.array(["2.2.1", "2.10.1", "2.1.1"], dtype=object)}
    cite |= {item: np.array(["x", "y", "z"], dtype=object) for item in ("reciprocity", "need")}
    _, report, _ = check(cb, table(frequency=["1", "8", "1"]), item_columns=cite)
    assert cells(report) == [[3, "2.10.1", "8"]]


def test_problems_are_grouped_by_kind_in_at_most_20_lines():
    from integraatio.survey.problems import problem_kinds, summary_lines

    # 30 kinds (one per column x3) plus 100 rows of one kind whose values and row numbers differ.
    kinds = [{"file": "t.csv", "row": None, "column": f"c{k}", "value": "", "problem": f"column c{k} kind{'x' * k}",
              "fix": "Fix it."} for k in range(30)]
    rows = [{"file": "t.csv", "row": i, "column": "need", "value": str(i), "problem": f"'{i}' is repeated from row {i - 1}",
             "fix": "Delete it."} for i in range(2, 102)]
    report = pd.DataFrame(rows + kinds)
    grouped = problem_kinds(report)
    assert len(grouped) == 31 and grouped["count"].tolist()[0] == 100 and grouped["rows"][0][:3] == [2, 3, 4]
    lines = summary_lines(report)
    assert len(lines) == 20
    assert lines[0] == "130 problems of 31 kinds in t.csv:"
    assert lines[1].startswith("- 100 x '2' is repeated from row 1 (first: row 2, column 'need', value '2'; column need; "
                               "rows 2, 3, 4, 5, 6, ... (100 in all)). Delete it.")
    assert lines[-2] == "... and 14 more kinds (14 problems)."


def test_a_near_miss_column_name_is_named():
    from integraatio.survey.problems import closest_name

    assert closest_name("target_group", ["respondent_id", "traget_group"]) == "traget_group"
    assert closest_name("own_group", ["Own Group", "own-grp"]) == "Own Group"
    assert closest_name("need", ["feed_back", "respondent_id"]) is None


def test_a_missing_column_with_a_near_miss_says_did_you_mean(cb):
    raw = table().rename(columns={"own_group": "Own Group"})
    _, report, _ = check(cb, raw)
    assert report[["column", "problem"]].values.tolist() == [
        ["own_group", "required column 'own_group' is missing; did you mean `own_group` for the column 'Own Group'?"]
    ]
    assert report["fix"].iloc[0] == "Rename the column 'Own Group' to 'own_group' in the header row."
