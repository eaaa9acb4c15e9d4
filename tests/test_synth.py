import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.exceptions import CodebookError
from integraatio.synth import generate, load_design

CB = load_codebook()


def test_shipped_design_shape():
    s = generate(seed=2020)
    d = s.data
    assert d["respondent_id"].nunique() == 268 and len(d) == 268 * 21
    assert s.invitations["invited"].sum() == 719 and s.invitations["answered"].sum() == 268
    assert (s.invitations["answered"] <= s.invitations["invited"]).all()
    assert set(d["own_group"]) == set(CB.responding_codes)
    assert d.groupby("own_group")["respondent_id"].nunique().min() >= 6
    assert set(d["municipality"]) == set(CB.municipalities)
    assert "size_class" not in d  # the codebook gives it
    assert set(d["subgroup"]) == {"", "asumispalvelut"}
    assert set(d.loc[d["subgroup"] != "", "own_group"]) == {"2.3"}
    own = d[d["own_group"] == d["target_group"]]
    assert own[["frequency", "reciprocity", "need"]].isna().all().all()
    values = d[["frequency", "reciprocity", "need"]].stack().dropna().unique()
    assert set(values) == {1, 2, 3, 4, 5, 6}  # 6 is the codebook's "can't say"


def test_same_seed_same_survey_1_1_42():
    a, b, c = (generate(respondents=40, invited=80, seed=s).data for s in (1, 1, 42))
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_any_size_and_organisations():
    s = generate(respondents=400, invited=900, organisations=40, large=10, seed=3)
    assert s.data["municipality"].nunique() <= 40 and len(s.invitations) == 40
    assert (s.invitations["size_class"] == "large").sum() == 10
    assert set(s.data["size_class"]) <= {"large", "other"}


def test_signal_zero_has_no_planted_structure():
    flat = generate(signal=0.0, respondents=3000, invited=4000, seed=1).data
    strong = generate(signal=1.0, respondents=3000, invited=4000, seed=1).data
    def spread(d):
        return d.groupby(["own_group", "target_group"])["need"].apply(lambda x: x[x < 6].mean()).std()
    assert spread(flat) < 0.5 * spread(strong)


def test_planted_size_effect():
    s = generate(respondents=4000, invited=6000, seed=4).data
    s = s[s["need"] < 6].copy()
    s["size_class"] = s["municipality"].map(CB.municipalities)
    s["municipal_target"] = s["target_group"].map(lambda c: CB.group(c).organiser == "municipality")
    m = s.groupby(["size_class", "municipal_target"])["need"].mean()
    # large cities need municipal services more than the others do; elsewhere no gap
    assert m["large", True] - m["other", True] > 0.3
    assert abs(m["large", False] - m["other", False]) < 0.1


def test_parameter_errors():
    with pytest.raises(ValueError, match="Need 0 < respondents <= invited; got respondents=10, invited=5"):
        generate(respondents=10, invited=5, seed=1)
    with pytest.raises(ValueError, match="`large` must be an integer from 0 to organisations \\(4\\); got 9"):
        generate(organisations=4, large=9, seed=1)


def test_design_must_match_codebook(tmp_path):
    p = tmp_path / "design.toml"
    from integraatio.datasets import design_path

    p.write_text(design_path().read_text(encoding="utf-8").replace('"2.21"]', '"9.9"]'), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"names groups \['9.9'\] that the codebook does not list"):
        load_design(p, codebook=CB)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ('items = ["frequency"]', 'items = ["often"]', r"structure 'frequency' names items \['often'\]; items are"),
        ('"2.18" = 15 }', '"2.18" = 15, "2.19" = 3 }', r"gives respondents to groups \['2.19'\], which do not respond"),
    ],
)
def test_design_errors(tmp_path, old, new, match):
    from integraatio.datasets import design_path

    text = design_path().read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "design.toml"
    p.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(CodebookError, match=match):
        load_design(p, codebook=CB)


def test_unreadable_design(tmp_path):
    from integraatio.exceptions import InputFileError

    with pytest.raises(InputFileError, match="Cannot read the design file .*missing.toml"):
        load_design(tmp_path / "missing.toml", codebook=CB)
