"""The boundary of lowest cost as a pure matrix problem.

Minimise :math:`d \\cdot x + \\sum_{i<j} q_{ij} [x_i \\ne x_j]` over binary :math:`x` with
:math:`lo \\le \\sum x \\le hi`: exhaustive blocks, a minimum cut, or a local search.
The input is matrices; nothing here knows of task groups, graphs or codebooks.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import numpy as np

#: Assignments evaluated per block of the exhaustive search (bounds its memory to ~50 MB).
BLOCK = 2**20
#: Bound on the local search's passes; each pass that does not improve ends it earlier.
MAX_PASSES = 100
#: Groups re-solved exactly at a time by the local search (2**14 assignments per block).
BLOCK_WIDTH = 14

def _bits(m: int) -> np.ndarray:
    """All ``2**m`` assignments of ``m`` binary variables, one per row (row r = binary r)."""
    return ((np.arange(2**m)[:, None] >> np.arange(m)) & 1).astype(float)


def _part(x: np.ndarray, d: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Cost of assignments ``x`` (rows) of a part: linear ``d`` plus the ties ``q`` it cuts."""
    return x @ d + ((x @ q) * (1.0 - x)).sum(1)


def _exhaustive(q, d, x0, lo, hi, tol) -> np.ndarray:
    """Exact minimiser of ``d.x + sum_{i<j} q_ij [x_i != x_j]`` with ``lo <= sum x <= hi``.

    The free groups are split into a low half (``b``) and a high half (``a``); every
    assignment is a pair (h, l), and the cost matrix over all pairs is
    ``c_h + c_l + r_h + s_l - 2 (H Q_hl) L^T``: one matrix product per block of rows, no
    loop over assignments. Ties within ``tol`` go to the fewest changes from ``x0``, then
    to the lowest index.
    """
    k = len(d)
    b = (k + 1) // 2
    low, high = np.arange(b), np.arange(b, k)
    L, H = _bits(b), _bits(k - b)
    q_hl = q[np.ix_(high, low)]
    c_l = _part(L, d[low], q[np.ix_(low, low)]) + L @ q_hl.sum(0)
    c_h = _part(H, d[high], q[np.ix_(high, high)]) + H @ q_hl.sum(1)
    p = H @ q_hl
    pop_l, pop_h = L.sum(1), H.sum(1)
    moves_l, moves_h = (L != x0[low]).sum(1), (H != x0[high]).sum(1)
    rows = max(1, BLOCK >> b)

    def blocks() -> Iterator[tuple[int, np.ndarray]]:
        for start in range(0, len(H), rows):
            sl = slice(start, start + rows)
            cost = c_h[sl, None] + c_l[None, :] - 2.0 * (p[sl] @ L.T)
            pop = pop_h[sl, None] + pop_l[None, :]
            yield start, np.where((pop >= lo) & (pop <= hi), cost, np.inf)

    best = min(float(m.min()) for _, m in blocks())
    choice = (np.inf, 0)
    for start, m in blocks():
        moves = np.where(m <= best + tol, moves_h[start : start + len(m), None] + moves_l[None, :], np.inf)
        i = int(np.argmin(moves))
        if moves.flat[i] < choice[0]:
            choice = (moves.flat[i], start * len(L) + i)
    h, l = divmod(choice[1], len(L))
    return np.concatenate([L[l], H[h]])


def _flip_gains(q, d, x) -> np.ndarray:
    """Change in cost from flipping each ``x_i`` alone."""
    differ = x[:, None] != x[None, :]
    return (1.0 - 2.0 * x) * d + (q * (1.0 - 2.0 * differ)).sum(1)


def _lexmin(primary: np.ndarray, secondary: np.ndarray) -> int:
    """Flat index of the smallest ``primary``, ties broken by the smallest ``secondary``."""
    return int(np.lexsort((secondary.ravel(), primary.ravel()))[0])


