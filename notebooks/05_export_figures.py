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
# # Figures and files for a report
#
# Everything `integraatio run` writes can be written from a notebook too: the tables, the
# figures (PNG at 300 dpi, SVG and PDF, with the same bytes for the same seed), the files
# VOSviewer, Gephi, Pajek and Excel open, and a self-contained `report.html`. Labels come
# from the codebook in Finnish or English.
#
# Set `OUT` to a folder of your own; here it is a temporary one.

# %%
import hashlib
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

import integraatio as ig
from integraatio.interchange import write_exports
from integraatio.results import save_figure, write_results

OUT = Path(tempfile.mkdtemp(prefix="integraatio_"))
codebook = ig.load_codebook()
survey = ig.read_survey(ig.datasets.survey_path(), codebook=codebook)

# %% [markdown]
# ## The whole set, in Finnish
# `write_results` writes the tables, the network figure and `manifest.json`;
# `write_exports` then writes the VOSviewer, Gephi, Pajek and Excel files and the report
# from that folder alone (what `integraatio export` does).

# %%
result_fi = ig.analyse(survey.data, codebook=codebook, lang="fi", seed=1)
write_results(result_fi, survey, OUT / "fi")
written = write_exports(OUT / "fi")
print("exports:", ", ".join(p.name for p in written))
sorted(p.name for p in (OUT / "fi").iterdir())

# %% [markdown]
# ## One figure, in English, in three formats
# A bare `Figure` needs no screen; `save_figure` removes dates and producer stamps so the
# same seed gives the same bytes.

# %%
result_en = ig.analyse(survey.data, codebook=codebook, lang="en", seed=1)


def network_figure(result):
    fig = Figure(figsize=(11, 7.5))
    ig.plot_network(result.graph, nodes=result.clusters, ax=fig.subplots(), lang="en",
                    title="Integration need between task groups")
    return fig


first = save_figure(network_figure(result_en), OUT / "network_en")
again = save_figure(network_figure(result_en), OUT / "network_en_again")
for a, b in zip(first, again):
    same = hashlib.sha256(a.read_bytes()).hexdigest() == hashlib.sha256(b.read_bytes()).hexdigest()
    print(f"{a.name}: {a.stat().st_size:,} bytes, same bytes again: {same}")

# %% [markdown]
# ## Long labels
# Nodes carry their short codes; the key beside the network gives each code's label,
# shortened to `wrap` characters. A narrower key suits a narrow page.

# %%
fig, ax = plt.subplots(figsize=(9, 7))
ig.plot_network(result_en.graph, nodes=result_en.clusters, ax=ax, wrap=35, lang="en")
plt.show()
