"""Same seed, same bytes, whatever the interpreter's string hashing."""

import hashlib
import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from integraatio.communities import modularity
from integraatio.datasets import load_example


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_every_file_is_the_same_under_two_hash_seeds(tmp_path):
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        args = [sys.executable, "-c", "from integraatio.cli import app; app()", "run", "--out", str(tmp_path / hash_seed),
                "--bootstrap", "50", "--compare-by", "size_class", "--permutations", "199", "--no-figures"]
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    first, second = _digests(tmp_path / "1"), _digests(tmp_path / "4242")
    assert first.keys() == second.keys() and {"bootstrap_summary.json", "results.xlsx"} <= first.keys()
    assert [name for name in first if first[name] != second[name]] == []

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    for path in (tmp_path / "1").glob("*.json"):  # strict JSON: no NaN or Infinity anywhere
        json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def test_modularity_matches_networkx():
    from integraatio import analyse, load_codebook

    a = analyse(load_example(), codebook=load_codebook(), seed=1)
    for gamma in (0.5, 1.0, 2.0):
        ours = modularity(a.graph, a.partition.clusters, resolution=gamma)
        theirs = nx.community.modularity(a.graph, a.partition.clusters, weight="weight", resolution=gamma)
        assert ours == pytest.approx(theirs, abs=1e-12)


def test_json_outputs_are_strict(tmp_path):
    from integraatio.results import write_json

    path = write_json({"q": float("nan"), "r": [1.5, float("inf")], "s": "x"}, tmp_path / "manifest.json")
    assert json.loads(path.read_text(encoding="utf-8")) == {"q": None, "r": [1.5, None], "s": "x"}
