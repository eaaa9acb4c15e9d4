"""Sensitivity reruns: the spine again with a subgroup left out, kept alone, or split into a
node of its own, on the full run's scores (so every subset stays on one scale)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from .analysis import Analysis, analyse_scores
from .checks import check_choice, check_integer
from .codebook import Codebook, Group, code_key
from .communities import resolve_seed
from .compare.clusters import match_clusters
from . import disclosure
from .exceptions import UsageError
from .options import SEED
from .stability import bootstrap

SENSITIVITY_MODES = ("exclude", "only", "split")


@dataclass(frozen=True)
class Sensitivity:
    """Result of :func:`sensitivity`.

    Attributes
    ----------
    name : str
        ``<mode>_<subgroup>``, e.g. ``only_asumispalvelut`` (used in file names).
    mode : {"exclude", "only", "split"}
    subgroup : str
    analysis : Analysis
        The rerun, on the full run's scores.
    nodes : pandas.DataFrame
        One row per node of the rerun: ``node``, ``label``, ``parent`` (the full run's
        node it stands for: itself, or the split group), ``cluster_full``,
        ``cluster_name_full``, ``cluster`` (numbered after the full run's cluster it
        overlaps most), ``cluster_name``, ``changed`` (the node's cluster is not the one
        its parent had), ``strength_full``, ``strength``, ``participation_full``,
        ``participation``, ``stability_full``, ``stability`` and ``stability_change``
        (empty without bootstrap replicates).
    leans : pandas.DataFrame
        Where each node's ties go: ``node``, ``cluster`` (a full-run cluster),
        ``cluster_name``, ``share_full`` (share of its parent's tie strength into that
        cluster in the full run) and ``share`` (in the rerun).
    parameters : Mapping
    cells : numpy.ndarray
        For each of the full run's scored ratings, the rerun's published cell it lies in
        (a row of ``analysis.pairs``), or -1: what the next rerun is audited against.
    """

    name: str
    mode: str
    subgroup: str
    analysis: Analysis
    nodes: pd.DataFrame
    leans: pd.DataFrame
    parameters: Mapping[str, Any]
    cells: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, int), repr=False)


def _subset(analysis: Analysis, frame: pd.DataFrame) -> Any:
    """The full run's Scores narrowed to ``frame`` (scored rows): same scale, no rescoring."""
    return dataclasses.replace(
        analysis.scores,
        data=frame.reset_index(drop=True),
        scored=np.ones(len(frame), dtype=bool),
        values=frame["integration_need"].to_numpy(float),
    )


def _leans(graph: nx.Graph, cluster_of: Mapping[str, int]) -> dict[str, dict[int, float]]:
    """Share of each node's tie strength going into each cluster of ``cluster_of``."""
    out = {}
    for v in graph:
        into: dict[int, float] = {}
        for _, u, w in graph.edges(v, data="weight"):
            into[cluster_of[u]] = into.get(cluster_of[u], 0.0) + w
        total = sum(into.values())
        out[v] = {c: w / total for c, w in into.items()} if total > 0 else {}
    return out


