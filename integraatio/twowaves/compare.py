"""Two waves compared in memory: scale, cells, clusters and boundary in one call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import Analysis, analyse_scores
from ..boundary import ScenarioPlan, divides
from ..checks import check_integer
from ..codebook import Codebook
from ..communities import resolve_seed
from ..stability import attach_bootstrap, bootstrap
from .boundary import BoundaryChange, boundary_change
from .change import CellChange, cell_change
from .clusters import ClusterChange, cluster_change
from .scale import SCALES, common_scores

__all__ = ["WaveComparison", "compare_waves"]

ALPHA = 0.05


@dataclass(frozen=True)
class WaveComparison:
    """Result of :func:`compare_waves`.

    Attributes
    ----------
    base, new : Analysis
        Each wave analysed on the common codebook and the common scale, with its bootstrap.
    cells : CellChange
    clusters : ClusterChange
    boundary : BoundaryChange or None
        None when the codebook draws no boundary.
    sensitivity : Mapping
        The other scale's line (``scale``, ``flagged``, ``flagged_both``, ``mean_change``,
        ``median_abs_difference``): how much the choice of scale matters.
    summary : Mapping
        The headline figures: cells tested and flagged (q < 0.05), up and down, the mean
        change over the tested cells, the ARI, the groups that moved and the share of
        bootstrap replicate pairs in which each of them moved, the legislated boundary's change.
    parameters : Mapping
        Everything that produced the result, the seed included.
    """

    base: Analysis
    new: Analysis
    cells: CellChange
    clusters: ClusterChange
    boundary: BoundaryChange | None
    sensitivity: Mapping[str, Any]
    summary: Mapping[str, Any]
    parameters: Mapping[str, Any]


def _analyses(base: pd.DataFrame, new: pd.DataFrame, codebook: Codebook, scale: str, options: Mapping[str, Any],
              replicates: int, seeds: list) -> tuple[Analysis, Analysis]:
    """Both waves on ``scale``, analysed with the same options, each with its own bootstrap."""
    found = [analyse_scores(s, codebook=codebook, **options) for s in common_scores(base, new, scale=scale)]
    if not replicates:
        return found[0], found[1]
    return tuple(attach_bootstrap(a, bootstrap(a, replicates=replicates, seed=int(s.generate_state(1)[0])))
                 for a, s in zip(found, seeds))


def _flagged(table: pd.DataFrame) -> pd.Series:
    return table["q_value"] < ALPHA


def _sensitivity(base: pd.DataFrame, new: pd.DataFrame, codebook: Codebook, scale: str, options: Mapping[str, Any],
                 cells: CellChange, permutations: int, seed: int) -> dict[str, Any]:
    """The cell changes on the other scale, set beside the main ones."""
    other = next(s for s in SCALES if s != scale)
    a = _analyses(base, new, codebook, other, options, 0, [])
    again = cell_change(*a, permutations=permutations, seed=seed)
    main, alt = cells.table, again.table
    return {"scale": other, "flagged": int(_flagged(alt).sum()),
            "flagged_both": int((_flagged(main) & _flagged(alt)).sum()),
            "mean_change": float(alt["change"].mean()),
            "median_abs_difference": float((main["change"] - alt["change"]).abs().median())}


def _summary(cells: CellChange, clusters: ClusterChange, boundary: BoundaryChange | None) -> dict[str, Any]:
    t = cells.table
    flagged = _flagged(t)
    spread = clusters.ari_replicates
    moved = clusters.table.loc[clusters.table["moved"].fillna(False).to_numpy(bool)]
    legislated = None if boundary is None else boundary.table.iloc[0].to_dict()
    return {
        "cells_tested": cells.tested, "cells_flagged": int(flagged.sum()),
        "cells_up": int((flagged & (t["change"] > 0)).sum()), "cells_down": int((flagged & (t["change"] < 0)).sum()),
        "mean_change": float(t["change"].mean()), "p_min": cells.p_min,
        "ari": clusters.ari, "ari_low": float(np.quantile(spread, 0.025)) if len(spread) else None,
        "ari_high": float(np.quantile(spread, 0.975)) if len(spread) else None, "ari_within": dict(clusters.ari_within),
        "moved": moved["node"].tolist(),
        "moved_share": {str(k): None if pd.isna(v) else float(v) for k, v in zip(moved["node"], moved["moved_share"])},
        "legislated": legislated,
    }


def compare_waves(base: pd.DataFrame, new: pd.DataFrame, /, *, codebook: Codebook, scale: str = "base",
                  replicates: int = 200, permutations: int = 9999, plan: ScenarioPlan | None = None,
                  min_n: int = 5, lang: str = "fi", seed: int | None = 1) -> WaveComparison:
    """Compare two survey waves: every cell, the clusters and the boundary.

    Parameters
    ----------
    base, new : pandas.DataFrame
        The waves' long tables, their groups on the common codes
        (:func:`~integraatio.twowaves.mapping.recode`).
    codebook : Codebook
        The common codebook (:attr:`~integraatio.twowaves.mapping.GroupMap.codebook`).
    scale : {"base", "pooled"}, default "base"
        The common scale (:mod:`integraatio.twowaves.scale`); the other is the sensitivity line.
    replicates : int, default 200
        Respondent bootstrap replicates of each wave (within own groups): intervals,
        stability and the ARI's spread. 0 skips them.
    permutations : int, default 9999
        Relabellings of the cell test (:func:`~integraatio.twowaves.change.cell_change`).
    plan : ScenarioPlan, optional
        Boundary scenarios from a file.
    min_n : int, default 5
        Cells with fewer ratings in a wave are suppressed in that wave, and their change too.
    lang : {"fi", "en"}
    seed : int or None, default 1
        Community detection and layout, and the root of the bootstraps' and the
        permutations' child seeds; recorded.

    Returns
    -------
    WaveComparison

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.synth import generate_waves
    >>> b, n = generate_waves(seed=1)
    >>> w = compare_waves(b.data, n.data, codebook=load_codebook(), replicates=20, permutations=999, seed=1)
    >>> w.summary["moved"]
    ['2.18']
    """
    check_integer("replicates", replicates, low=0)
    seed = resolve_seed(seed)
    seeds = np.random.SeedSequence(seed).spawn(3)
    options = {"min_n": min_n, "lang": lang, "seed": seed}
    a = _analyses(base, new, codebook, scale, options, replicates, seeds[:2])
    cells = cell_change(*a, permutations=permutations, seed=int(seeds[2].generate_state(1)[0]))
    clusters = cluster_change(*a)
    bound = boundary_change(*a, codebook=codebook, plan=plan) if divides(codebook) or plan is not None else None
    sensitivity = _sensitivity(base, new, codebook, scale, options, cells, permutations,
                               int(seeds[2].generate_state(1)[0]))
    return WaveComparison(
        base=a[0], new=a[1], cells=cells, clusters=clusters, boundary=bound, sensitivity=sensitivity,
        summary=_summary(cells, clusters, bound),
        parameters={"scale": scale, "replicates": replicates, "permutations": permutations, "min_n": min_n,
                    "lang": lang, "seed": seed, "within": cells.parameters["within"],
                    "organisations_in_both": cells.parameters["organisations"]},
    )
