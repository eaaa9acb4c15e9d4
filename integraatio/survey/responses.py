"""The responses read: each row's completion by the codebook's rule, the incomplete ones left out,
and resubmissions found.

A response without an own group is always left out; one that the ``[wide] complete`` rule
calls incomplete (LimeSurvey: not submitted; Qualtrics: not finished) is left out unless
``include_incomplete``. Left-out responses are never an error (unless all are): they are
counted, and their cells are listed in the exclusions.

A **resubmission** is a response whose item answers are exactly those of an earlier response
(in file order) under another respondent id: every item cell the same, an empty cell where
the other's is empty, with at least :data:`RESUBMISSION_MIN_ANSWERS` answers given (not
empty, not "can't say") and at least two different answers among them. Two people do not
give the same varied answers to that many questions by chance; the same answer to every
question (straight-lining) can coincide, and is never called a resubmission. By default the
later response is dropped (its cells listed in the exclusions with the reason, and a
warning names the rows); ``keep`` reads both (with a warning), ``stop`` makes each a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..codebook import ITEMS, Codebook
from ..exceptions import report_row
from ..messages import Message, said
from .cells import coded_values, first_rows, stripped_cells, taken
from .columns import Columns
from .layout import Layout
from .spec import WideSpec, heading_code, is_item, normalise

__all__ = ["INCOMPLETE_WARN_SHARE", "RESUBMISSION_MIN_ANSWERS", "Selection", "select_responses"]

#: Leaving out more than this share of the responses as incomplete is a warning (else a note).
INCOMPLETE_WARN_SHARE = 0.1
#: Answers (not empty, not "can't say") two responses must share, all of them, to be one resubmitted.
RESUBMISSION_MIN_ANSWERS = 10
_RESUBMITTED = "resubmission: the same answers as an earlier response under another respondent_id: not read"


@dataclass(frozen=True)
class Selection:
    """The responses kept, and why the others were left out.

    Attributes
    ----------
    keep : numpy.ndarray
        Which data rows are read on.
    reason : numpy.ndarray
        Why each row is left out (``""`` when kept).
    ids, targets, own : numpy.ndarray
        Each data row's respondent_id, target_group (long layout) and own_group, stripped.
    id_codes, id_texts : numpy.ndarray
        The ids as codes of the distinct ids: ``id_texts[id_codes]`` is ``ids``.
    columns : list of pandas.Series
        The columns' cells of the rows kept (all rows when none is).
    rows : numpy.ndarray
        Their spreadsheet row numbers.
    rule : Message or None
        The completion rule in words (None: every response with an own group is complete).
    responses : dict
        As :attr:`integraatio.survey.Survey.responses`.
    problems : list of dict
    notes, warnings : list of Message
    """

    keep: np.ndarray
    reason: np.ndarray
    ids: np.ndarray
    id_codes: np.ndarray
    id_texts: np.ndarray
    targets: np.ndarray
    own: np.ndarray
    columns: list[pd.Series]
    rows: np.ndarray
    rule: Message | None
    responses: dict[str, Any]
    problems: list[dict]
    notes: list[Message]
    warnings: list[Message]


def select_responses(
    layout: Layout, read: Columns, /, *, include_incomplete: bool, file: str, codebook: Codebook,
    resubmissions: str = "drop",
) -> Selection:
    """The responses to read on: complete ones, and with ``include_incomplete`` those with an own
    group; resubmissions as ``resubmissions`` says (``drop``, ``keep`` or ``stop``)."""
    complete, rule = _completion(layout.names, layout.columns, layout.spec)
    names, columns, n = read.names, read.columns, len(layout.rows)
    id_codes, id_texts = _coded(names, columns, "respondent_id", n)  # grouped by the codes: no string hashing
    ids = id_texts[id_codes]
    own = _stripped(names, columns, "own_group", n)
    if layout.spec is None and "own_group" in names:  # long: a respondent without an own group on every row
        has_own = (np.bincount(id_codes, weights=own != "", minlength=len(id_texts)) > 0)[id_codes]
    else:
        has_own = own != "" if "own_group" in names else np.ones(n, dtype=bool)
    finished = np.ones(n, dtype=bool) if complete is None else complete
    keep = has_own & (finished | include_incomplete)
    again, problems, warned = _resubmissions(layout, read, keep, (id_codes, ids), codebook, how=resubmissions,
                                             file=file)
    # Indexing an object array of the texts: np.where on the texts would give each
    # row a fixed-width copy of the longest (over a gigabyte at 5 million rows).
    reason = np.array(["", "incomplete response (no own group): not read",
                       f"incomplete response (not complete: complete when {rule}): not read", _RESUBMITTED],
                      dtype=object)[np.where(~has_own, 1, np.where(~finished, 2, np.where(again, 3, 0)))]
    keep &= ~again
    responses = _count_responses(id_codes if layout.spec is None else np.arange(n), has_own, finished, keep, reason)
    notes = []
    incomplete = {r: k for r, k in responses["excluded_reasons"].items() if r != _RESUBMITTED}
    if incomplete:
        why = tuple(_why_left_out(r, k, rule) for r, k in incomplete.items())
        unfinished = not include_incomplete and complete is not None and not finished[has_own].all()
        hint = Message.of("read.include_hint") if unfinished else ""
        # Many responses left out may change the results: a warning, not a note.
        left = sum(incomplete.values())
        (warned if left > INCOMPLETE_WARN_SHARE * responses["read"] else notes).append(
            Message.of("read.left_out", n=left, why=why, hint=hint))
    if responses["incomplete_kept"]:
        notes.append(Message.of("read.kept", n=responses["incomplete_kept"]))
    rows = layout.rows
    if not keep.any():
        problems.append(report_row(
            "own_group" if not has_own.any() else "",
            said("problem.all_incomplete", n=n,
                 why=said("problem.none_own") if not has_own.any() else said("problem.none_complete", rule=rule)),
            said("fix.all_incomplete"),
            file,
        ))
    elif not keep.all():
        take = np.flatnonzero(keep)
        columns, rows = [taken(c, take) for c in columns], rows[keep]
    targets = _stripped(names, read.columns, "target_group", n) if layout.spec is None else np.full(n, "", dtype=object)
    return Selection(keep=keep, reason=reason, ids=ids, id_codes=id_codes, id_texts=id_texts, targets=targets, own=own,
                     columns=columns, rows=rows, rule=rule, responses=responses, problems=problems, notes=notes,
                     warnings=warned)


def _coded(names: list[str], columns: list[pd.Series], name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes and distinct stripped texts (:func:`coded_values`); one empty text when there is no such column."""
    if name not in names:
        return np.zeros(n, dtype=np.intp), np.array([""], dtype=object)
    return coded_values(columns[names.index(name)])


