"""A Finnish run reads Finnish in every file a person opens, found by a dictionary of
English words (tests/english.py) rather than by the catalogue's own words: texts that never
went through the catalogue (codebook and scenario-file texts, ids and booleans in workbook
cells) are caught too."""

import functools
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.messages import text

from english import dictionary, english, readable

CB = load_codebook()
SCENARIOS = Path(__file__).resolve().parent.parent / "survey_data" / "scenarios.toml"
#: Names that read the same in every language: places, and the tool's own name.
NAMES = sorted([*CB.municipalities, "integraatio", "LimeSurvey"], key=len, reverse=True)
WORDS = dictionary()


def _invoke(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [("console", line) for line in result.output.splitlines()]


@functools.cache
def _finnish(root):
    """(file, text) of a Finnish run with every part, a plan and a questionnaire, and their consoles."""
    root = Path(root)
    texts = _invoke(["run", "--out", str(root / "run"), "--lang", "fi", "--seed", "1", "--bootstrap", "20",
                     "--compare-by", "size_class", "--view", "2.2", "--scenarios", str(SCENARIOS)])
    texts += _invoke(["plan", "--out", str(root / "plan"), "--lang", "fi", "--sizes", "5,10", "--replicates", "3",
                      "--effect", "20", "--compare-by", "size_class"])
    texts += _invoke(["questionnaire", "--out", str(root / "questionnaire"), "--lang", "fi"])
    texts += _invoke(["verify", str(root / "run"), "--lang", "fi"])
    wide = SCENARIOS.parent / "synthetic_survey_wide.xlsx"
    # inspect lists the file's columns by letter and heading, and a background column by its
    # contract name (respondent_id, municipality): ids, not prose; the rest of each line is read.
    texts += [(where, re.sub(r"^\s+[A-Z]{1,3}\s+\S+\s+(taustatieto: \S+)?", " ", line))
              for where, line in _invoke(["inspect", str(wide), "--lang", "fi"])]
    texts += _invoke(["validate", str(wide), "--lang", "fi"])
    for folder in ("run", "plan", "questionnaire"):
        texts += [(f"{folder}/{name}", t) for name, t in readable(root / folder, settings=text("sheet.parameters", "fi"))]
    return texts


@pytest.mark.slow
def test_a_finnish_run_plan_and_questionnaire_have_no_english(tmp_path_factory):
    texts = _finnish(str(tmp_path_factory.mktemp("dictionary")))
    files = {where for where, _ in texts}
    assert {"run/report.html", "run/results.xlsx", "run/network.svg", "run/boundary_scenarios.svg", "plan/plan.html",
            "questionnaire/questionnaire.html", "questionnaire/limesurvey_structure.txt", "console"} <= files
    assert english(texts, WORDS, names=NAMES) == []


def test_the_dictionary_finds_english_in_a_finnish_text():
    # What the test above relies on: one English sentence in Finnish surroundings is found,
    # a Finnish one is not, and names, codes and file names are not prose.
    texts = [("report.html", "Raja katkaisee 29,8 % integraatiotarpeesta."),
             ("report.html", "School and student health care (2.6) organised by the municipality"),
             ("results.xlsx", "wellbeing_area"), ("console", "Kirjoitettiin 5 tiedostoa kansioon out/ (results.xlsx)")]
    found = english(texts, WORDS, names=NAMES)
    # Of "School and student health care (2.6) organised by the municipality", the
    # dictionary's words of three letters or more: and, health, care, the, municipality.
    assert [(where, words) for where, words, _ in found] == [("report.html", ["and", "care", "health", "municipality", "the"])]
