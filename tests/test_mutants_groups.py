"""Who is compared (issue 28): the arrays a comparison is computed from, worked out by hand
for the hand-made survey of test_compare.py, and the grouping rules at their edges."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from integraatio.compare.groups import level_values, order_levels, prepare_groups, published_cells
from integraatio.exceptions import DataValidationError, InsufficientDataError
from test_compare import TINY_CB, TINY_ROWS, tiny_analysis


def test_the_groups_of_the_hand_made_survey():
    g = prepare_groups(tiny_analysis(), "size_class", TINY_CB, None, "municipality")
    assert g.levels == ["other", "large"]
    # Rows: r1 r2 r3 r4 r5 (1 -> 2), r1 r2 r3 r4 r5 r6 (1 -> 3), r7 r8 r9 (2 -> 1); r6 has no size class.
    assert g.row_level.tolist() == [1, 1, 0, 0, 0, 1, 1, 0, 0, 0, -1, 1, 0, 0]
    # Cells own * 3 + target: 1 -> 2 = 1, 1 -> 3 = 2, 2 -> 1 = 3; r6 is outside the levels in 1 -> 3.
    assert g.cells.tolist() == [1, 2, 3] and g.residual.tolist() == [0, 1, 0]
    # Centres: 580 / 5, 490 / 5 (r6 left out), 300 / 3.
    assert g.centre.tolist() == pytest.approx([116.0, 98.0, 100.0])
    # Respondents r1 r2 r3 r4 r5 r7 r8 r9; municipalities L1 L2 O1 O2 O3 in order of appearance.
    assert g.resp_level.tolist() == [1, 1, 0, 0, 0, 1, 0, 0] and g.resp_unit.tolist() == [0, 1, 2, 3, 4, 0, 2, 3]
    assert g.unit == "municipality" and g.unit_names.tolist() == ["L1", "L2", "O1", "O2", "O3"]
    assert g.unit_level.tolist() == [1, 1, 0, 0, 0]
    # L1 holds r1 (130, 120) and r7 (70): ratings 1, 1, 1 and centred sums 14, 22, -30.
    np.testing.assert_array_equal(g.n_unit.toarray(), [[1, 1, 1], [1, 1, 0], [1, 1, 1], [1, 1, 1], [1, 1, 0]])
    np.testing.assert_allclose(g.s_unit.toarray(), [[14, 22, -30], [34, 2, 0], [-26, -18, 10], [-16, -8, 20], [-6, 2, 0]])
    np.testing.assert_array_equal(g.count_unit.toarray(), g.n_unit.toarray())
    np.testing.assert_allclose(g.s_resp.toarray()[5], [0, 0, -30])  # r7


def test_respondents_as_the_units():
    g = prepare_groups(tiny_analysis(), "size_class", TINY_CB, None, "respondent")
    assert g.unit == "respondent" and g.unit_names.tolist() == ["r1", "r2", "r3", "r4", "r5", "r7", "r8", "r9"]
    assert g.unit_level.tolist() == [1, 1, 0, 0, 0, 1, 0, 0]
    np.testing.assert_array_equal(g.n_unit.toarray()[0], [1, 1, 0])


def test_grouping_values_are_stripped_and_blank_is_missing():
    frame = pd.DataFrame({"municipality": ["L1", "Z", "O1", "O2"], "team": [" a ", "", None, "b"]})
    assert level_values(frame, "team", TINY_CB).fillna("-").tolist() == ["a", "-", "-", "b"]
    # A codebook attribute of the municipality; a municipality the codebook does not list has none.
    assert level_values(frame, "region", TINY_CB).fillna("-").tolist() == ["north", "-", "north", "south"]


def test_an_unknown_grouping_names_the_columns_and_attributes_there_are():
    frame = pd.DataFrame({"municipality": ["L1"], "team": ["a"]})
    with pytest.raises(ValueError, match=r"^`by` = 'tiimi' is neither a column of the survey \(municipality, team\) "
                                         r"nor an attribute of the codebook's \[\[municipalities\]\] \(region, size_class\); use one of them\.$"):
        level_values(frame, "tiimi", TINY_CB)


def test_level_order():
    # Size classes in the codebook's order, then other values sorted; given levels as text, in their order.
    assert order_levels(["large", "medium", "other", "a"], "size_class", TINY_CB) == ["other", "large", "a", "medium"]
    assert order_levels(["b", "a", "c"], "team", TINY_CB) == ["a", "b", "c"]
    assert order_levels(["other", "large", "a"], "team", TINY_CB) == ["a", "large", "other"]  # not size classes here
    assert order_levels(["1", "2"], "team", TINY_CB, [2, 1]) == ["2", "1"]
    with pytest.raises(ValueError, match=r"`levels` must name distinct values of 'team' found in the data \(1, 2\); "
                                         r"got \['2', '2'\]\."):
        order_levels(["1", "2"], "team", TINY_CB, ["2", "2"])


def test_every_respondent_whose_grouping_changes_is_reported():
    team = ["a"] * len(TINY_ROWS)
    team[5], team[6] = "b", None  # r1's and r2's second rows
    with pytest.raises(DataValidationError) as caught:
        prepare_groups(tiny_analysis(team=team), "team", TINY_CB, None, "respondent")
    report = caught.value.report
    assert report[["row", "column", "value"]].values.tolist() == [[7, "team", "b"], [8, "team", ""]]
    assert report["problem"].tolist() == ["respondent 'r1' has more than one 'team' value",
                                          "respondent 'r2' has more than one 'team' value"]
    assert report["fix"].iloc[0] == "Give every row of a respondent the same team, or compare by another column."


def test_published_cells_at_min_n():
    # Cells: levels at 3 and 3 with none outside; 3 and 2; 3 and 3 with 2 outside; 3 and 3 with 3 outside.
    counts = np.array([[3, 3, 3, 3], [3, 2, 3, 3]])
    assert published_cells(counts, np.array([0, 0, 2, 3]), 3).tolist() == [True, False, False, True]


def _weighted(analysis, weight):
    """The analysis as a weighted run's: its ratings carry the column ``weight``."""
    return dataclasses.replace(analysis, parameters={**analysis.parameters, "weights": weight})


