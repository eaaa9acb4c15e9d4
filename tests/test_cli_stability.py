"""`integraatio run --bootstrap B` and `integraatio stability` (issue 3)."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def boot_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("boot")
    r = runner.invoke(app, ["run", "--out", str(out), "--seed", "1", "--bootstrap", "60", "--no-figures", "--lang", "en"])
    assert r.exit_code == 0, r.output
    return out


def test_run_bootstrap_writes_the_contract(boot_dir):
    clusters = pd.read_csv(boot_dir / "clusters.csv", dtype={"node": str})
    assert {"stability", "consensus_cluster"} <= set(clusters.columns)
    assert clusters["stability"].between(0, 1).all()
    pairs = pd.read_csv(boot_dir / "pairs.csv")
    assert list(pairs.columns[-2:]) == ["ci_low", "ci_high"]
    published = ~pairs["suppressed"]
    assert pairs.loc[published, ["ci_low", "ci_high"]].notna().all().all()
    assert pairs.loc[~published, ["ci_low", "ci_high"]].isna().all().all()
    co = pd.read_csv(boot_dir / "coassignment.csv", dtype={"node": str})
    assert co.columns[0] == "node" and list(co["node"]) == list(co.columns[1:]) == list(clusters["node"])
    summary = json.loads((boot_dir / "bootstrap_summary.json").read_text(encoding="utf-8"))
    assert {"parameters", "ari", "clusters", "stability", "consensus"} <= set(summary)
    assert summary["parameters"]["replicates"] == 60 and summary["parameters"]["seed"] == 1
    manifest = json.loads((boot_dir / "manifest.json").read_text(encoding="utf-8"))
    engine = manifest["parameters"]["engine"]
    assert engine == summary["parameters"]["engine"] and engine != "auto"
    assert manifest["parameters"]["bootstrap"]["replicates"] == 60
    assert "igraph" in manifest["packages"]
    assert "Bootstrap (60 replicates" in runner.invoke(
        app, ["run", "--out", str(boot_dir / "again"), "--bootstrap", "60", "--no-figures", "--lang", "en"]).output


def test_same_seed_same_bytes(boot_dir, tmp_path):
    r = runner.invoke(app, ["run", "--out", str(tmp_path), "--seed", "1", "--bootstrap", "60", "--no-figures", "--lang", "en"])
    assert r.exit_code == 0, r.output
    for f in ["coassignment.csv", "bootstrap_summary.json", "clusters.csv", "pairs.csv"]:
        assert (tmp_path / f).read_bytes() == (boot_dir / f).read_bytes(), f


@pytest.mark.slow
def test_stability_command_with_figures(tmp_path):
    r = runner.invoke(
        app,
        ["stability", "--out", str(tmp_path), "--bootstrap", "40", "--sweep", "0.5,1,2", "--sweep-replicates", "10", "--lang", "en"],
    )
    assert r.exit_code == 0, r.output
    sweep = pd.read_csv(tmp_path / "resolution_sweep.csv")
    assert sweep["resolution"].tolist() == [0.5, 1.0, 2.0]
    for f in ["coassignment", "resolution_sweep", "network"]:
        for ext in ("png", "svg"):
            assert (tmp_path / f"{f}.{ext}").stat().st_size > 0, f
    # PDF by default only for the network figure (the contract); --figure-formats of run adds the rest.
    assert (tmp_path / "network.pdf").stat().st_size > 0 and not (tmp_path / "coassignment.pdf").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["resolution_sweep"]["resolutions"] == [0.5, 1.0, 2.0]
    assert "Resolution 2: " in r.output


def test_usage_errors_exit_2(tmp_path):
    r = runner.invoke(app, ["stability", "--out", str(tmp_path), "--sweep", "1,two"])
    assert r.exit_code == 2 and "expected comma-separated numbers" in r.output and "'1,two'" in r.output
    r = runner.invoke(app, ["run", "--out", str(tmp_path), "--bootstrap", "10", "--strata", "region", "--no-figures"])
    assert r.exit_code == 2 and "`strata` names columns ['region']" in r.output
    r = runner.invoke(app, ["run", "--out", str(tmp_path), "--bootstrap", "1", "--no-figures"])
    assert r.exit_code == 2 and "`replicates` must be an integer >= 2; got 1" in r.output