def _repair(q, d, x, lo, hi) -> np.ndarray:
    """``x`` brought within the count bounds by the cheapest single flips."""
    x = x.copy()
    while x.sum() < lo or x.sum() > hi:
        i = int(np.argmin(np.where(x == (x.sum() > hi), _flip_gains(q, d, x), np.inf)))
        x[i] = 1.0 - x[i]
    return x


def _kl_search(q, d, x, x0, lo, hi, tol) -> np.ndarray:
    """Kernighan-Lin passes of single moves and pairwise swaps within the count bounds.

    A pass moves every group at most once, always taking the best move left even when it
    raises the cost (which lets it climb out of a local minimum), and keeps the best
    assignment seen; passes repeat while one finds a lower cost (or an equal one with
    fewer changes from ``x0``).
    """
    k = len(x)
    best = _repair(q, d, x, lo, hi)
    best_cost, best_moves = float(_part(best[None], d, q)[0]), int((best != x0).sum())
    for _ in range(MAX_PASSES):
        cur, cost, locked, improved = best.copy(), best_cost, np.zeros(k, bool), False
        for _ in range(k):
            gain, change, pop = _flip_gains(q, d, cur), np.where(cur != x0, -1.0, 1.0), cur.sum()
            options = []
            single = np.flatnonzero(~locked & np.where(cur == 0, pop + 1 <= hi, pop - 1 >= lo))
            if len(single):
                i = single[_lexmin(gain[single], change[single])]
                options.append((gain[i], change[i], [i]))
            ones, zeros = np.flatnonzero((cur == 1) & ~locked), np.flatnonzero((cur == 0) & ~locked)
            if len(ones) and len(zeros):
                swap = gain[ones, None] + gain[None, zeros] + 2.0 * q[np.ix_(ones, zeros)]
                i, j = np.unravel_index(_lexmin(swap, change[ones, None] + change[None, zeros]), swap.shape)
                options.append((swap[i, j], change[ones[i]] + change[zeros[j]], [ones[i], zeros[j]]))
            if not options:
                break
            delta, _, nodes = min(options, key=lambda o: (o[0], o[1]))
            cur[nodes] = 1.0 - cur[nodes]
            locked[nodes] = True
            cost += delta
            moves = int((cur != x0).sum())
            if cost < best_cost - tol or (cost <= best_cost + tol and moves < best_moves):
                best, best_moves, improved = cur.copy(), moves, True
                best_cost = float(_part(best[None], d, q)[0])  # exact, so that rounding does not drift
        if not improved:
            break
    return best


def _block_search(q, d, x, x0, lo, hi, tol) -> np.ndarray:
    """Large-neighbourhood search: re-solve blocks of ``BLOCK_WIDTH`` groups exactly.

    Each block is a group and the groups it is most tied to; with everything else held,
    :func:`_exhaustive` finds the block's best assignment, which is never worse than the
    current one. Rounds over all blocks repeat while one lowers the cost (or the changes).
    """
    k = len(x)
    width = min(BLOCK_WIDTH, k)
    blocks = [np.sort(np.r_[i, [j for j in np.argsort(-q[i], kind="stable") if j != i][: width - 1]]) for i in range(k)]
    x = x.copy()
    key = (float(_part(x[None], d, q)[0]), int((x != x0).sum()))
    for _ in range(MAX_PASSES):
        improved = False
        for block in blocks:
            rest = np.setdiff1d(np.arange(k), block)
            held = x[rest]
            d_block = d[block] + q[np.ix_(block, rest)] @ (1.0 - 2.0 * held)
            trial = x.copy()
            trial[block] = _exhaustive(q[np.ix_(block, block)], d_block, x0[block], lo - held.sum(), hi - held.sum(), tol)
            new = (float(_part(trial[None], d, q)[0]), int((trial != x0).sum()))
            if new[0] < key[0] - tol or (new[0] <= key[0] + tol and new[1] < key[1]):
                x, key, improved = trial, new, True
        if not improved:
            break
    return x


