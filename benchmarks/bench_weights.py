"""Do non-response weights help? Pooled cell means against the population truth.

A population of two organisations per task group (A: 60 task holders, of whom 4 answer and
who need less; B: 20, of whom 8 answer and who need more: the eager answer more) is drawn
with ``integraatio.synth.selective_response``. For each seed the cell means are estimated
unweighted and with non-response weights (invited / respondents), and compared with the
population's cell means on the index scale (100 / 40). Printed: the mean error (bias) and
the mean absolute error of each, over all published cells and seeds.

Usage::

    .venv/bin/python benchmarks/bench_weights.py            # about 20 s
    .venv/bin/python benchmarks/bench_weights.py --seeds 5
"""

from __future__ import annotations

import argparse

import numpy as np

from integraatio.analysis import analyse
from integraatio.codebook import load_codebook
from integraatio.synth import selective_response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    seeds = parser.parse_args().seeds
    cb = load_codebook()
    population, answered, lean = {"A": 60, "B": 20}, {"A": 4, "B": 8}, {"A": -0.6, "B": 0.6}
    weight = {o: population[o] / answered[o] for o in population}
    errors: dict[str, list[np.ndarray]] = {"unweighted": [], "weighted": []}
    for seed in range(seeds):
        data, truth = selective_response(cb, population=population, respondents=answered, lean=lean, seed=seed)
        data = data.assign(w=data["municipality"].map(weight).astype(float))
        for name, extra in (("unweighted", {}), ("weighted", {"weights": "w"})):
            a = analyse(data, codebook=cb, measure="need", seed=1, **extra)
            m, s = a.scores.parameters["item_mean"]["need"], a.scores.parameters["item_sd"]["need"]
            p = a.pairs.loc[~a.pairs["suppressed"]]
            i, j = (np.array([cb.codes.index(c) for c in p[col]]) for col in ("own_group", "target_group"))
            errors[name].append(p["mean"].to_numpy() - (100 + 40 * (truth[i, j] - m) / s))
    print(f"{seeds} surveys; error of the pooled cell means against the population truth (index points):")
    for name, e in errors.items():
        e = np.concatenate(e)
        print(f"  {name:10s}  bias {e.mean():+6.2f}   mean |error| {np.abs(e).mean():5.2f}   ({len(e)} cells)")


if __name__ == "__main__":
    main()
