"""Group comparisons: the columns and facts the older tests did not read, and the rules at
their boundaries (issue 28). The hand-made survey of test_compare.py; answers by hand."""

import numpy as np
import pytest

from integraatio.analysis import analyse_scores
from integraatio.compare import compare_groups
from runs import exact_release
from test_compare import TINY_CB, TINY_ROWS, tiny_analysis


def _compare(rows=TINY_ROWS, *, min_n=None, **kwargs):
    a = tiny_analysis(rows)
    if min_n is not None:
        a = analyse_scores(a.scores, codebook=TINY_CB, min_n=min_n, seed=1)
    with exact_release():  # the arithmetic, without the release's noise
        return compare_groups(a, codebook=TINY_CB, **{"n_boot": 50, "seed": 1, **kwargs})


def _row(frame, own, target):
    return frame[(frame["own_group"] == own) & (frame["target_group"] == target)]


def test_facts_parameters_and_the_cells_of_the_ratings():
    c = _compare()
    # Municipalities: L1, L2 large; O1, O2, O3 other. Respondents: r1, r2, r7 large; r3, r4, r5, r8, r9
    # other (r6 has no size class). One cell (1 -> 2) is tested: p_min 1 / 10, and BH needs
    # floor(1 * 0.1 / 0.05) + 1 = 3 cells at the smallest p for q < 0.05.
    assert c.facts == {"unit": "municipality", "exact": True, "permutations": 10, "composition": {"other": 3, "large": 2},
                       "p_min": 0.1, "alpha": 0.05, "tested": 1, "needed": 3, "discoveries": 0}
    assert c.parameters["units_per_level"] == {"other": 3, "large": 2}
    assert c.parameters["respondents_per_level"] == {"other": 5, "large": 3}
    assert {k: c.parameters[k] for k in ("by", "levels", "min_n", "permutations", "permutation_unit", "n_boot", "ci", "seed")} == {
        "by": "size_class", "levels": ["other", "large"], "min_n": 2, "permutations": 9999,
        "permutation_unit": "municipality", "n_boot": 50, "ci": 0.95, "seed": 1}
    # Cells in code order: 1 -> 2 (0), 1 -> 3 (1), 2 -> 1 (2); only 1 -> 2 is published. A rating's cell
    # is level * 3 + cell: r1, r2 (large) 3; r3, r4, r5 (other) 0; every other rating -1.
    assert c.cells.tolist() == [3, 3, 0, 0, 0] + [-1] * 9
    assert (c.by, c.levels, c.permutation_unit) == ("size_class", ["other", "large"], "municipality")
    assert _compare(permutation_unit="respondent").permutation_unit == "respondent"


def test_a_suppressed_cell_shows_its_counts_and_nothing_else():
    c = _compare()
    rows = _row(c.table, "2", "1").set_index("level")
    assert rows["n"].to_dict() == {"other": 2, "large": 1, "all": 3}
    # other has two ratings (110, 120): its SD (7.07) would be shown were the cell published.
    assert rows.loc[["other", "large"], ["mean", "sd"]].isna().all().all() and rows.loc[["other", "large"], "suppressed"].all()
    test = _row(c.tests, "2", "1").iloc[0]
    assert test["suppressed"] and np.isnan(test["statistic"]) and test["contrast"] == "large - other"
    # The documented columns, nothing else, and missing numbers as NaN (not None): still numbers.
    assert c.table.columns.tolist() == ["own_group", "target_group", "level", "n", "mean", "sd", "suppressed"]
    assert c.tests.columns.tolist() == ["own_group", "target_group", "suppressed", "contrast", "diff", "ci_low", "ci_high",
                                        "statistic", "p_value", "q_value", "permutation_unit", "permutations", "exact", "p_min"]
    assert all(c.table[col].dtype == float for col in ("mean", "sd"))
    assert all(c.tests[col].dtype == float for col in ("diff", "ci_low", "ci_high"))
    shown = _row(c.tests, "1", "2").iloc[0]
    assert not shown["suppressed"] and (shown["permutations"], shown["exact"], shown["p_min"]) == (10, True, 0.1)


