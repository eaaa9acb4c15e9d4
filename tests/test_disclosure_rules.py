"""The disclosure rules at their boundaries, and the cell key noise recomputed from its definition.

Everything here is worked out independently of integraatio.disclosure: the record keys with
``hmac``, SplitMix64's finaliser in Python integers, the normal quantile with
``statistics.NormalDist``, the cell moments with plain sums (issue 28: every published
column, every boundary of a rule).
"""

import hashlib
import hmac
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from integraatio import disclosure
from integraatio.disclosure import companion_cells, isolated, noise_sd, perturb_cells, rating_keys, released, survey_secret
from integraatio.exceptions import PrivacyError
from integraatio.matrix import pair_table

CODES = ["a", "b", "c"]
SECRET = b"k" * 32
M64 = 2**64
# One stream per statistic, named by its ASCII letters.
TAGS = {"mean": int.from_bytes(b"mean", "big"), "sd": int.from_bytes(b"sd\0\0", "big"),
        "mean_w": int.from_bytes(b"meanw", "big"), "sd_w": int.from_bytes(b"sdw", "big")}


def _key(respondent):
    return int.from_bytes(hmac.new(SECRET, respondent.encode(), hashlib.sha256).digest()[:8], "little")


def _mix(x):
    """SplitMix64's finaliser (Steele, Lea and Flood 2014) on a Python integer."""
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) % M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) % M64
    return x ^ (x >> 31)


def _z(respondents, own, target, tag, clip=True):
    """The documented draw of a cell: K = sum of record keys mod 2^64, xor the hash of its codes."""
    key = sum(_key(r) for r in respondents) % M64
    key ^= int.from_bytes(hashlib.sha256(f"{own}\x1f{target}".encode()).digest()[:8], "little")
    u = ((_mix(key ^ _mix(TAGS[tag])) >> 11) + 0.5) / 2**53
    z = NormalDist().inv_cdf(u)
    return min(3.0, max(-3.0, z)) if clip else z


def _frame(rows):
    return pd.DataFrame(rows, columns=["respondent_id", "own_group", "target_group", "integration_need", "w"])


def _release(frame, weight=None, **kwargs):
    keys = rating_keys(frame["respondent_id"], secret=SECRET)
    return perturb_cells(pair_table(frame, codes=CODES, min_n=1, weight=weight), frame, keys, codes=CODES,
                         weight=weight, **kwargs)


ROWS = [("p", "a", "b", 60.0, 3.0), ("q", "a", "b", 100.0, 1.0), ("r", "a", "b", 125.0, 0.5),
        ("s", "a", "b", 150.0, 2.0), ("p", "b", "c", 80.0, 3.0), ("q", "b", "c", 90.0, 1.0),
        ("t", "b", "c", 130.0, 1.5)]


def test_record_keys_are_the_first_eight_bytes_of_the_hmac():
    ids = pd.Series(["p", "q", "p", "Äö"])
    assert rating_keys(ids, secret=SECRET).tolist() == [_key("p"), _key("q"), _key("p"), _key("Äö")]


@pytest.mark.parametrize("weighted", [False, True])
def test_each_published_mean_and_sd_is_the_exact_one_plus_the_documented_noise(monkeypatch, weighted):
    # mean' = mean + D z1 w_max / W;  s'^2 = s^2 + 2 * 40 * D z2 w_max / (W - sum w^2 / W),
    # worked out for both cells with plain sums (all weights 1 unweighted).
    monkeypatch.setattr(disclosure, "DECIMALS", 12)
    frame = _frame(ROWS)
    out = _release(frame, weight="w" if weighted else None)
    tags = ("mean_w", "sd_w") if weighted else ("mean", "sd")
    for own, target in (("a", "b"), ("b", "c")):
        cell = frame[(frame["own_group"] == own) & (frame["target_group"] == target)]
        y = cell["integration_need"].to_numpy()
        w = cell["w"].to_numpy() if weighted else np.ones(len(cell))
        big_w = w.sum()
        mean = (w * y).sum() / big_w
        var = (w * (y - mean) ** 2).sum() / (big_w - (w * w).sum() / big_w)
        ids = cell["respondent_id"].tolist()
        noisy_mean = mean + 35.0 * _z(ids, own, target, tags[0]) * w.max() / big_w
        noisy_var = var + 2 * 40.0 * 35.0 * _z(ids, own, target, tags[1]) * w.max() / (big_w - (w * w).sum() / big_w)
        row = out[(out["own_group"] == own) & (out["target_group"] == target)].iloc[0]
        assert row["mean"] == pytest.approx(noisy_mean, abs=1e-9)
        assert row["sd"] == pytest.approx(np.sqrt(max(noisy_var, 0.0)), abs=1e-9)
        assert row["n"] == len(cell)


def test_the_spread_scales_only_the_sd_noise(monkeypatch):
    monkeypatch.setattr(disclosure, "DECIMALS", 12)
    frame = _frame(ROWS[:4])
    out = _release(frame, spread=10.0).iloc[0]
    y = frame["integration_need"].to_numpy()
    z2 = _z(list("pqrs"), "a", "b", "sd")
    assert out["sd"] == pytest.approx(np.sqrt(max(y.var(ddof=1) + 2 * 10.0 * 35.0 * z2 / 3, 0.0)), abs=1e-9)
    assert out["mean"] == pytest.approx(y.mean() + 35.0 * _z(list("pqrs"), "a", "b", "mean") / 4, abs=1e-9)


