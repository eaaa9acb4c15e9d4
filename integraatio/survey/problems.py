"""Problem reports: one row per problem, grouped by kind into the error's message.

A report has the columns of :data:`integraatio.exceptions.REPORT_COLUMNS` (``file``,
``row``, ``column``, ``value``, ``problem``, ``fix``); reading collects every problem of a
file before it raises one :class:`~integraatio.exceptions.DataValidationError`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..messages import said

__all__ = ["closest_name", "listed_lines", "problem_kinds", "summary_lines", "validation_error"]


def _squeezed(name: str) -> str:
    """A column name as a near match compares it: case, spaces, dashes and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def closest_name(wanted: str, names: list[str] | tuple[str, ...]) -> str | None:
    """The name in ``names`` that is most likely ``wanted`` mistyped, or None.

    A name matches when it equals ``wanted`` ignoring case, spaces, dashes and underscores,
    or differs from it by a typo: at least 0.8 similar (:class:`difflib.SequenceMatcher`).

    Examples
    --------
    >>> closest_name("target_group", ["respondent_id", "traget_group", "need"])
    'traget_group'
    >>> closest_name("target_group", ["Target Group"]), closest_name("need", ["needs_text"])
    ('Target Group', None)
    """
    import difflib

    key = _squeezed(wanted)
    same = [n for n in names if n != wanted and _squeezed(n) == key]
    if same:
        return same[0]
    squeezed = {_squeezed(n): n for n in names if n != wanted}
    close = difflib.get_close_matches(key, list(squeezed), n=1, cutoff=0.8)
    return squeezed[close[0]] if close else None


