"""Command line: a thin wrapper over the library. Nothing is computed here.

Exit codes: 0 success; 1 a data or input problem (the message says what and where);
2 a usage error (unknown option, missing file).
"""

from __future__ import annotations

from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from .exceptions import DataValidationError, IntegraatioError, UsageError
from .messages import LANGS, MESSAGES, comparison_note, no_data_note, number, percent, said, speaking
from .messages import text as say
from .options import (
    DEFAULT_RESOLUTIONS,
    ENGINES,
    EXPORT_FORMATS,
    FIGURE_FORMATS,
    MEASURES,
    MISSING_POLICIES,
    PERMUTATION_UNITS,
    PSEUDONYM_ENV,
    RESUBMISSIONS,
    SYMMETRISATIONS,
    WEIGHTINGS,
    AnalysisOptions,
    RunOptions,
)
from .reporter import Reporter



def console_language() -> str:
    """The language of the help and of commands without ``--lang``: ``INTEGRAATIO_LANG``
    (fi or en), else Finnish when the locale is (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
    ``fi_FI.UTF-8``), else English."""
    import os

    chosen = os.environ.get("INTEGRAATIO_LANG", "").strip().lower()
    if chosen in LANGS:
        return chosen
    locale = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
    return "fi" if locale.lower().startswith("fi") else "en"


#: The language of the help texts and of the commands that have no ``--lang``.
CONSOLE = console_language()


def _h(key: str, /, **fields: str) -> str:
    """The help text ``help.<key>`` in the console's language."""
    return say(f"help.{key}", CONSOLE, **fields)


