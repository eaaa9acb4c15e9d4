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
from .messages import MESSAGES, comparison_note, no_data_note, number, percent
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

app = typer.Typer(
    help="Integration-need network analysis of public services.",
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
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
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
    Optional[Path], typer.Option("--codebook", help="Codebook TOML (default: the shipped survey's).", **ExistingFile)
]
PseudonymKeyOpt = Annotated[
    Optional[str], typer.Option("--pseudonym-key", hidden=True, help="Refused: a key here shows in the process list."),
]
PseudonymKeyFileOpt = Annotated[
    Optional[Path],
    typer.Option("--pseudonym-key-file", help=f"File that holds the key of the HMAC pseudonyms of respondent ids "
                 f"(default R0001, ...), or set {PSEUDONYM_ENV}; make a key with `integraatio key`.", **ExistingFile),
]
SheetOpt = Annotated[
    Optional[str],
    typer.Option("--sheet", help="Workbook sheet to read, by name or number (1 = first tab); hidden sheets only when named."),
]
DelimiterOpt = Annotated[
    Optional[str],
    typer.Option("--delimiter", help="Delimiter of a .csv/.tsv survey: , ; tab (or comma, semicolon). Default: the "
                 "codebook's [wide] delimiter, else the one that splits the header and the first rows alike."),
]
SelfRatingsOpt = Annotated[
    bool,
    typer.Option("--self-ratings", help="The survey asked respondents to rate their own group (else many such ratings "
                 "stop the run as a misread own group). They are never scored."),
]
IncompleteOpt = Annotated[
    bool,
    typer.Option("--include-incomplete", help="Keep partly answered responses (LimeSurvey not submitted, Qualtrics not "
                 "finished) that have an own group; by default they are left out and listed in exclusions.csv."),
]
ResubmissionsOpt = Annotated[
    Optional[_choices("Resubmissions", RESUBMISSIONS)],
    typer.Option("--resubmissions", help="A response with the same answers as an earlier one under another id (at least "
                 "10 answers, not all alike): drop the later one (default, listed in exclusions.csv), keep both, or stop. "
                 "Default: the codebook's [responses] resubmissions, else drop."),
]
# A string, not a Path: Path("") would quietly become the current folder.
OutOpt = Annotated[
    str, typer.Option("--out", help="Results folder: new, empty, or an earlier run's (replaced whole).")
]
ScenariosOpt = Annotated[
    Optional[Path],
    typer.Option("--scenarios", help="Boundary scenarios TOML (README: 'Where should the boundary run?').", **ExistingFile),
]


