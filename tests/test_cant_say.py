"""\"Can't say\" as a sensitivity (--cant-say-lowest, integraatio.reruns.cant_say_sensitivity)."""

import json

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import survey_path
from integraatio.reruns import cant_say_as_lowest


def test_cant_say_becomes_the_lowest_answer_and_nothing_else_changes():
    cb = load_codebook()  # scale 1-5, code 6 = can't say
    d = pd.DataFrame({"frequency": [6, 5, np.nan], "reciprocity": [1, 6, 6], "need": [6, 6, 2], "other": [6, 6, 6]})
    out = cant_say_as_lowest(d, codebook=cb)
    assert out["frequency"].tolist()[:2] == [1, 5] and np.isnan(out["frequency"].iloc[2])  # empty stays empty
    assert out["reciprocity"].tolist() == [1, 1, 1] and out["need"].tolist() == [1, 1, 2]
    assert out["other"].tolist() == [6, 6, 6]  # only the items


def test_run_reports_how_far_clusters_and_boundary_move(tmp_path):
    # By hand from the raw file: a rating (not a self-rating) is scored when its three
    # items are answered; scoring can't say (6) as 1, those with a 6 and no empty item join.
    raw = pd.read_csv(survey_path(), dtype=str)
    items = raw.loc[raw["own_group"] != raw["target_group"], ["frequency", "reciprocity", "need"]]
    answered = items.isin([str(v) for v in range(1, 6)]).all(axis=1).sum()
    with_cant_say = items.isin([str(v) for v in range(1, 7)]).all(axis=1).sum()
    assert with_cant_say > answered
    out = tmp_path / "r"
    r = CliRunner().invoke(app, ["run", "--out", str(out), "--no-figures", "--no-exports", "--lang", "en",
                                 "--cant-say-lowest"])
    assert r.exit_code == 0, r.output
    summary = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["parameters"]["cant_say"]
    assert (summary["ratings_full"], summary["ratings"]) == (answered, with_cant_say)
    nodes = pd.read_csv(out / "sensitivity_cant_say.csv", dtype={"node": str})
    assert len(nodes) == 21 and summary["moved"] == nodes.loc[nodes["changed"], "node"].tolist()
    assert set(summary["boundary"]) == {"legislated", "clusters", "optimal"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f"({with_cant_say:,} ratings scored instead of {answered:,})" in report
    assert "The boundary legislated then cuts" in report