app = typer.Typer(
    help=_h("app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain: "[wide]" or "integraatio[fast]" is text, never a markup tag
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _version(shown: bool) -> None:
    if shown:
        from . import __version__

        out.print(f"integraatio {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", help=_h("main.version"), callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Integration-need network analysis of public services."""


def _choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    return Enum(name, {v: v for v in values}, type=str)


Measure = _choices("Measure", MEASURES)
Missing = _choices("Missing", MISSING_POLICIES)
Weighting = _choices("Weighting", WEIGHTINGS)
Symmetrise = _choices("Symmetrise", SYMMETRISATIONS)
Engine = _choices("Engine", ("auto", *ENGINES))
Lang = _choices("Lang", ("fi", "en"))
Unit = _choices("Unit", PERMUTATION_UNITS)

ExistingFile = dict(exists=True, dir_okay=False, readable=True)
CodebookOpt = Annotated[
    Optional[Path], typer.Option("--codebook", help=_h("codebook"), **ExistingFile)
]
PseudonymKeyOpt = Annotated[
    Optional[str], typer.Option("--pseudonym-key", hidden=True, help=_h("pseudonym_key")),
]
PseudonymKeyFileOpt = Annotated[
    Optional[Path],
    typer.Option("--pseudonym-key-file", help=_h("pseudonym_key_file", env=PSEUDONYM_ENV), **ExistingFile),
]
SheetOpt = Annotated[
    Optional[str],
    typer.Option("--sheet", help=_h("sheet")),
]
DelimiterOpt = Annotated[
    Optional[str],
    typer.Option("--delimiter", help=_h("delimiter")),
]
SelfRatingsOpt = Annotated[
    bool,
    typer.Option("--self-ratings", help=_h("self_ratings")),
]
IncompleteOpt = Annotated[
    bool,
    typer.Option("--include-incomplete", help=_h("incomplete")),
]
ResubmissionsOpt = Annotated[
    Optional[_choices("Resubmissions", RESUBMISSIONS)],
    typer.Option("--resubmissions", help=_h("resubmissions")),
]
# A string, not a Path: Path("") would quietly become the current folder.
OutOpt = Annotated[
    str, typer.Option("--out", help=_h("out"))
]
ScenariosOpt = Annotated[
    Optional[Path],
    typer.Option("--scenarios", help=_h("scenarios"), **ExistingFile),
]


PermutationsOpt = Annotated[
    Optional[int],
    typer.Option(
        "--permutations",
        help=_h("permutations"),
        min=1,
    ),
]
UnitOpt = Annotated[
    Unit,
    typer.Option("--permutation-unit", help=_h("unit")),
]
ViewOpt = Annotated[
    Optional[list[str]],
    typer.Option("--view", help=_h("view")),
]
ExcludeOpt = Annotated[
    Optional[list[str]], typer.Option("--exclude-subgroup", help=_h("exclude"))
]
OnlyOpt = Annotated[
    Optional[list[str]],
    typer.Option("--only-subgroup", help=_h("only")),
]
SplitOpt = Annotated[
    Optional[list[str]], typer.Option("--split-subgroup", help=_h("split"))
]


class _Console(Reporter):
    """Status lines, progress bars and notes on stderr, the notes' prefixes in ``lang``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def status(self, text: str):
        return err.status(text)

    @contextmanager
    def progress(self, description: str, total: int):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task(description, total=total)
            yield lambda k: bar.advance(task, k)

    def note(self, text: str) -> None:
        err.print(f"[yellow]{say('cli.note', self.lang)}:[/] {escape(text)}", markup=True, soft_wrap=True)

    def warn(self, text: str) -> None:
        err.print(f"[bold yellow]{say('cli.warning', self.lang)}:[/] {escape(text)}", markup=True, soft_wrap=True)

    def read(self, survey) -> None:
        """The survey reader's notes and warnings, in ``lang``."""
        for note in survey.notes:
            self.note(note.text(self.lang))
        for warning in survey.warnings:
            self.warn(warning.text(self.lang))


def _print_comparison(r, lang: str) -> None:
    comparison, clusters = r.comparison, r.cluster_comparison
    labels = {lv: r.codebook.level_label(comparison.by, lv, lang) for lv in comparison.levels}
    out.print(comparison_note(dict(comparison.facts), lang, labels), soft_wrap=True)
    if clusters is None:
        return
    how = say("cli.exact" if clusters.exact else "cli.sampled", lang)
    by = say(f"by.{comparison.by}", lang) if f"by.{comparison.by}" in MESSAGES else comparison.by
    out.print(say("cli.clusters_by", lang, by=by, ari=number(clusters.statistic, 2, lang),
                  p=number(clusters.p_value, 3, lang), n=clusters.permutations, how=how), soft_wrap=True)


def _print_sensitivity(runs, lang: str) -> None:
    for r in runs:
        moved = r.nodes.loc[r.nodes["changed"]]
        what = ", ".join(f"{v} ({a} -> {b})" for v, a, b in moved[["node", "cluster_name_full", "cluster_name"]].itertuples(index=False))
        out.print(say("cli.sensitivity", lang, name=r.name, n=len(moved), what=": " + what if what else ""), soft_wrap=True)
        if r.parameters["replicates"]:
            shift = r.nodes.loc[r.nodes["stability_change"].abs().idxmax()]
            out.print(say("cli.stability_change", lang, node=shift["node"], a=number(shift["stability_full"], 2, lang),
                          b=number(shift["stability"], 2, lang)), soft_wrap=True)


def _print_boundary(boundary, lang: str) -> None:
    from .messages import scenario_description, scenario_name

    level = boundary.parameters["level"]
    for r in boundary.scenarios.to_dict("records"):
        given = {lg: r.get(f"name_{lg}") for lg in ("fi", "en") if isinstance(r.get(f"name_{lg}"), str) and r.get(f"name_{lg}")}
        shown = scenario_name(r["scenario"], lang, given)
        name = shown[:1].upper() + shown[1:] if lang == "fi" else shown  # the Finnish line starts with it
        if r["no_data_side"] or r["share"] != r["share"]:  # NaN: no optimum the groups with data can reach
            note = no_data_note(r["no_data_side"], lang) or scenario_description(r, lang)
            out.print(say("cli.no_cost", lang, name=name, note=note), soft_wrap=True)
            continue
        ci = say("cli.ci", lang, level=percent(level, lang, 0), low=number(100 * r["share_ci_low"], 1, lang),
                 high=number(100 * r["share_ci_high"], 1, lang)) if "share_ci_low" in r else ""
        moved = say("cli.moves", lang, groups=", ".join(r["moved"].split())) if r["moved"] else ""
        out.print(say("cli.boundary", lang, name=name, share=percent(r["share"], lang), ci=ci, moved=moved), soft_wrap=True)


EngineOpt = Annotated[
    Engine,
    typer.Option(help=_h("engine")),
]
BootstrapOpt = Annotated[
    int,
    typer.Option(
        "--bootstrap",
        help=_h("bootstrap"),
        min=0,
    ),
]
StrataOpt = Annotated[
    str, typer.Option(help=_h("strata"))
]
JobsOpt = Annotated[
    int, typer.Option("--jobs", help=_h("jobs"), min=-1)
]
def _floats(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise typer.BadParameter(say("cli.not_numbers", CONSOLE, text=text)) from None


def _checked_floats(text: str | None) -> str | None:
    """Option callback: a bad list stops the command before the data are read."""
    if text:
        _floats(text)
    return text


SweepOpt = Annotated[
    Optional[str],
    typer.Option(
        "--sweep",
        help=_h("sweep"),
        callback=_checked_floats,
    ),
]
SweepReplicatesOpt = Annotated[
    int, typer.Option("--sweep-replicates", help=_h("sweep_replicates"), min=2)
]
ExportsOpt = Annotated[
    bool,
    typer.Option(
        "--exports/--no-exports",
        help=_h("exports"),
    ),
]
ReportOpt = Annotated[bool, typer.Option("--report/--no-report", help=_h("report"))]
ExportFormat = _choices("ExportFormat", (*EXPORT_FORMATS, "all"))


def _print_stability(result, swept, lang: str) -> None:
    boot = result.bootstrap
    if boot is not None:
        a, p = boot.ari, boot.parameters
        nodes = result.clusters.nsmallest(3, "stability")
        weakest = ", ".join(f"{v} {number(s, 2, lang)}" for v, s in zip(nodes["node"], nodes["stability"]))
        out.print(say("cli.bootstrap", lang, replicates=p["replicates"], engine=p["engine"], share=percent((a == 1).mean(), lang, 0),
                      ari=number(a.mean(), 2, lang), weakest=weakest), soft_wrap=True)
    if swept is not None:
        for r in swept.table.itertuples(index=False):
            out.print(say("cli.sweep", lang, resolution=number(r.resolution, None, lang), k=r.clusters,
                          q=number(r.modularity, 3, lang), ari=number(r.ari_mean, 2, lang)))


@contextmanager
def _handled(folder: str | Path | None = None, *, lang: str = CONSOLE):
    """The command's work spoken in ``lang`` (:func:`~integraatio.messages.speaking`: the
    problems and errors it makes), and every failure as a message in ``lang`` with its exit
    code: 1 for a problem with the data, a file or the folder, 2 for options that cannot
    work, 130 when interrupted."""
    where = say("cli.to_folder", lang, folder=folder) if folder is not None else ""
    try:
        with speaking(lang):
            yield
    except UsageError as error:
        _fail(error, 2, lang)
    except IntegraatioError as error:
        _fail(error, 1, lang)
    except KeyboardInterrupt:
        _fail(say("cli.interrupted", lang, where=where), 130, lang)
    except MemoryError:
        _fail(say("cli.out_of_memory", lang), 1, lang)
    except OSError as error:
        name = f" {error.filename}" if error.filename else ""
        _fail(say("cli.cannot_use", lang, name=name, error=error.strerror or error, where=where), 1, lang)


def _fail(error: Exception | str, code: int, lang: str = CONSOLE) -> None:
    err.print(f"{say('cli.error', lang)}: {error}", markup=False, style="bold red", soft_wrap=True)
    raise typer.Exit(code)


def _run(input: Path | None, out_dir: str, *, lang: str, **options):
    """The pipeline, with its notes and progress on the console in ``lang``."""
    from .pipeline import run as run_pipeline

    return run_pipeline(input, out=out_dir, reporter=_Console(lang), lang=lang, **options)


def _print_run(r, out_dir: str) -> None:
    s, survey, result = r.analysis.scores, r.survey, r.analysis
    lang = result.parameters["lang"]
    out.print(say("cli.read", lang, ratings=survey.rows_read, respondents=survey.respondents_read, scored=len(s.values),
                  excluded=len(s.exclusions), alpha=number(s.alpha, 2, lang)))
    for c, members in enumerate(result.partition.clusters, start=1):
        name = result.clusters.loc[result.clusters["cluster"] == c, "cluster_name"].iloc[0]
        out.print(say("cli.cluster", lang, k=c, name=name, members=", ".join(sorted(members, key=result.codes.index))))
    _print_stability(result, r.sweep, lang)
    if r.boundary is not None:
        _print_boundary(r.boundary, lang)
    if r.comparison is not None:
        _print_comparison(r, lang)
    _print_sensitivity(r.sensitivity, lang)
    _print_wrote(r, out_dir, lang)


def _print_wrote(r, out_dir: str, lang: str) -> None:
    out.print(say("cli.wrote", lang, n=len(r.files), out=out_dir))


def _pseudonym_key(value: str | None, file: Path | None) -> str | None:
    """The key from ``--pseudonym-key-file`` or the environment; a key given as a value is
    refused, since every account on the machine can read a command line."""
    import os

    if value is not None:
        raise UsageError(said("cli.key_in_process_list", env=PSEUDONYM_ENV))
    if file is not None:
        key = file.read_text(encoding="utf-8").strip()
        if not key:
            raise UsageError(said("cli.key_file_empty", file=file))
        return key
    return os.environ.get(PSEUDONYM_ENV) or None


@app.command(help=_h("cmd.run"))
def run(
    input: Annotated[Optional[Path], typer.Argument(help=_h("run.input"), **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "results",
    sheet: SheetOpt = None,
    delimiter: DelimiterOpt = RunOptions.delimiter,
    self_ratings: SelfRatingsOpt = RunOptions.self_ratings,
    include_incomplete: IncompleteOpt = RunOptions.include_incomplete,
    resubmissions: ResubmissionsOpt = None,
    keep_columns: Annotated[
        Optional[list[str]],
        typer.Option("--keep-columns", help=_h("run.keep_columns")),
    ] = None,
    pseudonym_key: PseudonymKeyOpt = None,
    pseudonym_key_file: PseudonymKeyFileOpt = None,
    seed: Annotated[int, typer.Option(help=_h("run.seed"), min=0)] = RunOptions.seed,
    min_n: Annotated[int, typer.Option("--min-n", help=_h("run.min_n"), min=1)] = RunOptions.min_n,
    measure: Annotated[Measure, typer.Option(help=_h("run.measure"))] = RunOptions.measure,
    missing: Annotated[Missing, typer.Option(help=_h("run.missing"))] = RunOptions.missing,
    weighting: Annotated[Weighting, typer.Option(help=_h("run.weighting"))] = RunOptions.weighting,
    symmetrise: Annotated[Symmetrise, typer.Option(help=_h("run.symmetrise"))] = RunOptions.symmetrise,
    resolution: Annotated[float, typer.Option(help=_h("run.resolution"))] = RunOptions.resolution,
    engine: EngineOpt = RunOptions.engine,
    lang: Annotated[Lang, typer.Option(help=_h("run.lang"))] = RunOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help=_h("run.figures"))] = RunOptions.figures,
    weights: Annotated[Optional[str], typer.Option(
        help=_h("run.weights"),
    )] = None,
    invitations: Annotated[Optional[Path], typer.Option(
        help=_h("run.invitations"),
    )] = None,
    figure_formats: Annotated[str, typer.Option(
        help=_h("run.figure_formats", formats=", ".join(FIGURE_FORMATS)),
    )] = ",".join(RunOptions.figure_formats),
    exports: ExportsOpt = RunOptions.exports,
    report: ReportOpt = RunOptions.report,
    bootstrap: BootstrapOpt = RunOptions.bootstrap,
    strata: StrataOpt = RunOptions.strata,
    jobs: JobsOpt = RunOptions.jobs,
    sweep: SweepOpt = None,
    sweep_replicates: SweepReplicatesOpt = RunOptions.sweep_replicates,
    scenarios: ScenariosOpt = None,
    compare_by: Annotated[
        Optional[str], typer.Option("--compare-by", help=_h("run.compare_by"))
    ] = None,
    permutations: PermutationsOpt = None,
    permutation_unit: UnitOpt = RunOptions.permutation_unit,
    view: ViewOpt = None,
    exclude_subgroup: ExcludeOpt = None,
    only_subgroup: OnlyOpt = None,
    split_subgroup: SplitOpt = None,
    cant_say_lowest: Annotated[bool, typer.Option("--cant-say-lowest", help=_h("run.cant_say_lowest"))] = False,
) -> None:
    """`integraatio run`: its help is the catalogue's help.cmd.run."""
    with _handled(out_dir, lang=lang.value):
        r = _run(
            input, out_dir, codebook=codebook, sheet=sheet, delimiter=delimiter, self_ratings=self_ratings,
            include_incomplete=include_incomplete, resubmissions=resubmissions and resubmissions.value,
            keep_columns=keep_columns or (), pseudonym_key=_pseudonym_key(pseudonym_key, pseudonym_key_file),
            seed=seed, min_n=min_n,
            measure=measure.value, missing=missing.value, weighting=weighting.value, symmetrise=symmetrise.value,
            resolution=resolution, engine=engine.value, lang=lang.value, figures=figures, figure_formats=figure_formats, invitations=invitations, weights=weights,
            exports=exports, report=report, bootstrap=bootstrap, strata=strata, jobs=jobs, sweep=_floats(sweep) if sweep else None,
            sweep_replicates=sweep_replicates, scenarios=scenarios, compare_by=compare_by, permutations=permutations,
            permutation_unit=permutation_unit.value, view=view or (), exclude_subgroup=exclude_subgroup or (),
            only_subgroup=only_subgroup or (), split_subgroup=split_subgroup or (), cant_say_lowest=cant_say_lowest,
        )
    _print_run(r, out_dir)


@app.command(help=_h("cmd.export"))
def export(
    folder: Annotated[
        Path, typer.Argument(help=_h("export.folder"), exists=True, file_okay=False, dir_okay=True)
    ],
    format: Annotated[
        Optional[list[ExportFormat]],
        typer.Option("--format", help=_h("export.format", formats=", ".join(EXPORT_FORMATS))),
    ] = None,
    threshold: Annotated[float, typer.Option(help=_h("export.threshold"))] = 140.0,
) -> None:
    """`integraatio export`: its help is the catalogue's help.cmd.export."""
    from .pipeline import reexport

    with _handled(folder):
        written = reexport(folder, formats=[f.value for f in format or []] or ["all"], threshold=threshold)
    for name in written:
        out.print(name)
    out.print(say("cli.wrote", CONSOLE, n=len(written), out=folder))


@app.command(help=_h("cmd.verify"))
def verify(
    folder: Annotated[Path, typer.Argument(help=_h("verify.folder"), file_okay=True, dir_okay=True)],
    lang: Annotated[Lang, typer.Option(help=_h("verify.lang"))] = CONSOLE,
) -> None:
    """`integraatio verify`: its help is the catalogue's help.cmd.verify."""
    from .pipeline import verify as verify_folder

    with speaking(lang.value):
        problems = verify_folder(folder)
    for line in problems:
        err.print(f"- {line}", markup=False, soft_wrap=True)
    if problems:
        err.print(say("verify.problems", lang.value, folder=folder, n=len(problems)), style="bold red", markup=False)
        raise typer.Exit(1)
    out.print(say("verify.complete", lang.value, folder=folder))


@app.command(help=_h("cmd.compare"))
def compare(
    input: Annotated[Optional[Path], typer.Argument(help=_h("compare.input"), **ExistingFile)] = None,
    by: Annotated[str, typer.Option("--by", help=_h("compare.by"))] = "size_class",
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "results",
    seed: Annotated[int, typer.Option(help=_h("compare.seed"), min=0)] = AnalysisOptions.seed,
    min_n: Annotated[int, typer.Option("--min-n", help=_h("compare.min_n"), min=1)] = AnalysisOptions.min_n,
    permutations: PermutationsOpt = None,
    permutation_unit: UnitOpt = RunOptions.permutation_unit,
    view: ViewOpt = None,
    exclude_subgroup: ExcludeOpt = None,
    only_subgroup: OnlyOpt = None,
    split_subgroup: SplitOpt = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help=_h("compare.bootstrap"), min=0)
    ] = 0,
    lang: Annotated[Lang, typer.Option(help=_h("compare.lang"))] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help=_h("compare.figures"))] = True,
) -> None:
    """`integraatio compare`: its help is the catalogue's help.cmd.compare."""
    with _handled(out_dir, lang=lang.value):
        r = _run(
            input, out_dir, codebook=codebook, seed=seed, min_n=min_n, lang=lang.value, figures=figures,
            bootstrap=bootstrap, compare_by=by, permutations=permutations, permutation_unit=permutation_unit.value,
            view=view or (), exclude_subgroup=exclude_subgroup or (), only_subgroup=only_subgroup or (),
            split_subgroup=split_subgroup or (),
        )
    _print_comparison(r, lang.value)
    _print_sensitivity(r.sensitivity, lang.value)
    _print_wrote(r, out_dir, lang.value)


