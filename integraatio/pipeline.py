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
import math
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .exceptions import InputFileError, PrivacyError, UsageError
from .messages import text as msg
from .options import FIGURE_FORMATS_RUN, SEED
from .reporter import Reporter

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


def _check_options(resolution: float, sweep: Sequence[float] | None) -> None:
    for name, value in [("resolution", resolution), *(("sweep", r) for r in sweep or ())]:
        if not math.isfinite(value):
            raise UsageError(f"`{name}` must be a finite number; got {value!r}.")


def _inside(path: Path | None, folder: Path) -> bool:
    return path is not None and folder in Path(os.path.abspath(path)).parents


def _out_folder(out: str | os.PathLike, inputs: Sequence[Path | None]) -> Path:
    """The absolute results folder, after the checks that need no writing."""
    if str(out).strip() == "":
        raise UsageError("--out is empty; name the results folder, e.g. --out results.")
    folder = Path(os.path.abspath(out))
    if folder.is_symlink():
        raise InputFileError(f"{out} is a symbolic link; results are never written through links. Pass a real folder.")
    if folder.exists() and not folder.is_dir():
        raise InputFileError(f"{out} exists and is not a folder; pass a new or earlier results folder as --out.")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise InputFileError(
            f"{out} is a folder with files but no {MANIFEST}, so not an earlier results folder: a run replaces its "
            "whole --out folder. Pass a new or empty folder, or an earlier results folder."
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


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Keep a second run out of ``folder`` while this one writes it (a lock file beside it)."""
    lock = folder.with_name(f".{folder.name}.lock")
    folder.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="ascii").strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise InputFileError(
                    f"Another run (process {pid}) is writing {folder}. Wait for it to finish, or choose another --out."
                ) from None
            lock.unlink(missing_ok=True)  # left by a run that was killed
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(str(os.getpid()))
        break
    else:
        raise InputFileError(f"Cannot take the lock {lock}; remove it if no run is writing {folder}.")
    try:
        for stale in folder.parent.glob(f".{folder.name}.staging-*"):  # killed runs' leftovers
            if not _alive(int(stale.name.rsplit("-", 1)[1] or 0)):
                shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        lock.unlink(missing_ok=True)


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
        stage = folder.with_name(f".{folder.name}.staging-{os.getpid()}")
        shutil.rmtree(stage, ignore_errors=True)
        try:
            if start is not None:
                shutil.copytree(start, stage, symlinks=True)
                for p in stage.iterdir():
                    if p.is_symlink():
                        p.unlink()
            else:
                stage.mkdir()
            manifest = _seal(stage, write(stage))
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            if folder.exists():
                os.replace(folder, old)
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
        return [f"{MANIFEST} not found: {folder} is not an integraatio output folder, or its run did not finish."]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{MANIFEST} is unreadable or has no file list ({error}): the run did not finish."]
    problems = []
    for entry in files:
        p = folder / str(entry.get("name", ""))
        if p.is_symlink() or not p.is_file():
            problems.append(f"{p.name}: listed in the manifest but missing.")
        elif p.stat().st_size != entry.get("bytes"):
            problems.append(f"{p.name}: {p.stat().st_size} bytes, the manifest says {entry.get('bytes')}.")
        elif _sha256(p) != entry.get("sha256"):
            problems.append(f"{p.name}: its SHA-256 differs from the manifest's.")
    return problems


def run(
    input: str | os.PathLike | None = None,
    /,
    *,
    out: str | os.PathLike = "results",
    codebook: str | os.PathLike | None = None,
    pseudonym_key: str | None = None,
    sheet: str | int | None = None,
    self_ratings: bool = False,
    include_incomplete: bool = False,
    keep_columns: Sequence[str] = (),
    seed: int | None = SEED,
    min_n: int = 5,
    measure: str = "composite",
    missing: str = "complete",
    weighting: str = "excess",
    symmetrise: str = "mean",
    resolution: float = 1.0,
    engine: str = "auto",
    lang: str = "fi",
    figures: bool = True,
    figure_formats: str | Sequence[str] = FIGURE_FORMATS_RUN,
    invitations: str | os.PathLike | None = None,
    weights: str | os.PathLike | None = None,
    exports: bool = True,
    report: bool = True,
    bootstrap: int = 0,
    strata: str | Sequence[str] | None = "own_group",
    jobs: int = 1,
    sweep: Sequence[float] | None = None,
    sweep_replicates: int = 200,
    scenarios: str | os.PathLike | None = None,
    boundary: bool | None = None,
    compare_by: str | None = None,
    permutations: int | None = None,
    permutation_unit: str = "municipality",
    view: Sequence[str] = (),
    exclude_subgroup: Sequence[str] = (),
    only_subgroup: Sequence[str] = (),
    split_subgroup: Sequence[str] = (),
    reporter: Reporter | None = None,
) -> Run:
    """Run the full analysis and write its results folder: ``integraatio run`` in Python.

    Options are named as the command line's, with underscores, and have its defaults;
    the same options write the same bytes as the command. The figures are drawn in worker
    processes (:mod:`integraatio.workers`; one per CPU, at most four) while the rest is
    analysed and written, with the same bytes as drawn here; a script calling this needs no
    ``if __name__ == "__main__":`` guard.

    Parameters
    ----------
    input : path, optional
        The survey (.csv, .xlsx or .sav, long or wide); default the shipped synthetic survey.
    out : path, default "results"
        The results folder. A new or empty folder, or an earlier results folder, which is
        replaced whole once everything is written (README: "The results folder").
    codebook : path, optional
        Default: the shipped survey's codebook (a warning says so when it reads another file).
    include_incomplete : bool, default False
        Keep incomplete responses that have an own group (:func:`integraatio.io.read_survey`).
    seed : int, default 1
        Seeds community detection, the layout, the bootstrap and the permutations.
    keep_columns : sequence of str
        Extra survey columns to carry into ``scores.csv``; each must identify nobody.
    weights : path or str, optional
        Non-response weights: an invitations file (each respondent weighs ``invited /
        respondents`` of their stratum; it also gives ``response.csv``), or
        ``"column:NAME"`` for a weight column of the survey. Weighted cell means, ``n_eff``
        in ``pairs.csv``, the bootstrap resamples respondents with their weights; not yet with
        comparisons or sensitivity reruns.
    invitations : path, optional
        A CSV of the number invited per stratum (``municipality``, ...; ``invited``):
        ``response.csv`` and the report's response section. Default: the shipped survey's
        own file when ``input`` is the shipped survey, else none.
    figure_formats : str or sequence of str, default ("png", "svg")
        What every figure is saved as (``"png,svg,pdf"`` or a list); ``network`` always
        as PNG, SVG and PDF.
    boundary : bool, optional
        Compare boundary scenarios; default (None) when the codebook puts groups on both
        sides of the boundary or ``scenarios`` is given.
    reporter : Reporter, optional
        Status lines, progress bars and notes (the command line's); default silent.
    Other parameters
        As :func:`integraatio.analysis.analyse`, :func:`integraatio.stability.bootstrap`,
        :func:`integraatio.compare.compare_groups` and the command's ``--help``.

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
    from .checks import figure_formats as chosen_formats

    drawn = chosen_formats(_listed(figure_formats)) if figures else ()  # checked before the work starts
    with _figure_workers(drawn) as workers:  # loading matplotlib while this process loads the analysis
        from .codebook import load_codebook
        from .survey import read_survey, shipped_codebook_warning
        from .paths import invitations_path, survey_path
        from .response import column_weights, read_invitations, respondent_weights, response_rates

        say = reporter or Reporter()
        sweep = None if sweep is None else [float(r) for r in sweep]
        _check_options(resolution, sweep)
        if weights is not None and (compare_by or exclude_subgroup or only_subgroup or split_subgroup):
            raise UsageError("--weights weights the cell means, the network, the boundary and the bootstrap; comparisons and "
                             "sensitivity reruns do not carry weights yet. Run them without --weights.")
        if view and not compare_by:
            raise UsageError("--view draws a group's bars and table of a comparison; add --compare-by COLUMN.")
        source = Path(input) if input is not None else survey_path()
        if invitations is None and input is None:
            invitations = invitations_path()
        by_column = isinstance(weights, str) and weights.startswith("column:")
        if weights is not None and invitations is None and not by_column:
            invitations = weights  # a weights file is an invitations file
        inputs = [source, codebook and Path(codebook), scenarios and Path(scenarios), invitations and Path(invitations)]
        _out_folder(out, inputs)
        with say.status(msg("status.reading", lang)):
            cb = load_codebook(codebook)
            survey = read_survey(source, codebook=cb, pseudonym_key=pseudonym_key, sheet=sheet, self_ratings=self_ratings,
                                 include_incomplete=include_incomplete)
        if codebook is None and shipped_codebook_warning(input) is not None:  # never silent: in the manifest too
            survey = replace(survey, warnings=(*survey.warnings, shipped_codebook_warning(input)))
        for note in survey.notes:
            say.note(note)
        for text in survey.warnings:
            say.warn(text)
        _check_columns(survey, cb, keep_columns=keep_columns, compare_by=compare_by, strata=_strata(strata))
        invited = None if invitations is None else read_invitations(invitations, columns=survey.data.columns)
        response = None if invited is None else response_rates(invited, survey.data)  # errors before the work
        data, weighted = survey.data, None
        if weights is not None:
            file = None if by_column else invited if invitations is weights else read_invitations(weights, columns=data.columns)
            w = column_weights(data, weights[len("column:"):], file=source.name) if by_column else respondent_weights(file, data)
            data, weighted = data.assign(survey_weight=w), _weight_summary(weights, w, data, file)
        made: dict[str, Any] = {}

        def work(stage: Path) -> list[str]:
            from .analysis import analyse_scores, published_pairs
            from .composite import score
            from .interchange import EXPORT_FORMATS, write_exports
            from .results import (draw, drawn_by, heatmap_spec, write_boundary, write_comparison, write_results,
                                  write_sensitivity, write_sweep, write_table)

            with drawn_by(workers) as drawing:
                scored = score(data, measure=measure, missing=missing)
                column = None if weights is None else "survey_weight"
                if workers:  # the heat map needs only the cell table: drawn while the rest is analysed
                    draw(heatmap_spec(published_pairs(scored, codes=cb.codes, min_n=min_n, weights=column), stage,
                                      codes=cb.codes, lang=lang, min_n=min_n, formats=drawn))
                with say.status(msg("status.analysing", lang)):
                    result = analyse_scores(scored, codebook=cb, min_n=min_n, weights=column, weighting=weighting,
                                            symmetrise=symmetrise, resolution=resolution, engine=engine, lang=lang,
                                            seed=seed)
                for text in result.warnings:
                    say.warn(text)
                _check_sizes(len(cb.codes), bootstrap=bootstrap, sweep=sweep, sweep_replicates=sweep_replicates)
                result, swept = _stability(result, say, replicates=bootstrap, strata=_strata(strata), jobs=jobs, sweep=sweep,
                                           sweep_replicates=sweep_replicates, seed=seed, lang=lang)
                found = None if boundary is False else _boundary(result, cb, say, scenarios, asked=bool(boundary), lang=lang)
                compared = clusters = None
                if compare_by:
                    compared, clusters = _compare(result, cb, say, compare_by, permutations=permutations,
                                                  unit=permutation_unit, seed=seed, lang=lang)
                reruns = _sensitivities(result, cb, say, exclude=exclude_subgroup, only=only_subgroup,
                                        split=split_subgroup, seed=seed, lang=lang)
                made.update(analysis=result, sweep=swept, boundary=found, comparison=compared,
                            cluster_comparison=clusters, sensitivity=tuple(reruns))
                extra = _extra(cb, made, weighted=weighted, invited=invited, response=response, compare_by=compare_by,
                               lang=lang)
                with say.status(msg("status.writing", lang, out=out)):
                    write_results(result, survey, stage, figures=drawn, extra=extra, keep_columns=keep_columns)
                    if response is not None:
                        write_table(response, stage / "response.csv")
                    if swept is not None:
                        write_sweep(swept, stage, figures=drawn, resolution=resolution, lang=lang)
                    if found is not None:
                        write_boundary(found, stage, analysis=result, figures=drawn)
                    if compared is not None:
                        write_comparison(compared, stage, codebook=cb, clusters=clusters, views=view, lang=lang,
                                         figures=drawn)
                    for r in reruns:
                        write_sensitivity(r, stage, figures=drawn)
                    # Rebuilt from the files just written, exactly as `integraatio export` does: those
                    # but the report while the figures are drawn (the workbook holds the heat map only).
                    formats = [f for f in EXPORT_FORMATS if exports and f != "report"]
                    if formats:
                        drawing.wait(stage / "matrix_heatmap")
                        write_exports(stage, formats=formats)
                    drawing.wait()
                    if report:
                        write_exports(stage, formats=["report"])
            return []

        # Analysed and written inside the staging folder: the heat map can be saved there
        # before the analysis ends, and a failure anywhere leaves nothing behind.
        folder, manifest = write_folder(out, work, inputs=inputs)
        files = (*(f["name"] for f in manifest["files"]), MANIFEST)
        return Run(path=folder, codebook=cb, survey=survey, files=files, manifest=manifest, **made)


def _extra(cb, made: dict[str, Any], *, weighted, invited, response, compare_by, lang: str) -> dict[str, Any]:
    """What the manifest records besides the analysis's own parameters."""
    extra: dict[str, Any] = {"codebook": cb.path.name if cb.path else None, "codebook_sha256": cb.sha256}
    if weighted is not None:
        extra["weights"] = weighted
    if invited is not None:
        # The report names the strata from here, in the run's language: it never reopens the codebook.
        labels = {c: {v: cb.level_label(c, v, lang) for v in response[c].unique()} for c in invited.strata}
        extra["invitations"] = {"file": invited.path.name, "sha256": invited.sha256, "strata": list(invited.strata),
                                "ignored_columns": list(invited.ignored), "level_labels": labels}
    if made["boundary"] is not None:
        extra["boundary"] = made["boundary"].parameters
    if made["comparison"] is not None:
        # The report names the levels from here: it never reopens the codebook.
        labels = {lv: cb.level_label(compare_by, lv, lang) for lv in [*made["comparison"].levels, "all"]}
        extra["compare"] = {**made["comparison"].parameters, "level_labels": labels}
    if made["sensitivity"]:
        extra["sensitivity"] = [r.name for r in made["sensitivity"]]
    if made["sweep"] is not None:
        extra["resolution_sweep"] = dict(made["sweep"].parameters)
    return extra


#: What a figure worker loads before its first figure.
FIGURE_MODULES = ("integraatio.results", "integraatio.plot", "matplotlib.figure", "matplotlib.backends.backend_agg",
                  "matplotlib.backends.backend_svg", "matplotlib.backends.backend_pdf")


@contextmanager
def _figure_workers(drawn: Sequence[str]) -> Iterator[Any]:
    """Processes that draw the run's figures while it writes the rest (:func:`integraatio.results.drawn_by`),
    started first so that they load matplotlib while this process loads the analysis and reads the
    survey. None (figures drawn here) without figures, on one CPU, or when no worker can start."""
    import sys

    from .workers import Workers, available_cpus

    processes = min(available_cpus(), 4)
    try:
        workers = Workers(processes, preload=FIGURE_MODULES) if drawn and processes > 1 and sys.executable else None
    except OSError:  # no interpreter to start: the figures are drawn here
        workers = None
    if workers is None:
        yield None
        return
    with workers:
        yield workers


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


def _stability(result, say: Reporter, *, replicates: int, strata, jobs: int, sweep, sweep_replicates: int, seed: int,
               lang: str):
    """The bootstrap (attached to the result) and the resolution sweep."""
    from .stability import attach_bootstrap, bootstrap, resolution_sweep

    swept = None
    common = dict(strata=strata, n_jobs=jobs, seed=seed)
    if replicates:
        with say.progress(msg("status.bootstrap", lang, engine=result.partition.engine), replicates) as advance:
            result = attach_bootstrap(result, bootstrap(result, replicates=replicates, progress=advance, **common))
    if sweep is not None:
        with say.progress(msg("status.sweep", lang), sweep_replicates * len(sweep)) as advance:
            swept = resolution_sweep(result, resolutions=sweep, replicates=sweep_replicates, progress=advance, **common)
    return result, swept


def _boundary(result, cb, say: Reporter, scenarios, *, asked: bool, lang: str):
    """The boundary step (intervals from the result's bootstrap, if any); None when not
    ``asked`` and the codebook draws no boundary and no scenario file asks for one."""
    from .boundary import analyse_boundary, divides, read_scenarios

    if not asked and scenarios is None and not divides(cb):
        return None
    with say.status(msg("status.boundary", lang)):
        plan = read_scenarios(scenarios, codebook=cb) if scenarios else None
        return analyse_boundary(result, codebook=cb, plan=plan)


def _compare(result, cb, say: Reporter, by: str, *, permutations: int | None, unit: str, seed: int, lang: str):
    """Group comparison and cluster comparison of one grouping column."""
    from .compare import compare_clusters, compare_groups
    from .exceptions import InsufficientDataError

    counts = {} if permutations is None else {"permutations": permutations}
    with say.status(msg("status.compare", lang, by=by)):
        comparison = compare_groups(result, codebook=cb, by=by, permutation_unit=unit, seed=seed, **counts)
        try:
            clusters = compare_clusters(result, codebook=cb, by=by, permutation_unit=unit, seed=seed, **counts)
        except InsufficientDataError as error:  # the cell comparison stands without it
            say.note(msg("warn.clusters_not_compared", lang, error=error))
            clusters = None
    return comparison, clusters


def _sensitivities(result, cb, say: Reporter, *, exclude, only, split, seed: int, lang: str) -> list:
    """Sensitivity reruns, with the bootstrap attached to ``result`` if any."""
    from .reruns import sensitivity

    asked = [("exclude", s) for s in exclude] + [("only", s) for s in only] + [("split", s) for s in split]
    if not asked:
        return []
    with say.status(msg("status.sensitivity", lang)):
        return [sensitivity(result, codebook=cb, subgroup=s, mode=m, replicates=None, seed=seed) for m, s in asked]


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