PermutationsOpt = Annotated[
    Optional[int],
    typer.Option(
        "--permutations",
        help="Relabellings sampled when too many to enumerate (default 9999 cells, 999 clusters).",
        min=1,
    ),
]
UnitOpt = Annotated[
    Unit,
    typer.Option("--permutation-unit", help="Relabel whole municipalities or single respondents."),
]
ViewOpt = Annotated[
    Optional[list[str]],
    typer.Option("--view", help="With --compare-by: a group's bars and table, as on the slides (repeatable)."),
]
ExcludeOpt = Annotated[
    Optional[list[str]], typer.Option("--exclude-subgroup", help="Rerun without this subgroup's respondents (repeatable).")
]
OnlyOpt = Annotated[
    Optional[list[str]],
    typer.Option("--only-subgroup", help="Rerun with only this subgroup in the groups it belongs to (repeatable)."),
]
SplitOpt = Annotated[
    Optional[list[str]], typer.Option("--split-subgroup", help="Rerun with this subgroup as a node of its own (repeatable).")
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
    from .messages import scenario_name

    level = boundary.parameters["level"]
    for r in boundary.scenarios.to_dict("records"):
        if r["no_data_side"]:
            note = no_data_note(r["no_data_side"], lang)
            out.print(say("cli.no_cost", lang, name=scenario_name(r["scenario"], lang), note=note), soft_wrap=True)
            continue
        ci = say("cli.ci", lang, level=percent(level, lang, 0), low=percent(r["share_ci_low"], lang),
                 high=percent(r["share_ci_high"], lang)) if "share_ci_low" in r else ""
        moved = say("cli.moves", lang, groups=r["moved"]) if r["moved"] else ""
        out.print(say("cli.boundary", lang, name=scenario_name(r["scenario"], lang), share=percent(r["share"], lang), ci=ci,
                      moved=moved), soft_wrap=True)


EngineOpt = Annotated[
    Engine,
    typer.Option(help="auto: igraph-leiden (networkx, with a warning, where igraph cannot be loaded)."),
]
BootstrapOpt = Annotated[
    int,
    typer.Option(
        "--bootstrap",
        help="Respondent bootstrap replicates (0: none): node stability and pair-mean intervals.",
        min=0,
    ),
]
StrataOpt = Annotated[
    str, typer.Option(help="Columns to resample within, comma-separated ('none': whole sample).")
]
JobsOpt = Annotated[
    int, typer.Option("--jobs", help="Bootstrap worker processes (-1: all cores).", min=-1)
]
def _floats(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise typer.BadParameter(f"expected comma-separated numbers such as 0.5,1,2; got {text!r}.") from None


def _checked_floats(text: str | None) -> str | None:
    """Option callback: a bad list stops the command before the data are read."""
    if text:
        _floats(text)
    return text


SweepOpt = Annotated[
    Optional[str],
    typer.Option(
        "--sweep",
        help="Resolutions to sweep, comma-separated: resolution_sweep.csv.",
        callback=_checked_floats,
    ),
]
SweepReplicatesOpt = Annotated[
    int, typer.Option("--sweep-replicates", help="Bootstrap replicates per resolution of the sweep.", min=2)
]
ExportsOpt = Annotated[
    bool,
    typer.Option(
        "--exports/--no-exports",
        help="Write the VOSviewer, Gephi, GraphML, Pajek and Excel files.",
    ),
]
ReportOpt = Annotated[bool, typer.Option("--report/--no-report", help="Write report.html, one self-contained page.")]
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
def _handled(folder: str | Path | None = None, *, lang: str = "en"):
    """Every failure as a one-line message and its exit code: 1 for a problem with the data,
    a file or the folder, 2 for options that cannot work, 130 when interrupted; the prefix
    in ``lang`` (a command without --lang speaks English)."""
    where = f" to {folder}" if folder is not None else ""
    try:
        yield
    except UsageError as error:
        _fail(error, 2, lang)
    except IntegraatioError as error:
        _fail(error, 1, lang)
    except KeyboardInterrupt:
        _fail(f"interrupted; nothing was written{where}.", 130, lang)
    except MemoryError:
        _fail("out of memory. Reduce --bootstrap, --permutations or --sweep-replicates, or free memory.", 1, lang)
    except OSError as error:
        name = f" {error.filename}" if error.filename else ""
        _fail(f"cannot use{name}: {error.strerror or error}. Check that the folder exists, is writable and has space; "
              f"nothing was written{where}.", 1, lang)


def _fail(error: Exception | str, code: int, lang: str = "en") -> None:
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
        raise UsageError(f"--pseudonym-key puts the key in the process list, where every user of the machine can read "
                         f"it. Put it in a file and pass --pseudonym-key-file FILE, or set {PSEUDONYM_ENV}.")
    if file is not None:
        key = file.read_text(encoding="utf-8").strip()
        if not key:
            raise UsageError(f"--pseudonym-key-file {file} is empty; write a key into it with `integraatio key > {file}`.")
        return key
    return os.environ.get(PSEUDONYM_ENV) or None


@app.command()
def run(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file (.csv, .xlsx or .sav, long or wide). Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "results",
    sheet: SheetOpt = None,
    delimiter: DelimiterOpt = RunOptions.delimiter,
    self_ratings: SelfRatingsOpt = RunOptions.self_ratings,
    include_incomplete: IncompleteOpt = RunOptions.include_incomplete,
    resubmissions: ResubmissionsOpt = None,
    keep_columns: Annotated[
        Optional[list[str]],
        typer.Option("--keep-columns", help="Extra survey column to carry into scores.csv (repeatable); refused if it "
                     "identifies a person."),
    ] = None,
    pseudonym_key: PseudonymKeyOpt = None,
    pseudonym_key_file: PseudonymKeyFileOpt = None,
    seed: Annotated[int, typer.Option(help="Seed of community detection and layout; recorded in manifest.json.", min=0)] = RunOptions.seed,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings.", min=1)] = RunOptions.min_n,
    measure: Annotated[Measure, typer.Option(help="composite (integration need) or one item alone.")] = RunOptions.measure,
    missing: Annotated[Missing, typer.Option(help="complete: score a rating only when all items are present.")] = RunOptions.missing,
    weighting: Annotated[Weighting, typer.Option(help="Edge weight from the pair mean (README: 'Choosing the edge weight').")] = RunOptions.weighting,
    symmetrise: Annotated[Symmetrise, typer.Option(help="How a->b and b->a combine.")] = RunOptions.symmetrise,
    resolution: Annotated[float, typer.Option(help="Modularity resolution: higher gives more, smaller clusters.")] = RunOptions.resolution,
    engine: EngineOpt = RunOptions.engine,
    lang: Annotated[Lang, typer.Option(help="Language of labels and cluster names.")] = RunOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw the figures.")] = RunOptions.figures,
    weights: Annotated[Optional[str], typer.Option(
        help="Non-response weights: an invitations CSV (stratum columns and invited: a respondent weighs invited / "
             "respondents of their stratum) or column:NAME for a weight in the survey. Weighted cell means; pairs.csv gets n_eff.",
    )] = None,
    invitations: Annotated[Optional[Path], typer.Option(
        help="CSV of the number invited per stratum (municipality, ...; invited): response.csv and the report's response "
             "rates. Default: the shipped survey's own, when no INPUT is given.",
    )] = None,
    figure_formats: Annotated[str, typer.Option(
        help=f"Formats of every figure, comma-separated, of {', '.join(FIGURE_FORMATS)}; network.png/.svg/.pdf are always written.",
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
        Optional[str], typer.Option("--compare-by", help="Compare groups by this column, e.g. size_class.")
    ] = None,
    permutations: PermutationsOpt = None,
    permutation_unit: UnitOpt = RunOptions.permutation_unit,
    view: ViewOpt = None,
    exclude_subgroup: ExcludeOpt = None,
    only_subgroup: OnlyOpt = None,
    split_subgroup: SplitOpt = None,
    cant_say_lowest: Annotated[bool, typer.Option("--cant-say-lowest", help="Sensitivity rerun: score \"can't say\" as the lowest answer instead of missing, and report how far the clusters and the boundary's cut move.")] = False,
) -> None:
    """Run the full analysis and write tables, figures, manifest.json, the VOSviewer, Gephi, Pajek and Excel files and report.html into --out."""
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


@app.command()
def export(
    folder: Annotated[
        Path, typer.Argument(help="Output folder of an earlier `integraatio run`.", exists=True, file_okay=False, dir_okay=True)
    ],
    format: Annotated[
        Optional[list[ExportFormat]],
        typer.Option("--format", help="What to write (repeatable; default all): " + ", ".join(EXPORT_FORMATS) + "."),
    ] = None,
    threshold: Annotated[float, typer.Option(help="Means above it are red in results.xlsx and report.html.")] = 140.0,
) -> None:
    """Rewrite the VOSviewer, Gephi, Pajek, Excel and report files of an earlier run from its folder alone.

    Reads manifest.json, pairs.csv, clusters.csv and whatever else the run wrote there;
    nothing is recomputed but the graph, rebuilt from pairs.csv with the run's weighting.
    A folder that does not match its manifest (a damaged or half-written run) is refused.
    """
    from .pipeline import reexport

    with _handled(folder):
        written = reexport(folder, formats=[f.value for f in format or []] or ["all"], threshold=threshold)
    for name in written:
        out.print(name)
    out.print(f"Wrote {len(written)} files to {folder}/")


@app.command()
def verify(
    folder: Annotated[Path, typer.Argument(help="Output folder of an earlier run.", file_okay=True, dir_okay=True)],
) -> None:
    """Check a results folder against its manifest: every file there, with its size and SHA-256 (exit 0), or not (exit 1)."""
    from .pipeline import verify as verify_folder

    problems = verify_folder(folder)
    for line in problems:
        err.print(f"- {line}", markup=False, soft_wrap=True)
    if problems:
        err.print(f"{folder}: {len(problems)} problem(s); rerun the analysis into it.", style="bold red", markup=False)
        raise typer.Exit(1)
    out.print(f"{folder}: complete, every file matches manifest.json.")


@app.command()
def compare(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    by: Annotated[str, typer.Option("--by", help="Column or codebook municipality attribute to compare by.")] = "size_class",
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "results",
    seed: Annotated[int, typer.Option(help="Seed of the sampled relabellings, the bootstrap and community detection.", min=0)] = AnalysisOptions.seed,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings in any group.", min=1)] = AnalysisOptions.min_n,
    permutations: PermutationsOpt = None,
    permutation_unit: UnitOpt = RunOptions.permutation_unit,
    view: ViewOpt = None,
    exclude_subgroup: ExcludeOpt = None,
    only_subgroup: OnlyOpt = None,
    split_subgroup: SplitOpt = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap replicates of each node's stability in the sensitivity runs (0: none).", min=0)
    ] = 0,
    lang: Annotated[Lang, typer.Option(help="Language of the figures.")] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw compare_*.png and the views.")] = True,
) -> None:
    """Compare groups (default: large cities against the rest): a full run with --compare-by.

    Writes a complete results folder (compare_<by>*.csv next to the run's tables, report
    and workbook), replacing an earlier run's folder given as --out; `integraatio run
    --compare-by COLUMN` does the same with every option of the run.
    """
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


@app.command()
def boundary(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    scenarios: ScenariosOpt = None,
    out_dir: OutOpt = "results",
    seed: Annotated[int, typer.Option(help="Seed of community detection (the cluster scenario) and of the bootstrap.", min=0)] = AnalysisOptions.seed,
    bootstrap: BootstrapOpt = RunOptions.bootstrap,
    strata: StrataOpt = RunOptions.strata,
    lang: Annotated[Lang, typer.Option(help="Language of the figures.")] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw boundary_*.png.")] = True,
) -> None:
    """Compare boundary scenarios (legislated, clusters, optimal, --scenarios): a full run with the boundary step.

    With --bootstrap B every scenario's cost and every difference get a percentile
    interval. Writes a complete results folder, replacing an earlier run's folder given
    as --out; `integraatio run --scenarios FILE` does the same with every option of the run.
    """
    with _handled(out_dir, lang=lang.value):
        r = _run(input, out_dir, codebook=codebook, scenarios=scenarios, boundary=True, seed=seed, bootstrap=bootstrap,
                 strata=strata, lang=lang.value, figures=figures)
    _print_boundary(r.boundary, lang.value)
    _print_wrote(r, out_dir, lang.value)


@app.command()
def waves(
    base: Annotated[Path, typer.Argument(help="The base wave's survey (.csv, .xlsx or .sav).", **ExistingFile)],
    new: Annotated[Path, typer.Argument(help="The new wave's survey.", **ExistingFile)],
    codebook: CodebookOpt = None,
    codebook_new: Annotated[Optional[Path], typer.Option("--codebook-new", help="The new wave's codebook (default: --codebook).", **ExistingFile)] = None,
    mapping: Annotated[Optional[Path], typer.Option("--map", help="TOML of groups renamed, split or merged between the codebooks (README: 'Comparing two waves').", **ExistingFile)] = None,
    scenarios: ScenariosOpt = None,
    out_dir: OutOpt = "waves",
    scale: Annotated[str, typer.Option(help="One scale for both waves: base (the base wave's item means and SDs) or pooled.")] = "base",
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap replicates of each wave (0: none): intervals, stability, the ARI's spread.", min=0)] = 200,
    permutations: Annotated[int, typer.Option("--permutations", help="Permutations of the wave labels within organisations.", min=1)] = 9999,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings in either wave.", min=1)] = AnalysisOptions.min_n,
    seed: Annotated[int, typer.Option(help="Seed of community detection, the bootstraps and the permutations.", min=0)] = AnalysisOptions.seed,
    lang: Annotated[Lang, typer.Option(help="Language of the report and figures.")] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw waves_*.png/.svg.")] = True,
) -> None:
    """Compare two survey waves: every cell's change, the clusters and the boundary, "What changed" first in report.html."""
    from .twowaves.report import what_changed
    from .twowaves.run import waves as compare

    with _handled(out_dir, lang=lang.value):
        r = compare(base, new, out=out_dir, codebook=codebook, codebook_new=codebook_new, mapping=mapping,
                    scenarios=scenarios, scale=scale, bootstrap=bootstrap, permutations=permutations, min_n=min_n,
                    lang=lang.value, figures=figures, reporter=_Console(lang.value), seed=seed)
    for line in what_changed(r.comparison, lang=lang.value):
        out.print(line, soft_wrap=True)
    out.print(say("cli.wrote", lang.value, n=len(r.manifest["files"]) + 1, out=out_dir))


@app.command()
def stability(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "results",
    seed: Annotated[int, typer.Option(help="Root seed of the replicates and seed of community detection.", min=0)] = AnalysisOptions.seed,
    bootstrap: BootstrapOpt = 1000,
    strata: StrataOpt = RunOptions.strata,
    jobs: JobsOpt = RunOptions.jobs,
    sweep: SweepOpt = ",".join(f"{r:g}" for r in DEFAULT_RESOLUTIONS),
    sweep_replicates: SweepReplicatesOpt = RunOptions.sweep_replicates,
    measure: Annotated[Measure, typer.Option(help="composite (integration need) or one item alone.")] = AnalysisOptions.measure,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings.", min=1)] = AnalysisOptions.min_n,
    resolution: Annotated[float, typer.Option(help="Modularity resolution of the clusters that are bootstrapped.")] = AnalysisOptions.resolution,
    engine: EngineOpt = AnalysisOptions.engine,
    lang: Annotated[Lang, typer.Option(help="Language of labels and figures.")] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw the network, coassignment and sweep figures.")] = True,
) -> None:
    """How sure are the clusters? Bootstrap respondents and sweep the resolution.

    A full run with --bootstrap and --sweep: the run's tables with node stability
    (clusters.csv) and pair-mean CIs (pairs.csv), coassignment.csv,
    bootstrap_summary.json, resolution_sweep.csv, their figures, the report and the
    workbook, in a complete results folder that replaces an earlier run's folder given as --out.
    """
    with _handled(out_dir, lang=lang.value):
        r = _run(
            input, out_dir, codebook=codebook, seed=seed, bootstrap=bootstrap, strata=strata, jobs=jobs,
            sweep=_floats(sweep) if sweep else None, sweep_replicates=sweep_replicates, measure=measure.value,
            min_n=min_n, resolution=resolution, engine=engine.value, lang=lang.value, figures=figures,
        )
    _print_stability(r.analysis, r.sweep, lang.value)
    _print_wrote(r, out_dir, lang.value)


def _codebook(path: Path | None, input: Path, lang: str):
    """The codebook to read ``input`` with (default the shipped study's, with a warning in ``lang``
    for a file of one's own)."""
    from .codebook import load_codebook
    from .survey import shipped_codebook_warning

    warning = None if path is not None else shipped_codebook_warning(input)
    if warning is not None:
        _Console(lang).warn(warning.text(lang))
    return load_codebook(path)


@app.command()
def validate(
    input: Annotated[Path, typer.Argument(help="Survey file to check.", **ExistingFile)],
    codebook: CodebookOpt = None,
    sheet: SheetOpt = None,
    delimiter: DelimiterOpt = None,
    self_ratings: SelfRatingsOpt = False,
    include_incomplete: IncompleteOpt = False,
    resubmissions: ResubmissionsOpt = None,
    all_problems: Annotated[
        bool, typer.Option("--all", help="List every problem with its row (default: one line per kind of problem).")
    ] = False,
    problems_csv: Annotated[
        Optional[Path], typer.Option("--problems", help="Write every problem to this CSV file (row, column, value, ...).")
    ] = None,
) -> None:
    """Check a survey file against the codebook; list its problems by kind (exit 1) or none (exit 0)."""
    from .survey import read_survey, summary_lines

    try:
        survey = read_survey(input, codebook=_codebook(codebook, input, "en"), sheet=sheet, self_ratings=self_ratings,
                             include_incomplete=include_incomplete, delimiter=delimiter,
                             resubmissions=resubmissions and resubmissions.value)
    except DataValidationError as error:
        report = error.report
        if problems_csv is not None:
            from .results import write_table

            try:
                write_table(report, problems_csv, private=True)
            except OSError as failure:
                _fail(f"cannot write {problems_csv}: {failure.strerror or failure}. Choose a writable file for --problems.", 1)
        if not all_problems:
            lines = summary_lines(report, file=input.name)
            err.print(f"[bold red]{len(report)} problem(s) in {escape(str(input))}:[/]", markup=True)
            for line in lines[1:]:
                err.print(line, markup=False, soft_wrap=True)
        else:
            err.print(f"[bold red]{len(report)} problem(s) in {escape(str(input))}:[/]", markup=True)
            for rec in report.itertuples(index=False):
                where = f"row {rec.row}" if rec.row == rec.row and rec.row is not None else "header"
                value = f", value {rec.value!r}" if isinstance(rec.value, str) and rec.value else ""
                err.print(f"- {where}, column {rec.column!r}{value}: {rec.problem}. {rec.fix}", markup=False, soft_wrap=True)
        if problems_csv is not None:
            err.print(f"Wrote {len(report)} problem(s) to {problems_csv}.", markup=False)
        raise typer.Exit(1)
    except IntegraatioError as error:
        _fail(error, 1)
    _Console("en").read(survey)  # validate has no --lang
    out.print(
        f"{input}: valid ({survey.layout} layout, {survey.respondents_read} respondents, {survey.rows_read} ratings)."
    )


@app.command()
def inspect(
    input: Annotated[Path, typer.Argument(help="Survey file to inspect.", **ExistingFile)],
    codebook: CodebookOpt = None,
    sheet: SheetOpt = None,
    delimiter: DelimiterOpt = None,
    include_incomplete: IncompleteOpt = False,
    lang: Annotated[Lang, typer.Option(help="Language of the plan.")] = "fi",
) -> None:
    """How each column of a survey file will be read (item, background, dropped and why, ignored),
    read exactly as `integraatio run` reads it, with the respondents and groups it covers."""
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
        out.print(f"  {rec.column:>3}  {heading:<{width}}  {use}: {rec.detail}", markup=False, soft_wrap=True)
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
    for line in summary_lines(seen.report, file=input.name):
        err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the generated files.")] = Path("synthetic"),
    seed: Annotated[int, typer.Option(help="Seed; same seed, same survey.", min=0)] = 2020,
    respondents: Annotated[Optional[int], typer.Option(help="Number answering (default: the design's 268).", min=1)] = None,
    invited: Annotated[Optional[int], typer.Option(help="Number invited (default: the design's 719).", min=1)] = None,
    organisations: Annotated[Optional[int], typer.Option(help="Number of organisations (default: the codebook's).", min=1)] = None,
    large: Annotated[int, typer.Option(help="With --organisations: how many are large.", min=0)] = 0,
    signal: Annotated[float, typer.Option(help="Strength of the planted structure (1 = the design's).", min=0.0)] = 1.0,
    codebook: CodebookOpt = None,
    design: Annotated[Optional[Path], typer.Option(help="Planted design TOML (default: the shipped design.toml).", **ExistingFile)] = None,
    waves: Annotated[bool, typer.Option("--waves", help="Also a second wave of the same population with the design's planted "
                                        "[second_wave] change: synthetic_survey_wave2.csv (for `integraatio waves`).")] = False,
) -> None:
    """Generate a synthetic survey with the study's design (long CSV, wide XLSX, invitations)."""
    from .codebook import load_codebook
    from .survey import write_survey
    from .results import write_table
    from .synth import generate, generate_waves, load_design

    try:
        cb = load_codebook(codebook)
        planted = load_design(design, codebook=cb)
        if waves and (invited or organisations or signal != 1.0):
            raise UsageError("--waves draws both waves from the design's population: leave out --invited, "
                             "--organisations and --signal.")
        if waves:
            s, second = generate_waves(cb, planted, respondents=respondents, seed=seed)
        else:
            s, second = generate(cb, planted, respondents=respondents, invited=invited, organisations=organisations,
                                 large=large if organisations else None, signal=signal, seed=seed), None
    except UsageError as error:
        _fail(error, 2)
    except IntegraatioError as error:
        _fail(error, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    if second is not None:
        write_survey(second.data, out_dir / "synthetic_survey_wave2.csv")
    write_survey(s.data, out_dir / "synthetic_survey.csv")
    write_survey(s.data, out_dir / "synthetic_survey_wide.xlsx", layout="wide")
    write_table(s.invitations, out_dir / "invitations.csv")
    answered = int(s.invitations["answered"].sum())
    invited_n = int(s.invitations["invited"].sum())
    out.print(f"Wrote {answered} respondents of {invited_n} invited ({answered / invited_n:.1%}) to {out_dir}/")



def _sizes(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise typer.BadParameter(f"expected comma-separated whole numbers such as 5,10,20; got {text!r}.") from None


def _checked_sizes(text: str) -> str:
    """Option callback: a bad list stops the command before the survey is read."""
    _sizes(text)
    return text


@app.command()
def plan(
    input: Annotated[Optional[Path], typer.Argument(help="Pilot or earlier survey to plan from. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "plan",
    sizes: Annotated[str, typer.Option("--sizes", help="Respondents per task group to simulate, comma-separated.",
                                       callback=_checked_sizes)] = "5,10,15,20,30,50",
    organisations: Annotated[Optional[int], typer.Option("--organisations", help="Organisations in the next survey, in the pilot's mix of size classes (default: the pilot's).", min=2)] = None,
    effect: Annotated[Optional[float], typer.Option("--effect", help="With --compare-by: a difference in integration-need points whose power is estimated.")] = None,
    compare_by: Annotated[Optional[str], typer.Option("--compare-by", help="With --effect: compare by this, e.g. size_class.")] = None,
    placement: Annotated[str, typer.Option("--placement", help="With --effect: the difference sits in one cell (cell), in every cell of one target group (group) or in every cell (all).")] = "cell",
    replicates: Annotated[int, typer.Option("--replicates", help="Simulated surveys per size.", min=2)] = 200,
    permutations: Annotated[int, typer.Option("--permutations", help="Relabellings of the comparison's test when they cannot all be enumerated (as run).", min=1)] = 9999,
    refit: Annotated[bool, typer.Option("--refit/--no-refit", help="Draw each survey from the pilot refitted on a bootstrap resample, to show how uncertain the pilot's clusters are.")] = True,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings.", min=1)] = AnalysisOptions.min_n,
    seed: Annotated[int, typer.Option(help="Root seed of the simulated surveys; recorded in manifest.json.", min=0)] = AnalysisOptions.seed,
    lang: Annotated[Lang, typer.Option(help="Language of the figure and plan.html.")] = AnalysisOptions.lang,
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw plan.png/.svg.")] = True,
) -> None:
    """Plan the next survey: simulate surveys like INPUT at each number of respondents per group.

    Writes plan.csv (one row per size: agreement of the clusters with the pilot's, share
    of stable groups, width of a cell mean's interval, share of suppressed cells and,
    with --effect and --compare-by, the power to find the difference), plan_stability.csv,
    plan.png/.svg and plan.html (the plan in plain words) into --out.
    """
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


@app.command()
def questionnaire(
    codebook: CodebookOpt = None,
    out_dir: OutOpt = "survey",
    lang: Annotated[Lang, typer.Option(help="Language of the survey and the printable questionnaire.")] = "fi",
) -> None:
    """Write the survey from the codebook: a LimeSurvey structure file, a printable questionnaire and the preset.

    Writes limesurvey_structure.txt (import it in LimeSurvey as a survey), questionnaire.html
    (print it for review rounds), limesurvey_preset.toml (the [wide] table that reads the
    survey's response export, exported with answer codes and question codes as headings)
    and, when the codebook has no [wide] table, codebook.toml: the codebook with that preset,
    so that `integraatio run EXPORT.csv --codebook OUT/codebook.toml` reads the export as it comes.
    """
    from .codebook import load_codebook
    from .questionnaire import questionnaire as build
    from .questionnaire import write_questionnaire

    with _handled(out_dir, lang=lang.value):
        cb = load_codebook(codebook)
        folder, manifest = write_questionnaire(build(cb, lang=lang.value), out_dir, codebook=cb)
    for text in manifest.get("warnings", []):
        _Console(lang.value).warn(text)
    out.print(say("cli.wrote", lang.value, n=len(manifest["files"]) + 1, out=out_dir))


@app.command()
def key() -> None:
    """Print a new random pseudonym key (256 bits) for --pseudonym-key-file or the INTEGRAATIO_PSEUDONYM_KEY variable."""
    import secrets

    out.print(secrets.token_urlsafe(32), markup=False, highlight=False)
