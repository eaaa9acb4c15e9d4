"""Identifying columns, pseudonyms, and no personal data in any output of a run."""

import hashlib
import hmac
import json
import re
import zipfile
import zlib

import layouts
import pandas as pd
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import UsageError, CodebookError
from integraatio.survey import read_survey
from integraatio.privacy import PSEUDONYM_ENV, identifying_columns, pseudonymise

KEY = "nF4qT8-xZ2pL0rWc7KvB1yH6sJ9dMgA3eU5iOoQtRbE"  # as `integraatio key` prints one (not a real one)


# Which columns identify a person.


@pytest.mark.parametrize(
    "name, reason",
    [
        ("RecipientEmail", "e-mail address"), ("Email Address", "e-mail address"), ("Sähköposti", "e-mail address"),
        ("s-posti", "e-mail address"), ("RespondentEmail", "e-mail address"), ("Etunimi", "name"),
        ("RecipientLastName", "name"), ("first_name", "name"), ("Vastaajan nimi", "name"), ("IPAddress", "IP address"),
        ("ipaddr", "IP address"), ("IP Address", "IP address"), ("Puhelinnumero", "phone number"),
        ("LocationLatitude", "location"), ("token", "contact token"), ("ExternalReference", "contact token"),
        ("Q7_22_TEXT", "free text"), ("Kommentti", "free text"),
        # Not identifying by name: job titles (nimike), metadata, a grouping variable.
        ("Tehtävänimike", None), ("lastpage", None), ("startlanguage", None), ("team", None), ("Tip", None),
    ],
)  # fmt: skip
def test_identifying_by_name(name, reason):
    found = identifying_columns(pd.DataFrame({name: ["a", "a", "b"]}))
    assert found.get(name) == reason


def test_identifying_by_content():
    # Each column has an innocent name; its cells give it away. "team" repeats few values;
    # "vuosi" holds numbers; "note2" has three different worded answers of three.
    frame = pd.DataFrame(
        {
            "info": ["", "ks. matti.m@kunta.fi", ""],
            "laite": ["10.0.0.1", "", "10.0.0.2"],
            "yhteys": ["+358 40 123 4567", "", ""],
            "tunnus": ["v1", "v2", "v3"],
            "note2": ["liian vähän aikaa", "hyvä kysely", "ei kommentoitavaa"],
            "team": ["tiimi a", "tiimi a", "tiimi b"],
            "vuosi": ["2019", "2020", "2021"],
        }
    )
    found = identifying_columns(frame, respondent_ids=pd.Series(["v1", "v2", " v3 "]))
    assert found == {
        "info": "e-mail address",
        "laite": "IP address",
        "yhteys": "phone number",
        "tunnus": "copy of the respondent id",
        "note2": "free text",
    }


