"""Scale direction (issue 22): every source that says which way an item's answers run is checked.

The files are written as the tools write them: an SPSS file by pyreadstat with value labels
(the tool numbers the options in the order shown, so frequency's 1 is "Päivittäin"), a
Webropol-style workbook of answer texts, a Webropol numeric export. Each is read back to the
shipped survey's clean table, or refused with its cause named. The expected values are the
shipped survey's own answers; a reversed code is 6 - x, worked out here, never read back.
"""

import re

import layouts
import numpy as np

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.composite import item_reliability, score
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import CodebookError, DataValidationError
from integraatio.survey import read_survey

# The answer texts of each item, code 1 first (the codebook's direction: 5 = the most).
LABELS = {
    "frequency": ["Ei lainkaan", "Harvemmin kuin kuukausittain", "Kuukausittain", "Viikoittain", "Päivittäin"],
    "reciprocity": ["Ei lainkaan", "Vähän", "Jonkin verran", "Paljon", "Täysin"],
    "need": ["Ei tarvetta", "Vähäinen", "Kohtalainen", "Suuri", "Erittäin suuri"],
}
CANT_SAY = "En osaa sanoa"
PREFIX = {"frequency": "FREQ", "reciprocity": "RECIP", "need": "NEED"}
SCALE_LABELS = "\n[scale.labels]\n" + "".join(f"{item} = {layouts.toml_text(texts)}\n" for item, texts in LABELS.items())


@pytest.fixture(scope="module")
def shipped():
    raw = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    data = read_survey(survey_path(), codebook=load_codebook()).data.drop(columns="row")
    return load_codebook(), data, raw


def codebook_with(folder, extra="", *, scale=""):
    """The shipped codebook, with keys added to its [scale] table and tables at the end."""
    text = codebook_path().read_text(encoding="utf-8").replace("missing = [6]", "missing = [6]\n" + scale, 1)
    # These tests' own answer texts (or none) in place of the shipped ones.
    text = re.sub(r"\n\[scale\.labels\.\w+\]\n(?:[a-z]+ = .*\n)+", "\n", text)
    path = folder / "codebook.toml"
    path.write_text(text + extra, encoding="utf-8")
    return load_codebook(path)


def sav_in_shown_order(raw, path, codebook, *, reversed_items=("frequency",), labelled=LABELS):
    """An SPSS file as a survey tool writes it when it numbers the options in the order shown:
    a reversed item's "Päivittäin" is 1 (code 6 - x), each code labelled; 6 = can't say, user-missing."""
    import pyreadstat

    codes = codebook.codes
    background, answers = layouts.pivot(raw, codes)
    frame = pd.DataFrame({"id": background["respondent_id"], "KUNTA": background["municipality"],
                          "TEHTAVA": background["own_group"], "ALARYHMA": background["subgroup"]})
    value_labels = {}
    for (t, item), cells in answers.items():
        name = f"{PREFIX[item]}_T{codes.index(t) + 1:02d}"
        flip = item in reversed_items
        frame[name] = [np.nan if v == "" else 6.0 if v == "6" else float(6 - int(v) if flip else int(v)) for v in cells]
        texts = labelled[item][::-1] if flip else labelled[item]
        value_labels[name] = {float(k): text for k, text in enumerate(texts, start=1)} | {6.0: CANT_SAY}
    pyreadstat.write_sav(frame, str(path), variable_value_labels=value_labels,
                         missing_ranges={c: [6.0] for c in value_labels})
    return layouts.wide_table(preset="limesurvey",
                              columns={"municipality": "KUNTA", "own_group": "TEHTAVA", "subgroup": "ALARYHMA"})


