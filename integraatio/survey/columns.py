"""The columns to read: named, renamed by the codebook, dropped by it, each name read once.

The header's names become the canonical names (``[wide] columns``); ``[wide] drop`` sets
columns aside before anything reads them; a repeated name is read once; group codes that a
spreadsheet stored as numbers are checked; SPSS value labels are applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook, code_key
from ..exceptions import report_row
from ..messages import Message, said
from .cells import blank_cells, letter, stripped_cells, text_column
from .layout import Layout
from .spec import BACKGROUND_COLUMNS, WideSpec, heading_code, is_item, normalise

__all__ = ["PROTECTED", "Columns", "resolve_columns"]

#: Columns never dropped by ``[wide] drop`` nor by the privacy rules: the contract's own.
PROTECTED = frozenset(BACKGROUND_COLUMNS) | {"target_group"}


@dataclass(frozen=True)
class Columns:
    """The columns read, and what became of the others.

    Attributes
    ----------
    names : list of str
        Canonical names of the columns read, in file order.
    columns : list of pandas.Series
        Their data cells (SPSS value labels applied).
    position : dict
        Each name's column position in the file (to sort the report).
    sources : dict
        Canonical name -> the heading it was read from (``[wide] columns``).
    headings : list of str
        Every column's heading as the file has it (``unnamed_X`` for an empty one).
    aside : dict
        Columns set aside (heading, or heading and letter) -> why.
    plan : dict
        Column position -> (use, detail) for the columns not read.
    problems : list of dict
    notes, warnings : list of Message
    """

    names: list[str]
    columns: list[pd.Series]
    position: dict[str, int]
    sources: dict[str, str]
    headings: list[str]
    aside: dict[str, str]
    plan: dict[int, tuple[str, str]]
    problems: list[dict]
    notes: list[Message]
    warnings: list[Message]


def resolve_columns(layout: Layout, /, *, codebook: Codebook, labels: dict[int, dict[str, str]], file: str) -> Columns:
    """The columns of ``layout`` to read (see :class:`Columns`).

    ``[wide] drop`` wins over the item pattern and over a repeated name. A repeated name is
    read once with a warning, unless the copies would give different answers: an item
    column, or a background column whose cells differ, is an error.
    """
    names, columns, spec = list(layout.names), layout.columns, layout.spec
    keep, headings, aside, plan, notes = _named(names, columns)
    codes = [heading_code(n, spec) for n in names]
    final, sources = _renamed(names, codes, keep, headings, spec)
    problems, warned, position = [], [], {}
    for j in keep:
        name = final[j]
        dropped = spec is not None and name not in PROTECTED and any(p.search(codes[j]) or p.search(names[j])
                                                                     for p in spec.drop)
        if dropped:
            _set_aside(aside, headings, j, "dropped by the codebook's [wide] drop")
            plan[j] = ("dropped", said("plan.drop"))
        elif name in position:
            problem, warning = _repeated(name, position[name], j, columns, spec, file)
            if problem is not None:
                problems.append(problem)
                plan[j] = ("ignored", said("plan.repeated_error", column=letter(position[name])))
            else:
                warned.append(warning)
                _set_aside(aside, headings, j, f"repeated column name: only the first column named {name!r} is read",
                           repeated=True)
                plan[j] = ("ignored", said("plan.repeated", column=letter(position[name])))
        else:
            position[name] = j
            typed = layout.numbers.get(j)
            if name in ("own_group", "target_group") and typed is not None and typed.any():
                clash = _numeric_codes(name, columns[j][typed], layout.rows[typed], _same_numbers(codebook), file)
                if clash is not None:
                    problems.append(clash)
                else:
                    notes.append(Message.of("read.numeric_codes", n=int(typed.sum()), name=name))
    read = [columns[j] for j in position.values()]
    if labels:
        read = _apply_value_labels(list(position), read, position, labels, spec)
    return Columns(names=list(position), columns=read, position=position, sources=sources, headings=headings,
                   aside=aside, plan=plan, problems=problems, notes=notes, warnings=warned)


def _named(names: list[str], columns: list[pd.Series]) -> tuple[list[int], list[str], dict, dict, list[Message]]:
    """The columns with a name (an empty heading over cells is ``unnamed_X``), the ``row`` column set aside.

    Returns the positions kept, the headings, the columns set aside, their plan and notes;
    ``names`` gets the ``unnamed_X`` names too.
    """
    headings = list(names)
    keep, aside, plan, notes = [], {}, {}, []
    for j, name in enumerate(names):
        if name == "row":
            aside[name] = "the input's row column is replaced by the row numbers of the file"
            plan[j] = ("ignored", said("plan.row_numbers"))
            notes.append(Message.of("read.row_column"))
        elif name == "" and blank_cells(columns[j]).all():
            continue  # a trailing delimiter, not a column
        else:
            keep.append(j)
            if name == "":
                headings[j] = names[j] = f"unnamed_{letter(j)}"
                notes.append(Message.of("read.no_header", column=letter(j), name=names[j]))
    return keep, headings, aside, plan, notes


def _renamed(
    names: list[str], codes: list[str], keep: list[int], headings: list[str], spec: WideSpec | None
) -> tuple[list[str], dict[str, str]]:
    """Each column's name after ``[wide] columns``, and canonical name -> the heading read."""
    final = list(codes)
    sources: dict[str, str] = {}
    if spec is None:
        return final, sources
    found: dict[str, int] = {}
    for j in keep:  # the first column that carries a name
        for key in (normalise(codes[j]), normalise(names[j])):
            found.setdefault(key, j)
    taken: set[int] = set()
    for canonical, alternatives in spec.columns.items():
        at = next((found[normalise(a)] for a in alternatives if normalise(a) in found), None)
        if at is not None and at not in taken:
            final[at] = canonical
            sources[canonical] = headings[at]
            taken.add(at)
    return final, sources


