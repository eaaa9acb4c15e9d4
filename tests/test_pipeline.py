"""One pipeline, two faces: `integraatio.run` and `integraatio run` write the same folder;
a results folder is complete or absent, checked against its manifest."""

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import integraatio
from integraatio.cli import app
from integraatio.datasets import data_dir, survey_path
from integraatio.pipeline import verify, write_folder
from integraatio.results import write_table

runner = CliRunner()
FAST = ["--no-figures", "--no-exports", "--no-report"]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {}),
        (
            ["--bootstrap", "12", "--compare-by", "size_class", "--scenarios", str(data_dir() / "scenarios.toml"),
             "--permutations", "99", "--lang", "en", "--no-figures"],  # figures: the default case
            {"bootstrap": 12, "compare_by": "size_class", "scenarios": data_dir() / "scenarios.toml",
             "permutations": 99, "lang": "en", "figures": False},
        ),
    ],
    ids=["default", "bootstrap-compare-scenarios"],
)
@pytest.mark.slow
def test_api_and_cli_write_the_same_bytes(tmp_path, args, options):
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "cli"), *args])
    assert r.exit_code == 0, r.output
    result = integraatio.run(out=tmp_path / "api", **options)
    cli, api = _digests(tmp_path / "cli"), _digests(tmp_path / "api")
    assert cli == api
    assert list(result.files) == sorted(cli.keys() - {"manifest.json"}) + ["manifest.json"]
    assert {"scores.csv", "pairs.csv", "clusters.csv", "report.html", "results.xlsx"} <= cli.keys()
    assert ("network.png" in cli) == options.get("figures", True)
    assert result.analysis.pairs["mean"].notna().any() and result.manifest["parameters"]["seed"] == 1


@pytest.mark.slow
def test_manifest_lists_every_file_and_names_no_folder(tmp_path):
    home = tmp_path / "home" / "matti.virtanen"  # a folder that names the analyst
    home.mkdir(parents=True)
    (home / "synthetic_survey.csv").write_bytes(survey_path().read_bytes())
    (home / "codebook.toml").write_bytes((data_dir() / "codebook.toml").read_bytes())
    out = tmp_path / "results"
    integraatio.run(home / "synthetic_survey.csv", out=out, codebook=home / "codebook.toml",
                    scenarios=data_dir() / "scenarios.toml")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == {p.name for p in out.iterdir()} - {"manifest.json"}
    for name, entry in listed.items():
        data = (out / name).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["input"]["path"] == "synthetic_survey.csv" and manifest["parameters"]["codebook"] == "codebook.toml"
    assert manifest["warnings"] == []
    for p in out.iterdir():
        data = p.read_bytes()
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        assert b"matti.virtanen" not in data and str(data_dir()).encode() not in data, p.name
    assert verify(out) == []


def test_verify_and_export_refuse_a_damaged_folder(tmp_path):
    out = tmp_path / "results"
    integraatio.run(out=out, figures=False)
    before = (out / "report.html").read_bytes()
    with (out / "pairs.csv").open("a", encoding="utf-8") as f:
        f.write("2.1,2.2,9,120.0,1.0,False\n")
    (out / "network.gexf").unlink()
    problems = verify(out)
    assert any(p.startswith("pairs.csv: ") and "bytes" in p for p in problems)
    assert "network.gexf: listed in the manifest but missing." in problems
    r = runner.invoke(app, ["verify", str(out)])
    assert r.exit_code == 1 and "network.gexf" in r.output
    r = runner.invoke(app, ["export", str(out)])
    assert r.exit_code == 1 and "does not match its manifest" in r.output
    assert (out / "report.html").read_bytes() == before


def test_export_keeps_the_folder_verified(tmp_path):
    out = tmp_path / "results"
    integraatio.run(out=out, figures=False, exports=False, report=False)
    r = runner.invoke(app, ["export", str(out), "--format", "gexf"])
    assert r.exit_code == 0, r.output
    assert (out / "network.gexf").is_file() and verify(out) == []


