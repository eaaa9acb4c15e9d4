"""The whole analysis in one call: what ``integraatio run`` does, for scripts and notebooks.

:func:`run` reads the survey, runs every step its options ask for, and writes the results
folder; the command line parses options, calls it and prints. A results folder is
complete or absent: everything is written into a staging folder beside ``out``, the
manifest last with the size and SHA-256 of every other file, and the staging folder then
takes the place of ``out`` in one rename. :func:`verify` checks a folder against its
manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .exceptions import InputFileError, PrivacyError, UsageError
from .messages import said
from .messages import text as msg
from .options import RunOptions, takes_options
from .reporter import Reporter

if TYPE_CHECKING:
    import pandas as pd

    from .analysis import Analysis
    from .boundary import BoundaryAnalysis
    from .codebook import Codebook
    from .compare import ClusterComparison, Comparison
    from .survey import Survey
    from .reruns import Sensitivity
    from .response import Invitations
    from .results import FigureSpec
    from .stability import ResolutionSweep

__all__ = ["Reporter", "Run", "reexport", "run", "verify", "write_folder"]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Run:
    """The results of :func:`run`, in memory and as written.

    Attributes
    ----------
    path : pathlib.Path
        The results folder.
    codebook, survey, analysis
        The codebook, the survey as read and the analysis (with its bootstrap, if any).
    sweep, boundary, comparison, cluster_comparison
        The optional steps' results, None when not asked for.
    sensitivity : tuple
        The sensitivity reruns.
    files : tuple of str
        Every file of the folder, ``manifest.json`` last.
    manifest : dict
        ``manifest.json``.
    """

    path: Path
    codebook: Any
    survey: Any
    analysis: Any
    sweep: Any = None
    boundary: Any = None
    comparison: Any = None
    cluster_comparison: Any = None
    sensitivity: tuple = ()
    files: tuple[str, ...] = ()
    manifest: dict = field(default_factory=dict)


def _strata(text: str | Sequence[str] | None) -> list[str] | None:
    if text is None or isinstance(text, str) and text.strip().lower() in ("", "none"):
        return None
    return _listed(text)


def _listed(text: str | Sequence[str]) -> list[str]:
    """``"a, b"`` or ``["a", "b"]`` as ``["a", "b"]``: the command line's comma lists."""
    return [c.strip() for c in text.split(",") if c.strip()] if isinstance(text, str) else list(text)


def _inside(path: Path | None, folder: Path) -> bool:
    return path is not None and folder in Path(os.path.abspath(path)).parents