def test_nothing_published_needs_no_cell():
    # min_n 3: the large level has at most 2 ratings in a cell, so nothing is tested and no
    # q-value is computed (the pooled 1 -> 2, 5 ratings, is still published).
    c = _compare(min_n=3)
    assert (c.facts["tested"], c.facts["needed"], c.facts["discoveries"]) == (0, 0, 0)
    assert c.tests[["p_value", "q_value", "diff"]].isna().all().all()


def test_the_interval_of_unequal_levels_stays_within_the_resampled_means():
    # Cell 1 -> 2: large (2 municipalities) means lie in 130..150, other (3) in 90..110, so every
    # resampled difference lies in 20..60; without the release's noise the interval is not moved.
    t = _row(_compare(n_boot=200).tests, "1", "2").iloc[0]
    assert 20.0 <= t["ci_low"] < 40.0 < t["ci_high"] <= 60.0


def test_all_relabellings_when_there_are_exactly_permutations_of_them():
    # C(5, 2) = 10 relabellings: permutations=10 enumerates them (exact, p_min 1 / 10); 9 samples
    # nine (p_min 1 / (9 + 1)), and (1 + k) / 10 is a multiple of 0.1 from 0.1 to 1.
    exact, sampled = _compare(permutations=10), _compare(permutations=9)
    assert (exact.exact, exact.permutations, exact.p_min) == (True, 10, 0.1)
    assert (sampled.exact, sampled.permutations, sampled.p_min) == (False, 9, 0.1)
    p = _row(sampled.tests, "1", "2")["p_value"].iloc[0]
    assert 0.1 <= p <= 1 and p * 10 == pytest.approx(round(p * 10))
    assert not sampled.facts["exact"] and sampled.facts["permutations"] == 9


@pytest.mark.parametrize("ci", [0, 1, -0.5])
def test_the_interval_coverage_must_lie_strictly_between_0_and_1(ci):
    with pytest.raises(ValueError, match=rf"`ci` must be between 0 and 1; got {ci!r}\."):
        _compare(ci=ci)


def test_three_levels_have_no_difference_and_no_contrast():
    team = {"r1": "a", "r2": "b", "r3": "c", "r4": "a", "r5": "b", "r6": "c", "r7": "a", "r8": "b", "r9": "c"}
    a = tiny_analysis(team=[team[r[0]] for r in TINY_ROWS])
    with exact_release():
        c = compare_groups(a, codebook=TINY_CB, by="team", permutation_unit="respondent", n_boot=10, seed=1)
    assert c.levels == ["a", "b", "c"] and c.tests["contrast"].isna().all()
    assert c.tests[["diff", "ci_low", "ci_high"]].isna().all().all()
    assert all(c.tests[col].dtype == float for col in ("diff", "ci_low", "ci_high", "statistic", "p_value", "q_value"))


def test_relabellings_that_empty_a_level_of_a_cell_are_left_out():
    # Cell 3 -> 1 is rated in L1 (r10, 120) and O1 (r11, 80) only (min_n 1). Of the 10 relabellings
    # of the five municipalities, 6 put exactly one of L1, O1 in the large pair; the other 4 leave
    # a level without a rating there and do not count. Each of the 6 gives T = 20^2 + 20^2 = 800
    # (the observed T): p = 6 / 6 = 1, not 6 / 10.
    rows = [*TINY_ROWS, ("r10", "L1", "large", "3", "1", 120.0), ("r11", "O1", "other", "3", "1", 80.0)]
    c = _compare(rows, min_n=1)
    t = _row(c.tests, "3", "1").iloc[0]
    assert (t["statistic"], t["diff"], t["p_value"]) == (pytest.approx(800.0), 40.0, 1.0)
    # Every cell is published at min_n 1 (r6 alone outside the levels of 1 -> 3 is enough): a
    # rating's cell is level * 4 + cell, cells 1 -> 2, 1 -> 3, 2 -> 1, 3 -> 1 numbered 0 to 3.
    assert c.cells.tolist() == [4, 4, 0, 0, 0, 5, 5, 1, 1, 1, -1, 6, 2, 2, 7, 3]


