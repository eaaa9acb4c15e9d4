"""Change in the clusters: the waves' clusters matched by membership, their agreement (ARI)
with its bootstrap spread, the groups that moved, and each group's stability in both waves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..compare.clusters import match_clusters
from ..stability import adjusted_rand

__all__ = ["CLUSTER_COLUMNS", "ClusterChange", "cluster_change", "wave_nodes"]

#: Columns of ``waves_clusters.csv`` (docs/contract.md), the first of them.
CLUSTER_COLUMNS = ["node", "label", "cluster_base", "cluster_new", "cluster_name_base", "cluster_name_new", "moved",
                   "moved_share", "stability_base", "stability_new"]


@dataclass(frozen=True)
class ClusterChange:
    """Result of :func:`cluster_change`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group, :data:`CLUSTER_COLUMNS`: the base wave's cluster and the new
        wave's, numbered and named after the base cluster it shares most members with
        (a new cluster without a partner gets a number and name of its own); ``moved``
        (its matched cluster differs; empty for a group without data in a wave);
        ``moved_share`` (share of bootstrap replicate pairs in which it moved: near 1, the
        move is firm; near 0.5, it is a toss-up); each wave's bootstrap stability.
    ari : float
        Adjusted Rand index of the two waves' partitions over the groups with data in both.
    ari_replicates : numpy.ndarray
        ``(B,)`` ARI of replicate ``b`` of one wave against replicate ``b`` of the other:
        the between-wave ARI's bootstrap spread.
    ari_within : Mapping
        ``base``, ``new``: median ARI of each wave's replicates against its own partition,
        the agreement sampling alone leaves; a between-wave ARI well below them is change.
    parameters : Mapping
    """

    table: pd.DataFrame
    ari: float
    ari_replicates: np.ndarray
    ari_within: Mapping[str, float]
    parameters: Mapping[str, Any]


def _matched(labels: np.ndarray, reference: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """``labels`` renumbered after ``reference``'s cluster they overlap most, on ``nodes``."""
    mine = dict(zip(nodes.tolist(), labels[nodes].tolist()))
    renumber = match_clusters(mine, dict(zip(nodes.tolist(), reference[nodes].tolist())))
    return np.array([renumber[v] for v in labels[nodes]])


def _replicate_moves(base: Analysis, new: Analysis, both: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per replicate pair: the ARI between the waves, and which groups moved (``(B, G)``)."""
    mb, mn = base.bootstrap.memberships, new.bootstrap.memberships
    b = min(len(mb), len(mn))
    moved = np.zeros((b, len(base.codes)), dtype=bool)
    ari = np.empty(b)
    for r in range(b):
        moved[r, both] = _matched(mn[r], mb[r], both) != mb[r][both]
        ari[r] = adjusted_rand(mb[r][both], mn[r][both][None, :])[0]
    return ari, moved


def cluster_change(base: Analysis, new: Analysis, /) -> ClusterChange:
    """How the clusters changed between two waves.

    Parameters
    ----------
    base, new : Analysis
        The two waves on one codebook; with bootstraps attached for ``moved_share``,
        stability and the ARI's spread (without them those are empty).

    Returns
    -------
    ClusterChange

    Notes
    -----
    Clusters are matched one to one by shared members (Hungarian algorithm,
    :func:`integraatio.compare.clusters.match_clusters`), so a name carries over when
    most of a cluster's members stay together. The ARI (Hubert and Arabie 1985) is 1 for
    the same partition and about 0 for unrelated ones.

    Examples
    --------
    >>> from integraatio.analysis import analyse_scores
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.synth import generate_waves
    >>> from integraatio.twowaves.scale import common_scores
    >>> cb = load_codebook()
    >>> b, n = generate_waves(seed=1)
    >>> a = [analyse_scores(s, codebook=cb, seed=1) for s in common_scores(b.data, n.data)]
    >>> c = cluster_change(*a)
    >>> c.table.loc[c.table["moved"] == True, "node"].tolist()
    ['2.18']
    """
    codes = list(base.codes)
    pb, pn = base.partition.membership, new.partition.membership
    both = np.array([i for i, c in enumerate(codes) if c in pb and c in pn], dtype=np.intp)
    lb = np.array([pb.get(c, -1) for c in codes])
    ln = np.array([pn.get(c, -1) for c in codes])
    renumber = match_clusters(pn, pb)
    cluster_new = [renumber[pn[c]] if c in pn else None for c in codes]
    names = dict(zip(base.clusters["cluster"], base.clusters["cluster_name"]))
    own_names = {renumber[k]: v for k, v in zip(new.clusters["cluster"], new.clusters["cluster_name"]) if pd.notna(k)}
    booted = base.bootstrap is not None and new.bootstrap is not None
    ari_rep, moved_rep = _replicate_moves(base, new, both) if booted else (np.array([]), None)
    table = pd.DataFrame({
        "node": codes,
        "label": base.clusters["label"].to_numpy(),
        "cluster_base": pd.array([pb.get(c) for c in codes], dtype="Int64"),
        "cluster_new": pd.array(cluster_new, dtype="Int64"),
        "cluster_name_base": [names.get(pb[c], "") if c in pb else "" for c in codes],
        "cluster_name_new": [names.get(k, own_names.get(k, "")) if k is not None else "" for k in cluster_new],
        "moved": pd.array([pb[c] != k if c in pb and k is not None else None for c, k in zip(codes, cluster_new)],
                          dtype="boolean"),
        "moved_share": np.where(np.isin(np.arange(len(codes)), both), moved_rep.mean(axis=0), np.nan)
        if booted else np.nan,
        "stability_base": base.clusters["stability"].to_numpy() if "stability" in base.clusters else np.nan,
        "stability_new": new.clusters["stability"].to_numpy() if "stability" in new.clusters else np.nan,
    })
    within = {w: float(np.median(a.bootstrap.ari)) if booted else float("nan") for w, a in (("base", base), ("new", new))}
    ari = float(adjusted_rand(lb[both], ln[both][None, :])[0])
    return ClusterChange(table=table, ari=ari, ari_replicates=ari_rep, ari_within=within,
                         parameters={"replicates": len(ari_rep), "groups_compared": len(both)})


def wave_nodes(change: ClusterChange, base: Analysis, new: Analysis, /) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node tables of both waves for :func:`integraatio.plot.plot_network`, drawn to be
    compared: the base wave's positions for both, and the new wave's clusters numbered and
    named after the base wave's (the same colour for a matched cluster).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        ``base.clusters``, and ``new.clusters`` with the base wave's ``x``, ``y`` and the
        matched ``cluster`` and ``cluster_name``.

    Examples
    --------
    >>> from integraatio.analysis import analyse_scores
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.synth import generate_waves
    >>> from integraatio.twowaves.scale import common_scores
    >>> cb = load_codebook()
    >>> b, n = generate_waves(seed=1)
    >>> a = [analyse_scores(s, codebook=cb, seed=1) for s in common_scores(b.data, n.data)]
    >>> nb, nn = wave_nodes(cluster_change(*a), *a)
    >>> bool((nb["x"] == nn["x"]).all())
    True
    """
    t = change.table
    nodes = new.clusters.assign(x=base.clusters["x"].to_numpy(), y=base.clusters["y"].to_numpy(),
                                cluster=t["cluster_new"].to_numpy(), cluster_name=t["cluster_name_new"].to_numpy())
    return base.clusters, nodes
