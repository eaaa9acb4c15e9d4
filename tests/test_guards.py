"""Guards against hostile or broken input, each at the case the older tests let through
(issue 28): the formula guard's tab, CR and NUL, a phone number of exactly 9 digits, a
lock file with no pid in it, and damage after a file's first MiB."""

import csv
import json
import os

import pandas as pd
import pytest

from integraatio.identifiers import emails, identity_codes, phones, sanitise
from integraatio.pipeline import verify, write_folder
from integraatio.results import inert, write_table

# --------------------------------------------------------------------------- formula guard


@pytest.mark.parametrize("start", ["\t", "\r", "\0", "=", "+", "-", "@"])
def test_every_formula_start_gets_an_apostrophe(start):
    # OWASP's CSV-injection rule: a text cell starting with any of these opens as a formula.
    assert inert(start + "cmd|' /C calc'!A0") == "'" + start + "cmd|' /C calc'!A0"


def _cells(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_written_tables_guard_tab_cr_and_nul_in_every_kind_of_text_column(tmp_path):
    # numpy reads "\0x" as "" when it looks at first characters (it pads with NUL): the
    # NUL-led cell must still be guarded, and a truly empty cell left empty.
    # A number stays a number (a decimal comma too); a missing cell stays empty. The frame's
    # index is not 0, 1, ...: the guarded columns must keep it.
    values = ["\t=1+1", "\r=1+1", "\0=1+1", "", "plain", "-2.5", "-2,5", "=A1", None]
    guarded = ["'\t=1+1", "'\n=1+1", "'\0=1+1", "", "plain", "-2.5", "-2,5", "'=A1", ""]  # the CR as a line feed: below
    frame = pd.DataFrame({"text": values, "category": pd.Categorical(values), "string": pd.array(values, dtype="string")},
                         index=range(10, 10 + len(values)))
    rows = _cells(write_table(frame, tmp_path / "t.csv", private=True))
    assert rows[0] == ["text", "category", "string"]
    assert [r[0] for r in rows[1:]] == [r[1] for r in rows[1:]] == [r[2] for r in rows[1:]] == guarded


def test_a_carriage_return_inside_a_cell_cannot_start_a_row(tmp_path):
    # Python's csv before 3.13 leaves a bare CR unquoted, and a spreadsheet ends the row there:
    # "x\r=1+1" would put =1+1 first in a row of its own. As a line feed the cell is quoted.
    # A categorical of numbers is looked at too, and left as it is.
    frame = pd.DataFrame({"a": ["x\r=1+1", "y\r\nz", "ok"], "b": pd.Categorical(["x\r=1+1", "ok", "ok"]), "n": [1, 2, 3],
                          "k": pd.Categorical([3, 1, 3])})
    path = write_table(frame, tmp_path / "t.csv", private=True)
    assert _cells(path) == [["a", "b", "n", "k"], ["x\n=1+1", "x\n=1+1", "1", "3"], ["y\nz", "ok", "2", "1"],
                            ["ok", "ok", "3", "3"]]
    assert path.read_text(encoding="utf-8").startswith('a,b,n,k\n"x\n=1+1","x\n=1+1",1,3\n')


def test_a_nul_led_cell_alone_in_its_column_is_guarded(tmp_path):
    # The one suspect cell is found through the blank-first-character look alone.
    rows = _cells(write_table(pd.DataFrame({"a": ["\0cmd", "ok"]}), tmp_path / "t.csv", private=True))
    assert rows == [["a"], ["'\0cmd"], ["ok"]]


# --------------------------------------------------------------------------- identifiers


def test_a_phone_number_of_exactly_nine_digits_is_found_and_eight_are_not():
    # "+" or "0", then at least 9 digits: 040 123 456 has 9, 040 123 45 has 8.
    assert phones("soita 040 123 456 tai 040 123 45") == ["040 123 456"]
    assert phones("+358 401 234 ja +358 40 123") == ["+358 401 234"]
    assert phones("tilaus 123 456 789") == []  # 9 digits, but neither + nor 0 first
    assert sanitise("puh. 040-123-456.") == "puh. [removed]."
    assert phones("soita 040-123-456- heti") == ["040-123-456"]  # the run's trailing dash is not the number's


def test_a_number_inside_a_longer_one_is_removed_after_it():
    # Longest first: replacing 0501234567 first would leave "+358 [removed]" of the longer one.
    assert sanitise("0501234567 tai +358 0501234567") == "[removed] tai [removed]"


def test_an_address_needs_a_name_and_a_dot_inside_its_domain():
    assert emails("@kunta.fi a@.fi. b@kunta. c@kunta.fi") == ["c@kunta.fi"]


def test_identity_codes_at_the_edges_of_the_calendar():
    # Check character = "0123456789ABCDEFHJKLMNPRSTUVWXY"[ddmmyynnn mod 31]:
    # 311299123 = 31 * 10041907 + 6 -> "6"; 321299123 = 31 * 10364487 + 26 -> "U";
    # 011399123 = 31 * 367713 + 20 -> "M". Day 31 is a date, day 32 and month 13 are not.
    assert identity_codes("311299-1236 321299-123U 011399-123M") == ["311299-1236"]


# --------------------------------------------------------------------------- results folder


def _write(files):
    def write(stage):
        for name, data in files.items():
            (stage / name).write_bytes(data)
        (stage / "manifest.json").write_text(json.dumps({"parameters": {}}), encoding="utf-8")
        return []

    return write


@pytest.mark.parametrize("held", ["", "\n", "run", " 123"])
def test_a_lock_file_without_a_pid_is_taken_over(tmp_path, held):
    # Left by a run killed while it wrote the lock (or by anything else of ours): no pid, no
    # live run, so the next run removes it and writes.
    lock = tmp_path / ".results.lock"
    lock.write_text(held, encoding="ascii")
    folder, manifest = write_folder(tmp_path / "results", _write({"a.txt": b"x"}))
    assert [f["name"] for f in manifest["files"]] == ["a.txt"] and verify(folder) == []
    assert not lock.exists()


def test_verify_hashes_the_whole_file_not_its_first_mib(tmp_path):
    # 1.5 MiB; one byte changed 10 bytes after the first MiB, the size unchanged.
    size, at = 3 << 19, (1 << 20) + 10
    folder, _ = write_folder(tmp_path / "results", _write({"big.bin": bytes(size), "small.txt": b"ok"}))
    assert verify(folder) == []
    with open(folder / "big.bin", "r+b") as f:
        f.seek(at)
        f.write(b"\1")
    assert os.path.getsize(folder / "big.bin") == size
    assert verify(folder) == ["big.bin: its SHA-256 differs from the manifest's."]
