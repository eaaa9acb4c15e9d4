"""Wall time of ``integraatio plan`` on the shipped survey (issue 16: "a few minutes on 2 cores";
issue 26: the surveys of a size analysed together, "within 10 s").

Runs, through the command line (one subprocess each, so imports are counted):

(a) the default grid (5, 10, 15, 20, 30, 50 respondents per group, 200 simulated surveys
    each) on the shipped survey;
(b) the same with ``--effect 15 --compare-by size_class --organisations 40`` (one
    comparison with 999 relabellings per simulated survey as well).

Then, in this process, the default grid again with each size's time (from the plan's
progress: a size's draws, scoring, aggregation and clustering).

Prints each run's wall time, the per-size times and the plan table of (a). With
``--against DIR`` (a folder holding another ``integraatio`` package and ``survey_data``,
e.g. ``git archive main integraatio survey_data | tar -x -C DIR``) (a) and (b) run with that code too,
side by side, and the largest difference between the two ``plan.csv`` is printed (the
same seed gives the same surveys). ``--keep DIR`` keeps the folders (``DIR/plan`` holds
the README's figure, ``figures/plan.png``).

Usage::

    .venv/bin/python benchmarks/bench_plan.py               # about 20 s (this code)
    .venv/bin/python benchmarks/bench_plan.py --quick       # 20 surveys per size
    .venv/bin/python benchmarks/bench_plan.py --against /tmp/before   # and the code in /tmp/before (minutes)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# The command line of whichever integraatio is first on PYTHONPATH (the console script
# would always load this checkout's).
CLI = [sys.executable, "-c", "from integraatio.cli import app; app()"]


def _run(args: list[str], code: Path) -> float:
    """Wall time of ``integraatio plan ARGS`` with the package in ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    done = subprocess.run([*CLI, "plan", *args], cwd=code, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"integraatio plan {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def _per_size(replicates: int) -> tuple[dict[int, float], float]:
    """Each size's seconds in one default-grid plan in this process, and the plan's total."""
    from integraatio.planning import DEFAULT_SIZES, plan
    from integraatio.reporter import Reporter

    stamps: list[float] = []

    class Clock(Reporter):
        @contextmanager
        def progress(self, description, total):
            stamps.append(time.perf_counter())
            yield lambda k: stamps.append(time.perf_counter())

    start = time.perf_counter()
    plan(replicates=replicates, reporter=Clock(), seed=1)
    total = time.perf_counter() - start
    ends = [stamps[0], *stamps[replicates::replicates]]  # the last survey of each size
    return dict(zip(DEFAULT_SIZES, np.diff(ends).tolist())), total


def _largest_difference(a: Path, b: Path) -> float:
    x, y = pd.read_csv(a / "plan.csv"), pd.read_csv(b / "plan.csv")
    numbers = x.select_dtypes("number").columns
    return float(np.nanmax((x[numbers] - y[numbers]).abs().to_numpy(), initial=0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 simulated surveys per size instead of 200")
    parser.add_argument("--keep", type=Path, help="keep the plan folders under this folder")
    parser.add_argument("--against", type=Path, help="a folder holding another integraatio package to time as well")
    options = parser.parse_args()
    base = options.keep or Path(tempfile.mkdtemp())
    base.mkdir(parents=True, exist_ok=True)
    replicates = 20 if options.quick else 200
    runs = {"plan": ["--lang", "en", "--replicates", str(replicates)]}
    runs["plan_power"] = [*runs["plan"], "--effect", "15", "--compare-by", "size_class", "--organisations", "40"]
    codes = {"this code": ROOT, **({"against": options.against.resolve()} if options.against else {})}
    for label, (name, args) in zip(("(a) default grid, shipped survey", "(b) with --effect 15 --compare-by size_class "
                                    "--organisations 40"), runs.items()):
        times = {who: _run(["--out", str(base / f"{name}{suffix}"), *args], code)
                 for (who, code), suffix in zip(codes.items(), ("", "_against"))}
        print(f"{label}: " + ", ".join(f"{who} {s:.1f} s" for who, s in times.items()))
        if options.against:
            print(f"    largest difference of plan.csv: {_largest_difference(base / name, base / f'{name}_against'):.2g}")
    sizes, total = _per_size(replicates)
    print(f"(c) default grid in this process: {total:.1f} s; per size ("
          + ", ".join(f"{n}: {s:.2f} s" for n, s in sizes.items()) + ")")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.precision", 3):
        print(pd.read_csv(base / "plan" / "plan.csv").drop(columns=["effect", "power", "power_unadjusted"]).to_string(index=False))
        print(pd.read_csv(base / "plan_power" / "plan.csv")[["respondents_per_group", "organisations", "power",
                                                                "power_unadjusted"]].to_string(index=False))


if __name__ == "__main__":
    main()
