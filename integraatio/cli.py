"""Command line: a thin wrapper over the library. Nothing is computed here.

Exit codes: 0 success; 1 a data or input problem (the message says what and where);
2 a usage error (unknown option, missing file).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from .communities import ENGINES
from .compare import PERMUTATION_UNITS
from .composite import MEASURES, MISSING_POLICIES
from .exceptions import DataValidationError, InsufficientDataError, IntegraatioError
from .formats import EXPORT_FORMATS
from .network import SYMMETRISATIONS, WEIGHTINGS
from .stability import DEFAULT_RESOLUTIONS

app = typer.Typer(
    help="Integration-need network analysis of public services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


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
    Optional[str],
    typer.Option(
        "--pseudonym-key",
        envvar="INTEGRAATIO_PSEUDONYM_KEY",
        help="Key (16+ characters) of the HMAC-SHA256 pseudonyms that replace respondent ids in every output; "
        "without it ids become R0001, R0002, ... Prefer the environment variable (shell history keeps options).",
    ),
]
ScenariosOpt = Annotated[
    Optional[Path],
    typer.Option("--scenarios", help="Boundary scenarios TOML (README: 'Where should the boundary run?').", **ExistingFile),
]


PermutationsOpt = Annotated[
    Optional[int],
    typer.Option(
        "--permutations",
        help="Relabellings sampled when there are too many to enumerate (default: 9999 for the cell tests, 999 for "
        "the cluster test); when there are fewer, all are enumerated (exact test).",
        min=1,
    ),
]
UnitOpt = Annotated[
    Unit,
    typer.Option("--permutation-unit", help="Relabel whole municipalities (respondents are nested in them) or single respondents."),
]
ViewOpt = Annotated[
    Optional[list[str]],
    typer.Option("--view", help="Respondent group whose bar chart and table to draw, as on the slides (repeat the option)."),
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


def _compare(result, cb, by: str, *, permutations: int | None, unit: str, seed: int):
    """Group comparison and cluster comparison of one grouping column."""
    from .compare import compare_clusters, compare_groups

    counts = {} if permutations is None else {"permutations": permutations}
    with err.status(f"Comparing groups by {by} ..."):
        comparison = compare_groups(result, codebook=cb, by=by, permutation_unit=unit, seed=seed, **counts)
        try:
            clusters = compare_clusters(result, codebook=cb, by=by, permutation_unit=unit, seed=seed, **counts)
        except InsufficientDataError as error:  # the cell comparison stands without it
            err.print(f"[yellow]note:[/] clusters not compared: {error}", markup=True, soft_wrap=True)
            clusters = None
    return comparison, clusters


def _print_comparison(comparison, clusters) -> None:
    out.print(comparison.note, soft_wrap=True)
    if clusters is None:
        return
    out.print(
        f"Clusters by {comparison.by}: ARI {clusters.statistic:.2f} between the groups' partitions, permutation "
        f"p = {clusters.p_value:.3g} ({clusters.permutations} relabellings, {'exact' if clusters.exact else 'sampled'}).",
        soft_wrap=True,
    )


def _sensitivities(
    result, cb, *, exclude: list[str] | None, only: list[str] | None, split: list[str] | None, replicates: int | None, seed: int
) -> list:
    """Sensitivity reruns; ``replicates`` None follows the bootstrap attached to ``result``."""
    from .compare import sensitivity

    asked = [("exclude", s) for s in exclude or []] + [("only", s) for s in only or []] + [("split", s) for s in split or []]
    with err.status("Rerunning the sensitivity analyses ..."):
        return [
            sensitivity(result, codebook=cb, subgroup=s, mode=m, replicates=replicates, seed=seed) for m, s in asked
        ]


def _print_sensitivity(runs) -> None:
    for r in runs:
        moved = r.nodes.loc[r.nodes["changed"]]
        what = ", ".join(f"{v} ({a} -> {b})" for v, a, b in moved[["node", "cluster_name_full", "cluster_name"]].itertuples(index=False))
        out.print(f"Sensitivity {r.name}: {len(moved)} node(s) changed cluster{': ' + what if what else ''}", soft_wrap=True)
        if r.parameters["replicates"]:
            shift = r.nodes.loc[r.nodes["stability_change"].abs().idxmax()]
            out.print(
                f"  largest stability change: {shift['node']} {shift['stability_full']:.2f} -> {shift['stability']:.2f}",
                soft_wrap=True,
            )


def _read(input: Path | None, codebook: Path | None, pseudonym_key: str | None = None):
    """The codebook and the survey (default: the shipped one), with the reader's notes printed."""
    from .codebook import load_codebook
    from .datasets import survey_path
    from .io import read_survey

    with err.status("Reading the codebook and the survey ..."):
        cb = load_codebook(codebook)
        survey = read_survey(input or survey_path(), codebook=cb, pseudonym_key=pseudonym_key)
    for note in survey.notes:
        err.print(f"[yellow]note:[/] {escape(note)}", markup=True)
    return cb, survey


