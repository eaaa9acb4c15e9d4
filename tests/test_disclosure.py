"""The release: cell key noise, precision, the linked-table audit and the output registry.

Answers are worked out by hand or by an independent computation (pandas group sums); the
attacks on whole runs are in test_disclosure_attacks.py.
"""

import numpy as np
import pandas as pd
import pytest

from integraatio import disclosure
from integraatio.analysis import analyse
from integraatio.boundary import analyse_boundary
from integraatio.codebook import load_codebook
from integraatio.datasets import load_example
from integraatio.disclosure import isolated, perturb_cells, rating_keys, released
from integraatio.exceptions import PrivacyError
from integraatio.matrix import pair_table
from integraatio.results import write_json, write_table
from runs import exact_release

CODES = ["a", "b", "c"]
SECRET = b"s" * 32


def _cells(rows):
    """(respondent, own, target, value[, weight]) rows as the cells and their record keys."""
    frame = pd.DataFrame(rows, columns=["respondent_id", "own_group", "target_group", "integration_need", "w"][: len(rows[0])])
    return frame, rating_keys(frame["respondent_id"], secret=SECRET)


def _release(frame, keys, weight=None):
    return perturb_cells(pair_table(frame, codes=CODES, min_n=1, weight=weight), frame, keys, codes=CODES, weight=weight)


def test_the_same_respondents_in_the_same_cell_get_the_same_noise_in_any_table():
    # p, q, r rate b from a and c from b with the same values: two cells of one set of
    # respondents, which must not share their noise (a respondent's row of cells would
    # cancel it against the scale's ends); the same cell in another table, in another
    # order, is the same set in the same cell: the same noise.
    rows = [(r, "a", "b", v) for r, v in zip("pqr", (80.0, 100.0, 120.0))]
    rows += [(r, "b", "c", v) for r, v in zip("pqr", (80.0, 100.0, 120.0))]
    frame, keys = _cells(rows)
    out = _release(frame, keys)
    assert out["mean"].iloc[0] != out["mean"].iloc[1]
    alone, alone_keys = _cells(rows[:3][::-1])
    pd.testing.assert_frame_equal(_release(alone, alone_keys), out.iloc[:1])
    other, other_keys = _cells([(r, "a", "b", v) for r, v in zip("pqs", (80.0, 100.0, 120.0))])
    assert _release(other, other_keys)["mean"].iloc[0] != out["mean"].iloc[0]


def test_noise_bounds_by_hand_and_precision():
    # A cell of n ratings moves by at most 3 D / n (z is clipped at 3), plus the rounding.
    rng = np.random.default_rng(4)
    rows = [(f"r{i}", "a", "b" if i < 30 else "c", float(v)) for i, v in enumerate(rng.normal(100, 40, 37))]
    frame, keys = _cells(rows)
    exact = frame.groupby("target_group")["integration_need"].agg(["mean", "std", "count"])
    out = _release(frame, keys).set_index("target_group")
    bound = 3 * disclosure.NOISE / exact["count"] + 0.05
    assert ((out["mean"] - exact["mean"]).abs() <= bound).all()
    assert ((out["mean"] - exact["mean"]).abs() > 0.05).any()  # it does move
    assert (out["mean"] == out["mean"].round(1)).all() and (out["sd"] == out["sd"].round(1)).all()
    # The SD: s'^2 - s^2 is at most 2 * 40 * 3 D / (n - 1).
    var_bound = 2 * 40 * 3 * disclosure.NOISE / (exact["count"] - 1)
    assert (((out["sd"] + 0.05) ** 2 - exact["std"] ** 2 >= -var_bound)
            & ((out["sd"] - 0.05) ** 2 - exact["std"] ** 2 <= var_bound)).all()


def test_weighted_noise_scales_with_the_largest_weight():
    # One respondent carries 9 of 12 units of weight: their influence on the mean is 9/12
    # per point, so the noise may reach 3 D * 9 / 12, far more than 3 D / 4 unweighted.
    rows = [("p", "a", "b", 60.0, 9.0), ("q", "a", "b", 100.0, 1.0), ("r", "a", "b", 120.0, 1.0), ("s", "a", "b", 140.0, 1.0)]
    frame, keys = _cells(rows)
    out = _release(frame, keys, weight="w")
    exact = (60 * 9 + 100 + 120 + 140) / 12
    assert abs(out["mean"].iloc[0] - exact) <= 3 * disclosure.NOISE * 9 / 12 + 0.05
    with pytest.MonkeyPatch.context() as m:  # the streams differ from the unweighted ones
        m.setattr(disclosure, "DECIMALS", 12)
        plain = _release(frame, keys)["mean"].iloc[0] - 105.0
        weighted = _release(frame, keys, weight="w")["mean"].iloc[0] - exact
    assert plain * 4 != pytest.approx(weighted * 12 / 9)


def test_without_noise_the_release_is_the_exact_table_rounded(monkeypatch):
    monkeypatch.setattr(disclosure, "NOISE", 0.0)
    frame, keys = _cells([(r, "a", "b", v) for r, v in zip("pqr", (80.04, 100.0, 120.0))])
    out = _release(frame, keys)
    assert out["mean"].iloc[0] == 100.0 and out["sd"].iloc[0] == 20.0  # 100.0133, 19.98 rounded


