"""Writing results: tables, figures and the run manifest. Nothing here computes statistics."""

from __future__ import annotations

import json
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .analysis import Analysis

__all__ = ["build_manifest", "save_figure", "write_results", "write_table"]

FIGURE_FORMATS = ("png", "svg", "pdf")
#: Packages whose versions can change a result; recorded in every manifest.
RECORDED_PACKAGES = ("numpy", "pandas", "scipy", "networkx", "scikit-learn", "matplotlib", "python-louvain")


def write_table(df: pd.DataFrame, path: str | Path, /) -> Path:
    """Write a tidy CSV: UTF-8, comma, ``\\n`` line ends, full float precision, empty = missing."""
    path = Path(path)
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def save_figure(fig, stem: str | Path, /, *, formats: Iterable[str] = FIGURE_FORMATS, dpi: int = 300) -> list[Path]:
    """Save a figure as PNG (``dpi``), SVG and PDF with the same bytes on every run.

    Dates, producer metadata and SVG id salts are what make figure files differ
    between otherwise identical runs; they are removed or fixed here.
    """
    import matplotlib

    stem = Path(stem)
    metadata_by_format = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }
    written = []
    with matplotlib.rc_context({"svg.hashsalt": "integraatio", "pdf.compression": 6}):
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata_by_format[fmt])
            written.append(path)
    return written


def _packages() -> dict[str, str]:
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
        ``reliability`` and ``packages``. ``rows_read == rows_scored + rows_excluded``.
    """
    s = analysis.scores
    return {
        "version": __version__,
        "parameters": {**analysis.parameters, **(extra or {})},
        "input": {
            "path": str(survey.path) if survey.path else None,
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
        "packages": _packages(),
    }


def write_results(
    analysis: Analysis, survey, out: str | Path, /, *, figures: bool = True, extra: Mapping[str, Any] | None = None
) -> list[Path]:
    """Write the spine's outputs into ``out`` (created if needed).

    Files: ``scores.csv``, ``exclusions.csv``, ``pairs.csv``, ``matrix.csv``,
    ``clusters.csv``, ``reliability.csv``, ``manifest.json`` and, with ``figures``,
    ``network.png``/``.svg``/``.pdf``. Names and columns follow DESIGN.md.

    Returns
    -------
    list of Path
        The files written.
    """
    from matplotlib.figure import Figure

    from .plot import plot_network

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_table(analysis.scores.scores, out / "scores.csv"),
        write_table(analysis.scores.exclusions, out / "exclusions.csv"),
        write_table(analysis.pairs, out / "pairs.csv"),
        write_table(analysis.matrix.reset_index(), out / "matrix.csv"),
        write_table(analysis.clusters, out / "clusters.csv"),
        write_table(analysis.scores.reliability, out / "reliability.csv"),
    ]
    if figures:
        # A bare Figure, not pyplot: no global state and no GUI backend needed.
        fig = Figure(figsize=(11, 7.5))
        plot_network(analysis.graph, nodes=analysis.clusters, ax=fig.subplots())
        written += save_figure(fig, out / "network")
    manifest = build_manifest(analysis, survey, extra=extra)
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    written.append(path)
    return written
