"""No identifier leaves through an output: every kind planted, every output searched."""

import re
import zipfile
import zlib

import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.datasets import load_example, survey_path
from integraatio.survey import to_wide
from integraatio.identifiers import identity_codes, sanitise

runner = CliRunner()
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def _hetu(i: int, sign: str) -> str:
    """A valid Finnish identity code: ddmmyy, century sign, nnn, check = (ddmmyynnn mod 31)."""
    date, number = f"{1 + i % 28:02d}{1 + i % 12:02d}{50 + i % 40:02d}", f"{100 + i:03d}"
    return f"{date}{sign}{number}{CHECK[int(date + number) % 31]}"


SECRETS = ["Virtanen", "040-1234567", "131052-308T", "anna.k@kunta.fi", "7654321", "0501112223"]
EMAIL_HEADER = "Lisätietoja antaa anna.k@kunta.fi"


def _planted(frame: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    first = ids.iloc[0]
    hetus = {r: _hetu(i, "-ABCDEFYXWVU+"[i % 13]) for i, r in enumerate(pd.unique(ids))}
    return frame.assign(**{
        "Kommentti": ids.map({first: "Terveisin Matti Virtanen, puh. 040-1234567, hetu 131052-308T"}).fillna(""),
        "Henkilötunnus": ids.map(hetus),
        "Huom": ids.map({first: "131052-308U"}).fillna(""),  # not a valid code: kept, and published nowhere
        EMAIL_HEADER: ids.map({first: "Soita minulle numeroon 0501112223 tai 7654321 kiitos"}).fillna(""),
    }), list(hetus.values())


def _outputs_text(folder) -> str:
    parts = []
    for p in sorted(folder.iterdir()):
        data = p.read_bytes()
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as z:
                parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        elif p.suffix == ".pdf":
            parts.append(data.decode("latin-1"))
            for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
                try:
                    parts.append(zlib.decompress(m.group(1)).decode("latin-1"))
                except zlib.error:
                    continue
        else:
            parts.append(data.decode("utf-8", "replace"))  # PNG text chunks are plain bytes
    return "\n".join(parts)


@pytest.mark.parametrize("layout", ["long", "wide"])
@pytest.mark.slow
def test_no_identifier_reaches_any_output(tmp_path, layout):
    if layout == "long":
        frame = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    else:
        frame = to_wide(load_example()).astype(object)
        frame = frame.where(frame.notna(), "").astype(str)
    frame, hetus = _planted(frame, frame["respondent_id"])
    frame.to_csv(tmp_path / "survey.csv", index=False)
    r = runner.invoke(app, ["run", str(tmp_path / "survey.csv"), "--out", str(tmp_path / "out"), "--bootstrap", "5",
                            "--compare-by", "size_class", "--permutations", "99"])
    assert r.exit_code == 0, r.output
    text = _outputs_text(tmp_path / "out")
    for secret in [*SECRETS, *hetus, "131052-308U", "Matti"]:
        assert secret not in text, secret
    assert "Lisätietoja antaa [removed]" in (tmp_path / "out" / "exclusions.csv").read_text(encoding="utf-8")
    scores = pd.read_csv(tmp_path / "out" / "scores.csv", nrows=1)
    assert "Huom" not in scores.columns and "Henkilötunnus" not in scores.columns
    for column in ("Henkilötunnus", "Kommentti"):
        r = runner.invoke(app, ["compare", str(tmp_path / "survey.csv"), "--by", column, "--out", str(tmp_path / "c"),
                                "--no-figures", "--lang", "en"])
        assert r.exit_code == 1 and "identifies a person" in r.output and "Traceback" not in r.output
        assert not (tmp_path / "c").exists()


def test_an_identifying_grouping_column_is_refused(tmp_path):
    frame = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    frame["Ryhmä"] = frame["respondent_id"].map(lambda r: _hetu(int(r[1:]) % 97, "A"))  # no name to give it away
    frame.to_csv(tmp_path / "s.csv", index=False)
    # Dropped at load by content: not a column of the survey as read.
    r = runner.invoke(app, ["run", str(tmp_path / "s.csv"), "--keep-columns", "Ryhmä", "--out", str(tmp_path / "o"),
                            "--no-figures", "--no-exports", "--no-report"])
    assert r.exit_code == 1 and "'Ryhmä' identifies a person (personal identity code)" in r.output
    # A column that identifies nobody is kept in scores.csv, and only when asked.
    frame["Tiimi"] = frame["own_group"].map(lambda g: "A" if g < "2.5" else "B")
    frame.to_csv(tmp_path / "s.csv", index=False)
    r = runner.invoke(app, ["run", str(tmp_path / "s.csv"), "--keep-columns", "Tiimi", "--out", str(tmp_path / "o"),
                            "--no-figures", "--no-exports", "--no-report"])
    assert r.exit_code == 0, r.output
    assert "Tiimi" in pd.read_csv(tmp_path / "o" / "scores.csv", nrows=1).columns


def test_identity_codes_of_every_century_and_no_false_ones():
    valid = [_hetu(i, sign) for i, sign in enumerate("+-YXWVUABCDEF")]
    assert identity_codes(" ".join(valid)) == valid
    broken = [v[:-1] + CHECK[(CHECK.index(v[-1]) + 1) % 31] for v in valid]
    assert identity_codes(" ".join(broken)) == []
    assert sanitise(f"tunnus {valid[0]}.") == "tunnus [removed]."


def test_detectors_are_linear_in_the_cell_length():
    # Against a baseline measured here, not a wall time: cells 4 times as long take about 4
    # times as long to scan, never the 16 times of a backtracking (quadratic) search.
    import time

    from integraatio.privacy import identifying_columns

    def seconds(k):  # k = 1: 150 KB cells without a space
        frame = pd.DataFrame({"x": ["a@" * 75_000 * k + "x" * 1000 * k, "0" * 150_000 * k, "1-" * 75_000 * k]})
        best = float("inf")
        for _ in range(3):  # the fastest of three: another process may hold the CPU
            start = time.perf_counter()
            identifying_columns(frame)
            best = min(best, time.perf_counter() - start)
        return best

    short, long = seconds(1), seconds(4)
    assert long / short < 8, (short, long)
