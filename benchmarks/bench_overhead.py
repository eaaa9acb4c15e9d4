"""Where a run's time goes besides the analysis: start-up and outputs.

(a) ``integraatio --help`` against ``python -c "import typer, rich"`` (the floor of any
    typer command line). Target: within 3x.
(b) ``integraatio run`` on the shipped survey against the same run with ``--no-figures
    --no-exports --no-report``. Expected: about 2x (the figures are drawn one after another;
    issue 25 withdrew the 1.5x target that a process pool was built for).

Each pair is timed interleaved (a, b, a, b, ...) in one process tree, as subprocesses,
and the medians and their ratio are printed: the machines are noisy, so only ratios
measured in one run mean anything.

Usage::

    .venv/bin/python benchmarks/bench_overhead.py            # about 1.5 min
    .venv/bin/python benchmarks/bench_overhead.py --repeats 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _seconds(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _pair(first: list[str], second: list[str], repeats: int, before=lambda: None) -> tuple[float, float]:
    a, b = [], []
    for _ in range(repeats):
        before()
        a.append(_seconds(first))
        before()
        b.append(_seconds(second))
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    cli = [str(BIN / "integraatio")]

    floor, helped = _pair([sys.executable, "-c", "import typer, rich"], [*cli, "--help"], 3 * repeats)
    print(f"(a) import typer, rich: {floor:.3f} s; integraatio --help: {helped:.3f} s; "
          f"ratio {helped / floor:.2f}x (target <= 3x)")

    with tempfile.TemporaryDirectory() as tmp:
        full_out, bare_out = Path(tmp) / "full", Path(tmp) / "bare"

        def clean() -> None:
            shutil.rmtree(full_out, ignore_errors=True)
            shutil.rmtree(bare_out, ignore_errors=True)

        full, bare = _pair([*cli, "run", "--out", str(full_out)],
                           [*cli, "run", "--out", str(bare_out), "--no-figures", "--no-exports", "--no-report"],
                           repeats, before=clean)
    print(f"(b) integraatio run: {full:.2f} s; without figures, exports and report: {bare:.2f} s; "
          f"ratio {full / bare:.2f}x (expected about 2x)")


if __name__ == "__main__":
    main()
