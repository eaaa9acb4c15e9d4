"""Writing surveys: the canonical long or wide layout, as ``.csv`` or ``.xlsx``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..codebook import ITEMS, code_key
from ..exceptions import InputFileError, UsageError
from .spec import BACKGROUND_COLUMNS

__all__ = ["to_wide", "write_survey"]


def to_wide(data: pd.DataFrame, /) -> pd.DataFrame:
    """The canonical wide layout of a long table: one row per respondent.

    Parameters
    ----------
    data : pandas.DataFrame
        A canonical long table (e.g. :attr:`Survey.data`; ``row`` is dropped).

    Returns
    -------
    pandas.DataFrame
        The background columns (``respondent_id``, ``municipality``, ``size_class``,
        ``own_group``, ``subgroup`` when present, then any other column, taken from each
        respondent's first row), then ``<code>.<k>`` columns (``Int64``) for the target
        groups present in ``code_key`` order, items k = 1 frequency, 2 reciprocity,
        3 need. Respondents keep their order of first appearance; a target a respondent
        did not rate is empty.

    Examples
    --------
    >>> long = pd.DataFrame({"respondent_id": ["r1", "r1", "r2"], "municipality": "Kunta X",
    ...     "own_group": ["1.1", "1.1", "1.2"], "target_group": ["1.10", "1.2", "1.1"],
    ...     "frequency": [1, 2, 3], "reciprocity": [4, 5, 1], "need": [2, 3, None]})
    >>> wide = to_wide(long)
    >>> wide.columns.tolist()[3:]
    ['1.1.1', '1.1.2', '1.1.3', '1.2.1', '1.2.2', '1.2.3', '1.10.1', '1.10.2', '1.10.3']
    >>> wide["1.1.3"].tolist()
    [<NA>, <NA>]
    """
    data = data.reset_index(drop=True)
    respondent, ids = pd.factorize(data["respondent_id"])
    first = np.flatnonzero(~data["respondent_id"].duplicated().to_numpy())  # factorize order
    rated = data["target_group"].astype(object)
    target, seen = pd.factorize(rated)
    codes = sorted(map(str, seen), key=code_key)
    column_of = np.array([codes.index(str(t)) for t in seen] + [-1], dtype=np.intp)[target]
    ok = (column_of >= 0) & (respondent >= 0)  # a row without a target or id has no cell

    other = [c for c in data.columns if c not in ("row", "target_group", *ITEMS, *BACKGROUND_COLUMNS)]
    background = data.iloc[first][[c for c in (*BACKGROUND_COLUMNS, *other) if c in data.columns]]
    background = background.reset_index(drop=True)
    for c in background.columns:
        if isinstance(background[c].dtype, pd.CategoricalDtype):
            background[c] = background[c].astype("str")
    answers = {}
    for k, item in enumerate(ITEMS, start=1):
        values = data[item].astype("Int64")
        number = np.zeros((len(ids), len(codes)), dtype=np.int64)
        missing = np.ones((len(ids), len(codes)), dtype=bool)
        number[respondent[ok], column_of[ok]] = values.to_numpy(dtype=np.int64, na_value=0)[ok]
        missing[respondent[ok], column_of[ok]] = values.isna().to_numpy()[ok]
        for t, code in enumerate(codes):
            answers[f"{code}.{k}"] = pd.arrays.IntegerArray(number[:, t].copy(), missing[:, t].copy())
    order = [f"{code}.{k}" for code in codes for k in range(1, len(ITEMS) + 1)]
    return pd.concat([background, pd.DataFrame({c: answers[c] for c in order})], axis=1)


def write_survey(data: pd.DataFrame, path: str | Path, /, *, layout: str = "long") -> None:
    """Write a survey as a canonical file: long or wide, ``.csv`` (UTF-8, comma) or ``.xlsx``.

    Parameters
    ----------
    data : pandas.DataFrame
        A canonical long table; for ``layout="wide"`` it may already be wide (no
        ``target_group`` column), as :func:`to_wide` returns.
    path : str or Path
        Ends in ``.csv`` or ``.xlsx``.
    layout : {"long", "wide"}

    Returns
    -------
    None

    Notes
    -----
    ``row`` is not written; items are written as integers and missing answers as empty
    cells, so :func:`~integraatio.survey.read_survey` reads the file back to the same table. In ``.xlsx`` every
    text stays text: a value starting with ``=`` is not turned into a formula.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.survey import read_survey
    >>> cb = load_codebook()
    >>> long = pd.DataFrame({"respondent_id": ["r1"], "municipality": next(iter(cb.municipalities)),
    ...     "own_group": cb.codes[0], "target_group": cb.codes[1], "frequency": [3], "reciprocity": [2], "need": [None]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_survey(long, pathlib.Path(folder) / "survey.csv", layout="wide")
    ...     print(read_survey(pathlib.Path(folder) / "survey.csv", codebook=cb).layout)
    wide
    """
    path = Path(path)
    if layout not in ("long", "wide"):
        raise UsageError(f"`layout` must be 'long' or 'wide'; got {layout!r}.")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputFileError(f"Cannot write {path}: the name must end in .csv or .xlsx.")
    if layout == "wide" and "target_group" in data.columns:
        data = to_wide(data)
    data = data.drop(columns="row", errors="ignore")
    if suffix == ".csv":
        data.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    else:
        _write_xlsx(data, path)


def _write_xlsx(data: pd.DataFrame, path: Path) -> None:
    """One sheet with a header row; every text cell stays text (``=x`` is no formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def cell(value: object) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=None if pd.isna(value) else value)
        if isinstance(value, str):
            c.data_type = "s"  # openpyxl would store "=..." as a formula and lose the text
        return c

    sheet.append([cell(str(c)) for c in data.columns])
    for row in data.astype(object).itertuples(index=False):
        sheet.append([cell(v) for v in row])
    book.save(path)
