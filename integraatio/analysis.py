"""The analysis spine in one call: scores -> pairs -> graph -> clusters -> layout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .codebook import Codebook
from .communities import AUTO_ENGINE, Partition, detect_communities, name_clusters, resolve_seed
from .composite import Scores, score
from .disclosure import companion_cells, perturb_cells, rating_keys
from .exceptions import InsufficientDataError
from .matrix import pair_table, pivot_matrix
from .messages import said, text
from .network import build_graph, network_layout, node_statistics, symmetric_matrix
from .options import AnalysisOptions, takes_options

if TYPE_CHECKING:
    from .stability import Bootstrap

__all__ = ["Analysis", "analyse", "analyse_scores", "published_pairs"]


@dataclass(frozen=True)
class Analysis:
    """Everything the spine computes, with the parameters that produced it.

    Attributes
    ----------
    scores : Scores
        Scored ratings, exclusions and reliability (:func:`integraatio.composite.score`).
    pairs : pandas.DataFrame
        ``own_group``, ``target_group``, ``n``, ``mean``, ``sd``, ``suppressed``.
    matrix : pandas.DataFrame
        Own group x target group means; suppressed cells are NaN.
    symmetric : numpy.ndarray
        Undirected pair means in ``codes`` order (NaN where absent).
    graph : networkx.Graph
        Weighted undirected graph (:func:`integraatio.network.build_graph`).
    partition : Partition
    clusters : pandas.DataFrame
        One row per node: ``node``, ``label``, ``cluster``, ``cluster_name``,
        ``strength``, ``participation`` (how much of a group's need crosses into
        other clusters: the bridges score high), ``x``, ``y``.
    codes : list of str
    parameters : Mapping
        Every parameter of the run, the seed included.
    bootstrap : Bootstrap, optional
        Set by :func:`integraatio.stability.attach_bootstrap`, which also adds
        ``stability`` and ``consensus_cluster`` to ``clusters`` and ``ci_low``,
        ``ci_high`` to ``pairs``.
    empty : tuple of str
        Groups with no scored rating, given or received: not nodes of the graph, so not
        clustered, laid out or costed; their ``clusters`` row has an empty cluster.
    warnings : tuple of str
        What the user should check (the empty groups), for the manifest and the report.
    """

    scores: Scores
    pairs: pd.DataFrame
    matrix: pd.DataFrame
    symmetric: np.ndarray
    graph: nx.Graph
    partition: Partition
    clusters: pd.DataFrame
    codes: list[str]
    parameters: Mapping[str, Any]
    bootstrap: Bootstrap | None = None
    empty: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@takes_options(AnalysisOptions)
def analyse(data: pd.DataFrame, /, *, codebook: Codebook, weights: str | None = None,
            options: AnalysisOptions) -> Analysis:
    """Run the analysis spine on a validated long table.

    Parameters
    ----------
    data : pandas.DataFrame
        :attr:`integraatio.survey.Survey.data`.
    codebook : Codebook
        Labels, reference clusters and the group order.
    weights : str, optional
        A column of ``data`` with each respondent's weight: weighted cell means and SDs,
        ``n_eff`` in ``pairs`` (:func:`integraatio.matrix.pair_table`); ``n`` stays the
        number of ratings. :func:`integraatio.response.respondent_weights` makes one from
        an invitations file.
    measure, missing, min_n, weighting, symmetrise, resolution, engine, lang, seed
        The analysis's options (:class:`~integraatio.options.AnalysisOptions`, which
        ``options`` passes whole): the measure scored and how missing items count
        (:func:`integraatio.composite.score`), the cells' minimum ``n``, the graph's
        weights (:func:`integraatio.network.build_graph`), community detection
        (:func:`integraatio.communities.detect_communities`), the language of labels and
        cluster names, and the seed of community detection and the layout (None draws
        one, recorded in ``parameters``).

    Returns
    -------
    Analysis

    Raises
    ------
    InsufficientDataError
        Nothing can be scored, or no pair of groups is left to form a tie.

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> from integraatio.codebook import load_codebook
    >>> a = analyse(load_example(), codebook=load_codebook(), lang="en", seed=1)
    >>> sorted(a.clusters["cluster_name"].unique())
    ['Care for the municipal resident', 'Treatment and care']
    """
    scores = score(data, measure=options.measure, missing=options.missing)
    return analyse_scores(scores, codebook=codebook, weights=weights, options=options)


def published_pairs(
    scores: Scores,
    /,
    *,
    codes: list[str],
    min_n: int = 5,
    weights: str | None = None,
    suppress: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The cell table as every output publishes it: :func:`integraatio.matrix.pair_table`
    with the cells below ``min_n``, those in ``suppress`` and their companions
    (:func:`integraatio.disclosure.companion_cells`) suppressed, their means emptied, and
    every published mean and SD perturbed by the cell key method and rounded
    (:func:`integraatio.disclosure.perturb_cells`). Everything the analysis derives
    from the cells (ties, clusters, strengths, boundaries) is derived from these.

    The first step of :func:`analyse_scores`; ``min_n``, ``weights`` and ``suppress`` as
    there, ``codes`` the codebook's.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> pairs = published_pairs(score(load_example()), codes=load_codebook().codes)
    >>> bool(pairs.loc[pairs["suppressed"], "mean"].isna().all())
    True
    """
    cells = scores.cells
    if weights is not None:  # each rating carries its respondent's weight
        cells = cells.assign(weight=scores.data.loc[scores.scored, weights].to_numpy(dtype=float))
    weight = None if weights is None else "weight"
    keys = rating_keys(scores.data["respondent_id"], secret=scores.secret)[scores.scored]
    pairs = perturb_cells(pair_table(cells, codes=codes, min_n=min_n, weight=weight), cells, keys, codes=codes,
                          weight=weight)
    hidden = np.zeros(len(pairs), dtype=bool)
    if suppress is not None:
        asked = pd.MultiIndex.from_frame(suppress[["own_group", "target_group"]].astype(str))
        hidden = pd.MultiIndex.from_frame(pairs[["own_group", "target_group"]]).isin(asked)
    hidden |= companion_cells(pairs.assign(suppressed=pairs["suppressed"] | hidden), min_n=min_n)
    if hidden.any():
        pairs.loc[hidden, [c for c in ("mean", "sd", "n_eff") if c in pairs]] = np.nan
        pairs["suppressed"] |= hidden
    return pairs


