"""Check a long survey table against the data contract and build the clean table.

:func:`check_long` never stops at the first problem: it collects every one into a report
(one row per problem: ``file``, ``row``, ``column``, ``value``, ``problem``, ``fix``) so a
user can fix a file in one pass. Each rule is a function that adds its problems to the
report; every check is a boolean mask over a column. Each column is first coded into
integer codes plus its distinct values, and a value is looked at once, however many rows
hold it, which keeps a 5-million-row file fast.

The checks of the cells before they are reshaped (:func:`check_text`), of a wide file's
rows (:func:`check_repeated_respondents`) and of the clean table (:func:`check_self_ratings`)
are here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..codebook import ITEMS, Codebook, code_key, name_key
from ..exceptions import REPORT_COLUMNS, DataValidationError, report_row
from ..limits import CONTROL, MAX_CELL_CHARS, control_characters
from ..messages import Message, said
from .cells import coded_values, distinct_texts, first_rows, is_number, text_categorical, text_series, uncategorised
from .problems import closest_name, validation_error

__all__ = ["CATEGORICAL_TEXT", "MISREAD_SELF_RATERS", "MISREAD_SELF_SHARE", "REQUIRED_COLUMNS", "check_groupings", "check_long",
           "check_repeated_respondents", "check_self_ratings", "check_text", "check_wide_rows", "closest_names",
           "municipality_warnings"]

#: Columns every long table must have.
REQUIRED_COLUMNS = ("respondent_id", "municipality", "own_group", "target_group", *ITEMS)
#: Text columns of the clean table that can be categorical (``check_long(categorical=True)``).
CATEGORICAL_TEXT = ("respondent_id", "municipality", "size_class", "subgroup")
# Text columns whose cells must not be empty.
_NONEMPTY = ("respondent_id", "municipality", "own_group", "target_group")
# Columns that describe the respondent, so they must agree on all of a respondent's rows.
_PER_RESPONDENT = ("municipality", "own_group", "subgroup", "size_class")
#: A group whose respondents rate their own group this often was misread, not slipped:
#: at least this many respondents, and at least this share of the group's respondents
#: (a misread group is usually merged into another, so the share can be well under half).
MISREAD_SELF_RATERS = 3
MISREAD_SELF_SHARE = 0.1


class _Report:
    """Collects problems in column-wise chunks; :meth:`frame` sorts them by row and column."""

    def __init__(self, file: str, rows: np.ndarray, raw: pd.DataFrame):
        self.file, self.rows, self.raw = file, rows, raw
        self.position = {c: i for i, c in enumerate(str(c) for c in raw.columns)}
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

    def written(self, c: str, where: np.ndarray) -> np.ndarray:
        """The cells as written (whitespace kept), to quote in the report."""
        if not len(where):  # also covers a missing column
            return np.array([], dtype=object)
        codes, uniques = coded_values(self.raw[c].iloc[where], strip=False)
        return uniques[codes]

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
    if codes:
        return said("fix.scale_missing", low=scale.min, high=scale.max, codes=codes)
    return said("fix.scale", low=scale.min, high=scale.max)


def _parse_items(values: np.ndarray, codebook: Codebook) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse distinct item cells: (value, missing, problem or None) for each one."""
    scale = codebook.scale
    number = np.zeros(len(values), dtype=np.int64)
    missing = np.ones(len(values), dtype=bool)
    problem = np.full(len(values), None, dtype=object)
    for i, v in enumerate(values):  # distinct values only: a handful, not one per row
        if v == "":
            continue
        if not is_number(v):
            problem[i] = said("problem.text_item")
            continue
        x = float(v.replace(",", "."))
        if not x.is_integer():
            problem[i] = said("problem.not_whole")
        elif scale.min <= x <= scale.max:
            number[i], missing[i] = int(x), False
        elif int(x) not in scale.missing:
            problem[i] = said("problem.off_scale", low=scale.min, high=scale.max)
    return number, missing, problem


