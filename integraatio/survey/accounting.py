"""Accounting: nothing lost and nobody exposed.

Respondent ids become pseudonyms (:func:`integraatio.privacy.pseudonymise`), in the table
and in the exclusions alike; every input cell not passed on is listed in the exclusions
with its reason, so that ``cells_read = cells_used + len(exclusions)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..messages import Message
from ..identifiers import sanitise
from ..privacy import pseudonymise
from .cells import text_categorical
from .columns import Columns
from .grid import Grid
from .layout import Layout
from .responses import Selection
from .result import EXCLUSION_COLUMNS, Survey

__all__ = ["account", "exclusions_table"]


def account(
    clean: pd.DataFrame, /, *, grid: Grid, layout: Layout, read: Columns, selection: Selection,
    notes: list[Message], warnings: list[Message], pseudonym_key: str | bytes | None,
) -> Survey:
    """The :class:`Survey` of a clean table: pseudonyms, exclusions and the counts of what was read."""
    clean, pseudo, respondents = _pseudonymised(clean, selection, key=pseudonym_key)
    n, out = len(layout.rows), np.flatnonzero(~selection.keep)
    exclusions = _exclusions(read, selection, layout.rows, pseudo)
    return Survey(
        data=clean,
        path=grid.path,
        sha256=grid.sha256,
        layout=layout.kind,
        encoding=grid.encoding,
        delimiter=grid.delimiter,
        rows_read=len(clean),
        respondents_read=respondents,
        notes=tuple(map(_sanitised, notes)),  # the manifest repeats them
        exclusions=exclusions.astype({"row": np.int64, "respondent_id": "str", "column": "str", "reason": "str"}),
        respondent_ids="sequential" if pseudonym_key is None else "hmac-sha256",
        # A header may hold an address, and a reason may quote the header.
        dropped_columns={sanitise(c): sanitise(why) for c, why in read.aside.items()},
        cells_read=n * (len(read.names) + len(read.aside)),
        cells_used=(n - len(out)) * len(read.names),
        header_rows=layout.header_rows,
        blank_rows=layout.blank_rows,
        warnings=tuple(map(_sanitised, warnings)),
        responses=selection.responses,
    )


def _sanitised(value: Any) -> Any:
    """A note's fields with their addresses removed: a field may quote a header or a sheet name."""
    if isinstance(value, Message):
        return Message(value.key, tuple((name, _sanitised(v)) for name, v in value.fields))
    if isinstance(value, tuple):
        return tuple(map(_sanitised, value))
    return sanitise(value) if isinstance(value, str) else value


def _pseudonymised(
    clean: pd.DataFrame, selection: Selection, *, key: str | bytes | None
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """The table with pseudonyms for ids, each data row's pseudonym, and the respondents in the table.

    The respondents left out get pseudonyms after those of the table.
    """
    ids, uniques = pd.factorize(clean["respondent_id"])  # categorical: by its codes, no string hashing
    uniques = np.asarray(uniques, dtype=object)
    raw = selection.ids
    others = pd.Index(pd.unique(pd.Series(raw[~selection.keep & (raw != "")], dtype=object)), dtype=object)
    others = others[~others.isin(uniques)]
    every = pd.Series(np.concatenate([uniques, others.to_numpy()]), dtype="str")
    pseudonyms = pseudonymise(every, key=key).to_numpy(dtype=object)
    # An id not in the table's or the left-out ids (an empty one) has no pseudonym: position -1 takes "".
    # Looked up once per distinct id, then taken for its rows.
    found = pd.Index(every, dtype=object).get_indexer(selection.id_texts)
    pseudo = np.append(pseudonyms, "")[found][selection.id_codes]
    return clean.assign(respondent_id=text_categorical(ids, pseudonyms[:len(uniques)])), pseudo, len(uniques)


def _exclusions(read: Columns, selection: Selection, rows: np.ndarray, pseudo: np.ndarray) -> pd.DataFrame:
    """Every cell not read: those of the columns set aside, and those of the responses left out; by row."""
    aside, names, n = read.aside, read.names, len(rows)
    out, targets = np.flatnonzero(~selection.keep), selection.targets
    exclusions = pd.DataFrame(
        {
            "row": np.concatenate([np.tile(rows, len(aside)), np.repeat(rows[out], len(names))]),
            "respondent_id": np.concatenate([np.tile(pseudo, len(aside)), np.repeat(pseudo[out], len(names))]),
            "target_group": np.concatenate([np.tile(targets, len(aside)), np.repeat(targets[out], len(names))]),
            "column": np.concatenate([
                np.repeat(np.array([sanitise(c) for c in aside], dtype=object), n),
                np.tile(np.array([read.sources.get(c, c) for c in names], dtype=object), len(out)),
            ]),
            "reason": np.concatenate([
                np.repeat(np.array([sanitise(why) for why in aside.values()], dtype=object), n),
                np.repeat(selection.reason[out].astype(object), len(names)),
            ]),
        },
        columns=EXCLUSION_COLUMNS,
    )
    return exclusions.sort_values("row", kind="stable", ignore_index=True)


def exclusions_table(scoring: pd.DataFrame, survey: Survey, /) -> pd.DataFrame:
    """Every input cell or rating not used: the reader's and scoring's exclusions, by row.

    Parameters
    ----------
    scoring : pandas.DataFrame
        The ratings not scored (:attr:`integraatio.composite.Scores.exclusions`: ``row``,
        ``respondent_id``, ``target_group``, ``reason``).
    survey : Survey
        The survey as read; its :attr:`Survey.exclusions` are the cells not read.

    Returns
    -------
    pandas.DataFrame
        ``row``, ``respondent_id``, ``target_group``, ``column`` (empty for a whole rating),
        ``reason``, sorted by row (stable: scoring's rows first within a row).

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.survey import read_survey
    >>> cb = load_codebook()
    >>> town, (own, a, b) = next(iter(cb.municipalities)), (cb.codes[0], cb.codes[1], cb.codes[9])
    >>> df = pd.DataFrame({"respondent_id": ["r1", "r1"], "municipality": town, "own_group": own,
    ...     "target_group": [own, a], "frequency": 3, "reciprocity": 2, "need": 1, "Nimi": "Anna"})
    >>> s = read_survey(df, codebook=cb)
    >>> scoring = pd.DataFrame({"row": [2], "respondent_id": ["R0001"], "target_group": [own],
    ...     "reason": ["self-rating (own_group equals target_group)"]})
    >>> exclusions_table(scoring, s)[["row", "column", "reason"]].values.tolist()
    [[2, '', 'self-rating (own_group equals target_group)'], [2, 'Nimi', 'identifies a person (name): dropped at load'], [3, 'Nimi', 'identifies a person (name): dropped at load']]
    """
    rated = scoring.assign(column="", target_group=scoring["target_group"].astype("str"))[EXCLUSION_COLUMNS]
    both = pd.concat([rated, survey.exclusions[EXCLUSION_COLUMNS]], ignore_index=True) if len(survey.exclusions) else rated
    return both.sort_values("row", kind="stable", ignore_index=True)
