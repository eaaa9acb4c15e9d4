"""The choices and defaults of the analysis' options, shared by the library and the
command line.

:class:`AnalysisOptions` declares the analysis's options once, with their defaults and
checks, and :class:`RunOptions` adds the run's own; :func:`~integraatio.analysis.analyse`,
:func:`~integraatio.analysis.analyse_scores`, :func:`~integraatio.run`, :func:`~integraatio.plan`
and the command line take them from there (:func:`takes_options`).
Plain values with nothing heavy imported, so that ``integraatio --help`` starts without loading
numpy, pandas or a plotting library. The modules that use a choice re-export it where it
belongs (``integraatio.network.WEIGHTINGS``, ...).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from .exceptions import UsageError
from .messages import check_lang, said

__all__ = [
    "AnalysisOptions",
    "DEFAULT_RESOLUTIONS",
    "ENGINES",
    "EXPORT_FORMATS",
    "FIGURE_FORMATS",
    "FIGURE_FORMATS_RUN",
    "ITEMS",
    "MEASURES",
    "MISSING_POLICIES",
    "PERMUTATION_UNITS",
    "RunOptions",
    "SEED",
    "SYMMETRISATIONS",
    "WEIGHTINGS",
    "takes_options",
]

#: The seed every stochastic step uses unless told otherwise, in the library and on the
#: command line alike (``seed=None`` draws one; either way it is recorded).
SEED = 1
#: The environment variable that holds the pseudonym key for the command line (a value on
#: the command line would show in the process list).
PSEUDONYM_ENV = "INTEGRAATIO_PSEUDONYM_KEY"
#: The three items a respondent answers for each target group.
ITEMS = ("frequency", "reciprocity", "need")
#: ``composite`` combines the three items; an item name uses that item alone.
MEASURES = ("composite", *ITEMS)
MISSING_POLICIES = ("complete", "available")
#: What reading does with a resubmitted response (``--resubmissions``, the codebook's ``[responses]``).
RESUBMISSIONS = ("drop", "keep", "stop")
SYMMETRISATIONS = ("mean", "max", "min")
#: ``excess``: mean minus the baseline (100), clipped at 0; ``raw``: the mean itself;
#: ``minmax``: the mean rescaled to 0..1 over the observed pairs.
WEIGHTINGS = ("excess", "raw", "minmax")
#: Community-detection engines. ``networkx`` and ``python-louvain`` (Louvain, BSD) are core
#: dependencies; ``igraph-leiden`` and ``igraph-louvain`` are igraph's C implementations of
#: Leiden and Louvain (GPL, the optional extra ``integraatio[fast]``), 12-25x faster per
#: call, which is what a bootstrap of 1,000 replicates needs. ``auto`` (the default)
#: takes ``igraph-leiden`` when igraph is installed and ``networkx`` otherwise; the
#: engine actually used is recorded in every result. python-louvain 0.16 stops early at
#: resolutions below 1 (its stopping rule puts the resolution on the wrong term), so it
#: is never chosen automatically.
ENGINES = ("networkx", "python-louvain", "igraph-leiden", "igraph-louvain")
#: Resolutions of the default sweep: around the default 1, up to where clusters split.
DEFAULT_RESOLUTIONS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
#: What is relabelled in a comparison's permutation test.
PERMUTATION_UNITS = ("municipality", "respondent")
#: The formats a figure can be saved in.
FIGURE_FORMATS = ("png", "svg", "pdf")
#: What a run writes each figure in, unless told otherwise: drawing every figure three
#: times was most of a run's time. The network figure is always in all three (docs/contract.md).
FIGURE_FORMATS_RUN = ("png", "svg")
#: What ``integraatio export --format`` can write; ``all`` is every one of them.
EXPORT_FORMATS = ("vosviewer", "gexf", "graphml", "pajek", "gephi", "xlsx", "report")
def _check_choice(name: str, value: Any, allowed: Sequence[str]) -> None:
    # integraatio.checks.check_choice's wording; that module loads numpy, which this one must not.
    if value not in allowed:
        raise UsageError(f"`{name}` must be one of {', '.join(allowed)}; got {value!r}.")


@dataclass(frozen=True)
class AnalysisOptions:
    """The analysis's options, declared once: defaults, and the checks they must pass.

    Attributes
    ----------
    measure : {"composite", "frequency", "reciprocity", "need"}, default "composite"
        The composite integration need, or one item alone (:func:`integraatio.composite.score`).
    missing : {"complete", "available"}, default "complete"
        Score a rating only when all three items are present, or from those present.
    min_n : int, default 5
        Cells with fewer ratings are suppressed everywhere (tables, graph, figures).
    weighting : {"excess", "raw", "minmax"}, default "excess"
        Edge weight from the pair mean (:func:`integraatio.network.build_graph`).
    symmetrise : {"mean", "max", "min"}, default "mean"
        How the cell means a->b and b->a combine into one tie.
    resolution : float, default 1.0
        Modularity resolution: higher gives more, smaller clusters
        (:func:`integraatio.communities.detect_communities`).
    engine : str, default "auto"
        Community-detection engine, ``auto`` or one of :data:`ENGINES`.
    lang : {"fi", "en"}, default "fi"
        Language of labels, cluster names and figures.
    seed : int or None, default 1
        Seeds community detection, the layout and everything random after them; None
        draws one, recorded with the results.

    Raises
    ------
    UsageError
        An option outside its choices, ``min_n`` below 1, or a resolution that is not finite.

    Examples
    --------
    >>> AnalysisOptions(min_n=3).min_n, AnalysisOptions().measure
    (3, 'composite')
    >>> AnalysisOptions(weighting="median")
    Traceback (most recent call last):
    ...
    integraatio.exceptions.UsageError: `weighting` must be one of excess, raw, minmax; got 'median'.
    """

    measure: str = "composite"
    missing: str = "complete"
    min_n: int = 5
    weighting: str = "excess"
    symmetrise: str = "mean"
    resolution: float = 1.0
    engine: str = "auto"
    lang: str = "fi"
    seed: int | None = SEED

    def __post_init__(self) -> None:
        for name, allowed in (("measure", MEASURES), ("missing", MISSING_POLICIES), ("weighting", WEIGHTINGS),
                              ("symmetrise", SYMMETRISATIONS), ("engine", ("auto", *ENGINES))):
            _check_choice(name, getattr(self, name), allowed)
        check_lang(self.lang)
        if isinstance(self.min_n, bool) or not isinstance(self.min_n, numbers.Integral) or self.min_n < 1:
            raise UsageError(f"`min_n` must be an integer >= 1; got {self.min_n!r}.")
        if not isinstance(self.resolution, numbers.Real) or not math.isfinite(self.resolution):
            raise UsageError(f"`resolution` must be a finite number; got {self.resolution!r}.")


@dataclass(frozen=True)
class RunOptions(AnalysisOptions):
    """Every option of :func:`run` and ``integraatio run``: the analysis's
    (:class:`~integraatio.options.AnalysisOptions`) and the run's own, with their defaults
    and checks (the figure formats are checked by :func:`~integraatio.run`, before the work
    starts). Named as the command line's options, with underscores.

    Attributes
    ----------
    pseudonym_key, sheet, self_ratings, delimiter
        How the survey is read (:func:`integraatio.survey.read_survey`).
    include_incomplete : bool, default False
        Keep incomplete responses that have an own group.
    resubmissions : {"drop", "keep", "stop"}, optional
        Resubmitted responses (:func:`integraatio.survey.read_survey`); default the codebook's, else drop.
    keep_columns : sequence of str
        Extra survey columns to carry into ``scores.csv``; each must identify nobody.
    figures : bool, default True
        Draw the figures.
    figure_formats : str or sequence of str, default ("png", "svg")
        What every figure is saved as (``"png,svg,pdf"`` or a list); ``network`` always
        as PNG, SVG and PDF.
    invitations : path, optional
        A CSV of the number invited per stratum (``municipality``, ...; ``invited``):
        ``response.csv`` and the report's response section. Default: the shipped survey's
        own file when the input is the shipped survey, else none.
    weights : path or str, optional
        Non-response weights: an invitations file (each respondent weighs ``invited /
        respondents`` of their stratum; it also gives ``response.csv``), or
        ``"column:NAME"`` for a weight column of the survey. Weighted cell means, ``n_eff``
        in ``pairs.csv``, the bootstrap resamples respondents with their weights, and the
        comparisons and sensitivity reruns are weighted too.
    exports, report : bool, default True
        Write the files for other programs, and ``report.html``.
    bootstrap, strata, jobs, sweep, sweep_replicates
        As :func:`integraatio.stability.bootstrap` and
        :func:`~integraatio.stability.resolution_sweep` (``strata`` a comma list or "none").
    scenarios : path, optional
        Boundary scenarios TOML.
    boundary : bool, optional
        Compare boundary scenarios; default (None) when the codebook puts groups on both
        sides of the boundary or ``scenarios`` is given.
    compare_by, permutations, permutation_unit, view
        As :func:`integraatio.compare.compare_groups`; ``view`` the groups whose bars and
        table are drawn.
    exclude_subgroup, only_subgroup, split_subgroup : sequence of str
        Sensitivity reruns (:func:`integraatio.reruns.sensitivity`).
    cant_say_lowest : bool, default False
        A sensitivity rerun with "can't say" scored as the lowest answer instead of missing
        (:func:`integraatio.reruns.cant_say_sensitivity`): ``sensitivity_cant_say.csv``, and
        how far the clusters and the boundary's cut move in the manifest and the report.
    """

    pseudonym_key: str | None = None
    sheet: str | int | None = None
    delimiter: str | None = None
    self_ratings: bool = False
    include_incomplete: bool = False
    resubmissions: str | None = None
    keep_columns: Sequence[str] = ()
    figures: bool = True
    figure_formats: str | Sequence[str] = FIGURE_FORMATS_RUN
    invitations: str | os.PathLike | None = None
    weights: str | os.PathLike | None = None
    exports: bool = True
    report: bool = True
    bootstrap: int = 0
    strata: str | Sequence[str] | None = "own_group"
    jobs: int = 1
    sweep: Sequence[float] | None = None
    sweep_replicates: int = 200
    scenarios: str | os.PathLike | None = None
    boundary: bool | None = None
    compare_by: str | None = None
    permutations: int | None = None
    permutation_unit: str = "municipality"
    view: Sequence[str] = ()
    exclude_subgroup: Sequence[str] = ()
    only_subgroup: Sequence[str] = ()
    split_subgroup: Sequence[str] = ()
    cant_say_lowest: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.sweep is not None:
            object.__setattr__(self, "sweep", [float(r) for r in self.sweep])
            for r in self.sweep:
                if not math.isfinite(r):
                    raise UsageError(f"`sweep` must be a finite number; got {r!r}.")
        if self.view and not self.compare_by:
            raise UsageError(said("options.view"))


def takes_options(kind: type) -> Callable[[Callable], Callable]:
    """Decorator: ``f(..., options)`` also takes each field of the dataclass ``kind`` as a
    keyword argument, as its signature then shows, and receives them as one ``kind``.

    ``f(x, min_n=3)`` calls ``f(x, options=kind(min_n=3))``; ``options=`` passes a whole
    ``kind`` (fields given beside it replace its own). So the options are declared once,
    in ``kind``, and a call by keyword keeps working.

    Examples
    --------
    >>> @takes_options(AnalysisOptions)
    ... def cells(*, options):
    ...     return options.min_n
    >>> cells(), cells(min_n=3), cells(options=AnalysisOptions(min_n=4), min_n=2)
    (5, 3, 2)
    >>> "min_n" in inspect.signature(cells).parameters
    True
    """
    settable = [f for f in fields(kind) if f.init]
    names = [f.name for f in settable]

    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def taking(*args: Any, options: Any = None, **keywords: Any) -> Any:
            chosen = {name: keywords.pop(name) for name in names if name in keywords}
            options = kind() if options is None else options
            return f(*args, options=replace(options, **chosen) if chosen else options, **keywords)

        own = [p for p in inspect.signature(f).parameters.values() if p.name != "options"]
        last = [p for p in own if p.kind is p.VAR_KEYWORD]
        shown = [inspect.Parameter(fd.name, inspect.Parameter.KEYWORD_ONLY, default=getattr(kind, fd.name), annotation=fd.type)
                 for fd in settable]
        options = inspect.Parameter("options", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind.__name__)
        taking.__signature__ = inspect.signature(f).replace(
            parameters=[p for p in own if p.kind is not p.VAR_KEYWORD] + shown + [options] + last)
        return taking

    return decorate
