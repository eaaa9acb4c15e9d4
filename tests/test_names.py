"""Names matched, not compared byte by byte (issue 22).

Municipality, organisation and group texts are written with the variants a survey tool, a
spreadsheet or a copy-paste gives them (a zero-width space, a soft hyphen, a full-width or
no-break form that Unicode NFKC folds, another case, doubled spaces) and read as the
codebook writes them; a name the codebook does not know is a warning, and stops a run that
groups respondents by it, with the codebook names it most likely is.
"""

import layouts
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio import run
from integraatio.cli import app
from integraatio.codebook import load_codebook, name_key
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import CodebookError, DataValidationError
from integraatio.survey import read_survey
from integraatio.survey.checks import check_groupings

runner = CliRunner()
# Each variant reads as the name after it (NFKC: full-width letters, the no-break space).
VARIANTS = {
    "Tampere\u200b": "Tampere",  # zero-width space after the name (a copy from a web page)
    "TAMPERE": "Tampere",
    "\uff34\uff41\uff4d\uff50\uff45\uff52\uff45": "Tampere",  # full-width
    "Van\u00adtaa": "Vantaa",  # soft hyphen
    "Kunta\u00a0A": "Kunta A",  # no-break space
    " Kunta  B ": "Kunta B",
}


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(survey_path(), dtype=str, keep_default_na=False)


def renamed(raw, names):
    """The survey with one respondent per variant in ``names`` (variant -> the codebook's name)
    writing their municipality as the variant (the k-th variant of a name: its k-th respondent)."""
    by_town = raw.drop_duplicates("respondent_id").groupby("municipality")["respondent_id"].apply(list)
    out, used = raw.copy(), {}
    for variant, name in names.items():
        k = used[name] = used.get(name, -1) + 1
        out.loc[out["respondent_id"] == by_town[name][k], "municipality"] = variant
    return out


def codebook_with(folder, text):
    path = folder / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def test_name_key_folds_what_a_reader_does_not_see():
    assert {name_key(v) for v in VARIANTS} == {"tampere", "vantaa", "kunta a", "kunta b"}
    assert name_key("2.1\u200b") == "2.1" and name_key("2.10") != name_key("2.1")


def test_municipality_variants_are_read_as_the_codebook_writes_them(tmp_path, raw):
    cb = load_codebook()
    layouts.long_text(renamed(raw, VARIANTS), tmp_path / "s.csv", cb)
    survey = read_survey(tmp_path / "s.csv", codebook=cb)
    expected = read_survey(survey_path(), codebook=cb).data
    pd.testing.assert_frame_equal(survey.data, expected)  # municipality and size_class as in the clean survey
    assert survey.warnings == ()
    head = "names read as the codebook writes them (case, spacing, invisible characters or the codebook's aliases): "
    note = str(survey.notes[0])
    assert note.startswith(head)
    assert sorted(note[len(head):].split(", ")) == sorted(f"{v.strip()!r} as {name!r}" for v, name in VARIANTS.items())


def test_an_alias_maps_an_organisation_name_and_an_unknown_name_warns(tmp_path, raw):
    layouts.long_text(renamed(raw, {"Tampereen kaupunki": "Tampere"}), tmp_path / "s.csv", load_codebook())
    plain = read_survey(tmp_path / "s.csv", codebook=load_codebook())
    assert [str(w) for w in plain.warnings] == [
        "respondents from municipalities the codebook does not list (Tampereen kaupunki) and no size_class column: their "
        "size_class is unknown and they are left out of size comparisons; closest codebook names: 'Tampereen kaupunki' "
        "-> 'Tampere' (add the file's name to that municipality's aliases in the codebook if it is the same one)"]
    text = codebook_path().read_text(encoding="utf-8").replace(
        'name = "Tampere"\n', 'name = "Tampere"\naliases = ["Tampereen kaupunki", "Tampereen kaupunki, sote"]\n', 1)
    survey = read_survey(tmp_path / "s.csv", codebook=codebook_with(tmp_path, text))
    assert survey.warnings == ()
    pd.testing.assert_frame_equal(survey.data, read_survey(survey_path(), codebook=load_codebook()).data)
    # An alias is no grouping attribute of its own.
    assert "aliases" not in codebook_with(tmp_path, text).municipality_attributes["Tampere"]


def test_an_unmatched_municipality_stops_a_comparison_by_size(tmp_path, raw):
    layouts.long_text(renamed(raw, {"Tampereen kaupunki": "Tampere"}), tmp_path / "s.csv", load_codebook())
    with pytest.raises(DataValidationError) as caught:
        run(tmp_path / "s.csv", out=tmp_path / "out", codebook=codebook_path(), compare_by="size_class", figures=False,
            exports=False, report=False)
    report = caught.value.report
    assert report[["column", "value"]].values.tolist() == [["municipality", "Tampereen kaupunki"]]
    assert report["problem"].iloc[0] == (
        "municipality not in the codebook (by name or alias), and --compare-by size_class groups respondents by it: "
        "they would be left out or grouped apart")
    assert report["fix"].iloc[0].startswith("Did you mean 'Tampere'? Write the codebook's name in the file, or add "
                                            "this name to the municipality's aliases in the codebook")
    assert not (tmp_path / "out").exists()
    result = runner.invoke(app, ["run", str(tmp_path / "s.csv"), "--codebook", str(codebook_path()), "--compare-by",
                                 "municipality", "--out", str(tmp_path / "out2"), "--no-figures"])
    assert result.exit_code == 1 and "Tarkoititko 'Tampere'?" in result.output  # a run speaks Finnish by default


