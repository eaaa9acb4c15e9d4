"""Check a long survey table against the data contract and build the clean table.

:func:`check_long` never stops at the first problem: it collects every one into a report
(one row per problem: ``file``, ``row``, ``column``, ``value``, ``problem``, ``fix``) so a
user can fix a file in one pass. Every check is a boolean mask over a column. Each column
is first coded into integer codes plus its distinct values, and a value is looked at once,
however many rows hold it, which keeps a 5-million-row file fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .codebook import ITEMS, Codebook
from .exceptions import REPORT_COLUMNS

__all__ = ["REQUIRED_COLUMNS", "check_long", "closest_name", "is_number", "problem_kinds", "summary_lines"]

#: Columns every long table must have.
REQUIRED_COLUMNS = ("respondent_id", "municipality", "own_group", "target_group", *ITEMS)
# Text columns whose cells must not be empty.
_NONEMPTY = ("respondent_id", "municipality", "own_group", "target_group")
# Columns that describe the respondent, so they must agree on all of a respondent's rows.
_PER_RESPONDENT = ("municipality", "own_group", "subgroup", "size_class")
# "3", "3.0", "3,0", "+3", ".5": a number written with a point or a decimal comma.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def is_number(text: str) -> bool:
    """Whether a cell's text is a number as the item columns accept it (``3``, ``3,0``, ``+3``).

    Examples
    --------
    >>> is_number("3,0"), is_number("Päivittäin")
    (True, False)
    """
    return _NUMBER.fullmatch(text) is not None


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
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def summary_lines(report: pd.DataFrame, *, file: str | None = None, limit: int = 20) -> list[str]:
    """A problem report as at most about ``limit`` lines: one per kind of problem.

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
    where = file or (files[0] if len(files) == 1 else "the survey data")
    lines = [f"{n} problem{'s' if n != 1 else ''} of {len(kinds)} kind{'s' if len(kinds) != 1 else ''} in {where}:"]
    shown = kinds.head(max(limit - 3, 1))  # the heading, the kinds, '... more' and the closing line
    for kind in shown.itertuples(index=False):
        first = report.iloc[kind.first]
        at = ", ".join(
            part
            for part in (
                f"row {int(first['row'])}" if pd.notna(first["row"]) else "",
                f"column {first['column']!r}" if first["column"] else "",
                f"value {first['value']!r}" if isinstance(first["value"], str) and first["value"] else "",
            )
            if part
        )
        spread = []
        if kind.count > 1 and len(kind.columns) > 1:
            spread.append(f"columns {_listed(kind.columns, 4)}")
        elif kind.count > 1 and kind.columns[0]:
            spread.append(f"column {kind.columns[0]}")
        if kind.count > 1 and kind.rows:
            spread.append(f"rows {_listed(list(dict.fromkeys(kind.rows)), 5)}")
        first_at = f"first: {at}; " if kind.count > 1 and at else (f"{at}; " if at else "")
        detail = f" ({first_at}{'; '.join(spread)})" if (first_at or spread) else ""
        detail = detail.replace("; )", ")")
        lines.append(f"- {kind.count} x {kind.problem}{detail}. {kind.fix}")
    if len(kinds) > len(shown):
        rest = int(kinds["count"].iloc[len(shown):].sum())
        lines.append(f"... and {len(kinds) - len(shown)} more kinds ({rest} problems).")
    lines.append("Every problem with its row: integraatio validate FILE --all (--problems problems.csv writes them); in "
                 "Python, the error's .report.")
    return lines


def cell_text(value: object) -> str:
    """A cell as text: ``""`` for an empty cell (None, NaN, NA), else ``str(value)``.

    Examples
    --------
    >>> [cell_text(v) for v in ("1.10", 3, 3.0, None, float("nan"))]
    ['1.10', '3', '3.0', '', '']
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def coded_values(column: pd.Series, *, strip: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and distinct values of a text column: ``uniques[codes]`` is the column.

    With ``strip``, surrounding whitespace is removed first, so ``" 1.1"`` and ``"1.1"``
    share a code. Empty cells (also NaN or None in a hand-made frame) are ``""``.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy().astype(np.intp)
        values = column.cat.categories.to_numpy(dtype=object)
    else:
        codes, values = pd.factorize(column.to_numpy(dtype=object))
    # An empty cell (code -1) becomes the extra value at the end.
    values = np.append(values, "")
    codes = np.where(codes < 0, len(values) - 1, codes)
    cleaned = np.array([cell_text(v).strip() if strip else cell_text(v) for v in values], dtype=object)
    recode, uniques = pd.factorize(cleaned)
    return recode[codes], uniques.astype(object)


def first_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each element, its key's group number and each group's first position.

    ``pd.factorize`` numbers keys in order of first appearance, so position ``i`` opens a
    group exactly when its number exceeds every number before it.
    """
    group, _ = pd.factorize(key)
    before = np.maximum.accumulate(np.concatenate(([-1], group)))[:-1]
    return group, np.flatnonzero(group > before)


