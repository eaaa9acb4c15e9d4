"""Figures. Axes-level functions: ``ax=None`` in, the ``Axes`` out; nothing is computed,
saved or shown here (layouts come in as ``pos``; saving lives in :mod:`integraatio.results`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import UsageError
from .messages import number, percent, scenario_name, text
from .style import (
    CUT_COLOUR,
    HIGHLIGHT,
    ORGANISER_COLOURS,
    ORGANISER_LABELS,
    PALETTE,
    SUPPRESSED_MARK,
    cluster_colour_map,
    text_on,
)

__all__ = [
    "plot_boundary",
    "plot_group_bars",
    "plot_group_table",
    "plot_matrix",
    "plot_network",
    "plot_coassignment",
    "plot_network_difference",
    "plot_resolution_sweep",
    "plot_scenario_costs",
]


def plot_network(
    graph: nx.Graph,
    /,
    *,
    nodes: pd.DataFrame,
    ax=None,
    key: bool = True,
    scale_keys: bool = True,
    wrap: int = 48,
    title: str | None = None,
    lang: str = "fi",
):
    """Draw the integration-need network with cluster colours and a key to every mark.

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
        Add a key from code to full label (wrapped at ``wrap`` characters, never cut)
        beside the plot; nodes themselves carry their short codes.
    scale_keys : bool, default True
        Key node size and line width below the plot (small multiples leave them out).
    wrap : int, default 48
    title : str, optional
        Drawn above the network; the figures of a run pass the catalogue's title.
    lang : {"fi", "en"}, default "fi"
        Language of the keys' titles and numbers.

    Returns
    -------
    matplotlib.axes.Axes
        Cluster colours (:data:`PALETTE`, safe for colour-blind readers) follow the
        cluster's name (:func:`~integraatio.style.cluster_colour_map`), so one name has one
        colour in every figure and run whatever its number; they are keyed
        below the plot together with node size (strength) and line width (tie weight);
        codes pushed apart to keep them from overlapping get a leader line to their node.
    """
    names = nodes.loc[nodes["cluster"].notna()].drop_duplicates("cluster")
    by_name = cluster_colour_map(names["cluster_name"])
    colours = {c: by_name[n] for c, n in zip(names["cluster"], names["cluster_name"])}
    return _draw_network(graph, nodes, ax=ax, colours=colours, colour_key=text("fig.cluster_key", lang), key=key,
                         scale_keys=scale_keys, wrap=wrap, title=title, lang=lang)


def _draw_network(graph, nodes, *, ax, colours, colour_key, key, wrap, title, lang, scale_keys=True):
    """The network drawing of :func:`plot_network` with the node colours given per ``cluster``."""
    import matplotlib.pyplot as plt
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D

    if ax is None:
        ax = plt.gca()
    nodes = nodes.loc[nodes["cluster"].notna()].set_index("node")  # groups with no data are not drawn
    missing = [v for v in graph if v not in nodes.index]
    if missing:
        raise ValueError(f"`nodes` has no row for graph nodes {missing}; pass Analysis.clusters.")
    xy = nodes[["x", "y"]]
    scale = _panel_scale(ax)

    weights = np.array([w for _, _, w in graph.edges(data="weight")], dtype=float)
    wmax = weights.max() if weights.size else 1.0
    # Weakest ties first so that strong ones are drawn on top.
    for a, b, w in sorted(graph.edges(data="weight"), key=lambda e: e[2]):
        ax.plot([xy.at[a, "x"], xy.at[b, "x"]], [xy.at[a, "y"], xy.at[b, "y"]], zorder=1, solid_capstyle="round",
                **_tie_style(w / wmax))
    strength = nodes["strength"].to_numpy(float)
    smax = strength.max() if strength.size else 0.0
    size = _node_size(strength, smax) * scale
    outline, outline_width = _stability_outline(nodes["stability"] if "stability" in nodes else None)
    fill = [colours[c] for c in nodes["cluster"]]
    ax.scatter(xy["x"], xy["y"], s=size, c=fill, edgecolors=outline, linewidths=outline_width, zorder=2)
    ax.set_aspect("equal")
    ax.margins(0.08)
    ax.set_axis_off()

    names = nodes.drop_duplicates("cluster").sort_values("cluster")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10, color=colours[c], label=name)
               for c, name in zip(names["cluster"], names["cluster_name"])]
    if "stability" in nodes:
        colour, width = _stability_outline(pd.Series(STABILITY_KEY))
        handles.append(Line2D([], [], linestyle="", label=text("fig.stability", lang)))
        handles += [
            Line2D([], [], marker="o", linestyle="", markersize=10, color="0.8", markeredgecolor=c, markeredgewidth=w,
                   label=number(s, 2, lang))
            for s, c, w in zip(STABILITY_KEY, colour, width)
        ]
    below = {"loc": "upper left", "frameon": False, "fontsize": 8, "title_fontsize": 8, "alignment": "left"}
    _outside(ax, Legend(ax, handles, [h.get_label() for h in handles], title=colour_key,
                         bbox_to_anchor=(0.0, 0.0), **below))
    steps = _key_steps(smax) if scale_keys else []
    if steps:
        sizes = [Line2D([], [], marker="o", linestyle="", color="0.7", markersize=float(np.sqrt(_node_size(np.array([s]), smax)[0])))
                 for s in steps]
        _outside(ax, Legend(ax, sizes, [number(s, 0, lang) for s in steps], title=text("fig.size_key", lang),
                             bbox_to_anchor=(0.45, 0.0), labelspacing=1.3, borderpad=0.8, **below))
    steps = _key_steps(wmax) if scale_keys else []
    if steps:
        ties = [Line2D([], [], **_tie_style(w / wmax)) for w in steps]
        _outside(ax, Legend(ax, ties, [number(w, 0, lang) for w in steps], title=text("fig.width_key", lang),
                             bbox_to_anchor=(0.75, 0.0), **below))
    if key:
        entries = [f"{v}  {textwrap.fill(str(lbl), width=wrap, subsequent_indent='      ')}" for v, lbl in nodes["label"].items()]
        blank = [Line2D([], [], linestyle="") for _ in entries]
        ax.legend(blank, entries, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7,
                  handlelength=0, handletextpad=0, title=text("fig.labels_key", lang), title_fontsize=8,
                  alignment="left", labelspacing=0.35)
    if title:
        ax.set_title(title, fontsize=12, fontweight="bold", loc="left")
    # Last: the keys and the title set the Axes' size in a laid-out figure, and the codes are measured in it.
    _label_nodes(ax, list(nodes.index), xy.to_numpy(float), fill, scale, sizes=size, outline=outline_width)
    return ax


def _panel_scale(ax) -> float:
    """How much smaller a panel is than a full figure (7 inches wide): 1 or less."""
    return float(min(ax.get_position().width * ax.figure.get_figwidth() / 7.0, 1.0))


def _label_nodes(ax, codes: list[str], anchors: np.ndarray, fills: list, scale: float, *, sizes: np.ndarray,
                 outline: float | np.ndarray = 1.5) -> None:
    """Write each node's code on it, or beside it when it does not fit there: no code
    covers another node's marker or another code.

    Placement is in display space, with the text extents the renderer measures: a code
    stays centred on its node when it touches no other node and no code placed before
    it (larger nodes are placed first); else it goes into a white box at the nearest free
    spot around the node (12 directions, rings further out), with a leader line. Codes
    keep a readable size (6 points at least) in small panels. Deterministic: no
    randomness, a fixed order of trials. Call it after the Axes' limits and aspect are set.
    """
    from matplotlib.colors import to_rgb

    size = max(6.0, 8 * scale)
    renderer = _renderer(ax.figure)
    engine = ax.figure.get_layout_engine()
    if engine is not None and engine.adjust_compatible is False:
        # A layout engine would move the Axes again at every draw, under codes placed for
        # where they were: lay the figure out now and keep that layout.
        engine.execute(ax.figure)
        ax.figure.set_layout_engine("none")
    ax.autoscale_view()
    ax.apply_aspect()
    centres = ax.transData.transform(anchors)
    px = ax.figure.dpi / 72.0
    radii = (np.sqrt(np.asarray(sizes, dtype=float)) / 2 + np.broadcast_to(outline, len(codes)) / 2) * px
    placed: list[tuple[float, float, float, float]] = []
    for i in np.argsort(-radii, kind="stable"):
        text = ax.annotate(codes[i], tuple(anchors[i]), ha="center", va="center", fontsize=size, fontweight="bold",
                           zorder=3, color=text_on(to_rgb(fills[i])))
        w, h = _extent(text, renderer)
        if np.hypot(w, h) / 2 > radii[i]:  # wider than its node: dark on a white halo reads on the node and off it
            text.set_color("black")
            text.set_path_effects(_halo())
        others = [j for j in range(len(codes)) if j != i]
        spot, moved = _free_spot(centres, radii, i, others, placed, (w, h))
        placed.append((spot[0] - w / 2, spot[1] - h / 2, spot[0] + w / 2, spot[1] + h / 2))
        if moved:
            text.remove()
            ax.annotate(codes[i], tuple(anchors[i]), xytext=tuple(ax.transData.inverted().transform(spot)), ha="center",
                        va="center", fontsize=size, fontweight="bold", zorder=4, color="black",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "0.5", "lw": 0.5, "alpha": 0.9},
                        arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.6, "shrinkA": 0, "shrinkB": 0})


def _renderer(fig):
    """The figure's renderer (an Agg canvas is attached to a bare :class:`~matplotlib.figure.Figure`)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _halo():
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2, foreground="white")]


