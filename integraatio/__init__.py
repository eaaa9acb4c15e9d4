"""integraatio: integration-need network analysis of public services.

The pipeline, one module per stage::

    io.read_survey -> composite.score -> matrix.pair_table -> network.build_graph
        -> communities.detect_communities -> network.network_layout -> plot / export

:func:`run` (:mod:`integraatio.pipeline`) does everything ``integraatio run`` does and
writes the same files; :func:`analysis.analyse` runs the analysis alone, in memory. The
``integraatio`` command line parses options and calls them.
"""

__version__ = "0.1.0"

from .analysis import Analysis, analyse
from .boundary import (
    BoundaryAnalysis,
    Constraints,
    Scenario,
    analyse_boundary,
    boundary_cost,
    bootstrap_boundary,
    cluster_scenario,
    legislated_scenario,
    make_scenario,
    optimise_boundary,
    read_scenarios,
)
from .codebook import Codebook, load_codebook
from .communities import Partition, detect_communities, name_clusters
from .compare import ClusterComparison, Comparison, compare_clusters, compare_groups
from .reruns import Sensitivity, sensitivity
from .composite import Scores, item_reliability, score
from .datasets import load_example
from .exceptions import (
    CodebookError,
    DataValidationError,
    InputFileError,
    InsufficientDataError,
    IntegraatioError,
)
from .folder import RunFolder, read_run
from .interchange import write_exports
from .io import Survey, read_survey
from .matrix import pair_table, pivot_matrix
from .pipeline import Run, run, verify
from .network import build_graph, network_layout, node_statistics, symmetric_matrix
from .plot import plot_network
from .stability import Bootstrap, ResolutionSweep, attach_bootstrap, bootstrap, resolution_sweep
from .synth import SyntheticSurvey, generate

__all__ = [
    "Analysis",
    "Bootstrap",
    "BoundaryAnalysis",
    "ClusterComparison",
    "Codebook",
    "CodebookError",
    "Comparison",
    "Constraints",
    "DataValidationError",
    "InputFileError",
    "InsufficientDataError",
    "IntegraatioError",
    "Partition",
    "ResolutionSweep",
    "Run",
    "RunFolder",
    "Scenario",
    "Scores",
    "Sensitivity",
    "Survey",
    "SyntheticSurvey",
    "analyse",
    "analyse_boundary",
    "attach_bootstrap",
    "bootstrap",
    "bootstrap_boundary",
    "boundary_cost",
    "build_graph",
    "cluster_scenario",
    "compare_clusters",
    "compare_groups",
    "detect_communities",
    "generate",
    "item_reliability",
    "legislated_scenario",
    "load_codebook",
    "load_example",
    "make_scenario",
    "name_clusters",
    "network_layout",
    "node_statistics",
    "optimise_boundary",
    "pair_table",
    "pivot_matrix",
    "plot_network",
    "read_run",
    "read_scenarios",
    "read_survey",
    "resolution_sweep",
    "run",
    "score",
    "sensitivity",
    "symmetric_matrix",
    "verify",
    "write_exports",
]