@app.command(help=_h("cmd.boundary"))
def boundary(
    input: Annotated[Optional[Path], typer.Argument(help=_h("compare.input"), **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    scenarios: ScenariosOpt = None,
    out_dir: OutOpt = "results",
    seed: Annotated[int, typer.Option(help=_h("boundary.seed"), min=0)] = AnalysisOptions.seed,
    bootstrap: BootstrapOpt = RunOptions.bootstrap,
    strata: StrataOpt = RunOptions.strata,
    lang: Annotated[Lang, typer.Option(help=_h("compare.lang"))] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help=_h("boundary.figures"))] = True,
) -> None:
    """`integraatio boundary`: its help is the catalogue's help.cmd.boundary."""
    with _handled(out_dir, lang=lang.value):
        r = _run(input, out_dir, codebook=codebook, scenarios=scenarios, boundary=True, seed=seed, bootstrap=bootstrap,
                 strata=strata, lang=lang.value, figures=figures)
    _print_boundary(r.boundary, lang.value)
    _print_wrote(r, out_dir, lang.value)


@app.command(help=_h("cmd.waves"))
def waves(
    base: Annotated[Path, typer.Argument(help=_h("waves.base"), **ExistingFile)],
    new: Annotated[Path, typer.Argument(help=_h("waves.new"), **ExistingFile)],
    codebook: CodebookOpt = None,
    codebook_new: Annotated[Optional[Path], typer.Option("--codebook-new", help=_h("waves.codebook_new"), **ExistingFile)] = None,
    mapping: Annotated[Optional[Path], typer.Option("--map", help=_h("waves.mapping"), **ExistingFile)] = None,
    scenarios: ScenariosOpt = None,
    out_dir: OutOpt = "waves",
    scale: Annotated[str, typer.Option(help=_h("waves.scale"))] = "base",
    bootstrap: Annotated[int, typer.Option("--bootstrap", help=_h("waves.bootstrap"), min=0)] = 200,
    permutations: Annotated[int, typer.Option("--permutations", help=_h("waves.permutations"), min=1)] = 9999,
    min_n: Annotated[int, typer.Option("--min-n", help=_h("waves.min_n"), min=1)] = AnalysisOptions.min_n,
    seed: Annotated[int, typer.Option(help=_h("waves.seed"), min=0)] = AnalysisOptions.seed,
    lang: Annotated[Lang, typer.Option(help=_h("waves.lang"))] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help=_h("waves.figures"))] = True,
) -> None:
    """`integraatio waves`: its help is the catalogue's help.cmd.waves."""
    from .twowaves.report import what_changed
    from .twowaves.run import waves as compare

    with _handled(out_dir, lang=lang.value):
        r = compare(base, new, out=out_dir, codebook=codebook, codebook_new=codebook_new, mapping=mapping,
                    scenarios=scenarios, scale=scale, bootstrap=bootstrap, permutations=permutations, min_n=min_n,
                    lang=lang.value, figures=figures, reporter=_Console(lang.value), seed=seed)
    for line in what_changed(r.comparison, lang=lang.value):
        out.print(line, soft_wrap=True)
    out.print(say("cli.wrote", lang.value, n=len(r.manifest["files"]) + 1, out=out_dir))


