"""Response rates from an invitations file: who was asked, who answered.

An invitations file is a CSV with one row per stratum: stratum columns that the survey also
has (``municipality``, optionally ``size_class``, ``own_group`` or any background column)
and ``invited``, the number of task holders asked to answer. The respondents of a stratum
are counted from the survey as read (incomplete responses already left out).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import InputFileError
from .messages import said

__all__ = ["MIN_STRATA", "Invitations", "column_weights", "read_invitations", "respondent_weights", "response_rates",
           "strata_per_cell", "without_respondents"]

#: An invitations file has a row per stratum: far below this.
MAX_BYTES = 10**7
#: The level that names the total row of ``response.csv`` in every stratum column.
TOTAL = "all"


@dataclass(frozen=True)
class Invitations:
    """An invitations file (:func:`read_invitations`).

    Attributes
    ----------
    table : pandas.DataFrame
        The stratum columns (text) and ``invited`` (int), one row per stratum.
    strata : tuple of str
        The stratum columns: the file's columns that the survey has.
    ignored : tuple of str
        The file's other columns besides ``invited`` (not used; recorded in the manifest).
    path : pathlib.Path
    sha256 : str
    """

    table: pd.DataFrame
    strata: tuple[str, ...]
    ignored: tuple[str, ...]
    path: Path
    sha256: str


def read_invitations(path: str | Path, /, *, columns: list[str] | pd.Index) -> Invitations:
    """Read an invitations CSV whose strata are among the survey's ``columns``.

    Raises
    ------
    InputFileError
        No ``invited`` column, no stratum column the survey has, an ``invited`` that is not
        a whole number >= 0, or a stratum listed twice; the message names the rows.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size > MAX_BYTES:
        raise InputFileError(said("invitations.unreadable", path=path, mb=MAX_BYTES // 10**6))
    raw = path.read_bytes()
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as error:
        raise InputFileError(said("invitations.not_csv", file=path.name, error=error)) from error
    if "invited" not in table.columns:
        raise InputFileError(said("invitations.no_invited", file=path.name, columns=", ".join(table.columns)))
    strata = tuple(c for c in table.columns if c in set(columns))
    if not strata:
        raise InputFileError(said("invitations.no_strata", file=path.name, columns=", ".join(table.columns)))
    invited = pd.to_numeric(table["invited"].str.strip(), errors="coerce")
    bad = table.index[invited.isna() | (invited < 0) | (invited % 1 != 0)]
    if len(bad):
        rows = ", ".join(f"{said('problems.row', row=i + 2)} ({table.at[i, 'invited']!r})" for i in bad[:5])
        raise InputFileError(said("invitations.not_whole", file=path.name, rows=rows))
    repeated = table.duplicated(list(strata), keep=False)
    if repeated.any():
        rows = ", ".join(str(i + 2) for i in table.index[repeated][:10])
        raise InputFileError(said("invitations.repeated", file=path.name, strata=", ".join(strata), rows=rows))
    table = table[list(strata)].assign(invited=invited.astype(np.int64))
    ignored = tuple(c for c in pd.read_csv(path, nrows=0).columns if c not in strata and c != "invited")
    return Invitations(table, strata, ignored, path, hashlib.sha256(raw).hexdigest())


def response_rates(invitations: Invitations, data: pd.DataFrame, /) -> pd.DataFrame:
    """Invited, respondents and the response rate per stratum, and a total row.

    Parameters
    ----------
    invitations : Invitations
    data : pandas.DataFrame
        The survey's long table (:attr:`integraatio.survey.Survey.data`).

    Returns
    -------
    pandas.DataFrame
        The stratum columns, ``invited``, ``respondents`` (distinct respondent ids of the
        stratum) and ``rate`` = respondents / invited; last, the total row with ``all`` in
        every stratum column.

    Raises
    ------
    InputFileError
        Strata of the survey that the file does not list, or with fewer invited than
        respondents; the message names them.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "invited.csv").write_text("municipality,invited\\nA,4\\nB,10\\n")
    >>> data = pd.DataFrame({"respondent_id": ["r1", "r1", "r2", "r3"], "municipality": ["A", "A", "A", "B"]})
    >>> response_rates(read_invitations(folder / "invited.csv", columns=data.columns), data).values.tolist()
    [['A', 4, 2, 0.5], ['B', 10, 1, 0.1], ['all', 14, 3, 0.21428571428571427]]
    """
    strata = list(invitations.strata)
    people = data[["respondent_id", *strata]].drop_duplicates("respondent_id").astype({c: str for c in strata})
    counted = people.groupby(strata, observed=True).size().rename("respondents").reset_index()
    name = invitations.path.name
    known = counted.merge(invitations.table[strata], on=strata, how="left", indicator=True)
    unlisted = known.loc[known["_merge"] == "left_only", strata]
    if len(unlisted):
        listed = "; ".join(" / ".join(map(str, r)) for r in unlisted.itertuples(index=False))
        raise InputFileError(said("invitations.unlisted", file=name, strata=", ".join(strata), listed=listed))
    table = invitations.table.merge(counted, on=strata, how="left")  # the file's order
    table["respondents"] = table["respondents"].fillna(0).astype(np.int64)
    over = table.loc[table["invited"] < table["respondents"]]
    if len(over):
        listed = "; ".join(said("invitations.counts", stratum=" / ".join(str(r[c]) for c in strata), invited=r["invited"],
                                answered=r["respondents"]) for _, r in over.iterrows())
        raise InputFileError(said("invitations.over", file=name, listed=listed))
    total = pd.DataFrame([{**{c: TOTAL for c in strata}, "invited": table["invited"].sum(),
                           "respondents": table["respondents"].sum()}])
    table = pd.concat([table, total], ignore_index=True)
    table["rate"] = np.divide(table["respondents"], table["invited"], out=np.full(len(table), np.nan),
                              where=table["invited"].to_numpy() > 0)
    return table[[*strata, "invited", "respondents", "rate"]]


def without_respondents(rates: pd.DataFrame, /) -> pd.DataFrame:
    """The strata of :func:`response_rates` (its total row left out) that were invited but
    have no respondent.

    Examples
    --------
    >>> rates = pd.DataFrame({"municipality": ["A", "B", "all"], "invited": [4, 6, 10], "respondents": [2, 0, 2]})
    >>> without_respondents(rates)["municipality"].tolist()
    ['B']
    """
    strata = rates.iloc[:-1]
    return strata.loc[(strata["respondents"] == 0) & (strata["invited"] > 0)]


def respondent_weights(invitations: Invitations, data: pd.DataFrame, /, *,
                       merge: dict[str, str] | None = None) -> np.ndarray:
    """Non-response weights: each row's ``invited / respondents`` of its stratum.

    A respondent then stands for the task holders of the stratum who were invited, so an
    organisation that answered eagerly no longer counts for more than its share.

    Parameters
    ----------
    invitations : Invitations
    data : pandas.DataFrame
    merge : dict, optional
        Strata without respondents collapsed into a larger one, named by the value of the
        first stratum column (e.g. ``{"Kunta X": "Kunta A"}``, from the codebook's
        ``[[municipalities]]`` key ``merge_into``): their invited are added to that
        stratum's, whose respondents then stand for both.

    Raises
    ------
    InputFileError
        As :func:`response_rates`: strata the file does not list, or fewer invited than
        respondents; strata invited but without a respondent that ``merge`` does not
        collapse, whom no weight can stand for (the message gives their share of the
        invited and the fix); and a ``merge`` target that is not exactly one stratum with
        respondents.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "invited.csv").write_text("municipality,invited\\nA,4\\nB,10\\n")
    >>> data = pd.DataFrame({"respondent_id": ["r1", "r1", "r2", "r3"], "municipality": ["A", "A", "A", "B"]})
    >>> respondent_weights(read_invitations(folder / "invited.csv", columns=data.columns), data).tolist()
    [2.0, 2.0, 2.0, 10.0]
    """
    strata = list(invitations.strata)
    every = response_rates(invitations, data)
    rates = every.iloc[:-1].reset_index(drop=True)  # the strata, not the total
    silent = without_respondents(every)
    for i, row in silent.loc[silent[strata[0]].isin(list(merge or {}))].iterrows():
        into = rates.index[(rates[strata[0]] == merge[row[strata[0]]]) & (rates["respondents"] > 0)]
        if len(into) != 1:
            raise InputFileError(f"{invitations.path.name}: {row[strata[0]]} is to be merged into "
                                 f"{merge[row[strata[0]]]!r}, which is not one stratum with respondents; name one.")
        rates.loc[into[0], "invited"] += row["invited"]
        rates = rates.drop(index=i)
        silent = silent.drop(index=i)
    if len(silent):
        # Weights spread the respondents over the invited of their own stratum: nobody can
        # stand for a stratum without respondents, and dropping it would leave its share of
        # the population out of every weighted mean without a word.
        share = silent["invited"].sum() / rates["invited"].sum()
        listed = "; ".join(f"{' / '.join(str(r[c]) for c in strata)} ({r['invited']} invited)"
                           for _, r in silent.iterrows())
        raise InputFileError(
            f"{invitations.path.name}: no respondent in {listed}, {share:.1%} of the invited, so weights cannot "
            "represent them. Merge each such row into a similar stratum of the file (add its invited to that row), "
            "or name that stratum with merge_into in the codebook's [[municipalities]] entry, and say so when "
            "reporting; or run without --weights."
        )
    weight = rates.set_index(strata)["invited"] / rates.set_index(strata)["respondents"]
    keys = pd.MultiIndex.from_frame(data[strata].astype(str))
    return weight.reindex(keys).to_numpy(dtype=float)


def column_weights(data: pd.DataFrame, column: str, /, *, file: str = "the survey") -> np.ndarray:
    """A weight already in the data, checked: a number > 0, finite, one per respondent.

    Raises
    ------
    InputFileError
        No such column, or rows whose weight is missing, not positive or not finite, or
        respondents with two different weights; the message names them.
    """
    if column not in data.columns:
        raise InputFileError(f"--weights column:{column}: {file} has no column {column!r}; "
                             f"its columns are {', '.join(map(str, data.columns))}.")
    w = pd.to_numeric(data[column].astype(str).str.replace(",", ".", regex=False), errors="coerce").to_numpy(float)
    bad = ~np.isfinite(w) | (w <= 0)
    if bad.any():
        rows = ", ".join(f"row {r} ({v!r})" for r, v in zip(data["row"][bad][:5], data[column][bad][:5]))
        raise InputFileError(f"{file}, column {column!r}: a weight must be a number > 0; not so in {rows}.")
    varies = pd.Series(w).groupby(data["respondent_id"].to_numpy()).nunique() > 1
    if varies.any():
        raise InputFileError(f"{file}, column {column!r}: a respondent's weight must be the same on all their rows; "
                             f"it varies for {int(varies.sum())} respondent(s), e.g. {varies.index[varies][0]!r}.")
    return w


#: A weighted cell mean that rests on fewer weighting strata than this is flagged: it is
#: one or two organisations' view, however many invited it stands for.
MIN_STRATA = 3


def strata_per_cell(scored: pd.DataFrame, strata: list[str] | tuple[str, ...], /) -> pd.DataFrame:
    """How many weighting strata each cell's ratings come from.

    Parameters
    ----------
    scored : pandas.DataFrame
        The scored ratings (``own_group``, ``target_group`` and the stratum columns).
    strata : sequence of str
        The invitations file's stratum columns.

    Returns
    -------
    pandas.DataFrame
        ``own_group``, ``target_group``, ``strata`` (distinct strata with a rating in the cell).

    Examples
    --------
    >>> d = pd.DataFrame({"own_group": ["1", "1", "1", "2"], "target_group": ["2", "2", "2", "1"],
    ...                   "municipality": ["A", "B", "A", "A"]})
    >>> strata_per_cell(d, ["municipality"]).values.tolist()
    [['1', '2', 2], ['2', '1', 1]]
    """
    key = scored[list(strata)].astype(str).agg("\x1f".join, axis=1)
    counted = key.groupby([scored["own_group"].astype(str), scored["target_group"].astype(str)]).nunique()
    return counted.rename("strata").reset_index()
