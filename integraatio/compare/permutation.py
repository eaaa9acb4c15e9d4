"""The permutation engine: relabellings of the units (all of them when few, else sampled),
the per-cell sums of each relabelling in blocks of sparse products, and the p-values."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import combinations

import numpy as np
from scipy import sparse

#: Relabellings or resamples per matrix product, and the most elements a block's dense
#: unit x block matrix may hold (32 MB of floats), so that memory stays bounded.
CHUNK = 512
BLOCK_ELEMENTS = 4_000_000


def level_sums(labels: np.ndarray, n: sparse.csr_matrix, s: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Ratings and centred sums of every level for a stack of unit labellings.

    ``labels`` is ``(P, U)``: the level of each unit in each labelling. Returns two
    ``(k, P, C)`` arrays, each level's a matrix product of its indicator with the unit sums.
    """
    out_n, out_s = [], []
    for level in range(k):
        indicator = (labels == level).astype(float).T  # (U, P)
        out_n.append((n.T @ indicator).T)
        out_s.append((s.T @ indicator).T)
    return np.stack(out_n), np.stack(out_s)


def block_width(width: int) -> int:
    """Rows per block when each row has ``width`` units."""
    return max(1, min(CHUNK, BLOCK_ELEMENTS // max(width, 1)))


def relabellings(unit_level: np.ndarray, k: int, permutations: int, rng: np.random.Generator) -> tuple[Iterator[np.ndarray], int, bool]:
    """Chunks of unit labellings that keep each level's number of units.

    Every distinct labelling (the observed one included) when there are at most
    ``permutations`` of them; otherwise ``permutations`` random ones.
    """
    u = len(unit_level)
    sizes = np.bincount(unit_level, minlength=k)
    # The multinomial coefficient u! / prod(m!) as a product of binomials (cheap for large u).
    total = math.prod(math.comb(int(sizes[i:].sum()), int(sizes[i])) for i in range(k))
    if total <= permutations:

        def assign(free: tuple[int, ...], level: int) -> Iterator[list[tuple[int, int]]]:
            if level == k - 1:
                yield [(i, level) for i in free]
                return
            for chosen in combinations(free, int(sizes[level])):
                rest = tuple(i for i in free if i not in chosen)
                for tail in assign(rest, level + 1):
                    yield [(i, level) for i in chosen] + tail

        labels = np.empty((total, u), dtype=np.intp)
        for row, pairs in enumerate(assign(tuple(range(u)), 0)):
            idx, lev = zip(*pairs)
            labels[row, list(idx)] = lev
        return (labels[i : i + CHUNK] for i in range(0, total, CHUNK)), total, True

    block = block_width(u)

    def sample() -> Iterator[np.ndarray]:
        for start in range(0, permutations, block):
            size = min(block, permutations - start)
            yield rng.permuted(np.tile(unit_level, (size, 1)), axis=1)

    return sample(), permutations, False


def p_values(extreme: np.ndarray, defined: np.ndarray, exact: bool) -> np.ndarray:
    """Exact: share of the defined relabellings at least as extreme (the observed one is
    among them); sampled: (1 + extreme) / (1 + defined) (Phipson & Smyth 2010)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return extreme / defined if exact else (1.0 + extreme) / (1.0 + defined)


def at_least(t: np.ndarray, observed: np.ndarray) -> np.ndarray:
    # The observed labelling recomputed in another block of a matrix product may differ
    # in the last bits; it must count as "as extreme".
    return t >= observed - 1e-9 * np.abs(observed)
