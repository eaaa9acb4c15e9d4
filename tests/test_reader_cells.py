"""The text-cell helpers every reading step uses (issue 28), on values worked out by hand."""

import numpy as np
import pandas as pd

from integraatio.survey.cells import (
    blank_cells,
    cell_text,
    coded_values,
    first_rows,
    float_cells,
    is_number,
    letter,
    stripped_cells,
    text_column,
)


def test_numbers_as_the_item_columns_accept_them():
    assert [is_number(t) for t in ("3", "3.0", "3,0", "+3", "-2", ".5", ",5", "3.", "12")] == [True] * 9
    assert [is_number(t) for t in ("", "3 ", "3.0.1", "e3", "3e2", "+", ".", "1 000", "--3")] == [False] * 9


def test_cell_text_and_coded_values():
    assert [cell_text(v) for v in (None, np.nan, pd.NA, "", " x ", 2, 2.5)] == ["", "", "", "", " x ", "2", "2.5"]
    codes, uniques = coded_values(pd.Series([" a", "a", None, "b ", np.nan, "a "], dtype=object))
    assert uniques[codes].tolist() == ["a", "a", "", "b", "", "a"] and len(set(uniques)) == len(uniques)
    codes, uniques = coded_values(pd.Series([" a", "a", None], dtype=object), strip=False)
    assert uniques[codes].tolist() == [" a", "a", ""]
    cat = pd.Series(pd.Categorical([" a", None, "a"], categories=[" a", "a", "zz"]))
    codes, uniques = coded_values(cat)
    assert uniques[codes].tolist() == ["a", "", "a"]
    assert text_column(pd.Series([" a", None, 3], dtype=object)).tolist() == [" a", "", "3"]
    assert blank_cells(pd.Series(["", " ", "x", None], dtype=object)).tolist() == [True, True, False, True]
    assert stripped_cells(pd.Series([" x ", None], dtype=object)).tolist() == ["x", ""]


def test_first_rows_and_letters_and_decimal_cells():
    group, first = first_rows(np.array([5, 3, 5, 7, 3]))
    assert group.tolist() == [0, 1, 0, 2, 1] and first.tolist() == [0, 1, 3]
    assert [letter(j) for j in (0, 1, 25, 26, 27, 51, 52, 701, 702, 16383)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
    assert float_cells(pd.Series([2.1, np.nan])).tolist() == [True, False]
    assert float_cells(pd.Series([2.1, "2.1", 3, None], dtype=object)).tolist() == [True, False, False, False]
    assert float_cells(pd.Series([1, 2])).tolist() == [False, False]
