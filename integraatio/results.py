"""Writing results: tables, figures and the run manifest. Nothing here computes statistics."""

from __future__ import annotations

import json
import math
import platform
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .analysis import Analysis
from .checks import check_choice
from .options import FIGURE_FORMATS

__all__ = [
    "build_manifest",
    "save_figure",
    "write_json",
    "write_boundary",
    "write_comparison",
    "write_results",
    "write_sensitivity",
    "write_sweep",
    "write_table",
]

#: Packages whose versions can change a result; recorded in every manifest.
RECORDED_PACKAGES = ("numpy", "pandas", "scipy", "networkx", "scikit-learn", "matplotlib", "python-louvain", "igraph")


#: A text cell starting with one of these opens as a formula in a spreadsheet (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def inert(value: Any) -> Any:
    """A text cell as a spreadsheet must read it: as text, never as a formula.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or NUL gets a
    leading apostrophe (OWASP's CSV-injection rule); numbers, negative ones included, and
    everything else are returned unchanged.

    Examples
    --------
    >>> [inert(v) for v in ["=HYPERLINK(1)", "-2.5", "@SUM", "Kunta A", 3]]
    ["'=HYPERLINK(1)", '-2.5', "'@SUM", 'Kunta A', 3]
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _number(value):
        return "'" + value
    return value


def write_table(df: pd.DataFrame, path: str | Path, /) -> Path:
    """Write a tidy CSV: UTF-8, comma, ``\\n`` line ends, full float precision, empty = missing.

    Every CSV output is written here, so that no text cell opens as a formula (:func:`inert`).
    """
    path = Path(path)
    text = [c for c in df.columns if df[c].dtype == object or isinstance(df[c].dtype, (pd.StringDtype, pd.CategoricalDtype))]
    if text:
        df = df.assign(**{c: df[c].astype(object).map(inert) for c in text})
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def save_figure(fig, stem: str | Path, /, *, formats: Iterable[str] = FIGURE_FORMATS, dpi: int = 200) -> list[Path]:
    """Save a figure as PNG (``dpi``), SVG and PDF with the same bytes on every run.

    200 dpi: a figure 11 inches wide printed at A4 width (about 7 inches) is then over
    300 dpi, and the PNG is drawn at half the cost of 300 dpi.

    Dates, producer metadata and SVG id salts are what make figure files differ
    between otherwise identical runs; they are removed or fixed here.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    stem = Path(stem)
    metadata_by_format = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }
    written = []
    # svg.fonttype "none": SVG texts stay text (searchable, selectable, checked by the language test).
    with matplotlib.rc_context({"svg.hashsalt": "integraatio", "pdf.compression": 6, "svg.fonttype": "none"}):
        # Laid out once (layout engines and text extents, nothing rendered) and cropped to
        # the same tight box in every format: bbox_inches="tight" would lay it out per save.
        canvas = FigureCanvasAgg(fig)
        fig.draw_without_rendering()
        bbox = fig.get_tightbbox(canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            fig.savefig(path, format=fmt, dpi=dpi, bbox_inches=bbox, metadata=metadata_by_format[fmt])
            written.append(path)
    return written


def packages() -> dict[str, str]:
    """Versions of Python and of :data:`RECORDED_PACKAGES` (``not installed`` when absent)."""
    versions = {"python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(analysis: Analysis, survey, /, *, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything needed to replay a run: version, parameters, input and packages.

    Parameters
    ----------
    analysis : Analysis
    survey : integraatio.io.Survey
        The input as read (path, hash, counts).
    extra : Mapping, optional
        More parameters to record (e.g. the codebook path).

    Returns
    -------
    dict
        ``version``, ``parameters`` (with ``seed``), ``input`` (``path``, ``sha256``,
        ``rows_read``, ``rows_scored``, ``rows_excluded`` and how the file was read),
        ``reliability`` and ``packages``. ``rows_read == rows_scored + rows_excluded``;
        ``cells_read == cells_used + cells_excluded`` (:attr:`integraatio.io.Survey.accounting`).
    """
    s = analysis.scores
    return {
        "version": __version__,
        "parameters": {**analysis.parameters, **(extra or {})},
        "input": {
            "path": survey.path.name if survey.path else None,  # never the folder: it names the analyst
            "sha256": survey.sha256,
            "layout": survey.layout,
            "encoding": survey.encoding,
            "delimiter": survey.delimiter,
            "respondents_read": survey.respondents_read,
            "rows_read": survey.rows_read,
            "rows_scored": len(s.values),
            "rows_excluded": len(s.exclusions),
            "exclusions_by_reason": s.exclusions["reason"].value_counts().sort_index().to_dict(),
            "notes": list(survey.notes),
            # Pseudonym method (never the key), dropped columns and the cell reconciliation.
            **survey.accounting,
        },
        "composite": {
            "alpha": s.alpha,
            "item_mean": s.parameters["item_mean"],
            "item_sd": s.parameters["item_sd"],
        },
        "results": {
            "clusters": len(analysis.partition.clusters),
            "modularity": analysis.partition.modularity,
            "cells": len(analysis.pairs),
            "cells_suppressed": int(analysis.pairs["suppressed"].sum()),
        },
        "packages": packages(),
        "warnings": [*survey.warnings, *analysis.warnings],
    }


#: The columns of scores.csv: the data contract's long table and the score, nothing else.
SCORE_COLUMNS = ("row", "respondent_id", "municipality", "size_class", "own_group", "subgroup", "target_group",
                 "frequency", "reciprocity", "need", "measure", "integration_need")


def figure_formats(figures: bool | Iterable[str], /) -> tuple[str, ...]:
    """The formats a writer's ``figures`` asks for: every one for True, none for False,
    else those named (in :data:`~integraatio.options.FIGURE_FORMATS` order).

    Examples
    --------
    >>> figure_formats(True), figure_formats(False), figure_formats(["pdf", "png"])
    (('png', 'svg', 'pdf'), (), ('png', 'pdf'))
    """
    if isinstance(figures, bool):
        return FIGURE_FORMATS if figures else ()
    named = list(figures)
    for f in named:
        check_choice("figure format", f, FIGURE_FORMATS)
    return tuple(f for f in FIGURE_FORMATS if f in named)


def write_results(
    analysis: Analysis, survey, out: str | Path, /, *, figures: bool | Iterable[str] = True, extra: Mapping[str, Any] | None = None,
    keep_columns: Sequence[str] = (),
) -> list[Path]:
    """Write the spine's outputs into ``out`` (created if needed).

    Files: ``scores.csv``, ``exclusions.csv``, ``pairs.csv``, ``matrix.csv``,
    ``clusters.csv``, ``reliability.csv``, ``manifest.json`` and, with ``figures``,
    ``network.png``/``.svg``/``.pdf``. Names and columns follow DESIGN.md; ``scores.csv``
    holds :data:`SCORE_COLUMNS` and the ``keep_columns`` asked for, nothing else. With a
    bootstrap attached (:func:`integraatio.stability.attach_bootstrap`) also
    ``coassignment.csv``, ``bootstrap_summary.json`` and the figure ``coassignment``,
    and the network figure outlines the unstable nodes.

    Returns
    -------
    list of Path
        The files written.
    """
    from matplotlib.figure import Figure

    from .io import exclusions_table
    from .messages import text
    from .plot import plot_coassignment, plot_matrix, plot_network

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scores = analysis.scores.scores
    written = [
        write_table(scores[[c for c in (*SCORE_COLUMNS, *keep_columns) if c in scores]], out / "scores.csv"),
        write_table(exclusions_table(analysis.scores.exclusions, survey), out / "exclusions.csv"),
        write_table(analysis.pairs, out / "pairs.csv"),
        write_table(analysis.matrix.reset_index(), out / "matrix.csv"),
        write_table(analysis.clusters, out / "clusters.csv"),
        write_table(analysis.scores.reliability, out / "reliability.csv"),
    ]
    boot, lang = analysis.bootstrap, analysis.parameters["lang"]
    if boot is not None:
        written.append(write_table(boot.coassignment.reset_index(), out / "coassignment.csv"))
        written.append(write_json(boot.summary(), out / "bootstrap_summary.json"))
    if formats := figure_formats(figures):
        # A bare Figure, not pyplot: no global state and no GUI backend needed.
        measure = analysis.parameters["measure"]
        title = text("fig.network", lang) if measure == "composite" else text(
            "fig.network_measure", lang, measure=text(f"measure.{measure}", lang))
        fig = Figure(figsize=(11, 8))
        plot_network(analysis.graph, nodes=analysis.clusters, ax=fig.subplots(), lang=lang, title=title)
        written += save_figure(fig, out / "network")  # PNG, SVG and PDF whatever is asked: the contract
        fig = Figure(figsize=(10, 9))
        plot_matrix(analysis.pairs, codes=analysis.codes, ax=fig.subplots(), lang=lang, min_n=analysis.parameters["min_n"],
                    title=text("fig.heatmap_title", lang))
        written += save_figure(fig, out / "matrix_heatmap", formats=formats)
        if boot is not None:
            fig = Figure(figsize=(7.5, 6.5))
            plot_coassignment(boot.coassignment, nodes=analysis.clusters, ax=fig.subplots(), lang=lang,
                              title=text("fig.coassignment_title", lang))
            written += save_figure(fig, out / "coassignment", formats=formats)
    written.append(write_json(build_manifest(analysis, survey, extra=extra), out / "manifest.json"))
    return written


def _finite(obj: Any) -> Any:
    """Non-finite floats as null: JSON has no NaN or Infinity."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, Mapping):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def write_json(obj: Mapping[str, Any], path: str | Path, /) -> Path:
    """Write strict JSON (non-finite numbers as null), indented, UTF-8: every JSON output of a run.

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    text = json.dumps(_finite(obj), indent=2, ensure_ascii=False, allow_nan=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_sweep(sweep, out: str | Path, /, *, figures: bool | Iterable[str] = True, resolution: float | None = None, lang: str = "fi") -> list[Path]:
    """Write a resolution sweep (:func:`integraatio.stability.resolution_sweep`) into ``out``.

    Files: ``resolution_sweep.csv`` and, with ``figures``, ``resolution_sweep.png``/
    ``.svg``/``.pdf`` (``resolution`` marks the analysis's own resolution).

    Returns
    -------
    list of Path
        The files written.
    """
    from matplotlib.figure import Figure

    from .messages import text
    from .plot import plot_resolution_sweep

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_table(sweep.table, out / "resolution_sweep.csv")]
    if formats := figure_formats(figures):
        fig = Figure(figsize=(7.5, 4.5))
        plot_resolution_sweep(sweep.table, ax=fig.subplots(), resolution=resolution, lang=lang,
                              title=text("fig.sweep_title", lang))
        written += save_figure(fig, out / "resolution_sweep", formats=formats)
    return written


def write_boundary(boundary, out: str | Path, /, *, analysis: Analysis, figures: bool | Iterable[str] = True) -> list[Path]:
    """Write the boundary scenarios (:func:`integraatio.boundary.analyse_boundary`) into ``out``.

    Files: ``boundary_scenarios.csv``, ``boundary_cut_ties.csv``, ``boundary_groups.csv``,
    ``boundary_differences.csv`` and, with ``figures``, ``boundary_scenarios.png``/``.svg``/
    ``.pdf`` (the scenarios compared) and ``boundary_network_<scenario>.png``/``.svg``/``.pdf``
    (the network with each scenario's boundary). Labels are in the analysis's language.

    Returns
    -------
    list of Path
        The files written.
    """
    from matplotlib.figure import Figure

    from .messages import percent, scenario_name, text
    from .plot import plot_boundary, plot_scenario_costs

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_table(boundary.scenarios, out / "boundary_scenarios.csv"),
        write_table(boundary.cut_ties, out / "boundary_cut_ties.csv"),
        write_table(boundary.groups, out / "boundary_groups.csv"),
        write_table(boundary.differences, out / "boundary_differences.csv"),
        write_table(boundary.organisers, out / "integration_by_organiser.csv"),
    ]
    if formats := figure_formats(figures):
        lang = analysis.parameters["lang"]
        fig = Figure(figsize=(8, 1.5 + 0.45 * len(boundary.scenarios)))
        plot_scenario_costs(boundary.scenarios, ax=fig.subplots(), lang=lang, title=text("fig.costs_title", lang))
        written += save_figure(fig, out / "boundary_scenarios", formats=formats)
        for name, result in boundary.results.items():
            fig = Figure(figsize=(11, 8))
            title = text("fig.across", lang, name=scenario_name(name, lang), share=percent(result.share, lang))
            plot_boundary(analysis.graph, nodes=analysis.clusters, boundary=result, ax=fig.subplots(), lang=lang, title=title)
            written += save_figure(fig, out / f"boundary_network_{name}", formats=formats)
    return written


def write_comparison(
    comparison,
    out: str | Path,
    /,
    *,
    codebook,
    clusters=None,
    views: Iterable[str] = (),
    lang: str = "fi",
    threshold: float = 140.0,
    figures: bool | Iterable[str] = True,
) -> list[Path]:
    """Write a group comparison (:func:`integraatio.compare.compare_groups`) into ``out``.

    Files (``<by>`` is the grouping column): ``compare_<by>.csv`` (means and ``n`` per
    cell and level), ``compare_<by>_tests.csv``, ``compare_<by>_summary.json`` (the
    note on what the tests can show, and every parameter); with ``clusters``
    (:func:`integraatio.compare.compare_clusters`) also ``compare_<by>_clusters.csv``,
    ``compare_<by>_ari.csv`` and, with ``figures``, ``compare_<by>_networks.png``/``.svg``/
    ``.pdf`` (the groups side by side on one layout, and their difference); and for
    each respondent group in ``views`` the slides' bar chart and table,
    ``compare_<by>_<group>_bars.png`` and ``compare_<by>_<group>_table.png``, each also as
    SVG and PDF (dots in figure names become underscores: ``compare_size_class_2_2_bars.png``).

    Returns
    -------
    list of Path
        The files written.
    """
    from matplotlib.figure import Figure

    from .messages import MESSAGES, comparison_note, text
    from .plot import plot_group_bars, plot_group_table, plot_network, plot_network_difference

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"compare_{comparison.by}"
    safe = stem.replace(".", "_")  # save_figure takes the stem's last dot for a suffix
    written = [
        write_table(comparison.table, out / f"{stem}.csv"),
        write_table(comparison.tests, out / f"{stem}_tests.csv"),
    ]
    labels = {lv: codebook.level_label(comparison.by, lv, lang) for lv in comparison.levels}
    summary = {"note": comparison_note(dict(comparison.facts), lang, labels), "facts": dict(comparison.facts),
               "p_min": comparison.p_min, "exact": comparison.exact,
               "permutations": comparison.permutations, "parameters": dict(comparison.parameters)}
    if clusters is not None:
        written += [
            write_table(clusters.memberships, out / f"{stem}_clusters.csv"),
            write_table(clusters.ari, out / f"{stem}_ari.csv"),
        ]
        summary["clusters"] = {"ari": clusters.statistic, "p_value": clusters.p_value, "permutations": clusters.permutations,
                               "exact": clusters.exact, "parameters": dict(clusters.parameters)}
        if formats := figure_formats(figures):
            names = [codebook.level_label(comparison.by, lvl, lang) for lvl in clusters.levels]
            panels = len(clusters.levels) + (clusters.difference is not None)
            # Two panels a row: readable at A4 width (8.27 in), however many levels there are.
            rows = -(-panels // 2)
            fig = Figure(figsize=(8.27, 3.6 * rows), layout="constrained")
            axes = list(fig.subplots(rows, 2, squeeze=False).ravel())
            for ax in axes[panels:]:
                ax.set_axis_off()
            for ax, level, name in zip(axes, clusters.levels, names):
                plot_network(clusters.graphs[level], nodes=clusters.nodes[level], ax=ax, key=False, scale_keys=False,
                             title=name, lang=lang)
            if clusters.difference is not None:
                plot_network_difference(clusters.difference, nodes=clusters.nodes[clusters.levels[0]], labels=tuple(names),
                                        lang=lang, ax=axes[panels - 1], title=f"{names[1]} – {names[0]}")
            by = text(f"by.{comparison.by}", lang) if f"by.{comparison.by}" in MESSAGES else comparison.by
            fig.suptitle(text("fig.compare_title", lang, by=by), fontweight="bold", x=0.02, ha="left")
            written += save_figure(fig, out / f"{safe}_networks", formats=formats)
    written.append(write_json(summary, out / f"{stem}_summary.json"))
    if formats := figure_formats(figures):
        for group in views:
            for kind, draw, size in (("bars", plot_group_bars, (9, 7)), ("table", plot_group_table, (8, 6))):
                fig = Figure(figsize=size)
                draw(comparison, own_group=group, codebook=codebook, lang=lang, threshold=threshold, ax=fig.subplots())
                written += save_figure(fig, out / f"{safe}_{group.replace('.', '_')}_{kind}", formats=formats)
    return written


def write_sensitivity(sensitivity, out: str | Path, /, *, figures: bool | Iterable[str] = True) -> list[Path]:
    """Write a sensitivity run (:func:`integraatio.compare.sensitivity`) into ``out``.

    Files (``<name>`` is e.g. ``only_asumispalvelut``): ``sensitivity_<name>.csv`` (each
    node's cluster and statistics against the full run), ``sensitivity_<name>_leans.csv``
    (where each node's ties go) and, with ``figures``, ``sensitivity_<name>.png``/``.svg``/
    ``.pdf`` (the rerun's network).

    Returns
    -------
    list of Path
        The files written.
    """
    from matplotlib.figure import Figure

    from .messages import text
    from .plot import plot_network

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"sensitivity_{sensitivity.name}"
    written = [
        write_table(sensitivity.nodes, out / f"{stem}.csv"),
        write_table(sensitivity.leans, out / f"{stem}_leans.csv"),
    ]
    if formats := figure_formats(figures):
        rerun = sensitivity.analysis
        fig = Figure(figsize=(11, 7.5))
        lang = rerun.parameters["lang"]
        plot_network(rerun.graph, nodes=rerun.clusters, ax=fig.subplots(), lang=lang,
                     title=text("report.sensitivity", lang, name=sensitivity.name))
        written += save_figure(fig, out / stem, formats=formats)
    return written
