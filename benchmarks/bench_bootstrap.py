"""The 1,000-replicate respondent bootstrap of the shipped survey against a plain implementation.

Both do the same thing on the shipped synthetic survey (268 respondents, 21 groups):
resample respondents with replacement within their own group, rebuild the cell means
(cells with fewer than ``min_n`` ratings, or suppressed in the full data, are left out),
symmetrise, weight (``excess``), cluster, and then compute the co-assignment matrix, node
stability, the consensus partition, the ARI of every replicate against the full-data
partition and the expanded-percentile interval of every published pair mean.

* **baseline**: a plain pandas loop (``groupby().sample`` of the respondents, ``merge`` of
  their ratings, ``groupby().agg`` of the cells, a networkx graph) and python-louvain, as a
  script would do it; scikit-learn's ``adjusted_rand_score`` per replicate.
* **integraatio**: :func:`integraatio.stability.bootstrap` with the default engine
  (``auto``: igraph's Leiden when the ``fast`` extra is installed) and with
  ``engine="python-louvain"``, serial and with two worker processes (cold: the first call,
  which starts the workers; warm: a second call).

Goals (issue 3): at least 10x faster than the baseline with the default engine and at
least 3x with python-louvain. Issue 26: the whole command ``integraatio run --bootstrap
1000 --no-figures --no-exports --no-report`` on the shipped survey (a subprocess: start-up,
imports, reading, the analysis, the bootstrap and the tables) at least 10x faster too. The full-data analysis is not timed (both need it). Times are
medians of ``--repeats`` interleaved runs; the machine is noisy, so ratios under 1.3x are
equal. The script also checks that the two implementations agree: the replicate cell means
of the same draws are equal (to 1e-9), and the stabilities from the two runs (different
random draws) agree within bootstrap noise.

Usage::

    .venv/bin/python benchmarks/bench_bootstrap.py              # about 1 minute
    .venv/bin/python benchmarks/bench_bootstrap.py --repeats 1  # one run of each
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from community import community_louvain
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from scipy.stats import norm, t
from sklearn.metrics import adjusted_rand_score

from integraatio.analysis import analyse
from integraatio.codebook import load_codebook
from integraatio.datasets import load_example
from integraatio.stability import bootstrap, draw_respondents, replicate_cell_means, resampling_design

REPLICATES = 1000
SEED = 1


def baseline(analysis, *, replicates: int, seed: int) -> dict:
    """The bootstrap written plainly: a pandas loop over replicates and python-louvain."""
    rng = np.random.default_rng(seed)
    codes = analysis.codes
    p = analysis.parameters
    data = analysis.scores.data
    ratings = data.loc[analysis.scores.scored, ["respondent_id", "own_group", "target_group"]].assign(
        integration_need=analysis.scores.values
    )
    ratings["own_group"] = ratings["own_group"].astype(str)
    ratings["target_group"] = ratings["target_group"].astype(str)
    people = data[["respondent_id", "own_group"]].drop_duplicates("respondent_id").astype({"own_group": str})
    published = analysis.pairs.loc[~analysis.pairs["suppressed"]].set_index(["own_group", "target_group"]).index
    full = np.array([analysis.partition.membership[c] for c in codes])
    labels, means = [], []
    published_cells = np.zeros((len(codes), len(codes)), dtype=bool)
    for own, target in published:
        published_cells[codes.index(own), codes.index(target)] = True
    upper = np.triu_indices(len(codes), k=1)
    for _ in range(replicates):
        drawn = people.groupby("own_group").sample(frac=1.0, replace=True, random_state=rng)
        rows = drawn[["respondent_id"]].merge(ratings, on="respondent_id")
        cells = rows.groupby(["own_group", "target_group"])["integration_need"].agg(["mean", "count"])
        mean = cells["mean"].unstack().reindex(index=codes, columns=codes).to_numpy()
        count = cells["count"].unstack().reindex(index=codes, columns=codes).to_numpy()
        means.append(mean)
        m = np.where(published_cells & (count >= p["min_n"]), mean, np.nan)
        both = (~np.isnan(m)).astype(int) + (~np.isnan(m.T))
        with np.errstate(invalid="ignore"):
            sym = (np.nan_to_num(m) + np.nan_to_num(m.T)) / both
        w = np.clip(sym - 100, 0, None)[upper]
        g = nx.Graph()
        g.add_nodes_from(codes)
        g.add_weighted_edges_from((codes[i], codes[j], x) for i, j, x in zip(*upper, w) if x > 0)
        part = community_louvain.best_partition(g, weight="weight", random_state=int(rng.integers(2**32)))
        labels.append([part[c] for c in codes])
    labels = np.array(labels)
    same = labels[:, :, None] == labels[:, None, :]
    co = same.mean(axis=0)
    mates = (full[:, None] == full[None, :]) & ~np.eye(len(codes), dtype=bool)
    stability = (co * mates).sum(axis=1) / mates.sum(axis=1)
    d = 1 - co
    np.fill_diagonal(d, 0)
    consensus = fcluster(linkage(squareform(d, checks=False), method="average"), t=0.5, criterion="distance")
    ari = np.array([adjusted_rand_score(full, row) for row in labels])
    stack = np.array(means)
    ci = {}
    n_of = analysis.pairs.set_index(["own_group", "target_group"])["n"].to_dict()
    for own, target in published:
        n = n_of[(own, target)]
        q = norm.cdf(-np.sqrt(n / (n - 1)) * t.ppf(0.975, n - 1))
        values = stack[:, codes.index(own), codes.index(target)]
        ci[(own, target)] = (np.nanquantile(values, q), np.nanquantile(values, 1 - q))
    return {"coassignment": co, "stability": stability, "consensus": consensus, "ari": ari, "ci": ci}


def timed(fn) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def same_draws_check(analysis) -> float:
    """Largest difference between the one-product replicate means and a pandas rebuild of the same draws."""
    design = resampling_design(analysis, ["own_group"])
    draws, _ = draw_respondents(design, np.random.SeedSequence(3).spawn(20))
    fast, _ = replicate_cell_means(design, draws)
    data = analysis.scores.data
    ratings = data.loc[analysis.scores.scored, ["respondent_id", "own_group", "target_group"]].assign(
        integration_need=analysis.scores.values
    )
    ids = pd.factorize(data["respondent_id"])[1]
    worst = 0.0
    for b in range(len(draws)):
        times = ratings["respondent_id"].map(pd.Series(draws[b], index=ids)).to_numpy()
        rows = ratings.loc[ratings.index.repeat(times)]
        slow = rows.groupby(["own_group", "target_group"], observed=True)["integration_need"].mean().unstack()
        slow = slow.reindex(index=analysis.codes, columns=analysis.codes).to_numpy()
        worst = max(worst, float(np.nanmax(np.abs(slow - fast[b]))))
        assert np.array_equal(np.isnan(slow), np.isnan(fast[b]))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    args = parser.parse_args()
    cb, data = load_codebook(), load_example()
    default = analyse(data, codebook=cb, seed=SEED)
    louvain = analyse(data, codebook=cb, seed=SEED, engine="python-louvain")
    b = args.replicates
    print(f"# Respondent bootstrap, {b} replicates of the shipped survey (268 respondents, 21 groups)\n")
    print(f"Same draws, two ways: largest |difference| of the replicate cell means = {same_draws_check(default):.1e}\n")

    cold = timed(lambda: bootstrap(louvain, replicates=b, seed=SEED, n_jobs=2))
    out = tempfile.mkdtemp()
    command = [str(Path(sys.executable).parent / "integraatio"), "run", "--bootstrap", str(b), "--no-figures",
               "--no-exports", "--no-report", "--out", out]
    cases = {
        "baseline: pandas loop + python-louvain": lambda: baseline(louvain, replicates=b, seed=SEED),
        f"integraatio run --bootstrap {b} --no-figures --no-exports --no-report (the whole command)":
            lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        f"integraatio, default engine ({default.partition.engine})": lambda: bootstrap(default, replicates=b, seed=SEED),
        "integraatio, python-louvain": lambda: bootstrap(louvain, replicates=b, seed=SEED),
        "integraatio, python-louvain, 2 workers (warm)": lambda: bootstrap(louvain, replicates=b, seed=SEED, n_jobs=2),
    }
    times = {k: [] for k in cases}
    for _ in range(args.repeats):
        for k, fn in cases.items():
            times[k].append(timed(fn))
    base = statistics.median(times["baseline: pandas loop + python-louvain"])
    print(f"Median of {args.repeats} interleaved runs; speed-up = baseline / case.\n")
    print("| case | median | runs (s) | speed-up |")
    print("|---|---:|---|---:|")
    for k, ts in times.items():
        m = statistics.median(ts)
        print(f"| {k} | {m:.3f} s | {', '.join(f'{x:.2f}' for x in ts)} | {base / m:.1f}x |")
    print(f"| integraatio, python-louvain, 2 workers (cold: first call starts them) | {cold:.3f} s | {cold:.2f} | {base / cold:.1f}x |")

    ours = bootstrap(louvain, replicates=b, seed=SEED)
    theirs = baseline(louvain, replicates=b, seed=SEED)
    s_ours = ours.nodes["stability"].to_numpy()
    print(
        f"\nAgreement (python-louvain, different random draws): largest node-stability difference "
        f"{np.abs(s_ours - theirs['stability']).max():.3f}; mean ARI {ours.ari.mean():.3f} vs {theirs['ari'].mean():.3f}; "
        f"consensus partitions equal: {adjusted_rand_score(theirs['consensus'], ours.nodes['consensus_cluster']) == 1.0}."
    )
    shutil.rmtree(out)
    goal_command = base / statistics.median(times[next(k for k in times if k.startswith("integraatio run"))])
    goal_default = base / statistics.median(times[f"integraatio, default engine ({default.partition.engine})"])
    goal_louvain = base / statistics.median(times["integraatio, python-louvain"])
    print(f"\nGoals: default engine >= 10x: {goal_default:.1f}x; python-louvain >= 3x: {goal_louvain:.1f}x (serial); "
          f"the whole command, start-up included (issue 26) >= 10x: {goal_command:.1f}x.")


if __name__ == "__main__":
    main()
