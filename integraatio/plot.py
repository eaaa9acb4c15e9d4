"""Figures. Axes-level functions: ``ax=None`` in, the ``Axes`` out; nothing is computed,
saved or shown here (layouts come in as ``pos``; saving lives in :mod:`integraatio.export`).
"""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import UsageError

__all__ = [
    "ORGANISER_LABELS",
    "cluster_colours",
    "plot_boundary",
    "plot_group_bars",
    "plot_group_table",
    "plot_network",
    "plot_coassignment",
    "plot_network_difference",
    "plot_resolution_sweep",
    "plot_scenario_costs",
]


def cluster_colours(n: int) -> list[tuple[float, float, float]]:
    """``n`` distinct colours, cluster 1 first (matplotlib's tab10, then tab20)."""
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [tuple(cmap(i % cmap.N)[:3]) for i in range(n)]


def plot_network(
    graph: nx.Graph,
    /,
    *,
    nodes: pd.DataFrame,
    ax=None,
    key: bool = True,
    wrap: int = 55,
    title: str | None = None,
    lang: str = "fi",
):
    """Draw the integration-need network with cluster colours.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight``; edge width and darkness follow it.
    nodes : pandas.DataFrame
        One row per node with ``node``, ``label``, ``cluster``, ``cluster_name``,
        ``strength``, ``x``, ``y`` (``Analysis.clusters``). Node size follows strength.
        With a ``stability`` column (after a bootstrap) a node's outline thickens and
        darkens as its stability falls from 1 to 0.5, so the groups torn between
        clusters stand out.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default the current Axes.
    key : bool, default True
        Add a key from code to label (wrapped at ``wrap`` characters) beside the plot;
        nodes themselves carry their short codes so the picture stays readable.
    wrap : int, default 55
    title : str, optional
    lang : {"fi", "en"}, default "fi"
        Language of the stability key.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if ax is None:
        ax = plt.gca()
    nodes = nodes.loc[nodes["cluster"].notna()].set_index("node")  # groups with no data are not drawn
    missing = [v for v in graph if v not in nodes.index]
    if missing:
        raise ValueError(f"`nodes` has no row for graph nodes {missing}; pass Analysis.clusters.")
    k = int(nodes["cluster"].max())
    colours = cluster_colours(k)
    xy = nodes[["x", "y"]]

    weights = np.array([w for _, _, w in graph.edges(data="weight")], dtype=float)
    wmax = weights.max() if weights.size else 1.0
    # Weakest ties first so that strong ones are drawn on top.
    for a, b, w in sorted(graph.edges(data="weight"), key=lambda e: e[2]):
        share = w / wmax
        ax.plot(
            [xy.at[a, "x"], xy.at[b, "x"]],
            [xy.at[a, "y"], xy.at[b, "y"]],
            color=str(0.85 - 0.6 * share),
            linewidth=0.3 + 3.0 * share,
            alpha=0.35 + 0.5 * share,
            zorder=1,
            solid_capstyle="round",
        )
    strength = nodes["strength"].to_numpy(float)
    size = 180 + 650 * strength / strength.max() if strength.max() > 0 else np.full(len(nodes), 300.0)
    outline, outline_width = _stability_outline(nodes["stability"] if "stability" in nodes else None)
    ax.scatter(
        xy["x"],
        xy["y"],
        s=size,
        c=[colours[c - 1] for c in nodes["cluster"]],
        edgecolors=outline,
        linewidths=outline_width,
        zorder=2,
    )
    for v, row in nodes.iterrows():
        ax.annotate(v, (row["x"], row["y"]), ha="center", va="center", fontsize=8, fontweight="bold", zorder=3)

    names = nodes.drop_duplicates("cluster").sort_values("cluster")
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=10, color=colours[c - 1], label=name)
        for c, name in zip(names["cluster"], names["cluster_name"])
    ]
    if "stability" in nodes:
        colour, width = _stability_outline(pd.Series(STABILITY_KEY))
        handles.append(Line2D([], [], linestyle="", label=_TEXT["stability"][lang]))
        handles += [
            Line2D([], [], marker="o", linestyle="", markersize=10, color="0.8", markeredgecolor=c, markeredgewidth=w, label=f"{s:.2f}")
            for s, c, w in zip(STABILITY_KEY, colour, width)
        ]
    clusters_legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title=None)
    if key:
        ax.add_artist(clusters_legend)
        entries = [f"{v}  {textwrap.shorten(lbl, width=wrap, placeholder=' …')}" for v, lbl in nodes["label"].items()]
        blank = [Line2D([], [], linestyle="") for _ in entries]
        ax.legend(
            blank,
            entries,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0 - 0.06 * (len(handles) + 1)),
            frameon=False,
            fontsize=7,
            handlelength=0,
            handletextpad=0,
        )
    ax.set_aspect("equal")
    ax.margins(0.08)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


#: Stabilities shown in the network figure's key.
STABILITY_KEY = (1.0, 0.75, 0.5)
_TEXT = {
    "stability": {"fi": "Pysyvyys (bootstrap)", "en": "Bootstrap stability"},
    "coassignment": {"fi": "Samassa klusterissa (osuus otoksista)", "en": "Share of replicates in one cluster"},
    "resolution": {"fi": "Resoluutio", "en": "Resolution"},
    "ari": {"fi": "ARI: otokset vs. koko aineisto", "en": "ARI, replicates vs full data"},
    "modularity": {"fi": "Modulaarisuus (resoluutiolla 1)", "en": "Modularity (at resolution 1)"},
    "clusters": {"fi": "Klustereita", "en": "Clusters"},
}


def _stability_outline(stability: pd.Series | None) -> tuple[str | list[str], float | np.ndarray]:
    """Outline colour and width per node: white and thin at stability 1, black and thick at <= 0.5."""
    if stability is None:
        return "white", 1.5
    lack = np.clip((1.0 - stability.to_numpy(float)) / 0.5, 0.0, 1.0)
    return [str(1.0 - x) for x in lack], 1.5 + 3.5 * lack


#: Display names of the codebook's organisers, in the order nodes are shaded.
ORGANISER_LABELS = {
    "fi": {"municipality": "kunta", "wellbeing_area": "hyvinvointialue", "external": "ulkopuolinen toimija"},
    "en": {"municipality": "municipality", "wellbeing_area": "wellbeing services county", "external": "external actor"},
}
CUT_COLOUR = "#d62728"


def plot_boundary(
    graph: nx.Graph,
    /,
    *,
    nodes: pd.DataFrame,
    boundary,
    ax=None,
    key: bool = True,
    lang: str = "fi",
    wrap: int = 55,
    title: str | None = None,
):
    """Draw the network with a scenario's boundary: nodes shaded by organiser, cut ties red.

    Parameters
    ----------
    graph : networkx.Graph
    nodes : pandas.DataFrame
        ``Analysis.clusters`` (positions, labels, strength), as for :func:`plot_network`.
    boundary : integraatio.boundary.BoundaryCost
        The scenario's organisers and its cut ties (:func:`integraatio.boundary.boundary_cost`).
    ax : matplotlib.axes.Axes, optional
    key : bool, default True
        Key from code to label beside the plot.
    lang : {"fi", "en"}
        Language of the organiser names.
    wrap : int, default 55
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D

    organisers = boundary.scenario.organisers
    order = list(ORGANISER_LABELS["en"])
    nodes = nodes.loc[nodes["cluster"].notna()]  # groups with no data are not drawn
    shaded = nodes.assign(
        cluster=[order.index(organisers[v]) + 1 for v in nodes["node"]],
        cluster_name=[ORGANISER_LABELS[lang][organisers[v]] for v in nodes["node"]],
    )
    ax = plot_network(graph, nodes=shaded, ax=ax, key=key, wrap=wrap, title=title, lang=lang)
    xy = nodes.set_index("node")
    wmax = max((w for _, _, w in graph.edges(data="weight")), default=1.0)
    for a, b, w in boundary.cut_ties[["node_a", "node_b", "weight"]].itertuples(index=False):
        ax.plot(
            [xy.at[a, "x"], xy.at[b, "x"]],
            [xy.at[a, "y"], xy.at[b, "y"]],
            color=CUT_COLOUR,
            linewidth=0.8 + 3.0 * w / wmax,
            alpha=0.85,
            zorder=1.5,
            solid_capstyle="round",
        )
    cut = "raja katkaisee yhteyden" if lang == "fi" else "tie cut by the boundary"
    # Inside the Axes and not as ax.legend_: plot_network's legends outside the Axes stay
    # in the tight bounding box only as long as the last one is the Axes' own legend.
    ax.add_artist(Legend(ax, [Line2D([], [], color=CUT_COLOUR, linewidth=2.5)], [cut], loc="lower left", frameon=False))
    return ax


