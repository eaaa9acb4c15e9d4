"""SPSS files (``.sav``, ``.zsav``) to a grid, read by pyreadstat in a process of its own.

readstat crashes (segfaults) on some damaged files, so it runs in a one-shot
child process (:mod:`integraatio.survey.sav_process`), started from ``sys.executable`` so
that the user's script is never run again, and a crash ends in an
:class:`~integraatio.exceptions.InputFileError`. User-missing codes are read as empty
cells; value labels are returned for the columns step to apply.
"""

from __future__ import annotations

import importlib.util
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputFileError
from ..messages import Message
from .cells import cell_text, text_column
from .files import FILE_FIX

__all__ = ["sav_grid"]

# The child runs sav_process as its main module, from the integraatio this process
# imported (a checkout that is not installed too), and no file of the user's: -P keeps the
# working folder off its path.
_ROOT = str(Path(__file__).resolve().parents[2])
_BOOT = (f"import runpy, sys; sys.path.insert(0, {_ROOT!r}) if {_ROOT!r} not in sys.path else None; "
         "runpy.run_module('integraatio.survey.sav_process', run_name='__main__', alter_sys=True)")


def _read_isolated(path: Path) -> tuple[pd.DataFrame, dict, dict]:
    """The data, user-missing codes and value labels of an SPSS file, read in a child process.

    Raises
    ------
    InputFileError
        pyreadstat cannot read the file, or crashes on it.
    """
    with tempfile.TemporaryDirectory(prefix="integraatio-sav-") as folder:  # private: mode 0700
        out = Path(folder) / "read.pickle"
        done = subprocess.run([sys.executable, "-P", "-c", _BOOT, str(path), str(out)], stdin=subprocess.DEVNULL,
                              capture_output=True)
        if done.returncode or not out.is_file():
            raise InputFileError(
                f"Cannot read {path} as an SPSS file: the SPSS reader (readstat) crashed on it (exit code "
                f"{done.returncode}), so the file is damaged. {FILE_FIX}"
            )
        with open(out, "rb") as f:
            result = pickle.load(f)  # written by our own child process, in a folder only this user can read
    if isinstance(result, str):
        raise InputFileError(f"Cannot read {path} as an SPSS file ({result}). {FILE_FIX}")
    return result


def sav_grid(path: Path) -> tuple[list[pd.Series], dict[int, dict[str, str]], list[Message]]:
    """An SPSS file as columns, user-missing codes emptied; each column's value labels; notes.

    Value labels are returned, not applied: an item column keeps its codes unless the
    codebook maps a label (see :func:`integraatio.survey.columns.resolve_columns`).
    """
    if importlib.util.find_spec("pyreadstat") is None:  # the child process imports it
        raise InputFileError(
            f"Reading {path.name} needs pyreadstat, the optional SPSS support: pip install 'integraatio[spss]'."
        )
    frame, missing_ranges, value_labels = _read_isolated(path)
    grid, labels, emptied = [], {}, 0
    for j, name in enumerate(frame.columns):
        codes, uniques = pd.factorize(frame[name].astype(object))
        texts = [_spss_text(u) for u in uniques]
        ranges = missing_ranges.get(name, [])
        missing = np.array([_user_missing(u, ranges) for u in uniques] + [False], dtype=bool)
        emptied += int(missing[codes].sum())
        texts = np.array([("" if m else t) for t, m in zip(texts, missing)] + [""], dtype=object)
        grid.append(text_column(pd.Series(np.concatenate([[name], texts[codes]]), dtype=object)))
        if value_labels.get(name):
            labels[j] = {_spss_text(k): str(v) for k, v in value_labels[name].items()}
    if not emptied:
        return grid, labels, []
    note = Message.of("read.user_missing_one") if emptied == 1 else Message.of("read.user_missing", n=emptied)
    return grid, labels, [note]


def _spss_text(value: object) -> str:
    """An SPSS value as text: 3.0 -> "3", empty for system-missing."""
    if isinstance(value, float):
        return "" if np.isnan(value) else str(int(value)) if value.is_integer() else repr(value)
    return cell_text(value)


def _user_missing(value: object, ranges: list[dict]) -> bool:
    """Whether an SPSS value is one of its variable's user-missing codes (discrete or a range)."""
    if isinstance(value, float):
        return any(isinstance(r["lo"], float | int) and r["lo"] <= value <= r["hi"] for r in ranges)
    return any(value == r["lo"] for r in ranges)
