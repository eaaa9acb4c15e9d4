"""Files other programs open: VOSviewer, Gephi (GEXF, GraphML, CSV), Pajek, Excel and a browser.

Everything here starts from a run's output folder (:func:`~integraatio.folder.read_run`), so ``integraatio
export`` can rewrite the files long after the run, from the folder alone, and ``integraatio
run`` writes them the same way. Nothing is estimated here: the graph is rebuilt from
``pairs.csv`` with the run's own weighting (:func:`integraatio.network.build_graph`).

Node ids. Formats that take text ids (GEXF, GraphML, Gephi CSV) use the group code.
VOSviewer and Pajek want integers: there node ``i`` (1, 2, ...) is the ``i``-th group in
code order, in all three VOSviewer files and in Pajek alike. Every format carries the same
label (``clusters.csv``), so the groups read the same everywhere. Suppressed cells and
pairs without a tie are absent from every file, never written as 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import UsageError
from .folder import read_run
from .options import EXPORT_FORMATS
from .results import write_table
from .style import cluster_colour_map
from .workbook import write_workbook

#: Node scores written next to the weights when the run has them (VOSviewer ``score<...>``).
_SCORES = ("integration_need", "participation", "stability")

# Where a layout coordinate in [-1, 1] lands in Gephi's canvas (GEXF) and the node sizes there.
GEPHI_SCALE, GEPHI_SIZE = 400.0, (8.0, 30.0)
_TERMS = {
    "links": {"fi": "Yhteydet", "en": "Links"},
    "strength": {"fi": "Yhteyksien kokonaisvahvuus", "en": "Total link strength"},
    "integration_need": {"fi": "Integraatiotarve", "en": "Integration need"},
    "participation": {"fi": "Osallistumiskerroin", "en": "Participation"},
    "stability": {"fi": "Pysyvyys", "en": "Stability"},
    "item": {"fi": "tehtäväryhmä", "en": "task group"},
    "items": {"fi": "tehtäväryhmät", "en": "task groups"},
    "link": {"fi": "yhteys", "en": "link"},
    "cluster": {"fi": "klusteri", "en": "cluster"},
    "clusters": {"fi": "klusterit", "en": "clusters"},
    "link_strength": {"fi": "integraatiotarve yli 100", "en": "integration need above 100"},
    "title": {"fi": "Integraatiotarpeen verkosto", "en": "Integration-need network"},
}

# --------------------------------------------------------------------------- network files


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(255 * c):02x}" for c in rgb)


def _node_records(graph: nx.Graph, nodes: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per graph node, in graph (code) order: what every format writes."""
    table = nodes.set_index("node")
    missing = [v for v in graph if v not in table.index]
    if missing:
        raise ValueError(f"`nodes` has no row for graph nodes {missing}; pass RunFolder.nodes or Analysis.clusters.")
    colours = cluster_colour_map(table["cluster_name"].astype(str))  # as in the figures and the report
    top = float(table["strength"].max()) or 1.0
    records = []
    for i, v in enumerate(graph, start=1):
        row = table.loc[v]
        rec = {
            "id": i,
            "code": v,
            "label": str(row["label"]),
            "cluster": int(row["cluster"]),
            "cluster_name": str(row["cluster_name"]),
            "strength": float(row["strength"]),
            "links": int(graph.degree(v)),
            "x": float(row["x"]),
            "y": float(row["y"]),
            "colour": colours[str(row["cluster_name"])],
            "size": GEPHI_SIZE[0] + (GEPHI_SIZE[1] - GEPHI_SIZE[0]) * float(row["strength"]) / top,
        }
        # Scores only where the run has them; a node without one gets none (never 0).
        rec.update({s: float(row[s]) for s in _SCORES if s in table.columns and pd.notna(row[s])})
        records.append(rec)
    return records


