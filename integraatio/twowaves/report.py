"""Writing a wave comparison: its tables, figures, ``report.html`` (with "What changed" at
its head) and ``manifest.json``. Nothing here computes statistics."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..messages import number, percent, scenario_name
from ..messages import text as msg
from .boundary import BOUNDARY_COLUMNS
from .change import CELL_COLUMNS, tie_changes
from .clusters import CLUSTER_COLUMNS, wave_nodes
from .compare import ALPHA, WaveComparison

__all__ = ["what_changed", "write_waves"]


def _labels(lang: str) -> tuple[str, str]:
    return msg("waves.base", lang), msg("waves.new", lang)


def what_changed(result: WaveComparison, /, *, lang: str = "fi") -> list[str]:
    """The head of the report in plain sentences: cells, scale, clusters, boundary.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.synth import generate_waves
    >>> b, n = generate_waves(seed=1)
    >>> from integraatio.twowaves import compare_waves
    >>> w = compare_waves(b.data, n.data, codebook=load_codebook(), replicates=0, permutations=99, lang="en", seed=1)
    >>> what_changed(w, lang="en")[2]
    'Moved to another cluster: 2.18.'
    >>> w = compare_waves(b.data, n.data, codebook=load_codebook(), replicates=20, permutations=99, lang="en", seed=1)
    >>> what_changed(w, lang="en")[2]
    'Moved to another cluster: 2.18 (in 100% of bootstrap replicate pairs).'
    """
    s, sens, p = result.summary, result.sensitivity, result.parameters
    lines = [msg("waves.cells", lang, flagged=s["cells_flagged"], tested=s["cells_tested"], up=s["cells_up"],
                 down=s["cells_down"], alpha=number(ALPHA, 2, lang), mean=number(s["mean_change"], 1, lang),
                 scale=msg(f"waves.scale.{p['scale']}", lang)),
             msg("waves.clusters", lang, ari=number(s["ari"], 2, lang),
                 spread="" if s["ari_low"] is None else msg("waves.spread", lang, low=number(s["ari_low"], 2, lang),
                                                            high=number(s["ari_high"], 2, lang)))]
    moved = [g if s["moved_share"][g] is None else msg("waves.moved_share", lang, group=g,
                                                        share=percent(s["moved_share"][g], lang, 0))
             for g in s["moved"]]
    lines.append(msg("waves.moved", lang, groups=", ".join(moved)) if moved else msg("waves.none_moved", lang))
    leg = s["legislated"]
    if leg is not None:
        interval = "" if pd.isna(leg["ci_low"]) else msg("waves.interval", lang, low=number(leg["ci_low"] * 100, 1, lang),
                                                          high=number(leg["ci_high"] * 100, 1, lang))
        lines.append(msg("waves.boundary", lang, base=percent(leg["share_base"], lang), new=percent(leg["share_new"], lang),
                         change=number(leg["change"] * 100, 1, lang), interval=interval))
    lines.append(msg("waves.sensitivity", lang, scale=msg(f"waves.scale.{sens['scale']}", lang), flagged=sens["flagged"],
                     both=sens["flagged_both"], diff=number(sens["median_abs_difference"], 2, lang)))
    lines.append(msg("waves.method", lang, permutations=p["permutations"], organisations=p["organisations_in_both"],
                     p_min=number(s["p_min"], 4, lang), replicates=p["replicates"]))
    return lines


def _figures(result: WaveComparison, stage: Path, formats: Sequence[str]) -> list[str]:
    """Draw the networks (same positions, and the difference), the alluvial and the boundary."""
    from matplotlib.figure import Figure

    from ..plot import plot_network
    from ..plot_waves import plot_alluvial, plot_boundary_change, plot_change_network
    from ..results import save_figure

    if not formats:
        return []
    lang = result.parameters["lang"]
    labels = _labels(lang)
    nodes = wave_nodes(result.clusters, result.base, result.new)
    fig = Figure(figsize=(8.27, 9.0), layout="constrained")
    axes = fig.subplots(2, 2).ravel()
    for ax, a, n, name in zip(axes, (result.base, result.new), nodes, labels):
        plot_network(a.graph, nodes=n, ax=ax, key=False, scale_keys=False, title=name, lang=lang)
    plot_change_network(tie_changes(result.cells.table, codes=list(result.base.codes)), nodes=nodes[0], labels=labels,
                        ax=axes[2], lang=lang, title=msg("waves.fig.difference", lang))
    axes[3].set_axis_off()
    fig.suptitle(msg("waves.fig.networks", lang), fontweight="bold", x=0.02, ha="left")
    names = [save_figure(fig, stage / "waves_networks", formats=formats)]
    fig = Figure(figsize=(7.0, 8.0))
    plot_alluvial(result.clusters.table, ax=fig.subplots(), labels=labels, lang=lang, title=msg("waves.fig.alluvial", lang))
    names.append(save_figure(fig, stage / "waves_alluvial", formats=formats))
    if result.boundary is not None:
        fig = Figure(figsize=(8.0, 3.5), layout="constrained")
        plot_boundary_change(result.boundary.table, ax=fig.subplots(), labels=labels, lang=lang,
                             title=msg("waves.fig.boundary", lang))
        names.append(save_figure(fig, stage / "waves_boundary", formats=formats))
    return [p.name for group in names for p in group]


def _table_html(table: pd.DataFrame, lang: str) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return "" if pd.isna(v) else number(v, 3, lang)
        return "" if v is None or v is pd.NA else str(v)

    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell(v))}</td>" for v in r) + "</tr>"
                   for r in table.itertuples(index=False))
    return f"<table><tr>{head}</tr>{rows}</table>\n"


def _report(result: WaveComparison, groups, pictures: list[str]) -> str:
    lang = result.parameters["lang"]
    cells = result.cells.table
    flagged = cells.loc[cells["q_value"] < ALPHA].sort_values("q_value", kind="stable")
    parts = [f"<h2>{html.escape(msg('waves.what_changed', lang))}</h2>\n"]
    parts += [f"<p>{html.escape(s)}</p>\n" for s in what_changed(result, lang=lang)]
    parts += [f'<p><img src="{name}" alt=""></p>\n' for name in pictures if name.endswith(".png")]
    sections = [("waves.table.cells", flagged[CELL_COLUMNS]), ("waves.table.clusters", result.clusters.table),
                ("waves.table.groups", groups.table)]
    if result.boundary is not None:
        shown = result.boundary.table.assign(scenario=[scenario_name(s, lang) for s in result.boundary.table["scenario"]])
        sections.insert(2, ("waves.table.boundary", shown))
    for key, table in sections:
        parts += [f"<h2>{html.escape(msg(key, lang))}</h2>\n", _table_html(table, lang)]
    title = html.escape(msg("waves.title", lang))
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title><style>'
            "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45}table{border-collapse:collapse;"
            "font-size:0.85em}td,th{border:1px solid #ccc;padding:0.2em 0.4em;text-align:right}img{max-width:100%}"
            f"</style></head><body>\n<h1>{title}</h1>\n" + "".join(parts) + "</body></html>\n")


def _manifest(result: WaveComparison, groups, surveys, extra: Mapping[str, Any]) -> dict[str, Any]:
    from .. import __version__
    from ..results import packages

    lang = result.parameters["lang"]
    inputs = {
        wave: {"path": s.path.name if s.path else None, "sha256": s.sha256, "respondents_read": s.respondents_read,
               "rows_read": s.rows_read, "rows_scored": len(a.scores.values), "rows_excluded": len(a.scores.exclusions)}
        for wave, s, a in zip(("base", "new"), surveys, (result.base, result.new))
    }
    return {
        "version": __version__,
        "parameters": {**result.parameters, **extra, "analysis": dict(result.base.parameters)},
        "input": inputs,
        "groups": {k: int(v) for k, v in groups.table["kind"].value_counts().sort_index().items()},
        "waves": {"summary": dict(result.summary), "sensitivity": dict(result.sensitivity)},
        "packages": packages(),
        "warnings": [*(w.text(lang) for s in surveys for w in s.warnings),
                     *dict.fromkeys([*result.base.warnings, *result.new.warnings])],
    }


def write_waves(result: WaveComparison, groups, surveys: Sequence, stage: Path, /, *, extra: Mapping[str, Any],
                formats: Sequence[str]) -> list[str]:
    """Write a wave comparison's files into ``stage`` (a :func:`integraatio.pipeline.write_folder` writer).

    Files: ``waves_cells.csv``, ``waves_clusters.csv``, ``waves_boundary.csv`` (when the
    codebook draws a boundary), ``waves_groups.csv`` (the mapping of the groups), the
    figures ``waves_networks``, ``waves_alluvial``, ``waves_boundary`` in ``formats``,
    ``report.html`` and ``manifest.json``.

    Returns
    -------
    list of str
        The warnings (none beyond the manifest's own).
    """
    from ..results import write_json, write_table

    write_table(result.cells.table[CELL_COLUMNS], stage / "waves_cells.csv")
    write_table(result.clusters.table[CLUSTER_COLUMNS], stage / "waves_clusters.csv")
    if result.boundary is not None:
        write_table(result.boundary.table[BOUNDARY_COLUMNS], stage / "waves_boundary.csv")
    write_table(groups.table, stage / "waves_groups.csv")
    pictures = _figures(result, stage, formats)
    (stage / "report.html").write_text(_report(result, groups, pictures), encoding="utf-8")
    write_json(_manifest(result, groups, surveys, extra), stage / "manifest.json")
    return []
