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


def _closure(wheel: Path) -> set[str]:
    """The distributions that ``pip install`` of ``wheel`` brings: its ``Requires-Dist``
    without extras, and theirs, recursively, as installed here."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    with zipfile.ZipFile(wheel) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode("utf-8")
    todo = [line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    found: set[str] = set()
    while todo:
        req = Requirement(todo.pop())
        name = canonicalize_name(req.name)
        if name in found or (req.marker is not None and not req.marker.evaluate({"extra": ""})):
            continue
        found.add(name)
        todo += metadata.distribution(name).requires or []
    return found


def _site_of(names: set[str], folder: Path) -> Path:
    """A folder with links to the files of ``names`` only (their packages, modules and
    metadata in this environment's site-packages): what a fresh install would have."""
    from importlib import metadata

    from packaging.utils import canonicalize_name

    here = Path(sysconfig.get_paths()["purelib"])
    folder.mkdir()
    for dist in metadata.distributions():
        if canonicalize_name(dist.metadata["Name"]) in names:
            for top in {f.parts[0] for f in dist.files or () if f.parts[0] != ".."}:
                if (here / top).exists() and not (folder / top).exists():
                    (folder / top).symlink_to(here / top)
    return folder


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_gives_the_clusters_and_stability_of_the_dev_install(dist, tmp_path):
    """A fresh venv gets the wheel (``pip install --no-deps``) and, through a ``.pth``
    line, exactly the dependencies the wheel declares, taken from this environment: what
    ``pip install .`` would bring, without downloading it (about a minute and 530 MB). So a
    dependency the results need but the wheel leaves to an extra is missing there, as it
    would be for a user, and the run's clusters and stability differ from this
    environment's (the engine fell back). This environment's editable install of
    integraatio stays invisible: the fresh venv imports the wheel's copy."""
    (wheel,) = dist.glob("*.whl")
    needed = _closure(wheel)
    assert {"numpy", "pandas", "networkx", "igraph"} <= needed and "pytest" not in needed
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "dependencies.pth").write_text(f"{_site_of(needed, tmp_path / 'deps')}\n", encoding="utf-8")
    done = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run([python, "-c", "import integraatio; print(integraatio.__file__)"], capture_output=True, text=True,
                           cwd=tmp_path, check=True).stdout.strip()
    assert Path(where).is_relative_to(env)  # the wheel's copy, not the checkout's
    command = env / "bin" / "integraatio"
    version = subprocess.run([command, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("integraatio 0.") and version.stdout.strip()[-1].isdigit()
    args = ["run", "--bootstrap", "100", "--no-exports", "--lang", "en"]
    done = subprocess.run([command, *args, "--out", "fresh"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Read 5628 ratings from 268 respondents" in done.stdout  # the shipped survey, from inside the wheel
    for name in ("pairs.csv", "clusters.csv", "network.png", "matrix_heatmap.svg", "report.html", "manifest.json"):
        assert (tmp_path / "fresh" / name).stat().st_size > 0, name
    dev = subprocess.run([sys.executable, "-c", "from integraatio.cli import app; app()", *args, "--no-figures",
                          "--out", "dev"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert dev.returncode == 0, dev.stdout + dev.stderr
    for name in ("clusters.csv", "bootstrap_summary.json"):  # clusters, stability and replicate agreement
        assert (tmp_path / "fresh" / name).read_bytes() == (tmp_path / "dev" / name).read_bytes(), name
