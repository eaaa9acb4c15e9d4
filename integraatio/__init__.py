"""integraatio: integration-need network analysis of public services.

The pipeline, one module per stage::

    io.read_survey -> composite.score -> matrix.pair_table -> network.build_graph
        -> communities.detect_communities -> network.network_layout -> plot / export

:func:`analysis.analyse` runs the whole spine in one call; the ``integraatio`` command
line is a thin wrapper over the same functions.
"""

__version__ = "0.1.0"

from .analysis import Analysis, analyse
from .codebook import Codebook, load_codebook
from .communities import Partition, detect_communities, name_clusters
from .composite import Scores, item_reliability, score
from .datasets import load_example
from .exceptions import (
    CodebookError,
    DataValidationError,
    InputFileError,
    InsufficientDataError,
    IntegraatioError,
)
from .io import Survey, read_survey
from .matrix import pair_table, pivot_matrix
from .network import build_graph, network_layout, node_statistics, symmetric_matrix
from .plot import plot_network
from .synth import SyntheticSurvey, generate

__all__ = [
    "Analysis",
    "Codebook",
    "CodebookError",
    "DataValidationError",
    "InputFileError",
    "InsufficientDataError",
    "IntegraatioError",
    "Partition",
    "Scores",
    "Survey",
    "SyntheticSurvey",
    "analyse",
    "build_graph",
    "detect_communities",
    "generate",
    "item_reliability",
    "load_codebook",
    "load_example",
    "name_clusters",
    "network_layout",
    "node_statistics",
    "pair_table",
    "pivot_matrix",
    "plot_network",
    "read_survey",
    "score",
    "symmetric_matrix",
]
