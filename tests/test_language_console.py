"""What a person reads on the console of a Finnish session is Finnish: a bad file's problems
(`validate`, `run`, `inspect`) and the problems file they write, `verify`'s verdict on a
damaged folder, an error of the results folder, and every command's help. Found by the
dictionary of English words (tests/english.py), as the outputs of a run are
(tests/test_language_dictionary.py); each input here is a few lines, so the test is fast."""

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from integraatio.cli import console_language, app
from integraatio.codebook import load_codebook

from english import dictionary, english

CB = load_codebook()
NAMES = sorted([*CB.municipalities, "integraatio", "LimeSurvey", "Qualtrics", "Webropol", "Excel", "LibreOffice"],
               key=len, reverse=True)
WORDS = dictionary()
#: Not prose: what is quoted or in backticks (a file's values, column names, commands),
#: the contract's column names and TOML keys, which are the same in every language.
CODE = re.compile(r"'[^']*'|`[^`]*`|\b(respondent_id|municipality|own_group|target_group|frequency|reciprocity|need|"
                  r"size_class|subgroup|row|column|value|problem|fix|labels|values|missing|drop|items|targets|"
                  r"recode|columns|pattern|delimiter|reversed|identifying|keep|responds|aliases|invited)\b")
#: What click itself prints around a command's help: its frame (usage line, headings, the
#: commands' and arguments' names, metavariables and choices), not the tool's text.
CLICK = re.compile(r"^Usage: .*|^(Options|Arguments|Commands):|\[default: [^\]]*\]|Show this message and exit\.|"
                   r"\[required\]|\s<[^>]*>|^  [a-z]+(?=\s)")


def _console(args, code):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    return [("console", CODE.sub(" ", line)) for line in result.output.splitlines()]


def _bad_files(folder):
    """A long file with a problem of every cell check, and a wide one whose columns cannot be read."""
    own, a, b = CB.codes[0], CB.codes[1], CB.codes[2]
    town = next(iter(CB.municipalities))
    long = folder / "pitka.csv"
    long.write_text(
        "respondent_id,municipality,own_group,target_group,frequency,reciprocity,need\n"
        f"r1,{town},{own},{a},3,x,9\n"
        f"r1,{town},{own},{a},3,4,5\n"
        f"r2,{town},9.9,{b},3,4,\n"
        f",{town},{own},{b},3.5,4,5\n"
        f"r3,{town},{a},{b},3,4,5\n"
        f"r3,{town},{b},{own},3,4,\n"
        f"r4,{town},\"{own.replace('.', ',')}\",{b},3,4,5\n",
        encoding="utf-8")
    wide = folder / "levea.csv"
    wide.write_text(
        f"respondent_id,municipality,own_group,{a}.1,{a}.1,{a}.7,9.9.1\n"
        f"r1,{town},{own},3,3,4,5\n"
        f"r1,{town},{own},3,4\n",
        encoding="utf-8")
    return long, wide


def test_a_bad_file_reads_finnish_in_validate_run_and_inspect(tmp_path):
    long, wide = _bad_files(tmp_path)
    texts = []
    for path in (long, wide):
        problems = tmp_path / f"{path.stem}_problems.csv"
        texts += _console(["validate", str(path), "--lang", "fi"], 1)
        texts += _console(["validate", str(path), "--lang", "fi", "--all", "--problems", str(problems)], 1)
        texts += [("problems.csv", CODE.sub(" ", line)) for line in problems.read_text(encoding="utf-8").splitlines()[1:]]
        texts += _console(["run", str(path), "--out", str(tmp_path / "out"), "--lang", "fi"], 1)
        texts += _console(["inspect", str(path), "--lang", "fi"], 1)
    assert len(texts) > 60 and any("ongelma" in t for _, t in texts)  # the problems were listed
    assert english(texts, WORDS, names=NAMES) == []


