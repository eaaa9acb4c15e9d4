"""Privacy rules on cells worked out by hand (issue 28): the survivors of a mutation run of
integraatio.privacy, each pinned by the smallest input that tells the rule from its mutant."""

import numpy as np
import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.exceptions import PrivacyError
from integraatio.privacy import check_published_columns

CB = load_codebook()


@pytest.mark.parametrize("missing", [np.nan, pd.NA, None, "nan", "<NA>"])
def test_a_missing_value_of_a_published_column_is_empty_not_a_word(missing):
    """Five respondents: 'a b', 'c d', 'e', 'f' and one missing. The missing cell is empty:
    4 different filled values, as many as half the 4 filled cells, 2 of 4 of more than one
    word: free text, refused. Read as a word it would be a fifth value, and 2 of 5 multi-word
    values are not free text. pandas 2 turns a missing value into the text "nan" or "<NA>"
    (pandas 3 keeps it missing), so those texts are missing too, as read_csv reads them."""
    data = pd.DataFrame({"respondent_id": ["r1", "r2", "r3", "r4", "r5"],
                         "area": pd.Series(["a b", "c d", "e", "f", missing], dtype=object)})
    with pytest.raises(PrivacyError, match=r"names 'area' \(free text\)"):
        check_published_columns(data, ["area"], codebook=CB, why="--compare-by")


def test_pseudonyms_keep_the_ids_index():
    """The pseudonyms are aligned with the ids they replace: same index, not 0, 1, 2."""
    from integraatio.privacy import pseudonymise

    ids = pd.Series(["b7", "a1", "b7"], index=[10, 20, 5])
    out = pseudonymise(ids)
    assert out.index.tolist() == [10, 20, 5] and out.tolist() == ["R0001", "R0002", "R0001"]
    keyed = pseudonymise(ids, key="J3mHw9rTq0vX7LkP2sYb8NcZ4dFgA6uEiO1tRyWxKqB")
    assert keyed.index.tolist() == [10, 20, 5] and keyed[10] == keyed[5] != keyed[20]


def test_a_bad_identifying_pattern_names_where_it_comes_from():
    """A pattern given to identifying_columns directly is checked there, and the message
    says it is a [privacy] identifying pattern."""
    from integraatio.exceptions import CodebookError
    from integraatio.privacy import identifying_columns

    with pytest.raises(CodebookError) as info:
        identifying_columns(pd.DataFrame({"a": ["x"]}), identifying=["("])
    assert str(info.value).startswith("[privacy] identifying '(?i)(' is not a valid regular expression")
