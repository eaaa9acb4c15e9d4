# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # What changed after the wellbeing services counties started?
#
# The 2020 survey was taken before the reform; the wellbeing services counties began in
# 2023. When the survey is repeated, the question is what changed: did the ties the law cut
# weaken or were they rebuilt across the new boundary, did the clusters drift apart, did the
# bridges stay bridges? This notebook compares two waves with a known answer: a synthetic
# pair whose second wave has a planted change (the design's `[second_wave]` table: eight
# cells raised or lowered, one group moved to the other cluster, fewer respondents).

# %%
import matplotlib.pyplot as plt

import integraatio as ig
from integraatio.plot_waves import plot_alluvial, plot_boundary_change, plot_change_network
from integraatio.synth import generate_waves
from integraatio.twowaves.change import tie_changes
from integraatio.twowaves.clusters import wave_nodes
from integraatio.twowaves.report import what_changed

codebook = ig.load_codebook()
base, new = generate_waves(seed=1)
change = new.parameters["change"]
print("moved:", change["move"], "| cells shifted:", len(change["cells"]),
      "| cells whose expected answers change:", len(change["changed_cells"]))

# %% [markdown]
# ## One call
# Both waves go on one scale: the base wave's item means and SDs, so that the base wave
# keeps the numbers of its own report and a general rise would show in every cell. The
# pooled scale is the sensitivity line. 100 bootstrap replicates and 2999 permutations keep
# this notebook fast; `integraatio waves` uses 200 and 9999.

# %%
w = ig.compare_waves(base.data, new.data, codebook=codebook, replicates=100, permutations=2999, lang="en", seed=1)
for line in what_changed(w, lang="en"):
    print(line)

# %% [markdown]
# ## The cells: found, and what was planted
# A cell is flagged when its Benjamini-Hochberg q is below 0.05. The test permutes the wave
# labels of respondents within each organisation, since the organisations repeat between
# the waves and the respondents do not.

# %%
cells = w.cells.table
tested = cells.loc[~cells["suppressed"]]
planted = {tuple(c) for c in change["changed_cells"]}
flagged = {(o, t) for o, t in tested.loc[tested["q_value"] < 0.05, ["own_group", "target_group"]].itertuples(index=False)}
reachable = planted & set(zip(tested["own_group"], tested["target_group"]))
print(f"power: {len(flagged & reachable)} of {len(reachable)} changed cells found; "
      f"{len(flagged - planted)} of {len(flagged)} flagged cells were not planted")
tested.sort_values("q_value").head(10)

# %% [markdown]
# ## The clusters: matched, and the group that moved
# The new wave's clusters are numbered and named after the base cluster they share most
# members with; `moved_share` is how often the group moved in pairs of bootstrap replicates.

# %%
w.clusters.table.loc[:, ["node", "cluster_name_base", "cluster_name_new", "moved", "moved_share", "stability_base",
                         "stability_new"]]

# %%
fig, ax = plt.subplots(figsize=(7, 8))
plot_alluvial(w.clusters.table, ax=ax, labels=("Base wave", "New wave"), lang="en")
plt.show()

# %% [markdown]
# ## The networks on one layout, and their difference
# Both waves are drawn on the base wave's positions; the difference network draws strongly
# only the changes whose interval excludes zero.

# %%
nodes = wave_nodes(w.clusters, w.base, w.new)
fig, axes = plt.subplots(1, 3, figsize=(16, 6), layout="constrained")
for ax, a, n, name in zip(axes, (w.base, w.new), nodes, ("Base wave", "New wave")):
    ig.plot_network(a.graph, nodes=n, ax=ax, key=False, scale_keys=False, title=name, lang="en")
plot_change_network(tie_changes(cells, codes=w.base.codes), nodes=nodes[0], labels=("Base wave", "New wave"),
                    ax=axes[2], lang="en", title="Change")
plt.show()

# %% [markdown]
# ## The boundary
# The direct answer to "does the law's boundary cut less integration need than before?":
# the moved group now leans to the wellbeing side, so the legislated boundary cuts more.

# %%
w.boundary.table

# %%
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
plot_boundary_change(w.boundary.table, ax=ax, labels=("Base wave", "New wave"), lang="en")
plt.show()