def _boundary(result, cb, scenarios: Path | None, *, optional: bool = True):
    """The boundary step (intervals from the result's bootstrap, if any); None if ``optional``
    and the codebook draws no boundary nor a file asks for one."""
    from .boundary import analyse_boundary, divides, read_scenarios

    if optional and scenarios is None and not divides(cb):
        return None
    with err.status("Comparing boundary scenarios ..."):
        plan = read_scenarios(scenarios, codebook=cb) if scenarios else None
        return analyse_boundary(result, codebook=cb, plan=plan)


def _print_boundary(boundary) -> None:
    level = boundary.parameters["level"]
    for r in boundary.scenarios.to_dict("records"):
        ci = f" ({level:.0%} CI {r['share_ci_low']:.1%} to {r['share_ci_high']:.1%})" if "share_ci_low" in r else ""
        moved = f"; moves {r['moved']}" if r["moved"] else ""
        out.print(f"Boundary {r['scenario']}: cuts {r['share']:.1%} of the integration need{ci}{moved}", soft_wrap=True)


EngineOpt = Annotated[
    Engine, typer.Option(help="Community detection: auto = igraph-leiden when igraph is installed (integraatio[fast]), else networkx.")
]
BootstrapOpt = Annotated[
    int,
    typer.Option(
        "--bootstrap",
        help="Respondent bootstrap replicates (0: none): node stability in clusters.csv, pair-mean CIs in pairs.csv, "
        "coassignment.csv, bootstrap_summary.json.",
        min=0,
    ),
]
StrataOpt = Annotated[
    str, typer.Option(help="Comma-separated respondent columns to resample within ('none': the whole sample).")
]
JobsOpt = Annotated[
    int, typer.Option("--jobs", help="Worker processes for the bootstrap (-1: all cores); pays only for the pure-Python engines.", min=-1)
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
        help="Comma-separated resolutions to sweep (clusters, modularity, replicate ARI): resolution_sweep.csv.",
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
        help="Write the files other programs open: VOSviewer (vosviewer_*.txt, vosviewer.json), network.gexf, "
        "network.graphml, network.net (Pajek), gephi_*.csv and results.xlsx.",
    ),
]
ReportOpt = Annotated[bool, typer.Option("--report/--no-report", help="Write report.html, one self-contained page.")]
ExportFormat = _choices("ExportFormat", (*EXPORT_FORMATS, "all"))


