"""Files other programs open: VOSviewer, Gephi (GEXF, GraphML, CSV), Pajek and Excel.

Everything here starts from a run's output folder (:func:`read_run`), so ``integraatio
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
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .exceptions import InputFileError, UsageError
from .export import write_table
from .messages import MESSAGES, number, percent, scenario_name
from .messages import text as say
from .network import build_graph, symmetric_matrix
from .plot import HIGHLIGHT, SUPPRESSED_MARK, cluster_colours

__all__ = [
    "EXPORT_FORMATS",
    "RunFolder",
    "read_run",
    "write_exports",
    "write_gephi_csv",
    "write_gexf",
    "write_graphml",
    "write_pajek",
    "write_vosviewer",
    "write_workbook",
]

#: What ``integraatio export --format`` can write; ``all`` is every one of them.
EXPORT_FORMATS = ("vosviewer", "gexf", "graphml", "pajek", "gephi", "xlsx", "report")
#: Files each format writes (DESIGN.md names them; the Gephi CSVs are added here).
EXPORT_FILES = {
    "vosviewer": ("vosviewer_map.txt", "vosviewer_network.txt", "vosviewer.json"),
    "gexf": ("network.gexf",),
    "graphml": ("network.graphml",),
    "pajek": ("network.net",),
    "gephi": ("gephi_nodes.csv", "gephi_edges.csv"),
    "xlsx": ("results.xlsx",),
    "report": ("report.html",),
}
REQUIRED_FILES = ("manifest.json", "pairs.csv", "clusters.csv")
#: Columns holding group codes or level names: read as text ("2.10" is not 2.1).
TEXT_COLUMNS = ("own_group", "target_group", "node", "node_a", "node_b", "parent", "level", "level_a", "level_b",
                "scenario", "versus", "moved", "label", "cluster_name", "cluster_name_full")
#: Optional tables of the later pipeline steps, by file-name pattern, in the order they
#: appear in the workbook and the report.
OPTIONAL_TABLES = (
    "reliability", "coassignment", "resolution_sweep", r"compare_.+", "boundary_scenarios", "boundary_cut_ties",
    "boundary_groups", "boundary_differences", r"sensitivity_.+",
)
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
#: Node scores written next to the weights when the run has them (VOSviewer ``score<...>``).
_SCORES = ("integration_need", "participation", "stability")


@dataclass(frozen=True)
class RunFolder:
    """An earlier run's output folder, read back by :func:`read_run`.

    Attributes
    ----------
    path : pathlib.Path
    manifest : Mapping
        ``manifest.json``.
    pairs : pandas.DataFrame
        ``pairs.csv``.
    nodes : pandas.DataFrame
        ``clusters.csv`` plus ``links`` (number of ties) and ``integration_need`` (the
        mean of the node's symmetrised pair means over every published pair, so it can
        lie below 100, or even 0, unlike a tie weight).
    graph : networkx.Graph
        Rebuilt from ``pairs`` with the run's ``weighting`` and ``symmetrise``: the same
        nodes, edges and weights as the run's graph.
    codes : list of str
        Node order (``clusters.csv`` order, the codebook's).
    tables : Mapping[str, pandas.DataFrame]
        The optional tables present, by file stem (``reliability``, ``coassignment``,
        ``compare_<by>...``, ``boundary_...``, ``sensitivity_...``, ``resolution_sweep``);
        only those of steps the manifest records, never a file an earlier run left.
    summaries : Mapping[str, Mapping]
        The JSON summaries present, by file stem (``bootstrap_summary``,
        ``compare_<by>_summary``).
    figures : Mapping[str, pathlib.Path]
        Figure files by stem, the SVG where there is one, else the PNG.
    """

    path: Path
    manifest: Mapping[str, Any]
    pairs: pd.DataFrame
    nodes: pd.DataFrame
    graph: nx.Graph
    codes: list[str]
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    summaries: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    figures: Mapping[str, Path] = field(default_factory=dict)

    @property
    def parameters(self) -> Mapping[str, Any]:
        """The run's parameters (``manifest["parameters"]``)."""
        return self.manifest["parameters"]

    @property
    def lang(self) -> str:
        """Language of the run's labels."""
        return self.parameters.get("lang", "fi")


def _made_by_run(stem: str, params: Mapping[str, Any]) -> bool:
    """Whether an optional file belongs to this run (its manifest records the step), so
    that files left in the folder by an earlier run never reach the workbook or report."""
    if stem in ("network", "reliability", "matrix_heatmap"):
        return True
    if stem in ("coassignment", "bootstrap_summary"):
        return "bootstrap" in params
    if stem == "resolution_sweep":
        return "resolution_sweep" in params
    if stem.startswith("boundary_"):
        return "boundary" in params
    by = params.get("compare", {}).get("by")
    if by is not None and stem.startswith("compare_"):
        safe = re.escape(str(by).replace(".", "_"))
        return bool(re.fullmatch(rf"compare_({re.escape(str(by))}|{safe})(_(tests|clusters|ari|summary|networks)|_.+_(bars|table))?", stem))
    rerun = re.fullmatch(r"sensitivity_(.+?)(_leans)?", stem)
    return rerun is not None and rerun[1] in params.get("sensitivity", [])


def _read_csv(path: Path) -> pd.DataFrame:
    head = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={c: str for c in head if c in TEXT_COLUMNS})


