"""The responses the reader keeps, on tiny hand-made frames (issue 28).

The completion rules (filled, max, a list; the first rule whose column is there decides), the
share of left-out responses that makes a warning (exactly a tenth is a note), a long respondent
with an own group on one row only, and resubmissions at exactly RESUBMISSION_MIN_ANSWERS answers.
"""

import numpy as np
import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.messages import Message
from integraatio.survey.columns import resolve_columns
from integraatio.survey.grid import read_grid
from integraatio.survey.layout import find_layout
from integraatio.survey.responses import INCOMPLETE_WARN_SHARE, RESUBMISSION_MIN_ANSWERS, select_responses

DROPPED = "resubmission: the same answers as an earlier response under another respondent_id: not read"


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


def codebook_with(folder, table):
    path = folder / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + "\n[wide]\n" + table, encoding="utf-8")
    return load_codebook(path)


def select(data, codebook, **options):
    grid = read_grid(pd.DataFrame(data, dtype=object), sheet=None)
    layout = find_layout(grid, codebook=codebook)
    read = resolve_columns(layout, codebook=codebook, labels={}, file="s.csv")
    options = {"include_incomplete": False, **options}
    return select_responses(layout, read, file="s.csv", codebook=codebook, **options)


def test_the_constants_are_the_documented_ones():
    assert (INCOMPLETE_WARN_SHARE, RESUBMISSION_MIN_ANSWERS) == (0.1, 10)


def test_a_long_respondent_with_an_own_group_on_one_row_is_read(cb):
    data = {"respondent_id": ["a", "a", "b", "b"], "own_group": ["", "2.1", "", ""],
            "target_group": ["2.2", "2.3", "2.2", "2.3"], "need": ["1", "2", "3", "4"]}
    s = select(data, cb)
    assert s.keep.tolist() == [True, True, False, False] and s.rows.tolist() == [2, 3]
    assert s.reason.tolist() == ["", "", "incomplete response (no own group): not read"] + [
        "incomplete response (no own group): not read"]
    assert s.responses == {"read": 2, "complete": 1, "incomplete": 1, "incomplete_kept": 0, "excluded": 1,
                           "excluded_reasons": {"incomplete response (no own group): not read": 1}}
    # One of two left out is more than a tenth: a warning; no completion rule, so no hint.
    assert s.warnings == [Message.of("read.left_out", n=1, why=(Message.of("read.without_own", n=1),), hint="")]
    assert s.notes == [] and s.problems == []
    assert s.targets.tolist() == ["2.2", "2.3", "2.2", "2.3"] and s.ids.tolist() == ["a", "a", "b", "b"]
    assert [c.tolist() for c in s.columns] == [["a", "a"], ["", "2.1"], ["2.2", "2.3"], ["1", "2"]]


@pytest.mark.parametrize("n,warned", [(10, False), (9, True)])
def test_exactly_a_tenth_left_out_is_a_note(cb, n, warned):
    data = {"respondent_id": [f"r{i}" for i in range(n)], "own_group": [""] + ["2.1"] * (n - 1),
            "2.2.1": ["1"] * n}
    s = select(data, cb)
    message = Message.of("read.left_out", n=1, why=(Message.of("read.without_own", n=1),), hint="")
    assert (s.warnings, s.notes) == (([message], []) if warned else ([], [message]))
    assert (s.responses["complete"], s.responses["incomplete"]) == (n - 1, 1)
    assert s.targets.tolist() == [""] * n


def test_a_wide_row_without_an_own_group_is_left_out_whatever_its_id(cb):
    # Rows, not ids, are a wide file's responses: the same (blank) id with an own group elsewhere does not count.
    s = select({"respondent_id": ["", "", "a", "a"], "own_group": ["2.1", "", "", "2.1"], "2.2.1": ["1"] * 4}, cb)
    assert s.keep.tolist() == [True, False, False, True] and s.reason.dtype == object
    assert s.responses["read"] == 4 and s.responses["excluded"] == 2


def test_no_own_group_column_reads_every_row_and_none_with_one_is_a_problem(cb):
    s = select({"respondent_id": ["a", "b"], "2.2.1": ["1", "2"]}, cb)
    assert s.keep.tolist() == [True, True] and s.responses["complete"] == 2 and s.rows.tolist() == [2, 3]
    s = select({"respondent_id": ["a", "b"], "own_group": ["", " "], "2.2.1": ["1", "2"]}, cb)
    problem, = s.problems
    assert (problem["column"], problem["problem"]) == (
        "own_group", "every one of the 2 responses is incomplete (none has an own group)")
    assert [c.tolist() for c in s.columns] == [["a", "b"], ["", " "], ["1", "2"]]
    assert problem["fix"] == ("Check the own-group column and its name in the codebook's [wide] columns, or pass "
                              "--include-incomplete to read partly answered responses.")
    assert problem["file"] == "s.csv" and problem["row"] is None


