import numpy as np
import pandas as pd
import pytest

from integraatio.composite import item_reliability, score
from integraatio.exceptions import InsufficientDataError


def table(rows):
    """rows: (respondent, own, target, frequency, reciprocity, need)."""
    df = pd.DataFrame(rows, columns=["respondent_id", "own_group", "target_group", "frequency", "reciprocity", "need"])
    df.insert(0, "row", np.arange(len(df)) + 2)
    for c in ["frequency", "reciprocity", "need"]:
        df[c] = df[c].astype("Int64")
    return df


TINY = table(
    [
        ("a", "1", "2", 1, 2, 3),
        ("a", "1", "3", 3, 4, 5),
        ("b", "2", "1", 2, 3, 4),
        ("b", "2", "2", 5, 5, 5),  # self-rating: never scored
        ("b", "2", "3", 4, None, 2),  # a missing item: not scored under "complete"
    ]
)


def test_available_policy_by_hand():
    # Scored under "available": rows 2-4 (row 3 lacks need). Frequency and reciprocity are
    # 1, 5, 3: mean 3, sd 2, z = (-1, 1, 0). Need is 1, -, 5: mean 3, sd sqrt(8) = 2 sqrt 2,
    # z = (-1/sqrt 2, -, 1/sqrt 2). The mean of the z present: c = (-(2 + 1/sqrt 2) / 3,
    # (1 + 1) / 2 = 1, (0 + 0 + 1/sqrt 2) / 3). Scoring the absent z as 0 would give row 3
    # c = 2/3 instead of 1.
    data = table([("a", "1", "2", 1, 1, 1), ("a", "1", "3", 5, 5, None), ("b", "2", "1", 3, 3, 5)])
    c = np.array([-(2 + 1 / np.sqrt(2)) / 3, 1.0, (1 / np.sqrt(2)) / 3])
    expected = 100 + 40 * (c - c.mean()) / c.std(ddof=1)
    s = score(data, missing="available")
    assert s.scores["integration_need"].to_numpy() == pytest.approx(expected, abs=1e-12)
    assert s.exclusions.empty and score(data, missing="complete").scores["row"].tolist() == [2, 4]


def test_composite_by_hand():
    s = score(TINY)
    # Scored: rows 2, 3, 4. Each item is x, x+2, x+1 around its mean (x+1), so every item
    # has z = (-1, 1, 0) (sd = 1, ddof = 1); c = (-1, 1, 0), sd 1; index = 100 + 40 c.
    assert s.scores["integration_need"].tolist() == pytest.approx([60.0, 140.0, 100.0])
    assert s.scores["row"].tolist() == [2, 3, 4]
    assert (s.scores["measure"] == "composite").all()
    assert s.exclusions.to_dict("records") == [
        {"row": 5, "respondent_id": "b", "target_group": "2", "reason": "self-rating (own_group equals target_group)"},
        {"row": 6, "respondent_id": "b", "target_group": "3", "reason": "missing (empty or can't say): reciprocity"},
    ]
    assert s.parameters["item_sd"] == {"frequency": 1.0, "reciprocity": 1.0, "need": 1.0}


def test_index_has_mean_100_sd_40_on_any_data():
    rng = np.random.default_rng(5)
    n = 500
    df = table([("r", "1", "2", *rng.integers(1, 6, 3)) for _ in range(n)])
    s = score(df)
    assert s.scores["integration_need"].mean() == pytest.approx(100, abs=1e-9)
    assert s.scores["integration_need"].std(ddof=1) == pytest.approx(40, abs=1e-9)


def test_single_item_measure_scores_rows_the_composite_drops():
    s = score(TINY, measure="frequency")
    # frequency 1, 3, 2, 4 on the four non-self rows: mean 2.5, sd = sqrt(5/3)
    z = (np.array([1, 3, 2, 4]) - 2.5) / np.sqrt(5 / 3)
    assert s.scores["integration_need"].to_numpy() == pytest.approx(100 + 40 * z)
    assert list(s.exclusions["reason"]) == ["self-rating (own_group equals target_group)"]


def test_available_policy_averages_present_items():
    s = score(TINY, missing="available")
    assert len(s.scores) == 4 and len(s.exclusions) == 1


def test_subsets_keep_full_data_scale():
    s = score(TINY)
    subset = s.scores[s.scores["respondent_id"] == "a"]
    assert subset["integration_need"].tolist() == pytest.approx([60.0, 140.0])


def test_cronbach_alpha_by_hand():
    df = pd.DataFrame({"frequency": [1, 2, 3, 4], "reciprocity": [1, 2, 3, 4], "need": [2, 1, 4, 3]})
    t, alpha = item_reliability(df)
    # item variances 5/3 each; the sums 4, 5, 10, 11 have variance 37/3
    assert alpha == pytest.approx(1.5 * (1 - 5 / (37 / 3)))
    # frequency against reciprocity + need = (3, 3, 7, 7): r = 2*sqrt(5)/5 ... computed directly:
    assert t.loc[0, "item_total_r"] == pytest.approx(np.corrcoef([1, 2, 3, 4], [3, 3, 7, 7])[0, 1])
    # without need, frequency and reciprocity are identical: alpha = 2 * (1 - 2v / 4v) = 1
    assert t.loc[2, "alpha_if_deleted"] == pytest.approx(1.0)


def test_errors():
    with pytest.raises(ValueError, match="`measure` must be one of composite, frequency, reciprocity, need; got 'x'"):
        score(TINY, measure="x")
    with pytest.raises(ValueError, match="`missing` must be one of complete, available; got 'all'"):
        score(TINY, missing="all")
    with pytest.raises(InsufficientDataError, match="Only 1 rating\\(s\\) can be scored on 'composite'"):
        score(TINY.iloc[[0, 3]])
    flat = table([("a", "1", "2", 3, 1, 1), ("b", "1", "2", 3, 2, 2)])
    with pytest.raises(InsufficientDataError, match="Item 'frequency' has the same value in all 2 scored ratings"):
        score(flat)