@pytest.mark.parametrize("unit", ["respondent", "municipality"])
def test_a_weighted_comparison_counts_ratings_not_weights(unit):
    # Every rating weighs 2: the weighted sums double, the counts (which min_n is judged on) do not.
    g = prepare_groups(_weighted(tiny_analysis(w=[2.0] * len(TINY_ROWS)), "w"), "size_class", TINY_CB, None, unit)
    first = [[1, 1, 1], [1, 1, 0]] if unit == "municipality" else [[1, 1, 0], [1, 1, 0]]  # L1 (r1, r7), L2 / r1, r2
    np.testing.assert_array_equal(g.count_unit.toarray()[:2], first)
    np.testing.assert_array_equal(g.n_unit.toarray()[:2], 2 * np.array(first))


def test_a_cell_rated_only_outside_the_levels_keeps_its_column():
    # r6 (no size class) is the only one to rate 2 -> 3, the highest cell: position 1 * 3 groups + position 2 = 5.
    g = prepare_groups(tiny_analysis([*TINY_ROWS, ("r6", "X", None, "2", "3", 50.0)]), "size_class", TINY_CB, None,
                       "respondent")
    assert g.cells.tolist() == [1, 2, 3, 5] and g.residual.tolist() == [0, 1, 0, 1]
    assert g.n_resp.shape == (8, 4) and g.n_unit.shape == (8, 4) and g.s_resp.shape == (8, 4)
    assert g.n_unit.toarray()[:, 3].tolist() == [0] * 8


def test_a_grouping_with_no_level_at_all_says_so():
    with pytest.raises(InsufficientDataError, match=r"^Comparing by 'team' needs at least two levels with scored "
                                                    r"ratings; found none\. "):
        prepare_groups(tiny_analysis(team=None), "team", TINY_CB, None, "respondent")