def _stripped(names: list[str], columns: list[pd.Series], name: str, n: int) -> np.ndarray:
    """A column's cells as stripped text (all ``""`` when there is no such column)."""
    codes, uniques = _coded(names, columns, name, n)
    return uniques[codes]


def _completion(
    names: list[str], columns: list[pd.Series], spec: WideSpec | None
) -> tuple[np.ndarray | None, Message | None]:
    """Which rows are complete by the codebook's ``[wide] complete`` rule, and the rule in words.

    The first rule whose column is in the file decides; None when none is.
    """
    if spec is None or not spec.complete:
        return None, None
    at = {}
    for j, name in enumerate(names):
        for key in (normalise(heading_code(name, spec)), normalise(name)):
            at.setdefault(key, j)
    for column, rule in spec.complete:
        j = at.get(normalise(column))
        if j is None:
            continue
        cells = stripped_cells(columns[j])
        if rule == "filled":
            return cells != "", Message.of("rule.filled", column=names[j])
        if rule == "max":
            values = pd.to_numeric(pd.Series(cells).str.replace(",", ".", regex=False), errors="coerce").to_numpy()
            top = np.nanmax(values) if np.isfinite(values).any() else np.nan
            return values == top, Message.of("rule.max", column=names[j], top=f"{top:g}")
        accepted = set(rule)
        return np.array([normalise(c) in accepted for c in cells], dtype=bool), (
            Message.of("rule.is", column=names[j], value=_either(list(map(repr, rule))))
        )
    return None, None


def _either(values: list[str]) -> str | Message:
    """``'a' or 'b' or 'c'`` as a message (``tai`` in Finnish); one value as it is."""
    return values[0] if len(values) == 1 else Message.of("rule.or", first=values[0], rest=_either(values[1:]))


def _why_left_out(reason: str, n: int, rule: Message | None) -> Message:
    """``n`` responses left out for an exclusion ``reason``, as the note counts them: "3 without an
    own group", "2 not complete, complete when ..."."""
    if "no own group" in reason:
        return Message.of("read.without_own", n=n)
    return Message.of("read.not_complete", n=n, rule=rule)


def _count_responses(key: np.ndarray, has_own: np.ndarray, finished: np.ndarray, kept: np.ndarray,
                     reason: np.ndarray) -> dict[str, Any]:
    """Respondents read, complete, incomplete, kept although incomplete, and left out (by reason)."""
    # Per respondent (in order of first appearance): all of its rows have an own group, are
    # complete, are kept; the reason of its first row.
    unit, first = first_rows(key)

    def every(rows: np.ndarray) -> np.ndarray:
        return np.bincount(unit, weights=~rows, minlength=len(first)) == 0

    own, done, kept = every(has_own), every(finished), every(kept)
    complete = own & done
    left = pd.Series(reason[first][~kept], dtype=object).value_counts(sort=False)
    return {
        "read": int(len(first)),
        "complete": int(complete.sum()),
        "incomplete": int((~complete).sum()),
        "incomplete_kept": int((~complete & kept).sum()),
        "excluded": int((~kept).sum()),
        "excluded_reasons": {str(r): int(k) for r, k in left.items()},
    }