def test_isolated_by_hand():
    # One pair of 12 ratings; reruns leave out subgroup S1 (0-4) and S2 (5-10); 11 is in neither.
    pair, full = np.zeros(12, int), np.zeros(12, int)
    first = np.r_[[-1] * 5, [0] * 7]
    second = np.r_[[0] * 5, [-1] * 6, [0]]
    assert isolated(pair, [full, first], min_n=5).tolist() == []  # full - first: 5 ratings, allowed
    assert isolated(pair, [full, first, second], min_n=5).tolist() == [0]  # first + second - full = rating 11
    assert isolated(pair, [full, first, second], min_n=1).tolist() == []  # min_n 1: any set may be published
    # Two levels that partition the pair add nothing: level A + level B = full.
    level = np.r_[[0] * 6, [1] * 6]
    assert isolated(pair, [full, level], min_n=5).tolist() == []
    # Levels 0-5 and 6-11 and a rerun without 0-3 and 10-11: level B - rerun is
    # sum(10, 11) - sum(4, 5), four ratings in all.
    rerun = np.r_[[-1] * 4, [0] * 6, [-1] * 2]
    assert isolated(pair, [full, level, rerun], min_n=5).tolist() == [0]
    # A second pair with nothing linked is never reported.
    two = np.r_[pair, np.ones(6, int)]
    assert isolated(two, [np.r_[full, np.ones(6, int)], np.r_[first, [-1] * 6], np.r_[second, [-1] * 6]],
                    min_n=5).tolist() == [0]


def test_an_unregistered_output_is_refused(tmp_path):
    with pytest.raises(PrivacyError, match="answers.csv is not a registered output"):
        write_table(pd.DataFrame({"mean": [1.0]}), tmp_path / "answers.csv")
    with pytest.raises(PrivacyError, match="answers.json is not a registered output"):
        write_json({"mean": 1.0}, tmp_path / "answers.json")
    assert not (tmp_path / "answers.csv").exists() and not (tmp_path / "answers.json").exists()
    write_table(pd.DataFrame({"mean": [1.0]}), tmp_path / "answers.csv", private=True)  # respondent-level: 0600
    assert released("pairs.csv", pd.DataFrame({"mean": [1.04], "n": [3]}))["mean"].tolist() == [1.0]


def test_item_statistics_are_published_at_two_decimals():
    table = released("reliability.csv", pd.DataFrame({"item": ["x"], "mean": [3.04170], "item_total_r": [0.47303]}))
    assert table.iloc[0].tolist() == ["x", 3.04, 0.47]


def test_on_the_shipped_survey_the_noise_changes_no_cluster_and_no_boundary_ranking():
    cb, data = load_codebook(), load_example()
    noisy = analyse(data, codebook=cb, seed=1)
    with exact_release():
        exact = analyse(data, codebook=cb, seed=1)
    assert noisy.partition.membership == exact.partition.membership
    moved = (noisy.pairs["mean"] - exact.pairs["mean"]).abs().dropna()
    assert 0.3 < moved.mean() < 3.0  # noise of 25 / n with cells of 5-40 ratings: a point or two
    rank = [analyse_boundary(a, codebook=cb).scenarios.sort_values("cost")["scenario"].tolist() for a in (noisy, exact)]
    assert rank[0] == rank[1]


def test_a_cells_interval_moves_with_its_published_mean_and_widens_for_the_noise():
    # The bootstrap resamples the exact ratings; its interval is moved by the release's
    # offset (so its midpoint gives no more than the mean) and each side is widened so that
    # the half-width h becomes sqrt(h^2 + (z D / n)^2): the width w becomes
    # sqrt(w^2 + (2 z D / n)^2), z = 1.96 for 95 %.
    from scipy.stats import norm

    from integraatio.stability import attach_bootstrap, bootstrap

    cb, data = load_codebook(), load_example()
    noisy = analyse(data, codebook=cb, seed=1)
    a = attach_bootstrap(noisy, bootstrap(noisy, replicates=20, seed=1)).pairs
    with exact_release():
        exact = analyse(data, codebook=cb, seed=1)
        b = attach_bootstrap(exact, bootstrap(exact, replicates=20, seed=1)).pairs
    # (Cells whose 20-replicate interval holds their own mean: elsewhere one side is negative.)
    shown = ~a["suppressed"] & (b["ci_low"] < b["mean"]) & (b["mean"] < b["ci_high"])
    moved = (a["mean"] - b["mean"])[shown]
    assert ((a["ci_low"] <= b["ci_low"] + moved + 1e-9) & (a["ci_high"] >= b["ci_high"] + moved - 1e-9))[shown].all()
    z, n = norm.ppf(0.975), a["n"][shown]
    np.testing.assert_allclose((a["ci_high"] - a["ci_low"])[shown] ** 2,
                               (b["ci_high"] - b["ci_low"])[shown] ** 2 + (2 * z * disclosure.NOISE / n) ** 2, rtol=1e-9)


def test_the_manifest_says_how_the_numbers_were_released(tmp_path):
    import integraatio

    r = integraatio.run(out=tmp_path / "out", figures=False, exports=False, report=False)
    released_as = r.manifest["disclosure"]
    assert released_as["perturbation"] == "cell key" and released_as["noise_scale"] == disclosure.NOISE
    assert (released_as["decimals"], released_as["item_decimals"]) == (1, 2)
    assert released_as["cells_suppressed"] == int(r.analysis.pairs["suppressed"].sum())
    composite = r.manifest["composite"]
    assert all(round(v, 2) == v for v in (composite["alpha"], *composite["item_mean"].values(), *composite["item_sd"].values()))