def _stability(result, *, replicates: int, strata: str, jobs: int, sweep: str | None, sweep_replicates: int, seed: int):
    """The bootstrap (attached to the result) and the resolution sweep, each with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .stability import attach_bootstrap, bootstrap, resolution_sweep

    grid = _floats(sweep) if sweep else None
    if not replicates and grid is None:
        return result, None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    strata_list = None if strata.strip().lower() == "none" else [c.strip() for c in strata.split(",") if c.strip()]
    common = dict(strata=strata_list, n_jobs=jobs, seed=seed)
    swept = None
    with Progress(*columns, console=err, transient=True) as bar:
        if replicates:
            task = bar.add_task(f"Bootstrap ({result.partition.engine})", total=replicates)
            boot = bootstrap(result, replicates=replicates, progress=lambda k: bar.advance(task, k), **common)
            result = attach_bootstrap(result, boot)
        if grid is not None:
            task = bar.add_task("Resolution sweep", total=sweep_replicates * len(grid))
            swept = resolution_sweep(
                result, resolutions=grid, replicates=sweep_replicates, progress=lambda k: bar.advance(task, k), **common
            )
    return result, swept


def _print_stability(result, swept) -> None:
    boot = result.bootstrap
    if boot is not None:
        a, p = boot.ari, boot.parameters
        nodes = result.clusters.nsmallest(3, "stability")
        weakest = ", ".join(f"{v} {s:.2f}" for v, s in zip(nodes["node"], nodes["stability"]))
        out.print(
            f"Bootstrap ({p['replicates']} replicates, {p['engine']}): {(a == 1).mean():.0%} reproduce the clusters exactly, "
            f"mean ARI {a.mean():.2f}; least stable: {weakest}.",
            soft_wrap=True,
        )
    if swept is not None:
        for r in swept.table.itertuples(index=False):
            out.print(f"Resolution {r.resolution:g}: {r.clusters} clusters, modularity {r.modularity:.3f}, mean ARI {r.ari_mean:.2f}")


def _fail(error: Exception) -> None:
    """Print the message and exit: 1 for a data problem, 2 for a bad parameter value."""
    err.print(f"error: {error}", markup=False, style="bold red", soft_wrap=True)
    raise typer.Exit(1 if isinstance(error, IntegraatioError) else 2)


@app.command()
def run(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file (.csv, .xlsx or .sav, long or wide). Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results"),
    pseudonym_key: PseudonymKeyOpt = None,
    seed: Annotated[int, typer.Option(help="Seed of community detection and layout; recorded in manifest.json.", min=0)] = 1,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings.", min=1)] = 5,
    measure: Annotated[Measure, typer.Option(help="composite (integration need) or one item alone.")] = "composite",
    missing: Annotated[Missing, typer.Option(help="complete: score a rating only when all items are present.")] = "complete",
    weighting: Annotated[Weighting, typer.Option(help="Edge weight from the pair mean (README: 'Choosing the edge weight').")] = "excess",
    symmetrise: Annotated[Symmetrise, typer.Option(help="How a->b and b->a combine.")] = "mean",
    resolution: Annotated[float, typer.Option(help="Modularity resolution: higher gives more, smaller clusters.")] = 1.0,
    engine: EngineOpt = "auto",
    lang: Annotated[Lang, typer.Option(help="Language of labels and cluster names.")] = "fi",
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw network.png/.svg/.pdf.")] = True,
    exports: ExportsOpt = True,
    report: ReportOpt = True,
    bootstrap: BootstrapOpt = 0,
    strata: StrataOpt = "own_group",
    jobs: JobsOpt = 1,
    sweep: SweepOpt = None,
    sweep_replicates: SweepReplicatesOpt = 200,
    scenarios: ScenariosOpt = None,
    compare_by: Annotated[
        Optional[str], typer.Option("--compare-by", help="Compare groups by this column or codebook municipality attribute (e.g. size_class).")
    ] = None,
    permutations: PermutationsOpt = None,
    permutation_unit: UnitOpt = "municipality",
    view: ViewOpt = None,
    exclude_subgroup: ExcludeOpt = None,
    only_subgroup: OnlyOpt = None,
    split_subgroup: SplitOpt = None,
) -> None:
    """Run the full analysis and write tables, figures, manifest.json, the VOSviewer, Gephi, Pajek and Excel files and report.html into --out."""
    from .analysis import analyse
    from .export import write_boundary, write_comparison, write_results, write_sensitivity, write_sweep
    from .formats import write_exports

    try:
        cb, survey = _read(input, codebook, pseudonym_key)
        with err.status("Scoring, aggregating and clustering ..."):
            result = analyse(
                survey.data,
                codebook=cb,
                measure=measure.value,
                missing=missing.value,
                min_n=min_n,
                weighting=weighting.value,
                symmetrise=symmetrise.value,
                resolution=resolution,
                engine=engine.value,
                lang=lang.value,
                seed=seed,
            )
        result, swept = _stability(
            result, replicates=bootstrap, strata=strata, jobs=jobs, sweep=sweep, sweep_replicates=sweep_replicates, seed=seed
        )
        boundary = _boundary(result, cb, scenarios)  # intervals from result.bootstrap when --bootstrap
        compared = None
        if compare_by:
            compared = _compare(result, cb, compare_by, permutations=permutations, unit=permutation_unit.value, seed=seed)
        runs = _sensitivities(
            result, cb, exclude=exclude_subgroup, only=only_subgroup, split=split_subgroup, replicates=None, seed=seed
        )
        with err.status(f"Writing results to {out_dir} ..."):
            extra = {"codebook": str(cb.path), "codebook_sha256": cb.sha256}
            if boundary is not None:
                extra["boundary"] = boundary.parameters
            if compared is not None:
                extra["compare"] = dict(compared[0].parameters)
            if runs:
                extra["sensitivity"] = [r.name for r in runs]
            if swept is not None:
                extra["resolution_sweep"] = dict(swept.parameters)
            written = write_results(result, survey, out_dir, figures=figures, extra=extra)
            if swept is not None:
                written += write_sweep(swept, out_dir, figures=figures, resolution=resolution, lang=lang.value)
            if boundary is not None:
                written += write_boundary(boundary, out_dir, analysis=result, figures=figures)
            if compared is not None:
                written += write_comparison(
                    compared[0], out_dir, codebook=cb, clusters=compared[1], views=view or (), lang=lang.value, figures=figures
                )
            for r in runs:
                written += write_sensitivity(r, out_dir, figures=figures)
            # Rebuilt from the files just written, exactly as `integraatio export` does.
            formats = [f for f in EXPORT_FORMATS if (report if f == "report" else exports)]
            if formats:
                written += write_exports(out_dir, formats=formats)
    except (IntegraatioError, ValueError) as error:
        _fail(error)
    s = result.scores
    out.print(
        f"Read {survey.rows_read} ratings from {survey.respondents_read} respondents; scored {len(s.values)}, "
        f"excluded {len(s.exclusions)} (see exclusions.csv). Cronbach's alpha {s.alpha:.2f}."
    )
    for c, members in enumerate(result.partition.clusters, start=1):
        name = result.clusters.loc[result.clusters["cluster"] == c, "cluster_name"].iloc[0]
        out.print(f"Cluster {c} ({name}): {', '.join(sorted(members, key=result.codes.index))}")
    _print_stability(result, swept)
    if boundary is not None:
        _print_boundary(boundary)
    if compared is not None:
        _print_comparison(*compared)
    _print_sensitivity(runs)
    out.print(f"Wrote {len(written)} files to {out_dir}/")


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
    """
    from .formats import write_exports

    try:
        written = write_exports(folder, formats=[f.value for f in format or []] or ["all"], threshold=threshold)
    except (IntegraatioError, ValueError) as error:
        _fail(error)
    for path in written:
        out.print(str(path))
    out.print(f"Wrote {len(written)} files to {folder}/")