def check_long(
    raw: pd.DataFrame, /, *, codebook: Codebook, file: str, rows: np.ndarray,
    item_columns: Mapping[str, np.ndarray] | None = None, reverse: tuple[str, ...] = (), categorical: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[Message, ...]]:
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
    reverse : tuple of str
        Items whose numbers run the other way (``[scale] reversed``): ``x`` is read as
        ``min + max - x``.
    categorical : bool, default False
        :data:`CATEGORICAL_TEXT` as categoricals of their texts (the texts that occur, sorted:
        :func:`~integraatio.survey.cells.text_categorical`), as ``integraatio run`` reads them;
        default text (``str``).

    Returns
    -------
    clean : pandas.DataFrame
        ``row`` (int64), ``respondent_id``, ``municipality``, ``size_class`` (str; missing
        when unknown), ``own_group`` (categorical over ``codebook.codes``), ``subgroup``
        (str or missing), ``target_group`` (categorical), ``frequency``, ``reciprocity``,
        ``need`` (``Int64``; an empty cell or a missing code is ``<NA>``), then the other
        input columns as text, in input order. Only meaningful when ``report`` is empty.
    report : pandas.DataFrame
        One row per problem (``row`` None for a whole-column problem); empty when valid.
    notes : tuple of Message
        Non-fatal notices: group codes and municipality names read as the codebook writes them.

    Notes
    -----
    One function per rule, in this order: required columns; empty ``respondent_id``,
    ``municipality``, ``own_group``, ``target_group``; group codes not in the codebook
    (codes are text: ``2.10`` is not ``2.1``); an ``own_group`` whose group only was rated
    (``responds = false``); item cells that are text, not whole numbers, or outside the
    scale and not a missing code (``3``, ``3.0``, ``3,0`` and ``" 3 "`` all read as 3); a
    respondent rating one target twice; a respondent whose ``municipality``,
    ``own_group``, ``subgroup`` or ``size_class`` differs between rows. ``size_class``
    comes from its column when the cell is filled, else from the codebook's municipalities.

    Names are matched, not compared byte by byte: a group code or municipality that reads
    as a codebook code, name or alias (:func:`integraatio.codebook.name_key`: Unicode NFKC,
    zero-width characters and soft hyphens, spacing, case) is read as the codebook writes it.

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
    report = _Report(file, rows, raw)
    _check_required(raw, report)
    coded = _coded(raw)
    _check_empty(raw, coded, report)
    coded["municipality"], renamed = _matched(coded["municipality"], codebook.municipality)
    codes = _group_names(codebook)
    group_index = {}
    for c in ("own_group", "target_group"):
        coded[c], spelled = _matched(coded[c], lambda text: codes.get(name_key(text)))
        renamed += spelled
        group_index[c] = _check_codes(c, coded[c], codebook, report)
    _check_rated_only(group_index["own_group"], codebook, report)
    items = {item: _check_item(item, coded[item], codebook, report, item_columns, reverse=item in reverse)
             for item in ITEMS}
    # The per-respondent checks use the rows that have a respondent_id.
    resp_codes, resp_uniques = coded["respondent_id"]
    has_id = np.flatnonzero((resp_uniques != "")[resp_codes])
    _check_repeated_ratings(coded, has_id, report)
    _check_same_respondent(raw, coded, has_id, report)
    size = _size_class(coded, codebook)
    notes = (Message.of("read.names_matched", names=", ".join(renamed[:10]) + (", ..." if len(renamed) > 10 else "")),)
    clean = _clean(raw, coded, rows, size, group_index, items, codebook)
    return clean if categorical else uncategorised(clean, CATEGORICAL_TEXT), report.frame(), notes if renamed else ()


def _group_names(codebook: Codebook) -> dict[str, str]:
    """Each group code and alias as :func:`name_key` reads it -> the code."""
    names = {}
    for code in codebook.codes:
        for text in (code, *codebook.group(code).aliases):
            names.setdefault(name_key(text), code)
    return names


def _matched(coded: tuple[np.ndarray, np.ndarray], find) -> tuple[tuple[np.ndarray, np.ndarray], list[str]]:
    """A coded column with each value that ``find`` matches replaced by the codebook's text, and
    what was replaced ("'KUNTA A' as 'Kunta A'"); values are looked at once, however many rows hold them."""
    codes, uniques = coded
    found = [find(u) if u else None for u in uniques]
    renamed = [f"{u!r} as {f!r}" for u, f in zip(uniques, found) if f is not None and f != u]
    if not renamed:
        return coded, []
    recode, merged = pd.factorize(np.array([f or u for u, f in zip(uniques, found)], dtype=object))
    return (recode[codes], np.asarray(merged, dtype=object)), renamed


