"""Planted-partition recovery by edge weighting.

For every edge weighting in :data:`integraatio.network.WEIGHTINGS` and a range of signal
strengths, generate synthetic surveys with :func:`integraatio.synth.generate` (the shipped
design: 268 respondents of 719 invited), run the analysis spine and compare the clusters
found with the planted blocks by the adjusted Rand index (ARI) over all codebook codes.

Two measures are checked:

* ``composite`` (the integration-need index) against ``truth["composite"]`` (2 blocks);
* ``frequency`` alone against ``truth["frequency"]`` (3 blocks joined by bridges).

Every number is seeded: survey ``k`` is ``generate(signal=s, seed=k)`` and Louvain gets
``seed=k`` too, exactly as ``analyse(data, codebook=cb, weighting=w, seed=k)`` would.

The spine is run through its lower-level functions (``score`` and ``pair_table`` once per
survey and measure, then ``build_graph`` + ``detect_communities`` per weighting), which is
what :func:`integraatio.analysis.analyse` does minus the layout and node statistics; the
script checks once at start-up that this gives the same partition as ``analyse``.

Usage::

    .venv/bin/python benchmarks/weighting_recovery.py            # 20 seeds, ~1 min
    .venv/bin/python benchmarks/weighting_recovery.py --quick    # 5 seeds, a few seconds
    .venv/bin/python benchmarks/weighting_recovery.py --seeds 50 --signals 0,0.2,0.5,1
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from integraatio.analysis import analyse
from integraatio.codebook import ITEMS, Codebook, load_codebook
from integraatio.communities import detect_communities
from integraatio.composite import score
from integraatio.matrix import pair_table
from integraatio.network import WEIGHTINGS, build_graph
from integraatio.synth import generate

DEFAULT_SIGNALS = (0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0)
MEASURES = ("composite", "frequency")  # measure -> truth structure of the same name


def to_scorable(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The generated long table in the form ``score()`` expects (as the reader gives it).

    Adds ``row`` (the CSV line: header is line 1) and turns the codebook's "can't say"
    codes into <NA>.
    """
    d = data.copy()
    missing = list(codebook.scale.missing)
    for item in ITEMS:
        d[item] = d[item].mask(d[item].isin(missing))
    d.insert(0, "row", np.arange(len(d)) + 2)
    return d


def partitions(data: pd.DataFrame, codebook: Codebook, *, measure: str, min_n: int, seed: int) -> dict[str, dict]:
    """Membership found by each weighting (the spine's score -> pairs -> graph -> Louvain)."""
    codes = codebook.codes
    s = score(data, measure=measure)
    pairs = pair_table(s.scores, codes=codes, min_n=min_n)
    out = {}
    for w in WEIGHTINGS:
        graph = build_graph(pairs, codes=codes, weighting=w)
        out[w] = dict(detect_communities(graph, seed=seed).membership)
    return out


def ari(found: dict, truth, codes: list[str]) -> float:
    missing = [c for c in codes if c not in truth]
    if missing:
        raise KeyError(f"The planted truth has no block for {missing}.")
    return float(adjusted_rand_score([truth[c] for c in codes], [found[c] for c in codes]))


def misplaced(found: dict, truth, codes: list[str]) -> list[str]:
    """Codes whose cluster's majority planted block is not their own block."""
    majority = {}
    for c in set(found.values()):
        blocks = [truth[v] for v in codes if found[v] == c]
        majority[c] = max(sorted(set(blocks)), key=blocks.count)
    return [v for v in codes if majority[found[v]] != truth[v]]


