"""Small hostile inputs end with a clear message, each in under 2 GB.

The files are made here, small on disk: a workbook that declares a cell at XFD1048576, a
zip bomb, backtracking patterns, a preset that is /dev/zero or a pipe, 10,000 groups.
Where the danger is time, a test times the same work at two sizes and bounds the ratio:
a wall-clock limit fails on a loaded machine and passes a slow algorithm on a fast one.
"""

import io
import re
import os
import resource
import time
import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import CodebookError, InputFileError
from integraatio.survey import read_survey

runner = CliRunner()
FAST = ["--no-figures", "--no-exports", "--no-report"]


@pytest.fixture(autouse=True)
def bounded():
    """Each test must use less than 2 GB more memory."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) * 1024 < 2 * 2**30


def _fastest(work, repeats: int = 3) -> float:
    """Seconds of the fastest of ``repeats`` runs of ``work()``: the one least slowed by other
    work on the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def test_a_sparse_workbook_is_refused_before_it_is_loaded(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = "respondent_id"
    ws["XFD1048576"] = 1
    path = tmp_path / "sparse.xlsx"
    book.save(path)
    assert path.stat().st_size < 10_000
    with pytest.raises(InputFileError, match=r"declares 17179869184 cells \(up to column XFD, row 1048576\)"):
        read_survey(path, codebook=load_codebook())


@pytest.mark.slow
def test_a_zip_bomb_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * 300_000_000 + b"</worksheet>")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputFileError, match="grows .* times when unpacked .* zip bomb"):
        read_survey(path, codebook=load_codebook())


def _codebook_with(tmp_path, table: str):
    text = codebook_path().read_text(encoding="utf-8") + table
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "table",
    [
        "\n[wide]\npattern = '^(?P<target>(a+)+)(?P<item>b)$'\n",
        "\n[privacy]\nidentifying = ['(x+x+)+y']\n",
    ],
    ids=["wide-pattern", "privacy-identifying"],
)
def test_backtracking_patterns_run_in_linear_time(tmp_path, table):
    cb = _codebook_with(tmp_path, table)
    seconds = {}
    for n in (12, 24):
        wide = tmp_path / f"survey_{n}.csv"
        wide.write_text("respondent_id," + "a" * n + "," + "x" * n + "\nr1,1,2\n", encoding="utf-8")
        r = runner.invoke(app, ["validate", str(wide), "--codebook", str(cb)])
        assert r.exit_code == 1 and "Traceback" not in r.output  # an invalid survey, said at once
        seconds[n] = _fastest(lambda: runner.invoke(app, ["validate", str(wide), "--codebook", str(cb)]))
    # Headers twice as long at most double a linear-time match (the whole run, mostly fixed
    # costs, measured 0.8 to 1.0 times); backtracking doubles it with each character: with
    # Python's re in place of RE2 the 24-character run took 25 to 47 times the 12-character one.
    assert seconds[24] / seconds[12] < 3


def test_a_pattern_that_needs_backtracking_is_refused(tmp_path):
    cb = _codebook_with(tmp_path, "\n[wide]\npattern = '^(?=F)(?P<item>\\w+)_(?P<target>\\d+)$'\n")
    with pytest.raises(CodebookError, match="back-reference or look-around"):
        read_survey(survey_path("wide"), codebook=load_codebook(cb))


@pytest.mark.parametrize("preset", ["/dev/zero", "fifo"])
def test_a_preset_must_be_a_small_regular_file(tmp_path, preset):
    if preset == "fifo":
        os.mkfifo(tmp_path / "fifo")
        preset = str(tmp_path / "fifo")
    cb = _codebook_with(tmp_path, f"\n[wide]\npreset = '{preset}'\n")
    with pytest.raises(CodebookError, match="not a regular file"):
        read_survey(survey_path("wide"), codebook=load_codebook(cb))


def _codebook_of(tmp_path, n: int):
    """The shipped codebook with ``n`` more groups, 9.0 to 9.<n - 1>, before its own."""
    groups = "".join(
        f'\n[[groups]]\ncode = "9.{i}"\nfi = "Ryhmä {i}"\nen = "Group {i}"\norganiser = "municipality"\nresponds = true\n'
        for i in range(n)
    )
    text = codebook_path().read_text(encoding="utf-8")
    path = tmp_path / f"big_{n}.toml"
    path.write_text(text.replace("[[groups]]", groups.lstrip("\n") + "\n[[groups]]", 1), encoding="utf-8")
    return path


