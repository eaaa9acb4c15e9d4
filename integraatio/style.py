"""Colours and marks shared by the figures, the workbook and the report.

Plain values, no matplotlib: the workbook and the report colour their cells without
importing a plotting library.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .messages import LANGS, text

__all__ = [
    "CUT_COLOUR",
    "HIGHLIGHT",
    "ORGANISER_COLOURS",
    "ORGANISER_LABELS",
    "PALETTE",
    "SUPPRESSED_MARK",
    "cluster_colour_map",
    "cluster_colours",
    "rgb",
    "text_on",
]

#: Cluster colours: Okabe & Ito's palette for colour-blind readers (vermillion left out:
#: it is too close to the red that marks values over the threshold and cut ties).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
#: Colours for more clusters than :data:`PALETTE` has: matplotlib's ``tab20``, in its order.
MORE_COLOURS = ("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd",
                "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7", "#bcbd22", "#dbdb8d",
                "#17becf", "#9edae5")
#: Organiser colours: hues no cluster uses, so a colour never means both (Tol's muted scheme).
ORGANISER_COLOURS = {"municipality": "#DDCC77", "wellbeing_area": "#332288", "external": "#BBBBBB"}
#: Display names of the codebook's organisers (from the message catalogue), in key order.
ORGANISER_LABELS = {lang: {o: text(f"organiser.{o}", lang) for o in ORGANISER_COLOURS} for lang in LANGS}
#: The slides' red for group means over the threshold (140 by default) and for cut ties.
HIGHLIGHT = CUT_COLOUR = "#d62728"
#: What a suppressed cell shows in tables.
SUPPRESSED_MARK = ".."


def rgb(colour: str | Sequence[float], /) -> tuple[float, float, float]:
    """``#rrggbb`` (or an RGB/RGBA tuple of 0-1 floats) as an RGB tuple of 0-1 floats.

    Examples
    --------
    >>> rgb("#ff0000"), rgb((0.5, 0.5, 0.5, 1.0))
    ((1.0, 0.0, 0.0), (0.5, 0.5, 0.5))
    """
    if isinstance(colour, str):
        return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(float(c) for c in colour[:3])


def cluster_colours(n: int, /) -> list[tuple[float, float, float]]:
    """``n`` distinct colours, cluster 1 first: :data:`PALETTE`, then :data:`MORE_COLOURS`
    (repeating) for more clusters than it has colours.

    Examples
    --------
    >>> cluster_colours(2)[0]
    (0.0, 0.4470588235294118, 0.6980392156862745)
    """
    if n <= len(PALETTE):
        return [rgb(c) for c in PALETTE[:n]]
    return [rgb(MORE_COLOURS[i % len(MORE_COLOURS)]) for i in range(n)]


def cluster_colour_map(names: Iterable[str], /) -> dict[str, tuple[float, float, float]]:
    """A colour per cluster name, keyed to the name and not to the cluster's number: the
    names in alphabetical order (case and punctuation aside) take :func:`cluster_colours`
    in turn. Clusters numbered differently in two runs, or in the groups of a comparison,
    keep their colours as long as their names are the same.

    Examples
    --------
    >>> m = cluster_colour_map(["Care", "Attention"])
    >>> m == cluster_colour_map(["Attention", "Care"])
    True
    >>> m["Attention"] == cluster_colours(2)[0]
    True
    """
    unique = sorted(set(names), key=lambda n: ("".join(ch for ch in n.casefold() if ch.isalnum() or ch.isspace()), n))
    return dict(zip(unique, cluster_colours(len(unique))))


def text_on(colour: str | Sequence[float], /) -> str:
    """Black or white, whichever reads better on ``colour`` (relative luminance).

    Examples
    --------
    >>> text_on("#ffffff"), text_on("#332288")
    ('black', 'white')
    """
    r, g, b = rgb(colour)
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"