def check_against_analyse(codebook: Codebook, min_n: int) -> None:
    """The lower-level path must give exactly analyse()'s partition."""
    survey = generate(codebook=codebook, signal=0.3, seed=3)
    data = to_scorable(survey.data, codebook)
    for measure in MEASURES:
        ours = partitions(data, codebook, measure=measure, min_n=min_n, seed=3)
        for w in WEIGHTINGS:
            a = analyse(data, codebook=codebook, measure=measure, weighting=w, min_n=min_n, seed=3)
            if dict(a.partition.membership) != ours[w]:
                sys.exit(f"Internal check failed: analyse() and the lower-level path differ ({measure}, {w}).")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=20, help="surveys per signal (seeds 1..N; default 20)")
    p.add_argument("--quick", action="store_true", help="5 seeds (overrides --seeds)")
    p.add_argument(
        "--signals",
        type=lambda s: tuple(float(v) for v in s.split(",")),
        default=DEFAULT_SIGNALS,
        help="comma-separated signal strengths (default %(default)s)",
    )
    p.add_argument("--min-n", type=int, default=5, help="cell suppression threshold (default 5)")
    args = p.parse_args(argv)
    n_seeds = 5 if args.quick else args.seeds
    seeds = range(1, n_seeds + 1)

    cb = load_codebook()
    codes = cb.codes
    t0 = time.perf_counter()
    check_against_analyse(cb, args.min_n)

    # res[measure][signal][weighting] -> list of (ari, clusters found)
    res: dict = {m: defaultdict(lambda: defaultdict(list)) for m in MEASURES}
    n_planted: dict[str, int] = {}
    wrong: dict = {m: {w: defaultdict(int) for w in WEIGHTINGS} for m in MEASURES}
    for signal in args.signals:
        for k in seeds:
            survey = generate(codebook=cb, signal=signal, seed=k)
            data = to_scorable(survey.data, cb)
            for measure in MEASURES:
                truth = survey.truth[measure]
                n_planted[measure] = len(set(truth.values()))
                for w, found in partitions(data, cb, measure=measure, min_n=args.min_n, seed=k).items():
                    res[measure][signal][w].append((ari(found, truth, codes), max(found.values())))
                    for v in misplaced(found, truth, codes):
                        wrong[measure][w][v] += 1
    elapsed = time.perf_counter() - t0

    print("# Planted-partition recovery by edge weighting\n")
    print(
        f"{n_seeds} surveys per signal (generate(signal=s, seed=k), k = 1..{n_seeds}; 268 respondents), "
        f"min_n = {args.min_n}, Louvain engine networkx, resolution 1, seed k. "
        f"Cell: mean ARI against the planted blocks over all {len(codes)} codes "
        "(share of seeds with ARI = 1; mean number of clusters found).\n"
    )
    best = {}
    for measure in MEASURES:
        planted = n_planted[measure]
        print(f"## measure = {measure!r} vs truth[{measure!r}] ({planted} planted blocks)\n")
        print("| signal | " + " | ".join(WEIGHTINGS) + " |")
        print("|---:|" + "---|" * len(WEIGHTINGS))
        for signal in args.signals:
            cells = []
            for w in WEIGHTINGS:
                r = np.array(res[measure][signal][w])
                cells.append(f"{r[:, 0].mean():.3f} ({np.mean(r[:, 0] > 1 - 1e-12):.0%}; k {r[:, 1].mean():.1f})")
            print(f"| {signal:g} | " + " | ".join(cells) + " |")
        overall = {w: float(np.mean([np.mean([a for a, _ in res[measure][s][w]]) for s in args.signals])) for w in WEIGHTINGS}
        print("| **mean over signals** | " + " | ".join(f"**{overall[w]:.3f}**" for w in WEIGHTINGS) + " |")
        best[measure] = max(overall, key=overall.get)
        runs = len(args.signals) * n_seeds
        print(f"\nMost often misplaced codes (in a cluster whose majority block is not theirs; of {runs} runs):")
        for w in WEIGHTINGS:
            top = sorted(wrong[measure][w].items(), key=lambda kv: (-kv[1], codes.index(kv[0])))[:5]
            print(f"- {w}: " + (", ".join(f"{v} ({n})" for v, n in top) or "none"))
        print(f"\nBest weighting for {measure}: **{best[measure]}** (mean ARI {overall[best[measure]]:.3f} averaged over signals)\n")

    # Overall: both measures, all signals.
    total = {
        w: float(np.mean([np.mean([a for a, _ in res[m][s][w]]) for m in MEASURES for s in args.signals])) for w in WEIGHTINGS
    }
    ranking = sorted(total, key=total.get, reverse=True)
    print(
        "Best weighting overall (mean ARI averaged over signals and both measures): **"
        + ranking[0]
        + "**; ranking "
        + ", ".join(f"{w} {total[w]:.3f}" for w in ranking)
    )
    print(f"\n({len(args.signals) * n_seeds} surveys, {elapsed:.1f} s)")


if __name__ == "__main__":
    main()
