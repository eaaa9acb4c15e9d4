"""Writing surveys (issue 28): the wide layout's cells and columns worked out by hand, the file's exact
text, an ``=`` text kept as text in a workbook, and the refusals."""

import numpy as np
import openpyxl
import pandas as pd
import pytest

from integraatio.exceptions import InputFileError, UsageError
from integraatio.survey import to_wide, write_survey


def long_table():
    return pd.DataFrame({
        "row": [2, 3, 4, 5], "respondent_id": ["b", "b", "a", "c"], "municipality": ["X", "X", "Y", "Z"],
        "own_group": pd.Categorical(["2.1", "2.1", "2.2", "2.2"]), "target_group": ["2.10", "2.9", "2.9", None],
        "frequency": [1, 2, 3, 4], "reciprocity": [5, None, 1, 2], "need": [2, 3, None, 1], "note": ["n", "m", "o", "p"]})


def test_to_wide_cells_by_hand():
    wide = to_wide(long_table())
    assert wide.columns.tolist() == ["respondent_id", "municipality", "own_group", "note",
                                     "2.9.1", "2.9.2", "2.9.3", "2.10.1", "2.10.2", "2.10.3"]
    assert wide[["respondent_id", "municipality", "own_group", "note"]].values.tolist() == [
        ["b", "X", "2.1", "n"], ["a", "Y", "2.2", "o"], ["c", "Z", "2.2", "p"]]
    assert not isinstance(wide["own_group"].dtype, pd.CategoricalDtype)
    # b rated 2.10 (1, 5, 2) and 2.9 (2, -, 3); a rated 2.9 (3, 1, -); c's row has no target: no cell.
    assert wide["2.9.1"].tolist() == [2, 3, pd.NA] and wide["2.9.2"].tolist() == [pd.NA, 1, pd.NA]
    assert wide["2.9.3"].tolist() == [3, pd.NA, pd.NA] and wide["2.10.1"].tolist() == [1, pd.NA, pd.NA]
    assert wide["2.10.2"].tolist() == [5, pd.NA, pd.NA] and wide["2.10.3"].tolist() == [2, pd.NA, pd.NA]
    assert all(str(wide[c].dtype) == "Int64" for c in wide.columns[4:])


def test_write_the_long_and_wide_text(tmp_path):
    write_survey(long_table(), tmp_path / "l.csv")
    assert (tmp_path / "l.csv").read_text(encoding="utf-8").splitlines()[:2] == [
        "respondent_id,municipality,own_group,target_group,frequency,reciprocity,need,note", "b,X,2.1,2.10,1,5.0,2.0,n"]
    write_survey(long_table(), tmp_path / "w.CSV", layout="wide")
    assert (tmp_path / "w.CSV").read_bytes().split(b"\n")[:2] == [
        b"respondent_id,municipality,own_group,note,2.9.1,2.9.2,2.9.3,2.10.1,2.10.2,2.10.3", b"b,X,2.1,n,2,,3,1,5,2"]
    wide = to_wide(long_table())
    write_survey(wide, tmp_path / "w2.csv", layout="wide")
    assert (tmp_path / "w2.csv").read_bytes() == (tmp_path / "w.CSV").read_bytes()


def test_a_workbook_keeps_formula_like_text_as_text(tmp_path):
    data = pd.DataFrame({"respondent_id": ["=1+1", "r2"], "n": [np.nan, 3]})
    write_survey(data, tmp_path / "s.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["respondent_id", "n"], ["=1+1", None],
                                                                      ["r2", 3]]
    assert sheet["A2"].data_type == "s"


def test_what_cannot_be_written(tmp_path):
    with pytest.raises(UsageError, match=r"^`layout` must be 'long' or 'wide'; got 'tall'\.$"):
        write_survey(long_table(), tmp_path / "s.csv", layout="tall")
    with pytest.raises(InputFileError, match=r"^Cannot write .*s\.txt: the name must end in \.csv or \.xlsx\.$"):
        write_survey(long_table(), tmp_path / "s.txt")
