"""Wide to long: one row per respondent becomes one row per respondent and rated target.

Item columns are found by the codebook's ``[wide]`` pattern (:mod:`integraatio.survey.spec`);
background and other columns are repeated on each of the respondent's targets, recoded
as the codebook says; answer texts become codes before the long table is checked.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..codebook import ITEMS, Codebook, code_key
from ..exceptions import report_row
from ..messages import Message, said
from .cells import is_number
from .spec import BACKGROUND_COLUMNS, WideSpec, group_lookup, normalise, target_code

__all__ = ["wide_to_long"]

# A grid's "other, specify" row: "Muu taho, mikä?", "Other (please specify)", "Annan, vilken?".
_OTHER_ROW = re.compile(r"(?i)^(muu|muut|muita|other|others|annan|annat|andra|övrig\w*)\b|\b(mikä|mitkä|mitä|specify|"
                        r"vilken|vilka|which)\W*$|\?\s*$")
_SPECIAL = re.compile(r"[.^$*+?{}()\[\]\\|]")  # escaped in the drop pattern a fix suggests


def wide_to_long(
    names: list[str], columns: list[pd.Series], rows: np.ndarray, /, *, codebook: Codebook, spec: WideSpec, file: str
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[dict], list[Message]]:
    """Reshape a wide table to raw long rows (respondent row, then target in code order).

    Parameters
    ----------
    names, columns : list
        Column names (background columns already renamed) and their categorical text cells.
    rows : numpy.ndarray
        The spreadsheet row number of each wide row.
    codebook : Codebook
    spec : WideSpec
    file : str
        File name to cite in problems.

    Returns
    -------
    long : pandas.DataFrame
        Background and other columns repeated per target, ``target_group`` and the three
        items as text (answer texts already mapped by ``values`` and ``missing``).
    rows : numpy.ndarray
        The row number of each long row.
    cite : dict
        For each item, the source column of each long row's cell (to cite in problems).
    problems : list of dict
        Item columns that cannot be mapped.
    warnings : list of Message
        Items without a column for a target: their answers are read as missing, so those
        ratings are not scored (a warning: it changes the results).

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.survey.spec import wide_spec
    >>> cb = load_codebook()
    >>> cells = [pd.Series(pd.Categorical(v)) for v in (["r1"], ["3"], ["6"])]
    >>> long, rows, cite, problems, warned = wide_to_long(
    ...     ["respondent_id", "2.2.1", "2.2.3"], cells, np.array([2]), codebook=cb, spec=wide_spec(cb), file="w.csv")
    >>> long[["target_group", "frequency", "need"]].values.tolist(), [str(w) for w in warned]
    ([['2.2', '3', '6']], ['no item column for 2.2 (reciprocity): those answers are read as missing'])
    """
    lookup = group_lookup(codebook)
    found, kept, problems = _item_columns(names, codebook=codebook, spec=spec, lookup=lookup, file=file)
    targets = sorted({code for code, _ in found}, key=code_key)
    if not targets:
        problems.append(
            report_row(
                "",
                said("problem.no_items", expected=spec.expected_items()),
                said("fix.no_items"),
                file,
            )
        )
    absent = {t: [i for i in ITEMS if (t, i) not in found] for t in targets}
    lacking = [f"{t} ({', '.join(items)})" for t, items in absent.items() if items]
    warned = [Message.of("read.no_items", lacking="; ".join(lacking))] if lacking else []

    n, size = len(rows), len(targets)
    source = np.repeat(np.arange(n), size)
    long = {
        names[j]: _recode_background(names[j], columns[j], spec, lookup).take(source).reset_index(drop=True)
        for j in kept
    }
    long["target_group"] = pd.Categorical.from_codes(np.tile(np.arange(size), n), categories=targets)
    cite = {}
    for item in ITEMS:
        at = [found.get((t, item)) for t in targets]
        long[item] = _item_cells([None if j is None else columns[j] for j in at], n, spec.missing, spec.values[item])
        cite[item] = np.tile(np.array([item if j is None else names[j] for j in at], dtype=object), n)
    return pd.DataFrame(long), np.repeat(rows, size), cite, problems, warned


def _item_columns(
    names: list[str], *, codebook: Codebook, spec: WideSpec, lookup: dict[str, str], file: str
) -> tuple[dict[tuple[str, str], int], list[int], list[dict]]:
    """Each (target code, item)'s column; the other columns (file order); item columns that cannot be mapped."""
    problems = []
    known = set(codebook.codes)
    found: dict[tuple[str, str], int] = {}  # (target code, item) -> column position
    kept = []  # background and other columns, in file order
    for j, name in enumerate(names):
        match = None if name in BACKGROUND_COLUMNS else spec.pattern.search(name)
        if match is None:
            kept.append(j)
            continue
        item = spec.items.get(normalise(match["item"]))
        token = match["target"]
        code, wrong_target = target_code(token, spec, codebook, lookup)
        if item is None:
            problems.append(
                report_row(
                    name,
                    said("problem.unknown_item", item=match["item"], items=", ".join(spec.item_tokens)),
                    said("fix.unknown_item", items=", ".join(f"{k} = {spec.items[normalise(k)]}" for k in spec.item_tokens)),
                    file,
                )
            )
        elif wrong_target:
            fix = said("fix.target_position") if spec.targets == "position" else said("fix.target_unlisted", token=token)
            problems.append(report_row(name, wrong_target, fix, file))
        elif code not in known and _OTHER_ROW.search(token):
            pattern = _SPECIAL.sub(r"\\\g<0>", token)
            problems.append(report_row(
                name, said("problem.other_row", token=token), said("fix.other_row", pattern=pattern), file))
        elif code not in known:
            labels = said("fix.or_label") if spec.group_labels else ""
            problems.append(
                report_row(
                    name,
                    said("problem.unknown_target", code=code),
                    said("fix.unknown_target", codes=", ".join(codebook.codes), labels=labels),
                    file,
                )
            )
        elif (code, item) in found:
            problems.append(
                report_row(
                    name,
                    said("problem.same_item", item=Message.of(f"item.{item}"), code=code, other=names[found[code, item]]),
                    said("fix.same_item"),
                    file,
                )
            )
        else:
            found[code, item] = j
    return found, kept, problems


