import numpy as np
import pandas as pd
import pytest

from integraatio.matrix import pair_table, pivot_matrix

CODES = ["a", "b", "c"]
SCORES = pd.DataFrame(
    {
        "own_group": ["a", "a", "a", "a", "b", "b", "c"],
        "target_group": ["b", "b", "b", "c", "a", "c", "a"],
        "integration_need": [80.0, 100.0, 120.0, 50.0, 130.0, 70.0, 90.0],
    }
)


def test_pairs_by_hand():
    p = pair_table(SCORES, codes=CODES, min_n=2)
    # a->b: 80, 100, 120 -> n 3, mean 100, sd sqrt((400 + 0 + 400) / 2) = 20
    assert p.iloc[0].to_dict() == {"own_group": "a", "target_group": "b", "n": 3, "mean": 100.0, "sd": 20.0, "suppressed": False}
    # the other cells have one rating each: suppressed at min_n 2, value left empty
    assert p["suppressed"].tolist() == [False, True, True, True, True]
    assert p.loc[p["suppressed"], ["mean", "sd"]].isna().all().all()
    assert p["n"].tolist() == [3, 1, 1, 1, 1]


def test_suppression_default_is_five():
    assert pair_table(SCORES, codes=CODES)["suppressed"].all()


def test_means_equal_pandas_groupby():
    rng = np.random.default_rng(3)
    s = pd.DataFrame(
        {
            "own_group": rng.choice(CODES, 400),
            "target_group": rng.choice(CODES, 400),
            "integration_need": rng.normal(100, 40, 400),
        }
    )
    p = pair_table(s, codes=CODES, min_n=1).set_index(["own_group", "target_group"])
    g = s.groupby(["own_group", "target_group"])["integration_need"].agg(["count", "mean", "std"])
    assert (p["n"] == g["count"]).all()
    np.testing.assert_allclose(p["mean"], g["mean"], rtol=1e-12)
    np.testing.assert_allclose(p["sd"], g["std"], rtol=1e-10)


def test_matrix_leaves_suppressed_cells_empty():
    m = pivot_matrix(pair_table(SCORES, codes=CODES, min_n=2), codes=CODES)
    assert list(m.columns) == CODES and list(m.index) == CODES
    assert m.loc["a", "b"] == 100.0
    assert m.isna().sum().sum() == 8


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_min_n_must_be_a_positive_integer(bad):
    with pytest.raises(ValueError, match=f"`min_n` must be an integer >= 1; got {bad!r}"):
        pair_table(SCORES, codes=CODES, min_n=bad)


def test_unknown_codes_are_an_error():
    with pytest.raises(ValueError, match="group codes that are not in `codes`"):
        pair_table(SCORES, codes=["a", "b"])
