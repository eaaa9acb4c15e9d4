"""integraatio: integration-need network analysis of public services.

The pipeline, one module per stage::

    survey.read_survey -> composite.score -> matrix.pair_table -> network.build_graph
        -> communities.detect_communities -> network.network_layout
        -> stability / boundary / compare / reruns -> plot, results, interchange, workbook, report

:func:`run` (:mod:`integraatio.pipeline`) does everything ``integraatio run`` does and
writes the same files; :func:`analysis.analyse` runs the analysis alone, in memory. The
``integraatio`` command line parses options and calls them.
"""

__version__ = "0.1.0"

import importlib
import importlib.util

#: Where each public name lives. Loaded on first use, so that the command line and
#: ``import integraatio`` do not pay for numpy, pandas and matplotlib until a name is used.
_LOCATIONS = {
    "Analysis": "analysis",
    "analyse": "analysis",
    "BoundaryAnalysis": "boundary",
    "Constraints": "boundary",
    "Scenario": "boundary",
    "analyse_boundary": "boundary",
    "bootstrap_boundary": "boundary",
    "boundary_cost": "boundary",
    "cluster_scenario": "boundary",
    "legislated_scenario": "boundary",
    "make_scenario": "boundary",
    "optimise_boundary": "boundary",
    "read_scenarios": "boundary",
    "Codebook": "codebook",
    "load_codebook": "codebook",
    "Partition": "communities",
    "detect_communities": "communities",
    "name_clusters": "communities",
    "ClusterComparison": "compare",
    "Comparison": "compare",
    "compare_clusters": "compare",
    "compare_groups": "compare",
    "Scores": "composite",
    "item_reliability": "composite",
    "score": "composite",
    "load_example": "datasets",
    "CodebookError": "exceptions",
    "DataValidationError": "exceptions",
    "InputFileError": "exceptions",
    "InsufficientDataError": "exceptions",
    "IntegraatioError": "exceptions",
    "RunFolder": "folder",
    "read_run": "folder",
    "write_exports": "interchange",
    "Survey": "survey",
    "read_survey": "survey",
    "pair_table": "matrix",
    "pivot_matrix": "matrix",
    "build_graph": "network",
    "network_layout": "network",
    "node_statistics": "network",
    "symmetric_matrix": "network",
    "Run": "pipeline",
    "run": "pipeline",
    "verify": "pipeline",
    "Plan": "planning",
    "plan": "planning",
    "Questionnaire": "questionnaire",
    "write_questionnaire": "questionnaire",
    "plot_network": "plot",
    "Sensitivity": "reruns",
    "sensitivity": "reruns",
    "Bootstrap": "stability",
    "ResolutionSweep": "stability",
    "attach_bootstrap": "stability",
    "bootstrap": "stability",
    "resolution_sweep": "stability",
    "SyntheticSurvey": "synth",
    "generate": "synth",
    "WaveComparison": "twowaves",
    "compare_waves": "twowaves",
    "waves": "twowaves.run",
}

__all__ = sorted(_LOCATIONS)


def __getattr__(name: str):
    if name in _LOCATIONS:
        value = getattr(importlib.import_module(f".{_LOCATIONS[name]}", __name__), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:  # a submodule: integraatio.plot
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'integraatio' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
