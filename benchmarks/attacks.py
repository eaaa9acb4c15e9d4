"""The attacks of issue 21 with many targets, with the defences off and on.

Plays every attack of tests/test_disclosure_attacks.py (the same functions, on the same
kind of survey built for it, reading only published files) over ``--seeds`` surveys each,
first with the defences off (``integraatio.disclosure.NOISE = 0.0``, ``AUDIT = False``:
"before") and then as the package ships ("after"), and prints one table: per attack and
phase the number of targets, how many were recovered within 10 index points, within 1
point and exactly (error below 1e-6), and the median absolute error. The lattice attack is
at item level: its targets are published cells, "exact" counts the cells whose three
integer item totals were all decoded right.

A switch that ``integraatio.disclosure`` does not have is set all the same, and changes
nothing: before issue 21's defences both phases print the same figures; where only one
switch exists, "before" has the other defence on. Rounding has no switch.

Usage::

    .venv/bin/python benchmarks/attacks.py               # 10 surveys per attack, ~2 min
    .venv/bin/python benchmarks/attacks.py --seeds 3     # a quick look
    .venv/bin/python benchmarks/attacks.py --only levels,floor
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import test_disclosure_attacks as attacks  # noqa: E402  (the attacks live beside their tests)

from integraatio import disclosure  # noqa: E402

_MISSING = object()


@contextlib.contextmanager
def defences(on: bool):
    """The disclosure module's switches as shipped (``on``) or set to :data:`DEFENCE_OFF`."""
    saved = {k: getattr(disclosure, k, _MISSING) for k in attacks.DEFENCE_OFF}
    if not on:
        for k, v in attacks.DEFENCE_OFF.items():
            setattr(disclosure, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is _MISSING:
                if hasattr(disclosure, k):
                    delattr(disclosure, k)
            else:
                setattr(disclosure, k, v)


def row(name: str, phase: str, outcome: attacks.Outcome, seconds: float) -> str:
    if outcome.items:
        hits = int(np.all(outcome.estimates == outcome.truth, axis=-1).sum())
        n = len(outcome.truth)
        return f"{name:<16} {phase:<7} {n:>7}  {'-':>9}  {'-':>9}  {hits:>4} ({hits / n:4.0%})  {'-':>9}  {seconds:6.1f}"
    e = outcome.errors()
    n = len(e)
    within10, within1, exact = int((e < 10).sum()), int((e < 1).sum()), int((e < 1e-6).sum())
    return (f"{name:<16} {phase:<7} {n:>7}  {within10:>4} ({within10 / n:3.0%})  {within1:>4} ({within1 / n:3.0%})  "
            f"{exact:>4} ({exact / n:4.0%})  {np.median(e):9.2f}  {seconds:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10, help="surveys per attack (default 10)")
    parser.add_argument("--only", default="", help="comma list of attacks (default all: " + ", ".join(attacks.ATTACKS) + ")")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(attacks.ATTACKS)
    present = {k: hasattr(disclosure, k) for k in attacks.DEFENCE_OFF}
    print("defence switches in integraatio.disclosure: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in present.items())
          + ("" if any(present.values()) else " (before = after)") + f"; {args.seeds} surveys per attack")
    print(f"{'attack':<16} {'phase':<7} {'targets':>7}  {'<10 pts':>9}  {'<1 pt':>9}  {'exact':>11}  "
          f"{'median':>9}  {'s':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            for phase, on in (("before", False), ("after", True)):
                start = time.perf_counter()
                with defences(on):
                    outcome = attacks.play(name, Path(tmp) / name / phase, seeds=range(1, args.seeds + 1))
                print(row(name, phase, outcome, time.perf_counter() - start), flush=True)


if __name__ == "__main__":
    main()