@pytest.mark.parametrize("weights", [None, data_dir() / "invitations.csv"], ids=["plain", "weighted"])
def test_a_run_returns_the_tables_as_read_survey_gives_them(tmp_path, weights):
    """A run groups, hashes and writes its text columns as categoricals (issue 26); what it
    returns has read_survey's text columns, so a notebook's text operations work on them
    (weighted: the scores' table has the weight column the survey's has not)."""
    from integraatio.codebook import load_codebook
    from integraatio.survey import read_survey

    r = integraatio.run(out=tmp_path / "r", figures=False, exports=False, report=False, weights=weights)
    pd.testing.assert_frame_equal(r.survey.data, read_survey(survey_path(), codebook=load_codebook()).data)
    scored = r.analysis.scores.data
    assert ("survey_weight" in scored) == (weights is not None)
    assert (scored["municipality"] + " B").str.endswith(" B").all()
    assert all(str(scored[c].dtype) == "str" for c in ("respondent_id", "municipality", "size_class", "subgroup"))


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda d: None, 2, "--out is empty"),
        (lambda d: (d / "file").write_text("x"), 1, "exists and is not a folder"),
        (lambda d: ((d / "file").mkdir(), (d / "file" / "notes.txt").write_text("mine")), 1, "no manifest.json"),
    ],
    ids=["empty", "a-file", "foreign-folder"],
)
def test_out_that_cannot_be_a_results_folder(tmp_path, make, code, message):
    make(tmp_path)
    out = "" if code == 2 else str(tmp_path / "file")
    r = runner.invoke(app, ["run", "--out", out, *FAST, "--lang", "en"])
    assert r.exit_code == code, r.output
    assert message in " ".join(r.output.split())
    assert "Traceback" not in r.output


def test_input_inside_out_is_never_overwritten(tmp_path):
    out = tmp_path / "results"
    integraatio.run(out=out, figures=False, exports=False, report=False)
    mine = out / "scores.csv"
    (out / "survey.csv").write_bytes(survey_path().read_bytes())
    r = runner.invoke(app, ["run", str(out / "survey.csv"), "--out", str(out), *FAST])
    assert r.exit_code == 1 and "inside --out" in r.output
    assert (out / "survey.csv").read_bytes() == survey_path().read_bytes() and mine.is_file()


def test_a_planted_symlink_is_not_followed(tmp_path):
    out, elsewhere = tmp_path / "results", tmp_path / "elsewhere.html"
    integraatio.run(out=out, figures=False, exports=False, report=False)
    elsewhere.write_text("precious", encoding="utf-8")
    (out / "report.html").symlink_to(elsewhere)
    integraatio.run(out=out, figures=False, exports=False)
    assert elsewhere.read_text(encoding="utf-8") == "precious"
    assert not (out / "report.html").is_symlink() and verify(out) == []


@pytest.mark.slow
def test_a_rerun_never_mixes_in_an_earlier_runs_files(tmp_path):
    out = tmp_path / "results"
    integraatio.run(out=out, exports=False, report=False)
    assert (out / "network.png").is_file()
    integraatio.run(out=out, figures=False, exports=False, report=False)
    assert not (out / "network.png").exists() and verify(out) == []


def _started(pid: int) -> str:
    """Field 22 of /proc/<pid>/stat (proc(5)): when the process started, which tells it
    from a later process that is given the same pid."""
    return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[19]


def test_a_second_run_is_kept_out_while_one_writes(tmp_path):
    out = tmp_path / "results"
    lock = tmp_path / ".results.lock"
    lock.write_text(f"{os.getpid()} {_started(os.getpid())}", encoding="ascii")  # a live run holds it
    r = runner.invoke(app, ["run", "--out", str(out), *FAST, "--lang", "en"])
    assert r.exit_code == 1 and "Another run" in r.output and not out.exists()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock.write_text(dead.stdout.strip(), encoding="ascii")  # left by a killed run: taken over
    r = runner.invoke(app, ["run", "--out", str(out), *FAST])
    assert r.exit_code == 0, r.output
    assert not lock.exists() and verify(out) == []


@pytest.mark.parametrize("held", ["1", f"1 {_started(1)}0", "", "not a lock"])
def test_a_lock_naming_a_process_that_is_no_run_is_taken_over(tmp_path, held):
    # pid 1 is always alive: only its start time shows that no run of ours holds the lock
    (tmp_path / ".results.lock").write_text(held, encoding="ascii")
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "results"), *FAST])
    assert r.exit_code == 0, r.output


def _foreign(path: Path, monkeypatch) -> None:
    """Make ``path`` another account's: given away where this user may (root, as in CI),
    else this user is made to look like another one to the run."""
    if os.geteuid() == 0:
        os.chown(path, 4321, 4321, follow_symlinks=False)
    else:
        owner = os.lstat(path).st_uid
        monkeypatch.setattr(os, "geteuid", lambda: owner + 1)