def test_groupings_that_do_not_use_the_municipality_do_not_stop(raw):
    data = pd.DataFrame({"row": [2, 3, 4], "municipality": ["Tampere", "Tampereen kaupunki", "Kunta X"],
                         "size_class": ["large", None, "other"]})
    cb = load_codebook()
    check_groupings(data, cb, uses={"--compare-by": ["own_group"], "--strata": ["own_group"]})
    # Kunta X has a size class of its own (a size_class column): only a municipality grouping stops for it.
    with pytest.raises(DataValidationError) as caught:
        check_groupings(data, cb, uses={"invitations.csv": ["municipality", "size_class"]})
    assert caught.value.report[["row", "value"]].values.tolist() == [[3, "Tampereen kaupunki"], [4, "Kunta X"]]
    assert caught.value.report["problem"].iloc[0].startswith(
        "municipality not in the codebook (by name or alias), and invitations.csv municipality and invitations.csv "
        "size_class groups")


def webropol_sheet(raw, path, cb):
    """The survey as a Webropol workbook to edit: its [wide] table, the workbook, its sheet
    and the own group's column number."""
    table = layouts.webropol(raw, path, cb)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    return table, book, sheet, [c.value for c in sheet[1]].index("Tehtäväryhmä") + 1


def test_group_labels_and_codes_with_invisible_characters_and_aliases(tmp_path, raw):
    cb = load_codebook()
    table, book, sheet, own = webropol_sheet(raw, tmp_path / "w.xlsx", cb)
    spelled = {"Vanhuspalvelut": "Vanhus\u00adpalvelut\u200b", "Vammaispalvelut": "Vammaistyö"}
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=own)
        cell.value = spelled.get(cell.value, cell.value)
    for cell in sheet[1]:  # the item columns' headings name the rated group by the alias too
        if cell.value.endswith(" - Vammaispalvelut"):
            cell.value = cell.value.replace(" - Vammaispalvelut", " - Vammaistyö")
    book.save(tmp_path / "w.xlsx")
    text = codebook_path().read_text(encoding="utf-8").replace(
        'fi = "Vammaispalvelut"\n', 'fi = "Vammaispalvelut"\naliases = ["Vammaistyö"]\n', 1)
    survey = read_survey(tmp_path / "w.xlsx", codebook=codebook_with(tmp_path, text + table))
    expected = read_survey(survey_path(), codebook=cb).data.drop(columns="row")
    pd.testing.assert_frame_equal(survey.data.drop(columns="row"), expected)
    # A group code with a zero-width space in a long table is the code.
    layouts.long_text(raw.replace({"own_group": {"2.1": "2.1\u200b"}}), tmp_path / "s.csv", cb)
    pd.testing.assert_frame_equal(read_survey(tmp_path / "s.csv", codebook=cb).data, read_survey(survey_path(),
                                                                                                  codebook=cb).data)


def test_unmatched_group_label_is_refused_with_the_closest_label(tmp_path, raw):
    cb = load_codebook()
    table, book, sheet, own = webropol_sheet(raw, tmp_path / "w.xlsx", cb)
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=own).value == "Vammaispalvelut":
            sheet.cell(row=row, column=own).value = "Vammaispalvelu"
    book.save(tmp_path / "w.xlsx")
    with pytest.raises(DataValidationError) as caught:
        read_survey(tmp_path / "w.xlsx", codebook=codebook_with(tmp_path, codebook_path().read_text(encoding="utf-8")
                                                                 + table))
    report = caught.value.report
    assert set(report["value"]) == {"Vammaispalvelu"} and set(report["problem"]) == {"group code not in the codebook"}
    assert "Did you mean 2.4 (Vammaispalvelut)?" in report["fix"].iloc[0]


@pytest.mark.parametrize("entry, match", [
    ('aliases = ["TAMPERE"]', r"\[\[municipalities\]\] 'TAMPERE' of 'Vantaa' reads the same as 'Tampere'"),
    ('aliases = "Vantaan kaupunki"', r"`aliases` in \[\[municipalities\]\] entry 2 must be a list of names"),
])
def test_aliases_that_could_not_be_told_apart_are_refused(tmp_path, entry, match):
    text = codebook_path().read_text(encoding="utf-8").replace('name = "Vantaa"\n', f'name = "Vantaa"\n{entry}\n', 1)
    with pytest.raises(CodebookError, match=match):
        codebook_with(tmp_path, text)