def plot_scenario_costs(scenarios: pd.DataFrame, /, *, ax=None, lang: str = "fi"):
    """Bar chart of the share of integration need each scenario's boundary cuts.

    Parameters
    ----------
    scenarios : pandas.DataFrame
        ``BoundaryAnalysis.scenarios``: ``scenario`` and ``share``; with
        ``share_ci_low`` and ``share_ci_high`` the bootstrap intervals are drawn as lines.
    ax : matplotlib.axes.Axes, optional
    lang : {"fi", "en"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    t = scenarios.iloc[::-1]  # the first scenario on top
    y = np.arange(len(t))
    share = 100 * t["share"].to_numpy(float)
    built = {"legislated": 0, "clusters": 1, "optimal": 2}
    colours = cluster_colours(3)
    ax.barh(y, share, color=[colours[built[s]] if s in built else "0.6" for s in t["scenario"]], height=0.6, zorder=2)
    if {"share_ci_low", "share_ci_high"} <= set(t.columns):
        lo, hi = 100 * t["share_ci_low"].to_numpy(float), 100 * t["share_ci_high"].to_numpy(float)
        ax.hlines(y, lo, hi, color="black", linewidth=1.2, zorder=3)
        ax.vlines(np.r_[lo, hi], np.r_[y, y] - 0.15, np.r_[y, y] + 0.15, color="black", linewidth=1.2, zorder=3)
    for yi, value in zip(y, share):
        ax.annotate(f"{value:.1f} %", (value, yi), xytext=(4, 6), textcoords="offset points", fontsize=8, va="bottom")
    ax.set_yticks(y, t["scenario"].tolist())
    ax.set_xlabel(
        "rajan katkaisema osuus integraatiotarpeesta (%)" if lang == "fi" else "share of integration need cut by the boundary (%)"
    )
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


#: The slides' red for group means over the threshold (140 by default).
HIGHLIGHT = "#d62728"
SUPPRESSED_MARK = ".."


def _group_view(comparison, own_group: str, codebook) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Means and counts of one respondent group: target groups (code order) x levels."""
    t = comparison.table.loc[comparison.table["own_group"] == own_group]
    if t.empty:
        raise UsageError(f"`own_group` {own_group!r} has no ratings in the comparison; pick a group that answered.")
    levels = list(pd.unique(t["level"]))
    targets = [c for c in codebook.codes if c != own_group]
    mean = t.pivot(index="target_group", columns="level", values="mean").reindex(index=targets, columns=levels)
    n = t.pivot(index="target_group", columns="level", values="n").reindex(index=targets, columns=levels)
    return mean, n.fillna(0).astype(int), levels


