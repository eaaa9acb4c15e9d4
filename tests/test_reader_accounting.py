"""What reading a tiny survey returns (issue 28): the column plan of ``inspect``, the cell accounting
(cells_read = cells_used + exclusions), pseudonyms of left-out respondents, addresses removed from notes."""

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.messages import Message
from integraatio.privacy import identifying_columns
from integraatio.survey import exclusions_table, inspect_survey, read_survey


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


def test_the_column_plan_of_a_wide_file(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[wide]\nitems = { 1 = "frequency", '
                    '"Kuinka usein" = "frequency", 3 = "need" }\ncomplete = { Valmis = "filled" }\n', encoding="utf-8")
    cb = load_codebook(path)
    frame = pd.DataFrame([["r1", "2.1", "Oulu", "1", "3", "4", "2", "1", "k", "anna@kunta.fi", "kyllä", "5",
                           "tämä on pitkä vastaus"],
                          ["r2", "2.1", "Oulu", "2", "4", "", "2", "2", "", "", "", "1", ""]],
                         columns=["respondent_id", "own_group", "municipality", "2.2.1", "2.2.3", "2.99.1", "2.3.4",
                                  "Kuinka usein/2.4", "Kommentti", "Sähköposti", "Valmis", "2.2.1",
                                  "Kuinka usein, muu"], dtype=object)
    plan = inspect_survey(frame, codebook=cb)
    assert plan.plan.values.tolist() == [
        ["A", "respondent_id", "background", "respondent_id"],
        ["B", "own_group", "background", "own_group"],
        ["C", "municipality", "background", "municipality"],
        ["D", "2.2.1", "item", "2.2 x frequency"],
        ["E", "2.2.3", "item", "2.2 x need"],
        ["F", "2.99.1", "item", "not readable (see the problems)"],
        ["G", "2.3.4", "item", "not readable (see the problems)"],
        ["H", "Kuinka usein/2.4", "other", "kept as a column of its own (can group with --compare-by); not an item "
         "column: holds the question of frequency, but its heading does not match the [wide] pattern (item columns "
         "are named <target code>.<item>, e.g. '2.7.3' (the need to cooperate with 2.7)); check the separator "
         "between question and row text"],
        ["I", "Kommentti", "dropped", "identifies a person (free text)"],
        ["J", "Sähköposti", "dropped", "identifies a person (e-mail address)"],
        ["K", "Valmis", "other", "kept as a column of its own (can group with --compare-by); not an item column: its "
         "heading does not match the [wide] pattern; decides complete responses (complete when 'Valmis' is filled)"],
        ["L", "2.2.1", "ignored", "repeats the name of column D: an error"],
        ["M", "Kuinka usein, muu", "dropped", "identifies a person (free text); not an item column: holds the question "
         "of frequency, but its heading does not match the [wide] pattern (item columns are named <target code>."
         "<item>, e.g. '2.7.3' (the need to cooperate with 2.7)); check the separator between question and row text"],
    ]
    # With problems, the groups are the own groups of the responses kept, and no target.
    assert len(plan.report) and plan.survey is None and plan.groups == ("2.1",) and plan.targets == ()
    assert plan.layout == "wide" and plan.header_rows == 1 and plan.sheet is None
    assert plan.responses["read"] == 2 and plan.responses["excluded"] == 1


def test_the_column_plan_of_a_long_file(cb):
    frame = pd.DataFrame({"respondent_id": ["r1", "r1"], "municipality": "Oulu", "own_group": "2.3",
                          "target_group": ["2.10", "2.2"], "frequency": "1", "reciprocity": "2", "need": "3",
                          "Muistiinpano": "x"})
    plan = inspect_survey(frame, codebook=cb)
    assert plan.plan["detail"].tolist() == ["respondent_id", "municipality", "own_group", "target_group",
                                            "* x frequency", "* x reciprocity", "* x need",
                                            "kept as a column of its own (can group with --compare-by)"]
    assert plan.report.empty and plan.groups == ("2.3",) and plan.targets == ("2.2", "2.10")
    assert plan.survey.layout == "long" and plan.encoding is None and plan.delimiter is None


def test_cells_read_used_and_excluded_and_the_pseudonyms_of_left_out_respondents(cb):
    frame = pd.DataFrame({"respondent_id": ["b", "d", "c", "", "a"], "own_group": ["2.1", "", "2.1", "", "2.1"],
                          "municipality": "Oulu", "2.2.1": ["1", "2", "3", "4", "5"],
                          "Nimi": ["Anna", "Bo", "Cid", "Dan", "Eve"]})
    s = read_survey(frame, codebook=cb)
    # 5 rows x (4 columns read + 1 set aside) = 25 cells; rows 3 and 5 (no own group) left out: 2 x 4 cells.
    assert (s.cells_read, s.cells_used, len(s.exclusions)) == (25, 12, 13)
    assert s.data["respondent_id"].tolist() == ["R0001", "R0002", "R0003"] and s.respondents_read == 3
    assert s.rows_read == 3 and s.data["row"].tolist() == [2, 4, 6]
    ex = s.exclusions
    assert ex["row"].tolist() == sorted(ex["row"].tolist())
    # "d", left out, gets the pseudonym after the table's; the empty id none.
    assert ex.loc[ex["column"] == "Nimi", "respondent_id"].tolist() == ["R0001", "R0004", "R0002", "", "R0003"]
    out = ex[ex["column"] != "Nimi"]
    assert out[["row", "respondent_id", "column"]].values.tolist() == [
        [3, "R0004", c] for c in ("respondent_id", "own_group", "municipality", "2.2.1")] + [
        [5, "", c] for c in ("respondent_id", "own_group", "municipality", "2.2.1")]
    assert set(out["reason"]) == {"incomplete response (no own group): not read"}
    assert ex["target_group"].eq("").all() and ex["row"].dtype == "int64"
    assert s.accounting == {"respondent_ids": "sequential", "dropped_columns": {"Nimi": "identifies a person (name): "
                                                                                        "dropped at load"},
                            "header_rows": 1, "blank_rows_skipped": 0, "cells_read": 25, "cells_used": 12,
                            "cells_excluded": 13, "responses": s.responses}
    keyed = read_survey(frame, codebook=cb, pseudonym_key="t4Gk9QzP2mWv8RbN6yLc3HsJ7dXf5VeA1uKoZ0iT")
    assert keyed.respondent_ids == "hmac-sha256" and not keyed.data["respondent_id"].str.startswith("R0").any()


def test_addresses_are_removed_from_notes_warnings_and_dropped_columns(cb):
    frame = pd.DataFrame([["r1", "Oulu", "2.1", "2.2", "1", "2", "3", "x", "y"]],
                         columns=["respondent_id", "municipality", "own_group", "target_group", "frequency",
                                  "reciprocity", "need", "Kysy: anna@kunta.fi", "Kysy: anna@kunta.fi"])
    s = read_survey(frame, codebook=cb)
    assert s.warnings == (Message.of("read.repeated", name="Kysy: [removed]", file="DataFrame", first="H",
                                     column="I"),)
    # The repeated column's reason quotes its heading: without the address too.
    reason = s.dropped_columns["Kysy: [removed] (column I)"]
    assert "@" not in reason and reason.startswith("repeated column name: only the first column named 'Kysy: [removed]")
    assert not s.exclusions[["column", "reason"]].map(lambda t: "@" in t).any().any()


def test_the_exclusions_table_puts_scoring_first_within_a_row(cb):
    frame = pd.DataFrame({"respondent_id": ["r1", "r1"], "municipality": "Oulu", "own_group": "2.1",
                          "target_group": ["2.1", "2.2"], "frequency": "3", "reciprocity": "2", "need": "1", "row": 9})
    s = read_survey(frame, codebook=cb)
    scoring = pd.DataFrame({"row": [3, 2], "respondent_id": ["R0001", "R0001"], "target_group": ["2.2", "2.1"],
                            "reason": ["a", "b"]})
    table = exclusions_table(scoring, s)
    assert table[["row", "column", "reason"]].values.tolist() == [
        [2, "", "b"], [2, "row", "the input's row column is replaced by the row numbers of the file"],
        [3, "", "a"], [3, "row", "the input's row column is replaced by the row numbers of the file"]]
    empty = read_survey(frame.drop(columns="row"), codebook=cb)
    assert exclusions_table(scoring, empty)["row"].tolist() == [2, 3]


def test_a_heading_is_no_cell_for_the_identifying_check(cb):
    frame = pd.DataFrame({"respondent_id": ["r1", "r2"], "own_group": "2.1", "municipality": "Oulu",
                          "2.2.1": ["1", "2"], "Kuinka usein / muu": ["1", "2"]})
    assert read_survey(frame, codebook=cb).dropped_columns == {}


def test_values_no_cell_holds_are_no_evidence_of_identity():
    # A categorical column lists values its rows no longer hold (rows filtered, a grid's heading).
    categories = ["anna@kunta.fi", "Tämä on pitkä vapaa teksti", "x", "y"]
    assert identifying_columns(pd.DataFrame({"team": pd.Categorical(["x", "y", "x"], categories=categories)})) == {}
    held = pd.Categorical(["x", "anna@kunta.fi", "x"], categories=categories)
    assert identifying_columns(pd.DataFrame({"team": held})) == {"team": "e-mail address"}
