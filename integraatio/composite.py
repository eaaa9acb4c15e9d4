"""The integration-need composite: three items to one standardised index.

Contract (docs/contract.md, "Composite"): for each item ``z = (x - mean) / sd`` over all scored
ratings (sample SD, ddof = 1, as SPSS saves standardised values); ``c`` = mean of the z;
``integration_need = 100 + 40 (c - mean c) / sd c``. A rating is scored when all of the
measure's items are present (policy ``"complete"``) and it is not a self-rating.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .checks import check_choice
from .disclosure import survey_secret
from .exceptions import REPORT_COLUMNS, DataValidationError, InsufficientDataError, report_row
from .messages import said
from .options import ITEMS, MEASURES, MISSING_POLICIES
from .survey.problems import validation_error

__all__ = ["MEASURES", "MISSING_POLICIES", "Scores", "check_direction", "item_reliability", "score"]

CENTER, SPREAD = 100.0, 40.0
EXCLUSION_COLUMNS = ["row", "respondent_id", "target_group", "reason"]


@dataclass(frozen=True)
class Scores:
    """Result of :func:`score`.

    Attributes
    ----------
    data : pandas.DataFrame
        The long table that was scored (not copied).
    scored : numpy.ndarray
        Boolean mask of the scored rows of ``data``.
    values : numpy.ndarray
        ``integration_need`` of the scored rows, in order.
    exclusions : pandas.DataFrame
        Every row not scored: ``row``, ``respondent_id``, ``target_group``, ``reason``.
    reliability : pandas.DataFrame
        Item statistics from :func:`item_reliability`.
    alpha : float
        Cronbach's alpha of the three items.
    parameters : Mapping
        ``measure``, ``items``, ``missing``, and the means and SDs used, so that any
        subset can be put on this same scale.
    secret : bytes
        The survey's cell key secret (:func:`integraatio.disclosure.survey_secret`),
        kept by every subset so that published cells are perturbed alike.
    """

    data: pd.DataFrame
    scored: np.ndarray
    values: np.ndarray
    exclusions: pd.DataFrame
    reliability: pd.DataFrame
    alpha: float
    parameters: Mapping[str, Any]
    secret: bytes = field(default=b"", repr=False)

    @cached_property
    def scores(self) -> pd.DataFrame:
        """The scored rows: the long table's columns plus ``measure`` and
        ``integration_need`` (the index of the chosen measure).

        Built on first use: copying every text column of millions of rows costs more
        than the scoring itself, and the aggregation only needs :attr:`cells`.
        """
        # The measure's name as a categorical of one category: written by its code, not as millions of texts.
        measure = pd.Categorical.from_codes(np.zeros(len(self.values), dtype=np.int8),
                                            categories=pd.Index([self.parameters["measure"]], dtype="str"))
        return (
            self.data.loc[self.scored]
            .reset_index(drop=True)
            .assign(measure=measure, integration_need=self.values)
        )

    @cached_property
    def cells(self) -> pd.DataFrame:
        """``own_group``, ``target_group`` and ``integration_need`` of the scored rows."""
        narrow = self.data.loc[self.scored, ["own_group", "target_group"]].reset_index(drop=True)
        return narrow.assign(integration_need=self.values)


def _zscore(x: np.ndarray, what: str) -> tuple[np.ndarray, float, float]:
    has_nan = np.isnan(x).any()  # only under the "available" policy
    mean = float(np.nanmean(x) if has_nan else x.mean())
    sd = float(np.nanstd(x, ddof=1) if has_nan else x.std(ddof=1))
    if not sd > 0:
        raise InsufficientDataError(
            f"{what} has the same value in all {int(np.sum(~np.isnan(x)))} scored ratings, so it cannot be standardised."
        )
    return (x - mean) / sd, mean, sd


def _same_group(own: pd.Series, target: pd.Series) -> np.ndarray:
    # The reader gives both columns one categorical dtype: comparing codes avoids
    # building millions of strings.
    if isinstance(own.dtype, pd.CategoricalDtype) and own.dtype == target.dtype:
        return own.cat.codes.to_numpy() == target.cat.codes.to_numpy()
    return (own.astype(str) == target.astype(str)).to_numpy()


def item_reliability(data: pd.DataFrame, /) -> tuple[pd.DataFrame, float]:
    """Cronbach's alpha and corrected item-total correlations of the three items.

    Uses the ratings in which all three items are present (listwise, as SPSS RELIABILITY).

    Parameters
    ----------
    data : pandas.DataFrame
        Columns ``frequency``, ``reciprocity`` and ``need``.

    Returns
    -------
    table : pandas.DataFrame
        One row per item: ``item``, ``n``, ``mean``, ``sd``, ``item_total_r`` (correlation
        with the sum of the other items) and ``alpha_if_deleted``.
    alpha : float

    Notes
    -----
    :math:`\\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i s_i^2}{s_T^2}\\right)` with
    :math:`k` items, item variances :math:`s_i^2` and the variance :math:`s_T^2` of the sum.

    Examples
    --------
    >>> df = pd.DataFrame({"frequency": [1, 2, 3, 4], "reciprocity": [1, 2, 3, 4],
    ...                    "need": [2, 1, 4, 3]})
    >>> table, alpha = item_reliability(df)
    >>> round(alpha, 4)  # 3/2 * (1 - (5/3 + 5/3 + 5/3) / (37/3))
    0.8919
    """
    x = _columns(data, ITEMS)
    x = x[:, ~np.isnan(x).any(axis=0)]
    d = x - x.mean(axis=1, keepdims=True)
    return _reliability(x.shape[1], x.mean(axis=1), d @ d.T / (x.shape[1] - 1))


def _columns(data: pd.DataFrame, names) -> np.ndarray:
    """Items as a (k, n) float array: one contiguous row per item.

    Converting nullable Int64 columns one at a time is several times faster than
    DataFrame.to_numpy, and reductions over items then run along contiguous rows.
    """
    return np.stack([data[c].to_numpy(dtype=float, na_value=np.nan) for c in names])


def _reliability(n: int, mean: np.ndarray, cov: np.ndarray) -> tuple[pd.DataFrame, float]:
    """Reliability of ``n`` complete ratings from their item means and covariance alone."""
    k = cov.shape[0]

    def alpha_of(c: np.ndarray) -> float:
        m = c.shape[0]
        return float(m / (m - 1) * (1 - np.trace(c) / c.sum()))

    rows = []
    for i, item in enumerate(ITEMS):
        rest = [j for j in range(k) if j != i]
        sub = cov[np.ix_(rest, rest)]
        rows.append(
            {
                "item": item,
                "n": n,
                "mean": mean[i],
                "sd": np.sqrt(cov[i, i]),
                # corr(x_i, sum of the rest) = cov(x_i, rest) / sqrt(var x_i * var rest)
                "item_total_r": cov[i, rest].sum() / np.sqrt(cov[i, i] * sub.sum()),
                "alpha_if_deleted": alpha_of(sub),
            }
        )
    return pd.DataFrame(rows), alpha_of(cov)


def _item_z(x: np.ndarray, items: list[str]) -> tuple[np.ndarray, dict[str, float], dict[str, float]]:
    """z-scores of each item's row of ``x`` (NaN kept), and each item's mean and SD."""
    z = np.empty(x.shape)
    item_mean, item_sd = {}, {}
    for j, item in enumerate(items):
        z[j], item_mean[item], item_sd[item] = _zscore(x[j], f"Item {item!r}")
    return z, item_mean, item_sd


def _reliability_from_z(
    z: np.ndarray, item_mean: Mapping[str, float], item_sd: Mapping[str, float]
) -> tuple[pd.DataFrame, float]:
    """:func:`item_reliability` of the complete non-self rows, from their z already at hand:
    cov_ij = sd_i sd_j (z_i . z_j) / (n - 1)."""
    sd = np.array(list(item_sd.values()))
    cov = np.outer(sd, sd) * (z @ z.T) / (z.shape[1] - 1)
    return _reliability(z.shape[1], np.array(list(item_mean.values())), cov)


def check_direction(reliability: pd.DataFrame, items: list[str], /) -> None:
    """Stop when an item of the measure looks reversed: its corrected item-total correlation is negative.

    The three items all grow with the need to cooperate, so each correlates positively with
    the sum of the others. A negative correlation means that the item's high answers go with
    low answers to the others: its numbers run the other way (a survey tool that numbers the
    options in the order shown, 1 = daily). One reversed item drags the others' correlations
    down too (they include it), so the item named is the one with the lowest correlation.
    The codebook's ``[scale] reversed`` (or per-item ``[wide] values``, or ``[scale] labels``
    for answer texts and SPSS labels) reads such an item the right way round before it gets
    here, so an item it declares is checked as read.

    Parameters
    ----------
    reliability : pandas.DataFrame
        :func:`item_reliability`'s table (``item``, ``n``, ``item_total_r``).
    items : list of str
        The measure's items.

    Raises
    ------
    DataValidationError
        The measure's item with the lowest ``item_total_r``, when that is below 0.

    Examples
    --------
    >>> table, _ = item_reliability(pd.DataFrame({"frequency": [4, 5, 2, 1], "reciprocity": [1, 2, 4, 5],
    ...                                           "need": [2, 1, 5, 4]}))
    >>> try:
    ...     check_direction(table, list(ITEMS))
    ... except DataValidationError as error:
    ...     print(error.report.loc[0, "problem"][:28])
    item frequency looks reverse
    """
    r = reliability.set_index("item").loc[items, "item_total_r"]
    if not (r < 0).any():
        return
    item = r.idxmin()
    others = ", ".join(f"{i} {r[i]:.2f}" for i in items if i != item and r[i] < 0)
    raise validation_error(pd.DataFrame([report_row(
        item,
        said("problem.reversed", item=item, r=f"{r[item]:.2f}", n=int(reliability.set_index("item").loc[item, "n"]),
             others=said("problem.reversed_others", others=others) if others else ""),
        said("fix.reversed", item=item),
        "", value=f"{r[item]:.2f}",
    )], columns=REPORT_COLUMNS))


def _exclusions(
    data: pd.DataFrame, items: list[str], absent: np.ndarray, scored: np.ndarray, self_rating: np.ndarray
) -> pd.DataFrame:
    """The rows not scored, each with its reason: the items absent, or a self-rating."""
    # One reason per excluded row, looked up by which items are absent (a bit each);
    # a self-rating is reported as such whatever its answers.
    combos = range(2 ** len(items))
    labels = ["missing (empty or can't say): " + ", ".join(i for b, i in enumerate(items) if m >> b & 1) for m in combos]
    labels.append("self-rating (own_group equals target_group)")
    code = sum(a[~scored].astype(np.int64) << b for b, a in enumerate(absent))
    code[self_rating[~scored]] = len(labels) - 1
    reason = np.asarray(labels, dtype=object)[code]
    return data.loc[~scored, EXCLUSION_COLUMNS[:3]].assign(reason=reason).reset_index(drop=True)


def score(data: pd.DataFrame, /, *, measure: str = "composite", missing: str = "complete") -> Scores:
    """Score every rating on the integration-need index (mean 100, SD 40).

    Parameters
    ----------
    data : pandas.DataFrame
        The validated long table (:attr:`integraatio.survey.Survey.data`).
    measure : {"composite", "frequency", "reciprocity", "need"}
        ``"composite"`` combines the three items; an item name scores that item alone
        (the slides' analysis of realised cooperation uses ``"frequency"``).
    missing : {"complete", "available"}
        ``"complete"`` scores a rating only when all of the measure's items are present;
        ``"available"`` averages the z of the items present (at least one).

    Returns
    -------
    Scores

    Raises
    ------
    InsufficientDataError
        Fewer than two ratings can be scored, or an item does not vary.
    DataValidationError
        An item of the measure looks reversed (:func:`check_direction`).

    Notes
    -----
    For item :math:`j`, :math:`z_j = (x_j - \\bar x_j) / s_j` over the scored ratings
    (:math:`s` with ddof = 1); :math:`c = \\operatorname{mean}_j z_j`;
    :math:`\\text{integration\\_need} = 100 + 40\\,(c - \\bar c) / s_c`.
    Self-ratings (``own_group == target_group``) are never scored. Subsets of the result
    keep these scores, so they stay on the full data's scale.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "row": [2, 3, 4], "respondent_id": ["a", "a", "b"],
    ...     "own_group": ["1", "1", "2"], "target_group": ["2", "1", "1"],
    ...     "frequency": [1, 5, 3], "reciprocity": [1, 5, 3], "need": [1, None, 3]})
    >>> s = score(df)
    >>> s.scores["integration_need"].round(4).tolist()
    [71.7157, 128.2843]
    >>> s.exclusions["reason"].tolist()
    ['self-rating (own_group equals target_group)']
    """
    check_choice("measure", measure, MEASURES)
    check_choice("missing", missing, MISSING_POLICIES)
    items = list(ITEMS) if measure == "composite" else [measure]
    x = _columns(data, items)
    absent = np.isnan(x)
    self_rating = _same_group(data["own_group"], data["target_group"])
    enough = ~np.logical_or.reduce(absent) if missing == "complete" else ~np.logical_and.reduce(absent)
    scored = enough & ~self_rating
    if scored.sum() < 2:
        raise InsufficientDataError(
            said("analysis.too_few", n=int(scored.sum()), measure=measure)
        )

    z, item_mean, item_sd = _item_z(x[:, scored], items)
    c = np.nanmean(z, axis=0) if missing == "available" else np.add.reduce(z) / len(items)
    c_z, c_mean, c_sd = _zscore(c, "The mean of the item z-scores")

    if measure == "composite" and missing == "complete":
        reliability, alpha = _reliability_from_z(z, item_mean, item_sd)
    else:
        reliability, alpha = item_reliability(data.loc[~self_rating, list(ITEMS)])
    check_direction(reliability, items)
    return Scores(
        data=data,
        scored=scored,
        values=CENTER + SPREAD * c_z,
        exclusions=_exclusions(data, items, absent, scored, self_rating),
        reliability=reliability,
        alpha=alpha,
        parameters={"measure": measure, "items": items, "missing": missing, "item_mean": item_mean, "item_sd": item_sd,
                    "combined_mean": c_mean, "combined_sd": c_sd},
        secret=survey_secret(data, rows=~self_rating),  # the same whatever the options score
    )