def _item_cells(columns: list[pd.Series | None], n: int, missing: frozenset[str], values: dict[str, int]) -> pd.Categorical:
    """One item's cells of every target (None: no column, read as empty), respondent by respondent,
    the answer texts (and numbers) that the item's ``values`` map replaced by their codes."""
    present = [c.cat for c in columns if c is not None]
    # One set of distinct texts for all of the item's columns; "" fills absent columns.
    texts = pd.Index(pd.unique(np.concatenate([c.categories.to_numpy(object) for c in present] + [[""]])))
    codes = np.full((n, len(columns)), texts.get_loc(""), dtype=np.intp)
    for k, column in enumerate(columns):
        if column is not None:
            cat = column.cat
            codes[:, k] = texts.get_indexer(cat.categories)[cat.codes.to_numpy()]
    # Answer texts become codes before the numbers are read ("Päivittäin" -> "5"), and a
    # declared "can't say" text becomes an empty (missing) cell. A number is looked up as
    # its whole number ("1,0" as "1"), so that a map of numbers (a reversed item) takes every form.
    keys = [_whole(normalise(t)) for t in texts]
    mapped = np.array(
        ["" if k in missing else str(values[k]) if k in values else t for t, k in zip(texts, keys)],
        dtype=object,
    )
    recode, uniques = pd.factorize(mapped)
    return pd.Categorical.from_codes(recode[codes.ravel()], categories=pd.Index(uniques, dtype=object))


def _whole(key: str) -> str:
    """A number written as a whole number ("3,0" -> "3"); any other text as it is."""
    if is_number(key):
        x = float(key.replace(",", "."))
        if x.is_integer():
            return str(int(x))
    return key


def _mapped(column: pd.Series, mapping) -> pd.Series:
    """A categorical text column with each distinct text replaced by ``mapping(text)``."""
    codes, uniques = pd.factorize(np.array([mapping(t) for t in column.cat.categories], dtype=object))
    categories = pd.Index(uniques, dtype=object)
    return pd.Series(pd.Categorical.from_codes(codes[column.cat.codes.to_numpy()], categories=categories))


def _recode_background(name: str, column: pd.Series, spec: WideSpec, lookup: dict[str, str]) -> pd.Series:
    """Apply ``[wide] recode`` and, for own_group with ``group_labels``, label -> code."""
    table = spec.recode.get(name)
    labels = spec.group_labels and name == "own_group"
    if table is None and not labels:
        return column

    def recoded(text: str) -> str:
        key = normalise(text)
        if table is not None and key in table:
            text, key = table[key], normalise(table[key])
        return lookup.get(key, text) if labels else text

    return _mapped(column, recoded)
