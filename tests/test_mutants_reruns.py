"""Sensitivity reruns (integraatio.reruns): the rules the older tests did not read (issue 28,
mutmut survivors). Hand-made surveys of four groups, answers worked out by hand."""

import pandas as pd

from integraatio.analysis import analyse
from integraatio.reruns import cant_say_sensitivity
from runs import exact_release
from test_reruns import CB


def raw_survey(together):
    """Three respondents per group rate every other group 5 on all items when the two groups
    are a pair of ``together``, else 1: the clusters are the pairs."""
    rows = []
    for own in "1234":
        for k in range(3):
            for target in "1234":
                if target != own:
                    v = 5 if {own, target} in together else 1
                    rows.append((len(rows) + 2, f"{own}r{k}", own, target, v, v, v))
    return pd.DataFrame(rows, columns=["row", "respondent_id", "own_group", "target_group", "frequency", "reciprocity",
                                       "need"])


def test_cant_say_rerun_measures_how_far_the_clusters_moved():
    """Clusters {1, 2}, {3, 4} in the full run and {1, 3}, {2, 4} in the rerun: the ARI of
    [1, 1, 2, 2] against [1, 2, 1, 2] is -0.5 (no pair together in both; tp 0, fn = fp = 4,
    tn 4 of the 12 ordered pairs: 2 (0 - 16) / (4 * 8 + 4 * 8)). Each rerun cluster overlaps
    each full one by one node, so two nodes keep their cluster's number and two move."""
    with exact_release():
        a = analyse(raw_survey([{"1", "2"}, {"3", "4"}]), codebook=CB, min_n=3, seed=1)
        c = cant_say_sensitivity(a, raw_survey([{"1", "3"}, {"2", "4"}]), codebook=CB)
    m = a.partition.membership
    assert m["1"] == m["2"] != m["3"] == m["4"]
    assert c.summary["ari"] == -0.5
    assert c.summary["ratings"] == c.summary["ratings_full"] == 36
    assert len(c.summary["moved"]) == 2 and c.summary["moved"] == c.nodes.loc[c.nodes["changed"], "node"].tolist()