@pytest.mark.parametrize("kind", ["another account's lock", "a link", "a folder"])
def test_a_lock_that_is_not_ours_is_named_in_one_line(tmp_path, kind, monkeypatch):
    lock = tmp_path / ".results.lock"
    target = tmp_path / "precious"
    target.write_text("1", encoding="ascii")
    if kind == "a link":
        lock.symlink_to(target)
    elif kind == "a folder":
        lock.mkdir()
    else:
        lock.write_text("1", encoding="ascii")
        _foreign(lock, monkeypatch)
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "results"), *FAST])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert f"{lock} is in the way of the lock of --out" in r.output.replace("\n", "")
    assert lock.exists() or lock.is_symlink()
    assert target.read_text(encoding="ascii") == "1" and not (tmp_path / "results").exists()


def test_planted_staging_and_old_entries_are_passed_over(tmp_path):
    planted = [tmp_path / ".results.staging-x", tmp_path / ".results.old-x", tmp_path / ".results.staging-1-ab"]
    # A dead pid's name, but another account's folder: only root can hand one over (CI runs as root).
    foreign = [tmp_path / f".results.staging-{2**22 + 7}-cd"] if os.geteuid() == 0 else []
    for p in [*planted, *foreign]:
        p.mkdir()
        (p / "keep").write_text("x", encoding="ascii")
    for p in foreign:
        _foreign(p, None)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / f".results.staging-{dead.stdout.strip()}-ef"  # ours, left by a killed run
    leftover.mkdir()
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "results"), *FAST])
    assert r.exit_code == 0, r.output
    assert all((p / "keep").is_file() for p in [*planted, *foreign]) and not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".results.")) == sorted(
        p.name for p in [*planted, *foreign])


def test_respondent_files_are_private_from_the_first_byte(tmp_path):
    seen = {}

    def write(stage: Path) -> list[str]:
        seen["stage"] = stat.S_IMODE(stage.stat().st_mode)
        write_table(pd.DataFrame({"a": [1]}), stage / "scores.csv", private=True)
        seen["scores"] = stat.S_IMODE((stage / "scores.csv").stat().st_mode)
        (stage / "manifest.json").write_text("{}", encoding="utf-8")
        return []

    old = os.umask(0o022)
    try:
        write_folder(tmp_path / "sealed", write)
        out = tmp_path / "results"
        integraatio.run(out=out, figures=False, exports=False, report=False)
        problems = tmp_path / "problems.csv"
        problems.write_text("", encoding="utf-8")
        os.chmod(problems, 0o644)  # an earlier file keeps no wider mode
        bad = tmp_path / "bad.csv"
        bad.write_text(survey_path().read_text(encoding="utf-8").replace(",2.1,", ",9.9,", 1), encoding="utf-8")
        assert runner.invoke(app, ["validate", str(bad), "--problems", str(problems)]).exit_code == 1
    finally:
        os.umask(old)
    mode = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [out, *out.iterdir(), problems]}
    assert seen == {"stage": 0o700, "scores": 0o600}
    assert mode.pop("scores.csv") == mode.pop("exclusions.csv") == mode.pop("problems.csv") == 0o600
    assert set(mode.values()) == {0o755, 0o644} and mode["results"] == 0o755 and mode["pairs.csv"] == 0o644


CLI = [sys.executable, "-c", "from integraatio.cli import app; app()"]


