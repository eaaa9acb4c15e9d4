"""Worker processes: jobs, errors, warnings and deaths come back to the caller; an
interrupted pool leaves no process behind; a script without a main guard runs once."""

import math
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from types import MappingProxyType

import pytest

from integraatio.workers import WorkerDied, Workers

def _running(pid: int) -> bool:
    """Whether ``pid`` runs: neither gone nor a zombie (dead, its exit not yet collected)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:  # gone since, or no /proc on this system (then it runs)
        return not stat.parent.parent.is_dir()


def _all_end(pids, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while any(_running(p) for p in pids) and time.monotonic() < end:
        time.sleep(0.05)
    return not any(_running(p) for p in pids)


def _identity_of_the_free_worker(pool: Workers) -> tuple[int, int]:
    """(pid, parent pid) of the worker not busy with a job started just before."""
    held = pool.submit(time.sleep, 0.5)
    time.sleep(0.1)  # the sleep has taken the first free worker
    identity = pool.submit(os.getpid).result(), pool.submit(os.getppid).result()
    held.result()
    return identity


@pytest.mark.parametrize("platform", [sys.platform, "darwin"])
def test_jobs_run_in_two_processes_forked_from_one_loaded_interpreter(monkeypatch, platform):
    # On Linux the second worker is a copy of the first, which loaded the libraries once;
    # elsewhere (macOS, Windows) each worker is an interpreter of its own.
    monkeypatch.setattr(sys, "platform", platform)
    with Workers(2) as pool:
        (a, parent_a), (b, parent_b) = _identity_of_the_free_worker(pool), _identity_of_the_free_worker(pool)
    assert len({a, b, os.getpid()}) == 3
    if platform.startswith("linux"):
        assert sorted([(parent_a, a), (parent_b, b)]) in (sorted([(os.getpid(), a), (a, b)]),
                                                          sorted([(os.getpid(), b), (b, a)]))
    else:
        assert parent_a == parent_b == os.getpid()


def test_results_errors_and_warnings_come_back():
    with Workers(1) as pool:
        assert pool.submit(math.factorial, 6).result() == 720
        assert pool.submit(len, MappingProxyType({"a": 1, "b": 2})).result() == 2  # frozen mappings travel
        with pytest.raises(ValueError, match="math domain error") as raised:
            pool.submit(math.sqrt, -1).result()
        assert raised.value.__notes__[0].startswith("Raised in a worker process:\nTraceback")
        with pytest.warns(UserWarning, match="from the worker"):
            pool.submit(warnings.warn, "from the worker").result()
        assert pool.submit(math.factorial, 3).result() == 6  # still serving


def test_a_job_that_kills_its_worker_ends_in_worker_died():
    with Workers(1) as pool:
        with pytest.raises(WorkerDied) as died:
            pool.submit(os._exit, 7).result()
    assert died.value.exitcode == 7
    with Workers(2) as pool:
        with pytest.raises(WorkerDied):
            pool.submit(os._exit, 7).result()
        assert pool.submit(math.factorial, 4).result() == 24  # the other worker goes on


def test_leaving_on_an_error_kills_every_worker_at_once():
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        with Workers(2) as pool:
            pids = [pool.submit(os.getpid).result() for _ in range(4)]
            busy = [pool.submit(time.sleep, 30) for _ in range(2)]
            time.sleep(0.2)
            raise KeyboardInterrupt
    assert time.perf_counter() - started < 10  # not after the 30 s jobs
    assert all(isinstance(job.exception(), WorkerDied) for job in busy)
    assert len(set(pids)) == 2 and _all_end(set(pids))


def test_a_normal_end_ends_every_worker():
    with Workers(2) as pool:
        pids = {_identity_of_the_free_worker(pool)[0], _identity_of_the_free_worker(pool)[0]}
    assert len(pids) == 2 and _all_end(pids, seconds=0.5)


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    # multiprocessing's spawn and forkserver start the parent's script again in every
    # child: a user's script that runs the analysis at its top level would start over.
    log = tmp_path / "ran.txt"
    script = tmp_path / "analysis.py"
    script.write_text(
        "import math\n"
        "from integraatio.workers import Workers\n"
        f"open({str(log)!r}, 'a').write('ran\\n')\n"
        "with Workers(2) as pool:\n"
        "    print(sum(f.result() for f in [pool.submit(math.factorial, k) for k in range(5)]))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "34"
    assert log.read_text(encoding="utf-8") == "ran\n"