def test_the_first_completion_rule_whose_column_is_there_decides(tmp_path):
    cb = codebook_with(tmp_path, '[wide.complete]\nSubmitted = "filled"\nFinished = ["1", "True"]\n')
    data = {"respondent_id": ["a", "b", "c", "d"], "own_group": ["2.1", "2.1", "", "2.1"],
            "Finished": ["1", " TRUE ", "1", "0"], "2.2.1": ["1", "2", "3", "4"]}
    s = select(data, cb)
    rule = "'Finished' is '1' or 'true'"
    assert str(s.rule) == rule and s.keep.tolist() == [True, True, False, False]
    assert s.reason.tolist()[2:] == ["incomplete response (no own group): not read",
                                     f"incomplete response (not complete: complete when {rule}): not read"]
    hint = Message.of("read.include_hint")
    assert s.warnings == [Message.of("read.left_out", n=2, why=(
        Message.of("read.without_own", n=1), Message.of("read.not_complete", n=1, rule=s.rule)), hint=hint)]
    # Kept with include_incomplete; the one without an own group is still left out, with no hint.
    s = select({**data, "Submitted": ["x", "", "", ""]}, cb, include_incomplete=True)
    rule = "'Submitted' is filled"
    assert str(s.rule) == rule and s.keep.tolist() == [True, True, False, True]
    assert s.responses["incomplete_kept"] == 2 and s.notes[-1] == Message.of("read.kept", n=2)
    assert s.warnings == [Message.of("read.left_out", n=1, why=(Message.of("read.without_own", n=1),), hint="")]


def test_the_max_rule_and_every_response_incomplete(tmp_path):
    cb = codebook_with(tmp_path, '[wide.complete]\nlastpage = "max"\n')
    data = {"respondent_id": ["a", "b", "c"], "own_group": ["2.1"] * 3, "lastpage": ["3", "4,0", "x"],
            "2.2.1": ["1", "2", "3"]}
    s = select(data, cb)
    assert str(s.rule) == "'lastpage' is the file's largest (4)" and s.keep.tolist() == [False, True, False]
    s = select({**data, "lastpage": ["", "", ""]}, cb)
    problem, = s.problems
    assert problem["column"] == "" and problem["problem"] == (
        "every one of the 3 responses is incomplete (none is complete: complete when 'lastpage' is the file's "
        "largest (nan))")


ANSWERS = ["1", "2", "3", "4", "5", "1", "2", "3", "4", "5", "1", "2"]


def resubmitted(how, cb):
    """Wide rows 2-13 of 12 item columns: resubmissions at rows 3 (12 answers) and 7 (exactly 10)."""
    rows = [
        ("r1", ANSWERS), ("r2", ANSWERS),  # row 3 repeats row 2
        ("r3", ["3"] * 12), ("r4", ["3"] * 12),  # straight-lining: never a resubmission
        ("r5", ANSWERS[:10] + ["", ""]), ("r6", ANSWERS[:10] + ["", ""]),  # exactly 10 answers: row 7 repeats 6
        ("r7", ANSWERS[:9] + ["", "", ""]), ("r8", ANSWERS[:9] + ["", "", ""]),  # 9 answers: too few
        ("r9", ANSWERS[:9] + ["6", "", ""]), ("r10", ANSWERS[:9] + ["6", "", ""]),  # 6 is "can't say": 9 answers
        ("r1", ANSWERS),  # row 12: the same id again is the repeated-respondent error, not a resubmission
        ("r12", ANSWERS[:11] + ["3"]),  # one answer differs
    ]
    columns = [f"2.{t}.{i}" for t in range(1, 5) for i in range(1, 4)]
    data = {"respondent_id": [r for r, _ in rows], "own_group": ["2.5"] * len(rows),
            **{c: [a[k] for _, a in rows] for k, c in enumerate(columns)}}
    return select(data, cb, resubmissions=how)


