import pytest

from integraatio.codebook import code_key, load_codebook
from integraatio.exceptions import CodebookError, InputFileError

SHIPPED = load_codebook()


def test_shipped_codebook_has_the_study_design():
    cb = SHIPPED
    assert len(cb.groups) == 21
    assert cb.codes[:3] == ["2.1", "2.2", "2.3"] and cb.codes[-1] == "2.21"
    assert len(cb.responding_codes) == 18  # the three outside actors were only rated
    assert len(cb.municipalities) == 12
    assert sorted(cb.municipalities.values()).count("large") == 3
    assert cb.scale.missing == (6,)
    assert len(cb.reference_clusters) == 2
    assert len(cb.sha256) == 64


def test_codes_are_strings_in_natural_order():
    assert sorted(["2.10", "2.1", "2.2", "2.21"], key=code_key) == ["2.1", "2.2", "2.10", "2.21"]
    assert SHIPPED.group("2.10").code != SHIPPED.group("2.1").code


def test_labels_in_both_languages():
    assert SHIPPED.label("2.1", "fi") == "Vanhuspalvelut"
    assert SHIPPED.label("2.1", "en") == "Elderly services"


def write(tmp_path, text):
    p = tmp_path / "cb.toml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """
[scale]
min = 1
max = 5
missing = [6]
[[groups]]
code = "A"
fi = "a"
en = "a"
organiser = "municipality"
"""


def test_minimal_codebook(tmp_path):
    cb = load_codebook(write(tmp_path, GOOD))
    assert cb.codes == ["A"] and cb.group("A").responds and cb.wide is None


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (GOOD.replace("min = 1", "min = 7"), r"min \(7\) must be below max \(5\)"),
        (GOOD.replace("missing = [6]", "missing = [3]"), r"missing codes \[3\] are not integers outside 1\.\.5"),
        (GOOD.replace('organiser = "municipality"', 'organiser = "county"'), "has organiser 'county'; expected one of"),
        (GOOD.replace('fi = "a"\n', ""), r"\(code 'A'\) has no `fi`"),
        (GOOD + GOOD[GOOD.index("[[groups]]"):], r"group codes \['A'\] appear more than once"),
        (GOOD + '[[reference_clusters]]\nfi = "x"\nen = "x"\nmembers = ["B"]\n', r"lists members \['B'\] that are not group codes"),
        (GOOD.replace("max = 5", 'max = "5"'), r"`max` in \[scale\] must be a int; got '5'"),
    ],
)
def test_codebook_errors(tmp_path, text, match):
    with pytest.raises(CodebookError, match=match):
        load_codebook(write(tmp_path, text))


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(InputFileError, match="Cannot read the codebook .*nope.toml"):
        load_codebook(tmp_path / "nope.toml")
    with pytest.raises(InputFileError, match="is not valid UTF-8 TOML"):
        load_codebook(write(tmp_path, "[scale\n"))