@app.command(help=_h("cmd.stability"))
def stability(
    input: Annotated[Optional[Path], typer.Argument(help=_h("compare.input"), **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "results",
    seed: Annotated[int, typer.Option(help=_h("stability.seed"), min=0)] = AnalysisOptions.seed,
    bootstrap: BootstrapOpt = 1000,
    strata: StrataOpt = RunOptions.strata,
    jobs: JobsOpt = RunOptions.jobs,
    sweep: SweepOpt = ",".join(f"{r:g}" for r in DEFAULT_RESOLUTIONS),
    sweep_replicates: SweepReplicatesOpt = RunOptions.sweep_replicates,
    measure: Annotated[Measure, typer.Option(help=_h("run.measure"))] = AnalysisOptions.measure,
    min_n: Annotated[int, typer.Option("--min-n", help=_h("run.min_n"), min=1)] = AnalysisOptions.min_n,
    resolution: Annotated[float, typer.Option(help=_h("stability.resolution"))] = AnalysisOptions.resolution,
    engine: EngineOpt = AnalysisOptions.engine,
    lang: Annotated[Lang, typer.Option(help=_h("stability.lang"))] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help=_h("stability.figures"))] = True,
) -> None:
    """`integraatio stability`: its help is the catalogue's help.cmd.stability."""
    with _handled(out_dir, lang=lang.value):
        r = _run(
            input, out_dir, codebook=codebook, seed=seed, bootstrap=bootstrap, strata=strata, jobs=jobs,
            sweep=_floats(sweep) if sweep else None, sweep_replicates=sweep_replicates, measure=measure.value,
            min_n=min_n, resolution=resolution, engine=engine.value, lang=lang.value, figures=figures,
        )
    _print_stability(r.analysis, r.sweep, lang.value)
    _print_wrote(r, out_dir, lang.value)


