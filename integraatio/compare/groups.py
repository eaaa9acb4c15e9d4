"""Who is compared: the levels of a grouping column, the cells, and the permutation units.

Respondents are nested in municipalities, so by default whole municipalities are the
units that get relabelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ..analysis import Analysis
from ..checks import check_choice
from ..codebook import Codebook
from ..exceptions import InsufficientDataError, UsageError
from ..matrix import code_positions
from ..messages import said
from ..options import PERMUTATION_UNITS
from ..survey.problems import validation_error

#: The level of every scored rating of a cell, whatever its group (the slides' "Kaikki").
POOLED = "all"
@dataclass(frozen=True)
class Groups:
    """The scored ratings arranged for comparisons: levels, cells and units."""

    levels: list[str]
    row_level: np.ndarray  # level index of each rating, -1 when not in a compared level
    cells: np.ndarray  # flat index own * G + target of every cell with a rating
    centre: np.ndarray  # (C,) (weighted) mean of the compared ratings of each cell
    resp_level: np.ndarray  # (R,) level of each compared respondent
    resp_unit: np.ndarray  # (R,) municipality index of each compared respondent
    n_resp: sparse.csr_matrix  # (R, C) ratings of each compared respondent per cell (weighted: their weights)
    s_resp: sparse.csr_matrix  # (R, C) their (weighted) sums, centred on `centre`
    unit: str
    unit_names: np.ndarray  # (U,) names of the permutation units
    unit_level: np.ndarray  # (U,) level of each unit
    n_unit: sparse.csr_matrix  # (U, C)
    s_unit: sparse.csr_matrix  # (U, C)
    count_unit: sparse.csr_matrix  # (U, C) ratings of each unit per cell: n_unit itself unless weighted
    residual: np.ndarray  # (C,) ratings of each cell outside the compared levels


def level_values(frame: pd.DataFrame, by: str, codebook: Codebook) -> pd.Series:
    """The grouping value of every rating: its column, or a codebook attribute of its
    municipality. Empty or unknown values are missing."""
    if by in frame.columns:
        values = frame[by]
    elif any(by in a for a in codebook.municipality_attributes.values()):
        lookup = {m: a.get(by) for m, a in codebook.municipality_attributes.items()}
        values = frame["municipality"].map(lookup)
    else:
        extra = sorted({k for a in codebook.municipality_attributes.values() for k in a})
        raise UsageError(
            said("compare.no_column", by=by, columns=", ".join(map(str, frame.columns)),
                 attributes=", ".join(extra) or said("report.none"))
        )
    text = values.astype("str").str.strip()
    return text.where(values.notna() & (text != ""))


def _check_per_respondent(frame: pd.DataFrame, values: pd.Series, by: str) -> None:
    """A grouping must not change within a respondent (collect every one that does)."""
    levels = values.fillna("")
    first = levels.groupby(frame["respondent_id"], sort=False).transform("first")
    differs = (levels != first).to_numpy()
    if differs.any():
        rows = frame.loc[differs].drop_duplicates("respondent_id")
        report = pd.DataFrame(
            {
                "file": None,
                "row": rows["row"].to_numpy() if "row" in rows else None,
                "column": by,
                "value": levels.loc[rows.index].to_numpy(),
                "problem": [said("problem.two_levels", respondent=r, by=by) for r in rows["respondent_id"]],
                "fix": said("fix.two_levels", by=by),
            }
        )
        raise validation_error(report)


def order_levels(found: Sequence[str], by: str, codebook: Codebook, levels: Sequence[str] | None = None) -> list[str]:
    """The compared levels: ``levels`` when given (checked), else the codebook's
    ``[[size_classes]]`` order for ``size_class``, then the others sorted."""
    if levels is not None:
        levels = [str(v) for v in levels]
        unknown = [v for v in levels if v not in found]
        if unknown or len(set(levels)) < len(levels):
            raise UsageError(
                f"`levels` must name distinct values of {by!r} found in the data ({', '.join(sorted(found))}); "
                f"got {levels}."
            )
        return levels
    known = [s.name for s in codebook.size_classes] if by == "size_class" else []
    return [v for v in known if v in found] + sorted(v for v in found if v not in known)


def prepare_groups(analysis: Analysis, by: str, codebook: Codebook, levels: Sequence[str] | None, unit: str) -> Groups:
    check_choice("permutation_unit", unit, PERMUTATION_UNITS)
    frame = analysis.scores.scores
    values = level_values(frame, by, codebook)
    _check_per_respondent(frame, values, by)
    order = order_levels(sorted(values.dropna().unique()), by, codebook, levels)
    if POOLED in order:
        raise UsageError(f"{by!r} has a level called {POOLED!r}, which names the pooled level; rename it in the data.")
    if len(order) < 2:
        raise InsufficientDataError(
            said("compare.one_level", by=by, found=order or said("report.none"))
        )
    row_level = pd.Index(order).get_indexer(values.fillna("\0"))

    g = len(analysis.codes)
    key = code_positions(frame["own_group"], analysis.codes) * g + code_positions(frame["target_group"], analysis.codes)
    cells, row_cell = np.unique(key, return_inverse=True)
    x = frame["integration_need"].to_numpy(float)
    # A weighted run's ratings carry their respondent's weight: weighted means, sums and statistic.
    weights = analysis.parameters.get("weights")
    w = np.ones(len(x)) if weights is None else frame[weights].to_numpy(float)
    known = row_level >= 0
    c = len(cells)
    n_known = np.bincount(row_cell[known], minlength=c)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.bincount(row_cell[known], weights=w[known] * x[known], minlength=c) / np.bincount(
            row_cell[known], weights=w[known], minlength=c)
    centre = np.nan_to_num(centre)
    residual = np.bincount(row_cell, minlength=c) - n_known

    resp_codes, resp_names = pd.factorize(frame["respondent_id"].to_numpy()[known])
    muni_codes, muni_names = pd.factorize(frame["municipality"].to_numpy()[known])
    r = len(resp_names)
    resp_level = np.zeros(r, dtype=np.intp)
    resp_level[resp_codes] = row_level[known]
    resp_unit = np.zeros(r, dtype=np.intp)
    resp_unit[resp_codes] = muni_codes
    shape = (r, c)
    n_resp = sparse.csr_matrix((w[known], (resp_codes, row_cell[known])), shape=shape)
    s_resp = sparse.csr_matrix((w[known] * (x[known] - centre[row_cell[known]]), (resp_codes, row_cell[known])), shape=shape)

    count_resp = n_resp if weights is None else sparse.csr_matrix(
        (np.ones(known.sum()), (resp_codes, row_cell[known])), shape=shape)
    if unit == "respondent":
        unit_names, unit_level, n_unit, s_unit, count_unit = np.asarray(resp_names), resp_level, n_resp, s_resp, count_resp
    else:
        m = len(muni_names)
        member = sparse.csr_matrix((np.ones(r), (resp_unit, np.arange(r))), shape=(m, r))
        # Whole municipalities are relabelled, so each must sit in one level.
        per_muni = pd.crosstab(resp_unit, resp_level)
        mixed = per_muni.index[(per_muni > 0).sum(axis=1) > 1]
        if len(mixed):
            raise UsageError(
                f"{by!r} differs within municipalities {', '.join(map(str, muni_names[mixed]))}, so whole "
                "municipalities cannot be relabelled; use permutation_unit='respondent'."
            )
        unit_level = per_muni.to_numpy().argmax(axis=1)
        unit_names, n_unit, s_unit = np.asarray(muni_names), (member @ n_resp).tocsr(), (member @ s_resp).tocsr()
        count_unit = n_unit if weights is None else (member @ count_resp).tocsr()
    return Groups(
        levels=order,
        row_level=row_level,
        cells=cells,
        centre=centre,
        resp_level=resp_level,
        resp_unit=resp_unit,
        n_resp=n_resp,
        s_resp=s_resp,
        unit=unit,
        unit_names=unit_names,
        unit_level=unit_level,
        n_unit=n_unit,
        s_unit=s_unit,
        count_unit=count_unit,
        residual=residual,
    )


def published_cells(counts: np.ndarray, residual: np.ndarray, min_n: int) -> np.ndarray:
    """Cells whose group means can be published: every level has at least ``min_n``
    ratings, and the ratings outside the levels (whose mean the pooled mean would give
    away) are none or at least ``min_n``. ``counts`` is ``(k, ..., C)``."""
    return (counts >= min_n).all(axis=0) & ((residual == 0) | (residual >= min_n))