def webropol_numeric(raw, path, codebook, *, reversed_items=("frequency",)):
    """Webropol's numeric export: each option numbered in the order shown (frequency from
    "Päivittäin" = 1), "<question> - <group label>" headings; 6 = can't say."""
    background, answers = layouts.pivot(raw, codebook.codes)
    labels = {c: codebook.label(c, "fi") for c in codebook.codes}
    frame = pd.DataFrame({"Vastaajan tunnus": background["respondent_id"], "Organisaatio": background["municipality"],
                          "Tehtäväryhmä": background["own_group"].map(labels), "Alaryhmä": background["subgroup"]})
    for (t, item), cells in answers.items():
        flip = item in reversed_items
        frame[f"{layouts.QUESTIONS[item]} - {labels[t]}"] = [
            str(6 - int(v)) if flip and v not in ("", "6") else v for v in cells]
    layouts.write_xlsx(frame, path)
    return layouts.wide_table(
        preset="webropol", items={q: item for item, q in layouts.QUESTIONS.items()},
        columns={"respondent_id": "Vastaajan tunnus", "municipality": "Organisaatio", "own_group": "Tehtäväryhmä",
                 "subgroup": "Alaryhmä"})


def test_sav_whose_labels_run_the_other_way_is_read_by_their_meaning(tmp_path, shipped):
    cb, expected, raw = shipped
    table = sav_in_shown_order(raw, tmp_path / "s.sav", cb)
    survey = read_survey(tmp_path / "s.sav", codebook=codebook_with(tmp_path, SCALE_LABELS + table))
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)
    assert [str(w) for w in survey.warnings] == [
        "the SPSS value labels of 21 frequency column(s) number the answers otherwise than the codebook "
        "(1 = 'Päivittäin' \u2192 5, 2 = 'Viikoittain' \u2192 4): the answers are read by their labels' meaning, "
        "not as numbers"]


def test_sav_with_a_label_the_codebook_does_not_know_is_refused(tmp_path, shipped):
    # "Viikoittain" (code 2 in the file) is spelt otherwise in the codebook: codes 1, 4 and 5
    # would be read by their labels and 2 as a number, so the item is refused.
    cb, _, raw = shipped
    other = {**LABELS, "frequency": [*LABELS["frequency"][:3], "Joka viikko", "Päivittäin"]}
    table = sav_in_shown_order(raw, tmp_path / "s.sav", cb, labelled=other)
    with pytest.raises(DataValidationError) as caught:
        read_survey(tmp_path / "s.sav", codebook=codebook_with(tmp_path, SCALE_LABELS + table))
    report = caught.value.report
    assert report[["column", "value"]].values.tolist() == [
        ["FREQ_T01", "1 = Päivittäin, 2 = Joka viikko, 3 = Kuukausittain, 4 = Harvemmin kuin kuukausittain, "
                     "5 = Ei lainkaan"]]
    assert report["problem"].iloc[0].startswith(
        "the SPSS value labels of 21 frequency column(s) number the answers otherwise than the codebook "
        "(1 = 'Päivittäin' \u2192 5, 4 = 'Harvemmin kuin kuukausittain' \u2192 2), and")  # 3 stays 3: not shown
    assert "labels of codes 2 ('Joka viikko') are not its answer texts" in report["problem"].iloc[0]


def test_sav_labels_without_codebook_labels_are_quoted_in_a_warning(tmp_path, shipped):
    cb, _, raw = shipped
    table = sav_in_shown_order(raw, tmp_path / "s.sav", cb)
    survey = read_survey(tmp_path / "s.sav", codebook=codebook_with(tmp_path, table))
    assert str(survey.warnings[0]) == (
        "the SPSS value labels of frequency say 1 = 'Päivittäin' and 5 = 'Ei lainkaan'; the codebook has no answer "
        "texts of frequency ([scale] labels) to check the scale's direction against: make sure that 5 means the "
        "most, and add the texts to the codebook")
    assert survey.warnings[0].text("fi").startswith("SPSS-tiedoston arvoselitteet (frequency): 1 = 'Päivittäin'")


def test_webropol_answer_texts_are_read_by_the_codebook_scale_labels(tmp_path, shipped):
    # Answer texts differ by item; no [wide] values: the codebook's [scale] labels read them.
    cb, expected, raw = shipped
    texts = raw.copy()
    for item in LABELS:
        texts[item] = [CANT_SAY if v == "6" else LABELS[item][int(v) - 1] if v else "" for v in raw[item]]
    table = layouts.webropol(texts, tmp_path / "w.xlsx", cb)
    table = re.sub(r"values = \{.*\}\n", "", table)
    assert "values" not in table
    survey = read_survey(tmp_path / "w.xlsx", codebook=codebook_with(tmp_path, SCALE_LABELS + table))
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)