def _extent(text, renderer) -> tuple[float, float]:
    """Width and height in pixels of ``text`` with a white box's padding (the box a moved code gets)."""
    box = text.get_window_extent(renderer)
    pad = 0.3 * text.get_fontsize() * text.figure.dpi / 72.0
    return box.width + pad, box.height + pad


#: Directions tried around a node for a code that does not fit on it (12, from the right, anticlockwise).
_ANGLES = np.deg2rad(np.arange(0, 360, 30))


def _free_spot(centres: np.ndarray, radii: np.ndarray, i: int, others: list[int], placed: list,
               extent) -> tuple[np.ndarray, bool]:
    """The centre (display pixels) for node ``i``'s code, and whether it left the node: on
    the node when the box there clears the ``others``' markers and the ``placed`` boxes,
    else the nearest clear spot on rings around the node (that also clears node ``i``
    itself); the last ring's last spot if none is clear."""
    w, h = extent
    if _clear(centres[i], w, h, centres[others], radii[others], placed):
        return centres[i], False
    reach = radii[i] + 0.5 * np.hypot(w, h)
    for ring in range(12):
        distance = reach + 3.0 + 0.6 * h * ring
        for angle in _ANGLES:
            spot = centres[i] + distance * np.array([np.cos(angle), np.sin(angle)])
            if _clear(spot, w, h, centres, radii, placed):
                return spot, True
    return spot, True


