"""Groups compared: large cities against the rest, or any grouping.

The study compared its three large cities with the other municipalities through group
means alone. Here every (own group, target group) cell gets each group's mean and ``n``,
the pooled mean, the difference with a bootstrap interval and a permutation p-value with
Benjamini-Hochberg q-values, and the clusters of each group are compared by their ARI.
All of it works on the full run's scores, so every group stays on the full data's scale
(docs/contract.md, "Composite").

Respondents are nested in municipalities, so by default whole municipalities are
relabelled: with 3 large cities of 12 organisations there are only 220 relabellings, and
they are enumerated exactly.

- :mod:`~integraatio.compare.groups`: levels, cells and permutation units;
- :mod:`~integraatio.compare.permutation`: the relabellings and p-values;
- :mod:`~integraatio.compare.cells`: :func:`compare_groups`;
- :mod:`~integraatio.compare.clusters`: :func:`compare_clusters`.
"""

from .cells import ALPHA, Comparison, compare_groups
from .clusters import ClusterComparison, compare_clusters
from .groups import PERMUTATION_UNITS, POOLED

__all__ = ["ALPHA", "PERMUTATION_UNITS", "POOLED", "ClusterComparison", "Comparison", "compare_clusters", "compare_groups"]