def test_per_item_values_reverse_one_item_and_leave_the_others(tmp_path, shipped):
    cb, expected, raw = shipped
    table = webropol_numeric(raw, tmp_path / "w.xlsx", cb)
    table += 'values = { frequency = { "1" = 5, "2" = 4, "4" = 2, "5" = 1 } }\n'
    survey = read_survey(tmp_path / "w.xlsx", codebook=codebook_with(tmp_path, table))
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)


def test_declared_reversed_item_is_read_as_min_plus_max_minus_x(tmp_path, shipped):
    cb, expected, raw = shipped
    table = webropol_numeric(raw, tmp_path / "w.xlsx", cb)
    codebook = codebook_with(tmp_path, table, scale='reversed = ["frequency"]')
    pd.testing.assert_frame_equal(read_survey(tmp_path / "w.xlsx", codebook=codebook).data.drop(columns="row"), expected)
    # The long table too: its frequency written the other way round, read back by the declaration.
    flipped = raw.assign(frequency=[str(6 - int(v)) if v not in ("", "6") else v for v in raw["frequency"]])
    layouts.write_text(flipped, tmp_path / "long.csv")
    survey = read_survey(tmp_path / "long.csv", codebook=codebook)
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)


def test_a_reversed_item_stops_scoring_with_its_name(tmp_path, shipped):
    # The Webropol numeric export read without a declaration: frequency runs 1 = daily.
    cb, expected, raw = shipped
    table = webropol_numeric(raw, tmp_path / "w.xlsx", cb)
    data = read_survey(tmp_path / "w.xlsx", codebook=codebook_with(tmp_path, table)).data
    # Its corrected item-total correlation, computed here with numpy on the complete non-self ratings.
    rated = data[(data["own_group"].astype(str) != data["target_group"].astype(str))].dropna(
        subset=["frequency", "reciprocity", "need"])
    x = rated[["frequency", "reciprocity", "need"]].astype(float).to_numpy()
    r = np.corrcoef(x[:, 0], x[:, 1] + x[:, 2])[0, 1]
    assert r < -0.4
    with pytest.raises(DataValidationError) as caught:
        score(data)
    report = caught.value.report
    assert report[["column", "value"]].values.tolist() == [["frequency", f"{r:.2f}"]]
    assert report["problem"].iloc[0].startswith(
        f"item frequency looks reversed: its corrected item-total correlation is {r:.2f} over {len(rated)} ratings")
    assert "[scale] reversed = [\"frequency\"]" in report["fix"].iloc[0]
    # A single-item measure is checked on its own item; the correctly read survey passes.
    with pytest.raises(DataValidationError, match="item frequency looks reversed"):
        score(data, measure="frequency")
    right = read_survey(survey_path(), codebook=cb).data
    assert score(right).alpha > 0 and item_reliability(right)[0]["item_total_r"].min() > 0


def test_values_that_contradict_the_scale_labels_are_a_codebook_error(tmp_path):
    table = layouts.wide_table(values={"Päivittäin": 1})
    with pytest.raises(CodebookError, match=r"`values` reads 'Päivittäin' of frequency as 1, but the codebook's "
                                            r"\[scale\] labels say 'Päivittäin' is 5: one of the two runs the wrong way"):
        from integraatio.survey.spec import wide_spec

        wide_spec(codebook_with(tmp_path, SCALE_LABELS + table))


@pytest.mark.parametrize("scale, match", [
    ('labels = ["a", "b"]', r"must list 5 different answer texts"),
    ('labels = ["a", "b", "c", "d", "A"]', r"must list 5 different answer texts"),
    ('reversed = ["often"]', r"\[scale\] reversed must be a list of items"),
])
def test_malformed_scale_keys_are_refused(tmp_path, scale, match):
    with pytest.raises(CodebookError, match=match):
        codebook_with(tmp_path, scale=scale)