@takes_options(AnalysisOptions)
def analyse_scores(scores: Scores, /, *, codebook: Codebook, weights: str | None = None,
                   suppress: pd.DataFrame | None = None, options: AnalysisOptions) -> Analysis:
    """The spine after scoring: for subsets that keep the full data's scores.

    A filtered or regrouped subset (a sensitivity run, one group of a comparison) must
    stay on the full data's scale (docs/contract.md, "Composite"): pass the full run's
    :class:`~integraatio.composite.Scores` with ``data``, ``scored`` and ``values``
    narrowed to the subset instead of scoring the subset again.

    Parameters
    ----------
    scores : Scores
        From :func:`integraatio.composite.score`, or a subset of it.
    codebook : Codebook
        Its ``codes`` are the nodes (a regrouped subset passes a codebook with its
        extra group).
    weights, min_n, weighting, symmetrise, resolution, engine, lang, seed
        As in :func:`analyse`; ``measure`` and ``missing`` are the scores' own.
    suppress : pandas.DataFrame, optional
        ``own_group``, ``target_group`` of cells to suppress whatever their ``n``
        (secondary suppression: a cell whose value could be recovered from other
        published tables).

    Returns
    -------
    Analysis

    Raises
    ------
    InsufficientDataError
        No pair of groups is left to form a tie.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.composite import score
    >>> from integraatio.datasets import load_example
    >>> a = analyse_scores(score(load_example()), codebook=load_codebook(), seed=1)
    >>> len(a.partition.clusters)
    2
    """
    seed = resolve_seed(options.seed)
    codes, min_n = codebook.codes, options.min_n
    pairs = published_pairs(scores, codes=codes, min_n=min_n, weights=weights, suppress=suppress)
    sym = symmetric_matrix(pairs, codes=codes, how=options.symmetrise)
    graph, empty = _graph(pairs, scores, codes=codes, options=options)
    partition = detect_communities(graph, resolution=options.resolution, engine=options.engine, seed=seed)
    lang = options.lang
    warned = (text("warn.no_data", lang, n=len(empty), groups=", ".join(empty)),) if empty else ()
    if options.engine == "auto" and partition.engine != AUTO_ENGINE:  # never a quiet change of result
        warned += (text("warn.engine_fallback", lang, engine=partition.engine),)
    thin = thin_groups(scores, codebook=codebook, min_n=min_n)
    if thin:
        warned += (text("warn.thin_group" if len(thin) == 1 else "warn.thin_groups", lang, groups=", ".join(thin),
                        min_n=min_n),)
    return Analysis(
        scores=scores,
        pairs=pairs,
        matrix=pivot_matrix(pairs, codes=codes),
        symmetric=sym,
        graph=graph,
        partition=partition,
        clusters=_cluster_table(graph, partition, sym, codebook, empty=empty, lang=lang, seed=seed),
        codes=codes,
        parameters={
            "measure": scores.parameters["measure"],
            "missing": scores.parameters["missing"],
            "min_n": min_n,
            **({"weights": weights} if weights is not None else {}),  # unweighted runs: the manifest as before
            "weighting": options.weighting,
            "symmetrise": options.symmetrise,
            "resolution": options.resolution,
            "engine": partition.engine,  # "auto" resolved
            "lang": lang,
            "seed": seed,
        },
        empty=empty,
        warnings=warned,
    )


