"""Worker processes: figures drawn while the rest of a run is written, and readers that
may crash kept out of the user's Python.

A worker is a fresh interpreter started from ``sys.executable``. multiprocessing's
``spawn`` and ``forkserver`` re-run the parent's main script in every child, so a script
that calls :func:`integraatio.run` without an ``if __name__ == "__main__"`` guard would
start over in each of them; ``fork`` copies a process whose threads (a progress bar, a
notebook's kernel) may hold locks. Jobs and their results travel pickled over the
child's standard input and output, each frame prefixed by its length.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

__all__ = ["WorkerDied", "Workers", "available_cpus", "dumps", "serve"]

_LENGTH = struct.Struct("<Q")


def _frozen(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


# Frozen mappings (codebooks, scenarios) pickle as the dict they wrap, here only: the
# process-wide pickle rules stay as they are.
_DISPATCH = copyreg.dispatch_table | {MappingProxyType: lambda m: (_frozen, (dict(m),))}
# The folder that holds this package: a checkout that is not installed is found too.
_ROOT = str(Path(__file__).resolve().parent.parent)
_BOOT = (f"import sys; sys.path.insert(0, {_ROOT!r}) if {_ROOT!r} not in sys.path else None; "
         "from integraatio.workers import serve; serve()")


class WorkerDied(RuntimeError):
    """A worker process ended without answering (a crash in a C library, or killed)."""

    def __init__(self, exitcode: int | None):
        super().__init__(f"a worker process ended without an answer (exit code {exitcode})")
        self.exitcode = exitcode


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def dumps(obj: Any) -> bytes:
    """``obj`` pickled as a worker receives it (frozen mappings as the dicts they wrap)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(obj)
    return buffer.getvalue()


def _send(stream: BinaryIO, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream: BinaryIO) -> bytes | None:
    """One frame, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    payload = stream.read(_LENGTH.unpack(head)[0])
    return payload if len(payload) == _LENGTH.unpack(head)[0] else None


class Workers:
    """A pool of worker processes that run module-level functions.

    The workers start at once and import ``preload`` while the caller goes on, so that the
    first job finds its libraries loaded. On Linux one fresh interpreter loads them and
    forks the other workers from itself: the libraries are loaded once.
    Use as a context manager: on a normal exit the workers finish their jobs and end; on
    an error or an interrupt they are killed.

    Parameters
    ----------
    processes : int
        How many workers.
    preload : sequence of str
        Modules the workers import before their first job.

    Examples
    --------
    >>> import math
    >>> with Workers(2) as pool:
    ...     [f.result() for f in [pool.submit(math.factorial, 5), pool.submit(math.factorial, 6)]]
    [120, 720]
    """

    def __init__(self, processes: int, *, preload: Sequence[str] = ()):
        command = [sys.executable, "-P", "-c", _BOOT]
        # Fork only on Linux: macOS's system libraries are not safe to use in a forked copy
        # (why Python itself starts processes afresh there).
        if processes > 1 and sys.platform.startswith("linux"):
            pipes = [(os.pipe(), os.pipe()) for _ in range(processes)]  # (jobs, answers) per worker
            theirs = [(jobs[0], answers[1]) for jobs, answers in pipes]
            ends = ",".join(f"{r}:{w}" for r, w in theirs)
            # A session of their own: killed as one group, and out of reach of the terminal's Ctrl-C.
            self._processes = [subprocess.Popen([*command, ends, *preload], pass_fds=[fd for pair in theirs for fd in pair],
                                                start_new_session=True)]
            for fd in (fd for pair in theirs for fd in pair):
                os.close(fd)
            channels = [(os.fdopen(jobs[1], "wb"), os.fdopen(answers[0], "rb")) for jobs, answers in pipes]
        else:
            self._processes = [subprocess.Popen([*command, "-", *preload], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                               for _ in range(processes)]
            channels = [(child.stdin, child.stdout) for child in self._processes]
        self._channels = channels
        self._idle: queue.SimpleQueue = queue.SimpleQueue()
        for channel in channels:
            self._idle.put(channel)
        self._threads = ThreadPoolExecutor(max_workers=processes, thread_name_prefix="integraatio-worker")
        self._closed = False

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn(*args, **kwargs)`` in the next free worker.

        ``fn`` and its arguments are pickled here, so an argument that cannot be sent fails
        at once. The future's result is the function's; its exception is the function's
        (with the worker's traceback as a note), or :class:`WorkerDied`. Warnings raised
        in the worker are raised again here when the result arrives.
        """
        return self._threads.submit(self._call, dumps((fn, args, kwargs)))

    def _call(self, job: bytes) -> Any:
        channel = self._idle.get()
        try:
            _send(channel[0], job)
            answer = _receive(channel[1])
        except (BrokenPipeError, OSError, ValueError):  # ValueError: the pool was closed meanwhile
            answer = None
        if answer is None:
            raise WorkerDied(self._ended(channel))
        self._idle.put(channel)
        outcome, value, caught, trace = pickle.loads(answer)
        for message, category, filename, lineno in caught:
            warnings.warn_explicit(message, category, filename, lineno)
        if outcome == "error":
            value.add_note(f"Raised in a worker process:\n{trace}")
            raise value
        return value

    def _ended(self, channel) -> int | None:
        """The exit code of the worker behind ``channel`` (None for a forked one), killed if it still runs."""
        if len(self._processes) == len(self._channels):  # one process per worker
            child = self._processes[self._channels.index(channel)]
            child.kill()
            return child.wait()
        return None

    def close(self, *, kill: bool = False) -> None:
        """End the workers: after the jobs submitted, or at once with ``kill``."""
        if self._closed:
            return
        self._closed = True
        if kill:
            for child in self._processes:
                _kill(child)  # a job waiting for its answer gets the end of the stream
        self._threads.shutdown(wait=True, cancel_futures=kill)
        for jobs, answers in self._channels:
            jobs.close()  # the end of its input ends a worker's loop
            answers.close()
        for child in self._processes:
            child.wait()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(kill=kind is not None)