@pytest.mark.parametrize("side", [1, -1])
def test_a_draw_beyond_three_is_clipped_at_three(monkeypatch, side):
    # A one-rating cell moves by D z exactly; find a respondent whose unclipped z is beyond 3 (or -3).
    monkeypatch.setattr(disclosure, "DECIMALS", 12)
    far = next(f"r{i}" for i in range(50000) if side * _z([f"r{i}"], "a", "b", "mean", clip=False) > 3.0)
    out = _release(_frame([(far, "a", "b", 100.0, 1.0)])).iloc[0]
    assert out["mean"] == pytest.approx(100.0 + side * 35.0 * 3.0, abs=1e-9)


def test_a_cell_of_one_rating_or_of_no_weight_gives_no_warning():
    # One rating: no SD (W - sum w^2 / W = 0); weight 0: no mean. Both are left empty, quietly.
    import warnings

    frame = _frame([("p", "a", "b", 100.0, 1.0), ("q", "b", "c", 90.0, 0.0), ("r", "b", "c", 80.0, 0.0)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _release(frame, weight="w")
        flat = noise_sd(frame, codes=CODES, weight="w")
    assert out["sd"].isna().all() and np.isnan(out["mean"].iloc[1]) and np.isnan(flat[5])


def test_a_negative_variance_is_published_as_sd_zero(monkeypatch):
    # Two equal ratings: s = 0, so any negative z2 would give a negative variance.
    monkeypatch.setattr(disclosure, "DECIMALS", 12)
    pair = next((a, b) for a, b in zip("pqrstuvwxyz", "qrstuvwxyzp") if _z([a, b], "a", "b", "sd") < 0)
    out = _release(_frame([(pair[0], "a", "b", 100.0, 1.0), (pair[1], "a", "b", 100.0, 1.0)])).iloc[0]
    assert out["sd"] == 0.0


def test_published_values_are_rounded_to_one_decimal():
    frame = _frame(ROWS)
    out = _release(frame)
    assert (out["mean"] * 10 == (out["mean"] * 10).round()).all() and (out["sd"] * 10 == (out["sd"] * 10).round()).all()
    exact = frame.groupby(["own_group", "target_group"])["integration_need"].mean().to_numpy()
    z = [_z(list("pqrs"), "a", "b", "mean"), _z(list("pqt"), "b", "c", "mean")]
    assert out["mean"].tolist() == pytest.approx([round(exact[0] + 35.0 * z[0] / 4, 1), round(exact[1] + 35.0 * z[1] / 3, 1)],
                                                  abs=1e-9)


def test_noise_sd_is_the_largest_weight_over_the_cell_weight_in_code_order():
    frame = _frame(ROWS)
    flat = noise_sd(frame, codes=CODES, weight="w")
    expected = np.full(9, np.nan)
    expected[0 * 3 + 1] = 35.0 * 3.0 / 6.5  # a -> b: largest 3 of 6.5
    expected[1 * 3 + 2] = 35.0 * 3.0 / 5.5  # b -> c: largest 3 of 5.5
    np.testing.assert_allclose(flat, expected)
    np.testing.assert_allclose(noise_sd(frame, codes=CODES)[[1, 5]], [35.0 / 4, 35.0 / 3])


@pytest.mark.parametrize(
    "n, suppressed, min_n, expected",
    [
        ([4, 9, 6], [True, False, False], 5, [False, False, True]),  # n_S = 4 < 5: the smallest published
        ([5, 9, 6], [True, False, False], 5, [False, False, False]),  # n_S = min_n exactly: nothing derived alone
        ([2, 2, 9, 6], [True, True, False, False], 5, [False, False, False, True]),  # 2 + 2 = 4 < 5 together
        ([0, 9, 6], [True, False, False], 5, [False, False, False]),  # n_S = 0: nothing to protect
        ([3, 0, 7, 7], [True, False, False, False], 5, [False, False, True, False]),  # empty cell never chosen; tie: first
        ([3, 8], [True, True], 5, [False, False]),  # no published cell left to choose
        ([1, 8, 6], [True, False, False], 2, [False, False, True]),  # 1 < 2
    ],
)
def test_companion_cells_at_the_rules_boundary(n, suppressed, min_n, expected):
    pairs = pd.DataFrame({"n": n, "suppressed": suppressed})
    assert companion_cells(pairs, min_n=min_n).tolist() == expected


def test_the_survey_secret_is_the_hash_of_the_ratings_alone():
    frame = pd.DataFrame({"respondent_id": ["p", "q"], "own_group": ["a", "b"], "target_group": ["b", "a"],
                          "frequency": [1, 2], "reciprocity": [3, 4], "need": [5, 1], "municipality": ["x", "y"]})
    base = survey_secret(frame)
    assert survey_secret(frame.set_index(pd.Index([7, 9]))) == base  # the index is no part of it
    assert survey_secret(frame.assign(municipality=["z", "z"])) == base  # nor other columns
    for column, value in [("respondent_id", "r"), ("own_group", "c"), ("target_group", "c"), ("frequency", 2),
                          ("reciprocity", 4), ("need", 4)]:
        changed = frame.copy()
        changed.loc[0, column] = value
        assert survey_secret(changed) != base, column
    # The columns' names count too: the same values under another set of columns differ.
    assert survey_secret(frame.drop(columns="need")) != base
    hashed = pd.util.hash_pandas_object(frame.drop(columns="municipality"), index=False).to_numpy(np.uint64)
    assert base == hashlib.sha256(hashed.tobytes() + b"respondent_id|own_group|target_group|frequency|reciprocity|need"
                                  ).digest()


@pytest.mark.parametrize(
    "name, column, value, shown",
    [
        ("pairs.csv", "mean", 101.2549, 101.3), ("pairs.csv", "n_eff", 7.46, 7.5), ("pairs.csv", "ci_high", 1.26, 1.3),
        ("matrix.csv", "2.1", 99.96, 100.0), ("clusters.csv", "participation", 0.12345, 0.123),
        ("clusters.csv", "stability", 0.98765, 0.988), ("coassignment.csv", "2.1", 0.33333, 0.333),
        ("reliability.csv", "alpha_if_deleted", 0.8765, 0.88), ("boundary_differences.csv", "ci_low", -3.04, -3.0),
        ("compare_size_class_tests.csv", "diff", 4.44, 4.4), ("compare_size_class.csv", "sd", 38.26, 38.3),
        ("gephi_nodes.csv", "x", 0.12345, 0.123), ("waves_cells.csv", "change", -2.26, -2.3),
        ("resolution_sweep.csv", "modularity", 0.123456, 0.123456),  # counts and shares kept as computed
        ("clusters.csv", "strength", 12.3456, 12.3456),  # a column the registry does not name
    ],
)
def test_each_registered_file_is_released_at_its_precision(name, column, value, shown):
    table = released(name, pd.DataFrame({column: [value], "n": [3]}))
    assert table[column].tolist() == [shown] and table["n"].tolist() == [3]


@pytest.mark.parametrize("name", ["plan.json", "manifest.json", "compare_x_summary.json", "bootstrap_summary.json"])
def test_json_outputs_are_registered(name):
    assert released(name) is None


def test_a_registered_table_without_a_frame_is_only_checked_and_an_unknown_one_says_why():
    assert released("pairs.csv") is None
    with pytest.raises(PrivacyError, match=r"answers\.csv is not a registered output of integraatio\.disclosure\.PUBLISHED: "
                       r"every published file must say how its numbers are released \(which columns, at what precision\)"):
        released("answers.csv")


def test_isolated_numbers_pairs_and_cells_apart():
    # The pair is row 7 of the pooled table; the tables number their own cells (2, 3): a rerun
    # leaving out 0-4 and one leaving out 5-10 give rating 11 away (first + second - full).
    pair = np.full(12, 7)
    full, first, second = np.full(12, 3), np.r_[[-1] * 5, [2] * 7], np.r_[[2] * 5, [-1] * 6, [2]]
    assert isolated(pair, [first, full, second], min_n=5).tolist() == [7]
    assert isolated(pair, [first, full], min_n=5).tolist() == []


def test_isolated_two_tables_suffice_and_exactly_min_n_is_allowed():
    pair, full, first = np.zeros(12, int), np.zeros(12, int), np.r_[[-1] * 5, [0] * 7]
    assert isolated(pair, [full, first], min_n=6).tolist() == [0]  # full - first: 5 ratings < 6
    # Atoms A (2 ratings), B (3), C (6), D (6); the tables publish A+B+C+D, C+D (a rerun
    # without A and B), and the levels A+C and B+D. Every combination zero on C and D is a
    # multiple of A + B: 5 ratings, as many as min_n, so nothing is isolated, though A and B
    # are each fewer than min_n.
    pair, full = np.zeros(17, int), np.zeros(17, int)
    rerun = np.r_[[-1] * 5, [0] * 12]
    levels = np.r_[[0] * 2, [1] * 3, [0] * 6, [1] * 6]
    assert isolated(pair, [full, rerun, levels], min_n=5).tolist() == []
    assert isolated(pair, [full, rerun, levels], min_n=6).tolist() == [0]


def test_isolated_reads_only_published_cells():
    # The full run suppresses the pair (-1): its total is no published cell, so the two reruns
    # (7 and 6 of its 12 ratings, 11 in both) give nothing away on their own.
    pair = np.zeros(12, int)
    first, second = np.r_[[-1] * 5, [0] * 7], np.r_[[0] * 5, [-1] * 6, [0]]
    assert isolated(pair, [np.full(12, -1), first, second], min_n=5).tolist() == []
    # A cell of 4 ratings published by two tables holds fewer than min_n = 5 itself.
    assert isolated(np.zeros(4, int), [np.zeros(4, int), np.zeros(4, int)], min_n=5).tolist() == [0]
