"""The choices and defaults of the analysis' options, shared by the library and the
command line.

Plain values with nothing imported, so that ``integraatio --help`` starts without loading
numpy, pandas or a plotting library. The modules that use a choice re-export it where it
belongs (``integraatio.network.WEIGHTINGS``, ...).
"""

__all__ = [
    "DEFAULT_RESOLUTIONS",
    "ENGINES",
    "EXPORT_FORMATS",
    "FIGURE_FORMATS",
    "FIGURE_FORMATS_RUN",
    "ITEMS",
    "MEASURES",
    "MISSING_POLICIES",
    "PERMUTATION_UNITS",
    "SEED",
    "SYMMETRISATIONS",
    "WEIGHTINGS",
]

#: The seed every stochastic step uses unless told otherwise, in the library and on the
#: command line alike (``seed=None`` draws one; either way it is recorded).
SEED = 1
#: The three items a respondent answers for each target group.
ITEMS = ("frequency", "reciprocity", "need")
#: ``composite`` combines the three items; an item name uses that item alone.
MEASURES = ("composite", *ITEMS)
MISSING_POLICIES = ("complete", "available")
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
#: times was most of a run's time. The network figure is always in all three (DESIGN.md).
FIGURE_FORMATS_RUN = ("png", "svg")
#: What ``integraatio export --format`` can write; ``all`` is every one of them.
EXPORT_FORMATS = ("vosviewer", "gexf", "graphml", "pajek", "gephi", "xlsx", "report")