def _join(*parts: object) -> np.ndarray:
    """Element-wise string concatenation of scalars and equally long arrays."""
    out: object = ""
    for p in parts:
        out = out + (pd.Series(p, dtype=object).astype(str) if np.ndim(p) else str(p))
    return np.asarray(out, dtype=object)


class _Report:
    """Collects problems in column-wise chunks; :meth:`frame` sorts them by row and column."""

    def __init__(self, file: str, rows: np.ndarray, columns: list[str]):
        self.file, self.rows = file, rows
        self.position = {c: i for i, c in enumerate(columns)}
        self.chunks: list[pd.DataFrame] = []

    def column(self, column: str, problem: str, fix: str) -> None:
        """A problem with a whole column (no row)."""
        self.cells(None, column, "", problem, fix)

    def cells(self, where: np.ndarray | None, column: str, value, problem, fix, *, cite=None) -> None:
        """Problems in the raw rows at positions ``where``; ``value``, ``problem``, ``fix``
        and ``cite`` (the column name to show, default ``column``) are scalars or per row."""
        if where is not None and not len(where):
            return
        n = 1 if where is None else len(where)
        chunk = {
            "file": self.file,
            "row": [None] if where is None else self.rows[where].astype(object),
            "column": column if cite is None else cite,
            "value": value,
            "problem": problem,
            "fix": fix,
        }
        chunk = {k: np.broadcast_to(np.asarray(v, dtype=object), n) for k, v in chunk.items()}
        self.chunks.append(pd.DataFrame({**chunk, "_at": self.position.get(column, -1)}))

    def frame(self) -> pd.DataFrame:
        """The report: one row per problem, columns as in ``REPORT_COLUMNS``."""
        if not self.chunks:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in REPORT_COLUMNS})
        report = pd.concat(self.chunks, ignore_index=True)
        # Whole-column problems first, then by spreadsheet row and the column's position.
        header = report["row"].isna().to_numpy()
        row = pd.to_numeric(report["row"]).fillna(0).to_numpy(dtype=np.int64)
        order = np.lexsort((report["_at"].to_numpy(), row, ~header))
        return report.iloc[order][REPORT_COLUMNS].reset_index(drop=True)


def _scale_text(codebook: Codebook) -> str:
    scale = codebook.scale
    codes = ", ".join(map(str, scale.missing))
    return f"{scale.min}-{scale.max}" + (f" ({codes} = can't say)" if codes else "")


