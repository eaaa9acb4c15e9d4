"""SPSS files (``.sav``, ``.zsav``) to a grid, read by pyreadstat in a process of its own.

readstat crashes (segfaults) on some damaged files, so it runs in a one-shot
child process (:mod:`integraatio.survey.sav_process`), started from ``sys.executable`` so
that the user's script is never run again, and a crash ends in an
:class:`~integraatio.exceptions.InputFileError`. User-missing codes are read as empty
cells; value labels are returned for the columns step to apply, and
:func:`label_direction` checks the item columns' labels against the codebook's scale.
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

from ..codebook import Codebook
from ..exceptions import InputFileError, report_row
from ..messages import Message, said
from .cells import cell_text, text_column
from .files import file_fix
from .spec import WideSpec, is_item, normalise

__all__ = ["label_direction", "sav_grid"]

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
                said("file.spss_crashed", path=path, code=done.returncode, fix=file_fix())
            )
        with open(out, "rb") as f:
            result = pickle.load(f)  # written by our own child process, in a folder only this user can read
    if isinstance(result, str):
        raise InputFileError(said("file.spss", path=path, error=result, fix=file_fix()))
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


def label_direction(
    names: list[str], position: dict[str, int], labels: dict[int, dict[str, str]], /, *, spec: WideSpec | None,
    codebook: Codebook, file: str,
) -> tuple[list[dict], list[Message]]:
    """Check what an SPSS file's value labels say of its item codes against the codebook.

    For each item column with value labels, the label of each code on the scale is looked
    up in the item's answer texts (the codebook's ``[scale] labels`` and ``[wide] values``):

    - every label known, one of them for another code (``1 = "Päivittäin"`` where the
      codebook's 5 is "Päivittäin"): the answers are read by their labels' meaning (the
      columns step applies them), with a warning, since the file's numbers run otherwise;
    - some labels known for other codes, some unknown: a problem, since those answers
      could be read neither by their numbers nor by their labels;
    - no label known: a warning that the direction is not checked, quoting the labels of
      the lowest and highest codes, so a reversed scale is seen.

    Returns
    -------
    problems : list of dict
        One per item (its first such column cited).
    warnings : list of Message
        One per item.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.survey.spec import wide_spec
    >>> cb = load_codebook()
    >>> spec = wide_spec(cb)
    >>> labels = {0: {"1": "Päivittäin", "5": "Ei koskaan"}}  # the codebook's 5 and 1 of frequency
    >>> problems, warned = label_direction(["2.2.1"], {"2.2.1": 0}, labels, spec=spec, codebook=cb, file="s.sav")
    >>> problems, str(warned[0]).split("codebook ")[1][:44]
    ([], "(1 = 'Päivittäin' → 5, 5 = 'Ei koskaan' → 1)")
    """
    if spec is None or not labels:
        return [], []
    scale, found = codebook.scale, {}
    for name in names:
        table = labels.get(position[name])
        item = spec.items.get(normalise(spec.pattern.search(name)["item"])) if table and is_item(name, spec) else None
        if item is None:
            continue
        valid = {int(c): t for c, t in table.items() if c.isdigit() and scale.min <= int(c) <= scale.max}
        meant = {c: spec.values[item].get(normalise(t)) for c, t in valid.items()}
        moved = {c: m for c, m in meant.items() if m is not None and m != c}
        unknown = sorted(c for c, m in meant.items() if m is None)
        kind = ("problem" if unknown else "moved") if moved else "unchecked" if valid and len(unknown) == len(valid) else None
        if kind is not None:
            found.setdefault((item, kind), []).append((name, valid, moved, unknown))
    problems, warned = [], []
    for (item, kind), columns in found.items():
        name, valid, moved, unknown = columns[0]
        example = ", ".join(f"{c} = {valid[c]!r} \u2192 {m}" for c, m in sorted(moved.items())[:2])
        if kind == "problem":
            problems.append(report_row(
                name,
                said("problem.labels_unreadable", n=len(columns), item=item, example=example,
                     codes=", ".join(map(str, unknown)), labels=", ".join(repr(valid[c]) for c in unknown)),
                said("fix.labels_unreadable", item=item, low=scale.min, high=scale.max),
                file, value=", ".join(f"{c} = {t}" for c, t in sorted(valid.items())),
            ))
        elif kind == "moved":
            warned.append(Message.of("read.labels_moved", n=len(columns), item=item, example=example))
        else:
            low, high = min(valid), max(valid)
            warned.append(Message.of("read.labels_unchecked", item=item, low=f"{low} = {valid[low]!r}",
                                     high=f"{high} = {valid[high]!r}", top=scale.max))
    return problems, warned
