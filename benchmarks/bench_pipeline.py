"""Wall-time benchmarks of the pipeline.

(a) ``integraatio run --out <tmpdir>`` on the shipped survey through the command line
    (subprocess, median of 3), with ``--no-figures`` and a bare ``import integraatio.cli``
    for comparison. Skipped with a message when ``survey_data/synthetic_survey.csv`` is
    not there yet.

(b) The scoring + aggregation step on a generated ~5,000,000-row long table
    (``generate(respondents=238_100, invited=300_000, seed=1)``, 21 targets per
    respondent), in the form the reader produces (``row``, "can't say" codes as <NA>,
    ``own_group``/``target_group`` categoricals over the codebook codes):

    (i)  library: ``score(data)`` + ``pair_table(scores.cells, codes=codes, min_n=5)``, the path analyse() takes;
    (ii) a plain numpy baseline doing the same arithmetic on pre-extracted arrays:
         z-score of the three items over the complete non-self rows (ddof = 1), mean of
         the z, rescale to 100 / 40, then ``np.bincount`` count + sum into own*G+target.

    Median of 5 warm repeats each (interleaved), the ratio (goal: library within 3x of the
    baseline), peak extra memory (tracemalloc, separate untimed run) and the largest
    absolute difference between the two sets of cell means. When the ratio is above 3x
    (or with ``--profile``) the library step is run once under cProfile and the functions
    where the time goes are printed.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py               # about 1.5 min
    .venv/bin/python benchmarks/bench_pipeline.py --quick       # 500k rows, 1 CLI run
    .venv/bin/python benchmarks/bench_pipeline.py --skip-cli --profile
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from integraatio.codebook import ITEMS, Codebook, load_codebook
from integraatio.composite import score
from integraatio.datasets import survey_path
from integraatio.matrix import pair_table
from integraatio.synth import generate

CENTER, SPREAD = 100.0, 40.0
TARGET_RATIO = 3.0


def median_time(fn, repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


# --------------------------------------------------------------------------------- (a) CLI
def bench_cli(runs: int) -> None:
    print("## (a) `integraatio run` on the shipped survey (command line, subprocess)\n")
    survey = survey_path()
    if not survey.is_file():
        print(f"SKIPPED: {survey} does not exist yet (the shipped survey is not there).\n")
        return
    exe = Path(sys.executable).with_name("integraatio")
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-c", "from integraatio.cli import app; app()"]
    py = sys.executable

    def timed(args: list[str]) -> float:
        t = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True)
        elapsed = time.perf_counter() - t
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
        return elapsed

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("integraatio run --out DIR", lambda i: [*cmd, "run", "--out", f"{tmp}/run{i}"]),
            ("integraatio run --out DIR --no-figures", lambda i: [*cmd, "run", "--no-figures", "--out", f"{tmp}/nofig{i}"]),
            ("python -c 'import integraatio.cli'", lambda i: [py, "-c", "import integraatio.cli"]),
            ("python -c 'import integraatio'", lambda i: [py, "-c", "import integraatio"]),
            ("python -c 'pass' (interpreter start)", lambda i: [py, "-c", "pass"]),
        ]
        for label, make in cases:
            try:
                times = [timed(make(i)) for i in range(runs)]
            except RuntimeError as err:
                print(f"FAILED: {err}\n")
                rows.append((label, "failed", ""))
                continue
            rows.append((label, fmt_s(statistics.median(times)), ", ".join(f"{t:.2f}" for t in times)))
        files = sorted(p.name for p in Path(f"{tmp}/run0").glob("*")) if Path(f"{tmp}/run0").is_dir() else []
    print(f"Survey: {survey} ({sum(1 for _ in survey.open(encoding='utf-8')) - 1} rows); median of {runs} runs.\n")
    print("| command | median | runs (s) |")
    print("|---|---:|---|")
    for r in rows:
        print(f"| `{r[0]}` | {r[1]} | {r[2]} |")
    print(f"\nFiles written by `run`: {', '.join(files)}\n")


# ------------------------------------------------------------------------- (b) 5M rows
def make_table(codebook: Codebook, respondents: int, invited: int, seed: int, form: str) -> pd.DataFrame:
    """The generated long table as the reader gives it (not timed)."""
    data = generate(codebook=codebook, respondents=respondents, invited=invited, seed=seed).data
    if form == "reader":
        try:
            from integraatio.survey import read_survey

            return read_survey(data, codebook=codebook).data
        except Exception as err:  # the reader is being developed in parallel; fall back
            print(f"note: read_survey(DataFrame, codebook=load_codebook()) failed ({type(err).__name__}: {str(err)[:200]}); converting by hand.")
    codes = codebook.codes
    missing = list(codebook.scale.missing)
    for item in ITEMS:
        data[item] = data[item].mask(data[item].isin(missing))
    dtype = pd.CategoricalDtype(codes)
    data["own_group"] = data["own_group"].astype(dtype)
    data["target_group"] = data["target_group"].astype(dtype)
    if "size_class" not in data:
        data.insert(data.columns.get_loc("municipality") + 1, "size_class", data["municipality"].map(codebook.municipalities))
    data.insert(0, "row", np.arange(len(data)) + 2)
    return data


def extract(data: pd.DataFrame, codes: list[str]) -> dict[str, np.ndarray]:
    """Plain numpy arrays for the baseline (not timed)."""
    own = data["own_group"]
    target = data["target_group"]
    assert list(own.cat.categories) == list(codes) and list(target.cat.categories) == list(codes)
    arrays = {item: data[item].to_numpy(dtype=float, na_value=np.nan) for item in ITEMS}
    arrays["own"] = own.cat.codes.to_numpy(np.int64)
    arrays["target"] = target.cat.codes.to_numpy(np.int64)
    return arrays


def baseline(a: dict[str, np.ndarray], g: int) -> tuple[np.ndarray, np.ndarray]:
    """Same arithmetic as score() + pair_table() in plain numpy: cell counts and means."""
    f, r, n = a["frequency"], a["reciprocity"], a["need"]
    ok = ~(np.isnan(f) | np.isnan(r) | np.isnan(n)) & (a["own"] != a["target"])
    c = np.zeros(int(ok.sum()))
    for x in (f, r, n):
        xs = x[ok]
        c += (xs - xs.mean()) / xs.std(ddof=1)
    c /= 3.0
    y = CENTER + SPREAD * (c - c.mean()) / c.std(ddof=1)
    key = a["own"][ok] * g + a["target"][ok]
    count = np.bincount(key, minlength=g * g)
    total = np.bincount(key, weights=y, minlength=g * g)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
    return count, mean


def library(data: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    scores = score(data)
    return pair_table(scores.cells, codes=codes, min_n=5)


def peak_extra_memory(fn) -> float:
    """Peak bytes allocated above the starting point while fn runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    start, _ = tracemalloc.get_traced_memory()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak - start