def _clear(spot, w: float, h: float, centres: np.ndarray, radii: np.ndarray, placed: list) -> bool:
    """Whether a ``w`` x ``h`` box centred at ``spot`` misses every circle and every placed box."""
    lo, hi = spot - [w / 2, h / 2], spot + [w / 2, h / 2]
    nearest = np.clip(centres, lo, hi)  # the box's point nearest each circle's centre
    if (np.hypot(*(nearest - centres).T) < radii).any():
        return False
    return not any(lo[0] < b[2] and b[0] < hi[0] and lo[1] < b[3] and b[1] < hi[1] for b in placed)


def _outside(ax, legend) -> None:
    """Add a legend that sits outside the Axes: unclipped, so that a tight bounding box
    (``savefig(bbox_inches="tight")``) keeps it (``add_artist`` clips to the Axes)."""
    ax.add_artist(legend)
    legend.set_clip_on(False)


def _tie_style(share: float) -> dict:
    """Line colour, width and alpha of a tie whose weight is ``share`` of the strongest."""
    return {"color": str(0.85 - 0.6 * share), "linewidth": 0.3 + 3.0 * share, "alpha": 0.35 + 0.5 * share}


def _node_size(strength: np.ndarray, top: float) -> np.ndarray:
    """Marker area (points²) of nodes of ``strength`` when the strongest has ``top``."""
    return 120 + 480 * strength / top if top > 0 else np.full(len(strength), 250.0)