def test_codebook_privacy_table_lists_and_keeps(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(
        codebook_path().read_text(encoding="utf-8") + '\n[privacy]\nidentifying = ["^Yhteyshenk"]\nkeep = ["Palaute"]\n',
        encoding="utf-8",
    )
    content = (
        "respondent_id,municipality,own_group,target_group,frequency,reciprocity,need,Yhteyshenkilö,Palaute\n"
        "r1,Oulu,2.1,2.2,3,3,3,Anna,hyvä\n"
    )
    (tmp_path / "s.csv").write_text(content, encoding="utf-8")
    survey = read_survey(tmp_path / "s.csv", codebook=load_codebook(path))
    assert survey.dropped_columns == {
        "Yhteyshenkilö": "identifies a person (listed in the codebook's [privacy] identifying): dropped at load"
    }
    assert survey.data["Palaute"].tolist() == ["hyvä"]  # kept although "palaute" marks free text


def test_bad_privacy_table(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + '\n[privacy]\nkeep = "Palaute"\n', encoding="utf-8")
    with pytest.raises(CodebookError, match=r"\[privacy\] `keep` must be a list of column names; got 'Palaute'"):
        read_survey(survey_path(), codebook=load_codebook(path))


# Pseudonyms.


def test_hmac_pseudonym_is_the_keyed_hash_truncated():
    ids = pd.Series(["r1", "r2", "r1", ""])
    got = pseudonymise(ids, key=KEY)
    by_hand = hmac.new(KEY.encode(), b"r1", hashlib.sha256).hexdigest()[:16]
    assert got.tolist()[:3] == [by_hand, got[1], by_hand] and got[1] != by_hand
    assert pd.isna(got[3])  # an empty id stays missing
    # A plain hash of the id is not what is written: it could be recomputed from a guess.
    assert by_hand != hashlib.sha256(b"r1").hexdigest()[:16]
    assert pseudonymise(ids, key=KEY + "x")[0] != by_hand


def test_sequential_ids_widen_past_9999():
    ids = pd.Series([f"id{i}" for i in range(10_000)])
    got = pseudonymise(ids)
    assert got.tolist()[:2] == ["R00001", "R00002"] and got.iloc[-1] == "R10000"


# Keys a person makes up, each refused for the reason named: too few bits by the estimate
# n * H (n characters, H the Shannon entropy of their frequencies), a repeated part, a run.
#   "kuntaliitto2020!": 16 characters, 11 kinds (t 3 times; i, 0, 2 twice; 7 once each):
#   H = -(3/16 log2 3/16 + 4 * 2/16 log2 2/16 + 7 * 1/16 log2 1/16) = 3.328, n * H = 53.2 bits.
WEAK = {
    "kuntaliitto2020!": "about 53 bits",
    "kuntaliitto2020!kuntaliitto2020!": "a part of it repeats",
    "Tampere2020!Vantaa2020!Oulu2020!": "about 112 bits",
    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF": "runs through neighbouring characters",
    "correct horse battery staple": "fewer than 128",
}


@pytest.mark.parametrize("key", WEAK)
def test_a_weak_key_is_refused_with_its_reason_and_how_to_make_one(key):
    with pytest.raises(UsageError, match=rf"The pseudonym key is too weak: .*{WEAK[key]}.*`integraatio key`"):
        pseudonymise(pd.Series(["r1"]), key=key)


def test_keys_the_tool_makes_pass():
    made = [runner.invoke(app, ["key"]).output.strip() for _ in range(3)]
    assert len(set(made)) == 3 and all(len(k) == 43 for k in made)  # 32 random bytes, base64url
    assert [pseudonymise(pd.Series(["r1"]), key=k)[0] for k in made]  # accepted
    assert pseudonymise(pd.Series(["r1"]), key=hashlib.sha256(b"seed").hexdigest())[0]  # 64 hex digits


def test_the_key_comes_from_a_file_or_the_environment_never_the_command_line(tmp_path):
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    fast = ["--no-figures", "--no-exports", "--no-report"]
    by_file = runner.invoke(app, ["run", "--out", str(tmp_path / "a"), "--pseudonym-key-file", str(key_file), *fast])
    by_env = runner.invoke(app, ["run", "--out", str(tmp_path / "b"), *fast], env={PSEUDONYM_ENV: KEY})
    assert by_file.exit_code == by_env.exit_code == 0, by_file.output + by_env.output
    first = pd.read_csv(tmp_path / "a" / "scores.csv", dtype=str)["respondent_id"]
    assert first.equals(pd.read_csv(tmp_path / "b" / "scores.csv", dtype=str)["respondent_id"])
    assert first[0] == hmac.new(KEY.encode(), b"R001", hashlib.sha256).hexdigest()[:16]
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "c"), "--pseudonym-key", KEY, *fast, "--lang", "en"])
    assert r.exit_code == 2 and "process list" in r.output and KEY not in r.output and not (tmp_path / "c").exists()


# A run on data with e-mail, name and free-text columns and guessable ids: no output holds them.

runner = CliRunner()