def _coded(raw: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The contract's columns as codes and distinct values (:func:`coded_values`)."""
    # A missing column reads as all empty; its cells are not reported again.
    return {
        c: coded_values(raw[c]) if c in raw.columns else (np.zeros(len(raw), dtype=np.intp), np.array([""], dtype=object))
        for c in (*_NONEMPTY, "subgroup", "size_class", *ITEMS)
    }


def _check_required(raw: pd.DataFrame, report: _Report) -> None:
    """Every required column is there; a near miss is named."""
    present = [str(c) for c in raw.columns]
    for c in REQUIRED_COLUMNS:
        if c not in raw.columns:
            near = closest_name(c, [n for n in present if n not in REQUIRED_COLUMNS])
            report.column(
                c,
                said("problem.required", column=c, near=said("problem.required_near", column=c, near=near) if near else ""),
                said("fix.rename", near=near, column=c) if near else said("fix.required", column=c),
            )


def _check_empty(raw: pd.DataFrame, coded: dict, report: _Report) -> None:
    """No empty respondent_id, municipality, own_group or target_group."""
    for c in _NONEMPTY:
        if c in raw.columns:
            codes, uniques = coded[c]
            where = np.flatnonzero((uniques == "")[codes])
            fix = said("fix.empty", column=c)
            report.cells(where, c, report.written(c, where), said("problem.empty", column=c), fix)


def _check_codes(c: str, coded: tuple[np.ndarray, np.ndarray], codebook: Codebook, report: _Report) -> np.ndarray:
    """Group codes are the codebook's, written as it writes them; each row's index in ``codebook.codes`` (-1: none)."""
    position = {code: i for i, code in enumerate(codebook.codes)}
    codes, uniques = coded
    index = np.array([position.get(u, -1) for u in uniques], dtype=np.intp)
    # "2,1" for 2.1: a spreadsheet or export with a decimal comma rewrote the codes.
    comma = np.array([u.replace(",", ".") in position and "," in u for u in uniques], dtype=bool)
    unknown = (index < 0) & (uniques != "") & ~comma
    where = np.flatnonzero(unknown[codes])
    fix = said("fix.unknown_code", codes=", ".join(codebook.codes))
    report.cells(where, c, report.written(c, where), said("problem.unknown_code"),
                 _group_hints(uniques, unknown, codebook, fix)[codes[where]])
    where = np.flatnonzero(comma[codes])
    report.cells(
        where,
        c,
        report.written(c, where),
        said("problem.decimal_comma"),
        said("fix.decimal_comma", column=c),
    )
    return index[codes]


def _group_hints(uniques: np.ndarray, unknown: np.ndarray, codebook: Codebook, fix: str) -> np.ndarray:
    """The fix for each distinct group value not in the codebook: the group it most likely
    names first (:func:`closest_names` over codes, labels and aliases)."""
    names = {}
    for code in codebook.codes:
        group = codebook.group(code)
        for text in (code, group.fi, group.en, *group.aliases):
            names.setdefault(text, code)
    hints = np.full(len(uniques), fix, dtype=object)
    for i in np.flatnonzero(unknown):
        near = closest_names(uniques[i], list(names), n=1)
        if near:
            code = names[near[0]]
            hints[i] = said("fix.did_you_mean_group", code=code, label=codebook.label(code), fix=fix)
    return hints


def _check_rated_only(own: np.ndarray, codebook: Codebook, report: _Report) -> None:
    """No own group that the codebook has only rated (``responds = false``)."""
    # Indexed by the group index, whose -1 picks the trailing False.
    rated_only = np.array([not codebook.group(code).responds for code in codebook.codes] + [False])
    where = np.flatnonzero(rated_only[own])
    report.cells(
        where,
        "own_group",
        report.written("own_group", where),
        said("problem.rated_only"),
        said("fix.rated_only"),
    )


def _check_item(
    item: str, coded: tuple[np.ndarray, np.ndarray], codebook: Codebook, report: _Report,
    item_columns: Mapping[str, np.ndarray] | None, *, reverse: bool = False,
) -> pd.arrays.IntegerArray:
    """An item's cells are whole numbers on the scale, missing codes or empty; the item's values
    (``reverse``: ``min + max - x``)."""
    codes, uniques = coded
    number, missing, problem = _parse_items(uniques, codebook)
    if reverse:
        number = np.where(missing, number, codebook.scale.min + codebook.scale.max - number)
    where = np.flatnonzero(pd.notna(problem)[codes])
    report.cells(
        where,
        item,
        report.written(item, where),
        problem[codes[where]],
        said("fix.item", scale=_scale_text(codebook)),
        cite=None if item_columns is None else np.asarray(item_columns[item], dtype=object)[where],
    )
    return pd.arrays.IntegerArray(number[codes], missing[codes])


def _check_repeated_ratings(coded: dict, has_id: np.ndarray, report: _Report) -> None:
    """A respondent rates each target group once."""
    resp_codes, _ = coded["respondent_id"]
    t_codes, t_uniques = coded["target_group"]
    rated = has_id[(t_uniques != "")[t_codes[has_id]]]
    key = resp_codes[rated].astype(np.int64) * len(t_uniques) + t_codes[rated]
    if not len(key) or key.max() < 4 * len(key) and np.bincount(key).max() == 1:
        return  # each pair once, as in almost every file: counted, not grouped
    pair, first_pair = first_rows(key)
    again = np.ones(len(rated), dtype=bool)
    again[first_pair] = False
    where = rated[again]
    report.cells(
        where,
        "target_group",
        report.written("target_group", where),
        np.array([said("problem.rated_twice", row=r) for r in report.rows[rated[first_pair[pair[again]]]]], dtype=object),
        said("fix.rated_twice"),
    )


def _check_same_respondent(raw: pd.DataFrame, coded: dict, has_id: np.ndarray, report: _Report) -> None:
    """A respondent's municipality, own_group, subgroup and size_class agree on all their rows."""
    respondent, first = first_rows(coded["respondent_id"][0][has_id])
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
            report.written(c, has_id[differs]),
            np.array([said("problem.differs", column=c, row=r, first=v) for r, v in
                      zip(report.rows[has_id[first[respondent[differs]]]], uniques[expected[differs]])], dtype=object),
            said("fix.differs", column=c),
        )