def _table_order(stem: str) -> int | None:
    for i, pattern in enumerate(OPTIONAL_TABLES):
        if re.fullmatch(pattern, stem):
            return i
    return None


def read_run(folder: str | Path, /) -> RunFolder:
    """Read an earlier ``integraatio run`` output folder.

    Parameters
    ----------
    folder : str or pathlib.Path
        Holds at least ``manifest.json``, ``pairs.csv`` and ``clusters.csv``; every
        other table, summary and figure found is picked up.

    Returns
    -------
    RunFolder

    Raises
    ------
    InputFileError
        The folder or one of its required files is missing or unreadable.

    Notes
    -----
    A node's ``integration_need`` is :math:`\\bar m_i = \\frac{1}{|J_i|} \\sum_{j \\in J_i}
    m_{ij}`, with :math:`m_{ij}` the symmetrised pair mean and :math:`J_i` the groups it
    has a published pair with; empty when it has none.

    Examples
    --------
    >>> import tempfile
    >>> from integraatio import analyse, load_codebook, load_example, read_survey
    >>> from integraatio.datasets import survey_path
    >>> from integraatio.export import write_results
    >>> cb = load_codebook()
    >>> survey = read_survey(survey_path(), codebook=cb)
    >>> a = analyse(survey.data, codebook=cb, seed=1)
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_results(a, survey, folder, figures=False)
    >>> run = read_run(folder)
    >>> sorted(run.graph.edges(data="weight")) == sorted(a.graph.edges(data="weight"))
    True
    """
    path = Path(folder)
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise InputFileError(
            f"{path} is not an integraatio output folder: {', '.join(missing)} not found. "
            f"Pass the --out folder of an earlier `integraatio run`, or run `integraatio run --out {path}` first."
        )
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        pairs = _read_csv(path / "pairs.csv")
        nodes = _read_csv(path / "clusters.csv")
        params = manifest["parameters"]
        weighting, symmetrise = params["weighting"], params["symmetrise"]
    except (ValueError, KeyError, OSError) as error:
        raise InputFileError(
            f"Cannot read the run in {path}: {error!r}. The folder's files must be as `integraatio run` wrote them; "
            "rerun the analysis into a fresh folder."
        ) from error
    codes = nodes["node"].tolist()
    graph = build_graph(pairs, codes=codes, weighting=weighting, symmetrise=symmetrise)
    graph.remove_nodes_from(nodes.loc[nodes["cluster"].isna(), "node"])  # groups with no data: no nodes
    sym = symmetric_matrix(pairs, codes=codes, how=symmetrise)
    seen = ~np.isnan(sym)
    nodes["links"] = [graph.degree(v) if v in graph else 0 for v in codes]
    nodes["integration_need"] = np.where(seen.any(axis=1), np.nansum(sym, axis=1) / np.maximum(seen.sum(axis=1), 1), np.nan)

    def ours(pattern: str) -> list[Path]:
        return [p for p in sorted(path.glob(pattern)) if _made_by_run(p.stem, params)]

    found = sorted((p for p in ours("*.csv") if _table_order(p.stem) is not None), key=lambda p: (_table_order(p.stem), p.stem))
    tables = {p.stem: _read_csv(p) for p in found}
    summaries = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in ours("*_summary.json")}
    figures = {p.stem: p for p in ours("*.png")}
    figures.update({p.stem: p for p in ours("*.svg")})
    return RunFolder(path=path, manifest=manifest, pairs=pairs, nodes=nodes, graph=graph, codes=codes,
                     tables=tables, summaries=summaries, figures=dict(sorted(figures.items())))


