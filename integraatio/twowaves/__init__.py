"""Two survey waves compared: what changed after the wellbeing services counties started.

One module a stage:

- :mod:`~integraatio.twowaves.mapping`: the groups of both codebooks on one list of codes
  (renamed, split and merged groups declared in a mapping file);
- :mod:`~integraatio.twowaves.scale`: one scale for both waves;
- :mod:`~integraatio.twowaves.change`: every cell's change, interval and test;
- :mod:`~integraatio.twowaves.clusters`: the clusters matched, moved groups, ARI;
- :mod:`~integraatio.twowaves.boundary`: the cut share of each boundary in both waves;
- :mod:`~integraatio.twowaves.compare`: all of them in one call, in memory;
- :mod:`~integraatio.twowaves.run`: read, compare and write the results folder
  (``integraatio waves``).
"""

from .compare import WaveComparison, compare_waves
from .mapping import GroupMap, map_groups, read_map, recode

__all__ = ["GroupMap", "WaveComparison", "compare_waves", "map_groups", "read_map", "recode"]
