"""The reader's checks at their boundaries (issue 28): tiny hand-made inputs, answers worked out by hand.

The self-rating rule at exactly MISREAD_SELF_RATERS raters and exactly MISREAD_SELF_SHARE of a
group, a cell of exactly MAX_CELL_CHARS characters, the 20-problem cap per column, the
repeated-respondent check of a wide file (blank ids are not repeats), the report's order.
"""

import numpy as np
import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.exceptions import DataValidationError
from integraatio.limits import MAX_CELL_CHARS
from integraatio.messages import Message
from integraatio.survey.checks import (
    MISREAD_SELF_RATERS,
    MISREAD_SELF_SHARE,
    check_groupings,
    check_long,
    check_repeated_respondents,
    check_self_ratings,
    check_text,
    check_wide_rows,
    closest_names,
    municipality_warnings,
)


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


def text(values):
    return pd.Series(values, dtype=object)


def clean_table(groups):
    """A clean table: for each (own group, respondents, self-raters, self rows without answers), one row per
    respondent rating another group, and a self-rating row for the self-raters (need answered) and for the
    next ones (no item answered: not a self-rating)."""
    rows = []
    for own, n, k, blank in groups:
        for i in range(n):
            rid = f"{own}-{i}"
            rows.append((rid, own, "2.3", 1))
            if i < k:
                rows.append((rid, own, own, 2))
            elif i < k + blank:
                rows.append((rid, own, own, None))
    frame = pd.DataFrame(rows, columns=["respondent_id", "own_group", "target_group", "need"])
    frame["frequency"] = pd.array([None] * len(frame), dtype="Int64")
    frame["reciprocity"] = pd.array([None] * len(frame), dtype="Int64")
    frame["need"] = pd.array(frame["need"], dtype="Int64")
    return frame


def test_the_constants_are_the_documented_ones():
    assert (MISREAD_SELF_RATERS, MISREAD_SELF_SHARE) == (3, 0.1)


def test_self_ratings_stop_at_exactly_three_raters_and_a_tenth_of_the_group():
    # 2.1: 3 of 30 (3 >= 0.1 * 30): a problem. 2.2: 3 of 31 (3 < 3.1): a warning. 2.4: 2 of 2: a warning
    # (under 3 raters). 2.5: 2 raters and 5 self rows without an answer (not self-ratings): a warning of 2.
    clean = clean_table([("2.1", 30, 3, 0), ("2.2", 31, 3, 0), ("2.4", 2, 2, 0), ("2.5", 10, 2, 5)])
    problems, warned = check_self_ratings(clean, "s.csv", allowed=False)
    assert [(p["row"], p["column"], p["value"], p["file"]) for p in problems] == [(None, "own_group", "2.1", "s.csv")]
    assert problems[0]["problem"] == (
        "3 of the 30 respondents of group 2.1 rated their own group, which the survey does not ask: their own group "
        "was most likely misread (codes stored as numbers, 2.10 read as 2.1, or a shifted column)")
    assert problems[0]["fix"].startswith("Check the own-group column in the file (format it as text; map the codes "
                                         "with [wide] recode), or pass --self-ratings")
    assert warned == [Message.of("read.self_ratings", k=3, n=31, group="2.2"),
                      Message.of("read.self_ratings", k=2, n=2, group="2.4"),
                      Message.of("read.self_ratings", k=2, n=10, group="2.5")]
    # Asked on purpose: warnings only, in code order (2.9 before 2.10).
    problems, warned = check_self_ratings(clean_table([("2.10", 3, 3, 0), ("2.9", 4, 3, 0)]), "s.csv", allowed=True)
    assert problems == [] and [w.fields for w in warned] == [(("k", 3), ("n", 4), ("group", "2.9")),
                                                             (("k", 3), ("n", 3), ("group", "2.10"))]
    assert check_self_ratings(clean_table([("2.1", 5, 0, 3)]), "s.csv", allowed=False) == ([], [])
    # As the clean table has them: categorical groups, most of them without respondents.
    categorical = clean_table([("2.4", 2, 2, 0)]).astype({c: pd.CategoricalDtype(load_codebook().codes)
                                                          for c in ("own_group", "target_group")})
    assert check_self_ratings(categorical, "s.csv", allowed=False) == (
        [], [Message.of("read.self_ratings", k=2, n=2, group="2.4")])


