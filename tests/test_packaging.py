"""The built wheel and sdist: what they carry, and the wheel installed into a fresh virtual
environment running the shipped analysis (the one-line install of the README)."""

import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["codebook.toml", "synthetic_survey.csv", "invitations.csv", "scenarios.toml", "design.toml",
           "presets/limesurvey.toml", "presets/qualtrics.toml", "presets/webropol.toml"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """``python -m build``, without build isolation: hatchling comes from the dev extra, so
    nothing is fetched."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_wheel_and_sdist_carry_the_survey_codebook_and_presets(dist):
    (wheel,), (sdist,) = dist.glob("*.whl"), dist.glob("*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"integraatio/survey_data/{f}" for f in SHIPPED} <= names
    assert "integraatio/cli.py" in names and "integraatio/messages.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert {f"survey_data/{f}" for f in SHIPPED} <= members and "pyproject.toml" in members


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_runs_the_shipped_analysis(dist, tmp_path):
    """A fresh venv gets only the wheel (``pip install --no-deps``); its dependencies come
    from this environment's site-packages through a ``.pth`` line, because the test must
    not download them (a full ``pip install integraatio-*.whl`` from the package index
    takes about a minute and 530 MB). A path from a ``.pth`` line is not itself a site
    directory, so this environment's editable install of integraatio stays invisible:
    the fresh venv imports the wheel's copy."""
    (wheel,) = dist.glob("*.whl")
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    here = sysconfig.get_paths()["purelib"]
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "dependencies.pth").write_text(here + "\n", encoding="utf-8")
    done = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run([python, "-c", "import integraatio; print(integraatio.__file__)"], capture_output=True, text=True,
                           cwd=tmp_path, check=True).stdout.strip()
    assert Path(where).is_relative_to(env)  # the wheel's copy, not the checkout's
    command = env / "bin" / "integraatio"
    version = subprocess.run([command, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("integraatio 0.") and version.stdout.strip()[-1].isdigit()
    done = subprocess.run([command, "run", "--out", "results", "--no-exports", "--lang", "en"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Read 5628 ratings from 268 respondents" in done.stdout  # the shipped survey, from inside the wheel
    for name in ("pairs.csv", "clusters.csv", "network.png", "matrix_heatmap.svg", "report.html", "manifest.json"):
        assert (tmp_path / "results" / name).stat().st_size > 0, name
