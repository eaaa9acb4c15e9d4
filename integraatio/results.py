"""Writing results: tables, figures and the run manifest. Nothing here computes statistics.

Each writer (``write_*``) writes its tables and, when asked, draws its figures, which
its companion (``results_figures``, ``boundary_figures``, ...) describes as
:class:`FigureSpec` values and :func:`draw` draws. A run writes every table first and
then draws all its figures in one loop, before the exports and the report that embed them.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import __version__
from .checks import figure_formats
from . import disclosure
from .csvtext import csv_bytes
from .disclosure import released
from .options import FIGURE_FORMATS

if TYPE_CHECKING:
    from .analysis import Analysis

__all__ = [
    "FigureSpec",
    "boundary_figures",
    "build_manifest",
    "comparison_figures",
    "draw",
    "heatmap_spec",
    "network_panels",
    "on_axes",
    "render",
    "results_figures",
    "save_figure",
    "sensitivity_figures",
    "sweep_figures",
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


_FIRST = frozenset(FORMULA_STARTS)  # each one character


def _guarded(value: Any) -> Any:
    """:func:`inert`, and a text cell's carriage returns as line feeds. Python's csv module
    before 3.13 quotes a cell with a line feed but not one with a bare CR, where a
    spreadsheet ends the row: the rest of the cell would start a row of its own, and could
    open as a formula."""
    if isinstance(value, str) and value[:1] not in _FIRST and "\r" not in value:
        return value  # the usual text, which neither rule changes: once per distinct value of every text column
    value = inert(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def write_table(df: pd.DataFrame, path: str | Path, /, *, private: bool = False) -> Path:
    """Write a tidy CSV: UTF-8, comma, ``\\n`` line ends, empty = missing; a published table's
    numbers at the precision :data:`integraatio.disclosure.PUBLISHED` registers for it.

    Every CSV output is written here, so that no text cell opens as a formula (:func:`inert`).
    ``private`` for respondent-level tables: the file is readable by its owner alone from its
    first byte (mode 0600 whatever the umask), not opened up after it is written.
    """
    path = Path(path)
    twice = df.columns[df.columns.duplicated()]
    if len(twice):  # a reader of the file would take one of them and never see the other
        raise ValueError(f"{path.name} would have the column {twice[0]!r} twice.")
    if not private:  # respondent-level files never leave the machine; the rest is audited
        df = released(path.name, df)
        with open(path, "wb") as f:
            f.writelines(csv_bytes(df, guard=_guarded))
        return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # an earlier file of that name keeps its mode through O_TRUNC
    with open(fd, "wb") as f:
        f.writelines(csv_bytes(df, guard=_guarded))
    return path


def save_figure(fig, stem: str | Path, /, *, formats: Iterable[str] = FIGURE_FORMATS, dpi: int = 200) -> list[Path]:
    """Save a figure as PNG (``dpi``), SVG and PDF with the same bytes on every run.

    200 dpi: a figure 11 inches wide printed at A4 width (about 7 inches) is then over
    300 dpi, and the PNG is drawn at half the cost of 300 dpi. PNG compression level 3:
    files 3 % larger than at the default 6, written 30 % faster.

    Dates, producer metadata and SVG id salts are what make figure files differ
    between otherwise identical runs; they are removed or fixed here.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    stem = Path(stem)
    options = {
        "png": {"metadata": {"Software": None}, "pil_kwargs": {"compress_level": 3}},
        "svg": {"metadata": {"Date": None, "Creator": None}},
        "pdf": {"metadata": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}},
    }
    written = []
    # svg.fonttype "none": SVG texts stay text (searchable, selectable, checked by the language test).
    with matplotlib.rc_context({"svg.hashsalt": "integraatio", "pdf.compression": 6, "svg.fonttype": "none"}):
        # One tight box for every format (bbox_inches="tight" would lay the figure out per save),
        # measured at the PNG's dpi: text measured at another dpi is a few points wider or
        # narrower. A layout engine must run first; without one, the box needs no drawing.
        shown_at, fig.dpi = fig.dpi, dpi
        try:
            canvas = FigureCanvasAgg(fig)
            if fig.get_layout_engine() is not None:
                fig.draw_without_rendering()
            bbox = fig.get_tightbbox(canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])
            for fmt in formats:
                path = stem.with_suffix(f".{fmt}")
                fig.savefig(path, format=fmt, dpi=dpi, bbox_inches=bbox, **options[fmt])
                written.append(path)
        finally:
            fig.dpi = shown_at
    return written