# --------------------------------------------------------------------------- network files


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(255 * c):02x}" for c in rgb)


def _node_records(graph: nx.Graph, nodes: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per graph node, in graph (code) order: what every format writes."""
    table = nodes.set_index("node")
    missing = [v for v in graph if v not in table.index]
    if missing:
        raise ValueError(f"`nodes` has no row for graph nodes {missing}; pass RunFolder.nodes or Analysis.clusters.")
    colours = cluster_colours(int(table["cluster"].max()))
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
            "colour": colours[int(row["cluster"]) - 1],
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
    >>> g.add_nodes_from(["2.1", "2.2", "2.10"])
    >>> g.add_edge("2.1", "2.10", weight=12.5)
    >>> nodes = pd.DataFrame({"node": ["2.1", "2.2", "2.10"], "label": ["Elderly", "Families, children", "Psychiatry"],
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
    header = ["id", "label", "description", "x", "y", "cluster", f"weight<{_TERMS['links'][lang]}>",
              f"weight<{_TERMS['strength'][lang]}>", *(f"score<{_TERMS[s][lang]}>" for s in scores)]
    lines = ["\t".join(header)]
    for r in records:
        row = [r["id"], r["label"], _description(r, lang), r["x"], r["y"], r["cluster"], r["links"], r["strength"]]
        lines.append("\t".join(_vos_field(v) for v in row + [r.get(s, np.nan) for s in scores]))
    map_path = out / "vosviewer_map.txt"
    map_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edges = _edges(graph)
    net_path = out / "vosviewer_network.txt"
    net_path.write_text("".join(f"{ids[a]}\t{ids[b]}\t{d['weight']!r}\n" for a, b, d in edges), encoding="utf-8")

    names = {r["cluster"]: r["cluster_name"] for r in records}
    colours = {r["cluster"]: _hex(r["colour"]) for r in records}
    items = [
        {"id": r["id"], "label": r["label"], "description": _description(r, lang), "x": r["x"], "y": r["y"],
         "cluster": r["cluster"], "weights": {_TERMS["links"][lang]: r["links"], _TERMS["strength"][lang]: r["strength"]},
         "scores": {_TERMS[s][lang]: r[s] for s in scores if s in r}}
        for r in records
    ]
    doc = {
        "network": {
            "items": items,
            "links": [{"source_id": ids[a], "target_id": ids[b], "strength": d["weight"]} for a, b, d in edges],
            "clusters": [{"cluster": c, "label": names[c]} for c in sorted(names)],
        },
        "config": {
            "color_schemes": {"cluster_colors": [{"cluster": c, "color": colours[c]} for c in sorted(colours)]},
            "terminology": {k: _TERMS[k][lang] for k in ("item", "items", "link", "cluster", "clusters", "link_strength")},
        },
        "info": {"title": _TERMS["title"][lang]},
    }
    json_path = out / "vosviewer.json"
    json_path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [map_path, net_path, json_path]


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
    >>> g = nx.Graph([("2.1", "2.2", {"weight": 20.0, "mean": 120.0, "n": 11})])
    >>> nodes = pd.DataFrame({"node": ["2.1", "2.2"], "label": ["Elderly", "Families"], "cluster": [1, 1],
    ...                       "cluster_name": ["Care", "Care"], "strength": [20.0, 20.0], "x": [0.0, 1.0], "y": [0.0, 0.0]})
    >>> path = write_gexf(g, tempfile.mkdtemp() + "/network.gexf", nodes=nodes)
    >>> back = nx.read_gexf(path)
    >>> list(back.edges(data="weight")), back.nodes["2.2"]["label"], back.nodes["2.2"]["viz"]["position"]["x"]
    ([('2.1', '2.2', 20.0)], 'Families', 400.0)
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


# --------------------------------------------------------------------------- workbook

#: First characters that make a spreadsheet read text as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
#: Number format of the means and intervals (display only: the values keep full precision).
_DECIMAL_COLUMNS = ("mean", "sd", "ci_low", "ci_high", "diff", "mean_other", "strength", "cost")


def _put(ws, row: int, col: int, value: Any):
    """Write one cell; text is always text, never a formula, whatever it starts with."""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif pd.isna(value):  # NaN, None, pd.NA: an empty cell
        value = None
    elif isinstance(value, np.generic):
        value = value.item()
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # openpyxl turns "=..." into a formula: force a string, and set Excel's own
        # quote prefix so that the cell also stays text when someone edits it.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    """Suppressed rows' empty numbers read ``..`` (published as suppressed, not as missing)."""
    if "suppressed" not in table.columns:
        return table
    shown = table.astype(object)
    hidden = table["suppressed"].astype(bool).to_numpy()
    for col in table.columns:
        if pd.api.types.is_numeric_dtype(table[col]) and not pd.api.types.is_bool_dtype(table[col]):
            shown.loc[hidden & table[col].isna().to_numpy(), col] = SUPPRESSED_MARK
    return shown


def _sheet(wb, name: str, table: pd.DataFrame, *, lang: str, highlight: Iterable[str] = (), threshold: float = 140.0,
           heat: bool = False):
    """One table on a sheet: headers in ``lang`` and aligned as their column's values,
    printed landscape on A4, fit to the page width, the header row repeated on each page."""
    from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(_sheet_name(wb, name))
    columns = list(table.columns)
    numeric = [str(c) in highlight or _numbers(table[c]) for c in columns]
    for j, col in enumerate(columns, start=1):
        head = say(f"head.{col}", lang) if f"head.{col}" in MESSAGES else str(col)
        cell = _put(ws, 1, j, head)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right" if numeric[j - 1] else "left", vertical="bottom", wrap_text=True)
    for i, values in enumerate(table.itertuples(index=False), start=2):
        for j, value in enumerate(values, start=1):
            _put(ws, i, j, value)
    last = len(table) + 1
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        if str(col) in _DECIMAL_COLUMNS or str(col) in highlight:
            for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=j, max_col=j):
                cell.number_format = "0.0"
        width = max([len(str(v)) for v in table[col].head(200)], default=0)
        ws.column_dimensions[letter].width = min(max(width, 6) + 2, 60)
        if str(col) in highlight and last > 1:
            # ISNUMBER: Excel ranks text above every number, so ".." would turn red too.
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last}",
                FormulaRule(formula=[f"AND(ISNUMBER({letter}2),{letter}2>{threshold:g})"],
                            font=Font(color=HIGHLIGHT[1:], bold=True), fill=PatternFill(bgColor="FDE2E2")),
            )
    if heat and highlight and last > 1:
        cols = [get_column_letter(j) for j, c in enumerate(columns, start=1) if str(c) in highlight]
        # The heat map of the matrix: white at 40, light blue at 100, blue at 160 (readable in colour-blindness).
        ws.conditional_formatting.add(f"{cols[0]}2:{cols[-1]}{last}", ColorScaleRule(
            start_type="num", start_value=40, start_color="FFFFFF", mid_type="num", mid_value=100, mid_color="C6DBEF",
            end_type="num", end_value=160, end_color="6BAED6"))
    ws.freeze_panes = "B2" if columns and columns[0] in ("own_group", "node", "scenario") else "A2"
    _print_setup(ws)
    return ws


