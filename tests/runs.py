"""Run folders for the export and report tests (test helper, not a test module).

``tiny_run`` writes a four-group folder by hand, small enough to work every number out;
``shipped_run`` runs the command line once per test session on the shipped survey with a
bootstrap, a comparison and the boundary step, so that every optional section exists.
"""

import contextlib
import functools
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.pipeline import write_folder

# Codes in natural order: 2.1, 2.2, 2.3, 2.10 ("2.10" is not 2.1), so the VOSviewer and
# Pajek ids are 1, 2, 3, 4 in that order.
CODES = ["2.1", "2.2", "2.3", "2.10"]
# A label that a spreadsheet would run as a formula, one VOSviewer must quote (comma and
# semicolon), one with double quotes, and one that starts with "-" and holds HTML.
LABELS = {
    "2.1": '=HYPERLINK("http://example.invalid","x")',
    "2.2": "Perhe, lapset; nuoret",
    "2.3": 'Sanottu "lainaus"',
    "2.10": "-Äiti <i>ja</i> isä",
}
# Directed cells (own, target, n, mean); None = suppressed (n < min_n = 5).
#   2.1 <-> 2.2:  130 and 110        -> symmetrised 120, excess weight 20
#   2.1  -> 2.10: 90 (one direction) -> 90, weight 0: no tie
#   2.2  -> 2.10: 150; 2.10 -> 2.2 suppressed -> 150 (the published direction), weight 50
#   2.3  -> 2.1:  -20 (a far tail)   -> -20, weight 0: no tie
#   2.3  -> 2.10: 112                -> 112, weight 12
#   2.3  -> 2.2:  suppressed, 2.2 -> 2.3 absent -> no pair at all
CELLS = [
    ("2.1", "2.2", 6, 130.0), ("2.1", "2.10", 7, 90.0),
    ("2.2", "2.1", 5, 110.0), ("2.2", "2.10", 8, 150.0),
    ("2.3", "2.1", 9, -20.0), ("2.3", "2.2", 2, None), ("2.3", "2.10", 6, 112.0),
    ("2.10", "2.2", 3, None),
]
# Ties (code order of their ends) and their weights, as worked out above.
EDGES = {("2.1", "2.2"): 20.0, ("2.2", "2.10"): 50.0, ("2.3", "2.10"): 12.0}
# Node integration need: the mean of the node's symmetrised pair means.
#   2.1: (120 + 90 - 20) / 3;  2.2: (120 + 150) / 2;  2.3: (-20 + 112) / 2;
#   2.10: (90 + 150 + 112) / 3
NEED = {"2.1": 190 / 3, "2.2": 135.0, "2.3": 46.0, "2.10": 352 / 3}
STRENGTH = {"2.1": 20.0, "2.2": 70.0, "2.3": 12.0, "2.10": 62.0}
CLUSTER = {"2.1": 1, "2.2": 1, "2.3": 2, "2.10": 2}


def tiny_run(folder: Path, *, lang: str = "en") -> Path:
    """Write the hand-made run folder (manifest, pairs, clusters, reliability)."""
    folder.mkdir(parents=True, exist_ok=True)
    pairs = pd.DataFrame(
        [(a, b, n, m, None if m is None else 10.0, m is None) for a, b, n, m in CELLS],
        columns=["own_group", "target_group", "n", "mean", "sd", "suppressed"],
    )
    pairs.to_csv(folder / "pairs.csv", index=False)
    names = {1: "Cluster one", 2: "+Cluster two"}
    pd.DataFrame({
        "node": CODES,
        "label": [LABELS[c] for c in CODES],
        "cluster": [CLUSTER[c] for c in CODES],
        "cluster_name": [names[CLUSTER[c]] for c in CODES],
        "strength": [STRENGTH[c] for c in CODES],
        "participation": [0.0, 0.5, 0.0, 0.25],
        "x": [-1.0, -0.5, 0.5, 1.0],
        "y": [0.0, 0.5, -0.5, 0.25],
    }).to_csv(folder / "clusters.csv", index=False)
    pd.DataFrame({
        "item": ["frequency", "reciprocity", "need"], "n": [40, 40, 40], "mean": [3.0, 3.2, 3.1],
        "sd": [1.1, 1.0, 1.2], "item_total_r": [0.45, 0.6, 0.62], "alpha_if_deleted": [0.79, 0.66, 0.64],
    }).to_csv(folder / "reliability.csv", index=False)
    manifest = {
        "version": "0.1.0",
        "parameters": {"measure": "composite", "min_n": 5, "weighting": "excess", "symmetrise": "mean", "lang": lang,
                       "seed": 1, "note": "@SUM(1+1)"},
        "input": {"path": "/data/survey.csv", "sha256": "ab" * 32, "respondents_read": 12, "rows_read": 48,
                  "rows_scored": 40, "rows_excluded": 8},
        "composite": {"alpha": 0.74},
        "results": {"clusters": 2, "modularity": 0.3},
        "packages": {"python": "3.11"},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    write_folder(folder, lambda stage: [], start=folder)  # sealed: the manifest lists every file
    return folder


@functools.cache
def shipped_run(root: Path) -> Path:
    """``integraatio run`` on the shipped survey with every optional step (once per session)."""
    out = root / "shipped_run"
    args = ["run", "--out", str(out), "--seed", "1", "--lang", "en", "--bootstrap", "20", "--compare-by", "size_class"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out



@contextlib.contextmanager
def exact_release():
    """Published cells without the cell key noise and rounding (integraatio.disclosure), for
    tests of the arithmetic of aggregation; the release itself is tested in test_disclosure.py."""
    from integraatio import disclosure

    with pytest.MonkeyPatch.context() as m:
        m.setattr(disclosure, "NOISE", 0.0)
        m.setattr(disclosure, "DECIMALS", 12)
        yield