@dataclass(frozen=True)
class FigureSpec:
    """A figure to draw: ``build(Figure(figsize=size, layout=layout), *args, **kwargs)``,
    saved as ``stem`` in ``formats`` (:func:`save_figure`), and copied to each of ``aliases``
    (the same figure under other names).

    The writers' companions (:func:`results_figures`, ...) return these instead of drawing,
    so that a run can write every table before it draws a figure.
    """

    build: Callable
    args: tuple
    size: tuple[float, float]
    stem: Path
    formats: tuple[str, ...]
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    layout: str | None = None
    aliases: tuple[Path, ...] = ()


def on_axes(fig, plot: Callable, /, *args: Any, **kwargs: Any):
    """A :class:`FigureSpec` builder: ``plot(*args, ax=<the figure's one Axes>, **kwargs)``."""
    return plot(*args, ax=fig.subplots(), **kwargs)


def render(spec: FigureSpec, /) -> list[Path]:
    """Draw ``spec`` on a bare Figure (no pyplot: no global state, no GUI), and save it."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=spec.size, layout=spec.layout)
    spec.build(fig, *spec.args, **spec.kwargs)
    written = save_figure(fig, spec.stem, formats=spec.formats)
    for alias in spec.aliases:
        written += [Path(shutil.copyfile(path, alias.with_suffix(path.suffix))) for path in written[:len(spec.formats)]]
    return written


def draw(specs: Iterable[FigureSpec], /) -> list[Path]:
    """Draw each of ``specs`` (:func:`render`) in turn; the files saved."""
    return [path for spec in specs for path in render(spec)]


def heatmap_spec(pairs: pd.DataFrame, out: str | Path, /, *, codes: Sequence[str], lang: str, min_n: int,
                 formats: Iterable[str], labels: Mapping[str, str] | None = None) -> FigureSpec:
    """The heat map of the cell table (:func:`integraatio.plot.plot_matrix`), saved as ``out/matrix_heatmap``."""
    from .messages import text
    from .plot import plot_matrix

    # Only the columns drawn, in a new frame: the same bytes from every table with these values.
    shown = pd.DataFrame({c: pairs[c].to_numpy() for c in ("own_group", "target_group", "mean", "suppressed")})
    return FigureSpec(on_axes, (plot_matrix, shown), (10, 9), Path(out) / "matrix_heatmap", tuple(formats),
                      {"codes": list(codes), "lang": lang, "min_n": min_n, "title": text("fig.heatmap_title", lang),
                       "labels": dict(labels or {})})


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
    survey : integraatio.survey.Survey
        The input as read (path, hash, counts).
    extra : Mapping, optional
        More parameters to record (e.g. the codebook path).

    Returns
    -------
    dict
        ``version``, ``parameters`` (with ``seed``), ``input`` (``path``, ``sha256``,
        ``rows_read``, ``rows_scored``, ``rows_excluded`` and how the file was read),
        ``reliability`` and ``packages``. ``rows_read == rows_scored + rows_excluded``;
        ``cells_read == cells_used + cells_excluded`` (:attr:`integraatio.survey.Survey.accounting`).
        The reader's ``notes`` and the ``warnings`` are in the run's language (``parameters.lang``).
    """
    s, lang = analysis.scores, analysis.parameters["lang"]
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
            "notes": [note.text(lang) for note in survey.notes],
            # Pseudonym method (never the key), dropped columns and the cell reconciliation.
            **survey.accounting,
        },
        "composite": {  # too coarse to rebuild the composite's 125 values (disclosure.ITEM_DECIMALS)
            "alpha": round(s.alpha, disclosure.ITEM_DECIMALS),
            "item_mean": {k: round(v, disclosure.ITEM_DECIMALS) for k, v in s.parameters["item_mean"].items()},
            "item_sd": {k: round(v, disclosure.ITEM_DECIMALS) for k, v in s.parameters["item_sd"].items()},
        },
        "results": {
            "clusters": len(analysis.partition.clusters),
            "modularity": analysis.partition.modularity,
            "cells": len(analysis.pairs),
            "cells_suppressed": int(analysis.pairs["suppressed"].sum()),
        },
        "disclosure": {  # how the published numbers were released (README, Privacy)
            "min_n": analysis.parameters["min_n"],
            "cells_suppressed": int(analysis.pairs["suppressed"].sum()),
            "audit": "linked tables (full run, comparison levels, reruns)" if disclosure.AUDIT else "off",
            "perturbation": "cell key", "noise_scale": disclosure.NOISE,
            "decimals": disclosure.DECIMALS, "item_decimals": disclosure.ITEM_DECIMALS,
        },
        "packages": packages(),
        "warnings": [*(warning.text(lang) for warning in survey.warnings), *analysis.warnings],
    }