@pytest.mark.slow
def test_ten_thousand_groups_load_in_linear_time(tmp_path):
    small, big = _codebook_of(tmp_path, 1_250), _codebook_of(tmp_path, 10_000)
    assert len(load_codebook(big).codes) == 10_021
    # 8 times the groups take about 8 times as long when every look-up is linear (measured
    # 5 to 9 times); one quadratic look-up (list.count per code, before 14dae04) made it 22 to 40.
    assert _fastest(lambda: load_codebook(big)) / _fastest(lambda: load_codebook(small)) < 16


def test_a_huge_bootstrap_is_refused_with_what_fits(tmp_path):
    r = runner.invoke(app, ["run", "--bootstrap", "10000000", "--out", str(tmp_path / "o"), *FAST])
    assert r.exit_code == 2, r.output
    assert "--bootstrap 10000000 would keep about" in " ".join(r.output.split())
    assert "the largest value that fits is" in r.output and not (tmp_path / "o").exists()


def test_a_header_over_the_csv_field_limit(tmp_path):
    path = tmp_path / "wide_header.csv"
    path.write_text('respondent_id,"' + "x" * 200_000 + '"\nr1,1\n', encoding="utf-8")
    r = runner.invoke(app, ["validate", str(path)])
    assert r.exit_code == 1 and "Traceback" not in r.output


@pytest.mark.parametrize("char", ["\x01", "\ufeff", "\r"], ids=["U+0001", "BOM", "lone-CR"])
def test_control_characters_are_refused_where_they_come_in(tmp_path, char):
    import pandas as pd

    name = f"U+{ord(char):04X}"
    escaped = f"\\u{ord(char):04x}"  # TOML has no raw control characters, but its escapes make them
    # A codebook label ...
    text = codebook_path().read_text(encoding="utf-8").replace('fi = "Vanhuspalvelut"', f'fi = "Vanhus{escaped}palvelut"')
    (tmp_path / "codebook.toml").write_text(text, encoding="utf-8", newline="")
    with pytest.raises(CodebookError, match=rf"`groups\[1\]\.fi` holds the control character\(s\) {re.escape(name)}"):
        load_codebook(tmp_path / "codebook.toml")
    # ... a scenario description ...
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(f'[[scenarios]]\nname = "x"\ndescription = "a{escaped}b"\nmove = {{ "2.6" = "municipality" }}\n',
                         encoding="utf-8", newline="")
    r = runner.invoke(app, ["run", "--scenarios", str(scenarios), "--out", str(tmp_path / "o"), *FAST])
    assert r.exit_code == 1 and name in r.output and not (tmp_path / "o").exists()
    # ... and a municipality in the survey: row and column named.
    survey = pd.read_csv(survey_path(), dtype=str, keep_default_na=False)
    survey.loc[3, "municipality"] = f"Oulu{char}"
    survey.to_csv(tmp_path / "s.csv", index=False)
    r = runner.invoke(app, ["validate", str(tmp_path / "s.csv")])
    # (A lone CR in a CSV ends the line for the parser: reported as a split row, also on row 5.)
    assert r.exit_code == 1 and "row 5, column 'municipality'" in r.output
    assert name in r.output or (char == "\r" and "split the row" in " ".join(r.output.split()))


@pytest.mark.slow
def test_a_sav_declaring_fifty_million_cases(tmp_path):
    import struct

    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(20)], "FREQ_T01": [1.0] * 20})
    pyreadstat.write_sav(frame, str(tmp_path / "s.sav"))
    raw = bytearray((tmp_path / "s.sav").read_bytes())
    assert raw[:4] == b"$FL2" and struct.unpack("<i", raw[80:84]) == (20,)  # the header's case count
    raw[80:84] = struct.pack("<i", 50_000_000)
    (tmp_path / "big.sav").write_bytes(raw)
    assert len(raw) < 2000
    with pytest.raises(InputFileError, match="big.sav"):
        read_survey(tmp_path / "big.sav", codebook=load_codebook())


def test_a_cell_over_the_length_limit(tmp_path):
    from integraatio.limits import MAX_CELL_CHARS

    lines = survey_path().read_text(encoding="utf-8").splitlines()
    head, first = lines[0].split(","), lines[1].split(",")
    first[head.index("subgroup")] = "x" * (MAX_CELL_CHARS + 1)
    (tmp_path / "s.csv").write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["validate", str(tmp_path / "s.csv")])
    assert r.exit_code == 1 and "row 2, column 'subgroup'" in r.output
    assert f"holds {MAX_CELL_CHARS + 1} characters" in " ".join(r.output.split())
