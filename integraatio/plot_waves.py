"""Figures of a wave comparison (:mod:`integraatio.twowaves`). Axes-level functions in the
style of :mod:`integraatio.plot`: ``ax=None`` in, the ``Axes`` out; nothing is computed,
saved or shown here."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .messages import number, percent, scenario_name, text
from .plot import plot_network_difference
from .style import HIGHLIGHT, cluster_colours

__all__ = ["plot_alluvial", "plot_boundary_change", "plot_change_network"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    return ax


def _slots(column: pd.Series, order: pd.Series, gap: float) -> tuple[pd.Series, dict]:
    """Each group's vertical slot in one wave's column (clusters stacked, a gap between
    them), and each cluster's middle; groups without a cluster get none."""
    ranked = pd.DataFrame({"c": column, "o": order}).dropna().sort_values(["c", "o"], kind="stable")
    y, middles, at = {}, {}, 0.0
    for c, members in ranked.groupby("c", sort=True):
        for node in members.index:
            y[node] = at
            at += 1.0
        middles[c] = at - len(members) / 2 - 0.5
        at += gap
    return pd.Series(y, dtype=float), middles


def plot_alluvial(clusters: pd.DataFrame, /, *, ax=None, labels: tuple[str, str] = ("", ""), lang: str = "fi",
                  title: str | None = None):
    """Where each group sits in the base wave's clusters and in the new wave's.

    Parameters
    ----------
    clusters : pandas.DataFrame
        ``ClusterChange.table`` (``waves_clusters.csv``): ``node``, ``cluster_base``,
        ``cluster_new``, ``cluster_name_base``, ``cluster_name_new``, ``moved``.
    ax : matplotlib.axes.Axes, optional
    labels : tuple of str
        Names of the two waves, written above the columns.
    lang : {"fi", "en"}
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One band per group from its base cluster (left) to its new one (right), coloured
        by the base cluster; a group that moved is drawn in full colour with a red edge,
        the others pale.
    """
    ax = _axes(ax)
    t = clusters.set_index("node")
    left, lmid = _slots(t["cluster_base"], t["cluster_new"], 1.0)
    right, rmid = _slots(t["cluster_new"], t["cluster_base"], 1.0)
    top = float(max([*left.to_numpy(), *right.to_numpy(), 1.0]))
    colours = dict(zip(sorted(set(lmid) | set(rmid)), cluster_colours(int(max([*lmid, *rmid], default=1)))))
    s = np.linspace(0.0, 1.0, 60)
    ease = 3 * s**2 - 2 * s**3
    for node in [n for n in t.index if n in left and n in right]:
        moved = bool(t.at[node, "moved"]) if pd.notna(t.at[node, "moved"]) else False
        y0, y1 = left[node], right[node]
        mid = y0 + (y1 - y0) * ease
        x = 0.1 + 0.8 * s
        ax.fill_between(x, mid - 0.42, mid + 0.42, color=colours[t.at[node, "cluster_base"]],
                        alpha=0.95 if moved else 0.35, linewidth=1.2 if moved else 0,
                        edgecolor=HIGHLIGHT if moved else "none")
        weight = "bold" if moved else "normal"
        ax.text(0.09, y0, node, ha="right", va="center", fontsize=8, fontweight=weight)
        ax.text(0.91, y1, node, ha="left", va="center", fontsize=8, fontweight=weight)
    for side, mids, names, x, ha in ((0, lmid, "cluster_name_base", 0.0, "right"), (1, rmid, "cluster_name_new", 1.0, "left")):
        column = t.dropna(subset=["cluster_base" if side == 0 else "cluster_new"])
        for c, y in mids.items():
            name = column.loc[column["cluster_base" if side == 0 else "cluster_new"] == c, names].iloc[0]
            ax.text(x - 0.03 if side == 0 else x + 0.03, y, name, ha=ha, va="center", fontsize=9,
                    color=colours[c], fontweight="bold", wrap=True)
    for x, name in zip((0.1, 0.9), labels):
        ax.text(x, -1.6, name, ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(top + 1.5, -2.2)
    ax.set_axis_off()
    moved = t.index[t["moved"].fillna(False).to_numpy(bool)].tolist()
    ax.text(0.5, top + 1.2, text("waves.fig.moved", lang, groups=", ".join(moved) or "-"), ha="center", fontsize=8)
    if title:
        ax.set_title(title, fontsize=12, fontweight="bold", loc="left")
    return ax


def plot_change_network(graph: nx.Graph, /, *, nodes: pd.DataFrame, labels: tuple[str, str], ax=None,
                        lang: str = "fi", title: str | None = None):
    """The difference network of two waves on the base wave's layout.

    Parameters
    ----------
    graph : networkx.Graph
        :func:`integraatio.twowaves.change.tie_changes`: ``diff`` (new minus base) and
        ``strong`` per tie.
    nodes : pandas.DataFrame
        ``node``, ``x``, ``y``: the shared layout.
    labels : tuple of str
        Names of the base and the new wave.
    ax : matplotlib.axes.Axes, optional
    lang : {"fi", "en"}
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The ties whose change has an interval excluding zero drawn strongly (red grown,
        blue weakened, width by the change, :func:`integraatio.plot.plot_network_difference`);
        the other changes as thin grey lines.
    """
    ax = _axes(ax)
    xy = nodes.set_index("node")[["x", "y"]].dropna()
    for a, b, strong in graph.edges(data="strong"):
        if not strong and a in xy.index and b in xy.index:
            ax.plot([xy.at[a, "x"], xy.at[b, "x"]], [xy.at[a, "y"], xy.at[b, "y"]], color="0.75", linewidth=0.4,
                    alpha=0.5, zorder=0)
    strong = nx.Graph()
    strong.add_nodes_from(xy.index)
    strong.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if d["strong"] and a in xy.index and b in xy.index)
    plot_network_difference(strong, nodes=xy.reset_index(), labels=labels, lang=lang, ax=ax, title=title)
    ax.text(0.0, -0.02, text("waves.fig.faint", lang), transform=ax.transAxes, fontsize=7, va="top", color="0.4")
    return ax


