"""The permutation engine on inputs small enough to count by hand (issue 28): every
relabelling of three levels, the switch from enumerating to sampling, the sums per level,
the block sizes and the tolerance of "at least as extreme"."""

import math

import numpy as np
import pytest
from scipy import sparse

from integraatio.compare.permutation import BLOCK_ELEMENTS, CHUNK, at_least, block_width, level_sums, p_values, relabellings


def _all(chunks):
    return np.concatenate(list(chunks))


def test_three_levels_are_enumerated_once_each():
    # Units 0..4 in levels 0, 0, 1, 1, 2: 5! / (2! 2! 1!) = 30 labellings, each keeping the sizes.
    labels, used, exact = relabellings(np.array([0, 0, 1, 1, 2]), 3, 30, np.random.default_rng(0))
    labels = _all(labels)
    assert (used, exact, labels.shape) == (30, True, (30, 5))
    assert len({tuple(r) for r in labels}) == 30
    assert all(np.bincount(r, minlength=3).tolist() == [2, 2, 1] for r in labels)
    assert [0, 0, 1, 1, 2] in labels.tolist()  # the observed labelling is one of them


def test_one_fewer_permutation_than_labellings_samples():
    rng = np.random.default_rng(5)
    chunks, used, exact = relabellings(np.array([0, 0, 1, 1, 2]), 3, 29, rng)
    labels = _all(chunks)
    assert (used, exact, labels.shape) == (29, False, (29, 5))
    assert all(sorted(r) == [0, 0, 1, 1, 2] for r in labels.tolist())  # each a shuffle of the observed labels
    again = _all(relabellings(np.array([0, 0, 1, 1, 2]), 3, 29, np.random.default_rng(5))[0])
    np.testing.assert_array_equal(labels, again)


def test_many_labellings_come_in_chunks_of_at_most_chunk_rows():
    # C(12, 6) = 924 labellings of two levels: two chunks, 512 and 412 rows.
    chunks = [c.shape for c in relabellings(np.repeat([0, 1], 6), 2, 10_000, np.random.default_rng(0))[0]]
    assert chunks == [(CHUNK, 12), (math.comb(12, 6) - CHUNK, 12)]
    # Sampled: blocks of block_width(u) rows, the last one what is left.
    sampled = [c.shape[0] for c in relabellings(np.repeat([0, 1], 6), 2, 900, np.random.default_rng(0))[0]]
    assert sampled == [512, 388]


def test_block_width_bounds_the_dense_block():
    assert block_width(0) == block_width(1) == CHUNK
    assert block_width(BLOCK_ELEMENTS // CHUNK) == CHUNK and block_width(BLOCK_ELEMENTS // CHUNK + 1) == CHUNK - 1
    assert block_width(10_000) == 400 and block_width(BLOCK_ELEMENTS + 1) == 1


def test_level_sums_by_hand():
    # Three units, two cells. n = [[1, 2], [3, 0], [0, 4]], s = [[5, 6], [7, 0], [0, 8]].
    n = sparse.csr_matrix([[1.0, 2.0], [3.0, 0.0], [0.0, 4.0]])
    s = sparse.csr_matrix([[5.0, 6.0], [7.0, 0.0], [0.0, 8.0]])
    labels = np.array([[0, 1, 1], [1, 0, 1]])  # labelling 0: unit 0 alone in level 0; labelling 1: unit 1
    n_l, s_l = level_sums(labels, n, s, 2)
    assert n_l.shape == (2, 2, 2)
    np.testing.assert_array_equal(n_l[0], [[1, 2], [3, 0]])
    np.testing.assert_array_equal(n_l[1], [[3, 4], [1, 6]])
    np.testing.assert_array_equal(s_l[0], [[5, 6], [7, 0]])
    np.testing.assert_array_equal(s_l[1], [[7, 8], [5, 14]])


def test_p_values_of_undefined_cells_are_missing_without_a_warning():
    np.testing.assert_array_equal(p_values(np.array([0.0]), np.array([0.0]), True), [np.nan])
    np.testing.assert_array_equal(p_values(np.array([0.0]), np.array([0.0]), False), [1.0])


def test_at_least_allows_rounding_in_the_last_bits_only():
    # A statistic 1e-10 below the observed 1000 is the same up to rounding; 1e-8 below is not.
    t = np.array([1000 * (1 - 1e-10), 1000 * (1 - 1e-8), 1000.0, 1000.5, 0.0, -1e-300])
    observed = np.array([1000.0] * 4 + [0.0] * 2)
    assert at_least(t, observed).tolist() == [True, False, True, True, True, False]


@pytest.mark.parametrize("sizes", [[1, 1], [3, 1, 2]])
def test_the_count_of_labellings_is_the_multinomial_coefficient(sizes):
    unit_level = np.repeat(np.arange(len(sizes)), sizes)
    expected = math.factorial(sum(sizes)) // math.prod(math.factorial(m) for m in sizes)
    _, used, exact = relabellings(unit_level, len(sizes), expected, np.random.default_rng(0))
    assert (used, exact) == (expected, True)