def _item_detail(detail: str, lang: str) -> str:
    """An item column's detail with the item named in ``lang`` (``2.1 x frequency`` reads
    ``2.1 x yhteistyön tiheys`` in Finnish); any other detail as the reader wrote it."""
    from .options import ITEMS

    code, sep, item = detail.partition(" x ")
    return f"{code} x {say(f'item.{item}', lang)}" if sep and item in ITEMS else detail


def _codebook(path: Path | None, input: Path, lang: str):
    """The codebook to read ``input`` with (default the shipped study's, with a warning in ``lang``
    for a file of one's own)."""
    from .codebook import load_codebook
    from .survey import shipped_codebook_warning

    warning = None if path is not None else shipped_codebook_warning(input)
    if warning is not None:
        _Console(lang).warn(warning.text(lang))
    return load_codebook(path)


@app.command(help=_h("cmd.validate"))
def validate(
    input: Annotated[Path, typer.Argument(help=_h("validate.input"), **ExistingFile)],
    codebook: CodebookOpt = None,
    sheet: SheetOpt = None,
    delimiter: DelimiterOpt = None,
    self_ratings: SelfRatingsOpt = False,
    include_incomplete: IncompleteOpt = False,
    resubmissions: ResubmissionsOpt = None,
    all_problems: Annotated[
        bool, typer.Option("--all", help=_h("validate.all_problems"))
    ] = False,
    problems_csv: Annotated[
        Optional[Path], typer.Option("--problems", help=_h("validate.problems_csv"))
    ] = None,
    lang: Annotated[Lang, typer.Option(help=_h("validate.lang"))] = CONSOLE,
) -> None:
    """`integraatio validate`: its help is the catalogue's help.cmd.validate."""
    from .survey import listed_lines, read_survey, summary_lines

    lang = lang.value
    try:
        with speaking(lang):
            survey = read_survey(input, codebook=_codebook(codebook, input, lang), sheet=sheet,
                                 self_ratings=self_ratings, include_incomplete=include_incomplete, delimiter=delimiter,
                                 resubmissions=resubmissions and resubmissions.value)
    except DataValidationError as error:
        report = error.report
        if problems_csv is not None:
            from .results import write_table

            try:
                write_table(report, problems_csv, private=True)
            except OSError as failure:
                _fail(say("cli.cannot_write_problems", lang, file=problems_csv, error=failure.strerror or failure), 1, lang)
        err.print(f"[bold red]{escape(say('validate.problems', lang, n=len(report), file=input))}[/]", markup=True)
        with speaking(lang):
            lines = listed_lines(report) if all_problems else summary_lines(report, file=input.name)[1:]
        for line in lines:
            err.print(line, markup=False, soft_wrap=True)
        if problems_csv is not None:
            err.print(say("validate.wrote", lang, n=len(report), file=problems_csv), markup=False)
        raise typer.Exit(1)
    except IntegraatioError as error:
        _fail(error, 1, lang)
    _Console(lang).read(survey)
    out.print(say("validate.valid", lang, file=input, layout=say(f"inspect.layout.{survey.layout}", lang),
                  respondents=survey.respondents_read, ratings=survey.rows_read))