def _set_aside(aside: dict[str, str], headings: list[str], j: int, reason: str, *, repeated: bool = False) -> None:
    """Column ``j`` set aside: by its heading, or with its letter when the heading is taken."""
    key = headings[j] if headings[j] not in aside and not repeated else f"{headings[j]} (column {letter(j)})"
    aside[key] = reason


def _repeated(
    name: str, first: int, j: int, columns: list[pd.Series], spec: WideSpec | None, file: str
) -> tuple[dict | None, Message | None]:
    """Column ``j`` repeats the name of column ``first``: a problem when the copies could differ, else a warning."""
    same_cells = stripped_cells(columns[first]).tolist() == stripped_cells(columns[j]).tolist()
    if is_item(name, spec) or (name in PROTECTED and not same_cells):
        why = said("problem.repeated_item") if is_item(name, spec) else said("problem.repeated_differ")
        return report_row(
            name,
            said("problem.repeated_column", first=letter(first), column=letter(j), why=why),
            said("fix.repeated_column"),
            file,
        ), None
    return None, Message.of("read.repeated", name=name, file=file, first=letter(first), column=letter(j))


def _same_numbers(codebook: Codebook) -> dict[float, list[str]]:
    """Group codes that are one number when a spreadsheet stores them as numbers (2.1, 2.10)."""
    by_value: dict[float, list[str]] = {}
    for code in codebook.codes:
        try:
            by_value.setdefault(float(code), []).append(code)
        except ValueError:
            continue
    return {v: c for v, c in by_value.items() if len(c) > 1}


def _numeric_codes(name: str, cells: pd.Series, rows: np.ndarray, same: dict[float, list[str]], file: str) -> dict | None:
    """A problem when group codes stored as numbers cannot be told apart; None when they can."""
    clash: set[str] = set()
    hit = np.zeros(len(cells), dtype=bool)
    for i, text in enumerate(cells.astype(str)):
        try:
            codes = same.get(float(text.replace(",", ".")))
        except ValueError:
            continue
        if codes:
            clash.update(codes)
            hit[i] = True
    if not clash:
        return None
    where = ", ".join(map(str, rows[hit][:5])) + (", ..." if hit.sum() > 5 else "")
    return report_row(
        name,
        said("problem.codes_as_numbers", n=int(hit.sum()), codes=" / ".join(sorted(clash, key=code_key)), rows=where),
        said("fix.codes_as_numbers", example="[wide] recode = { own_group = { ... } }"),
        file,
    )


def _apply_value_labels(
    names: list[str], columns: list[pd.Series], position: dict[str, int], labels: dict, spec: WideSpec | None
) -> list[pd.Series]:
    """SPSS value labels: other columns read their labels; item columns keep their codes,
    except codes whose label is an answer text the codebook maps (``[wide] values``/``missing``)."""
    out = []
    for name, column in zip(names, columns):
        table = labels.get(position[name])
        if table:
            item = is_item(name, spec)
            use = {
                code: label for code, label in table.items() if not item or (spec is not None and spec.maps_answer(label))
            }
            column = text_column(column.astype(object).map(lambda t: use.get(t.strip(), t)))
        out.append(column)
    return out