def _size_class(coded: dict, codebook: Codebook) -> tuple[np.ndarray, np.ndarray]:
    """Each row's size_class: the filled cell of its column, else the codebook's class of the
    municipality; as codes of distinct values (None: unknown), each pair of a municipality and
    a size_class cell looked at once."""
    m_codes, m_uniques = coded["municipality"]
    listed = np.array([codebook.municipalities.get(u) for u in m_uniques], dtype=object)
    s_codes, s_uniques = coded["size_class"]
    pair, first = first_rows(m_codes.astype(np.int64) * len(s_uniques) + s_codes)
    size = s_uniques[s_codes[first]]
    return pair, np.where(size != "", size, listed[m_codes[first]])


def closest_names(value: str, names: list[str], *, n: int = 3) -> list[str]:
    """The names most likely meant by ``value``: those it starts with or contains as a word
    ("Kunta A:n kaupunki": "Kunta A"), then the most similar (:class:`difflib.SequenceMatcher`
    ratio at least 0.6; equally similar ones in the order of ``names``).

    Examples
    --------
    >>> closest_names("Kunta An kaupunki", ["Kunta A", "Kylä C"]), closest_names("Kunta  B", ["Kunta A", "Kunta B"])
    (['Kunta A'], ['Kunta B', 'Kunta A'])
    """
    import difflib

    key, keys = name_key(value), {name_key(m): m for m in names}
    words = key.replace("-", " ").split()
    inside = [m for k, m in keys.items() if k and (key.startswith(k) or any(w.startswith(k) for w in words))]
    ratio = {m: difflib.SequenceMatcher(None, key, k).ratio() for k, m in keys.items()}
    similar = sorted((m for m in names if ratio.get(m, 0) >= 0.6), key=lambda m: -ratio[m])  # ties: codebook order
    return list(dict.fromkeys([*inside, *similar]))[:n]


def municipality_warnings(clean: pd.DataFrame, codebook: Codebook, *, size_column: bool) -> list[Message]:
    """A warning naming the municipalities whose size class is unknown: the codebook does not
    list them and the data (``size_column``: a size_class column) give none; with the codebook
    names they most likely are. Never a note: such respondents are left out of size comparisons."""
    unknown = clean["size_class"].isna().to_numpy()
    if not unknown.any():
        return []
    names = sorted(set(clean["municipality"].to_numpy(dtype=object)[unknown]))
    listed = list(codebook.municipalities)
    near = [f"{v!r} -> {' / '.join(map(repr, closest_names(v, listed)))}" for v in names if closest_names(v, listed)]
    hint = Message.of("read.closest", near="; ".join(near)) if near else ""
    source = "value" if size_column else "column"
    # No count: the manifest publishes the warnings, and a count per municipality is a small cell.
    return [Message.of(f"read.size_unknown_{source}", names=", ".join(names), hint=hint)]


