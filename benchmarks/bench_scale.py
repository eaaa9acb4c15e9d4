"""How a bare run scales with the survey's size, against the floor of the same job (issue 26).

For each size (default 2,680, 26,800 and 268,000 respondents, 21 ratings each) a synthetic
survey is drawn once with :func:`integraatio.synth.generate` and written as CSV to a temp
folder. Then, as subprocesses, interleaved:

- the run: ``integraatio run FILE --no-figures --no-exports --no-report``;
- the floor: this script's ``--floor FILE``, a process that does the arithmetic the run
  cannot avoid with nothing else: ``pandas.read_csv`` (C engine) of the whole file, the
  composite in numpy (z of each item over the complete non-self ratings, mean, rescale to
  100 / 40) and the cell counts and means by ``np.bincount``.

Printed per size: the best wall time of each (interpreter start included in both), the
ratio run / floor, and each one's peak resident memory (``ru_maxrss`` of that child, from
``os.wait4``). The issue's target at 268,000: the run within 3x the floor, under 10 s on a
quiet machine, under 2 GB.

Usage::

    .venv/bin/python benchmarks/bench_scale.py                      # a few minutes
    .venv/bin/python benchmarks/bench_scale.py --sizes 2680,26800 --repeats 5
    .venv/bin/python benchmarks/bench_scale.py --against /tmp/before   # and the integraatio in /tmp/before

``--against DIR`` runs the same command with the ``integraatio`` package of ``DIR`` (e.g.
``git archive`` of an earlier commit) in the same rounds, for a before / after table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

BIN = Path(sys.executable).parent
ITEMS = ("frequency", "reciprocity", "need")
RATIO, SECONDS, MEMORY = 3.0, 10.0, 2.0  # the targets at the largest size (x, s, GB)


def floor(path: Path, missing: list[int]) -> None:
    """The job's floor on one survey file (``missing``: the "can't say" codes); prints the cells rated."""
    data = pd.read_csv(path, engine="c", dtype={"own_group": "category", "target_group": "category"})
    codes = pd.Index(data["own_group"].cat.categories).union(data["target_group"].cat.categories)
    groups = pd.CategoricalDtype(codes)
    own = data["own_group"].astype(groups).cat.codes.to_numpy(np.int64)
    target = data["target_group"].astype(groups).cat.codes.to_numpy(np.int64)
    x = np.stack([data[c].to_numpy(dtype=float, na_value=np.nan) for c in ITEMS])
    x[np.isin(x, missing)] = np.nan
    ok = ~np.isnan(x).any(axis=0) & (own != target)
    z = x[:, ok]
    z = (z - z.mean(axis=1, keepdims=True)) / z.std(axis=1, ddof=1, keepdims=True)
    c = z.mean(axis=0)
    y = 100.0 + 40.0 * (c - c.mean()) / c.std(ddof=1)
    key = own[ok] * len(codes) + target[ok]
    count = np.bincount(key, minlength=len(codes) ** 2)
    total = np.bincount(key, weights=y, minlength=len(codes) ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
    print(int(np.isfinite(mean).sum()))


def measured(args: list[str], code: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident GB of one subprocess (``code``: a folder whose integraatio it imports)."""
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{' '.join(args)} exited {child.returncode}:\n{child.stderr.read().decode()[-2000:]}")
    child.stderr.close()
    return seconds, usage.ru_maxrss / 2**20  # KiB on Linux


def survey_file(respondents: int, folder: Path) -> Path:
    """A synthetic survey of this many respondents (invited in the shipped study's proportion) as CSV.

    Drawn in a child process: Linux keeps a process's peak memory across ``exec``, so every
    later child of this one would report at least this process's size with the survey in it.
    """
    path = folder / f"survey_{respondents}.csv"
    code = ("import sys\nfrom integraatio.synth import generate\nn = int(sys.argv[1])\n"
            "generate(respondents=n, invited=n * 719 // 268 + 1, seed=1).data.to_csv(sys.argv[2], index=False)")
    subprocess.run([sys.executable, "-c", code, str(respondents), str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2680,26800,268000", help="respondents, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each (the best is shown)")
    parser.add_argument("--against", type=Path, help="a folder holding another integraatio package, run as well")
    # The floor's own subprocess, which imports nothing of integraatio.
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--missing", default="", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.floor:
        return floor(options.floor, [int(m) for m in options.missing.split(",") if m])
    from integraatio.codebook import load_codebook

    missing = ",".join(str(m) for m in load_codebook().scale.missing)
    against = options.against.resolve() if options.against else None
    other = " against (s) | against / floor | against peak (GB) |" if against else ""
    print(f"| respondents | ratings | run (s) | floor (s) | run / floor | run peak (GB) | floor peak (GB) |{other}")
    print("|---:|---:|---:|---:|---:|---:|---:|" + "---:|---:|---:|" * bool(against))
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in options.sizes.split(",")):
            path = survey_file(n, Path(tmp))
            run = [str(BIN / "integraatio"), "run", str(path), "--out", f"{tmp}/out", "--no-figures", "--no-exports",
                   "--no-report"]
            runs, floors, others = [], [], []
            for _ in range(options.repeats):  # interleaved: a busy spell slows each of them alike
                runs.append(measured(run))
                floors.append(measured([sys.executable, __file__, "--floor", str(path), "--missing", missing]))
                if against:
                    others.append(measured(run, against))
            (seconds, peak), (base, base_peak) = min(runs), min(floors)
            row = f"| {n:,} | {n * 21:,} | {seconds:.2f} | {base:.2f} | {seconds / base:.1f}x | {peak:.2f} | {base_peak:.2f} |"
            if against:
                (then, then_peak) = min(others)
                row += f" {then:.2f} | {then / base:.1f}x | {then_peak:.2f} |"
            print(row, flush=True)
            path.unlink()
    print(f"\nTargets at the largest size: run / floor <= {RATIO:g}x, run <= {SECONDS:g} s, peak < {MEMORY:g} GB.")


if __name__ == "__main__":
    main()