@pytest.fixture(scope="module")
def exposed(tmp_path_factory):
    """The shipped survey with distinctive raw ids and three columns that identify a person."""
    folder = tmp_path_factory.mktemp("exposed")
    raw = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    ids = {r: f"vastaaja-{i:03d}-q7" for i, r in enumerate(raw["respondent_id"].unique())}
    raw["respondent_id"] = raw["respondent_id"].map(ids)
    secrets = {
        "Sähköposti": raw["respondent_id"] + "@esimerkkikunta.fi",
        "Nimi": "Maija Meikäläinen " + raw["respondent_id"].str[9:12],
        "Vapaa sana": "Yhteistyö sujuu huonosti, soita " + raw["respondent_id"].str[9:12],
    }
    raw = raw.assign(**secrets)
    raw.to_csv(folder / "survey.csv", index=False)
    wide = folder / "survey.xlsx"
    layouts.webropol(raw, wide, load_codebook())  # its `Sähköposti` holds other addresses
    values = set(ids.values()) | {v for column in secrets.values() for v in column}
    return folder, values | {"@esimerkkikunta.fi", "@kunta.fi", "Meikäläinen", "soita"}


def as_text(path) -> str:
    """A file's text as a reader would find it: workbooks unzipped, PDF streams inflated."""
    raw = path.read_bytes()
    parts = [raw]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as book:
            parts = [book.read(name) for name in book.namelist()]
    elif path.suffix == ".pdf":
        for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, flags=re.DOTALL):
            try:
                parts.append(zlib.decompress(stream))
            except zlib.error:
                continue  # not a deflated stream
    return "\n".join(p.decode("utf-8", "replace") for p in parts)


