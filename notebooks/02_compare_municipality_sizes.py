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
# # Large cities against the other municipalities
#
# The slides compared the three large cities (Tampere, Vantaa, Oulu) with the other
# municipalities, marking cell means over 140 in red. This notebook makes the same
# comparison on the shipped **synthetic** survey and adds what the slides could not:
# permutation tests that respect that respondents are nested in municipalities, intervals
# for the differences, and a test of whether the clusters themselves differ.
#
# Which municipality is large comes from the codebook (`size_class`), never from code: to
# compare by another attribute, add it to the codebook's `[[municipalities]]` or as a
# column of the survey, and pass its name as `by`.

# %%
import matplotlib.pyplot as plt

import integraatio as ig

codebook = ig.load_codebook()
survey = ig.read_survey(ig.datasets.survey_path(), codebook=codebook)
result = ig.analyse(survey.data, codebook=codebook, lang="en", seed=1)

# %% [markdown]
# ## Cell by cell
# One row per cell and level (and the pooled level `all`); cells with fewer than 5 ratings
# in a level are suppressed. The tests relabel whole municipalities: with 3 large and 9
# other ones there are only 220 relabellings, and the note says what that means for the
# smallest p-value.

# %%
comparison = ig.compare_groups(result, codebook=codebook, by="size_class", seed=1)
print(comparison.note)

# %%
tests = comparison.tests.loc[~comparison.tests["suppressed"]]
tests.reindex(tests["diff"].abs().sort_values(ascending=False).index).head(10)[
    ["own_group", "target_group", "contrast", "diff", "ci_low", "ci_high", "p_value", "q_value"]
].round(3)

# %% [markdown]
# ## The slides' view of one respondent group
# Family services (2.2): the need of every target group, large cities against the rest,
# red over 140.

# %%
# Bars above, table below: constrained layout keeps the table's labels off the bars.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 14), layout="constrained", height_ratios=[3, 2])
ig.plot.plot_group_bars(comparison, own_group="2.2", codebook=codebook, lang="en", ax=top)
ig.plot.plot_group_table(comparison, own_group="2.2", codebook=codebook, lang="en", ax=bottom)
plt.show()

# %% [markdown]
# ## Do the clusters differ?
# Each level is clustered on its own; the adjusted Rand index (ARI) says how alike the two
# partitions are, and the permutation test how often relabelled municipalities give
# partitions at least as different.

# %%
clusters = ig.compare_clusters(result, codebook=codebook, by="size_class", seed=1)
print(f"ARI {clusters.statistic:.2f}, permutation p = {clusters.p_value:.3f} ({clusters.permutations} relabellings)")
clusters.memberships.pivot(index="node", columns="level", values="cluster_name").loc[result.codes]

# %%
# Two panels a row, as in compare_size_class_networks.png: readable at A4 width.
fig, axes = plt.subplots(2, 2, figsize=(10, 9), layout="constrained")
names = [codebook.level_label("size_class", level, "en") for level in clusters.levels]
for ax, level, name in zip(axes.flat, clusters.levels, names):
    ig.plot_network(clusters.graphs[level], nodes=clusters.nodes[level], ax=ax, key=False, scale_keys=False, title=name,
                    lang="en")
ig.plot.plot_network_difference(clusters.difference, nodes=clusters.nodes[clusters.levels[0]], labels=tuple(names),
                                lang="en", ax=axes[1, 0], title=f"{names[1]} – {names[0]}")
axes[1, 1].set_axis_off()
plt.show()
