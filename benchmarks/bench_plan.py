"""Wall time of ``integraatio plan`` on the shipped survey (issue 16: "a few minutes on 2 cores").

Runs, through the command line (one subprocess each, so imports are counted):

(a) the default grid (5, 10, 15, 20, 30, 50 respondents per group, 200 simulated surveys
    each) on the shipped survey;
(b) the same with ``--effect 15 --compare-by size_class --organisations 40`` (one
    comparison with 999 relabellings per simulated survey as well).

Prints each run's wall time and the plan table of (a); ``--keep DIR`` keeps the folders
(``DIR/plan`` holds the README's figure, ``figures/plan.png``).

Usage::

    .venv/bin/python benchmarks/bench_plan.py               # about 2 to 4 minutes
    .venv/bin/python benchmarks/bench_plan.py --quick       # 20 surveys per size
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "integraatio")]  # the console script of this environment


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*CLI, "plan", *args], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"integraatio plan {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 simulated surveys per size instead of 200")
    parser.add_argument("--keep", type=Path, help="keep the plan folders under this folder")
    options = parser.parse_args()
    base = options.keep or Path(tempfile.mkdtemp())
    base.mkdir(parents=True, exist_ok=True)
    replicates = ["--replicates", "20"] if options.quick else []
    plain = _run(["--out", str(base / "plan"), "--lang", "en", *replicates])
    print(f"(a) default grid, shipped survey: {plain:.1f} s")
    power = _run(["--out", str(base / "plan_power"), "--lang", "en", "--effect", "15", "--compare-by", "size_class",
                  "--organisations", "40", *replicates])
    print(f"(b) with --effect 15 --compare-by size_class --organisations 40: {power:.1f} s")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.precision", 3):
        print(pd.read_csv(base / "plan" / "plan.csv").drop(columns=["effect", "power", "power_unadjusted"]).to_string(index=False))
        print(pd.read_csv(base / "plan_power" / "plan.csv")[["respondents_per_group", "organisations", "power",
                                                              "power_unadjusted"]].to_string(index=False))


if __name__ == "__main__":
    main()
