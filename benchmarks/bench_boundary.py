"""Benchmarks of the boundary optimiser (integraatio.boundary.optimise_boundary).

(a) Exhaustive search: wall time (median of 3) for k = 16 ... 26 free groups on random
    complete graphs (2 fixed groups, an outside actor, each side at least a third of the
    groups), against a plain Python loop over the 2**k assignments at k = 16.
(b) The heuristic beyond the exhaustive limit (forced with ``exhaustive_limit=0``) against
    the exhaustive optimum on random instances of 17-22 free groups with balance bounds:
    share of instances where it finds the optimum, largest relative gap, time.
(c) The heuristic alone at 30, 40 and 60 free groups (time only).
(d) The whole boundary step on the shipped survey (legislated, clusters, optimal).

Usage::

    .venv/bin/python benchmarks/bench_boundary.py            # about 1 min
    .venv/bin/python benchmarks/bench_boundary.py --quick    # k <= 22, fewer instances
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import networkx as nx
import numpy as np

from integraatio.analysis import analyse
from integraatio.boundary import Constraints, analyse_boundary, optimise_boundary
from integraatio.codebook import Codebook, Group, Scale, load_codebook
from integraatio.datasets import load_example

SIDES = ("municipality", "wellbeing_area")


def instance(rng: np.random.Generator, k: int, density: float = 1.0):
    """k free groups + 2 fixed ones + 1 outside actor; exponential tie weights."""
    codes = [f"g{i:02d}" for i in range(k + 3)]
    organisers = [SIDES[int(rng.integers(2))] for _ in range(k + 2)] + ["external"]
    cb = Codebook(scale=Scale(1, 5), groups=tuple(Group(c, c, c, o) for c, o in zip(codes, organisers)))
    g = nx.Graph()
    g.add_nodes_from(codes)
    for u, v in itertools.combinations(codes, 2):
        if rng.random() < density:
            g.add_edge(u, v, weight=float(rng.exponential(20.0)), n=10, mean=120.0)
    third = (k + 2) // 3
    constraints = Constraints(
        fixed={codes[0]: SIDES[0], codes[1]: SIDES[1]}, min_groups={SIDES[0]: third, SIDES[1]: third}
    )
    return g, cb, constraints


def timed(fn, repeats: int = 3):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def python_loop(g: nx.Graph, cb: Codebook, constraints: Constraints) -> float:
    """The reference: every assignment of the free groups, one at a time."""
    codes = [c for c in cb.codes if cb.group(c).organiser != "external"]
    free = [c for c in codes if c not in constraints.fixed]
    edges = [(u, v, w) for u, v, w in g.edges(data="weight") if u in codes and v in codes]
    best = np.inf
    for bits in itertools.product((0, 1), repeat=len(free)):
        side = {c: int(constraints.fixed[c] == SIDES[1]) for c in constraints.fixed} | dict(zip(free, bits))
        wb = sum(side.values())
        if wb < constraints.min_groups[SIDES[1]] or len(codes) - wb < constraints.min_groups[SIDES[0]]:
            continue
        best = min(best, sum(w for u, v, w in edges if side[u] != side[v]))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(2024)

    print("(a) exhaustive search (median of 3)")
    for k in (16, 18, 20, 22) if args.quick else (16, 18, 20, 22, 24, 26):
        g, cb, constraints = instance(rng, k)
        t, best = timed(lambda: optimise_boundary(g, codebook=cb, constraints=constraints, exhaustive_limit=k))
        assert best.method == "exhaustive" and best.evaluated == 2**k
        print(f"    k = {k:2d}: {2**k:>10,d} assignments in {t:7.3f} s ({t / 2**k * 1e9:5.1f} ns each)")
        if k == 16:
            start = time.perf_counter()
            reference = python_loop(g, cb, constraints)
            loop = time.perf_counter() - start
            agree = abs(reference - best.cost) <= 1e-9 * reference
            print(f"    k = 16 as a Python loop: {loop:.2f} s ({loop / t:.0f}x slower); same optimum: {agree}")

    print("(b) heuristic (exhaustive_limit=0) against the exhaustive optimum, balance bounds")
    gaps, times, methods = [], [], []
    for _ in range(10 if args.quick else 40):
        k = int(rng.integers(17, 23))
        g, cb, constraints = instance(rng, k, density=float(rng.uniform(0.2, 1.0)))
        exact = optimise_boundary(g, codebook=cb, constraints=constraints, exhaustive_limit=k)
        t, heur = timed(lambda: optimise_boundary(g, codebook=cb, constraints=constraints, exhaustive_limit=0), 1)
        gaps.append(heur.cost / exact.cost - 1 if exact.cost > 0 else heur.cost)
        times.append(t)
        methods.append(heur.method)
    gaps = np.array(gaps)
    found = np.mean(gaps <= 1e-9)
    print(
        f"    {len(gaps)} instances: optimum found in {found:.0%}; largest gap {gaps.max():.2%}, "
        f"mean gap {gaps.mean():.3%}; median time {statistics.median(times):.3f} s; "
        f"methods {dict(zip(*np.unique(methods, return_counts=True)))}"
    )

    print("(c) heuristic alone")
    for k in (30, 40) if args.quick else (30, 40, 60):
        g, cb, constraints = instance(rng, k, density=0.5)
        t, heur = timed(lambda: optimise_boundary(g, codebook=cb, constraints=constraints), 1)
        print(f"    k = {k}: {heur.method} in {t:.2f} s")

    print("(d) the boundary step on the shipped survey")
    codebook = load_codebook()
    a = analyse(load_example(), codebook=codebook, seed=1)
    t, b = timed(lambda: analyse_boundary(a, codebook=codebook))
    o = b.optimum
    print(f"    legislated, clusters, optimal ({o.method}, {o.evaluated:,d} assignments): {t:.3f} s")


if __name__ == "__main__":
    main()
