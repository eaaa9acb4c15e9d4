"""Pairs and matrix at the rules' boundaries (issue 28): the suppression threshold, the SD
of a two-rating cell, the matrix of counts and the codes of categoricals. Answers worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from integraatio.matrix import code_positions, pair_table, pivot_matrix


def ratings(cells):
    """``{(own, target): [values]}`` as a scores frame."""
    rows = [(o, t, v) for (o, t), values in cells.items() for v in values]
    return pd.DataFrame(rows, columns=["own_group", "target_group", "integration_need"])


def test_a_cell_of_exactly_min_n_is_published_and_one_fewer_is_not():
    s = ratings({("a", "b"): [90.0, 110.0, 130.0], ("b", "a"): [60.0, 80.0]})
    p = pair_table(s, codes=["a", "b"], min_n=3).set_index(["own_group", "target_group"])
    # a -> b: n 3 = min_n, published: mean 110, sd sqrt((400 + 0 + 400) / 2) = 20.
    assert p.loc[("a", "b"), ["n", "mean", "sd", "suppressed"]].tolist() == [3, 110.0, 20.0, False]
    # b -> a: n 2 < 3, suppressed, nothing shown but n.
    assert p.loc[("b", "a"), "suppressed"] and p.loc[("b", "a"), ["mean", "sd"]].isna().all()


def test_two_ratings_have_an_sd_and_one_has_none():
    s = ratings({("a", "b"): [70.0, 80.0], ("b", "a"): [55.0]})
    p = pair_table(s, codes=["a", "b"], min_n=1).set_index(["own_group", "target_group"])
    # a -> b: mean 75, sd sqrt((25 + 25) / 1) = 7.07; b -> a: one rating, a mean but no SD.
    assert p.loc[("a", "b"), "mean"] == 75.0 and p.loc[("a", "b"), "sd"] == pytest.approx(math.sqrt(50))
    assert p.loc[("b", "a"), "mean"] == 55.0 and np.isnan(p.loc[("b", "a"), "sd"])
    assert not p["suppressed"].any()


def test_matrix_of_counts_keeps_only_the_rating_groups_as_rows():
    s = ratings({("c", "a"): [1.0, 2.0], ("a", "c"): [3.0]})
    m = pivot_matrix(pair_table(s, codes=["a", "b", "c"], min_n=2), codes=["a", "b", "c"], value="n")
    assert m.index.tolist() == ["a", "c"] and m.columns.tolist() == ["a", "b", "c"] and m.index.name == "own_group"
    assert m.loc["c", "a"] == 2 and m.loc["a", "c"] == 1 and m.loc["a", ["a", "b"]].isna().all()


def test_code_positions_of_text_and_of_categoricals():
    codes = ["2.1", "2.10", "2.2"]
    text = pd.Series(["2.10", "2.2", "9"])
    assert code_positions(text, codes).tolist() == [1, 2, -1]
    same = pd.Series(pd.Categorical(["2.2", "2.1"], categories=codes))
    assert code_positions(same, codes).tolist() == [2, 0]
    other = pd.Series(pd.Categorical(["2.2", "2.1"], categories=["2.2", "2.1"]))  # its own order: by text
    assert code_positions(other, codes).tolist() == [2, 0]


def test_the_default_min_n_is_five_and_weighted_n_eff_stays_a_number():
    s = ratings({("a", "b"): [90.0, 100.0, 110.0, 120.0, 130.0], ("b", "a"): [60.0, 70.0, 80.0, 90.0]})
    p = pair_table(s, codes=["a", "b"]).set_index(["own_group", "target_group"])
    assert not p.loc[("a", "b"), "suppressed"] and p.loc[("b", "a"), "suppressed"]  # 5 published, 4 not
    w = pair_table(s.assign(w=1.0), codes=["a", "b"], weight="w")
    assert w["n_eff"].dtype == np.float64 and w["n_eff"].tolist()[0] == 5.0 and math.isnan(w["n_eff"].tolist()[1])


@pytest.mark.parametrize("own,target", [("x", "b"), ("a", "x")])
def test_a_code_outside_the_codes_is_refused_on_either_side(own, target):
    s = ratings({("a", "b"): [100.0], (own, target): [90.0]})
    with pytest.raises(ValueError, match=r"^Scores hold group codes that are not in `codes`; pass the codebook's codes\.$"):
        pair_table(s, codes=["a", "b"], min_n=1)
