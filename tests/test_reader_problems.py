"""The problem report's summary lines and sorting (issue 28): singular and plural, the limits of the
columns and rows listed, a problem without a row or a value, several files."""

import pandas as pd

from integraatio.survey.problems import closest_name, problem_kinds, sorted_report, summary_lines, validation_error

CLOSING = ("Every problem with its row: integraatio validate FILE --all (--problems problems.csv writes them); in "
           "Python, the error's .report.")


def report(rows, file="s.csv"):
    return pd.DataFrame([{"file": file, "row": r, "column": c, "value": v, "problem": p, "fix": "Fix it."}
                         for r, c, v, p in rows])


def test_one_problem_and_its_place():
    assert summary_lines(report([(2, "need", "a", "text")])) == [
        "1 problem of 1 kind in s.csv:", "- 1 x text (row 2, column 'need', value 'a'). Fix it.", CLOSING]
    assert summary_lines(report([(None, "need", "", "missing")]), file="x.csv") == [
        "1 problem of 1 kind in x.csv:", "- 1 x missing (column 'need'). Fix it.", CLOSING]
    assert summary_lines(report([(None, "", "", "no items")]))[1] == "- 1 x no items. Fix it."


def test_columns_and_rows_listed_up_to_their_limits():
    rows = [(r, c, "x", "bad cell") for r, c in
            [(2, "a"), (3, "b"), (3, "c"), (4, "d"), (5, "e"), (6, "a"), (7, "a")]]
    lines = summary_lines(report(rows))
    assert lines[0] == "7 problems of 1 kind in s.csv:"
    assert lines[1] == ("- 7 x bad cell (first: row 2, column 'a', value 'x'; columns a, b, c, d, ... (5 in all); "
                        "rows 2, 3, 4, 5, 6, ... (6 in all)). Fix it.")
    four = summary_lines(report(rows[:5]))[1]
    assert "columns a, b, c, d, e;" not in four and "columns a, b, c, d, ... (5 in all); rows 2, 3, 4, 5)" in four
    same_column = summary_lines(report([(2, "a", "", "bad"), (3, "a", "", "bad")]))[1]
    assert same_column == "- 2 x bad (first: row 2, column 'a'; column a; rows 2, 3). Fix it."
    header = summary_lines(report([(None, "a", "", "gone"), (None, "b", "", "gone")]))[1]
    assert header == "- 2 x gone (first: column 'a'; columns a, b). Fix it."


def test_kinds_beyond_the_limit_and_several_files():
    rows = [(2, f"c{k}", "", f"kind {'x' * k}") for k in range(5)] + [(3, "c4", "", "kind xxxx")]
    both = pd.concat([report(rows[:3]), report(rows[3:], file="t.csv")], ignore_index=True)
    lines = summary_lines(both, limit=5)
    assert lines[0] == "6 problems of 5 kinds in the survey data:"
    assert len(lines) == 5 and lines[-2] == "... and 3 more kinds (4 problems)."
    assert summary_lines(both, limit=1)[1:3] == ["- 1 x kind  (row 2, column 'c0'). Fix it.",
                                                 "... and 4 more kinds (5 problems)."]


def test_problem_kinds_leave_out_quoted_values_and_numbers():
    kinds = problem_kinds(report([(2, "a", "", "'x' on row 2"), (3, "b", "", "'yy' on row 14"),
                                  (4, "a", "", "x on row 2")]))
    assert kinds[["count", "columns", "rows", "first"]].values.tolist() == [[2, ["a", "b"], [2, 3], 0],
                                                                           [1, ["a"], [4], 2]]
    error = validation_error(report([(2, "a", "", "p")]))
    assert str(error).splitlines()[0] == "1 problem of 1 kind in s.csv:"


def test_sorted_report_and_closest_name():
    unsorted = report([(3, "b", "", "p"), (None, "z", "", "p"), (3, "a", "", "p"), (2, "q", "", "p")])
    out = sorted_report(unsorted, {"a": 0, "b": 1})
    assert out["column"].tolist() == ["z", "q", "a", "b"]
    assert sorted_report(unsorted.iloc[:0], {}).empty
    # 0.8 similar: "abcdefghij" vs "abcdefghxy" is 2 * 8 / 20 = 0.8; "abcdefgxyz" is 0.7.
    assert closest_name("abcdefghij", ["abcdefgxyz", "abcdefghxy"]) == "abcdefghxy"
    assert closest_name("abcdefghij", ["abcdefgxyz"]) is None
    assert closest_name("own_group", ["own_group", "OWN-GROUP", "own group"]) == "OWN-GROUP"
