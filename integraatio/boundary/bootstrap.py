"""Bootstrap intervals of boundary costs and of the differences between scenarios."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from ..composite import CENTER
from ..exceptions import UsageError
from .cost import cut_costs, replicate_tie_weights, side_matrix
from .scenarios import Scenario


@dataclass(frozen=True)
class BoundaryBootstrap:
    """Boundary costs over bootstrap replicates (:func:`bootstrap_boundary`).

    Attributes
    ----------
    costs, shares : numpy.ndarray
        ``(B, S)``: each scenario's cost and share in each replicate.
    intervals : pandas.DataFrame
        One row per scenario: ``scenario``, ``ci_low``, ``ci_high`` (cost),
        ``share_ci_low``, ``share_ci_high``.
    differences : pandas.DataFrame
        One row per pair of scenarios (``scenario`` before ``versus`` in the given
        order): ``ci_low``, ``ci_high`` of ``cost(scenario) - cost(versus)`` and
        ``share_lower``, the share of replicates in which ``scenario`` cuts less.
    level : float
    scenarios : tuple of str
    """

    costs: np.ndarray
    shares: np.ndarray
    intervals: pd.DataFrame
    differences: pd.DataFrame
    level: float
    scenarios: tuple[str, ...]


def bootstrap_boundary(
    means: np.ndarray,
    /,
    *,
    scenarios: Sequence[Scenario],
    codes: Sequence[str],
    weighting: str = "excess",
    symmetrise: str = "mean",
    baseline: float = CENTER,
    level: float = 0.95,
) -> BoundaryBootstrap:
    """Percentile intervals of boundary costs from bootstrap replicates of the cell means.

    Parameters
    ----------
    means : numpy.ndarray
        ``(B, G, G)`` directed cell means per replicate in ``codes`` order, NaN where a
        cell is absent or suppressed (``Bootstrap.means`` of :mod:`integraatio.stability`).
    scenarios : sequence of Scenario
        Fixed assignments: each is costed in every replicate (the optimum is not searched
        again per replicate, so its interval is that of the boundary found).
    codes : sequence of str
    weighting, symmetrise, baseline
        As the graph was built (``Analysis.parameters``), so that every replicate is
        weighted like the graph.
    level : float, default 0.95

    Returns
    -------
    BoundaryBootstrap

    Raises
    ------
    ValueError
        ``means`` of the wrong shape, fewer than 2 replicates, or ``level`` not in (0, 1).

    Notes
    -----
    Replicate b's weights are those of :func:`integraatio.network.build_graph`:
    :math:`w^{(b)} = \\mathrm{weight}(\\mathrm{symmetrise}(m^{(b)}))`, absent pairs 0.
    Cost and share follow :func:`boundary_cost`. The interval is the percentile interval
    :math:`[q_{(1-\\mathrm{level})/2}, q_{(1+\\mathrm{level})/2}]` of the replicates; a
    difference is taken within each replicate, so the pairing of scenarios on the same
    resample is kept.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> cells = np.array([[np.nan, 130, 110], [130, np.nan, 150], [110, 150, np.nan]])
    >>> means = cells + rng.normal(0, 2, size=(200, 3, 3))
    >>> s = [Scenario("ab_c", {"a": "municipality", "b": "municipality", "c": "wellbeing_area"})]
    >>> bb = bootstrap_boundary(means, scenarios=s, codes=["a", "b", "c"])
    >>> bool(bb.intervals.loc[0, "ci_low"] < 60 < bb.intervals.loc[0, "ci_high"])  # 10 + 50 cut
    True
    """
    means = np.asarray(means, dtype=float)
    g = len(codes)
    if means.ndim != 3 or means.shape[1:] != (g, g):
        raise ValueError(f"`means` must have shape (B, {g}, {g}) for {g} codes; got {means.shape}.")
    if means.shape[0] < 2:
        raise ValueError(f"`means` must hold at least 2 replicates; got {means.shape[0]}.")
    if not 0 < level < 1:
        raise UsageError(f"`level` must be between 0 and 1; got {level!r}.")
    w = replicate_tie_weights(means, weighting=weighting, symmetrise=symmetrise, baseline=baseline)
    costs, totals = cut_costs(w, side_matrix(scenarios, codes))
    shares = np.divide(costs, totals, out=np.full(costs.shape, np.nan), where=totals > 0)
    q = [(1 - level) / 2, (1 + level) / 2]
    names = tuple(s.name for s in scenarios)
    lo, hi = np.quantile(costs, q, axis=0)
    # A replicate without any tie has no share; the interval is over the others.
    slo, shi = np.array([np.quantile(c[np.isfinite(c)], q) if np.isfinite(c).any() else [np.nan] * 2 for c in shares.T]).T.reshape(2, -1)
    intervals = pd.DataFrame(
        {"scenario": names, "ci_low": lo, "ci_high": hi, "share_ci_low": slo, "share_ci_high": shi}
    )
    return BoundaryBootstrap(costs, shares, intervals, _differences(costs, names, q), float(level), names)


def _differences(costs: np.ndarray, names: tuple[str, ...], q: list[float]) -> pd.DataFrame:
    """Interval (quantiles ``q``) of every scenario's cost minus every later one's, and the
    share of replicates in which it is lower."""
    rows = []
    for i, j in combinations(range(len(names)), 2):
        diff = costs[:, i] - costs[:, j]
        d_lo, d_hi = np.quantile(diff, q)
        rows.append((names[i], names[j], d_lo, d_hi, float(np.mean(diff < 0))))
    return pd.DataFrame(rows, columns=["scenario", "versus", "ci_low", "ci_high", "share_lower"])