def _resubmissions(
    layout: Layout, read: Columns, keep: np.ndarray, id_codes: tuple[np.ndarray, np.ndarray], codebook: Codebook, *,
    how: str, file: str,
) -> tuple[np.ndarray, list[dict], list[Message]]:
    """Which rows are resubmissions to leave out (``drop``), and the problems (``stop``) or warnings.

    See the module's docstring for the rule. A wide file's unit is its row, a long one's the
    respondent id (all of its rows). ``id_codes``: each row's respondent id as a code, and as text.
    """
    codes, ids = id_codes
    unit, cells, given = _answer_matrix(layout, read, codes, codebook)
    candidate = np.bincount(unit, weights=keep, minlength=cells.shape[0]) > 0  # a unit with a row kept
    top = np.iinfo(cells.dtype).max
    low = np.where(given, cells, top).min(axis=1, initial=top)
    varied = low < np.where(given, cells, -1).max(axis=1, initial=-1)
    eligible = np.flatnonzero(candidate & (given.sum(axis=1) >= RESUBMISSION_MIN_ANSWERS) & varied)
    again = np.zeros(len(ids), dtype=bool)
    if len(eligible) < 2:
        return again, [], []
    same = first_equal_rows(cells[eligible])  # where each eligible unit's answers are first seen
    opening = first_rows(unit)[1]  # each unit's first row
    own_id, first_id = ids[opening[eligible]], ids[opening[eligible[same]]]
    # Under another id: a wide row repeated with its own id is the repeated-respondent error instead.
    repeat = np.flatnonzero((np.arange(len(eligible)) != same) & ((own_id != first_id) | (own_id == "")))
    if not len(repeat):
        return again, [], []
    pairs = [(int(layout.rows[opening[eligible[i]]]), int(layout.rows[opening[eligible[same[i]]]]),
              int(given[eligible[i]].sum()), str(ids[opening[eligible[i]]])) for i in repeat]
    listed = ", ".join(f"{r} = {f}" for r, f, _, _ in pairs[:10]) + (", ..." if len(pairs) > 10 else "")
    if how == "stop":
        return again, [report_row(
            "respondent_id", said("problem.resubmission", k=k, row=f), said("fix.resubmission"),
            file, row=r, value=v,
        ) for r, f, k, v in pairs], []
    if how == "keep":
        return again, [], [Message.of("read.resubmissions_kept", n=len(pairs), rows=listed)]
    again = np.isin(unit, eligible[repeat])
    return again, [], [Message.of("read.resubmissions_dropped", n=len(pairs), rows=listed)]


def first_equal_rows(rows: np.ndarray, /) -> np.ndarray:
    """For each row of an integer matrix, the position of the first row equal to it.

    Rows are grouped by a polynomial hash of their cells (modulo :math:`2^{64}`) and each is
    compared with its group's first; on a collision, by sorting the rows themselves.

    Examples
    --------
    >>> first_equal_rows(np.array([[1, 2], [3, 4], [1, 2], [3, 5]])).tolist()
    [0, 1, 0, 3]
    """
    # Horner's c_0 M^(k-1) + ... + c_(k-1) (mod 2^64) as one product of unsigned integers, which wrap.
    powers = np.uint64(0x9E3779B97F4A7C15) ** np.arange(rows.shape[1] - 1, -1, -1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        key = rows.astype(np.uint64) @ powers
    group, opening = first_rows(key)
    first = opening[group]
    if (rows == rows[first]).all():
        return first
    _, first, group = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    return first[group.ravel()]


def _answer_matrix(
    layout: Layout, read: Columns, ids: np.ndarray, codebook: Codebook
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's unit (wide: the row; long: its respondent, numbered in order of appearance);
    each unit's item cells as codes of their texts (one column per item cell; equal texts,
    equal codes), and which hold an answer (not empty, not "can't say"). ``ids``: each row's
    respondent id as a code."""
    names, columns, n, spec = read.names, read.columns, len(layout.rows), layout.spec
    texts: dict[str, int] = {"": 0}  # every distinct text -> its code

    def coded(column: pd.Series) -> np.ndarray:
        codes, uniques = coded_values(column)
        return np.array([texts.setdefault(u, len(texts)) for u in uniques], dtype=np.int64)[codes]

    if spec is not None:
        unit, found = np.arange(n), [coded(c) for name, c in zip(names, columns) if is_item(name, spec)]
        shape, at = (n, len(found)), [(slice(None), j) for j in range(len(found))]
    else:
        unit, target = first_rows(ids)[0], first_rows(_coded(names, columns, "target_group", n)[0])[0]
        found = [coded(columns[names.index(item)]) for item in ITEMS if item in names]
        shape = (unit.max(initial=-1) + 1, (target.max(initial=-1) + 1) * len(ITEMS))
        at = [(unit, target * len(ITEMS) + k) for k, item in enumerate(ITEMS) if item in names]
    # A few distinct answer texts: small codes, a quarter of the memory each pass over them reads.
    cells = np.zeros(shape, dtype=np.int16 if len(texts) < 2**15 else np.int64)
    for where, values in zip(at, found):
        cells[where] = values
    missing = {"", *(spec.missing if spec is not None else ()), *(str(m) for m in codebook.scale.missing)}
    blank = np.array([normalise(t) in missing for t in texts], dtype=bool)
    return unit, cells, ~blank[cells]