def sensitivity(
    analysis: Analysis,
    /,
    *,
    codebook: Codebook,
    subgroup: str,
    mode: str = "only",
    replicates: int | None = None,
    seed: int | None = SEED,
    linked: Sequence[np.ndarray] = (),
) -> Sensitivity:
    """Rerun the spine with a subgroup left out, kept alone, or split into its own node.

    Parameters
    ----------
    analysis : Analysis
        The full run; its parameters (seed included) are reused.
    codebook : Codebook
    subgroup : str
        A value of the ``subgroup`` column (e.g. ``asumispalvelut``, the housing services
        inside 2.3).
    mode : {"exclude", "only", "split"}, default "only"
        ``exclude``: leave the subgroup's respondents out. ``only``: in the groups the
        subgroup belongs to, keep only its respondents (the other groups stay whole).
        ``split``: the subgroup's respondents become a node of their own, coded
        ``<group>.<subgroup>``; it has ratings in one direction only (others rated the
        whole group), which the symmetrisation uses as they are.
    replicates : int, optional
        Bootstrap replicates (:func:`integraatio.stability.bootstrap`) of the full run
        and of the rerun, for each node's stability in both; 0 leaves the stability
        columns empty. None (default): as the analysis's attached bootstrap
        (``Analysis.bootstrap``: its stability, and the rerun with its replicates, strata
        and seed), or none when it has none.
    seed : int or None, default 1
        Seed of both bootstraps when ``replicates`` is given (the same child seeds);
        recorded.

    linked : sequence of numpy.ndarray
        Other tables published with this rerun (a comparison's ``cells``, earlier reruns'
        ``cells``): the rerun suppresses more of its cells until no combination of them
        all isolates fewer than ``min_n`` ratings (:func:`integraatio.disclosure.isolated`).

    Returns
    -------
    Sensitivity

    Raises
    ------
    ValueError
        Unknown mode, or a subgroup the data do not have.

    Notes
    -----
    The scores are the full run's (filtered, never rescored), so the rerun is on the full
    data's scale. A rerun cell is also suppressed when the ratings it leaves out of the
    full run's cell (or, split, the other part of the group) are between 1 and
    ``min_n - 1``: ``pairs.csv`` of the full run minus the rerun would give their mean.
    Clusters are matched to the full run's by overlap; a node has ``changed`` when its
    matched cluster differs from its parent's.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb, data = load_codebook(), load_example()
    >>> subgroup = data["subgroup"].dropna().unique()[0]
    >>> s = sensitivity(analyse(data, codebook=cb, lang="en", seed=1), codebook=cb, subgroup=subgroup, mode="only")
    >>> int(s.nodes["changed"].sum())  # the subgroup alone takes its group into the other cluster
    1
    """
    check_choice("mode", mode, SENSITIVITY_MODES)
    if replicates is not None:
        check_integer("replicates", replicates, low=0)
    seed = resolve_seed(seed)
    data = _rerun_data(analysis.scores.scores, codebook, subgroup=subgroup, mode=mode)
    hidden = _hidden_cells(analysis, data, mode)
    rerun = _rerun(analysis, data, hidden)
    pair, full = _pooled_cells(analysis)
    tables = [full, *linked, _cells_of(rerun, data, len(pair))]
    more = disclosure.isolated(pair, tables, min_n=analysis.parameters["min_n"]) if disclosure.AUDIT else []
    if len(more):  # the audit: this rerun with the earlier ones would isolate a few ratings
        in_pair = pd.Index(pair[data.kept.index]).isin(more)
        hidden = pd.concat([hidden, data.kept.loc[in_pair, ["own_group", "target_group"]].astype(str)],
                           ignore_index=True).drop_duplicates()
        rerun = _rerun(analysis, data, hidden)
    before, after, replicates, seed = _bootstraps(analysis, rerun, replicates, seed)
    slug = re.sub(r"[^\w-]+", "_", subgroup)
    return Sensitivity(
        name=f"{mode}_{slug}", mode=mode, subgroup=subgroup, analysis=rerun,
        nodes=_nodes(analysis, rerun, data.parent_of, before, after), leans=_leans_table(analysis, rerun, data.parent_of),
        parameters={**analysis.parameters, "mode": mode, "subgroup": subgroup, "groups": data.parents,
                    "cells_hidden": len(hidden), "replicates": replicates or 0, "bootstrap_seed": seed},
        cells=_cells_of(rerun, data, len(analysis.scores.values)),
    )


class _RerunData(NamedTuple):
    """The rerun's scored rows and codebook, and the full run's node each rerun node stands for."""

    kept: pd.DataFrame
    codebook: Codebook
    parent_of: dict[str, str]
    parents: list[str]  # the groups the subgroup belongs to
    split: dict[str, str]  # parent -> its split node (mode "split" only)