#: The columns of scores.csv: the data contract's long table and the score, nothing else.
SCORE_COLUMNS = ("row", "respondent_id", "municipality", "size_class", "own_group", "subgroup", "target_group",
                 "frequency", "reciprocity", "need", "measure", "integration_need")


def write_results(
    analysis: Analysis, survey, out: str | Path, /, *, figures: bool | Iterable[str] = True, extra: Mapping[str, Any] | None = None,
    keep_columns: Sequence[str] = (),
) -> list[Path]:
    """Write the spine's outputs into ``out`` (created if needed).

    Files: ``scores.csv``, ``exclusions.csv``, ``pairs.csv``, ``matrix.csv``,
    ``clusters.csv``, ``reliability.csv``, ``manifest.json`` and, with ``figures``,
    ``network.png``/``.svg``/``.pdf``. Names and columns follow docs/contract.md; ``scores.csv``
    holds :data:`SCORE_COLUMNS` and the ``keep_columns`` asked for, nothing else. With a
    bootstrap attached (:func:`integraatio.stability.attach_bootstrap`) also
    ``coassignment.csv``, ``bootstrap_summary.json`` and the figure ``coassignment``,
    and the network figure outlines the unstable nodes.

    Returns
    -------
    list of Path
        The files written.
    """
    from .survey import exclusions_table

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    boot = analysis.bootstrap
    scores = analysis.scores.scores
    written = [
        write_table(scores[[c for c in dict.fromkeys((*SCORE_COLUMNS, *keep_columns)) if c in scores]], out / "scores.csv", private=True),
        write_table(exclusions_table(analysis.scores.exclusions, survey), out / "exclusions.csv", private=True),
        write_table(analysis.pairs, out / "pairs.csv"),
        write_table(analysis.matrix.reset_index(), out / "matrix.csv"),
        write_table(analysis.clusters, out / "clusters.csv"),
        write_table(analysis.scores.reliability, out / "reliability.csv"),
    ]
    if boot is not None:
        written.append(write_table(boot.coassignment.reset_index(), out / "coassignment.csv"))
        written.append(write_json(boot.summary(), out / "bootstrap_summary.json"))
    written.append(write_json(build_manifest(analysis, survey, extra=extra), out / "manifest.json"))
    return written + draw(results_figures(analysis, out, formats=figure_formats(figures)))


def results_figures(analysis: Analysis, out: str | Path, /, *, formats: Sequence[str]) -> list[FigureSpec]:
    """The figures of :func:`write_results`: the heat map, ``network`` (always PNG, SVG and
    PDF: the contract) and, with a bootstrap, ``coassignment``; none without ``formats``."""
    from .messages import text
    from .plot import plot_coassignment, plot_network

    if not formats:
        return []
    out, boot, lang = Path(out), analysis.bootstrap, analysis.parameters["lang"]
    measure = analysis.parameters["measure"]
    title = text("fig.network", lang) if measure == "composite" else text(
        "fig.network_measure", lang, measure=text(f"measure.{measure}", lang))
    specs = [heatmap_spec(analysis.pairs, out, codes=analysis.codes, lang=lang, min_n=analysis.parameters["min_n"],
                          formats=formats, labels=dict(zip(analysis.clusters["node"], analysis.clusters["label"]))),
             FigureSpec(on_axes, (plot_network, analysis.graph), (11, 8), out / "network", FIGURE_FORMATS,
                        {"nodes": analysis.clusters, "lang": lang, "title": title})]
    if boot is not None:
        specs.append(FigureSpec(on_axes, (plot_coassignment, boot.coassignment), (7.5, 6.5), out / "coassignment",
                                tuple(formats), {"nodes": analysis.clusters, "lang": lang,
                                                 "title": text("fig.coassignment_title", lang)}))
    return specs


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
    released(path.name)
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
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_table(sweep.table, out / "resolution_sweep.csv")]
    return written + draw(sweep_figures(sweep, out, formats=figure_formats(figures), resolution=resolution, lang=lang))


