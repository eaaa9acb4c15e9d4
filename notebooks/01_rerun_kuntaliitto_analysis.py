# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Rerunning the Kuntaliitto integration-need analysis
#
# The 2020 study asked task holders in 12 municipalities and joint authorities how often
# their task needs cooperation with each other task group, whether the cooperation is
# mutual, and how much they need it. The three answers were combined into one
# *integration need* index (mean 100, SD 40), aggregated into a task-group matrix and
# clustered. This notebook reruns that analysis on the shipped **synthetic** survey
# (the real microdata are not public; `survey_data/README.md` documents what was planted).

# %% [markdown]
# One call does what `integraatio run` does: it writes the same results folder (tables,
# figures, workbook, report, manifest) and returns every result in memory as well.

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

import integraatio as ig

out = Path(tempfile.mkdtemp())
run = ig.run(out=out / "composite", lang="en", seed=1)
survey, result = run.survey, run.analysis
print(f"{survey.respondents_read} respondents, {survey.rows_read} ratings ({survey.layout} layout)")
print(f"{len(run.files)} files in {run.path.name}/, among them {', '.join(run.files[:4])}, ...")

# %% [markdown]
# ## The composite and its reliability

# %%
print(f"Cronbach's alpha = {result.scores.alpha:.2f}")
result.scores.reliability

# %% [markdown]
# Ratings that could not be scored are listed with their reason, never dropped silently:

# %%
result.scores.exclusions["reason"].value_counts()

# %% [markdown]
# ## The task-group matrix
# Cells with fewer than 5 ratings are suppressed (left empty).

# %%
result.matrix.round(0)

# %% [markdown]
# ## Two clusters: care for the municipal resident, and treatment and care

# %%
result.clusters[["node", "label", "cluster_name", "strength", "participation"]]

# %%
fig, ax = plt.subplots(figsize=(11, 7.5))
ig.plot_network(result.graph, nodes=result.clusters, ax=ax, title="Integration need (composite)")
plt.show()

# %% [markdown]
# ## Realised cooperation alone: three clusters and their bridges
# Frequency alone separates the families cluster; the groups with the highest participation
# coefficient (their need spread across clusters) are the bridges the slides name.

# %%
frequency = ig.run(out=out / "frequency", measure="frequency", lang="en", seed=1, exports=False, report=False).analysis
fig, ax = plt.subplots(figsize=(11, 7.5))
ig.plot_network(frequency.graph, nodes=frequency.clusters, ax=ax, title="Frequency of cooperation")
plt.show()
frequency.clusters.nlargest(3, "participation")[["node", "label", "participation"]]