@pytest.mark.parametrize("after", [0.5, 2.0, 4.5])
@pytest.mark.slow
def test_a_killed_run_leaves_the_old_folder_or_the_new_one(tmp_path, after):
    out = tmp_path / "results"
    integraatio.run(out=out, figures=False, exports=False, report=False, seed=3)
    old = _digests(out)
    proc = subprocess.Popen([*CLI, "run", "--out", str(out), "--seed", "4"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if out.exists():
        assert verify(out) == []
        now = _digests(out)
        assert now == old or json.loads((out / "manifest.json").read_text())["parameters"]["seed"] == 4
    r = runner.invoke(app, ["run", "--out", str(out), *FAST])  # the next run cleans up and succeeds
    assert r.exit_code == 0, r.output
    assert [p.name for p in tmp_path.iterdir()] == ["results"]


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used (fields 14 and 15 of /proc/<pid>/stat, in clock ticks):
    how far its work has gone, whatever the load of the machine."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
def test_ctrl_c_says_nothing_was_written(tmp_path):
    out = tmp_path / "results"
    # SIGINT back to its default in the child: a test run started in the background
    # (`make test &`) passes SIGINT on as ignored, and Python then never sees Ctrl-C.
    proc = subprocess.Popen([*CLI, "run", "--out", str(out), "--bootstrap", "50000", "--lang", "en"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    while _cpu_seconds(proc.pid) < 2.5:  # past start-up and reading, inside the 50,000 replicates
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted; nothing was written" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.slow
def test_figure_formats_choose_what_every_figure_is_saved_as(tmp_path):
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "pdf"), "--figure-formats", "pdf", "--no-exports", "--no-report"])
    assert r.exit_code == 0, r.output
    drawn = sorted(p.name for p in (tmp_path / "pdf").iterdir() if p.suffix in (".png", ".svg", ".pdf"))
    # The network in the contract's three formats whatever is asked; every other figure as asked.
    assert {"network.png", "network.svg", "network.pdf", "matrix_heatmap.pdf", "boundary_scenarios.pdf"} <= set(drawn)
    assert [n for n in drawn if not n.startswith("network.") and not n.endswith(".pdf")] == []
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "bad"), "--figure-formats", "png,bmp"])
    assert r.exit_code == 2 and "`figure format` must be one of png, svg, pdf; got 'bmp'" in r.output
    assert not (tmp_path / "bad").exists()


def test_view_needs_compare_by(tmp_path):
    r = runner.invoke(app, ["run", "--out", str(tmp_path / "r"), "--view", "2.2", *FAST, "--lang", "en"])
    assert r.exit_code == 2 and "add --compare-by" in r.output and not (tmp_path / "r").exists()


@pytest.mark.slow
def test_two_runs_at_once_leave_one_consistent_folder(tmp_path):
    out = tmp_path / "results"
    procs = [
        subprocess.Popen([*CLI, "run", "--out", str(out), "--measure", measure, *FAST, "--lang", "en"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for measure in ("composite", "frequency")
    ]
    done = [(p.returncode, err) for p in procs for _, err in [p.communicate(timeout=120)]]
    assert all(code == 0 or (code == 1 and "Another run" in err) for code, err in done), done
    assert verify(out) == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    scores = (out / "scores.csv").read_text(encoding="utf-8").splitlines()[1]
    assert scores.split(",")[-2] == manifest["parameters"]["measure"]  # tables and manifest from one run


@pytest.mark.slow
def test_stability_after_run_gives_a_folder_with_both(tmp_path):
    out = tmp_path / "results"
    assert runner.invoke(app, ["run", "--out", str(out), "--no-figures"]).exit_code == 0
    r = runner.invoke(app, ["stability", "--out", str(out), "--bootstrap", "20", "--sweep", "1", "--sweep-replicates",
                            "5", "--no-figures"])
    assert r.exit_code == 0, r.output
    report = (out / "report.html").read_text(encoding="utf-8")
    assert verify(out) == [] and 'id="boundary"' in report and "resolution_sweep" in report
    assert "stability" in (out / "clusters.csv").read_text(encoding="utf-8").splitlines()[0]


def test_an_out_that_cannot_be_written_is_one_line(tmp_path):
    r = runner.invoke(app, ["run", "--out", "/proc/integraatio-results", *FAST])
    assert r.exit_code == 1 and r.output.startswith("virhe: tiedostoa tai kansiota") and "Traceback" not in r.output  # a run speaks Finnish by default


@pytest.mark.parametrize(
    "options",
    [{}, {"bootstrap": 12, "compare_by": "size_class", "view": ["2.2"], "exclude_subgroup": ["asumispalvelut"],
          "scenarios": data_dir() / "scenarios.toml", "sweep": [1.0], "sweep_replicates": 3, "lang": "en"}],
    ids=["default", "every-figure"],
)
@pytest.mark.slow
def test_every_figure_is_drawn_once(tmp_path, monkeypatch, options):
    # Scenarios that draw the same boundary share one drawing, copied under their names.
    from integraatio import results

    drawn = []
    render = results.render

    def counted(spec):
        drawn.append(spec.stem.name)
        return render(spec)

    monkeypatch.setattr(results, "render", counted)
    r = integraatio.run(out=tmp_path / "r", **options)
    assert sorted(drawn) == sorted(set(drawn))
    saved = {Path(f).stem for f in r.files if f.endswith(".png")}
    shared = {name for name in saved if name.startswith("boundary_network_")} - set(drawn)
    assert set(drawn) | shared == saved and len(saved) >= (8 if options else 6)