def plot_boundary_change(table: pd.DataFrame, /, *, ax=None, labels: tuple[str, str] = ("", ""), lang: str = "fi",
                         title: str | None = None):
    """The share each boundary cuts in both waves, one row per scenario.

    Parameters
    ----------
    table : pandas.DataFrame
        ``BoundaryChange.table`` (``waves_boundary.csv``).
    ax : matplotlib.axes.Axes, optional
    labels : tuple of str
        Names of the base and the new wave.
    lang : {"fi", "en"}
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        An arrow from the base wave's share (grey) to the new wave's (blue), the change
        and its interval written beside it.
    """
    ax = _axes(ax)
    y = np.arange(len(table))
    base, new = table["share_base"].to_numpy(float) * 100, table["share_new"].to_numpy(float) * 100
    ax.scatter(base, y, color="0.55", zorder=3, label=labels[0])
    ax.scatter(new, y, color="#0072B2", zorder=3, label=labels[1])
    for yi, b, n in zip(y, base, new):
        if np.isfinite(b) and np.isfinite(n):
            ax.annotate("", xy=(n, yi), xytext=(b, yi), arrowprops={"arrowstyle": "->", "color": "0.3"})
    right = float(np.nanmax([*base, *new, 1.0]))
    for yi, r in zip(y, table.itertuples(index=False)):
        interval = "" if pd.isna(r.ci_low) else f" [{number(r.ci_low * 100, 1, lang)}; {number(r.ci_high * 100, 1, lang)}]"
        ax.text(right * 1.05, yi, f"{number(r.change * 100, 1, lang)}{interval}", va="center", fontsize=8)
    ax.set_yticks(y, [scenario_name(s, lang) for s in table["scenario"]])
    ax.invert_yaxis()
    ax.set_xlim(0, right * 1.45)
    ax.set_xlabel(text("fig.costs_axis", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.22), ncol=2, frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=12, fontweight="bold", loc="left")
    ax.text(1.0, 1.01, text("waves.fig.change_points", lang, level=percent(0.95, lang, 0)), transform=ax.transAxes,
            ha="right", va="bottom", fontsize=8)
    return ax