def _edges(graph: nx.Graph) -> list[tuple[str, str, dict[str, Any]]]:
    """Every tie once, in code order of its ends; the graph holds only ties of weight > 0."""
    order = {v: i for i, v in enumerate(graph)}
    edges = [(a, b, d) if order[a] < order[b] else (b, a, d) for a, b, d in graph.edges(data=True)]
    return sorted(edges, key=lambda e: (order[e[0]], order[e[1]]))


def _vos_field(value: Any) -> str:
    """A VOSviewer map-file field: text with a comma or semicolon goes in double quotes."""
    if isinstance(value, float):
        return "" if np.isnan(value) else repr(value)
    text = re.sub(r"[\t\r\n]+", " ", str(value))
    if any(c in text for c in ',;"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _description(rec: Mapping[str, Any], lang: str) -> str:
    """Hover text of a VOSviewer item (HTML): code, label and cluster."""
    from html import escape

    return f"<b>{escape(rec['code'])}</b> {escape(rec['label'])}<br>{_TERMS['cluster'][lang].capitalize()}: {escape(rec['cluster_name'])}"


def write_vosviewer(graph: nx.Graph, out: str | Path, /, *, nodes: pd.DataFrame, lang: str = "fi") -> list[Path]:
    """Write the VOSviewer map and network files and the VOSviewer JSON into ``out``.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attribute ``weight`` (> 0): the link strength.
    out : str or pathlib.Path
        Folder; ``vosviewer_map.txt``, ``vosviewer_network.txt`` and ``vosviewer.json``
        are written there.
    nodes : pandas.DataFrame
        ``node``, ``label``, ``cluster``, ``cluster_name``, ``strength``, ``x``, ``y``;
        ``integration_need``, ``participation`` and ``stability`` become scores when
        present (:attr:`RunFolder.nodes`, or ``Analysis.clusters``).
    lang : {"fi", "en"}
        Language of the weight and score names and the JSON's terminology.

    Returns
    -------
    list of Path

    Notes
    -----
    Map file: UTF-8, tab-separated, one header line ``id, label, description, x, y,
    cluster, weight<Links>, weight<Total link strength>, score<Integration need>, ...``.
    Weights must be >= 0 and the integration need can be <= 0 in the tails, so the need is
    a ``score<...>``, never a weight. Network file: no header, ``id1, id2, strength``; each
    unordered pair once (VOSviewer sums duplicates) with strength = the tie weight > 0.
    The JSON holds the same items and links, the cluster names and their colours (as in
    our figures). Files are UTF-8 without a byte-order mark; if VOSviewer guesses another
    encoding, start it with ``-encoding UTF-8``.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.Graph()
    >>> g.add_nodes_from(["1.1", "1.2", "1.10"])
    >>> g.add_edge("1.1", "1.10", weight=12.5)
    >>> nodes = pd.DataFrame({"node": ["1.1", "1.2", "1.10"], "label": ["Elderly", "Families, children", "Psychiatry"],
    ...                       "cluster": [1, 2, 1], "cluster_name": ["Care", "Families", "Care"],
    ...                       "strength": [12.5, 0.0, 12.5], "x": [0.0, 1.0, -1.0], "y": [0.0, 0.5, 0.5],
    ...                       "integration_need": [104.0, -3.0, 112.5]})
    >>> folder = tempfile.mkdtemp()
    >>> map_file, network_file, _ = write_vosviewer(g, folder, nodes=nodes, lang="en")
    >>> map_file.read_text(encoding="utf-8").splitlines()[0].split("\\t")[5:]
    ['cluster', 'weight<Links>', 'weight<Total link strength>', 'score<Integration need>']
    >>> network_file.read_text(encoding="utf-8").split()
    ['1', '3', '12.5']
    """
    if lang not in _TERMS["links"]:
        raise UsageError(f"`lang` must be 'fi' or 'en'; got {lang!r}.")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    records = _node_records(graph, nodes)
    ids = {r["code"]: r["id"] for r in records}
    scores = [s for s in _SCORES if any(s in r for r in records)]
    edges = _edges(graph)
    map_path = out / "vosviewer_map.txt"
    map_path.write_text(_vos_map(records, scores, lang), encoding="utf-8")
    net_path = out / "vosviewer_network.txt"
    net_path.write_text("".join(f"{ids[a]}\t{ids[b]}\t{d['weight']!r}\n" for a, b, d in edges), encoding="utf-8")
    json_path = out / "vosviewer.json"
    doc = _vos_json(records, scores, [(ids[a], ids[b], d["weight"]) for a, b, d in edges], lang)
    json_path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [map_path, net_path, json_path]


def _vos_map(records: list[dict[str, Any]], scores: list[str], lang: str) -> str:
    """The VOSviewer map file: a header row, then one tab-separated row per node."""
    header = ["id", "label", "description", "x", "y", "cluster", f"weight<{_TERMS['links'][lang]}>",
              f"weight<{_TERMS['strength'][lang]}>", *(f"score<{_TERMS[s][lang]}>" for s in scores)]
    lines = ["\t".join(header)]
    for r in records:
        row = [r["id"], r["label"], _description(r, lang), r["x"], r["y"], r["cluster"], r["links"], r["strength"]]
        lines.append("\t".join(_vos_field(v) for v in row + [r.get(s, np.nan) for s in scores]))
    return "\n".join(lines) + "\n"


def _vos_json(records: list[dict[str, Any]], scores: list[str], links: list[tuple[int, int, float]], lang: str) -> dict:
    """The VOSviewer JSON document: items, links ``(source id, target id, strength)``,
    clusters with their names and colours, and the terms in ``lang``."""
    names = {r["cluster"]: r["cluster_name"] for r in records}
    colours = {r["cluster"]: _hex(r["colour"]) for r in records}
    items = [
        {"id": r["id"], "label": r["label"], "description": _description(r, lang), "x": r["x"], "y": r["y"],
         "cluster": r["cluster"], "weights": {_TERMS["links"][lang]: r["links"], _TERMS["strength"][lang]: r["strength"]},
         "scores": {_TERMS[s][lang]: r[s] for s in scores if s in r}}
        for r in records
    ]
    return {
        "network": {
            "items": items,
            "links": [{"source_id": a, "target_id": b, "strength": w} for a, b, w in links],
            "clusters": [{"cluster": c, "label": names[c]} for c in sorted(names)],
        },
        "config": {
            "color_schemes": {"cluster_colors": [{"cluster": c, "color": colours[c]} for c in sorted(colours)]},
            "terminology": {k: _TERMS[k][lang] for k in ("item", "items", "link", "cluster", "clusters", "link_strength")},
        },
        "info": {"title": _TERMS["title"][lang]},
    }


def _attribute_graph(graph: nx.Graph, nodes: pd.DataFrame, *, viz: bool) -> nx.Graph:
    """A copy with plain-Python node and edge attributes (GEXF and GraphML reject numpy
    scalars and None); ``viz`` adds GEXF's position, colour and size, else GraphML's
    x, y, size, r, g, b, which Gephi reads from GraphML."""
    h = nx.Graph()
    for r in _node_records(graph, nodes):
        attrs = {k: r[k] for k in ("label", "cluster", "cluster_name", "strength", "links") + _SCORES if k in r}
        x, y = GEPHI_SCALE * r["x"], GEPHI_SCALE * r["y"]
        rgb = [round(255 * c) for c in r["colour"]]
        if viz:
            attrs["viz"] = {"position": {"x": x, "y": y, "z": 0.0}, "size": r["size"],
                            "color": {"r": rgb[0], "g": rgb[1], "b": rgb[2], "a": 1.0}}
        else:
            attrs.update(x=x, y=y, size=r["size"], r=rgb[0], g=rgb[1], b=rgb[2])
        h.add_node(r["code"], **attrs)
    for a, b, d in _edges(graph):
        h.add_edge(a, b, weight=float(d["weight"]), **{k: (int(v) if k == "n" else float(v)) for k, v in d.items() if k != "weight"})
    return h


def write_gexf(graph: nx.Graph, path: str | Path, /, *, nodes: pd.DataFrame) -> Path:
    """Write the network as GEXF 1.2 for Gephi, with our layout, colours and sizes.

    Parameters
    ----------
    graph : networkx.Graph
    path : str or pathlib.Path
    nodes : pandas.DataFrame
        As for :func:`write_vosviewer`.

    Returns
    -------
    Path

    Notes
    -----
    Node ids are the group codes; ``label`` is the group's label. Positions are the
    layout's x, y times 400, so Gephi opens the figure's picture; colours are the
    cluster colours of our figures; size follows strength. Edges carry ``weight``,
    ``mean`` (the symmetrised integration need) and ``n``. The file's date stamp is left
    out so that the same run gives the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.Graph([("1.1", "1.2", {"weight": 20.0, "mean": 120.0, "n": 11})])
    >>> nodes = pd.DataFrame({"node": ["1.1", "1.2"], "label": ["Elderly", "Families"], "cluster": [1, 1],
    ...                       "cluster_name": ["Care", "Care"], "strength": [20.0, 20.0], "x": [0.0, 1.0], "y": [0.0, 0.0]})
    >>> path = write_gexf(g, tempfile.mkdtemp() + "/network.gexf", nodes=nodes)
    >>> back = nx.read_gexf(path)
    >>> list(back.edges(data="weight")), back.nodes["1.2"]["label"], back.nodes["1.2"]["viz"]["position"]["x"]
    ([('1.1', '1.2', 20.0)], 'Families', 400.0)
    """
    h = _attribute_graph(graph, nodes, viz=True)
    text = "\n".join(nx.generate_gexf(h, version="1.2draft"))
    path = Path(path)
    path.write_text(re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n", encoding="utf-8")
    return path


def write_graphml(graph: nx.Graph, path: str | Path, /, *, nodes: pd.DataFrame) -> Path:
    """Write the network as GraphML (Gephi, yEd, Cytoscape, igraph, R).

    Parameters
    ----------
    graph : networkx.Graph
    path : str or pathlib.Path
    nodes : pandas.DataFrame
        As for :func:`write_vosviewer`.

    Returns
    -------
    Path
        Node ids are the group codes, with ``label``, the cluster, the scores and the
        ``x``, ``y``, ``size``, ``r``, ``g``, ``b`` that Gephi reads; edges carry
        ``weight``, ``mean`` and ``n``.
    """
    path = Path(path)
    nx.write_graphml(_attribute_graph(graph, nodes, viz=False), path, encoding="utf-8")
    return path


def write_pajek(graph: nx.Graph, path: str | Path, /, *, nodes: pd.DataFrame) -> Path:
    """Write the network as a Pajek ``.net`` file (Pajek, VOSviewer, Gephi, UCINET).

    Parameters
    ----------
    graph : networkx.Graph
    path : str or pathlib.Path
    nodes : pandas.DataFrame
        As for :func:`write_vosviewer`.

    Returns
    -------
    Path

    Notes
    -----
    ``*Vertices n`` lines ``i "label" x y`` (ids 1..n as in the VOSviewer files; the
    layout mapped into Pajek's unit square, y pointing down), then ``*Edges`` lines
    ``i j weight``, each tie once. Pajek has no escape for a double quote, so one inside a
    label becomes a single quote.
    """
    records = _node_records(graph, nodes)
    ids = {r["code"]: r["id"] for r in records}
    lines = [f"*Vertices {len(records)}"]
    for r in records:
        label = re.sub(r"\s+", " ", r["label"]).replace('"', "'")
        lines.append(f'{r["id"]} "{label}" {(r["x"] + 1) / 2:.6f} {(1 - r["y"]) / 2:.6f}')
    lines.append("*Edges")
    lines += [f"{ids[a]} {ids[b]} {d['weight']!r}" for a, b, d in _edges(graph)]
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_gephi_csv(graph: nx.Graph, out: str | Path, /, *, nodes: pd.DataFrame) -> list[Path]:
    """Write Gephi's spreadsheet import: ``gephi_nodes.csv`` and ``gephi_edges.csv``.

    Parameters
    ----------
    graph : networkx.Graph
    out : str or pathlib.Path
        Folder.
    nodes : pandas.DataFrame
        As for :func:`write_vosviewer`.

    Returns
    -------
    list of Path
        Nodes: ``Id`` (the code), ``Label``, cluster, scores, ``x``, ``y``. Edges:
        ``Source``, ``Target``, ``Type`` (``Undirected``), ``Weight``, ``mean``, ``n``. In
        Gephi: File > Import spreadsheet, nodes first.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    records = _node_records(graph, nodes)
    table = pd.DataFrame(records).rename(columns={"code": "Id", "label": "Label"})
    keep = ["Id", "Label", "cluster", "cluster_name", "strength", "links", *(s for s in _SCORES if s in table), "x", "y"]
    edges = pd.DataFrame(
        [{"Source": a, "Target": b, "Type": "Undirected", "Weight": d["weight"], "mean": d.get("mean"), "n": d.get("n")}
         for a, b, d in _edges(graph)],
        columns=["Source", "Target", "Type", "Weight", "mean", "n"],
    )
    return [write_table(table[keep], out / "gephi_nodes.csv"), write_table(edges, out / "gephi_edges.csv")]


# --------------------------------------------------------------------------- all at once


def write_exports(folder: str | Path, /, *, formats: Iterable[str] = ("all",), threshold: float = 140.0) -> list[Path]:
    """Rewrite a run folder's exports from its files alone.

    Parameters
    ----------
    folder : str or pathlib.Path
        An ``integraatio run`` output folder (:func:`read_run`); the files are written
        there.
    formats : iterable of str, default ("all",)
        Any of :data:`EXPORT_FORMATS`, or ``"all"``.
    threshold : float, default 140
        Highlighting of the workbook and the report.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValueError
        An unknown format.
    InputFileError
        The folder is not a run's output folder.

    Examples
    --------
    >>> import tempfile
    >>> from integraatio import analyse, load_codebook, read_survey
    >>> from integraatio.datasets import survey_path
    >>> from integraatio.results import write_results
    >>> cb = load_codebook()
    >>> survey = read_survey(survey_path(), codebook=cb)
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_results(analyse(survey.data, codebook=cb, seed=1), survey, folder, figures=False)
    >>> [p.name for p in write_exports(folder, formats=["gexf", "xlsx"])]
    ['network.gexf', 'results.xlsx']
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in (*EXPORT_FORMATS, "all")]
    if unknown:
        raise UsageError(f"`formats` must be among {', '.join(EXPORT_FORMATS)} or all; got {', '.join(map(repr, unknown))}.")
    wanted = EXPORT_FORMATS if "all" in formats else tuple(f for f in EXPORT_FORMATS if f in formats)
    run = read_run(folder)
    out, g, nodes = run.path, run.graph, run.nodes
    written: list[Path] = []
    for fmt in wanted:
        if fmt == "vosviewer":
            written += write_vosviewer(g, out, nodes=nodes, lang=run.lang)
        elif fmt == "gexf":
            written.append(write_gexf(g, out / "network.gexf", nodes=nodes))
        elif fmt == "graphml":
            written.append(write_graphml(g, out / "network.graphml", nodes=nodes))
        elif fmt == "pajek":
            written.append(write_pajek(g, out / "network.net", nodes=nodes))
        elif fmt == "gephi":
            written += write_gephi_csv(g, out, nodes=nodes)
        elif fmt == "xlsx":
            written.append(write_workbook(run, out / "results.xlsx", threshold=threshold))
        else:
            from .report import write_report

            written.append(write_report(run, out / "report.html", threshold=threshold))
    return written