def test_two_far_apart_levels_are_a_discovery():
    # Eight municipalities, one respondent each: large 150..153, other 50..53 in cell 1 -> 2.
    # C(8, 4) = 70 relabellings; the observed one and its mirror image are the most extreme:
    # p = 2 / 70 < 0.05, the only cell tested, so q = p and it is one discovery; BH needs
    # floor(1 * (1 / 70) / 0.05) + 1 = 1 cell at the smallest p.
    rows = [(f"r{i}", f"M{i}", "large" if i < 4 else "other", "1", "2", (150.0 if i < 4 else 46.0) + i) for i in range(8)]
    c = _compare(rows)
    t = c.tests.iloc[0]
    assert (c.permutations, c.exact) == (70, True)
    assert (t["p_value"], t["q_value"]) == (pytest.approx(2 / 70), pytest.approx(2 / 70))
    assert (c.facts["tested"], c.facts["discoveries"], c.facts["needed"]) == (1, 1, 1)
    # diff = mean(150..153) - mean(50..53) = 100; T = 4 * 50^2 + 4 * 50^2 = 20000.
    assert (t["diff"], t["statistic"]) == (100.0, pytest.approx(20000.0))
    assert 97.0 <= t["ci_low"] <= 100.0 <= t["ci_high"] <= 103.0


def test_the_released_interval_moves_with_the_released_difference():
    # With the release's noise on, the published difference moves by the noise of the two level
    # means; the bootstrap interval (same seed, so the same resamples) moves by exactly as much.
    a = tiny_analysis()
    with exact_release():
        exact = compare_groups(a, codebook=TINY_CB, n_boot=200, seed=3)
    noisy = compare_groups(a, codebook=TINY_CB, n_boot=200, seed=3)
    e, n = (_row(c.tests, "1", "2").iloc[0] for c in (exact, noisy))
    shift = n["diff"] - e["diff"]
    means = _row(noisy.table, "1", "2").set_index("level")["mean"]
    assert n["diff"] == pytest.approx(means["large"] - means["other"])
    assert shift != 0
    assert (n["ci_low"] - e["ci_low"], n["ci_high"] - e["ci_high"]) == (pytest.approx(shift), pytest.approx(shift))



def test_one_bootstrap_resample_is_a_difference_of_resampled_means():
    # n_boot 1: the interval is that one resample's difference; cell 1 -> 2 of the hand-made
    # survey gives one in 20..60 (large means 130..150, other 90..110).
    t = _row(_compare(n_boot=1).tests, "1", "2").iloc[0]
    assert 20.0 <= t["ci_low"] == t["ci_high"] <= 60.0


def test_municipalities_are_resampled_whole_then_their_respondents():
    # Large: M1 holds r1 and r2 (both 100), M2 holds r3 (200); other: M3 and M4 (50 each), always 50.
    # Two stages (draw 2 municipalities, then each drawn one's respondents): M1 M1 -> 100,
    # M1 M2 -> (100 + 100 + 200) / 3, M2 M2 -> 200. Drawing 3 respondents can also give
    # (100 + 200 + 200) / 3 = 166.7, a difference of 116.7 that two stages never give.
    rows = [("r1", "M1", "large", "1", "2", 100.0), ("r2", "M1", "large", "1", "2", 100.0),
            ("r3", "M2", "large", "1", "2", 200.0), ("r4", "M3", "other", "1", "2", 50.0),
            ("r5", "M4", "other", "1", "2", 50.0)]
    a = tiny_analysis(rows)
    with exact_release():
        found = {unit: {round(compare_groups(a, codebook=TINY_CB, n_boot=1, seed=s, permutation_unit=unit,
                                             permutations=1).tests["ci_low"].iloc[0], 1)
                        for s in range(12)} for unit in ("municipality", "respondent")}
    assert found["municipality"] <= {50.0, 83.3, 150.0}
    assert 116.7 in found["respondent"] and found["respondent"] <= {50.0, 83.3, 116.7, 150.0}