def _parse_items(values: np.ndarray, codebook: Codebook) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse distinct item cells: (value, missing, problem or None) for each one."""
    scale = codebook.scale
    number = np.zeros(len(values), dtype=np.int64)
    missing = np.ones(len(values), dtype=bool)
    problem = np.full(len(values), None, dtype=object)
    for i, v in enumerate(values):  # distinct values only: a handful, not one per row
        if v == "":
            continue
        if not _NUMBER.fullmatch(v):
            problem[i] = "text in a numeric item column"
            continue
        x = float(v.replace(",", "."))
        if not x.is_integer():
            problem[i] = "not a whole number"
        elif scale.min <= x <= scale.max:
            number[i], missing[i] = int(x), False
        elif int(x) not in scale.missing:
            problem[i] = f"outside the scale {scale.min}-{scale.max} and not a declared missing code"
    return number, missing, problem


def check_long(
    raw: pd.DataFrame,
    /,
    *,
    codebook: Codebook,
    file: str,
    rows: np.ndarray,
    item_columns: Mapping[str, np.ndarray] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """Check a raw long table and build the clean one.

    Parameters
    ----------
    raw : pandas.DataFrame
        One row per respondent x target group; every cell text (``""`` when empty;
        categorical columns of text are fine). Column names as in the data contract.
    codebook : Codebook
        Group codes, the answer scale and the municipalities' size classes.
    file : str
        File name to cite in the report.
    rows : numpy.ndarray
        The spreadsheet row number (header = 1) of each raw row, cited in the report and
        kept as the clean table's ``row``.
    item_columns : Mapping, optional
        For a reshaped wide file: for each item, the source column to cite for each raw
        row (e.g. ``"2.7.3"``). Default: the item's name.

    Returns
    -------
    clean : pandas.DataFrame
        ``row`` (int64), ``respondent_id``, ``municipality``, ``size_class`` (str; missing
        when unknown), ``own_group`` (categorical over ``codebook.codes``), ``subgroup``
        (str or missing), ``target_group`` (categorical), ``frequency``, ``reciprocity``,
        ``need`` (``Int64``; an empty cell or a missing code is ``<NA>``), then the other
        input columns as text, in input order. Only meaningful when ``report`` is empty.
    report : pandas.DataFrame
        One row per problem: ``file``, ``row`` (None for a whole-column problem),
        ``column``, ``value``, ``problem``, ``fix``. Empty when the table is valid.
    notes : tuple of str
        Non-fatal notices (respondents whose ``size_class`` is unknown).

    Notes
    -----
    Checks: required columns; empty ``respondent_id``, ``municipality``, ``own_group``,
    ``target_group``; group codes not in the codebook (codes are text: ``2.10`` is not
    ``2.1``); an ``own_group`` whose group only was rated (``responds = false``); item
    cells that are text, not whole numbers, or outside the scale and not a missing code
    (``3``, ``3.0``, ``3,0`` and ``" 3 "`` all read as 3); a respondent rating one
    target twice; and a respondent whose ``municipality``, ``own_group``, ``subgroup`` or
    ``size_class`` differs between rows. ``size_class`` comes from its column when the
    cell is filled, else from the codebook's municipalities.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> town, (own, a, b) = next(iter(cb.municipalities)), (cb.codes[0], cb.codes[1], cb.codes[9])
    >>> raw = pd.DataFrame({
    ...     "respondent_id": ["r1", "r1"], "municipality": [town, town],
    ...     "own_group": [own, own], "target_group": [a, b],
    ...     "frequency": ["3", "7"], "reciprocity": ["4,0", ""], "need": ["6", "5"]})
    >>> clean, report, notes = check_long(raw, codebook=cb, file="demo.csv", rows=np.array([2, 3]))
    >>> report[["row", "column", "value"]].values.tolist()
    [[3, 'frequency', '7']]
    >>> clean["target_group"].tolist() == [a, b], clean[["reciprocity", "need"]].values.tolist()
    (True, [[4, <NA>], [<NA>, 5]])
    """
    rows = np.asarray(rows, dtype=np.int64)
    n = len(raw)
    report = _Report(file, rows, [str(c) for c in raw.columns])

    present = [str(c) for c in raw.columns]
    for c in REQUIRED_COLUMNS:
        if c not in raw.columns:
            near = closest_name(c, [n for n in present if n not in REQUIRED_COLUMNS])
            report.column(
                c,
                f"required column {c!r} is missing" + (f"; did you mean `{c}` for the column {near!r}?" if near else ""),
                (f"Rename the column {near!r} to {c!r} in the header row." if near else
                 f"Add a column named exactly {c!r} to the header row (a wide export can map its own "
                 "column name to it in the codebook's [wide] columns table)."),
            )
    # A missing column reads as all empty; its cells are not reported again.
    coded = {
        c: coded_values(raw[c]) if c in raw.columns else (np.zeros(n, dtype=np.intp), np.array([""], dtype=object))
        for c in (*_NONEMPTY, "subgroup", "size_class", *ITEMS)
    }

    def cell_text(c: str, where: np.ndarray) -> np.ndarray:
        """The cells as written (whitespace kept), to quote in the report."""
        if not len(where):  # also covers a missing column
            return np.array([], dtype=object)
        codes, uniques = coded_values(raw[c].iloc[where], strip=False)
        return uniques[codes]

    for c in _NONEMPTY:
        if c in raw.columns:
            codes, uniques = coded[c]
            where = np.flatnonzero((uniques == "")[codes])
            fix = f"Fill in the {c}, or delete the row if it holds no answers."
            report.cells(where, c, cell_text(c, where), f"empty {c}", fix)

    # Each group code as its index in codebook.codes (-1: empty or unknown).
    position = {code: i for i, code in enumerate(codebook.codes)}
    group_index = {}
    for c in ("own_group", "target_group"):
        codes, uniques = coded[c]
        index = np.array([position.get(u, -1) for u in uniques], dtype=np.intp)
        group_index[c] = index[codes]
        # "2,1" for 2.1: a spreadsheet or export with a decimal comma rewrote the codes.
        comma = np.array([u.replace(",", ".") in position and "," in u for u in uniques], dtype=bool)
        where = np.flatnonzero(((index < 0) & (uniques != "") & ~comma)[codes])
        report.cells(
            where,
            c,
            cell_text(c, where),
            "group code not in the codebook",
            f"Use one of the codebook's codes exactly as written there ({', '.join(codebook.codes)}); codes "
            "are text, so 2.10 is not 2.1. A new group needs a [[groups]] entry in the codebook.",
        )
        where = np.flatnonzero(comma[codes])
        report.cells(
            where,
            c,
            cell_text(c, where),
            "group code written with a decimal comma (2,1 for the codebook's 2.1)",
            f"Write the {c} codes with a point as the codebook does (2.1, 2.10): format the column as text before "
            "the codes are typed or pasted, or replace the commas in that column (not in the answers).",
        )
    # Indexed by group_index, whose -1 picks the trailing False.
    rated_only = np.array([not codebook.group(code).responds for code in codebook.codes] + [False])
    where = np.flatnonzero(rated_only[group_index["own_group"]])
    report.cells(
        where,
        "own_group",
        cell_text("own_group", where),
        "this group was only rated (responds = false in the codebook), so it cannot be a respondent's own group",
        "Correct the own_group code, or set responds = true for the group in the codebook.",
    )

    items = {}
    for item in ITEMS:
        codes, uniques = coded[item]
        number, missing, problem = _parse_items(uniques, codebook)
        items[item] = pd.arrays.IntegerArray(number[codes], missing[codes])
        where = np.flatnonzero(pd.notna(problem)[codes])
        report.cells(
            where,
            item,
            cell_text(item, where),
            problem[codes[where]],
            f"Write a whole number {_scale_text(codebook)}, or leave the cell empty when there is no answer "
            "(a wide export can map answer texts to codes in the codebook's [wide] values table; other "
            "missing codes belong in [scale] missing).",
            cite=None if item_columns is None else np.asarray(item_columns[item], dtype=object)[where],
        )

    # The per-respondent checks use the rows that have a respondent_id.
    resp_codes, resp_uniques = coded["respondent_id"]
    has_id = np.flatnonzero((resp_uniques != "")[resp_codes])
    respondent, first = first_rows(resp_codes[has_id])

    t_codes, t_uniques = coded["target_group"]
    rated = has_id[(t_uniques != "")[t_codes[has_id]]]
    pair, first_pair = first_rows(resp_codes[rated] * len(t_uniques) + t_codes[rated])
    again = np.ones(len(rated), dtype=bool)
    again[first_pair] = False
    where = rated[again]
    report.cells(
        where,
        "target_group",
        cell_text("target_group", where),
        _join("this respondent_id already rated this target_group on row ", rows[rated[first_pair[pair[again]]]]),
        "Keep one row per respondent and target group: delete the repeated row or correct its "
        "respondent_id or target_group.",
    )

    for c in _PER_RESPONDENT:
        if c not in raw.columns:
            continue
        codes, uniques = coded[c]
        value = codes[has_id]
        expected = value[first][respondent]
        differs = np.flatnonzero(value != expected)
        report.cells(
            has_id[differs],
            c,
            cell_text(c, has_id[differs]),
            _join(
                f"this respondent's {c} differs from their first row (row ",
                rows[has_id[first[respondent[differs]]]],
                ": '",
                uniques[expected[differs]],
                "')",
            ),
            f"Give every row of a respondent the same {c}, or give different respondents different ids.",
        )

    # size_class: the filled cell of its column, else the codebook's class of the municipality.
    m_codes, m_uniques = coded["municipality"]
    listed = np.array([codebook.municipalities.get(u) for u in m_uniques], dtype=object)
    s_codes, s_uniques = coded["size_class"]
    size = s_uniques[s_codes]
    size = np.where(size != "", size, listed[m_codes])
    notes = []
    unknown = pd.isna(size[has_id])
    if unknown.any():
        names = ", ".join(sorted(set(m_uniques[m_codes[has_id[unknown]]])))
        source = "value" if "size_class" in raw.columns else "column"
        # No count: the manifest publishes the notes, and a count per municipality is a small cell.
        notes.append(
            f"respondents from municipalities the codebook does not list ({names}) and no size_class {source}: "
            "their size_class is unknown and they are left out of size comparisons"
        )

    def as_text(c: str, *, blank_is_missing: bool = False) -> pd.Series:
        codes, uniques = coded[c]
        if blank_is_missing:
            uniques = np.where(uniques == "", None, uniques)
        return pd.Series(uniques[codes], dtype="str")

    clean = pd.DataFrame(
        {
            "row": rows,
            "respondent_id": as_text("respondent_id"),
            "municipality": as_text("municipality"),
            "size_class": pd.Series(size, dtype="str"),
            "own_group": pd.Categorical.from_codes(group_index["own_group"], categories=codebook.codes),
            "subgroup": as_text("subgroup", blank_is_missing=True),
            "target_group": pd.Categorical.from_codes(group_index["target_group"], categories=codebook.codes),
            **items,
        }
    )
    for c in raw.columns:
        if c not in clean.columns:
            codes, uniques = coded_values(raw[c], strip=False)
            clean[c] = pd.Series(uniques[codes], dtype="str")
    return clean, report.frame(), tuple(notes)
