"""A run's results folder read back: the tables, summaries and figures of the steps its
manifest records, and the graph rebuilt from ``pairs.csv`` with the run's own weighting.

Everything that rewrites files after a run (``integraatio export``, the workbook, the
report) starts here, so it needs the folder alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from .exceptions import InputFileError
from .network import build_graph, node_need, symmetric_matrix

REQUIRED_FILES = ("manifest.json", "pairs.csv", "clusters.csv")
#: Columns holding group codes or level names: read as text ("2.10" is not 2.1).
TEXT_COLUMNS = ("own_group", "target_group", "node", "node_a", "node_b", "parent", "level", "level_a", "level_b",
                "scenario", "versus", "moved", "label", "cluster_name", "cluster_name_full")
#: Optional tables of the later pipeline steps, by file-name pattern, in the order they
#: appear in the workbook and the report.
OPTIONAL_TABLES = (
    "reliability", "coassignment", "resolution_sweep", r"compare_.+", "boundary_scenarios", "boundary_cut_ties",
    "boundary_groups", "boundary_differences", "integration_by_organiser", r"sensitivity_.+",
)


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
        ``clusters.csv`` plus ``links`` (number of ties) and ``integration_need``
        (:func:`integraatio.network.node_need`).
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
    if stem.startswith("boundary_") or stem == "integration_by_organiser":
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

    Examples
    --------
    >>> import tempfile
    >>> from integraatio import analyse, load_codebook, load_example, read_survey
    >>> from integraatio.datasets import survey_path
    >>> from integraatio.results import write_results
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
    nodes["links"] = [graph.degree(v) if v in graph else 0 for v in codes]
    nodes["integration_need"] = node_need(symmetric_matrix(pairs, codes=codes, how=symmetrise))

    def ours(pattern: str) -> list[Path]:
        return [p for p in sorted(path.glob(pattern)) if _made_by_run(p.stem, params)]

    found = sorted((p for p in ours("*.csv") if _table_order(p.stem) is not None), key=lambda p: (_table_order(p.stem), p.stem))
    tables = {p.stem: _read_csv(p) for p in found}
    summaries = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in ours("*_summary.json")}
    figures = {p.stem: p for p in ours("*.png")}
    figures.update({p.stem: p for p in ours("*.svg")})
    return RunFolder(path=path, manifest=manifest, pairs=pairs, nodes=nodes, graph=graph, codes=codes,
                     tables=tables, summaries=summaries, figures=dict(sorted(figures.items())))



def flatten(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """``(dotted.key, value)`` rows of a nested mapping such as the manifest; a list of
    plain values becomes one comma-separated value, a list of mappings one JSON text."""
    if isinstance(obj, Mapping):
        return [kv for k, v in obj.items() for kv in flatten(v, f"{prefix}.{k}" if prefix else str(k))]
    if isinstance(obj, list):
        return [(prefix, ", ".join(map(str, obj)) if all(not isinstance(v, (Mapping, list)) for v in obj) else json.dumps(obj, ensure_ascii=False))]
    return [(prefix, obj)]