def _minimum_cut(q, d, scale) -> np.ndarray:
    """Exact minimiser of ``d.x + sum_{i<j} q_ij [x_i != x_j]`` without count bounds.

    An s-t minimum cut with s the municipality side: a group on the wellbeing side cuts
    its arc from s (capacity ``d_i`` where ``d_i > 0``), one on the municipal side its arc
    to t (``-d_i`` where ``d_i < 0``). Capacities are scaled to integers (1e-9 of
    ``scale``), as networkx's flow algorithms need.
    """
    cap = np.rint(np.abs(np.r_[d, q[np.triu_indices(len(d), 1)]]) / scale * 1e9).astype(np.int64)
    g = nx.DiGraph()
    g.add_nodes_from(["s", "t", *range(len(d))])
    for i, (v, c) in enumerate(zip(d, cap[: len(d)])):
        if c:
            g.add_edge(*(("s", i) if v > 0 else (i, "t")), capacity=int(c))
    for (i, j), c in zip(zip(*np.triu_indices(len(d), 1)), cap[len(d) :]):
        if c:
            g.add_edge(int(i), int(j), capacity=int(c))
            g.add_edge(int(j), int(i), capacity=int(c))
    _, (source_side, _) = nx.minimum_cut(g, "s", "t")
    return np.array([0.0 if i in source_side else 1.0 for i in range(len(d))])


def _beyond_the_limit(q, d, x0, lo, hi, tol, scale) -> tuple[np.ndarray, str]:
    """The minimum cut if it meets the count bounds (exact), else the local search's best."""
    cut = _minimum_cut(q, d, scale)
    if lo <= cut.sum() <= hi:
        return _kl_search(q, d, cut, x0, lo, hi, tol), "minimum_cut"  # the search only trims changes
    # Lagrangian starts: a price per wellbeing-area group moves the minimum cut's count
    # through the range, from everyone municipal to everyone wellbeing.
    reach = float(np.abs(d).max() + q.sum(1).max())
    starts = [cut, x0] + [_minimum_cut(q, d + price, scale) for price in np.linspace(-reach, reach, 17)]
    found = [_kl_search(q, d, s, x0, lo, hi, tol) for s in starts]
    # With the sides' roles nearly symmetric, a local optimum's mirror image is often a
    # better basin than any start above.
    found += [_kl_search(q, d, 1.0 - f, x0, lo, hi, tol) for f in found]
    found = [_block_search(q, d, f, x0, lo, hi, tol) for f in np.unique(np.array(found), axis=0)]
    costs = [float(_part(f[None], d, q)[0]) for f in found]
    return min((f for f, c in zip(found, costs) if c <= min(costs) + tol), key=lambda f: int((f != x0).sum())), "local_search"


def minimise(
    q: np.ndarray, d: np.ndarray, /, *, start: np.ndarray, low: float, high: float, scale: float, exhaustive_limit: int
) -> tuple[np.ndarray, str, int]:
    """The assignment ``x`` (0/1 per free group) of lowest cost, how it was found and how
    many assignments were evaluated.

    Minimises :math:`d \\cdot x + \\sum_{i<j} q_{ij} [x_i \\ne x_j]` subject to
    ``low <= x.sum() <= high``; costs within ``1e-9 * scale`` count as equal, and among
    equal costs the assignment closest to ``start`` wins. Up to ``exhaustive_limit`` free
    groups every assignment is evaluated (``"exhaustive"``); beyond it the minimum cut
    when it meets the bounds (``"minimum_cut"``), else a local search (``"local_search"``).

    Examples
    --------
    >>> q = np.array([[0.0, 5.0, 0.0], [5.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    >>> x, method, evaluated = minimise(q, np.zeros(3), start=np.array([0.0, 1.0, 1.0]), low=1, high=2, scale=6.0,
    ...                                 exhaustive_limit=24)
    >>> x.tolist(), method, evaluated
    ([0.0, 0.0, 1.0], 'exhaustive', 8)
    """
    tol = 1e-9 * scale
    if len(d) <= exhaustive_limit:
        return _exhaustive(q, d, start, low, high, tol), "exhaustive", 2 ** len(d)
    x, method = _beyond_the_limit(q, d, start, low, high, tol, scale)
    return x, method, 0