def _target_labels(codebook, targets, lang: str, wrap: int) -> list[str]:
    return [textwrap.shorten(f"{codebook.label(c, lang)} ({c})", width=wrap, placeholder="…") for c in targets]


def plot_group_bars(
    comparison,
    /,
    *,
    own_group: str,
    codebook,
    lang: str = "fi",
    threshold: float = 140.0,
    wrap: int = 60,
    ax=None,
):
    """The slides' bar chart: one respondent group's need of every target, per group.

    Parameters
    ----------
    comparison : integraatio.compare.Comparison
    own_group : str
        The respondent group (a group code from the codebook).
    codebook : Codebook
        Target labels and the level labels (``[[size_classes]]``, ``[pooled]``).
    lang : {"fi", "en"}
    threshold : float, default 140
        Bars above it are red, as on the slides.
    wrap : int, default 60
        Target labels are shortened to this many characters.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Suppressed means have no bar, only the mark ``..``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    if ax is None:
        ax = plt.gca()
    mean, _, levels = _group_view(comparison, own_group, codebook)
    names = [codebook.level_label(comparison.by, lvl, lang) for lvl in levels]
    shades = [str(v) for v in np.linspace(0.75, 0.3, len(levels))]
    height = 0.8 / len(levels)
    y = np.arange(len(mean))[::-1]  # first target on top
    for i, level in enumerate(levels):
        values = mean[level].to_numpy(float)
        pos = y + 0.4 - height * (i + 0.5)
        shown = ~np.isnan(values)
        ax.barh(
            pos[shown],
            values[shown],
            height=height,
            color=[HIGHLIGHT if v > threshold else shades[i] for v in values[shown]],
            edgecolor="white",
            linewidth=0.4,
            zorder=2,
        )
        for p in pos[~shown]:
            ax.annotate(SUPPRESSED_MARK, (0, p), xytext=(2, 0), textcoords="offset points", va="center", fontsize=6)
    ax.axvline(threshold, color=HIGHLIGHT, linestyle="--", linewidth=0.8, zorder=1)
    ax.set_yticks(y, _target_labels(codebook, mean.index, lang, wrap), fontsize=7)
    handles = [Patch(color=s, label=nm) for s, nm in zip(shades, names)]
    handles.append(Patch(color=HIGHLIGHT, label=f"> {threshold:g}"))
    ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=False)
    ax.set_xlabel("integraatiotarve (keskiarvo)" if lang == "fi" else "integration need (mean)")
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"{codebook.label(own_group, lang)} ({own_group})", fontsize=9)
    return ax


def plot_group_table(
    comparison,
    /,
    *,
    own_group: str,
    codebook,
    lang: str = "fi",
    threshold: float = 140.0,
    wrap: int = 60,
    ax=None,
):
    """The slides' table beside the bars: mean (n) per target and group, over the
    threshold in red.

    Parameters
    ----------
    comparison : integraatio.compare.Comparison
    own_group : str
    codebook : Codebook
    lang : {"fi", "en"}
    threshold : float, default 140
    wrap : int, default 60
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Its table (``ax.tables[0]``) has one row per target group; a suppressed mean
        reads ``..``, always with the number of ratings behind it.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    mean, n, levels = _group_view(comparison, own_group, codebook)
    text = [
        [f"{SUPPRESSED_MARK if np.isnan(m) else f'{m:.0f}'} ({k})" for m, k in zip(mrow, nrow)]
        for mrow, nrow in zip(mean.to_numpy(float), n.to_numpy())
    ]
    table = ax.table(
        cellText=text,
        rowLabels=_target_labels(codebook, mean.index, lang, wrap),
        colLabels=[f"{codebook.level_label(comparison.by, lvl, lang)} (n)" for lvl in levels],
        loc="center",
        cellLoc="right",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    over = mean.to_numpy(float) > threshold
    for (i, j), cell in table.get_celld().items():
        if i >= 1 and j >= 0 and over[i - 1, j]:
            cell.get_text().set_color(HIGHLIGHT)
            cell.get_text().set_fontweight("bold")
    ax.set_axis_off()
    ax.set_title(f"{codebook.label(own_group, lang)} ({own_group})", fontsize=9)
    return ax


def plot_network_difference(
    graph: nx.Graph,
    /,
    *,
    nodes: pd.DataFrame,
    labels: tuple[str, str],
    lang: str = "fi",
    ax=None,
    title: str | None = None,
):
    """The difference between two groups' networks on a shared layout.

    Parameters
    ----------
    graph : networkx.Graph
        ``ClusterComparison.difference``: edge attribute ``diff`` (second group minus
        first); only pairs both groups have.
    nodes : pandas.DataFrame
        ``node``, ``x``, ``y`` (the shared layout).
    labels : tuple of str
        Display names of the first and second group.
    lang : {"fi", "en"}
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        A red tie is higher in the second group, a blue one in the first; width follows
        the size of the difference.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if ax is None:
        ax = plt.gca()
    xy = nodes.set_index("node")[["x", "y"]]
    diffs = [abs(d) for _, _, d in graph.edges(data="diff")]
    dmax = max(diffs, default=1.0) or 1.0
    colour = {True: HIGHLIGHT, False: "#1f77b4"}
    for a, b, d in sorted(graph.edges(data="diff"), key=lambda e: abs(e[2])):
        share = abs(d) / dmax
        ax.plot(
            [xy.at[a, "x"], xy.at[b, "x"]],
            [xy.at[a, "y"], xy.at[b, "y"]],
            color=colour[d > 0],
            linewidth=0.3 + 3.5 * share,
            alpha=0.25 + 0.65 * share,
            zorder=1,
            solid_capstyle="round",
        )
    ax.scatter(xy["x"], xy["y"], s=260, c="0.85", edgecolors="white", linewidths=1.5, zorder=2)
    for v, (x, y) in xy.iterrows():
        ax.annotate(v, (x, y), ha="center", va="center", fontsize=8, fontweight="bold", zorder=3)
    higher = "korkeampi:" if lang == "fi" else "higher in"
    ax.legend(
        handles=[Line2D([], [], color=colour[True], linewidth=2.5), Line2D([], [], color=colour[False], linewidth=2.5)],
        labels=[f"{higher} {labels[1]}", f"{higher} {labels[0]}"],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
    )
    ax.set_aspect("equal")
    ax.margins(0.08)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def plot_coassignment(coassignment: pd.DataFrame, /, *, nodes: pd.DataFrame, ax=None, lang: str = "fi"):
    """Heatmap of bootstrap co-assignment, nodes ordered by cluster.

    Parameters
    ----------
    coassignment : pandas.DataFrame
        Node x node shares (``Bootstrap.coassignment``).
    nodes : pandas.DataFrame
        ``node`` and ``cluster`` (``Analysis.clusters``): rows and columns are ordered
        by cluster, then as in ``nodes``; lines mark where clusters meet.
    ax : matplotlib.axes.Axes, optional
    lang : {"fi", "en"}, default "fi"

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    ordered = nodes.sort_values("cluster", kind="stable")
    order = ordered["node"].tolist()
    im = ax.imshow(coassignment.loc[order, order].to_numpy(float), vmin=0.0, vmax=1.0, cmap="Blues")
    ticks = np.arange(len(order))
    ax.set_xticks(ticks, order, rotation=90, fontsize=7)
    ax.set_yticks(ticks, order, fontsize=7)
    edges = np.flatnonzero(np.diff(ordered["cluster"].to_numpy())) + 0.5
    for e in edges:
        ax.axhline(e, color="0.2", linewidth=1.0)
        ax.axvline(e, color="0.2", linewidth=1.0)
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.03, label=_TEXT["coassignment"][lang])
    return ax


