"""``integraatio waves BASE NEW``: read two waves, compare them and write the results folder.

The folder follows the results-folder contract (docs/contract.md): written into a staging
folder and put in place whole, ``manifest.json`` last with every file's size and SHA-256.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks import check_choice
from ..messages import check_lang
from ..messages import text as msg
from ..reporter import Reporter
from .compare import WaveComparison, compare_waves
from .scale import SCALES

__all__ = ["WAVES_FIGURES", "WavesRun", "waves"]

#: Formats of the figures of a wave comparison.
WAVES_FIGURES = ("png", "svg")


@dataclass(frozen=True)
class WavesRun:
    """The results of :func:`waves`, in memory and as written.

    Attributes
    ----------
    path : pathlib.Path
        The results folder.
    comparison : WaveComparison
    mapping : GroupMap
    surveys : tuple
        The two surveys as read (:class:`integraatio.survey.Survey`).
    manifest : dict
    """

    path: Path
    comparison: WaveComparison
    mapping: Any
    surveys: tuple
    manifest: dict = field(default_factory=dict)


def _read(base: Path, new: Path, codebook, codebook_new, mapping, say: Reporter, lang: str):
    """Both codebooks, the mapping, and both waves read and put on the common codes."""
    from ..codebook import load_codebook
    from ..survey import read_survey
    from .mapping import map_groups, read_map, recode

    with say.status(msg("waves.status.reading", lang)):
        cbs = [load_codebook(codebook), load_codebook(codebook_new or codebook)]
        entries, sha = read_map(mapping) if mapping is not None else (None, None)
        groups = map_groups(*cbs, entries=entries, path=mapping, sha256=sha)
        surveys = tuple(read_survey(p, codebook=cb) for p, cb in zip((base, new), cbs))
    for s in surveys:
        for warning in s.warnings:
            say.warn(warning.text(lang))
    data = [recode(s.data, codes=m) for s, m in zip(surveys, (groups.base, groups.new))]
    return cbs, groups, surveys, data


def waves(base: str | os.PathLike, new: str | os.PathLike, /, *, out: str | os.PathLike = "waves",
          codebook: str | os.PathLike | None = None, codebook_new: str | os.PathLike | None = None,
          mapping: str | os.PathLike | None = None, scenarios: str | os.PathLike | None = None, scale: str = "base",
          bootstrap: int = 200, permutations: int = 9999, min_n: int = 5, lang: str = "fi", figures: bool = True,
          reporter: Reporter | None = None, seed: int = 1) -> WavesRun:
    """Compare two survey waves and write the results folder: ``integraatio waves`` in Python.

    Parameters
    ----------
    base, new : path
        The base wave's and the new wave's surveys (.csv, .xlsx or .sav, long or wide).
    out : path, default "waves"
        The results folder: new, empty or an earlier results folder (replaced whole).
    codebook : path, optional
        The base wave's codebook; default the shipped one.
    codebook_new : path, optional
        The new wave's codebook; default the same as the base wave's.
    mapping : path, optional
        The mapping of groups renamed, split or merged between the codebooks
        (:mod:`integraatio.twowaves.mapping`); needed when their codes differ.
    scenarios : path, optional
        A boundary scenario file (:func:`integraatio.boundary.read_scenarios`), read with
        the common codebook.
    scale, bootstrap, permutations, min_n, lang, seed
        As in :func:`~integraatio.twowaves.compare.compare_waves` (``bootstrap`` is its
        ``replicates``).
    figures : bool, default True
    reporter : Reporter, optional
        Status lines and warnings (the command line's); default silent.

    Returns
    -------
    WavesRun

    Raises
    ------
    CodebookError
        A group of either wave has no counterpart in the other (named), or the mapping is wrong.

    Examples
    --------
    >>> import tempfile
    >>> from integraatio.datasets import survey_path
    >>> out = Path(tempfile.mkdtemp()) / "waves"
    >>> r = waves(survey_path(), survey_path(), out=out, bootstrap=0, permutations=99, figures=False)
    >>> r.comparison.summary["cells_flagged"], round(r.comparison.summary["mean_change"], 9)
    (0, 0.0)
    """
    from ..boundary import read_scenarios
    from ..pipeline import write_folder
    from .report import write_waves

    check_lang(lang)
    check_choice("scale", scale, SCALES)  # before the surveys are read
    say = reporter or Reporter()
    paths = [Path(base), Path(new)]
    cbs, groups, surveys, data = _read(*paths, codebook, codebook_new, mapping, say, lang)
    plan = read_scenarios(scenarios, codebook=groups.codebook) if scenarios else None
    with say.status(msg("waves.status.comparing", lang)):
        result = compare_waves(*data, codebook=groups.codebook, scale=scale, replicates=bootstrap,
                               permutations=permutations, plan=plan, min_n=min_n, lang=lang, seed=seed)
    extra = {"codebook": [cb.path.name if cb.path else None for cb in cbs], "codebook_sha256": [cb.sha256 for cb in cbs],
             "mapping": groups.path, "mapping_sha256": groups.sha256,
             "scenario_file": Path(scenarios).name if scenarios else None}
    inputs = [*paths, *(Path(p) for p in (codebook, codebook_new, mapping, scenarios) if p is not None)]
    folder, manifest = write_folder(
        out, lambda stage: write_waves(result, groups, surveys, stage, extra=extra,
                                       formats=WAVES_FIGURES if figures else ()),
        inputs=inputs)
    return WavesRun(path=folder, comparison=result, mapping=groups, surveys=surveys, manifest=manifest)