@app.command(help=_h("cmd.inspect"))
def inspect(
    input: Annotated[Path, typer.Argument(help=_h("inspect.input"), **ExistingFile)],
    codebook: CodebookOpt = None,
    sheet: SheetOpt = None,
    delimiter: DelimiterOpt = None,
    include_incomplete: IncompleteOpt = False,
    lang: Annotated[Lang, typer.Option(help=_h("inspect.lang"))] = "fi",
) -> None:
    """`integraatio inspect`: its help is the catalogue's help.cmd.inspect."""
    from .survey import inspect_survey, summary_lines

    lang = lang.value
    with _handled(lang=lang):
        cb = _codebook(codebook, input, lang)
        seen = inspect_survey(input, codebook=cb, sheet=sheet, include_incomplete=include_incomplete, delimiter=delimiter)
    sheet_text = say("inspect.sheet", lang, sheet=seen.sheet) if seen.sheet else ""
    if seen.delimiter is not None:
        sheet_text += say("inspect.dialect", lang, delimiter=seen.delimiter, encoding=seen.encoding)
    out.print(say("inspect.title", lang, file=input.name, layout=say(f"inspect.layout.{seen.layout}", lang),
                  header_rows=seen.header_rows, sheet=sheet_text), soft_wrap=True)
    out.print(say("inspect.columns", lang, n=len(seen.plan)))
    shown = [h if len(h) <= 48 else h[:47] + "…" for h in seen.plan["heading"]]  # a "code. text" heading is long
    width = max(map(len, shown), default=0)
    for rec, heading in zip(seen.plan.itertuples(index=False), shown):
        use = say(f"inspect.use.{rec.use}", lang)
        out.print(f"  {rec.column:>3}  {heading:<{width}}  {use}: {_item_detail(rec.detail, lang)}", markup=False,
                  soft_wrap=True)
    counts = seen.plan["use"].value_counts()
    out.print(say("inspect.summary", lang, **{u: int(counts.get(u, 0)) for u in ("item", "background", "other", "dropped",
                                                                              "ignored")}))
    r = seen.responses
    out.print(say("inspect.responses", lang, read=r["read"], complete=r["complete"], incomplete=r["incomplete"],
                  kept=r["incomplete_kept"], excluded=r["excluded"]))
    total = len(cb.codes)
    out.print(say("inspect.groups", lang, n=len(seen.groups), all=total, groups=", ".join(seen.groups)), soft_wrap=True)
    if seen.targets:
        out.print(say("inspect.targets", lang, n=len(seen.targets), all=total, groups=", ".join(seen.targets)),
                  soft_wrap=True)
    if seen.survey is not None:
        _Console(lang).read(seen.survey)
        out.print(say("inspect.valid", lang))
        return
    out.print(say("inspect.invalid", lang))
    with speaking(lang):
        lines = summary_lines(seen.report, file=input.name)
    for line in lines:
        err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command(help=_h("cmd.synth"))
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help=_h("synth.out_dir"))] = Path("synthetic"),
    seed: Annotated[int, typer.Option(help=_h("synth.seed"), min=0)] = 2020,
    respondents: Annotated[Optional[int], typer.Option(help=_h("synth.respondents"), min=1)] = None,
    invited: Annotated[Optional[int], typer.Option(help=_h("synth.invited"), min=1)] = None,
    organisations: Annotated[Optional[int], typer.Option(help=_h("synth.organisations"), min=1)] = None,
    large: Annotated[int, typer.Option(help=_h("synth.large"), min=0)] = 0,
    signal: Annotated[float, typer.Option(help=_h("synth.signal"), min=0.0)] = 1.0,
    codebook: CodebookOpt = None,
    design: Annotated[Optional[Path], typer.Option(help=_h("synth.design"), **ExistingFile)] = None,
    waves: Annotated[bool, typer.Option("--waves", help=_h("synth.waves"))] = False,
) -> None:
    """`integraatio synth`: its help is the catalogue's help.cmd.synth."""
    from .codebook import load_codebook
    from .survey import write_survey
    from .results import write_table
    from .synth import generate, generate_waves, load_design

    with _handled(out_dir):
        cb = load_codebook(codebook)
        planted = load_design(design, codebook=cb)
        if waves and (invited or organisations or signal != 1.0):
            raise UsageError(said("cli.waves_population"))
        if waves:
            s, second = generate_waves(cb, planted, respondents=respondents, seed=seed)
        else:
            s, second = generate(cb, planted, respondents=respondents, invited=invited, organisations=organisations,
                                 large=large if organisations else None, signal=signal, seed=seed), None
    out_dir.mkdir(parents=True, exist_ok=True)
    if second is not None:
        write_survey(second.data, out_dir / "synthetic_survey_wave2.csv")
    write_survey(s.data, out_dir / "synthetic_survey.csv")
    write_survey(s.data, out_dir / "synthetic_survey_wide.xlsx", layout="wide")
    write_table(s.invitations, out_dir / "invitations.csv")
    answered = int(s.invitations["answered"].sum())
    invited_n = int(s.invitations["invited"].sum())
    out.print(say("cli.synth_wrote", CONSOLE, answered=answered, invited=invited_n,
                  rate=percent(answered / invited_n, CONSOLE), out=out_dir))