def _rerun_data(frame: pd.DataFrame, codebook: Codebook, *, subgroup: str, mode: str) -> _RerunData:
    """The full run's scored rows with the subgroup left out, kept alone, or split off."""
    in_subgroup = (frame["subgroup"] == subgroup).fillna(False).to_numpy(bool) if "subgroup" in frame else np.zeros(len(frame), bool)
    if not in_subgroup.any():
        present = sorted(frame["subgroup"].dropna().unique()) if "subgroup" in frame else []
        raise UsageError(
            f"`subgroup` {subgroup!r} has no scored ratings; the data's subgroups are {', '.join(present) or 'none'}."
        )
    own = frame["own_group"].astype(str)
    parents = sorted(own[in_subgroup].unique(), key=code_key)
    parent_of = {c: c for c in codebook.codes}
    if mode == "exclude":
        return _RerunData(frame.loc[~in_subgroup], codebook, parent_of, parents, {})
    if mode == "only":
        return _RerunData(frame.loc[in_subgroup | ~own.isin(parents).to_numpy()], codebook, parent_of, parents, {})
    split = {p: f"{p}.{subgroup}" for p in parents}
    kept = frame.assign(own_group=own.where(~in_subgroup, own.map(split)))
    extra = tuple(
        Group(
            code=split[p],
            fi=f"{codebook.label(p, 'fi')}: {subgroup}",
            en=f"{codebook.label(p, 'en')}: {subgroup}",
            organiser=codebook.group(p).organiser,
        )
        for p in parents
    )
    parent_of.update({v: k for k, v in split.items()})
    return _RerunData(kept, dataclasses.replace(codebook, groups=codebook.groups + extra), parent_of, parents, split)


def _hidden_cells(analysis: Analysis, data: _RerunData, mode: str) -> pd.DataFrame:
    """Secondary suppression: the rerun's cells whose parent cell the full run suppresses,
    and those whose left-out part of the full run's cell (split: the other part of the
    parent's cell) is between 1 and ``min_n - 1`` ratings, so that it cannot be recovered
    by subtraction."""
    full_cells = analysis.pairs.set_index(["own_group", "target_group"])["n"]
    kept = data.kept
    part = pd.DataFrame({"own_group": kept["own_group"].astype(str), "target_group": kept["target_group"].astype(str)})
    n_part = part.value_counts().rename("n")
    parent_key = pd.MultiIndex.from_arrays(
        [n_part.index.get_level_values(0).map(data.parent_of), n_part.index.get_level_values(1)]
    )
    left_out = full_cells.reindex(parent_key).to_numpy() - n_part.to_numpy()
    # A cell the full run suppresses stays suppressed here: with its own companion rule the
    # rerun would publish the full run's companion (and the handshake of strengths give it).
    hidden_full = analysis.pairs.set_index(["own_group", "target_group"])["suppressed"]
    risky = (left_out > 0) & (left_out < analysis.parameters["min_n"])
    if disclosure.AUDIT:
        risky |= hidden_full.reindex(parent_key).to_numpy(bool)
    hidden = n_part.index[risky].to_frame(index=False)
    if mode == "split":
        # Hide both parts of a split cell when either is small.
        partner = {**data.split, **{s: p for p, s in data.split.items()}}
        hidden = pd.concat([hidden, hidden.assign(own_group=hidden["own_group"].map(partner))], ignore_index=True)
    return hidden