def test_a_cell_of_exactly_the_limit_is_read_and_one_more_is_a_problem():
    long = "x" * (MAX_CELL_CHARS + 1)
    cells = text(["ok", "y" * MAX_CELL_CHARS, long, " a\x01b ", "tab\tand\nline", "\x0b"])
    problems = check_text(["comment"], [cells], np.arange(5, 11), "s.csv")
    # The cells as written: a vertical tab alone is no whitespace to strip but a character to report.
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (7, "comment", "x" * 40 + "..."), (8, "comment", " a\x01b "), (10, "comment", "\x0b")]
    assert problems[0]["problem"] == f"the cell holds {MAX_CELL_CHARS + 1} characters, more than the {MAX_CELL_CHARS} read"
    assert problems[0]["fix"] == "Check that the file is the survey export; a cell this long is not an answer."
    assert problems[1]["problem"] == "the text holds the control character(s) U+0001"
    assert problems[1]["fix"] == ("Delete the invisible characters in the file (the survey tool or an editor that "
                                  "shows them).")
    assert [p["file"] for p in problems] == ["s.csv"] * 3


def test_check_text_reports_at_most_20_of_each_kind_per_column_and_a_long_cell_once():
    # A long cell with a control character is reported as long only.
    cells = text(["\x02" * (MAX_CELL_CHARS + 1)] * 25 + ["\x03"] * 25)
    problems = check_text(["a", "b"], [cells, text(["\x7f"] * 3)], np.arange(2, 52), "s.csv")
    kinds = [(p["column"], p["problem"].split()[1]) for p in problems]
    assert kinds == [("a", "cell")] * 20 + [("a", "text")] * 20 + [("b", "text")] * 3
    assert [p["row"] for p in problems[:20]] == list(range(2, 22))
    assert [p["row"] for p in problems[20:40]] == list(range(27, 47))


def test_repeated_respondents_of_a_wide_file_and_blank_ids():
    ids = text(["r1", "", " r2", "r1 ", "", "r2", "r1"])
    report = check_repeated_respondents(["municipality", "respondent_id"], [text([""] * 7), ids], np.arange(3, 10), "w.csv")
    assert report[["row", "column", "value"]].values.tolist() == [[6, "respondent_id", "r1 "], [8, "respondent_id", "r2"],
                                                                [9, "respondent_id", "r1"]]
    assert report["problem"].tolist() == [
        f"this respondent_id already has a row (row {r}); the wide layout has one row per respondent" for r in (3, 5, 3)]
    assert report["fix"].eq("Delete the repeated row, merge the two rows, or correct the respondent_id.").all()
    assert report["file"].eq("w.csv").all()
    assert report["row"].map(type).eq(int).all()  # whole numbers, as the other problems' rows
    none = check_repeated_respondents(["municipality"], [ids], np.arange(3, 10), "w.csv")
    assert none.empty and none.columns.tolist() == ["file", "row", "column", "value", "problem", "fix"]


def test_a_wide_report_names_columns_as_the_file_does_and_drops_repeats():
    report = pd.DataFrame([
        {"file": "w.csv", "row": 2, "column": "frequency", "value": "9", "problem": "p", "fix": "f"},
        {"file": "w.csv", "row": 2, "column": "frequency", "value": "9", "problem": "p", "fix": "f"},
        {"file": "w.csv", "row": 3, "column": "target_group", "value": "2.1", "problem": "p", "fix": "f"},
        {"file": "w.csv", "row": 3, "column": "own_group", "value": "x", "problem": "q", "fix": "f"},
        {"file": "w.csv", "row": None, "column": "own_group", "value": "", "problem": "r", "fix": "f"},
    ])
    out = check_wide_rows(report, ["respondent_id"], [text(["a", "a"])], np.array([2, 3]),
                          sources={"own_group": "Ryhmä"}, file="w.csv")
    assert [None if pd.isna(r) else int(r) for r in out["row"]] == [2, 3, None, 3]
    assert out[["column", "value"]].values.tolist() == [
        ["frequency", "9"], ["Ryhmä", "x"], ["own_group", ""], ["respondent_id", "a"]]
    assert out["file"].eq("w.csv").all()