def _out_folder(out: str | os.PathLike, inputs: Sequence[Path | None]) -> Path:
    """The absolute results folder, after the checks that need no writing."""
    if str(out).strip() == "":
        raise UsageError(said("out.empty"))
    folder = Path(os.path.abspath(out))
    if folder.is_symlink():
        raise InputFileError(f"{out} is a symbolic link; results are never written through links. Pass a real folder.")
    if folder.exists() and not folder.is_dir():
        raise InputFileError(said("out.not_folder", out=out))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise InputFileError(
            said("out.not_results", out=out, manifest=MANIFEST)
        )
    for path in inputs:
        if _inside(path, folder):
            raise InputFileError(
                f"{path} is inside --out {out}, which a run replaces whole. Move the file out of the folder, or choose "
                "another --out."
            )
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _instance(pid: int) -> str:
    """What tells process ``pid`` from a later one that gets its number: its start time
    (``/proc/<pid>/stat`` field 22, Linux); empty where the system does not say."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _holder(lock: Path) -> int:
    """The pid of the live run that holds ``lock``, or 0 when it was left by a run that
    ended (its pid dead, or reused by another process). A lock that this user did not
    write, or that is not a plain file, is in the way and refused with its name: it may be
    another account's in a shared folder, and it is never followed or removed."""
    info = os.lstat(lock)
    if not stat.S_ISREG(info.st_mode) or hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise InputFileError(f"{lock} is in the way of the lock of --out: it is not a lock file of a run of yours. "
                             "Remove it, or choose another --out.")
    pid, _, instance = lock.read_text(encoding="ascii", errors="replace").strip().partition(" ")
    if not pid.isdigit() or not _alive(int(pid)):
        return 0
    return int(pid) if instance == _instance(int(pid)) else 0


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Keep a second run out of ``folder`` while this one writes it: a lock file beside it
    that names this process (pid and start time), created private, never through a link."""
    lock = folder.with_name(f".{folder.name}.lock")
    folder.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pid = _holder(lock)
            if pid:
                raise InputFileError(
                    said("out.locked", pid=pid, folder=folder)
                ) from None
            lock.unlink(missing_ok=True)  # left by a run that ended
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()} {_instance(os.getpid())}")
        break
    else:
        raise InputFileError(f"Cannot take the lock {lock}; remove it if no run is writing {folder}.")
    try:
        _clear_leftovers(folder)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _clear_leftovers(folder: Path) -> None:
    """Remove staging and old folders of this user's runs that were killed; pass over
    anything else of a similar name (another account's, or planted)."""
    for kind in ("staging", "old"):
        for entry in folder.parent.glob(f".{folder.name}.{kind}-*"):
            pid = entry.name[len(f".{folder.name}.{kind}-"):].split("-")[0]
            info = os.lstat(entry)
            ours = stat.S_ISDIR(info.st_mode) and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid())
            if ours and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _seal(stage: Path, warnings: Sequence[str]) -> dict:
    """Rewrite the manifest last, listing every other file with its size and SHA-256."""
    from .results import write_json

    manifest = json.loads((stage / MANIFEST).read_text(encoding="utf-8"))
    manifest["warnings"] = list(dict.fromkeys([*manifest.get("warnings", []), *warnings]))
    manifest["files"] = [
        {"name": p.name, "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(stage.iterdir(), key=lambda p: p.name)
        if p.name != MANIFEST
    ]
    write_json(manifest, stage / MANIFEST)
    return manifest


def write_folder(out: str | os.PathLike, write: Callable[[Path], Sequence[str]], /, *, inputs: Sequence[Path | None] = (),
                 start: Path | None = None) -> tuple[Path, dict]:
    """Write a results folder so that it is complete or absent.

    Parameters
    ----------
    out : path
        The results folder: new, empty, or an earlier results folder, which is replaced whole.
    write : callable
        ``write(stage)`` writes every file but the final manifest into the staging folder
        (``manifest.json`` with the run's parameters included) and returns the warnings.
    inputs : sequence of path
        Files the run reads; one inside ``out`` is refused, since ``out`` is replaced.
    start : pathlib.Path, optional
        A folder whose files the staging folder starts from (``integraatio export``).

    Returns
    -------
    (pathlib.Path, dict)
        The folder and its manifest.
    """
    folder = _out_folder(out, inputs)
    with _locked(folder):
        # A new name no other account can have taken, listable by this user alone while it is
        # written (mkdtemp: mode 0700); the folder gets the usual permissions when it is put in place.
        stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.staging-{os.getpid()}-", dir=folder.parent))
        try:
            if start is not None:
                shutil.copytree(start, stage, symlinks=True, dirs_exist_ok=True)
                os.chmod(stage, 0o700)  # copytree gives it the earlier folder's mode
                for p in stage.iterdir():
                    if p.is_symlink():
                        p.unlink()
            manifest = _seal(stage, write(stage))
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
            if folder.exists():
                os.replace(folder, old)
            os.chmod(stage, 0o777 & ~_umask())
            os.replace(stage, folder)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    return folder, manifest


def verify(folder: str | os.PathLike, /) -> list[str]:
    """Check a results folder against its manifest.

    Parameters
    ----------
    folder : path

    Returns
    -------
    list of str
        One line per problem (a file listed but missing, of another size or SHA-256; no
        manifest, or one without its file list); empty when the folder is complete.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "results"
    >>> _ = run(out=out, figures=False, exports=False, report=False)
    >>> verify(out)
    []
    >>> (out / "pairs.csv").write_text("damaged")
    7
    >>> verify(out)  # doctest: +ELLIPSIS
    ['pairs.csv: ... bytes, the manifest says ...']
    """
    folder = Path(folder)
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except FileNotFoundError:
        return [said("verify.no_manifest", manifest=MANIFEST, folder=folder)]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [said("verify.bad_manifest", manifest=MANIFEST, error=error)]
    problems = []
    for entry in files:
        p = folder / str(entry.get("name", ""))
        if p.is_symlink() or not p.is_file():
            problems.append(said("verify.missing", file=p.name))
        elif p.stat().st_size != entry.get("bytes"):
            problems.append(said("verify.size", file=p.name, size=p.stat().st_size, listed=entry.get("bytes")))
        elif _sha256(p) != entry.get("sha256"):
            problems.append(said("verify.sha256", file=p.name))
    return problems


@dataclass(frozen=True)
class _Sources:
    """The files a run reads, with the defaults filled in."""

    survey: Path
    codebook: Path | None
    scenarios: Path | None
    invitations: Path | None  # the weights file when it is the only one given
    weights_file: Path | None  # a weights file other than the invitations
    weights_column: str | None  # "column:NAME"'s NAME

    @property
    def paths(self) -> list[Path | None]:
        """What must not be inside ``out``: the survey, the codebook, the scenarios and the invitations."""
        return [self.survey, self.codebook, self.scenarios, self.invitations]


@dataclass(frozen=True)
class _Read:
    """What a run has read and checked before it analyses."""

    codebook: Codebook
    survey: Survey
    data: pd.DataFrame  # the survey's, with each respondent's ``survey_weight`` when weighted
    weighted: dict[str, Any] | None  # the weights as the manifest records them
    invited: Invitations | None
    response: pd.DataFrame | None


@dataclass(frozen=True)
class _Findings:
    """Everything a run computes, as :class:`Run` returns it."""

    analysis: Analysis
    sweep: ResolutionSweep | None
    boundary: BoundaryAnalysis | None
    comparison: Comparison | None
    cluster_comparison: ClusterComparison | None
    sensitivity: tuple[Sensitivity, ...]
    cant_say: Any = None  # reruns.CantSay with --cant-say-lowest


@takes_options(RunOptions)
def run(input: str | os.PathLike | None = None, /, *, out: str | os.PathLike = "results",
        codebook: str | os.PathLike | None = None, reporter: Reporter | None = None, options: RunOptions) -> Run:
    """Run the full analysis and write its results folder: ``integraatio run`` in Python.

    Options are named as the command line's, with underscores, and have its defaults
    (:class:`~integraatio.options.RunOptions`); the same options write the same bytes as
    the command. The survey is read and analysed, every table written, and then the
    figures drawn, before the files for other programs and the report that embed them.

    Parameters
    ----------
    input : path, optional
        The survey (.csv, .xlsx or .sav, long or wide); default the shipped synthetic survey.
    out : path, default "results"
        The results folder. A new or empty folder, or an earlier results folder, which is
        replaced whole once everything is written (README: "The results folder").
    codebook : path, optional
        Default: the shipped survey's codebook (a warning says so when it reads another file).
    reporter : Reporter, optional
        Status lines, progress bars and notes (the command line's); default silent.
    seed, min_n, measure, bootstrap, compare_by, ...
        The options of :class:`~integraatio.options.RunOptions`, each by name; or
        ``options``, all of them at once.

    Returns
    -------
    Run

    Raises
    ------
    IntegraatioError
        A problem with the input, the options or the output folder; nothing was written.

    Examples
    --------
    >>> import tempfile
    >>> r = run(out=Path(tempfile.mkdtemp()) / "results", figures=False, exports=False, report=False)
    >>> r.files[-1], len(r.analysis.partition.clusters)
    ('manifest.json', 2)
    """
    from .checks import figure_formats
    from .results import draw
    from .survey.cells import uncategorised
    from .survey.checks import CATEGORICAL_TEXT

    drawn = figure_formats(_listed(options.figure_formats)) if options.figures else ()  # before the work starts
    say = reporter or Reporter()
    sources = _sources(input, codebook, options)
    _out_folder(out, sources.paths)
    read = _read(sources, options, say)
    found = _analyse(read, options, say)
    if options.cant_say_lowest:
        found = replace(found, cant_say=_cant_say(sources, read, found, say, options))

    def write(stage: Path) -> list[str]:
        with say.status(msg("status.writing", options.lang, out=out)):
            draw(_write_tables(stage, read, found, options, drawn=drawn))  # every figure after every table
            _write_exports(stage, options)
        return []

    # Locked and staged only now: nothing is written, so nothing is left behind, until the analysis has ended.
    folder, manifest = write_folder(out, write, inputs=sources.paths)
    # The tables as read_survey gives them: text columns (a notebook's text operations work), not
    # the categoricals the run grouped, hashed and wrote by their codes.
    scores, text = found.analysis.scores, uncategorised(read.survey.data, CATEGORICAL_TEXT)
    survey = replace(read.survey, data=text)
    # The scores hold the survey's table itself unless the run added a column to it: converted once.
    scored = text if scores.data is read.survey.data else uncategorised(scores.data, CATEGORICAL_TEXT)
    analysis = replace(found.analysis, scores=replace(scores, data=scored))
    return Run(path=folder, codebook=read.codebook, survey=survey, analysis=analysis, sweep=found.sweep,
               boundary=found.boundary, comparison=found.comparison, cluster_comparison=found.cluster_comparison,
               sensitivity=found.sensitivity, files=(*(f["name"] for f in manifest["files"]), MANIFEST),
               manifest=manifest)


def _sources(input: str | os.PathLike | None, codebook: str | os.PathLike | None, options: RunOptions) -> _Sources:
    """The files to read: the shipped survey and its invitations unless told otherwise; a
    weights file is also the invitations file when no other is given."""
    from .paths import invitations_path, survey_path

    weights, invitations = options.weights, options.invitations
    if invitations is None and input is None:
        invitations = invitations_path()
    column = weights[len("column:"):] if isinstance(weights, str) and weights.startswith("column:") else None
    if weights is not None and invitations is None and column is None:
        invitations = weights
    other = weights is not None and column is None and invitations is not weights
    return _Sources(survey=Path(input) if input is not None else survey_path(), codebook=codebook and Path(codebook),
                    scenarios=options.scenarios and Path(options.scenarios),
                    invitations=invitations and Path(invitations), weights_file=Path(weights) if other else None,
                    weights_column=column)


def _read(sources: _Sources, options: RunOptions, say: Reporter) -> _Read:
    """Read the codebook, the survey and the invitations, say what the reading noticed, and
    check what the options ask of them (the columns, the strata, the weights)."""
    from .codebook import load_codebook
    from .survey import read_survey, shipped_codebook_warning
    from .survey.checks import check_groupings
    from .response import read_invitations, response_rates

    with say.status(msg("status.reading", options.lang)):
        cb = load_codebook(sources.codebook)
        # Categorical text: millions of rows are scored, keyed, hashed and written by their codes (issue 26).
        survey = read_survey(sources.survey, codebook=cb, pseudonym_key=options.pseudonym_key, sheet=options.sheet,
                             delimiter=options.delimiter,
                             self_ratings=options.self_ratings, include_incomplete=options.include_incomplete,
                             resubmissions=options.resubmissions, categorical=True)
    warning = None if sources.codebook else shipped_codebook_warning(sources.survey)
    if warning is not None:  # never silent: in the manifest too
        survey = replace(survey, warnings=(*survey.warnings, warning))
    for note in survey.notes:
        say.note(note.text(options.lang))
    for warning in survey.warnings:
        say.warn(warning.text(options.lang))
    _check_columns(survey, cb, keep_columns=options.keep_columns, compare_by=options.compare_by,
                   strata=_strata(options.strata))
    invited = None if sources.invitations is None else read_invitations(sources.invitations, columns=survey.data.columns)
    check_groupings(survey.data, cb, uses={"--compare-by": [options.compare_by],
                                          "--strata": _strata(options.strata) or [] if options.bootstrap else [],
                                          **({invited.path.name: invited.strata} if invited is not None else {})})
    response = None if invited is None else response_rates(invited, survey.data)  # errors before the work
    silent = _without_respondents(response)
    if silent is not None:  # console, manifest and report, as the reader's warnings
        survey = replace(survey, warnings=(*survey.warnings, silent))
        say.warn(silent.text(options.lang))
    data, weighted = _weighted(survey, sources, invited, options, codebook=cb)
    return _Read(codebook=cb, survey=survey, data=data, weighted=weighted, invited=invited, response=response)


def _min_strata() -> int:
    from .response import MIN_STRATA

    return MIN_STRATA


def _few_strata(result: Analysis, read: _Read) -> list[str]:
    """The published cells of a run weighted by invitations whose ratings come from fewer
    than ``response.MIN_STRATA`` weighting strata, as ``own>target``."""
    from .response import strata_per_cell

    strata = (read.weighted or {}).get("strata")
    if not strata:
        return []
    counts = strata_per_cell(result.scores.scores, strata)
    shown = result.pairs.loc[~result.pairs["suppressed"].to_numpy(bool), ["own_group", "target_group"]].astype(str)
    few = shown.merge(counts, on=["own_group", "target_group"])
    few = few.loc[few["strata"] < _min_strata()]
    return [f"{o}>{t}" for o, t in zip(few["own_group"], few["target_group"])]


def _merges(cb, invited: Invitations | None) -> dict[str, str]:
    """Strata to collapse into a larger one when they have no respondent: the codebook's
    ``[[municipalities]]`` key ``merge_into``, when the invitations' first stratum is the municipality."""
    if invited is None or invited.strata[0] != "municipality":
        return {}
    return {m: str(a["merge_into"]) for m, a in cb.municipality_attributes.items() if "merge_into" in a}


def _share_without(response: pd.DataFrame) -> float:
    """Share of the invited in strata without a respondent (``response.csv``'s total row last)."""
    from .response import without_respondents

    total = response["invited"].iloc[-1]
    return float(without_respondents(response)["invited"].sum() / total) if total > 0 else 0.0


def _without_respondents(response: pd.DataFrame | None):
    """The warning of the share of the invited in strata without a respondent (a
    :class:`~integraatio.messages.Message`); None when there are none."""
    from .messages import Message
    from .response import without_respondents

    silent = None if response is None else without_respondents(response)
    if silent is None or not len(silent):
        return None
    strata = [c for c in response.columns if c not in ("invited", "respondents", "rate")]
    return Message.of("warn.without_respondents", share=round(100 * _share_without(response), 1),
                      invited=int(silent["invited"].sum()), total=int(response["invited"].iloc[-1]),
                      strata="; ".join(" / ".join(str(r[c]) for c in strata) for _, r in silent.iterrows()))


def _weighted(survey: Survey, sources: _Sources, invited: Invitations | None, options: RunOptions, *,
              codebook) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """The survey's data with each respondent's ``survey_weight``, and the manifest's record
    of the weights; unweighted, the data as read and None."""
    from .response import column_weights, read_invitations, respondent_weights, response_rates, without_respondents

    data = survey.data
    if options.weights is None:
        return data, None
    if sources.weights_column is not None:
        file, w = None, column_weights(data, sources.weights_column, file=sources.survey.name)
    else:
        file = invited if sources.weights_file is None else read_invitations(sources.weights_file, columns=data.columns)
        merge = _merges(codebook, file)
        w = respondent_weights(file, data, merge=merge)
        silent = without_respondents(response_rates(file, data))[file.strata[0]].astype(str)
        merged = {m: merge[m] for m in silent if m in merge}
    summary = _weight_summary(options.weights, w, data, file)
    return data.assign(survey_weight=w), summary | ({"merged": merged} if file is not None and merged else {})


def _analyse(read: _Read, options: RunOptions, say: Reporter) -> _Findings:
    """Score and analyse the survey, then the steps the options ask for, in order."""
    from .analysis import analyse_scores
    from .composite import score

    cb = read.codebook
    scored = score(read.data, measure=options.measure, missing=options.missing)
    with say.status(msg("status.analysing", options.lang)):
        result = analyse_scores(scored, codebook=cb, weights=None if options.weights is None else "survey_weight",
                                options=options)
    few = _few_strata(result, read)
    if few:  # console, manifest and report, with the analysis's own warnings
        result = replace(result, warnings=(*result.warnings, msg("warn.few_strata", options.lang, n=len(few),
                                                                 min=_min_strata(), cells=", ".join(few))))
    for text in result.warnings:
        say.warn(text)
    _check_sizes(len(cb.codes), bootstrap=options.bootstrap, sweep=options.sweep,
                 sweep_replicates=options.sweep_replicates)
    result, swept = _stability(result, say, options)
    found = None if options.boundary is False else _boundary(result, cb, say, options)
    compared, clusters = _compare(result, cb, say, options) if options.compare_by else (None, None)
    return _Findings(analysis=result, sweep=swept, boundary=found, comparison=compared, cluster_comparison=clusters,
                     sensitivity=tuple(_sensitivities(result, cb, say, options, compared)))


def _write_tables(stage: Path, read: _Read, found: _Findings, options: RunOptions, *,
                  drawn: Sequence[str]) -> list[FigureSpec]:
    """Write every table and JSON file of the run into ``stage``; the figures to draw, in
    the formats ``drawn``."""
    from .results import (boundary_figures, comparison_figures, results_figures, sensitivity_figures, sweep_figures,
                          write_boundary, write_comparison, write_results, write_sensitivity, write_sweep, write_table)

    result, cb, lang = found.analysis, read.codebook, options.lang
    write_results(result, read.survey, stage, figures=False, extra=_extra(read, found, options),
                  keep_columns=options.keep_columns)
    figures = results_figures(result, stage, formats=drawn)
    if read.response is not None:
        write_table(read.response, stage / "response.csv")
    if found.sweep is not None:
        write_sweep(found.sweep, stage, figures=False)
        figures += sweep_figures(found.sweep, stage, formats=drawn, resolution=options.resolution, lang=lang)
    if found.boundary is not None:
        write_boundary(found.boundary, stage, analysis=result, figures=False)
        figures += boundary_figures(found.boundary, stage, analysis=result, formats=drawn)
    if found.comparison is not None:
        shown = dict(codebook=cb, clusters=found.cluster_comparison, views=options.view, lang=lang)
        write_comparison(found.comparison, stage, figures=False, **shown)
        figures += comparison_figures(found.comparison, stage, formats=drawn, **shown)
    for rerun in found.sensitivity:
        write_sensitivity(rerun, stage, figures=False)
        figures += sensitivity_figures(rerun, stage, formats=drawn)
    if found.cant_say is not None:
        write_table(found.cant_say.nodes, stage / "sensitivity_cant_say.csv")
    return figures


def _write_exports(stage: Path, options: RunOptions) -> None:
    """The files for other programs and the report, rebuilt from the files just written
    exactly as ``integraatio export`` does; the workbook and the report embed figures."""
    from .interchange import EXPORT_FORMATS, write_exports

    if options.exports:
        write_exports(stage, formats=[f for f in EXPORT_FORMATS if f != "report"])
    if options.report:
        write_exports(stage, formats=["report"])


def _extra(read: _Read, found: _Findings, options: RunOptions) -> dict[str, Any]:
    """What the manifest records besides the analysis's own parameters."""
    cb, lang = read.codebook, options.lang
    extra: dict[str, Any] = {"codebook": cb.path.name if cb.path else None, "codebook_sha256": cb.sha256}
    if read.weighted is not None:
        few = _few_strata(found.analysis, read)
        extra["weights"] = read.weighted | ({"few_strata": {"min_strata": _min_strata(), "cells": few}} if few else {})
    if read.invited is not None:
        # The report names the strata from here, in the run's language: it never reopens the codebook.
        labels = {c: {v: cb.level_label(c, v, lang) for v in read.response[c].unique()} for c in read.invited.strata}
        extra["invitations"] = {"file": read.invited.path.name, "sha256": read.invited.sha256,
                                "strata": list(read.invited.strata), "ignored_columns": list(read.invited.ignored),
                                "level_labels": labels, "share_without_respondents": _share_without(read.response)}
    if found.boundary is not None:
        extra["boundary"] = found.boundary.parameters
    if found.cant_say is not None:
        extra["cant_say"] = dict(found.cant_say.summary)
    if found.comparison is not None:
        # The report names the levels from here: it never reopens the codebook.
        levels = [*found.comparison.levels, "all"]
        labels = {lv: cb.level_label(options.compare_by, lv, lang) for lv in levels}
        extra["compare"] = {**found.comparison.parameters, "level_labels": labels}
    if found.sensitivity:
        extra["sensitivity"] = [r.name for r in found.sensitivity]
    if found.sweep is not None:
        extra["resolution_sweep"] = dict(found.sweep.parameters)
    return extra


def _weight_summary(source, w, data, invited) -> dict[str, Any]:
    """What the manifest records of the weights: where from, their range and Kish's design
    effect n * sum(w^2) / sum(w)^2 over respondents (1 when all weigh the same)."""
    one = data.assign(w=w).drop_duplicates("respondent_id")["w"].to_numpy(dtype=float)
    summary: dict[str, Any] = {"source": str(source) if invited is None else invited.path.name,
                               "min": float(one.min()), "max": float(one.max()),
                               "design_effect": float(len(one) * (one**2).sum() / one.sum() ** 2)}
    if invited is not None:
        summary |= {"sha256": invited.sha256, "strata": list(invited.strata)}
    return summary


def _check_sizes(groups: int, *, bootstrap: int, sweep, sweep_replicates: int) -> None:
    """Refuse replicate counts whose arrays would not fit in memory, before the work starts."""
    from .limits import check_memory

    # A replicate keeps its G x G cell means twice (all replicates, and those kept for the
    # boundary's intervals) and its G memberships and co-assignments.
    each = 8.0 * (2 * groups * groups + 2 * groups)
    check_memory("--bootstrap", bootstrap, bytes_each=each)
    if sweep:
        check_memory("--sweep-replicates", sweep_replicates * len(sweep), bytes_each=each)


def _check_columns(survey, cb, *, keep_columns: Sequence[str], compare_by: str | None, strata) -> None:
    """Options that carry survey columns into outputs: present, and identifying nobody."""
    from .privacy import check_published_columns
    from .results import SCORE_COLUMNS

    asked = [*keep_columns, *([compare_by] if compare_by else []), *(strata or [])]
    dropped = {c: why for c, why in survey.dropped_columns.items() if c in asked and "identifies a person" in why}
    if dropped:
        raise PrivacyError(
            "; ".join(f"{c!r} {why.split(':')[0]}" for c, why in dropped.items())
            + ": it was dropped when the survey was read and cannot group, stratify or be kept. Choose a column that "
            "groups respondents, or list it in the codebook's [privacy] keep if it identifies nobody."
        )
    missing = [c for c in keep_columns if c not in survey.data.columns]
    if missing:
        raise UsageError(f"--keep-columns names {', '.join(map(repr, missing))}, not a column of the survey as read "
                         f"(identifying columns are dropped at load); choose from "
                         f"{', '.join(c for c in survey.data.columns if c not in SCORE_COLUMNS) or 'none'}.")
    for option, columns in (("--keep-columns", keep_columns), ("--compare-by", [compare_by] if compare_by else []),
                            ("--strata", strata or [])):
        check_published_columns(survey.data, [c for c in columns if c not in SCORE_COLUMNS], codebook=cb, why=option)


def _stability(result: Analysis, say: Reporter, options: RunOptions) -> tuple[Analysis, ResolutionSweep | None]:
    """The bootstrap (attached to the result) and the resolution sweep."""
    from .stability import attach_bootstrap, bootstrap, resolution_sweep

    swept = None
    common = dict(strata=_strata(options.strata), n_jobs=options.jobs, seed=options.seed)
    if options.bootstrap:
        with say.progress(msg("status.bootstrap", options.lang, engine=result.partition.engine),
                          options.bootstrap) as advance:
            result = attach_bootstrap(result, bootstrap(result, replicates=options.bootstrap, progress=advance, **common))
    if options.sweep is not None:
        total = options.sweep_replicates * len(options.sweep)
        with say.progress(msg("status.sweep", options.lang), total) as advance:
            swept = resolution_sweep(result, resolutions=options.sweep, replicates=options.sweep_replicates,
                                     progress=advance, **common)
    return result, swept


def _boundary(result: Analysis, cb: Codebook, say: Reporter, options: RunOptions) -> BoundaryAnalysis | None:
    """The boundary step (intervals from the result's bootstrap, if any); None when not
    asked for and the codebook draws no boundary and no scenario file asks for one."""
    from .boundary import analyse_boundary, divides, read_scenarios

    scenarios = options.scenarios
    if not options.boundary and scenarios is None and not divides(cb):
        return None
    with say.status(msg("status.boundary", options.lang)):
        plan = read_scenarios(scenarios, codebook=cb) if scenarios else None
        return analyse_boundary(result, codebook=cb, plan=plan)


def _cant_say(sources: _Sources, read: _Read, found: _Findings, say: Reporter, options: RunOptions):
    """The rerun with "can't say" scored as the lowest answer: the survey read again with
    the "can't say" codes kept as numbers, each respondent keeping their weight."""
    from .boundary import analyse_boundary, read_scenarios
    from .reruns import cant_say_as_lowest, cant_say_sensitivity
    from .survey import read_survey

    cb = read.codebook
    codes = cb.scale.missing
    kept = replace(cb, scale=replace(cb.scale, min=min(cb.scale.min, *codes), max=max(cb.scale.max, *codes), missing=()))
    with say.status(msg("status.cant_say", options.lang)):
        survey = read_survey(sources.survey, codebook=kept, pseudonym_key=options.pseudonym_key, sheet=options.sheet,
                             self_ratings=options.self_ratings, include_incomplete=options.include_incomplete)
        data = cant_say_as_lowest(survey.data, codebook=cb)
        if read.weighted is not None:
            weight = read.data.drop_duplicates("respondent_id").set_index("respondent_id")["survey_weight"]
            data = data.assign(survey_weight=data["respondent_id"].map(weight))
        plan = read_scenarios(options.scenarios, codebook=cb) if options.scenarios else None
        return cant_say_sensitivity(found.analysis, data, codebook=cb, boundary=found.boundary,
                                    rerun_boundary=lambda a: analyse_boundary(a, codebook=cb, plan=plan))


def _compare(result: Analysis, cb: Codebook, say: Reporter,
             options: RunOptions) -> tuple[Comparison, ClusterComparison | None]:
    """Group comparison and cluster comparison of the column ``compare_by``."""
    from .compare import compare_clusters, compare_groups
    from .exceptions import InsufficientDataError

    by = options.compare_by
    asked = dict(codebook=cb, by=by, permutation_unit=options.permutation_unit, seed=options.seed,
                 **({} if options.permutations is None else {"permutations": options.permutations}))
    with say.status(msg("status.compare", options.lang, by=by)):
        comparison = compare_groups(result, **asked)
        try:
            clusters = compare_clusters(result, **asked)
        except InsufficientDataError as error:  # the cell comparison stands without it
            say.note(msg("warn.clusters_not_compared", options.lang, error=error))
            clusters = None
    return comparison, clusters


def _sensitivities(result: Analysis, cb: Codebook, say: Reporter, options: RunOptions,
                   compared: Comparison | None) -> list[Sensitivity]:
    """Sensitivity reruns, with the bootstrap attached to ``result`` if any, each audited
    with the comparison's levels and the reruns before it (:func:`integraatio.disclosure.isolated`)."""
    from .reruns import sensitivity

    asked = ([("exclude", s) for s in options.exclude_subgroup] + [("only", s) for s in options.only_subgroup]
             + [("split", s) for s in options.split_subgroup])
    if not asked:
        return []
    done: list[Sensitivity] = []
    with say.status(msg("status.sensitivity", options.lang)):
        for m, s in asked:
            linked = [*([compared.cells] if compared is not None else []), *(d.cells for d in done)]
            done.append(sensitivity(result, codebook=cb, subgroup=s, mode=m, replicates=None, seed=options.seed,
                                    linked=linked))
    return done


def reexport(folder: str | os.PathLike, /, *, formats: Sequence[str] = ("all",), threshold: float = 140.0) -> list[str]:
    """Rewrite an earlier run's files for other programs from the folder alone (``integraatio export``).

    The folder is checked against its manifest first and refused when damaged; the new
    files replace the folder as a whole, with its manifest updated.

    Returns
    -------
    list of str
        The names of the files written.
    """
    from .interchange import write_exports

    folder = Path(folder)
    problems = verify(folder)
    if problems:
        raise InputFileError(
            f"{folder} does not match its manifest, so it is not exported: " + " ".join(problems[:5])
            + " Run the analysis again into this folder."
        )
    written: list[str] = []

    def write(stage: Path) -> list[str]:
        written.extend(p.name for p in write_exports(stage, formats=formats, threshold=threshold))
        return []

    write_folder(folder, write, start=folder)
    return written