def _clean(
    raw: pd.DataFrame, coded: dict, rows: np.ndarray, size: tuple[np.ndarray, np.ndarray], group_index: dict,
    items: dict,
    codebook: Codebook,
) -> pd.DataFrame:
    """The clean long table (see :func:`check_long`)."""

    def as_text(c: str, *, blank_is_missing: bool = False) -> pd.Categorical:
        codes, uniques = coded[c]
        if blank_is_missing:
            uniques = np.where(uniques == "", None, uniques)
        return text_categorical(codes, uniques)

    clean = pd.DataFrame(
        {
            "row": rows,
            "respondent_id": as_text("respondent_id"),  # the reader replaces each distinct id by its pseudonym
            "municipality": as_text("municipality"),
            "size_class": text_categorical(*size),
            "own_group": pd.Categorical.from_codes(group_index["own_group"], categories=codebook.codes),
            "subgroup": as_text("subgroup", blank_is_missing=True),
            "target_group": pd.Categorical.from_codes(group_index["target_group"], categories=codebook.codes),
            **items,
        }
    )
    for c in raw.columns:
        if c not in clean.columns:
            clean[c] = text_series(*coded_values(raw[c], strip=False))
    return clean


def check_text(names: list[str], columns: list[pd.Series], rows: np.ndarray, file: str) -> list[dict]:
    """Cells longer than :data:`integraatio.limits.MAX_CELL_CHARS`, and text cells with characters
    no output can carry (:data:`integraatio.limits.CONTROL`); at most 20 of each column."""
    problems = []
    for name, column in zip(names, columns):
        texts = distinct_texts(column, strip=False)
        long = np.array([len(t) > MAX_CELL_CHARS for t in texts], dtype=bool)
        odd = np.array([bool(CONTROL.search(t)) for t in texts], dtype=bool) & ~long
        if not (long.any() or odd.any()):  # the usual case: no row to look at
            continue
        codes, texts = coded_values(column, strip=False)  # the same texts, in the same order
        for i in np.flatnonzero(long[codes])[:20]:
            problems.append(report_row(
                name, said("problem.long_cell", n=len(texts[codes[i]]), most=MAX_CELL_CHARS), said("fix.long_cell"),
                file, row=int(rows[i]), value=texts[codes[i]][:40] + "...",
            ))
        for i in np.flatnonzero(odd[codes])[:20]:
            problems.append(report_row(
                name, said("problem.control", chars=control_characters(texts[codes[i]])), said("fix.control"),
                file, row=int(rows[i]), value=texts[codes[i]],
            ))
    return problems


def check_repeated_respondents(names: list[str], columns: list[pd.Series], rows: np.ndarray, file: str) -> pd.DataFrame:
    """Wide rows whose respondent_id already has a row (the long check would repeat it per target)."""
    if "respondent_id" not in names:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    column = columns[names.index("respondent_id")]
    codes, uniques = coded_values(column)
    has_id = np.flatnonzero((uniques != "")[codes])
    group, first = first_rows(codes[has_id])
    again = np.ones(len(has_id), dtype=bool)
    again[first] = False
    where = has_id[again]
    written, texts = coded_values(column.iloc[where], strip=False)
    return pd.DataFrame(
        {
            "file": file,
            "row": rows[where].astype(object),
            "column": "respondent_id",
            "value": texts[written],
            "problem": [said("problem.wide_repeated", row=r) for r in rows[has_id[first[group[again]]]]],
            "fix": said("fix.wide_repeated"),
        }
    )