def _kill(child: subprocess.Popen) -> None:
    """Kill a worker and the workers forked from it (its process group, when it leads one)."""
    try:
        if hasattr(os, "killpg") and os.getpgid(child.pid) == child.pid:
            os.killpg(child.pid, signal.SIGKILL)
        else:
            child.kill()
    except (ProcessLookupError, PermissionError):  # already gone
        pass


def serve() -> None:
    """A worker's loop (started by :class:`Workers`): run each job that arrives and answer,
    until its input ends.

    Arguments: ``-`` (jobs on standard input, answers on standard output) or the file
    descriptors ``jobs:answers`` of each worker, comma-separated (this process serves the
    first and forks one copy of itself for each other), then the modules to import first.
    """
    ends, preload = sys.argv[1], sys.argv[2:]
    copies: list[int] = []  # the workers forked from this one, collected at the end
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the parent's to handle
    for name in preload:
        __import__(name)
    if ends == "-":
        jobs, answers = sys.stdin.buffer, os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    else:
        pairs = [tuple(int(fd) for fd in pair.split(":")) for pair in ends.split(",")]
        mine = pairs[0]
        for pair in pairs[1:]:  # a copy of this loaded, single-threaded process for each other worker
            if (pid := os.fork()) == 0:
                mine, copies = pair, []
                break
            copies.append(pid)
        for fd in (fd for pair in pairs if pair != mine for fd in pair):
            os.close(fd)  # a worker that ends must close its answers' only writer
        jobs, answers = os.fdopen(mine[0], "rb"), os.fdopen(mine[1], "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # what a job prints goes to stderr, not into the answers
    while (job := _receive(jobs)) is not None:
        with warnings.catch_warnings(record=True) as caught:
            try:
                fn, args, kwargs = pickle.loads(job)
                outcome, value, trace = "ok", fn(*args, **kwargs), ""
            except Exception as error:  # sent back, raised in the parent
                outcome, value, trace = "error", error, traceback.format_exc()
        seen = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
        try:
            answer = dumps((outcome, value, seen, trace))
            if outcome == "error":
                pickle.loads(answer)  # an exception class whose arguments do not rebuild it fails here, not there
        except Exception as error:
            answer = dumps(("error", RuntimeError(f"{type(value).__name__}: {value} (not sent: {error})"), seen, trace))
        _send(answers, answer)
    for pid in copies:  # their input ends with this one's: collected, not left as zombies
        os.waitpid(pid, 0)
    sys.stderr.flush()
    os._exit(0)  # nothing left to tidy: skip the interpreter's slow teardown of matplotlib and pandas