def _key_steps(top: float) -> list[float]:
    """Three round values up to ``top`` for a size or width key (none when ``top`` <= 0)."""
    if not top > 0:
        return []
    unit = 10 ** np.floor(np.log10(top / 2))
    high = np.floor(top / unit) * unit
    return sorted({float(high), float(np.round(high / 2 / unit) * unit or unit), float(np.round(high / 4 / unit) * unit or unit)},
                  reverse=True)


#: Stabilities shown in the network figure's key.
STABILITY_KEY = (1.0, 0.75, 0.5)


def _stability_outline(stability: pd.Series | None) -> tuple[str | list[str], float | np.ndarray]:
    """Outline colour and width per node: white and thin at stability 1, black and thick at <= 0.5."""
    if stability is None:
        return "white", 1.5
    lack = np.clip((1.0 - stability.to_numpy(float)) / 0.5, 0.0, 1.0)
    return [str(1.0 - x) for x in lack], 1.5 + 3.5 * lack




def plot_boundary(
    graph: nx.Graph,
    /,
    *,
    nodes: pd.DataFrame,
    boundary,
    ax=None,
    key: bool = True,
    lang: str = "fi",
    wrap: int = 48,
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
    wrap : int, default 48
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D

    organisers = boundary.scenario.organisers
    order = list(ORGANISER_COLOURS)
    nodes = nodes.loc[nodes["cluster"].notna()]  # groups with no data are not drawn
    shaded = nodes.assign(
        cluster=[order.index(organisers[v]) + 1 for v in nodes["node"]],
        cluster_name=[ORGANISER_LABELS[lang][organisers[v]] for v in nodes["node"]],
    )
    colours = {i: ORGANISER_COLOURS[o] for i, o in enumerate(order, start=1)}
    ax = _draw_network(graph, shaded, ax=ax, colours=colours, colour_key=text("fig.organiser_key", lang), key=key,
                       wrap=wrap, title=title, lang=lang)
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
    # Inside the Axes and not as ax.legend_: plot_network's legends outside the Axes stay
    # in the tight bounding box only as long as the last one is the Axes' own legend.
    ax.add_artist(Legend(ax, [Line2D([], [], color=CUT_COLOUR, linewidth=2.5)], [text("fig.cut", lang)], loc="lower left",
                         frameon=False))
    return ax


def plot_scenario_costs(scenarios: pd.DataFrame, /, *, ax=None, lang: str = "fi", title: str | None = None):
    """Bar chart of the share of integration need each scenario's boundary cuts.

    Parameters
    ----------
    scenarios : pandas.DataFrame
        ``BoundaryAnalysis.scenarios``: ``scenario`` and ``share``; with
        ``share_ci_low`` and ``share_ci_high`` the bootstrap intervals are drawn as lines.
        Bars are labelled with display names: ``name_fi``/``name_en`` columns when
        present, the catalogue's names of the built-in scenarios, else the id.
    ax : matplotlib.axes.Axes, optional
    lang : {"fi", "en"}
    title : str, optional

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
    # One neutral colour: cluster and organiser colours keep their own meaning.
    ax.barh(y, share, color="0.55", height=0.6, zorder=2)
    if {"share_ci_low", "share_ci_high"} <= set(t.columns):
        lo, hi = 100 * t["share_ci_low"].to_numpy(float), 100 * t["share_ci_high"].to_numpy(float)
        ax.hlines(y, lo, hi, color="black", linewidth=1.2, zorder=3)
        ax.vlines(np.r_[lo, hi], np.r_[y, y] - 0.15, np.r_[y, y] + 0.15, color="black", linewidth=1.2, zorder=3)
    for yi, value in zip(y, share):
        ax.annotate(percent(value / 100, lang), (value, yi), xytext=(4, 6), textcoords="offset points", fontsize=8, va="bottom")
    names = [scenario_name(s, lang, names) for s, names in zip(t["scenario"], _display_names(t, lang))]
    ax.set_yticks(y, names)
    ax.set_xlabel(text("fig.costs_axis", lang))
    ax.xaxis.set_major_formatter(lambda v, _: number(v, 0, lang))
    if title is not None:
        ax.set_title(title, fontsize=11, fontweight="bold", loc="left")
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _display_names(table: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """Per row, the ``{lang: name}`` a scenario table's ``name_fi``/``name_en`` columns give."""
    cols = {lg: f"name_{lg}" for lg in ("fi", "en") if f"name_{lg}" in table.columns}
    return [{lg: v for lg, c in cols.items() if isinstance(v := row[c], str) and v} for _, row in table.iterrows()]




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
    """``code label``, the label shortened to fit ``wrap`` characters: the code always shows."""
    return [f"{c} " + textwrap.shorten(codebook.label(c, lang), width=max(wrap - len(c) - 1, 8), placeholder="…")
            for c in targets]


#: Hatching of each level's bars in :func:`plot_group_bars` (first level plain): the level
#: stays visible on a bar that is red for being over the threshold.
LEVEL_HATCHES = ("", "////", "....", "xxxx")


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
        Target labels (code first, then the label) are shortened to this many characters;
        the code always shows.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Suppressed means have no bar, only the mark ``..``. Each level has its own grey
        and its own hatching (:data:`LEVEL_HATCHES`), so a red bar still shows its level.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    if ax is None:
        ax = plt.gca()
    mean, _, levels = _group_view(comparison, own_group, codebook)
    names = [codebook.level_label(comparison.by, lvl, lang) for lvl in levels]
    shades = [str(v) for v in np.linspace(0.75, 0.3, len(levels))]
    hatches = [LEVEL_HATCHES[i % len(LEVEL_HATCHES)] for i in range(len(levels))]  # a level shows under the red too
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
            hatch=hatches[i],
            linewidth=0.4,
            zorder=2,
        )
        for p in pos[~shown]:
            ax.annotate(SUPPRESSED_MARK, (0, p), xytext=(2, 0), textcoords="offset points", va="center", fontsize=6)
    ax.axvline(threshold, color=HIGHLIGHT, linestyle="--", linewidth=0.8, zorder=1)
    ax.set_yticks(y, _target_labels(codebook, mean.index, lang, wrap), fontsize=7)
    handles = [Patch(facecolor=s, edgecolor="white", hatch=h, label=nm) for s, h, nm in zip(shades, hatches, names)]
    handles.append(Patch(color=HIGHLIGHT, label=f"> {number(threshold, 0, lang)}"))
    ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=False)
    ax.set_xlabel(text("fig.need_axis", lang))
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


