"""Every file a run writes names its encoding (issue 28: the writers' ``encoding="utf-8"`` was
dropped by mutants no test could see on a UTF-8 machine).

Under a locale whose encoding is ASCII, ``open()`` without an encoding cannot write an ä: a full
run with exports and the Finnish labels then stops with UnicodeEncodeError. Windows' cp1252 is
the case users meet (it has ä but not every character a label may hold); ASCII is the strictest.
The console stays UTF-8 (``PYTHONIOENCODING``): this is about files, not the terminal.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ASCII = {"PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "utf-8"}


def _env():
    return {**{k: v for k, v in os.environ.items() if not k.startswith("LC_")}, **ASCII}


def test_the_environment_really_writes_ascii(tmp_path):
    """The check below means something only if a file opened without an encoding is ASCII here."""
    code = "import sys; open(sys.argv[1], 'w').write('ä')"
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.txt")], env=_env(), capture_output=True, text=True)
    assert done.returncode != 0 and "UnicodeEncodeError" in done.stderr


@pytest.mark.slow
def test_a_full_run_writes_its_files_as_utf8_whatever_the_locale(tmp_path):
    cli = Path(sys.executable).with_name("integraatio")
    done = subprocess.run([str(cli), "run", "--out", str(tmp_path / "out"), "--lang", "fi"], env=_env(),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    # The labels' ä and ö reached the interchange files, as UTF-8.
    for name in ("vosviewer_map.txt", "network.net", "network.graphml", "gephi_nodes.csv", "clusters.csv"):
        text = (tmp_path / "out" / name).read_bytes().decode("utf-8")
        assert any(ord(ch) > 127 for ch in text), name
