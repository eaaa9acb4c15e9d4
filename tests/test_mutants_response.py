"""Invitations, response rates and weights at the paths the older tests did not take (issue 28):
the file's size limit, a file that is not UTF-8, repeated strata, merged strata, and the checks
of a weight column. Answers worked out by hand."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from integraatio import response
from integraatio.exceptions import InputFileError
from integraatio.response import (column_weights, read_invitations, respondent_weights, response_rates, strata_per_cell,
                                  without_respondents)

DATA = pd.DataFrame({"row": [2, 3, 4, 5], "respondent_id": ["r1", "r1", "r2", "r3"], "municipality": ["A", "A", "A", "B"],
                     "size_class": ["large", "large", "large", "other"]})


def _file(tmp_path, text, name="invited.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_the_size_limit_is_inclusive(tmp_path, monkeypatch):
    text = "municipality,invited\nA,4\n"  # 21 + 4 = 25 bytes
    monkeypatch.setattr(response, "MAX_BYTES", 25)
    inv = read_invitations(_file(tmp_path, text), columns=DATA.columns)
    assert inv.table.values.tolist() == [["A", 4]] and inv.sha256 == hashlib.sha256(text.encode()).hexdigest()
    monkeypatch.setattr(response, "MAX_BYTES", 24)
    with pytest.raises(InputFileError, match=r"is not a readable CSV file of at most 0 MB; give the path of one\."):
        read_invitations(_file(tmp_path, text), columns=DATA.columns)


def test_a_missing_or_foreign_file_is_named(tmp_path):
    with pytest.raises(InputFileError, match=r"The invitations file .*nope\.csv is not a readable CSV file of at most 10 MB"):
        read_invitations(tmp_path / "nope.csv", columns=DATA.columns)
    with pytest.raises(InputFileError, match=r"^Cannot read the invitations file latin\.csv: .*Save it as a UTF-8 CSV\.$"):
        read_invitations(_file(tmp_path, "municipality,invited\nHämeenlinna,4\n".encode("cp1252"), "latin.csv"),
                         columns=DATA.columns)
    with pytest.raises(InputFileError, match=r"^None of the columns of invited\.csv \(kunta, invited\) is a column of the survey"):
        read_invitations(_file(tmp_path, "kunta,invited\nA,4\n"), columns=DATA.columns)


def test_every_repeated_stratum_and_the_first_five_bad_counts_are_named(tmp_path):
    with pytest.raises(InputFileError, match=r"^invited\.csv: a stratum \(municipality, size_class\) is listed more than "
                                             r"once, in rows 2, 4; give each stratum one row\.$"):
        read_invitations(_file(tmp_path, "municipality,size_class,invited\nA,large,4\nA,other,2\nA,large,5\n"),
                         columns=DATA.columns)
    bad = "municipality,invited\n" + "".join(f"M{i},x{i}\n" for i in range(6))
    with pytest.raises(InputFileError) as caught:
        read_invitations(_file(tmp_path, bad), columns=DATA.columns)
    assert str(caught.value) == ("invited.csv: `invited` must be a whole number >= 0; not so in row 2 ('x0'), row 3 ('x1'), "
                                 "row 4 ('x2'), row 5 ('x3'), row 6 ('x4').")


def test_a_silent_stratum_merged_into_one_with_respondents(tmp_path):
    # A: 4 invited, 2 answered; B: 6 invited, 1 answered; C: 10 invited, none. C merged into A:
    # A stands for 14 invited, weight 14 / 2 = 7; B 6 / 1 = 6.
    inv = read_invitations(_file(tmp_path, "municipality,invited\nA,4\nB,6\nC,10\n"), columns=DATA.columns)
    assert without_respondents(response_rates(inv, DATA))["municipality"].tolist() == ["C"]
    assert respondent_weights(inv, DATA, merge={"C": "A"}).tolist() == [7.0, 7.0, 7.0, 6.0]
    with pytest.raises(InputFileError, match=r"^invited\.csv: C is to be merged into 'D', which is not one stratum with "
                                             r"respondents; name one\.$"):
        respondent_weights(inv, DATA, merge={"C": "D"})


def test_a_stratum_nobody_was_invited_to_is_not_silent():
    rates = pd.DataFrame({"municipality": ["A", "B", "C", "all"], "invited": [0, 3, 2, 5], "respondents": [0, 0, 2, 2]})
    assert without_respondents(rates)["municipality"].tolist() == ["B"]
    # The total row is never a stratum, even when it has no respondents.
    assert without_respondents(rates.iloc[[0, 3]].assign(respondents=0, invited=[0, 3])).empty


def test_a_weight_column_is_checked_row_by_row():
    with pytest.raises(InputFileError, match=r"^--weights column:paino: s\.csv has no column 'paino'; its columns are row, "
                                             r"respondent_id, municipality, size_class\.$"):
        column_weights(DATA, "paino", file="s.csv")
    bad = DATA.assign(paino=["-1", "inf", "x", "nan"])
    with pytest.raises(InputFileError, match=r"not so in row 2 \('-1'\), row 3 \('inf'\), row 4 \('x'\), row 5 \('nan'\)\.$"):
        column_weights(bad, "paino", file="s.csv")
    six = pd.DataFrame({"row": range(2, 8), "respondent_id": [f"r{i}" for i in range(6)], "paino": ["0"] * 6})
    with pytest.raises(InputFileError, match=r"row 6 \('0'\)\.$"):  # the first five only
        column_weights(six, "paino", file="s.csv")
    varies = DATA.assign(paino=["1", "2", "3", "3"])
    with pytest.raises(InputFileError, match=r"^s\.csv, column 'paino': a respondent's weight must be the same on all their "
                                             r"rows; it varies for 1 respondent\(s\), e\.g\. 'r1'\.$"):
        column_weights(varies, "paino", file="s.csv")
    np.testing.assert_array_equal(column_weights(DATA.assign(paino=["1,5", "1,5", "2", "0.25"]), "paino"), [1.5, 1.5, 2, 0.25])


def test_strata_of_two_columns_are_told_apart():
    d = pd.DataFrame({"own_group": ["1"] * 4 + ["2"], "target_group": ["2"] * 4 + ["1"],
                      "municipality": ["A", "A", "B", "A"] + ["A"], "size_class": ["large", "other", "other", "large", "x"]})
    assert strata_per_cell(d, ["municipality", "size_class"]).values.tolist() == [["1", "2", 3], ["2", "1", 1]]
    assert strata_per_cell(d, ("municipality",)).values.tolist() == [["1", "2", 2], ["2", "1", 1]]
    # Two strata whose texts run together the same way ("A" + "11", "A1" + "1") are still two.
    joined = pd.DataFrame({"own_group": ["1", "1"], "target_group": ["2", "2"], "municipality": ["A", "A1"],
                           "size_class": ["11", "1"]})
    assert strata_per_cell(joined, ["municipality", "size_class"])["strata"].tolist() == [2]


def test_a_stratum_written_na_is_a_name_and_the_files_errors_say_what_they_found(tmp_path):
    # "NA" is a municipality's code here, not a missing value.
    data = DATA.assign(municipality=["NA", "NA", "NA", "B"])
    inv = read_invitations(_file(tmp_path, "municipality,invited\nNA,4\nB,0\n"), columns=data.columns)
    assert inv.table["municipality"].tolist() == ["NA", "B"]
    with pytest.raises(InputFileError, match=r"^invited\.csv: fewer invited than respondents in B: 0 invited, 1 answered\. "
                                             r"Check the counts, or the strata\.$"):
        response_rates(inv, data)
    with pytest.raises(InputFileError, match=r"^The invitations file kutsut\.csv has no `invited` column; found "
                                             r"municipality, kutsuttu\. Add the number"):
        read_invitations(_file(tmp_path, "municipality,kutsuttu\nNA,4\n", "kutsut.csv"), columns=data.columns)
