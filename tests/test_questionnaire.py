"""The survey from the codebook (integraatio.questionnaire): LimeSurvey structure, printable
questionnaire and the preset that reads the survey's export back to the same long table."""

import csv
import re
import html
import io
import json
import tomllib

import layouts
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import survey_path
from integraatio.exceptions import UsageError
from integraatio.survey import read_survey
from integraatio.pipeline import verify
from integraatio.questionnaire import questionnaire, questionnaire_html, structure_text, write_questionnaire

CB = load_codebook()

# LimeSurvey's documented structure columns: the manual's "Tab Separated Value survey
# structure" page (question rows: id, class, type/scale, name, relevance, text, help,
# language, validation, mandatory, other, default, same_default) and the base fields that
# LimeSurvey's own exporter (application/helpers/export_helper.php, tsvSurveyExport) writes
# first, with related_id; question attributes may follow them.
LIMESURVEY_COLUMNS = [
    "id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language", "validation",
    "mandatory", "other", "default", "same_default",
]  # fmt: skip
# Row classes and the question types (LimeSurvey Manual, "Question types") the format knows.
CLASSES = {"S", "SL", "G", "Q", "SQ", "A", "C", "QTA", "QTALS", "QTAM", "AS"}
QUESTION_TYPES = set("15ABCDEFGHIKLMNOPQRSTUXY!:;|*")


def _rows(text):
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def test_structure_file_has_limesurveys_documented_columns_and_rows():
    q = questionnaire(lang="en")
    text = structure_text(q)
    header = text.splitlines()[0].split("\t")
    assert header == LIMESURVEY_COLUMNS
    rows = _rows(text)
    assert {r["class"] for r in rows} <= CLASSES
    assert all(len(line.split("\t")) == len(LIMESURVEY_COLUMNS) for line in text.splitlines() if '"' not in line)
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert settings["language"] == "en"
    # Relationships are by proximity: every SQ and A row follows a question (or its other
    # children), every Q row follows a group; an answer row carries its question's id.
    current_q = current_g = None
    for r in rows:
        if r["class"] == "G":
            current_g, current_q = r, None
        elif r["class"] == "Q":
            assert current_g is not None and r["type/scale"] in QUESTION_TYPES and r["name"].isalnum()
            assert r["name"][0].isalpha()
            current_q = r
        elif r["class"] in ("SQ", "A"):
            assert current_q is not None
            if r["class"] == "A":
                assert r["id"] == current_q["id"] and len(r["name"]) <= 5  # LimeSurvey's answer codes: 5 characters
            else:
                assert r["related_id"] == current_q["id"]
    questions = [r for r in rows if r["class"] == "Q"]
    assert [(r["name"], r["type/scale"]) for r in questions] == [
        ("OWN", "L"), ("ORG", "L"), ("FREQ", "F"), ("RECIP", "F"), ("NEED", "F")
    ]
    # One array per item over every target group, with the scale and the "can't say" answer.
    arrays = {r["name"]: r["id"] for r in questions if r["type/scale"] == "F"}
    for qid in arrays.values():
        subs = [r for r in rows if r["class"] == "SQ" and r["related_id"] == qid]
        answers = [r["name"] for r in rows if r["class"] == "A" and r["id"] == qid]
        assert [s["text"].split(" ", 1)[0] for s in subs] == CB.codes
        assert answers == ["A1", "A2", "A3", "A4", "A5", "A6"]
        # the respondent's own group is hidden from the array (responding groups only)
        hidden = [s for s in subs if s["relevance"] != "1"]
        assert len(hidden) == len(CB.responding_codes)
        assert hidden[0]["relevance"] == 'OWN.NAOK != "G01"'
    own = [r["text"] for r in rows if r["class"] == "A" and r["id"] == questions[0]["id"]]
    assert [t.split(" ", 1)[0] for t in own] == CB.responding_codes
    orgs = [r["text"] for r in rows if r["class"] == "A" and r["id"] == questions[1]["id"]]
    assert orgs == list(CB.municipalities)