def sorted_report(report: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """Whole-column problems first, then by spreadsheet row and the column's ``position`` (stable)."""
    if not len(report):
        return report
    header = report["row"].isna().to_numpy()
    row = pd.to_numeric(report["row"]).fillna(0).to_numpy(dtype=np.int64)
    at = report["column"].map(position).fillna(-1).to_numpy()
    return report.iloc[np.lexsort((at, row, ~header))].reset_index(drop=True)


def validation_error(report: pd.DataFrame) -> DataValidationError:
    """The error of a problem report, its message grouped by kind (first lines name the causes)
    in the language spoken (:func:`integraatio.messages.speaking`), like its problems."""
    error = DataValidationError(report)
    error.args = ("\n".join(summary_lines(error.report)),)
    return error


def _kind(text: str) -> str:
    """A problem text with its particulars (quoted values, numbers) left out: its kind."""
    return re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", str(text)))


def problem_kinds(report: pd.DataFrame) -> pd.DataFrame:
    """A problem report grouped by kind: one row per kind, in order of first appearance.

    Parameters
    ----------
    report : pandas.DataFrame
        A report as :class:`~integraatio.exceptions.DataValidationError` carries it.

    Returns
    -------
    pandas.DataFrame
        ``count``, ``problem`` and ``fix`` (the kind's first problem), ``columns`` (the
        columns it occurs in, in order), ``rows`` (its rows in order; empty for a header
        problem) and ``first`` (index of its first problem in ``report``).

    Notes
    -----
    Two problems are of one kind when their texts agree once quoted values and numbers
    are left out: "text in a numeric item column" in 63 item columns is one kind, and so
    is "this respondent_id already rated this target_group on row N".

    Examples
    --------
    >>> report = pd.DataFrame({"file": "s.csv", "row": [2, 3, None], "column": ["need", "frequency", "x"],
    ...     "value": ["a", "b", ""], "problem": ["text in a numeric item column"] * 2 + ["column 'x' repeated"],
    ...     "fix": ["Write a number."] * 2 + ["Rename it."]})
    >>> problem_kinds(report)[["count", "columns", "rows"]].values.tolist()
    [[2, ['need', 'frequency'], [2, 3]], [1, ['x'], []]]
    """
    kinds: dict[str, dict] = {}
    for i, rec in enumerate(report.itertuples(index=False)):
        key = _kind(rec.problem) + "\x00" + _kind(rec.fix)
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = {"count": 0, "problem": rec.problem, "fix": rec.fix, "columns": [], "rows": [], "first": i}
        kind["count"] += 1
        if rec.column not in kind["columns"]:
            kind["columns"].append(rec.column)
        if rec.row is not None and rec.row == rec.row:
            kind["rows"].append(int(rec.row))
    return pd.DataFrame(list(kinds.values()), columns=["count", "problem", "fix", "columns", "rows", "first"])


def _listed(items: list, limit: int) -> str:
    shown = ", ".join(map(str, items[:limit]))
    return shown + (said("problems.in_all", n=len(items)) if len(items) > limit else "")


def _where(row, column, value) -> list[str]:
    """Row, column and value of a problem as the summary names them (the ones it has)."""
    return [part for part in (
        said("problems.row", row=int(row)) if pd.notna(row) else "",
        said("problems.column", column=column) if column else "",
        said("problems.value", value=value) if isinstance(value, str) and value else "",
    ) if part]


def summary_lines(report: pd.DataFrame, *, file: str | None = None, limit: int = 20) -> list[str]:
    """A problem report as at most about ``limit`` lines: one per kind of problem, in the
    language spoken (:func:`integraatio.messages.speaking`).

    Each line gives the kind's count, its first problem (row, column, value), the columns
    and rows it occurs in (the first few) and the fix. The full list is
    ``integraatio validate --all`` (or :attr:`DataValidationError.report`).

    Examples
    --------
    >>> report = pd.DataFrame({"file": "s.csv", "row": [2, 3], "column": ["need", "need"],
    ...     "value": ["a", "b"], "problem": ["text in a numeric item column"] * 2, "fix": ["Write a number."] * 2})
    >>> print("\\n".join(summary_lines(report)))
    2 problems of 1 kind in s.csv:
    - 2 x text in a numeric item column (first: row 2, column 'need', value 'a'; column need; rows 2, 3). Write a number.
    Every problem with its row: integraatio validate FILE --all (--problems problems.csv writes them); in Python, the error's .report.
    """
    n = len(report)
    kinds = problem_kinds(report)
    files = [f for f in dict.fromkeys(report["file"].dropna().astype(str)) if f] if "file" in report else []
    where = file or (files[0] if len(files) == 1 else said("problems.the_survey"))
    counted = said("problems.one") if n == 1 else said("problems.many", n=n)
    sorts = said("kinds.one") if len(kinds) == 1 else said("kinds.many", n=len(kinds))
    lines = [said("problems.heading", problems=counted, kinds=sorts, where=where)]
    shown = kinds.head(max(limit - 3, 1))  # the heading, the kinds, '... more' and the closing line
    for kind in shown.itertuples(index=False):
        first = report.iloc[kind.first]
        at = ", ".join(_where(first["row"], first["column"], first["value"]))
        spread = []
        if kind.count > 1 and len(kind.columns) > 1:
            spread.append(said("problems.columns", columns=_listed(kind.columns, 4)))
        elif kind.count > 1 and kind.columns[0]:
            spread.append(said("problems.in_column", column=kind.columns[0]))
        if kind.count > 1 and kind.rows:
            spread.append(said("problems.rows", rows=_listed(list(dict.fromkeys(kind.rows)), 5)))
        first_at = said("problems.first", at=at) if kind.count > 1 and at else (f"{at}; " if at else "")
        detail = f" ({first_at}{'; '.join(spread)})" if (first_at or spread) else ""
        detail = detail.replace("; )", ")")
        lines.append(said("problems.kind", count=kind.count, problem=kind.problem, detail=detail, fix=kind.fix))
    if len(kinds) > len(shown):
        rest = int(kinds["count"].iloc[len(shown):].sum())
        lines.append(said("problems.more", kinds=len(kinds) - len(shown), n=rest))
    lines.append(said("problems.every"))
    return lines


def listed_lines(report: pd.DataFrame) -> list[str]:
    """Every problem of a report on a line of its own (row, column, value, problem, fix), in
    the language spoken (:func:`integraatio.messages.speaking`).

    Examples
    --------
    >>> report = pd.DataFrame({"file": "s.csv", "row": [2, None], "column": ["need", "x"],
    ...     "value": ["a", ""], "problem": ["text in a numeric item column", "column 'x' repeated"],
    ...     "fix": ["Write a number.", "Rename it."]})
    >>> print("\\n".join(listed_lines(report)))
    - row 2, column 'need', value 'a': text in a numeric item column. Write a number.
    - header, column 'x': column 'x' repeated. Rename it.
    """
    lines = []
    for rec in report.itertuples(index=False):
        where = _where(rec.row, rec.column, rec.value)
        if pd.isna(rec.row):
            where.insert(0, said("problems.header"))
        lines.append(said("problems.listed", where=", ".join(where), problem=rec.problem, fix=rec.fix))
    return lines