def test_names_matched_are_listed_up_to_ten(cb):
    def read(towns):
        n = len(towns)
        raw = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(n)], "municipality": towns,
                            "own_group": ["2.1"] * n, "target_group": ["2.2"] * n,
                            "frequency": ["1"] * n, "reciprocity": ["1"] * n, "need": ["1"] * n})
        return check_long(raw, codebook=cb, file="t.csv", rows=np.arange(2, n + 2))[2]

    towns = list(cb.municipalities)
    ten = [t.upper() for t in towns[:10]]
    names = ", ".join(f"{u!r} as {t!r}" for u, t in zip(ten, towns))
    assert read(ten) == (Message.of("read.names_matched", names=names),)
    eleven = [t.upper() for t in towns[:11]]
    assert read(eleven) == (Message.of("read.names_matched", names=names + ", ..."),)
    assert read(towns[:3]) == ()
    n = 2
    raw = pd.DataFrame({"respondent_id": ["a", "b"], "municipality": "Oulu", "own_group": "2.1", "target_group": "2.2",
                        "frequency": "1", "reciprocity": "1", "need": "1"})
    report = check_long(raw, codebook=cb, file="t.csv", rows=np.arange(2, n + 2))[1]
    assert report.empty and report.columns.tolist() == ["file", "row", "column", "value", "problem", "fix"]
    assert (report.dtypes == object).all()  # an empty report's columns are text, as a full one's


def test_whole_column_problems_come_first_then_rows_then_column_position(cb):
    raw = pd.DataFrame({"need": ["9", "1"], "respondent_id": ["r1", "r2"], "target_group": ["2.2", "2.2"],
                        "own_group": ["2.1", "9"], "frequency": ["x", "1"], "municipality": ["Oulu", "Oulu"]})
    _, report, _ = check_long(raw, codebook=cb, file="t.csv", rows=np.array([7, 4]))
    assert report[["row", "column"]].values.tolist() == [
        [None, "reciprocity"], [4, "own_group"], [7, "need"], [7, "frequency"]]


def test_closest_names_cut_and_threshold():
    names = ["Kunta Aa", "Kunta Ab", "Kunta Ac", "Kunta Ad"]
    assert closest_names("Kunta Ax", names) == ["Kunta Aa", "Kunta Ab", "Kunta Ac"]
    assert closest_names("Kunta Ax", names, n=4) == names
    # Ratio of "abcde" and "abxyz": 2 * 2 / 10 = 0.4, under 0.6; "abcdx": 2 * 4 / 10 = 0.8.
    assert closest_names("abcde", ["abxyz", "abcdx"]) == ["abcdx"]
    # Exactly 0.6: "abc" in "abcxy" is 2 * 3 / 8 = 0.75; "abcdef" vs "abcxyz": 2 * 3 / 12 = 0.5; "abcde" vs
    # "abcxy": 2 * 3 / 10 = 0.6, kept.
    assert closest_names("abcde", ["abcxy"]) == ["abcxy"]
    assert closest_names("abcdef", ["abcxyz"]) == []
    # A name that a word starts with comes first, however similar the others.
    assert closest_names("Iso Kunta Ee", ["Kunta Ef", "Kunta"]) == ["Kunta", "Kunta Ef"]
    assert closest_names("Iso-Kunta Ee", ["Kunta"]) == ["Kunta"]  # a hyphen parts words too
    # The most similar first: 2 * 6 / 14 before 2 * 5 / 14, whatever the order of the names.
    assert closest_names("kuntaxx", ["kuntaab", "kuntaxb"]) == ["kuntaxb", "kuntaab"]
    # Two names written alike are one: the first is not looked at apart.
    assert closest_names("zzz", ["Kunta A", "KUNTA A"]) == []


def test_municipality_warnings_say_whether_a_column_was_given(cb):
    clean = pd.DataFrame({"municipality": ["Oulu", "Zzz", "Tampereen kaupunki", "Zzz"],
                          "size_class": ["large", None, None, None]})
    value, = municipality_warnings(clean, cb, size_column=True)
    column, = municipality_warnings(clean, cb, size_column=False)
    hint = Message.of("read.closest", near="'Tampereen kaupunki' -> 'Tampere'")
    assert value == Message.of("read.size_unknown_value", names="Tampereen kaupunki, Zzz", hint=hint)
    assert column == Message.of("read.size_unknown_column", names="Tampereen kaupunki, Zzz", hint=hint)
    assert municipality_warnings(clean.iloc[:1], cb, size_column=True) == []
    none_near, = municipality_warnings(clean.iloc[[1]], cb, size_column=True)
    assert none_near == Message.of("read.size_unknown_value", names="Zzz", hint="")
    several, = municipality_warnings(pd.DataFrame({"municipality": ["Kunta Q", "Tampereen kaupunki"],
                                                   "size_class": [None, None]}), cb, size_column=False)
    assert several == Message.of("read.size_unknown_column", names="Kunta Q, Tampereen kaupunki", hint=Message.of(
        "read.closest", near="'Kunta Q' -> 'Kunta A' / 'Kunta B' / 'Kunta C'; 'Tampereen kaupunki' -> 'Tampere'"))