@app.command()
def compare(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    by: Annotated[str, typer.Option("--by", help="Column or codebook municipality attribute to compare by.")] = "size_class",
    codebook: CodebookOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results"),
    seed: Annotated[int, typer.Option(help="Seed of the sampled relabellings, the bootstrap and community detection.", min=0)] = 1,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings in any group.", min=1)] = 5,
    permutations: PermutationsOpt = None,
    permutation_unit: UnitOpt = "municipality",
    view: ViewOpt = None,
    exclude_subgroup: ExcludeOpt = None,
    only_subgroup: OnlyOpt = None,
    split_subgroup: SplitOpt = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap replicates of each node's stability in the sensitivity runs (0: none).", min=0)
    ] = 0,
    lang: Annotated[Lang, typer.Option(help="Language of the figures.")] = "fi",
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw compare_*.png and the views.")] = True,
) -> None:
    """Compare groups (default: large cities against the rest) and write compare_<by>*.csv.

    The spine runs with its defaults; `integraatio run --compare-by COLUMN` writes the same
    files next to the full results with any spine option.
    """
    from .analysis import analyse
    from .export import write_comparison, write_sensitivity

    try:
        cb, survey = _read(input, codebook)
        with err.status("Scoring, aggregating and clustering ..."):
            result = analyse(survey.data, codebook=cb, min_n=min_n, lang=lang.value, seed=seed)
        compared = _compare(result, cb, by, permutations=permutations, unit=permutation_unit.value, seed=seed)
        runs = _sensitivities(
            result, cb, exclude=exclude_subgroup, only=only_subgroup, split=split_subgroup, replicates=bootstrap, seed=seed
        )
        written = write_comparison(
            compared[0], out_dir, codebook=cb, clusters=compared[1], views=view or (), lang=lang.value, figures=figures
        )
        for r in runs:
            written += write_sensitivity(r, out_dir, figures=figures)
    except (IntegraatioError, ValueError) as error:
        _fail(error)
    _print_comparison(*compared)
    _print_sensitivity(runs)
    out.print(f"Wrote {len(written)} files to {out_dir}/")