def check_self_ratings(clean: pd.DataFrame, file: str, *, allowed: bool) -> tuple[list[dict], list[Message]]:
    """Self-ratings per own group: problems when they show a misread own group, else warnings.

    A respondent self-rates when any item of their rating of their own group is answered.
    Where at least :data:`MISREAD_SELF_RATERS` respondents and :data:`MISREAD_SELF_SHARE` of a
    group's respondents do, the own group was most likely misread (2.10 read as 2.1, a
    shifted column): the run stops, unless ``allowed`` (a survey that asks for them).
    """
    items = clean[list(ITEMS)].notna().any(axis=1).to_numpy()
    own = clean["own_group"].astype(str).to_numpy()
    selfish = items & (own == clean["target_group"].astype(str).to_numpy())
    raters = clean.loc[selfish].groupby("own_group", observed=True)["respondent_id"].nunique()
    if raters.empty:
        return [], []
    size = clean.groupby("own_group", observed=True)["respondent_id"].nunique()
    problems, warned = [], []
    for group in sorted(raters.index, key=code_key):
        k, n = int(raters[group]), int(size[group])
        if not allowed and k >= MISREAD_SELF_RATERS and k >= MISREAD_SELF_SHARE * n:
            problems.append(report_row(
                "own_group",
                said("problem.misread_own", k=k, n=n, group=group),
                said("fix.misread_own"),
                file, value=str(group),
            ))
        else:
            warned.append(Message.of("read.self_ratings", k=k, n=n, group=str(group)))
    return problems, warned


def check_wide_rows(
    report: pd.DataFrame, names: list[str], columns: list[pd.Series], rows: np.ndarray, /, *, sources: dict[str, str],
    file: str,
) -> pd.DataFrame:
    """A wide file's report: each row's problems once, repeated respondents, columns named as in the file.

    A wide row's problems repeat on each of its targets: each is reported once. Its targets
    come from the column names, so a target_group problem can only be a repeated
    respondent, which is reported once per row instead.
    """
    report = report[report["column"] != "target_group"].drop_duplicates()
    report = pd.concat([report, check_repeated_respondents(names, columns, rows, file)], ignore_index=True)
    cells = report["row"].notna()
    report.loc[cells, "column"] = report.loc[cells, "column"].replace(sources)
    return report


def check_groupings(data: pd.DataFrame, codebook: Codebook, /, *, uses: Mapping[str, Sequence[str]]) -> None:
    """Stop when a municipality that the codebook does not list would be grouped by its name or
    by a codebook attribute (a comparison, the weights' strata, the bootstrap's strata).

    Parameters
    ----------
    data : pandas.DataFrame
        The survey as read (:attr:`integraatio.survey.Survey.data`).
    codebook : Codebook
    uses : Mapping
        What groups the respondents (``"--compare-by"``, an invitations file's name, ...) ->
        the columns or codebook attributes it groups by.

    Raises
    ------
    DataValidationError
        One problem per municipality not matched (by name or alias, see
        :meth:`~integraatio.codebook.Codebook.municipality`), at its first row, with the
        codebook names it most likely is. Nothing to match when the codebook lists none, or
        for a size_class the data give.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> name = next(iter(cb.municipalities))
    >>> data = pd.DataFrame({"row": [2, 3], "municipality": [name, name + "n kaupunki"], "size_class": ["large", None]})
    >>> check_groupings(data, cb, uses={"--compare-by": ["own_group"]})  # no municipality grouping
    >>> try:
    ...     check_groupings(data, cb, uses={"--compare-by": ["size_class"]})
    ... except DataValidationError as error:
    ...     print(error.report.loc[0, "value"] == name + "n kaupunki", error.report.loc[0, "fix"].startswith(f"Did you mean {name!r}?"))
    True True
    """
    listed = list(codebook.municipalities)
    attributes = {k for a in codebook.municipality_attributes.values() for k in a}
    unmatched = ~data["municipality"].isin(listed).to_numpy()
    found: dict[str, tuple[int, list[str]]] = {}
    for why, columns in uses.items():
        for column in columns:
            if not listed or column is None:
                continue
            if column == "size_class":
                hit = unmatched & data["size_class"].isna().to_numpy()
            elif column == "municipality" or (column in attributes and column not in data.columns):
                hit = unmatched
            else:
                continue
            first = data.loc[hit].drop_duplicates("municipality")  # each name at its first row
            for name, row in zip(first["municipality"], first["row"]):
                found.setdefault(name, (int(row), []))[1].append(f"{why} {column}")
    if not found:
        return
    rows = []
    for name, (row, why) in sorted(found.items(), key=lambda kv: kv[1][0]):
        near = closest_names(name, listed)
        rows.append(report_row(
            "municipality",
            said("problem.unknown_municipality", uses=f" {said('and')} ".join(dict.fromkeys(why))),
            said("fix.unknown_municipality", name=name,
                 near=said("fix.did_you_mean", names=f" {said('or_which')} ".join(map(repr, near))) if near else ""),
            "", row=row, value=name,
        ))
    raise validation_error(pd.DataFrame(rows, columns=REPORT_COLUMNS))