def test_groupings_by_a_codebook_attribute_and_the_order_of_first_rows(cb):
    data = pd.DataFrame({"row": [9, 3, 5, 4], "municipality": ["Zzz", "Tampereen kaupunki", "Zzz", "Oulu"],
                         "size_class": [None, None, "large", "large"]})
    with pytest.raises(DataValidationError) as caught:
        check_groupings(data, cb, uses={"--strata": ["size_class", None], "--compare-by": ["municipality"]})
    report = caught.value.report
    assert report[["row", "column", "value"]].values.tolist() == [[3, "municipality", "Tampereen kaupunki"],
                                                                   [9, "municipality", "Zzz"]]
    assert report["problem"].tolist() == [
        "municipality not in the codebook (by name or alias), and --strata size_class and --compare-by municipality "
        "groups respondents by it: they would be left out or grouped apart",
        "municipality not in the codebook (by name or alias), and --strata size_class and --compare-by municipality "
        "groups respondents by it: they would be left out or grouped apart"]
    assert report["fix"].iloc[1] == (
        "Write the codebook's name in the file, or add this name to the municipality's aliases in the codebook "
        "(aliases = ['Zzz']), or give the municipality its own [[municipalities]] entry.")
    assert report["file"].eq("").all()
    # A size_class the data give is not grouped by the name; another column does not group by the municipality.
    check_groupings(data.iloc[[2, 3]], cb, uses={"--strata": ["size_class"]})
    check_groupings(data, cb, uses={"--strata": ["own_group"]})


def test_groupings_read_every_column_named_and_attributes_the_data_lack(cb):
    from dataclasses import replace

    data = pd.DataFrame({"row": [2, 3], "municipality": ["Zzz", "Oulu"], "size_class": [None, "large"]})
    # A column that groups nothing, or None, before the one that does: the one that does is still read.
    for first in (None, "own_group"):
        with pytest.raises(DataValidationError) as caught:
            check_groupings(data, cb, uses={"--compare-by": [first, "municipality"]})
        assert caught.value.report["value"].tolist() == ["Zzz"]
    # A codebook attribute that the data have no column of groups by the municipality; one they have does not.
    regions = replace(cb, municipality_attributes={m: {**a, "region": "north"} for m, a in
                                                   cb.municipality_attributes.items()})
    with pytest.raises(DataValidationError, match="--strata region groups respondents by it"):
        check_groupings(data, regions, uses={"--strata": ["region"]})
    check_groupings(data.assign(region="south"), regions, uses={"--strata": ["region"]})
    # A codebook that lists no municipality has nothing to match.
    check_groupings(data, replace(cb, municipalities={}), uses={"--compare-by": ["municipality", "size_class"]})


def test_groupings_name_every_close_codebook_name(cb):
    data = pd.DataFrame({"row": [2], "municipality": ["Kunta Q"], "size_class": [None]})
    with pytest.raises(DataValidationError) as caught:
        check_groupings(data, cb, uses={"--compare-by": ["municipality"]})
    assert caught.value.report["fix"].iloc[0].startswith("Did you mean 'Kunta A' or 'Kunta B' or 'Kunta C'? Write")


def test_names_and_codes_are_read_as_the_codebook_writes_them(cb):
    raw = pd.DataFrame({"respondent_id": ["a", "b"], "municipality": ["OULU", "Oulu"], "own_group": ["2.1", "2.1"],
                        "target_group": ["\uff12.\uff12", "2.2"], "frequency": "1", "reciprocity": "1", "need": "1"})
    clean, report, notes = check_long(raw, codebook=cb, file="t.csv", rows=np.array([2, 3]))
    assert report.empty and clean["municipality"].tolist() == ["Oulu", "Oulu"]
    assert clean["target_group"].tolist() == ["2.2", "2.2"]
    assert notes == (Message.of("read.names_matched", names="'OULU' as 'Oulu', '\uff12.\uff12' as '2.2'"),)


@pytest.mark.parametrize("missing, scale", [((), "1-5"), ((6, 9), "1-5 (6, 9 = can't say)")])
def test_the_fix_of_an_item_cell_names_the_scale_and_its_missing_codes(cb, missing, scale):
    from dataclasses import replace

    raw = pd.DataFrame({"respondent_id": ["a"], "municipality": "Oulu", "own_group": "2.1", "target_group": "2.2",
                        "frequency": "x", "reciprocity": "1", "need": "1"})
    codebook = replace(cb, scale=replace(cb.scale, missing=missing))
    fix = check_long(raw, codebook=codebook, file="t.csv", rows=np.array([2]))[1]["fix"].iloc[0]
    assert fix.startswith(f"Write a whole number {scale}, or leave the cell empty when there is no answer")