def _pooled_cells(analysis: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """Each of the full run's scored ratings' pair (a row of ``analysis.pairs``), and that
    pair again where the full run publishes it, else -1."""
    pairs = analysis.pairs
    index = pd.MultiIndex.from_frame(pairs[["own_group", "target_group"]])
    cells = analysis.scores.cells
    pair = index.get_indexer(pd.MultiIndex.from_arrays([cells["own_group"].astype(str), cells["target_group"].astype(str)]))
    return pair, np.where(pairs["suppressed"].to_numpy(bool)[pair], -1, pair)


def _cells_of(rerun: Analysis, data: _RerunData, ratings: int) -> np.ndarray:
    """For each of the full run's scored ratings, the rerun's published cell it lies in, or -1."""
    pairs = rerun.pairs
    index = pd.MultiIndex.from_frame(pairs[["own_group", "target_group"]])
    kept = data.kept
    at = index.get_indexer(pd.MultiIndex.from_arrays([kept["own_group"].astype(str), kept["target_group"].astype(str)]))
    out = np.full(ratings, -1)
    out[kept.index.to_numpy()] = np.where(pairs["suppressed"].to_numpy(bool)[at], -1, at)
    return out


def _rerun(analysis: Analysis, data: _RerunData, hidden: pd.DataFrame) -> Analysis:
    """The spine on the rerun's rows with the full run's parameters, ``hidden`` cells suppressed too."""
    params = analysis.parameters
    return analyse_scores(
        _subset(analysis, data.kept),
        codebook=data.codebook,
        min_n=params["min_n"],
        weighting=params["weighting"],
        symmetrise=params["symmetrise"],
        resolution=params["resolution"],
        engine=params["engine"],
        lang=params["lang"],
        seed=params["seed"],
        suppress=hidden,
        weights=params.get("weights"),  # a weighted run's rerun keeps each respondent's weight
    )


def _bootstraps(
    analysis: Analysis, rerun: Analysis, replicates: int | None, seed: int
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, int | None, int]:
    """Bootstrap node tables of the full run and the rerun (None without replicates), and
    the replicates and seed they used: the attached bootstrap's when ``replicates`` is None."""
    attached = analysis.bootstrap if replicates is None else None
    if attached is not None:
        bp = attached.parameters
        after = bootstrap(rerun, replicates=bp["replicates"], strata=bp["strata"] or None, level=bp["level"], seed=bp["seed"])
        return attached.nodes, after.nodes, bp["replicates"], bp["seed"]
    if replicates:
        before, after = (bootstrap(a, replicates=replicates, seed=seed).nodes for a in (analysis, rerun))
        return before, after, replicates, seed
    return None, None, replicates, seed


def _nodes(
    analysis: Analysis, rerun: Analysis, parent_of: Mapping[str, str], before: pd.DataFrame | None, after: pd.DataFrame | None
) -> pd.DataFrame:
    """The ``nodes`` table of :class:`Sensitivity`: each rerun node beside its parent in the full run."""
    full = analysis.clusters.set_index("node")
    mine = rerun.clusters.set_index("node")
    renumber = match_clusters(rerun.partition.membership, analysis.partition.membership)
    nodes = pd.DataFrame({"node": rerun.codes, "label": mine.loc[rerun.codes, "label"].to_numpy()})
    nodes["parent"] = nodes["node"].map(parent_of)
    nodes["cluster_full"] = full.loc[nodes["parent"], "cluster"].to_numpy()
    nodes["cluster_name_full"] = full.loc[nodes["parent"], "cluster_name"].to_numpy()
    nodes["cluster"] = [renumber[rerun.partition.membership[v]] for v in nodes["node"]]
    nodes["cluster_name"] = mine.loc[rerun.codes, "cluster_name"].to_numpy()
    nodes["changed"] = nodes["cluster"] != nodes["cluster_full"]
    for col in ("strength", "participation"):
        nodes[f"{col}_full"] = full.loc[nodes["parent"], col].to_numpy()
        nodes[col] = mine.loc[rerun.codes, col].to_numpy()
    nodes["stability_full"] = nodes["stability"] = np.nan
    if before is not None:
        nodes["stability_full"] = before.set_index("node")["stability"].loc[nodes["parent"]].to_numpy()
        nodes["stability"] = after.set_index("node")["stability"].loc[nodes["node"]].to_numpy()
    nodes["stability_change"] = nodes["stability"] - nodes["stability_full"]
    return nodes


def _leans_table(analysis: Analysis, rerun: Analysis, parent_of: Mapping[str, str]) -> pd.DataFrame:
    """The ``leans`` table of :class:`Sensitivity`: each node's tie shares into the full run's clusters."""
    cluster_full = analysis.partition.membership
    share_full = _leans(analysis.graph, cluster_full)
    share = _leans(rerun.graph, {v: cluster_full[parent_of[v]] for v in rerun.codes})
    names = analysis.clusters.set_index("node").drop_duplicates("cluster").set_index("cluster")["cluster_name"]
    return pd.DataFrame(
        [
            (v, c, names[c], share_full[parent_of[v]].get(c, 0.0), share[v].get(c, 0.0))
            for v in rerun.codes
            for c in sorted(names.index)
        ],
        columns=["node", "cluster", "cluster_name", "share_full", "share"],
    )


@dataclass(frozen=True)
class CantSay:
    """Result of :func:`cant_say_sensitivity`: the run again with "can't say" scored as the
    lowest answer instead of missing.

    Attributes
    ----------
    analysis : Analysis
        The rerun (scored anew: its ratings are other ratings, so its scale is its own).
    nodes : pandas.DataFrame
        ``node``, ``label``, ``cluster_full``, ``cluster`` (numbered after the full run's
        cluster it overlaps most), ``changed``.
    summary : Mapping
        ``ratings_full`` and ``ratings`` scored, ``ari`` of the rerun's clusters against the
        full run's, ``moved`` (the nodes whose cluster changed) and, with a boundary,
        ``boundary``: per scenario its cut ``share_full`` and ``share``.
    """

    analysis: Analysis
    nodes: pd.DataFrame
    summary: Mapping[str, Any]


def cant_say_as_lowest(data: pd.DataFrame, /, *, codebook: Codebook) -> pd.DataFrame:
    """The items of ``data`` (read with the "can't say" codes kept as numbers) with every
    "can't say" code of the codebook's scale replaced by the scale's lowest answer.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()  # scale 1-5, 6 = can't say
    >>> d = pd.DataFrame({"frequency": [6, 3, None], "reciprocity": [2, 6, 6], "need": [5, 4, 6]})
    >>> cant_say_as_lowest(d, codebook=cb).astype("Int64").values.tolist()
    [[1, 2, 5], [3, 1, 4], [<NA>, 1, 1]]
    """
    from .options import ITEMS

    said = list(codebook.scale.missing)
    return data.assign(**{i: pd.to_numeric(data[i]).mask(pd.to_numeric(data[i]).isin(said), codebook.scale.min)
                          for i in ITEMS})


def cant_say_sensitivity(analysis: Analysis, data: pd.DataFrame, /, *, codebook: Codebook,
                         boundary=None, rerun_boundary=None) -> CantSay:
    """Rerun ``analysis`` on ``data`` (:func:`cant_say_as_lowest`'s) and say how far the
    clusters and the boundary's cut move.

    Parameters
    ----------
    analysis : Analysis
        The full run; its options (measure, missing policy, min_n, weights, engine, seed)
        are reused.
    data : pandas.DataFrame
        The survey with "can't say" scored as the lowest answer (and the run's weight
        column, when weighted).
    codebook : Codebook
    boundary, rerun_boundary : callable, optional
        The full run's :class:`~integraatio.boundary.BoundaryAnalysis`, and a function
        that analyses the rerun's boundary the same way; both or neither.

    Notes
    -----
    Scoring "can't say" as the lowest frequency, reciprocity and need reads it as "we do
    not cooperate" rather than as an answer missing at random: the two readings bracket
    what the answers can mean. The rerun is scored on its own data (more ratings), so its
    index is on its own scale; compare clusters and shares, not cell means.
    """
    from .composite import score
    from .stability import adjusted_rand

    p = analysis.parameters
    scores = score(data, measure=p["measure"], missing=p["missing"])
    rerun = analyse_scores(scores, codebook=codebook, weights=p.get("weights"), min_n=p["min_n"],
                           weighting=p["weighting"], symmetrise=p["symmetrise"], resolution=p["resolution"],
                           engine=p["engine"], lang=p["lang"], seed=p["seed"])
    renumber = match_clusters(rerun.partition.membership, analysis.partition.membership)
    full = analysis.clusters.set_index("node")
    nodes = pd.DataFrame({"node": analysis.codes, "label": full.loc[analysis.codes, "label"].to_numpy(),
                          "cluster_full": full.loc[analysis.codes, "cluster"].to_numpy(),
                          "cluster": [renumber[rerun.partition.membership[c]] for c in analysis.codes]})
    nodes["changed"] = nodes["cluster"] != nodes["cluster_full"]
    ari = adjusted_rand(nodes["cluster_full"].to_numpy(), nodes["cluster"].to_numpy()[None])[0]
    summary: dict[str, Any] = {"ratings_full": int(analysis.scores.scored.sum()), "ratings": int(scores.scored.sum()),
                               "ari": float(ari), "moved": nodes.loc[nodes["changed"], "node"].tolist()}
    if boundary is not None:
        after = rerun_boundary(rerun).scenarios.set_index("scenario")["share"]
        summary["boundary"] = {s: {"share_full": float(v), "share": float(after.get(s, np.nan))}
                               for s, v in boundary.scenarios.set_index("scenario")["share"].items()}
    return CantSay(analysis=rerun, nodes=nodes, summary=summary)
