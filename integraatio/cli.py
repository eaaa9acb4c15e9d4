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

from .communities import ENGINES
from .composite import MEASURES, MISSING_POLICIES
from .exceptions import DataValidationError, IntegraatioError
from .network import SYMMETRISATIONS, WEIGHTINGS

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
Engine = _choices("Engine", ENGINES)
Lang = _choices("Lang", ("fi", "en"))

ExistingFile = dict(exists=True, dir_okay=False, readable=True)
CodebookOpt = Annotated[
    Optional[Path], typer.Option("--codebook", help="Codebook TOML (default: the shipped survey's).", **ExistingFile)
]


def _fail(error: Exception) -> None:
    """Print the message and exit: 1 for a data problem, 2 for a bad parameter value."""
    err.print(f"[bold red]error:[/] {error}", markup=False, soft_wrap=True)
    raise typer.Exit(1 if isinstance(error, IntegraatioError) else 2)


@app.command()
def run(
    input: Annotated[Optional[Path], typer.Argument(help="Survey file (.csv or .xlsx, long or wide). Default: the shipped synthetic survey.", **ExistingFile)] = None,
    codebook: CodebookOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results"),
    seed: Annotated[int, typer.Option(help="Seed of community detection and layout; recorded in manifest.json.", min=0)] = 1,
    min_n: Annotated[int, typer.Option("--min-n", help="Suppress cells with fewer ratings.", min=1)] = 5,
    measure: Annotated[Measure, typer.Option(help="composite (integration need) or one item alone.")] = "composite",
    missing: Annotated[Missing, typer.Option(help="complete: score a rating only when all items are present.")] = "complete",
    weighting: Annotated[Weighting, typer.Option(help="Edge weight from the pair mean (README: 'Choosing the edge weight').")] = "excess",
    symmetrise: Annotated[Symmetrise, typer.Option(help="How a->b and b->a combine.")] = "mean",
    resolution: Annotated[float, typer.Option(help="Modularity resolution: higher gives more, smaller clusters.")] = 1.0,
    engine: Annotated[Engine, typer.Option(help="Louvain implementation.")] = "networkx",
    lang: Annotated[Lang, typer.Option(help="Language of labels and cluster names.")] = "fi",
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Draw network.png/.svg/.pdf.")] = True,
) -> None:
    """Run the full analysis and write tables, figures and manifest.json into --out."""
    from .analysis import analyse
    from .codebook import load_codebook
    from .datasets import survey_path
    from .export import write_results
    from .io import read_survey

    try:
        with err.status("Reading the codebook and the survey ..."):
            cb = load_codebook(codebook)
            survey = read_survey(input or survey_path(), codebook=cb)
        for note in survey.notes:
            err.print(f"[yellow]note:[/] {note}", markup=True)
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
        with err.status(f"Writing results to {out_dir} ..."):
            extra = {"codebook": str(cb.path), "codebook_sha256": cb.sha256}
            written = write_results(result, survey, out_dir, figures=figures, extra=extra)
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
        err.print(f"[yellow]note:[/] {note}", markup=True)
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