def outputs(folder):
    """Every file of a run, as text."""
    return {p: as_text(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("key", [KEY, None], ids=["hmac", "sequential"])
@pytest.mark.slow
def test_no_output_holds_personal_data_or_raw_ids(exposed, tmp_path, key):
    folder, secrets = exposed
    env = {PSEUDONYM_ENV: key} if key else {}
    args = ["run", str(folder / "survey.csv"), "--out", str(tmp_path), "--compare-by", "size_class",
            "--permutations", "49", "--exclude-subgroup", "asumispalvelut"]  # fmt: skip
    # The figures once (they hold only group codes and labels); both ways of naming respondents.
    r = runner.invoke(app, args + ([] if key else ["--no-figures"]), env=env)
    assert r.exit_code == 0, r.output
    files = outputs(tmp_path)
    assert len(files) >= 10 and {"scores.csv", "exclusions.csv", "manifest.json"} <= {p.name for p in files}
    for path, text in files.items():
        leaked = sorted(s for s in secrets | {KEY} if s in text)
        assert not leaked, f"{path.name} holds {leaked[:3]}"
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["input"]
    assert manifest["respondent_ids"] == ("hmac-sha256" if key else "sequential")
    assert set(manifest["dropped_columns"]) == {"Sähköposti", "Nimi", "Vapaa sana"}
    scores = pd.read_csv(tmp_path / "scores.csv", dtype=str)
    pattern = r"[0-9a-f]{16}" if key else r"R\d{4}"
    assert scores["respondent_id"].str.fullmatch(pattern).all()
    assert "Sähköposti" not in scores.columns and "Nimi" not in scores.columns


def test_exclusions_list_every_unused_cell_and_the_manifest_reconciles(exposed, tmp_path):
    folder, _ = exposed
    r = runner.invoke(app, ["run", str(folder / "survey.csv"), "--out", str(tmp_path), "--no-figures"])
    assert r.exit_code == 0, r.output
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["input"]
    exclusions = pd.read_csv(tmp_path / "exclusions.csv", dtype=str, keep_default_na=False)
    ratings = exclusions[exclusions["column"] == ""]
    cells = exclusions[exclusions["column"] != ""]
    # 5,628 rows x 11 columns read; 3 columns dropped, so 3 x 5,628 cells excluded.
    assert manifest["rows_read"] == manifest["rows_scored"] + manifest["rows_excluded"] == 5628
    assert manifest["rows_excluded"] == len(ratings)
    assert manifest["cells_read"] == 5628 * 11 == manifest["cells_used"] + manifest["cells_excluded"]
    assert manifest["cells_excluded"] == len(cells) == 3 * 5628
    assert cells.groupby("column")["row"].nunique().to_dict() == dict.fromkeys(["Nimi", "Sähköposti", "Vapaa sana"], 5628)
    assert exclusions["row"].astype(int).is_monotonic_increasing


def test_wide_run_reconciles_cells_and_drops_the_email(exposed, tmp_path):
    folder, secrets = exposed
    codebook = tmp_path / "codebook.toml"
    table = layouts.webropol(pd.read_csv(survey_path(), dtype=str, keep_default_na=False), tmp_path / "w.xlsx", load_codebook())
    codebook.write_text(codebook_path().read_text(encoding="utf-8") + table, encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", str(folder / "survey.xlsx"), "--codebook", str(codebook), "--out", str(out), "--no-figures"])
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())  # a run speaks Finnish by default
    assert "huomautus: pudotettiin yksi sarake, josta henkilön voi tunnistaa: 'Sähköposti' (sähköpostiosoite)" in said  # why, in Finnish too
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["input"]
    # 268 respondents x (5 columns + 63 items) read; the e-mail column's 268 cells excluded.
    assert manifest["cells_read"] == 268 * 68 and manifest["cells_excluded"] == 268
    assert manifest["rows_read"] == 268 * 21 == manifest["rows_scored"] + manifest["rows_excluded"]
    for path, text in outputs(out).items():
        assert "@kunta.fi" not in text and "vastaaja-" not in text, path.name


@pytest.mark.slow
def test_every_published_breakdown_is_suppressed_below_min_n(exposed, tmp_path):
    folder, _ = exposed
    args = ["run", str(folder / "survey.csv"), "--out", str(tmp_path), "--no-figures", "--min-n", "12",
            "--compare-by", "size_class", "--permutations", "49"]  # fmt: skip
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    # Every table with a count or a suppression flag: a cell of fewer than 12 ratings shows no
    # statistic (pairs, matrix-like tables, comparisons and their tests, graph exports).
    statistics = ["mean", "sd", "median", "diff", "ci_low", "ci_high", "statistic", "p_value", "q_value"]
    checked, hidden_rows = set(), 0
    for path in tmp_path.rglob("*.csv"):
        table = pd.read_csv(path)
        hidden = pd.Series(False, index=table.index)
        if "n" in table.columns:
            hidden |= table["n"] < 12
            if "suppressed" in table.columns:
                assert table.loc[table["n"] < 12, "suppressed"].all(), path.name
        if "suppressed" in table.columns:
            hidden |= table["suppressed"].astype(bool)
        if {"n", "suppressed"} & set(table.columns):
            stats = [c for c in statistics if c in table.columns]
            assert table.loc[hidden, stats].isna().all().all(), path.name
            checked.add(path.name)
            hidden_rows += int(hidden.sum())
    # The threshold of 12 does suppress cells here, so the check bites.
    assert {"pairs.csv", "compare_size_class.csv", "compare_size_class_tests.csv"} <= checked and hidden_rows > 0


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_an_identifier_in_a_problem_is_never_shown(tmp_path, layout):
    # Respondent ids that are e-mail addresses, one respondent's first rating row (long)
    # or answer row (wide) repeated: the problem names the row, never the address, on the
    # console and in the problems file.
    data = pd.read_csv(survey_path(), dtype={"respondent_id": str, "own_group": str, "target_group": str})
    data["respondent_id"] = data["respondent_id"].str.lower() + "@kunta.fi"
    survey = tmp_path / f"survey_{layout}.csv"
    if layout == "long":
        pd.concat([data, data.iloc[[1]]]).to_csv(survey, index=False)
    else:
        from integraatio.survey import to_wide

        wide = to_wide(data)
        pd.concat([wide, wide.iloc[[0]]]).to_csv(survey, index=False)
    problems = tmp_path / "problems.csv"
    r = runner.invoke(app, ["validate", str(survey), "--problems", str(problems), "--all"])
    written = problems.read_text(encoding="utf-8")
    assert r.exit_code == 1 and "already" in r.output + written  # the repeat was found
    assert "@kunta.fi" not in r.output + written
    assert layout == "long" or "[removed]" in written  # the wide problem's value is the id itself