def sweep_figures(sweep, out: str | Path, /, *, formats: Sequence[str], resolution: float | None = None,
                  lang: str = "fi") -> list[FigureSpec]:
    """The figure of :func:`write_sweep`; none without ``formats``."""
    from .messages import text
    from .plot import plot_resolution_sweep

    if not formats:
        return []
    return [FigureSpec(on_axes, (plot_resolution_sweep, sweep.table), (7.5, 4.5), Path(out) / "resolution_sweep",
                       tuple(formats), {"resolution": resolution, "lang": lang, "title": text("fig.sweep_title", lang)})]


def write_boundary(boundary, out: str | Path, /, *, analysis: Analysis, figures: bool | Iterable[str] = True) -> list[Path]:
    """Write the boundary scenarios (:func:`integraatio.boundary.analyse_boundary`) into ``out``.

    Files: ``boundary_scenarios.csv``, ``boundary_cut_ties.csv``, ``boundary_groups.csv``,
    ``boundary_differences.csv`` and, with ``figures``, ``boundary_scenarios.png``/``.svg``/
    ``.pdf`` (the scenarios compared) and ``boundary_network_<scenario>.png``/``.svg``/``.pdf``
    (the network with each scenario's boundary, without the key from code to label that
    ``network.png`` gives; scenarios with the same boundary share one drawing, titled with
    all their names). Labels are in the analysis's language.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_table(boundary.scenarios, out / "boundary_scenarios.csv"),
        write_table(boundary.cut_ties, out / "boundary_cut_ties.csv"),
        write_table(boundary.groups, out / "boundary_groups.csv"),
        write_table(boundary.differences, out / "boundary_differences.csv"),
        write_table(boundary.organisers, out / "integration_by_organiser.csv"),
    ]
    return written + draw(boundary_figures(boundary, out, analysis=analysis, formats=figure_formats(figures)))


def boundary_figures(boundary, out: str | Path, /, *, analysis: Analysis, formats: Sequence[str]) -> list[FigureSpec]:
    """The figures of :func:`write_boundary`; none without ``formats``."""
    from .messages import percent, scenario_name, text
    from .plot import plot_boundary, plot_scenario_costs

    if not formats:
        return []
    out, formats, lang = Path(out), tuple(formats), analysis.parameters["lang"]
    # Scenarios that draw the same boundary share one figure, titled with all their names.
    same: dict[tuple, list[str]] = {}
    for name, result in boundary.results.items():
        same.setdefault(tuple(sorted(result.scenario.organisers.items())), []).append(name)
    specs = []
    for first, *others in same.values():
        result = boundary.results[first]
        names = " = ".join(scenario_name(name, lang) for name in (first, *others))
        # No key from code to label: network.png, with the same layout and codes, has it
        # (half of a boundary figure's drawing time went to repeating it).
        specs.append(FigureSpec(on_axes, (plot_boundary, analysis.graph), (11, 8), out / f"boundary_network_{first}",
                                formats, {"nodes": analysis.clusters, "boundary": result, "key": False, "lang": lang,
                                          "title": text("fig.across", lang, name=names, share=percent(result.share, lang))},
                                aliases=tuple(out / f"boundary_network_{name}" for name in others)))
    specs.append(FigureSpec(on_axes, (plot_scenario_costs, boundary.scenarios), (8, 1.5 + 0.45 * len(boundary.scenarios)),
                            out / "boundary_scenarios", formats, {"lang": lang, "title": text("fig.costs_title", lang)}))
    return specs


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
    from .messages import comparison_note

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"compare_{comparison.by}"
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
    written.append(write_json(summary, out / f"{stem}_summary.json"))
    return written + draw(comparison_figures(comparison, out, codebook=codebook, clusters=clusters, views=views, lang=lang,
                                             threshold=threshold, formats=figure_formats(figures)))


def comparison_figures(comparison, out: str | Path, /, *, codebook, clusters=None, views: Iterable[str] = (),
                       lang: str = "fi", threshold: float = 140.0, formats: Sequence[str]) -> list[FigureSpec]:
    """The figures of :func:`write_comparison`; none without ``formats``."""
    from .messages import MESSAGES, text
    from .plot import plot_group_bars, plot_group_table

    if not formats:
        return []
    out, formats = Path(out), tuple(formats)
    safe = f"compare_{comparison.by}".replace(".", "_")  # save_figure takes the stem's last dot for a suffix
    specs = []
    if clusters is not None:
        names = [codebook.level_label(comparison.by, lvl, lang) for lvl in clusters.levels]
        panels = len(clusters.levels) + (clusters.difference is not None)
        by = text(f"by.{comparison.by}", lang) if f"by.{comparison.by}" in MESSAGES else comparison.by
        # Two panels a row: readable at A4 width (8.27 in), however many levels there are.
        specs.append(FigureSpec(network_panels, (clusters, names), (8.27, 3.6 * -(-panels // 2)), out / f"{safe}_networks",
                                formats, {"title": text("fig.compare_title", lang, by=by), "lang": lang},
                                layout="constrained"))
    for group in views:
        for kind, plot, size in (("bars", plot_group_bars, (9, 7)), ("table", plot_group_table, (8, 6))):
            specs.append(FigureSpec(on_axes, (plot, comparison), size, out / f"{safe}_{group.replace('.', '_')}_{kind}",
                                    formats, {"own_group": group, "codebook": codebook, "lang": lang,
                                              "threshold": threshold}))
    return specs


def network_panels(fig, clusters, names: Sequence[str], /, *, title: str, lang: str) -> None:
    """A :class:`FigureSpec` builder: each group's network of a cluster comparison
    (:func:`integraatio.compare.compare_clusters`) on one layout, two panels a row, and
    for two groups their difference."""
    from .plot import plot_network, plot_network_difference

    panels = len(clusters.levels) + (clusters.difference is not None)
    fig.suptitle(title, fontweight="bold", x=0.02, ha="left")  # first: the panels' codes are placed in the final layout
    axes = list(fig.subplots(-(-panels // 2), 2, squeeze=False).ravel())
    for ax in axes[panels:]:
        ax.set_axis_off()
    for ax, level, name in zip(axes, clusters.levels, names):
        plot_network(clusters.graphs[level], nodes=clusters.nodes[level], ax=ax, key=False, scale_keys=False,
                     title=name, lang=lang)
    if clusters.difference is not None:
        plot_network_difference(clusters.difference, nodes=clusters.nodes[clusters.levels[0]], labels=tuple(names),
                                lang=lang, ax=axes[panels - 1], title=f"{names[1]} – {names[0]}")


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
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"sensitivity_{sensitivity.name}"
    written = [
        write_table(sensitivity.nodes, out / f"{stem}.csv"),
        write_table(sensitivity.leans, out / f"{stem}_leans.csv"),
    ]
    return written + draw(sensitivity_figures(sensitivity, out, formats=figure_formats(figures)))


def sensitivity_figures(sensitivity, out: str | Path, /, *, formats: Sequence[str]) -> list[FigureSpec]:
    """The figure of :func:`write_sensitivity`: the rerun's network; none without ``formats``."""
    from .messages import text
    from .plot import plot_network

    if not formats:
        return []
    rerun = sensitivity.analysis
    lang = rerun.parameters["lang"]
    return [FigureSpec(on_axes, (plot_network, rerun.graph), (11, 7.5), Path(out) / f"sensitivity_{sensitivity.name}",
                       tuple(formats), {"nodes": rerun.clusters, "lang": lang,
                                        "title": text("report.sensitivity", lang, name=sensitivity.name)})]