def _label_cells(ax, im, grid: np.ndarray, *, threshold: float, lang: str) -> None:
    """Write each shown cell's mean in it; a mean over ``threshold`` in bold, boxed and framed."""
    from matplotlib.patches import Rectangle

    for i, j in zip(*np.nonzero(~np.isnan(grid))):
        over = grid[i, j] > threshold
        ax.text(j, i, number(grid[i, j], 0, lang), ha="center", va="center", fontsize=6,
                color=HIGHLIGHT if over else text_on(im.cmap(im.norm(grid[i, j]))),
                fontweight="bold" if over else "normal",
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"} if over else None)
        if over:
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=HIGHLIGHT, linewidth=1.2))


def plot_matrix(
    pairs: pd.DataFrame,
    /,
    *,
    codes: list[str],
    ax=None,
    threshold: float = 140.0,
    min_n: int | None = None,
    lang: str = "fi",
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
):
    """Heat map of the task-group matrix: rows the respondents' own group, columns the
    group rated, each cell's mean written in it.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``own_group``, ``target_group``, ``mean``, ``suppressed`` (``pairs.csv``).
    codes : list of str
        Row and column order (the codebook's); rows without ratings are left out.
    ax : matplotlib.axes.Axes, optional
    threshold : float, default 140
        Cells above it are marked as on the slides: the number in bold red in a red frame.
    min_n : int, optional
        The run's minimum n, named in the key's note on blank cells.
    lang : {"fi", "en"}
    title : str, optional
    labels : Mapping[str, str], optional
        Group names by code: each row reads ``code name`` (the name shortened to 42
        characters), so the reader needs no key; without them, the codes.

    Returns
    -------
    matplotlib.axes.Axes
        Suppressed cells (and cells without ratings) are blank, never coloured as a
        value; ``ax.texts`` holds one number per published cell.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> pairs = pd.DataFrame({"own_group": ["a", "b"], "target_group": ["b", "a"],
    ...                       "mean": [150.0, None], "suppressed": [False, True]})
    >>> ax = plot_matrix(pairs, codes=["a", "b"], ax=Figure().subplots(), lang="en")
    >>> [t.get_text() for t in ax.texts]
    ['150']
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    if ax is None:
        ax = plt.gca()
    shown = pairs.loc[~pairs["suppressed"].astype(bool)]
    rows = [c for c in codes if c in set(pairs["own_group"])]
    values = shown.pivot(index="own_group", columns="target_group", values="mean").reindex(index=rows, columns=codes)
    grid = values.to_numpy(float)
    im = ax.imshow(np.ma.masked_invalid(grid), cmap="cividis", vmin=40.0, vmax=max(160.0, float(np.nanmax(grid, initial=160.0))),
                   aspect="auto")
    _label_cells(ax, im, grid, threshold=threshold, lang=lang)
    ax.set_xticks(np.arange(len(codes)), codes, rotation=90 if len(codes) > 24 else 0, fontsize=8)
    named = [f"{c} " + textwrap.shorten(labels[c], width=42, placeholder="…") if labels and c in labels else c for c in rows]
    ax.set_yticks(np.arange(len(rows)), named, fontsize=8)
    ax.set_xlabel(text("fig.heatmap_cols", lang))
    ax.set_ylabel(text("fig.heatmap_rows", lang))
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    bar = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02, label=text("fig.heatmap_bar", lang))
    bar.ax.yaxis.set_major_formatter(lambda v, _: number(v, 0, lang))
    bar.ax.axhline(threshold, color=HIGHLIGHT, linewidth=2)
    handles = [Rectangle((0, 0), 1, 1, fill=False, edgecolor=HIGHLIGHT, linewidth=1.2)]
    labels = [text("fig.over", lang, threshold=number(threshold, 0, lang))]
    if min_n is not None:
        handles.append(Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="0.6", linewidth=0.6))
        labels.append(text("fig.suppressed", lang, min_n=min_n))
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.02), ncol=2, frameon=False, fontsize=8)
    if title is not None:
        ax.set_title(title, fontsize=11, fontweight="bold", loc="left", pad=28)
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
    scale = _panel_scale(ax)
    ax.scatter(xy["x"], xy["y"], s=260 * scale, c="0.85", edgecolors="white", linewidths=1.5, zorder=2)
    ax.set_aspect("equal")
    ax.margins(0.08)
    ax.set_axis_off()
    ax.legend(
        handles=[Line2D([], [], color=colour[True], linewidth=2.5), Line2D([], [], color=colour[False], linewidth=2.5)],
        labels=[text("fig.higher", lang, name=labels[1]), text("fig.higher", lang, name=labels[0])],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
    )
    if title:
        ax.set_title(title)
    _label_nodes(ax, list(xy.index), xy.to_numpy(float), ["0.85"] * len(xy), scale, sizes=np.full(len(xy), 260 * scale))
    return ax


def plot_coassignment(coassignment: pd.DataFrame, /, *, nodes: pd.DataFrame, ax=None, lang: str = "fi",
                      title: str | None = None):
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
    title : str, optional

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
    bar = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.03, label=text("fig.coassignment", lang))
    bar.ax.yaxis.set_major_formatter(lambda v, _: number(v, 2, lang))
    if title is not None:
        ax.set_title(title, fontsize=11, fontweight="bold", loc="left")
    return ax


def plot_resolution_sweep(table: pd.DataFrame, /, *, ax=None, resolution: float | None = None, lang: str = "fi",
                          title: str | None = None):
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
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    t = table.sort_values("resolution")
    x = t["resolution"].to_numpy(float)
    ax.fill_between(x, t["ari_low"], t["ari_high"], color=PALETTE[0], alpha=0.15, linewidth=0)
    ax.plot(x, t["ari_mean"], marker="o", color=PALETTE[0], label=text("fig.ari", lang))
    ax.plot(x, t["modularity"], marker="s", linestyle="--", color=PALETTE[1], label=text("fig.modularity", lang))
    ax.set_ylim(min(0.0, float(t["modularity"].min()) - 0.05), 1.05)
    ax.set_xlabel(text("fig.resolution", lang))
    ax.set_ylabel(text("fig.agreement", lang))
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(lambda v, _: number(v, 1, lang))
    right = ax.twinx()
    right.plot(x, t["clusters"], marker="D", linestyle=":", color="0.35", label=text("head.clusters", lang))
    right.set_ylabel(text("head.clusters", lang))
    right.set_ylim(0, float(t["clusters"].max()) + 1)
    right.yaxis.get_major_locator().set_params(integer=True)
    if resolution is not None:
        ax.axvline(resolution, color="0.6", linestyle=":", linewidth=1.0)
    lines = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(
        lines[0] + more[0], lines[1] + more[1], loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False, fontsize=8
    )
    if title is not None:
        ax.set_title(title, fontsize=11, fontweight="bold", loc="left")
    return ax


def plot_plan(plan, /, *, ax=None, lang: str = "fi", title: str | None = None):
    """What surveys of each size would show: respondents per group against each measure.

    Parameters
    ----------
    plan : integraatio.planning.Plan
        From :func:`integraatio.planning.plan`.
    ax : matplotlib.axes.Axes, optional
        The shares (mean ARI with its 95 % range, share of stable groups, share of
        suppressed cells and, with an effect, power) are drawn here on 0 to 1, the median
        width of a cell mean's 95 % interval on a second y axis on the right; the pilot's
        own median respondents per group is a dotted vertical line; the key goes below.
    lang : {"fi", "en"}, default "fi"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from integraatio.planning import plan
    >>> ax = plot_plan(plan(sizes=[5, 10], replicates=4, seed=1))
    >>> len(ax.get_lines()) >= 4
    True
    """
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    t = plan.table.sort_values("respondents_per_group")
    x = t["respondents_per_group"].to_numpy(float)
    ax.fill_between(x, t["ari_low"], t["ari_high"], color=PALETTE[0], alpha=0.15, linewidth=0)
    ax.plot(x, t["ari_mean"], marker="o", color=PALETTE[0], label=text("fig.plan_ari", lang))
    ax.plot(x, t["share_stable"], marker="s", linestyle="--", color=PALETTE[2], label=text("fig.plan_stable", lang))
    ax.plot(x, t["share_suppressed"], marker="v", linestyle=":", color="0.45", label=text("fig.plan_suppressed", lang))
    if t["power"].notna().any():
        effect = number(float(t["effect"].iloc[0]), None, lang)
        ax.plot(x, t["power"], marker="D", linestyle="-.", color=PALETTE[3], label=text("fig.plan_power", lang, effect=effect))
    ax.set_ylim(-0.03, 1.05)
    ax.set_xticks(x, [number(v, None, lang) for v in x])
    ax.set_xlabel(text("fig.plan_size", lang))
    ax.set_ylabel(text("fig.plan_share", lang))
    ax.yaxis.set_major_formatter(lambda v, _: number(v, 1, lang))
    right = ax.twinx()
    right.plot(x, t["ci_width"], marker="^", linestyle="-", color=PALETTE[1], label=text("fig.plan_width", lang))
    right.set_ylabel(text("fig.plan_width", lang))
    right.set_ylim(0, float(np.nanmax(t["ci_width"].to_numpy(float), initial=1.0)) * 1.1)
    pilot = plan.pilot["respondents_per_group"]
    ax.axvline(pilot, color="0.3", linestyle=":", linewidth=1.2)
    ax.annotate(text("fig.plan_pilot", lang, n=number(pilot, None, lang)), xy=(pilot, 1.02), xycoords=("data", "axes fraction"),
                ha="center", va="bottom", fontsize=8, color="0.3")
    lines, more = ax.get_legend_handles_labels(), right.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3,
              frameon=False, fontsize=8)
    if title is not None:
        ax.set_title(title, fontsize=11, fontweight="bold", loc="left", pad=16)
    return ax