def profile_library(data: pd.DataFrame, codes: list[str], top: int) -> None:
    prof = cProfile.Profile()
    prof.enable()
    library(data, codes)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    total = stats.total_tt
    print(f"\n### cProfile of the library step (one run, {total:.2f} s under the profiler)\n")
    # Our own functions (and their list comprehensions), by cumulative time.
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
        if "integraatio" in file:
            rows.append((ct, tt, f"{Path(file).name}:{line}({name})", nc))
    rows.sort(reverse=True)
    print("| integraatio function | cumulative | own time | calls |")
    print("|---|---:|---:|---:|")
    for ct, tt, where, nc in rows[:top]:
        print(f"| `{where}` | {ct:.3f} s | {tt:.3f} s | {nc} |")
    rows = sorted(
        ((tt, ct, (f"{Path(file).parent.name}/{Path(file).name}:{line}({name})" if line else name), nc)
         for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items()),
        reverse=True,
    )
    print("\n| any function, by own time | own time | cumulative | calls |")
    print("|---|---:|---:|---:|")
    for tt, ct, where, nc in rows[:top]:
        print(f"| `{where}` | {tt:.3f} s | {ct:.3f} s | {nc} |")


def bench_aggregation(args: argparse.Namespace) -> None:
    cb = load_codebook()
    codes = cb.codes
    g = len(codes)
    print("## (b) Scoring + aggregation of a large long table\n")
    t = time.perf_counter()
    data = make_table(cb, args.respondents, args.invited, args.seed, args.form)
    arrays = extract(data, codes)
    prep = time.perf_counter() - t
    mem = data.memory_usage(deep=True).sum() / 1e6
    print(
        f"Table: generate(respondents={args.respondents:_}, invited={args.invited:_}, seed={args.seed}) -> "
        f"{len(data):,} rows x {data.shape[1]} columns ({mem:,.0f} MB deep), form '{args.form}', "
        f"prepared in {prep:.1f} s (not timed).\n"
        f"dtypes: {', '.join(f'{c} {d}' for c, d in data.dtypes.items())}\n"
    )

    # Warm up both, then interleave the timed repeats so that machine noise hits both alike.
    library(data, codes)
    baseline(arrays, g)
    lib_t, base_t, score_t, pair_t = [], [], [], []
    for _ in range(args.repeats):
        gc.collect()
        t0 = time.perf_counter()
        s = score(data)
        t1 = time.perf_counter()
        pairs = pair_table(s.cells, codes=codes, min_n=5)
        t2 = time.perf_counter()
        score_t.append(t1 - t0)
        pair_t.append(t2 - t1)
        lib_t.append(t2 - t0)
        del s
        gc.collect()
        t0 = time.perf_counter()
        count, mean = baseline(arrays, g)
        base_t.append(time.perf_counter() - t0)
    lib_med, base_med = statistics.median(lib_t), statistics.median(base_t)
    ratio = lib_med / base_med

    lib_mem = peak_extra_memory(lambda: library(data, codes)) if not args.no_memory else float("nan")
    base_mem = peak_extra_memory(lambda: baseline(arrays, g)) if not args.no_memory else float("nan")

    # Agreement: same cells, same counts, same means.
    lib_n = np.zeros(g * g, dtype=np.int64)
    lib_mean = np.full(g * g, np.nan)
    key = pd.Index(codes).get_indexer(pairs["own_group"].astype(str)) * g + pd.Index(codes).get_indexer(
        pairs["target_group"].astype(str)
    )
    lib_n[key] = pairs["n"].to_numpy()
    lib_mean[key] = pairs["mean"].to_numpy(dtype=float)
    shown = count >= 5
    diff = np.abs(lib_mean[shown] - mean[shown])
    counts_equal = bool(np.array_equal(lib_n, count))
    suppressed_equal = bool(np.array_equal(np.isnan(lib_mean) & (lib_n > 0), (count > 0) & ~shown))

    print(f"Median of {args.repeats} warm repeats (interleaved); peak extra memory from tracemalloc (separate run).\n")
    print("| step | median | runs (s) | peak extra memory |")
    print("|---|---:|---|---:|")
    mb = lambda b: f"{b / 1e6:,.0f} MB" if b == b else "n/a"
    print(f"| (i) library: score() + pair_table() | **{fmt_s(lib_med)}** | {', '.join(f'{x:.3f}' for x in lib_t)} | {mb(lib_mem)} |")
    print(f"|   of which score() | {fmt_s(statistics.median(score_t))} | {', '.join(f'{x:.3f}' for x in score_t)} | |")
    print(f"|   of which pair_table() | {fmt_s(statistics.median(pair_t))} | {', '.join(f'{x:.3f}' for x in pair_t)} | |")
    print(f"| (ii) numpy baseline | **{fmt_s(base_med)}** | {', '.join(f'{x:.3f}' for x in base_t)} | {mb(base_mem)} |")
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"\nRatio library / baseline: **{ratio:.1f}x** ({verdict} the {TARGET_RATIO:g}x goal)")
    print(
        f"Agreement: {int(shown.sum())} shown cells, max |mean diff| = {diff.max():.3e}; "
        f"counts equal: {counts_equal}; suppressed cells equal: {suppressed_equal}"
    )
    if args.profile or ratio > TARGET_RATIO:
        profile_library(data, codes, args.top)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cli-runs", type=int, default=3, help="runs of each CLI command (default 3)")
    p.add_argument("--skip-cli", action="store_true", help="skip part (a)")
    p.add_argument("--skip-aggregation", action="store_true", help="skip part (b)")
    p.add_argument("--respondents", type=int, default=238_100)
    p.add_argument("--invited", type=int, default=300_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5, help="timed repeats in (b) (default 5)")
    p.add_argument("--form", choices=("reader", "manual"), default="reader",
                   help="reader: pass the generated table through read_survey(, codebook=load_codebook()); manual: convert by hand")
    p.add_argument("--profile", action="store_true", help="profile the library step even if within the goal")
    p.add_argument("--top", type=int, default=15, help="rows of the profile tables")
    p.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    p.add_argument("--quick", action="store_true", help="1 CLI run, 500k-row table, 3 repeats")
    args = p.parse_args(argv)
    if args.quick:
        args.cli_runs, args.respondents, args.invited, args.repeats = 1, 23_810, 30_000, 3

    print("# integraatio pipeline benchmark\n")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs\n")
    t = time.perf_counter()
    if not args.skip_cli:
        bench_cli(args.cli_runs)
    if not args.skip_aggregation:
        bench_aggregation(args)
    print(f"\n(total {time.perf_counter() - t:.0f} s)")


if __name__ == "__main__":
    main()