def test_export_of_the_generated_survey_reads_back_to_the_identical_long_table(tmp_path):
    folder, _ = write_questionnaire(questionnaire(lang="fi"), tmp_path / "survey", codebook=CB)
    raw = pd.read_csv(survey_path(), dtype=str, keep_default_na=False).assign(subgroup="")
    original = tmp_path / "original.csv"
    layouts.long_text(raw, original, CB)
    export = tmp_path / "results-survey123456.csv"
    layouts.limesurvey_questionnaire(raw, export, CB, questionnaire(lang="fi"))
    generated = load_codebook(folder / "codebook.toml")  # as written: the preset is read without editing
    back = read_survey(export, codebook=generated)
    expected = read_survey(original, codebook=CB).data
    columns = ["respondent_id", "municipality", "own_group", "target_group", "frequency", "reciprocity", "need"]
    pd.testing.assert_frame_equal(back.data[columns], expected[columns])
    assert back.layout == "wide" and back.respondents_read == 268


def test_printable_questionnaire_in_each_language():
    fi, en = (html.unescape(questionnaire_html(questionnaire(lang=lang))) for lang in ("fi", "en"))
    assert "Kuinka suuri on yhteistyön tarve?" in fi and "En osaa sanoa" in fi and 'lang="fi"' in fi
    assert "How great is the need for cooperation?" in en and "Can't say" in en and "Kuinka" not in en
    assert CB.label("2.7", "en") in en and CB.label("2.7", "fi") in fi


def test_preset_keeps_the_shipped_limesurvey_codes():
    q = questionnaire()
    shipped = tomllib.loads((survey_path().parent / "presets" / "limesurvey.toml").read_text(encoding="utf-8"))["wide"]
    assert q.wide["pattern"] == shipped["pattern"] and q.wide["items"] == shipped["items"]
    assert q.wide["recode"]["own_group"]["G10"] == "2.10"


def test_a_codebook_without_organisations_asks_for_a_name(tmp_path):
    text = (survey_path().parent / "codebook.toml").read_text(encoding="utf-8")
    head, _, _ = text.partition("[[municipalities]]")
    tail = text[text.index("[[size_classes]]"):]
    path = tmp_path / "codebook.toml"
    path.write_text(head + tail, encoding="utf-8")
    q = questionnaire(path, lang="en")
    org = [r for r in q.structure if r["class"] == "Q" and r["name"] == "ORG"][0]
    assert org["type/scale"] == "S" and "municipality" not in q.wide["recode"]