def plot_resolution_sweep(table: pd.DataFrame, /, *, ax=None, resolution: float | None = None, lang: str = "fi"):
    """Replicate agreement, modularity and number of clusters over resolutions.

    Parameters
    ----------
    table : pandas.DataFrame
        ``ResolutionSweep.table``: ``resolution``, ``clusters``, ``modularity``,
        ``ari_mean``, ``ari_low``, ``ari_high``.
    ax : matplotlib.axes.Axes, optional
        ARI (mean and central range) and modularity are drawn here, the number of
        clusters on a second y axis on the right; the key goes below.
    resolution : float, optional
        The analysis's resolution, marked with a vertical line.
    lang : {"fi", "en"}, default "fi"

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    t = table.sort_values("resolution")
    x = t["resolution"].to_numpy(float)
    ax.fill_between(x, t["ari_low"], t["ari_high"], color="tab:blue", alpha=0.15, linewidth=0)
    ax.plot(x, t["ari_mean"], marker="o", color="tab:blue", label=_TEXT["ari"][lang])
    ax.plot(x, t["modularity"], marker="s", linestyle="--", color="tab:green", label=_TEXT["modularity"][lang])
    ax.set_ylim(min(0.0, float(t["modularity"].min()) - 0.05), 1.05)
    ax.set_xlabel(_TEXT["resolution"][lang])
    right = ax.twinx()
    right.plot(x, t["clusters"], marker="D", linestyle=":", color="0.35", label=_TEXT["clusters"][lang])
    right.set_ylabel(_TEXT["clusters"][lang])
    right.set_ylim(0, float(t["clusters"].max()) + 1)
    right.yaxis.get_major_locator().set_params(integer=True)
    if resolution is not None:
        ax.axvline(resolution, color="0.6", linestyle=":", linewidth=1.0)
    lines = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(
        lines[0] + more[0], lines[1] + more[1], loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False, fontsize=8
    )
    return ax
