"""The SPSS reader's own process: ``python -m integraatio.survey.sav_process FILE OUT``.

readstat (in pyreadstat) crashes on some damaged files; run here, a crash ends this
process, not the user's Python or notebook (:func:`integraatio.survey.spss.sav_grid`
turns it into an :class:`~integraatio.exceptions.InputFileError`). The process reads one
file and writes to ``OUT`` the pickled ``(frame, user-missing codes, value labels)``, or
the error as text. Nothing imports this module, so the parent's script never runs again.
"""

from __future__ import annotations

import pickle
import sys

#: Memory the SPSS reader may use (its own process): far above any survey file's needs.
MAX_READER_BYTES = 4 * 2**30


def limit_memory() -> bool:
    """Bound this process's address space where the system can (POSIX ``resource``); whether it did.

    A few hundred bytes can declare millions of cases. Windows has no ``resource``, and a
    system that refuses the limit is read without it: the process is still our own.
    """
    try:
        import resource
    except ImportError:
        return False
    from ..limits import memory_available

    if resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY:
        return False  # a limit set by the user stays: an unprivileged process cannot raise it again
    limit = int(min(MAX_READER_BYTES, memory_available() // 2))
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        return False
    return True


def read_sav(path: str) -> tuple | str:
    """The data, user-missing codes and value labels of an SPSS file, or the error as text."""
    import pyreadstat

    try:
        # Dates stay numbers: a date or time column the analysis does not use must never stop the read
        # (readstat's conversion fails on values out of Python's range: "date value out of range").
        frame, meta = pyreadstat.read_sav(path, user_missing=True, apply_value_formats=False,
                                          disable_datetime_conversion=True)
    except Exception as err:  # a damaged file fails in readstat and in pyreadstat's conversions
        return f"{type(err).__name__}: {err}"
    return frame, meta.missing_ranges, meta.variable_value_labels


def main(argv: list[str]) -> None:
    """Read the file ``argv[0]`` and write the pickled result to ``argv[1]``."""
    path, out = argv
    limit_memory()
    result = read_sav(path)
    with open(out, "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main(sys.argv[1:])
