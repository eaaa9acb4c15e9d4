"""The integration-need composite: three items to one standardised index.

Contract (DESIGN.md, "Composite"): for each item ``z = (x - mean) / sd`` over all scored
ratings (sample SD, ddof = 1, as SPSS saves standardised values); ``c`` = mean of the z;
``integration_need = 100 + 40 (c - mean c) / sd c``. A rating is scored when all of the
measure's items are present (policy ``"complete"``) and it is not a self-rating.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .codebook import ITEMS
from .exceptions import InsufficientDataError

__all__ = ["MEASURES", "MISSING_POLICIES", "Scores", "item_reliability", "score"]

#: ``composite`` combines the three items; an item name uses that item alone.
MEASURES = ("composite", *ITEMS)
MISSING_POLICIES = ("complete", "available")
CENTER, SPREAD = 100.0, 40.0
EXCLUSION_COLUMNS = ["row", "respondent_id", "target_group", "reason"]


@dataclass(frozen=True)
class Scores:
    """Result of :func:`score`.

    Attributes
    ----------
    scores : pandas.DataFrame
        The scored rows: the long table's columns plus ``measure`` and
        ``integration_need`` (the index of the chosen measure).
    exclusions : pandas.DataFrame
        Every row not scored: ``row``, ``respondent_id``, ``target_group``, ``reason``.
    reliability : pandas.DataFrame
        Item statistics from :func:`item_reliability`.
    alpha : float
        Cronbach's alpha of the three items.
    parameters : Mapping
        ``measure``, ``items``, ``missing``, and the means and SDs used, so that any
        subset can be put on this same scale.
    """

    scores: pd.DataFrame
    exclusions: pd.DataFrame
    reliability: pd.DataFrame
    alpha: float
    parameters: Mapping[str, Any]


def _zscore(x: np.ndarray, what: str) -> tuple[np.ndarray, float, float]:
    mean = float(np.nanmean(x))
    sd = float(np.nanstd(x, ddof=1))
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
    x = data[list(ITEMS)].to_numpy(dtype=float, na_value=np.nan)
    x = x[~np.isnan(x).any(axis=1)]

    def alpha_of(m: np.ndarray) -> float:
        k = m.shape[1]
        return k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / m.sum(axis=1).var(ddof=1))

    rows = []
    for i, item in enumerate(ITEMS):
        rest = np.delete(x, i, axis=1)
        rows.append(
            {
                "item": item,
                "n": len(x),
                "mean": x[:, i].mean(),
                "sd": x[:, i].std(ddof=1),
                "item_total_r": np.corrcoef(x[:, i], rest.sum(axis=1))[0, 1],
                "alpha_if_deleted": alpha_of(rest),
            }
        )
    return pd.DataFrame(rows), float(alpha_of(x))


def score(data: pd.DataFrame, /, *, measure: str = "composite", missing: str = "complete") -> Scores:
    """Score every rating on the integration-need index (mean 100, SD 40).

    Parameters
    ----------
    data : pandas.DataFrame
        The validated long table (:attr:`integraatio.io.Survey.data`).
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
    if measure not in MEASURES:
        raise ValueError(f"`measure` must be one of {', '.join(MEASURES)}; got {measure!r}.")
    if missing not in MISSING_POLICIES:
        raise ValueError(f"`missing` must be one of {', '.join(MISSING_POLICIES)}; got {missing!r}.")
    items = list(ITEMS) if measure == "composite" else [measure]
    x = data[items].to_numpy(dtype=float, na_value=np.nan)
    absent = np.isnan(x)
    self_rating = _same_group(data["own_group"], data["target_group"])
    enough = ~absent.any(axis=1) if missing == "complete" else ~absent.all(axis=1)
    scored = enough & ~self_rating
    if scored.sum() < 2:
        raise InsufficientDataError(
            f"Only {int(scored.sum())} rating(s) can be scored on {measure!r}; at least 2 are needed. "
            "Check that the item columns hold answers on the codebook scale."
        )

    xs = x[scored]
    z = np.empty_like(xs)
    item_mean, item_sd = {}, {}
    for j, item in enumerate(items):
        z[:, j], item_mean[item], item_sd[item] = _zscore(xs[:, j], f"Item {item!r}")
    c = np.nanmean(z, axis=1) if missing == "available" else z.mean(axis=1)
    c_z, c_mean, c_sd = _zscore(c, "The mean of the item z-scores")

    scores = data.loc[scored].assign(measure=measure, integration_need=CENTER + SPREAD * c_z)

    # One reason per excluded row; a self-rating is reported as such whatever its answers.
    names = np.array(items, dtype=object)
    reason = np.array(
        ["missing (empty or can't say): " + ", ".join(names[m]) for m in absent[~scored]], dtype=object
    ) if (~scored).any() else np.array([], dtype=object)
    reason[self_rating[~scored]] = "self-rating (own_group equals target_group)"
    exclusions = data.loc[~scored, EXCLUSION_COLUMNS[:3]].assign(reason=reason).reset_index(drop=True)

    reliability, alpha = item_reliability(data.loc[~self_rating])
    return Scores(
        scores=scores.reset_index(drop=True),
        exclusions=exclusions,
        reliability=reliability,
        alpha=alpha,
        parameters={
            "measure": measure,
            "items": items,
            "missing": missing,
            "item_mean": item_mean,
            "item_sd": item_sd,
            "combined_mean": c_mean,
            "combined_sd": c_sd,
        },
    )