def _sizes(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise typer.BadParameter(say("cli.not_whole_numbers", CONSOLE, text=text)) from None


def _checked_sizes(text: str) -> str:
    """Option callback: a bad list stops the command before the survey is read."""
    _sizes(text)
    return text


@app.command(help=_h("cmd.plan"))
def plan(
    input: Annotated[Optional[Path], typer.Argument(help=_h("plan.input"), **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "plan",
    sizes: Annotated[str, typer.Option("--sizes", help=_h("plan.sizes"),
                                       callback=_checked_sizes)] = "5,10,15,20,30,50",
    organisations: Annotated[Optional[int], typer.Option("--organisations", help=_h("plan.organisations"), min=2)] = None,
    effect: Annotated[Optional[float], typer.Option("--effect", help=_h("plan.effect"))] = None,
    compare_by: Annotated[Optional[str], typer.Option("--compare-by", help=_h("plan.compare_by"))] = None,
    placement: Annotated[str, typer.Option("--placement", help=_h("plan.placement"))] = "cell",
    replicates: Annotated[int, typer.Option("--replicates", help=_h("plan.replicates"), min=2)] = 200,
    permutations: Annotated[int, typer.Option("--permutations", help=_h("plan.permutations"), min=1)] = 9999,
    refit: Annotated[bool, typer.Option("--refit/--no-refit", help=_h("plan.refit"))] = True,
    min_n: Annotated[int, typer.Option("--min-n", help=_h("run.min_n"), min=1)] = AnalysisOptions.min_n,
    seed: Annotated[int, typer.Option(help=_h("plan.seed"), min=0)] = AnalysisOptions.seed,
    lang: Annotated[Lang, typer.Option(help=_h("plan.lang"))] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help=_h("plan.figures"))] = True,
) -> None:
    """`integraatio plan`: its help is the catalogue's help.cmd.plan."""
    from .codebook import load_codebook
    from .planning import plan as make_plan
    from .planning import plan_sentences, write_plan

    with _handled(out_dir, lang=lang.value):
        cb = load_codebook(codebook)
        p = make_plan(input, codebook=cb, sizes=_sizes(sizes), organisations=organisations, effect=effect,
                      compare_by=compare_by, placement=placement, replicates=replicates, permutations=permutations,
                      refit=refit, min_n=min_n, seed=seed,
                      lang=lang.value, reporter=_Console(lang.value))
        with err.status(say("status.plan_writing", lang.value, out=out_dir)):
            folder, manifest = write_plan(p, out_dir, lang=lang.value, codebook=cb, figures=figures,
                                          inputs=[input, codebook])
    for line in plan_sentences(p, lang=lang.value, codebook=cb):
        out.print(line, soft_wrap=True)
    out.print(say("cli.wrote", lang.value, n=len(manifest["files"]) + 1, out=out_dir))


@app.command(help=_h("cmd.questionnaire"))
def questionnaire(
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "survey",
    lang: Annotated[Lang, typer.Option(help=_h("questionnaire.lang"))] = "fi",
) -> None:
    """`integraatio questionnaire`: its help is the catalogue's help.cmd.questionnaire."""
    from .codebook import load_codebook
    from .questionnaire import questionnaire as build
    from .questionnaire import write_questionnaire

    with _handled(out_dir, lang=lang.value):
        cb = load_codebook(codebook)
        folder, manifest = write_questionnaire(build(cb, lang=lang.value), out_dir, codebook=cb)
    for text in manifest.get("warnings", []):
        _Console(lang.value).warn(text)
    out.print(say("cli.wrote", lang.value, n=len(manifest["files"]) + 1, out=out_dir))


@app.command(help=_h("cmd.key"))
def key() -> None:
    """`integraatio key`: its help is the catalogue's help.cmd.key."""
    import secrets

    out.print(secrets.token_urlsafe(32), markup=False, highlight=False)
