"""Figures that go into a report as they are: node codes placed clear of other nodes and
of each other, measured with the renderer; one cluster name, one colour."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from integraatio.analysis import analyse
from integraatio.codebook import load_codebook
from integraatio.datasets import load_example
from integraatio.plot import plot_network
from integraatio.style import cluster_colour_map, rgb

CB = load_codebook()


@pytest.fixture(scope="module")
def shipped():
    return analyse(load_example(), codebook=CB, seed=1)


def _drawn(graph, nodes, size=(11, 8)):
    fig = Figure(figsize=size)
    canvas = FigureCanvasAgg(fig)
    ax = plot_network(graph, nodes=nodes, ax=fig.subplots(), lang="fi")
    canvas.draw()
    return fig, ax, canvas.get_renderer()


def _geometry(fig, ax, renderer):
    """Node markers as (code, centre, radius) in pixels, and each code's box as drawn."""
    dots = ax.collections[0]
    centres = ax.transData.transform(dots.get_offsets())
    radii = np.sqrt(dots.get_sizes()) / 2 * fig.dpi / 72
    codes = [t for t in ax.texts if isinstance(t, Annotation)]
    boxes = {}
    for t in codes:
        patch = t.get_bbox_patch()
        boxes[t.get_text()] = (patch if patch is not None else t).get_window_extent(renderer)
    return centres, radii, boxes


def _hits(box, centre, radius):
    nearest = np.clip(centre, [box.x0, box.y0], [box.x1, box.y1])
    return np.hypot(*(nearest - centre)) < radius


def _clashes(graph, nodes, size=(11, 8)):
    fig, ax, renderer = _drawn(graph, nodes, size)
    centres, radii, boxes = _geometry(fig, ax, renderer)
    order = list(nodes.loc[nodes["cluster"].notna(), "node"])
    assert sorted(boxes) == sorted(order)  # every node has its code
    on_nodes = [(code, order[j]) for code, box in boxes.items() for j in range(len(order))
                if order[j] != code and _hits(box, centres[j], radii[j])]
    names = sorted(boxes)
    on_codes = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].overlaps(boxes[b])]
    return on_nodes, on_codes


def test_no_code_covers_another_node_or_code_in_the_network(shipped):
    assert _clashes(shipped.graph, shipped.clusters) == ([], [])


def test_crowded_nodes_get_their_codes_beside_them(shipped):
    # Six nodes of cluster 1 squeezed into a twentieth of the layout: their codes cannot
    # sit on them without covering the neighbours, so they move out, still clear.
    nodes = shipped.clusters.copy()
    crowd = nodes["cluster"] == 1
    centre = nodes.loc[crowd, ["x", "y"]].mean()
    nodes.loc[crowd, ["x", "y"]] = centre + 0.05 * (nodes.loc[crowd, ["x", "y"]] - centre)
    assert _clashes(shipped.graph, nodes) == ([], [])


def test_one_cluster_name_has_one_colour_whatever_its_number(shipped):
    # The same clusters numbered the other way round (as another run or another group of
    # a comparison may number them): every node keeps its colour, and the key its name's.
    swapped = shipped.clusters.assign(cluster=lambda t: 3 - t["cluster"])
    colours = []
    for nodes in (shipped.clusters, swapped):
        fig, ax, _ = _drawn(shipped.graph, nodes)
        faces = [tuple(np.round(c[:3], 6)) for c in ax.collections[0].get_facecolors()]
        key = {t.get_text(): tuple(np.round(h.get_color()[:3] if not isinstance(h.get_color(), str) else rgb(h.get_color()), 6))
               for legend in ax.artists for t, h in zip(legend.get_texts(), legend.legend_handles) if t.get_text() in
               set(nodes["cluster_name"])}
        colours.append((faces, key))
    assert colours[0] == colours[1]
    named = cluster_colour_map(shipped.clusters["cluster_name"])
    assert colours[0][1] == {n: tuple(np.round(c, 6)) for n, c in named.items()}


def _panel_clashes(fig, ax, renderer, codes):
    """Codes of ``ax`` (a panel) that cover another node's marker or another code."""
    dots = ax.collections[-1]
    centres = ax.transData.transform(dots.get_offsets())
    radii = np.broadcast_to(np.sqrt(dots.get_sizes()) / 2 * fig.dpi / 72, len(centres))
    boxes = {t.get_text(): (t.get_bbox_patch() or t).get_window_extent(renderer) for t in ax.texts
             if isinstance(t, Annotation)}
    on_nodes = [(c, codes[j]) for c, box in boxes.items() for j in range(len(codes))
                if codes[j] != c and _hits(box, centres[j], radii[j])]
    names = sorted(boxes)
    return on_nodes + [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].overlaps(boxes[b])]


def test_the_comparison_panels_keep_their_codes_clear(shipped):
    # The small multiples of a comparison are laid out by a layout engine, which would
    # move the panels under codes placed before it ran (the clusters' networks of the
    # two size classes, and their difference, on one page).
    from integraatio.compare import compare_clusters
    from integraatio.results import network_panels

    clusters = compare_clusters(shipped, codebook=CB, permutations=9)
    fig = Figure(figsize=(8.27, 7.2), layout="constrained")
    network_panels(fig, clusters, ["Muut", "Suuret"], title="Verkostot ryhmittäin", lang="fi")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    levels = [*clusters.levels, clusters.levels[0]]
    found = []
    for ax, level in zip(fig.axes[:3], levels):
        nodes = clusters.nodes[level]
        codes = list(nodes.loc[nodes["cluster"].notna(), "node"]) if ax is not fig.axes[2] else list(nodes["node"])
        found += _panel_clashes(fig, ax, renderer, codes)
    assert found == []