def thin_groups(scores: Scores, /, *, codebook: Codebook, min_n: int) -> list[str]:
    """Responding groups with fewer than ``min_n`` scored respondents, in code order.

    Their own rows of the matrix are suppressed, so where they sit in the clusters, and
    whether they bridge them, rests on the other groups' ratings of them alone: the run
    warns that it cannot be read as their own view. A group that answered nobody is
    another case (:data:`Analysis.empty`).

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.composite import score
    >>> from integraatio.datasets import load_example
    >>> thin_groups(score(load_example()), codebook=load_codebook(), min_n=10)
    ['2.8', '2.15', '2.18']
    """
    scored = scores.data.loc[scores.scored, ["own_group", "respondent_id"]]
    counts = scored.groupby("own_group", observed=True)["respondent_id"].nunique()
    return [c for c in codebook.responding_codes if 0 < counts.get(c, 0) < min_n]


def _graph(pairs: pd.DataFrame, scores: Scores, *, codes: list[str],
           options: AnalysisOptions) -> tuple[nx.Graph, tuple[str, ...]]:
    """The graph of the published cells without the groups nobody rated, and those groups."""
    graph = build_graph(pairs, codes=codes, weighting=options.weighting, symmetrise=options.symmetrise)
    cells = scores.cells
    # The distinct values first: text of every rating would cost a pass per rating.
    rated = {str(c) for column in ("own_group", "target_group") for c in cells[column].unique()}
    empty = tuple(c for c in codes if c not in rated)
    graph.remove_nodes_from(empty)  # a group nobody rated is no cluster of its own
    if graph.number_of_edges() == 0:
        raise InsufficientDataError(
            said("analysis.no_tie", suppressed=int(pairs["suppressed"].sum()), cells=len(pairs), min_n=options.min_n,
                 weighting=options.weighting)
        )
    return graph, empty


def _cluster_table(graph: nx.Graph, partition: Partition, sym: np.ndarray, codebook: Codebook, *,
                   empty: tuple[str, ...], lang: str, seed: int) -> pd.DataFrame:
    """:attr:`Analysis.clusters`: each group's cluster, its name, statistics and layout position."""
    codes = codebook.codes
    names = name_clusters(partition, reference=codebook.reference_clusters, lang=lang)
    stats = node_statistics(graph, membership=partition.membership)
    nodes = [c for c in codes if c not in empty]
    keep = [codes.index(c) for c in nodes]
    pos = network_layout(sym[np.ix_(keep, keep)], codes=nodes, seed=seed)
    clusters = pd.DataFrame(
        {
            "node": codes,
            "label": [codebook.label(c, lang) for c in codes],
            "cluster": pd.array([partition.membership.get(c) for c in codes], dtype="Int64"),
            "cluster_name": [names[partition.membership[c]] if c in partition.membership else "" for c in codes],
            "strength": stats["strength"].reindex(codes).to_numpy(),
            "participation": stats["participation"].reindex(codes).to_numpy(),
            "x": pos["x"].reindex(codes).to_numpy(),
            "y": pos["y"].reindex(codes).to_numpy(),
        }
    )
    if not empty:
        clusters["cluster"] = clusters["cluster"].astype(np.int64)  # the same file as before when all have data
    return clusters
