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
# # Where should the boundary run?
#
# The authors' question: where should the boundary between the municipality and the new
# wellbeing services county run so that it breaks the fewest important ties? A boundary
# scenario gives every task group an organiser; its cost is the integration need on the
# ties it cuts. This notebook compares the boundary the law draws (the codebook's
# `organiser`), one that follows the clusters, the cheapest boundary under the codebook's
# constraints, and a scenario of our own, with bootstrap intervals.

# %%
import matplotlib.pyplot as plt

import integraatio as ig

codebook = ig.load_codebook()
survey = ig.read_survey(ig.datasets.survey_path(), codebook=codebook)
result = ig.analyse(survey.data, codebook=codebook, lang="en", seed=1)

# %% [markdown]
# ## Intervals from a respondent bootstrap
# Attach a bootstrap to the analysis and every scenario's cost gets a percentile interval
# (100 replicates keep this notebook fast; use 1000 for a report).

# %%
boot = ig.bootstrap(result, replicates=100, seed=1)
result = ig.attach_bootstrap(result, boot)
boundary = ig.analyse_boundary(result, codebook=codebook)
boundary.scenarios[["scenario", "share", "share_ci_low", "share_ci_high", "cut_ties", "moved", "description"]]

# %%
fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
ig.plot.plot_scenario_costs(boundary.scenarios, ax=ax, lang="en")
plt.show()

# %% [markdown]
# ## The ties the legislated boundary cuts
# The heaviest first; `share` is the tie's share of all integration need.

# %%
boundary.cut_ties.loc[boundary.cut_ties["scenario"] == "legislated"].head(10)

# %%
# One above the other, so that each network's keys have room beside and below it.
fig, axes = plt.subplots(2, 1, figsize=(11, 16), layout="constrained")
for ax, name in zip(axes, ["legislated", "optimal"]):
    cost = boundary.results[name]
    ig.plot.plot_boundary(result.graph, nodes=result.clusters, boundary=cost, ax=ax, lang="en",
                          title=f"{name}: {cost.share:.1%} across the boundary")
plt.show()

# %% [markdown]
# ## A scenario of our own
# Move school and student health care (2.6) to the municipality, next to education, and
# see what that costs. Scenarios can also come from a TOML file (`read_scenarios`; README,
# "Where should the boundary run?").

# %%
school = ig.make_scenario(codebook, name="school_health", move={"2.6": "municipality"},
                          description="school and student health care with the municipality")
own = ig.boundary_cost(result.graph, scenario=school)
legislated = boundary.results["legislated"]
print(f"legislated {legislated.share:.1%}, school_health {own.share:.1%} of the integration need cut")