@app.command()
def boundary(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    scenarios: ScenariosOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results"),
    seed: Annotated[int, typer.Option(help="Seed of community detection (the cluster scenario) and of the bootstrap.", min=0)] = 1,
    bootstrap: BootstrapOpt = 0,
    strata: StrataOpt = "own_group",
    lang: Annotated[Lang, typer.Option(help="Language of the figures.")] = "fi",
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw boundary_*.png.")] = True,
) -> None:
    """Compare boundary scenarios (legislated, clusters, optimal, --scenarios) and write boundary_*.csv.

    With --bootstrap B every scenario's cost and every difference get a percentile
    interval. The spine runs with its defaults; `integraatio run --scenarios FILE` writes
    the same files next to the full results with any spine option.
    """
    from .analysis import analyse
    from .export import write_boundary

    try:
        cb, survey = _read(input, codebook)
        with err.status("Scoring, aggregating and clustering ..."):
            result = analyse(survey.data, codebook=cb, lang=lang.value, seed=seed)
        result, _ = _stability(result, replicates=bootstrap, strata=strata, jobs=1, sweep=None, sweep_replicates=2, seed=seed)
        found = _boundary(result, cb, scenarios, optional=False)
        written = write_boundary(found, out_dir, analysis=result, figures=figures)
    except (IntegraatioError, ValueError) as error:
        _fail(error)
    _print_boundary(found)
    out.print(f"Wrote {len(written)} files to {out_dir}/")


