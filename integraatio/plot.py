"""Figures. Axes-level functions: ``ax=None`` in, the ``Axes`` out; nothing is computed,
saved or shown here (layouts come in as ``pos``; saving lives in :mod:`integraatio.export`).
"""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["cluster_colours", "plot_network"]


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
):
    """Draw the integration-need network with cluster colours.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight``; edge width and darkness follow it.
    nodes : pandas.DataFrame
        One row per node with ``node``, ``label``, ``cluster``, ``cluster_name``,
        ``strength``, ``x``, ``y`` (``Analysis.clusters``). Node size follows strength.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default the current Axes.
    key : bool, default True
        Add a key from code to label (wrapped at ``wrap`` characters) beside the plot;
        nodes themselves carry their short codes so the picture stays readable.
    wrap : int, default 55
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if ax is None:
        ax = plt.gca()
    nodes = nodes.set_index("node")
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
    ax.scatter(
        xy["x"],
        xy["y"],
        s=size,
        c=[colours[c - 1] for c in nodes["cluster"]],
        edgecolors="white",
        linewidths=1.5,
        zorder=2,
    )
    for v, row in nodes.iterrows():
        ax.annotate(v, (row["x"], row["y"]), ha="center", va="center", fontsize=8, fontweight="bold", zorder=3)

    names = nodes.drop_duplicates("cluster").sort_values("cluster")
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=10, color=colours[c - 1], label=name)
        for c, name in zip(names["cluster"], names["cluster_name"])
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