def test_resubmissions_need_ten_varied_answers_under_another_id(cb):
    s = resubmitted("drop", cb)
    assert s.keep.tolist() == [True, False, True, True, True, False] + [True] * 6
    assert s.reason.tolist()[1] == DROPPED and s.reason.tolist()[5] == DROPPED
    assert s.warnings == [Message.of("read.resubmissions_dropped", n=2, rows="3 = 2, 7 = 6")]
    assert s.responses["excluded_reasons"] == {DROPPED: 2} and s.notes == []
    s = resubmitted("keep", cb)
    assert s.keep.all() and s.warnings == [Message.of("read.resubmissions_kept", n=2, rows="3 = 2, 7 = 6")]
    s = resubmitted("stop", cb)
    assert s.keep.all() and s.warnings == []
    assert [(p["row"], p["column"], p["value"], p["problem"]) for p in s.problems] == [
        (3, "respondent_id", "r2", "this response repeats the 12 answers of row 2 under another respondent_id: a "
                                   "resubmission (the same varied answers to this many questions do not happen by "
                                   "chance)"),
        (7, "respondent_id", "r6", "this response repeats the 10 answers of row 6 under another respondent_id: a "
                                   "resubmission (the same varied answers to this many questions do not happen by "
                                   "chance)")]
    assert s.problems[0]["fix"].startswith("Delete the resubmitted row (or pass --resubmissions drop")
    assert {p["file"] for p in s.problems} == {"s.csv"}


def test_more_than_ten_resubmissions_are_listed_up_to_ten(cb):
    n = 12
    data = {"respondent_id": [f"r{i}" for i in range(n)], "own_group": ["2.5"] * n,
            **{f"2.{t}.{i}": [ANSWERS[3 * (t - 1) + i - 1]] * n for t in range(1, 5) for i in range(1, 4)}}
    s = select(data, cb)
    rows = ", ".join(f"{r} = 2" for r in range(3, 13)) + ", ..."
    assert s.warnings == [Message.of("read.resubmissions_dropped", n=11, rows=rows)]
    assert np.flatnonzero(~s.keep).tolist() == list(range(1, 12))


def test_a_long_resubmission_is_a_respondent_of_several_rows(cb):
    answers = [str(1 + k % 5) for k in range(12)]  # 4 targets x 3 items, varied
    targets = ["2.1", "2.2", "2.3", "2.4"]
    data = {"respondent_id": [r for r in ("a", "b", "c") for _ in targets], "own_group": ["2.5"] * 12,
            "target_group": targets * 3,
            "frequency": answers[0::3] * 3, "reciprocity": answers[1::3] * 3,
            "need": answers[2::3] * 2 + ["6", "", "", ""]}
    s = select(data, cb)
    # b (rows 6-9) repeats a (rows 2-5); c answers differently.
    assert np.flatnonzero(~s.keep).tolist() == [4, 5, 6, 7]
    assert s.warnings == [Message.of("read.resubmissions_dropped", n=1, rows="6 = 2")]
    assert s.responses["read"] == 3 and s.responses["excluded"] == 1


def test_a_completion_rule_names_the_column_by_its_code_or_its_heading(tmp_path):
    cb = codebook_with(tmp_path, 'code_headings = true\n[wide.complete]\nQ5 = "filled"\n"Q6. Loppu" = "filled"\n')
    data = {"respondent_id": ["a", "b"], "own_group": ["2.1", "2.1"], "2.2.1. Kuinka usein?": ["1", "2"]}
    assert select({**data, "Q5. Valmis": ["x", ""]}, cb).keep.tolist() == [True, False]
    assert select({**data, "Q6. Loppu": ["", "x"]}, cb).keep.tolist() == [False, True]


def test_rows_without_ids_that_repeat_answers_are_resubmissions(cb):
    data = {"own_group": ["2.5", "2.5"], **{c: [ANSWERS[k]] * 2 for k, c in enumerate(
        f"2.{t}.{i}" for t in range(1, 5) for i in range(1, 4))}}
    s = select(data, cb)
    assert s.keep.tolist() == [True, False] and s.ids.tolist() == ["", ""]


def test_reasons_are_counted_in_the_order_they_first_occur(tmp_path):
    cb = codebook_with(tmp_path, '[wide.complete]\nValmis = "filled"\n')
    s = select({"respondent_id": ["a", "b", "c", "d"], "own_group": ["", "2.1", "2.1", "2.1"],
                "Valmis": ["x", "", "", "x"], "2.2.1": ["1", "2", "3", "4"]}, cb)
    rule = "'Valmis' is filled"
    assert list(s.responses["excluded_reasons"].items()) == [
        ("incomplete response (no own group): not read", 1),
        (f"incomplete response (not complete: complete when {rule}): not read", 2)]
    assert s.warnings[0].fields[1] == ("why", (Message.of("read.without_own", n=1),
                                               Message.of("read.not_complete", n=2, rule=s.rule)))