def _numbers(column: pd.Series) -> bool:
    """Whether a column holds numbers (suppressed ones read ``..``), not text or flags."""
    values = column.dropna()
    return len(values) > 0 and all(
        (isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))) or v == SUPPRESSED_MARK for v in values)


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, the first row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _sheet_name(wb, name: str) -> str:
    """Excel's limits: 31 characters, no ``[]:*?/\\``, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
    candidate, k = base, 2
    while candidate in wb.sheetnames:
        candidate = f"{base[:28]}_{k}"
        k += 1
    return candidate


def flatten(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """``(dotted.key, value)`` rows of a nested mapping such as the manifest; a list of
    plain values becomes one comma-separated value, a list of mappings one JSON text."""
    if isinstance(obj, Mapping):
        return [kv for k, v in obj.items() for kv in flatten(v, f"{prefix}.{k}" if prefix else str(k))]
    if isinstance(obj, list):
        return [(prefix, ", ".join(map(str, obj)) if all(not isinstance(v, (Mapping, list)) for v in obj) else json.dumps(obj, ensure_ascii=False))]
    return [(prefix, obj)]


def check_threshold(threshold: float) -> None:
    """The highlighting threshold must be a finite number (the workbook and the report)."""
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not np.isfinite(threshold):
        raise UsageError(f"`threshold` must be a finite number; got {threshold!r}.")


def _matrix(run: RunFolder, value: str) -> pd.DataFrame:
    """Own group x target group of ``value``: a suppressed mean reads ``..``, a cell
    without ratings is empty."""
    from .matrix import pivot_matrix

    shown = _shown(run.pairs) if value == "mean" else run.pairs
    m = pivot_matrix(shown, codes=run.codes, value=value).astype(object)
    labels = run.nodes.set_index("node")["label"]
    m.insert(0, "label", labels.reindex(m.index).to_numpy())
    return m.reset_index()


def _sheet_title(run: RunFolder, stem: str, lang: str) -> str:
    """The sheet name of an optional table, in ``lang``."""
    if f"sheet.{stem}" in MESSAGES:
        return say(f"sheet.{stem}", lang)
    by = str(run.parameters.get("compare", {}).get("by", ""))
    for prefix in (f"compare_{by}", f"compare_{by.replace('.', '_')}"):
        if by and (stem == prefix or stem.startswith(prefix + "_")):
            shown = say(f"by.{by}", lang) if f"by.{by}" in MESSAGES else by
            kind = stem[len(prefix):].lstrip("_")
            return say(f"sheet.compare_{kind}" if kind else "sheet.compare", lang, by=shown)
    rerun = re.fullmatch(r"sensitivity_(.+)", stem)
    return say("sheet.sensitivity", lang, name=rerun[1]) if rerun else stem


def _summary(ws, run: RunFolder, guide: list[tuple[str, str]], *, lang: str, threshold: float) -> None:
    """The first sheet: the run's key results, then what each sheet holds."""
    from openpyxl.styles import Alignment, Font

    i, params = run.manifest.get("input", {}), run.parameters
    shown = run.pairs.loc[~run.pairs["suppressed"].astype(bool)]
    rows: list[tuple[str, Any]] = [
        (say("book.input", lang), Path(str(i.get("path") or "?")).name),
        (say("book.respondents", lang), i.get("respondents_read")),
        (say("book.rows", lang), " / ".join(str(i.get(k, "?")) for k in ("rows_read", "rows_scored", "rows_excluded"))),
        (say("book.alpha", lang), run.manifest.get("composite", {}).get("alpha")),
        (say("book.modularity", lang), run.manifest.get("results", {}).get("modularity")),
        (say("book.over", lang, threshold=number(threshold, 0, lang)),
         f"{int((shown['mean'] > threshold).sum())} / {len(shown)}"),
        (say("book.suppressed", lang, min_n=params.get("min_n", "?")), int(run.pairs["suppressed"].astype(bool).sum())),
    ]
    names = run.nodes.drop_duplicates("cluster").sort_values("cluster")
    for k, name in zip(names["cluster"], names["cluster_name"]):
        members = run.nodes.loc[run.nodes["cluster"] == k, "node"]
        rows.append((say("book.cluster", lang, k=k, name=name), ", ".join(members)))
    scenarios = run.tables.get("boundary_scenarios")
    for r in [] if scenarios is None else scenarios.to_dict("records"):
        rows.append((say("book.boundary", lang, name=scenario_name(r["scenario"], lang)), percent(r["share"], lang)))
    _put(ws, 1, 1, say("book.title", lang)).font = Font(bold=True, size=14)
    for k, (label, value) in enumerate(rows, start=3):
        _put(ws, k, 1, label).font = Font(bold=True)
        cell = _put(ws, k, 2, value)
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, float):
            cell.number_format = "0.00"
    start = len(rows) + 5
    _put(ws, start, 1, say("book.guide", lang)).font = Font(bold=True, size=12)
    for k, (sheet, about) in enumerate(guide, start=start + 1):
        _put(ws, k, 1, sheet).font = Font(bold=True)
        _put(ws, k, 2, about)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 90
    _print_setup(ws)