@app.command()
def stability(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file. Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results"),
    seed: Annotated[int, typer.Option(help="Root seed of the replicates and seed of community detection.", min=0)] = 1,
    bootstrap: BootstrapOpt = 1000,
    strata: StrataOpt = "own_group",
    jobs: JobsOpt = 1,
    sweep: SweepOpt = ",".join(f"{r:g}" for r in DEFAULT_RESOLUTIONS),
    sweep_replicates: SweepReplicatesOpt = 200,
    measure: Annotated[Measure, typer.Option(help="composite (integration need) or one item alone.")] = "composite",
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings.", min=1)] = 5,
    resolution: Annotated[float, typer.Option(help="Modularity resolution of the clusters that are bootstrapped.")] = 1.0,
    engine: EngineOpt = "auto",
    lang: Annotated[Lang, typer.Option(help="Language of labels and figures.")] = "fi",
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw the network, coassignment and sweep figures.")] = True,
) -> None:
    """How sure are the clusters? Bootstrap respondents and sweep the resolution.

    Writes what `integraatio run --bootstrap B --sweep ...` writes: the spine's tables with
    node stability (clusters.csv) and pair-mean CIs (pairs.csv), coassignment.csv,
    bootstrap_summary.json, resolution_sweep.csv and their figures. The spine runs with
    its defaults apart from the options here; `run` takes every spine option.
    """
    from .analysis import analyse
    from .export import write_results, write_sweep

    try:
        cb, survey = _read(input, codebook)
        with err.status("Scoring, aggregating and clustering ..."):
            result = analyse(
                survey.data, codebook=cb, measure=measure.value, min_n=min_n, resolution=resolution,
                engine=engine.value, lang=lang.value, seed=seed,
            )
        result, swept = _stability(
            result, replicates=bootstrap, strata=strata, jobs=jobs, sweep=sweep, sweep_replicates=sweep_replicates, seed=seed
        )
        with err.status(f"Writing results to {out_dir} ..."):
            extra = {"codebook": str(cb.path), "codebook_sha256": cb.sha256}
            if swept is not None:
                extra["resolution_sweep"] = dict(swept.parameters)
            written = write_results(result, survey, out_dir, figures=figures, extra=extra)
            if swept is not None:
                written += write_sweep(swept, out_dir, figures=figures, resolution=resolution, lang=lang.value)
    except (IntegraatioError, ValueError) as error:
        _fail(error)
    _print_stability(result, swept)
    out.print(f"Wrote {len(written)} files to {out_dir}/")


@app.command()
def validate(
    input: Annotated[Path, typer.Argument(help="Survey file to check.", **ExistingFile)],
    codebook: CodebookOpt = None,
) -> None:
    """Check a survey file against the codebook; list every problem (exit 1) or none (exit 0)."""
    from .codebook import load_codebook
    from .io import read_survey

    try:
        survey = read_survey(input, codebook=load_codebook(codebook))
    except DataValidationError as error:
        report = error.report
        err.print(f"[bold red]{len(report)} problem(s) in {input}:[/]", markup=True)
        for rec in report.itertuples(index=False):
            where = f"row {rec.row}" if rec.row == rec.row and rec.row is not None else "header"
            value = f", value {rec.value!r}" if isinstance(rec.value, str) and rec.value else ""
            err.print(f"- {where}, column {rec.column!r}{value}: {rec.problem}. {rec.fix}", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    except IntegraatioError as error:
        _fail(error)
    for note in survey.notes:
        err.print(f"[yellow]note:[/] {escape(note)}", markup=True)
    out.print(
        f"{input}: valid ({survey.layout} layout, {survey.respondents_read} respondents, {survey.rows_read} ratings)."
    )


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
) -> None:
    """Generate a synthetic survey with the study's design (long CSV, wide XLSX, invitations)."""
    from .codebook import load_codebook
    from .export import write_table
    from .io import to_wide, write_survey
    from .synth import generate, load_design

    try:
        cb = load_codebook(codebook)
        s = generate(
            cb,
            load_design(design, codebook=cb),
            respondents=respondents,
            invited=invited,
            organisations=organisations,
            large=large if organisations else None,
            signal=signal,
            seed=seed,
        )
    except (IntegraatioError, ValueError) as error:
        _fail(error)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_survey(s.data, out_dir / "synthetic_survey.csv")
    write_survey(s.data, out_dir / "synthetic_survey_wide.xlsx", layout="wide")
    write_table(s.invitations, out_dir / "invitations.csv")
    answered = int(s.invitations["answered"].sum())
    invited_n = int(s.invitations["invited"].sum())
    out.print(f"Wrote {answered} respondents of {invited_n} invited ({answered / invited_n:.1%}) to {out_dir}/")