def test_verify_and_a_folder_error_read_finnish(tmp_path):
    folder = tmp_path / "tulokset"
    folder.mkdir()
    (folder / "pairs.csv").write_text("x", encoding="utf-8")
    (folder / "clusters.csv").write_text("x", encoding="utf-8")
    entries = [{"name": "pairs.csv", "bytes": 1, "sha256": "0" * 64}, {"name": "clusters.csv", "bytes": 5},
               {"name": "network.png", "bytes": 1}]
    (folder / "manifest.json").write_text(json.dumps({"files": entries}), encoding="utf-8")
    texts = _console(["verify", str(folder), "--lang", "fi"], 1)
    texts += _console(["verify", str(tmp_path), "--lang", "fi"], 1)
    (tmp_path / "muuta").mkdir()
    (tmp_path / "muuta" / "muistio.txt").write_text("x", encoding="utf-8")
    texts += _console(["run", "--out", str(tmp_path / "muuta"), "--lang", "fi"], 1)
    assert len(texts) >= 6
    assert english(texts, WORDS, names=NAMES) == []


HELP = """
import sys
from typer.testing import CliRunner
from integraatio.cli import app
names = [c.name or c.callback.__name__ for c in app.registered_commands]
for args in [[], *([n] for n in names)]:
    sys.stdout.write(CliRunner().invoke(app, [*args, "--help"], terminal_width=200).output)
"""


@pytest.fixture(scope="module")
def finnish_help():
    """Every command's help in a session whose environment asks for Finnish."""
    done = subprocess.run([sys.executable, "-c", HELP], capture_output=True, text=True, check=True,
                          env={"INTEGRAATIO_LANG": "fi", "PATH": "", "LANG": "C.UTF-8"})
    return done.stdout


def test_every_help_text_is_finnish_when_finnish_is_asked_for(finnish_help):
    lines = [CODE.sub(" ", CLICK.sub(" ", line)) for line in finnish_help.splitlines()]
    assert sum(line.startswith("Usage:") for line in finnish_help.splitlines()) == 14  # the app and its 13 commands
    assert english([("help", line) for line in lines], WORDS, names=NAMES) == []
    # Rich markup would take these for tags and swallow them.
    assert all(tag in finnish_help for tag in ("[wide]", "[responses]", "[second_wave]"))


@pytest.mark.parametrize("env, lang", [
    ({"INTEGRAATIO_LANG": "fi", "LANG": "en_GB.UTF-8"}, "fi"), ({"INTEGRAATIO_LANG": "en", "LANG": "fi_FI.UTF-8"}, "en"),
    ({"LANG": "fi_FI.UTF-8"}, "fi"), ({"LC_ALL": "C", "LANG": "fi_FI.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
])
def test_theconsole_language_comes_from_integraatio_lang_else_the_locale(monkeypatch, env, lang):
    for name in ("INTEGRAATIO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert console_language() == lang


def test_why_the_boundary_has_no_optimum_reads_finnish():
    # Only the 14 groups with data count towards the bounds: 8 + 7 of them cannot be had.
    import math

    import networkx as nx

    from integraatio.boundary import optimise_boundary
    from integraatio.boundary.scenarios import Constraints
    from integraatio.messages import scenario_description

    municipal = [c for c in CB.codes if CB.group(c).organiser == "municipality"]
    graph = nx.complete_graph([c for c in CB.codes if c not in municipal[3:]])
    nx.set_edge_attributes(graph, 1.0, "weight")
    best = optimise_boundary(graph, codebook=CB, constraints=Constraints(min_groups={"municipality": 8,
                                                                                     "wellbeing_area": 7}))
    assert best.method == "infeasible" and math.isnan(best.cost)
    row = {"scenario": "optimal", **{f"description_{lang}": best.scenario.descriptions[lang] for lang in ("fi", "en")}}
    about = scenario_description(row, "fi")
    assert about.startswith("yksikään raja, joka jakaa 14 ryhmää") and ", ".join(municipal[3:]) in about
    assert "kunta: vähintään 8 ryhmää; hyvinvointialue: vähintään 7 ryhmää" in about
    assert english([("report.html", CODE.sub(" ", about))], WORDS, names=NAMES) == []
    assert scenario_description(row, "en").startswith("no boundary of the 14 groups with data meets the constraints")