def test_cli_writes_the_survey_folder(tmp_path):
    out = tmp_path / "survey"
    r = CliRunner().invoke(app, ["questionnaire", "--out", str(out), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert {p.name for p in out.iterdir()} == {
        "limesurvey_structure.txt", "questionnaire.html", "limesurvey_preset.toml", "codebook.toml", "manifest.json"
    }
    assert verify(out) == []
    assert (out / "limesurvey_structure.txt").read_bytes().startswith(b"\xef\xbb\xbfid\trelated_id\t")
    with pytest.raises(UsageError, match="`lang` must be one of 'fi', 'en'; got 'sv'"):
        questionnaire(lang="sv")
    bad = CliRunner().invoke(app, ["questionnaire", "--out", str(tmp_path / "x"), "--lang", "sv"])
    assert bad.exit_code == 2


# Labels a codebook could carry that LimeSurvey would run: markup and scripts (it renders
# its texts as HTML) and ExpressionScript (it evaluates {...} in every text).
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{TOKEN:EMAIL}",
            '{if(OWN.NAOK == "G01", "a", "b")}', "A & B </td>"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_codebook_texts_reach_limesurvey_and_the_printout_inert(tmp_path, payload):
    text = (survey_path().parent / "codebook.toml").read_text(encoding="utf-8")
    label = f'en = "{CB.label("2.7", "en")}"'
    assert label in text and 'name = "Tampere"' in text
    path = tmp_path / "codebook.toml"
    quoted = json.dumps(payload)  # a TOML basic string for ASCII text
    path.write_text(text.replace(label, f"en = {quoted}").replace('name = "Tampere"', f"name = {quoted}"),
                    encoding="utf-8")
    q = questionnaire(path, lang="en")
    shown = [r[c] for r in q.structure if r["class"] != "S" for c in ("text", "help", "name") if c != "name"
             or r["class"] == "G"]
    assert not [t for t in shown if set(t) & set("<>{}\"")]  # no markup, no expression, no attribute quote
    # 2.7 as an own-group answer and a row of three arrays, and the organisation's answer
    assert sum(html.unescape(t).endswith(payload) for t in shown) == 1 + 3 + 1
    page = questionnaire_html(q)
    assert page.count(html.escape(payload)) == html.unescape(page).count(payload) == 1 + 3 + 1  # a page, no survey: braces stay


def _answer_texts(q, code):
    """The answer texts of the question ``code`` in the structure file, in order."""
    rows = q.structure
    qid = next(r["id"] for r in rows if r["class"] == "Q" and r["name"] == code)
    return [html.unescape(r["text"]) for r in rows if r["class"] == "A" and r["id"] == qid]


def test_each_item_has_its_own_answer_scale_from_the_codebook(tmp_path):
    # The shipped codebook names each item's answers (survey_data/codebook.toml,
    # [scale.labels.*]): how often is answered in frequencies, whether the cooperation is
    # mutual in degrees, and the need in sizes; the last answer is "can't say".
    q = questionnaire(CB, lang="fi")
    assert _answer_texts(q, "FREQ") == ["1 ei koskaan", "2 harvemmin kuin kuukausittain", "3 kuukausittain",
                                        "4 viikoittain", "5 päivittäin", "En osaa sanoa"]
    assert _answer_texts(q, "RECIP")[0] == "1 ei lainkaan" and _answer_texts(q, "RECIP")[4] == "5 täysin"
    assert _answer_texts(q, "NEED")[4] == "5 erittäin suuri"
    assert _answer_texts(questionnaire(CB, lang="en"), "FREQ")[4] == "5 daily"
    # Edited in the codebook, the questionnaire follows.
    text = CB.path.read_text(encoding="utf-8").replace('"päivittäin"]', '"monta kertaa päivässä"]')
    edited = tmp_path / "codebook.toml"
    edited.write_text(text, encoding="utf-8")
    assert _answer_texts(questionnaire(load_codebook(edited), lang="fi"), "FREQ")[4] == "5 monta kertaa päivässä"


def test_a_codebook_without_answer_labels_keeps_the_numbered_scale(tmp_path):
    start = CB.path.read_text(encoding="utf-8")
    plain = tmp_path / "codebook.toml"
    plain.write_text(start[:start.index("[scale.labels.frequency]")] + start[start.index("[[groups]]"):], encoding="utf-8")
    assert _answer_texts(questionnaire(load_codebook(plain), lang="fi"), "NEED") == [
        "1 (ei lainkaan)", "2", "3", "4", "5 (erittäin paljon)", "En osaa sanoa"]


def test_a_scale_label_list_of_the_wrong_length_is_refused(tmp_path):
    from integraatio.exceptions import CodebookError

    bad = tmp_path / "codebook.toml"
    bad.write_text(CB.path.read_text(encoding="utf-8").replace('"viikoittain", "päivittäin"]', '"viikoittain"]'),
                   encoding="utf-8")
    with pytest.raises(CodebookError, match=r"\[scale.labels.frequency\] fi must list 5 different answer texts, one per answer 1..5"):
        load_codebook(bad)


def test_the_finnish_questionnaire_addresses_the_respondent_one_way():
    # "Sinä" throughout: no plural/polite "te" forms (tehtävänne, työnne, teidän, -tte verbs).
    page = questionnaire_html(questionnaire(CB, lang="fi"))
    words = set(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", page)).lower()))
    polite = {w for w in words if w.endswith(("nne", "tte")) or w in ("teidän", "teitä", "teille")}  # not "te": TE-toimisto
    assert polite == set()
    assert {"tehtäväsi", "työsi", "työskentelet"} <= words