def write_workbook(run: RunFolder, path: str | Path, /, *, threshold: float = 140.0) -> Path:
    """Write ``results.xlsx``: a summary first, the matrix next, every table, the settings last.

    Parameters
    ----------
    run : RunFolder
    path : str or pathlib.Path
    threshold : float, default 140
        Means above it turn red (conditional formatting), as on the study's slides.

    Returns
    -------
    Path

    Notes
    -----
    Sheets, named in the run's language (``Yhteenveto``/``Summary`` ...): the summary (key
    results and a guide to the sheets), the matrix of means (over the threshold red, shaded
    as a heat map), the ratings behind each cell, the heat-map figure when the run drew
    it, ``pairs``, ``clusters``, then whichever of ``reliability``, ``coassignment``,
    ``resolution_sweep``, ``compare_<by>...``, ``boundary_...`` and ``sensitivity_...``
    the run wrote, and the settings (every entry of ``manifest.json``) last. Headers are
    in the run's language; suppressed numbers read ``..``. Every sheet prints landscape
    on A4, one page wide, with its header row repeated. The only formulas are those of
    the conditional formats; text that starts with ``=``, ``+``, ``-``, ``@`` or a tab is
    stored as text with Excel's quote prefix. Dates in the file are fixed, so the same
    run gives the same bytes.
    """
    from openpyxl import Workbook

    check_threshold(threshold)
    lang = run.lang
    wb = Workbook()
    summary = wb.active
    summary.title = say("sheet.summary", lang)
    guide = []

    def sheet(title: str, table: pd.DataFrame, about: str, **kw) -> None:
        ws = _sheet(wb, title, table, lang=lang, threshold=threshold, **kw)
        guide.append((ws.title, about))

    sheet(say("sheet.matrix", lang), _matrix(run, "mean"),
          say("guide.matrix", lang, threshold=number(threshold, 0, lang)), highlight=run.codes, heat=True)
    sheet(say("sheet.matrix_n", lang), _matrix(run, "n"), say("guide.matrix_n", lang))
    picture = run.path / "matrix_heatmap.png"
    if "matrix_heatmap" in run.figures and picture.is_file():
        from openpyxl.drawing.image import Image

        ws = wb.create_sheet(_sheet_name(wb, say("sheet.heatmap", lang)))
        image = Image(str(picture))
        image.width, image.height = 900, round(900 * image.height / image.width)
        ws.add_image(image, "A1")
        _print_setup(ws)
        guide.append((ws.title, say("guide.heatmap", lang)))
    sheet(say("sheet.pairs", lang), _shown(run.pairs), say("guide.pairs", lang), highlight=("mean",))
    sheet(say("sheet.clusters", lang), run.nodes, say("guide.clusters", lang))
    for stem, table in run.tables.items():
        table = table.reset_index(drop=True)
        means = ("mean",) if {"own_group", "target_group"} <= set(table.columns) else ()
        sheet(_sheet_title(run, stem, lang), _shown(table), say("guide.other", lang, file=f"{stem}.csv"), highlight=means)
    params = pd.DataFrame(flatten(run.manifest), columns=["key", "value"])
    sheet(say("sheet.parameters", lang), params, say("guide.parameters", lang))
    _summary(summary, run, guide, lang=lang, threshold=threshold)
    path = Path(path)
    wb.save(path)
    _fix_zip_dates(path)
    return path


def _fix_zip_dates(path: Path) -> None:
    """Same workbook, same bytes: fixed entry dates and no created/modified stamps."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)


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
    >>> from integraatio.export import write_results
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
