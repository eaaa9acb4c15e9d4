"""Response rates from an invitations file (response.csv)."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.datasets import survey_path
from integraatio.paths import invitations_path

runner = CliRunner()
FAST = ["--no-figures", "--no-exports", "--lang", "en"]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    out = tmp_path_factory.mktemp("response") / "run"
    r = runner.invoke(app, ["run", "--out", str(out), *FAST])
    assert r.exit_code == 0, r.output
    return out


def test_the_shipped_survey_answered_268_of_719(shipped):
    table = pd.read_csv(shipped / "response.csv", dtype={"municipality": str})
    total = table.iloc[-1]
    assert (total["municipality"], total["invited"], total["respondents"]) == ("all", 719, 268)
    assert f"{total['rate']:.1%}" == "37.3%"
    # Respondents counted here from scores.csv; invited read from the shipped file.
    scores = pd.read_csv(shipped / "scores.csv", dtype=str)
    counted = scores.drop_duplicates("respondent_id").groupby("municipality").size()
    invited = pd.read_csv(invitations_path(), dtype={"municipality": str}).set_index("municipality")["invited"]
    body = table.iloc[:-1].set_index("municipality")
    assert body["respondents"].to_dict() == counted.reindex(body.index, fill_value=0).to_dict()
    assert body["invited"].to_dict() == invited.to_dict()
    assert (body["rate"] == body["respondents"] / body["invited"]).all()
    assert 'id="response"' in (shipped / "report.html").read_text(encoding="utf-8")


def test_a_survey_of_ones_own_has_no_rates_unless_asked(tmp_path):
    r = runner.invoke(app, ["run", str(survey_path()), "--out", str(tmp_path / "r"), *FAST, "--no-report"])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "r" / "response.csv").exists()


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.iloc[1:], "does not list the strata (municipality, size_class) of some respondents: Tampere / large"),  # the first row, dropped
        (lambda t: t.assign(invited=t["invited"].where(t.index != 0, 5)), "fewer invited than respondents in Tampere / large: 5 invited, 43 answered"),
        (lambda t: t.assign(invited=t["invited"].astype(str).where(t.index != 2, "lots")), "`invited` must be a whole number >= 0; not so in row 4 ('lots')"),
        (lambda t: t.drop(columns="invited"), "has no `invited` column"),
    ],
)
def test_bad_invitations_are_refused_with_what_and_where(tmp_path, edit, message):
    path = tmp_path / "invited.csv"
    edit(pd.read_csv(invitations_path(), dtype={"municipality": str})).to_csv(path, index=False)
    r = runner.invoke(app, ["run", str(survey_path()), "--out", str(tmp_path / "r"), "--invitations", str(path), *FAST])
    assert r.exit_code == 1 and message in " ".join(r.output.split()), r.output
    assert not (tmp_path / "r").exists()
