"""Benchmarks of the wave comparison (integraatio.twowaves, ``integraatio waves``).

(a) Run time (wall and CPU): ``integraatio.waves`` on a synthetic pair of the shipped size (268 and 240
    respondents) with its defaults (200 bootstrap replicates per wave, 9999 permutations,
    figures and report), median of 3.
(b) Power: on pairs with the design's planted change (``[second_wave]``), the share of the
    changed cells (tested in both waves) flagged at q < 0.05, the share of flagged cells not
    planted, how often the moved group is reported as moved (in at least 90 % of the
    bootstrap replicate pairs), and how often another group is, over seeds.
(c) Calibration: on pairs drawn from one population (no change), the share of tested cells
    flagged at q < 0.05 and the share with p < 0.05, over seeds; the p-values' distribution
    and the per-seed flagged share are drawn in ``waves_calibration.png``.

Usage::

    .venv/bin/python benchmarks/bench_waves.py            # about 3 min on 2 cores
    .venv/bin/python benchmarks/bench_waves.py --quick    # fewer seeds
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from integraatio import compare_waves, load_codebook, waves
from integraatio.analysis import analyse_scores
from integraatio.survey import write_survey
from integraatio.synth import generate_waves
from integraatio.twowaves.change import cell_change
from integraatio.twowaves.scale import common_scores

CB = load_codebook()


def run_time(repeats: int) -> float:
    folder = Path(tempfile.mkdtemp())
    base, new = generate_waves(seed=1)
    write_survey(base.data, folder / "base.csv")
    write_survey(new.data, folder / "new.csv")
    times, cpu = [], []
    for i in range(repeats):
        start, used = time.perf_counter(), time.process_time()
        waves(folder / "base.csv", folder / "new.csv", out=folder / f"w{i}", lang="en", seed=1)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return statistics.median(times), statistics.median(cpu)


def power(seeds: range) -> list[tuple[float, float, bool]]:
    rows = []
    for seed in seeds:
        base, new = generate_waves(seed=seed)
        change = new.parameters["change"]
        w = compare_waves(base.data, new.data, codebook=CB, replicates=20, permutations=9999, seed=seed)
        t = w.cells.table.loc[~w.cells.table["suppressed"]]
        planted = set(map(tuple, change["changed_cells"])) & set(zip(t["own_group"], t["target_group"]))
        flagged = set(zip(t.loc[t["q_value"] < 0.05, "own_group"], t.loc[t["q_value"] < 0.05, "target_group"]))
        share = w.summary["moved_share"]
        others = [share[g] for g in w.summary["moved"] if g not in change["move"]]
        rows.append((len(flagged & planted) / len(planted), len(flagged - planted) / max(len(flagged), 1),
                     all(g in share and share[g] >= 0.9 for g in change["move"]), len(others),
                     max(others, default=0.0)))
    return rows


def calibration(seeds: range) -> tuple[list[float], np.ndarray]:
    shares, ps = [], []
    for seed in seeds:
        base, new = generate_waves(change={}, respondents=268, seed=1000 + seed)
        a = [analyse_scores(s, codebook=CB, seed=1) for s in common_scores(base.data, new.data)]
        t = cell_change(*a, permutations=999, seed=seed).table.dropna(subset=["p_value"])
        shares.append(float((t["q_value"] < 0.05).mean()))
        ps.append(t["p_value"].to_numpy())
    return shares, np.concatenate(ps)


def draw(shares: list[float], p: np.ndarray, path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.hist(p, bins=20, range=(0, 1), color="#0072B2", edgecolor="white")
    left.axhline(len(p) / 20, color="0.3", linestyle="--", linewidth=1)
    left.set(xlabel="p-value (cells of all null pairs)", ylabel="cells", title="Null pairs: p-values (uniform = dashed)")
    right.plot(range(1, len(shares) + 1), shares, "o", color="#0072B2")
    right.axhline(0.05, color="#d62728", linestyle="--", linewidth=1, label="nominal 0.05")
    right.set(xlabel="seed", ylabel="share of cells with q < 0.05", ylim=(-0.005, 0.06),
              title="Null pairs: share flagged")
    right.legend(frameon=False)
    fig.savefig(path, dpi=150)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default="waves_calibration.png")
    args = parser.parse_args()
    wall, cpu = run_time(1 if args.quick else 3)
    print(f"(a) integraatio waves, defaults, shipped size: {wall:.1f} s wall, {cpu:.1f} s CPU (median; the first "
          "run includes the imports)")
    rows = power(range(1, 4 if args.quick else 11))
    found, false, moved, others, other_share = (np.array(c, dtype=float) for c in zip(*rows))
    print(f"(b) power over {len(rows)} seeds: {found.mean():.2f} of the changed cells found (min {found.min():.2f}); "
          f"{false.mean():.3f} of flagged cells not planted; the moved group reported as moved in at least 90% of "
          f"bootstrap pairs in {int(moved.sum())} of {len(rows)}; another group reported as moved in "
          f"{int((others > 0).sum())} of {len(rows)}, in at most {other_share.max():.0%} of bootstrap pairs")
    shares, p = calibration(range(5 if args.quick else 30))
    print(f"(c) calibration over {len(shares)} null pairs: share flagged at q < 0.05 mean {np.mean(shares):.4f} "
          f"(max {max(shares):.4f}); share of cells with p < 0.05: {np.mean(p < 0.05):.4f} of {len(p)}")
    draw(shares, p, Path(args.out))
    print(f"figure: {args.out}")


if __name__ == "__main__":
    main()
