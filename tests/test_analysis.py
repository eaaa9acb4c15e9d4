"""The spine on the shipped synthetic survey: the planted truth must come back."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from integraatio.analysis import analyse
from integraatio.codebook import load_codebook
from integraatio.datasets import design_path, load_example
from integraatio.exceptions import InsufficientDataError
from integraatio.survey import read_survey
from integraatio.synth import generate, load_design

CB = load_codebook()
DESIGN = load_design(design_path(), codebook=CB)


@pytest.fixture(scope="module")
def data():
    return load_example()


def blocks(name):
    s = next(s for s in DESIGN["structures"] if s["name"] == name)
    return sorted(sorted(m, key=CB.codes.index) for m in s["blocks"].values())


def found(a):
    return sorted(sorted(c, key=CB.codes.index) for c in a.partition.clusters)


@pytest.fixture(scope="module")
def composite(data):
    return analyse(data, codebook=CB, lang="en", seed=1)


def test_index_is_mean_100_sd_40(composite):
    x = composite.scores.scores["integration_need"]
    assert x.mean() == pytest.approx(100, abs=1e-9)
    assert x.std(ddof=1) == pytest.approx(40, abs=1e-9)


def test_two_composite_clusters_recovered_and_named(composite):
    assert found(composite) == blocks("composite")
    named = composite.clusters.groupby("cluster_name")["node"].apply(set)
    assert named["Care for the municipal resident"] >= {"2.2", "2.3", "2.16", "2.17", "2.18"}
    assert named["Treatment and care"] >= {"2.1", "2.4", "2.7", "2.8", "2.9", "2.10", "2.11"}


def test_frequency_gives_three_clusters_with_bridges(data):
    a = analyse(data, codebook=CB, measure="frequency", lang="en", seed=1)
    assert found(a) == blocks("frequency")
    # the planted bridges spread their need over clusters: the top participation
    top = a.clusters.nlargest(3, "participation")["node"]
    assert set(top) == {"2.2", "2.3", "2.18"}


def test_layout_distance_tracks_dissimilarity(composite):
    xy = composite.clusters[["x", "y"]].to_numpy()
    iu = np.triu_indices(len(xy), 1)
    dist = np.linalg.norm(xy[:, None] - xy[None], axis=-1)[iu]
    need = composite.symmetric[iu]
    ok = ~np.isnan(need)
    assert spearmanr(dist[ok], -need[ok]).statistic >= 0.7


def test_most_needed_nodes_sit_in_the_centre(composite):
    c = composite.clusters
    radius = np.hypot(c["x"], c["y"])
    mean_need = np.nanmean(composite.symmetric, axis=1)
    assert spearmanr(radius, mean_need).statistic < -0.3


def test_suppression_reaches_the_graph(data):
    a = analyse(data, codebook=CB, min_n=18, seed=1)
    small = a.pairs.loc[a.pairs["suppressed"]]
    assert len(small) > 0 and small["n"].max() < 18
    for own, target in zip(small["own_group"], small["target_group"]):
        assert pd.isna(a.matrix.loc[own, target])
        both_small = ((a.pairs["own_group"] == target) & (a.pairs["target_group"] == own) & ~a.pairs["suppressed"]).sum() == 0
        if both_small:
            assert not a.graph.has_edge(own, target)


def test_the_default_threshold_hides_a_cell_of_four(data, composite):
    # The shipped survey with every cell under 5 ratings removed and one large cell cut to
    # 4 scored ratings (counted here from the scored rows, not read from pairs.csv). No
    # other cell is small, so no companion cell hides it: only min_n decides.
    scored = composite.scores.scores
    n = scored.groupby(["own_group", "target_group"], observed=True).size()
    own, target = n.idxmax()
    cell = (data["own_group"] == own) & (data["target_group"] == target)
    kept_rows = scored.loc[(scored["own_group"] == own) & (scored["target_group"] == target), "row"].head(4)
    small = pd.MultiIndex.from_frame(data[["own_group", "target_group"]]).isin(n[n < 5].index)
    cut = data[~small & (~cell | data["row"].isin(kept_rows))]
    default = analyse(cut, codebook=CB, seed=1).pairs.set_index(["own_group", "target_group"])
    assert default.loc[(own, target), "n"] == 4 and default.loc[(own, target), "suppressed"]
    assert np.isnan(default.loc[(own, target), "mean"])
    assert default.loc[default["n"] >= 5, "suppressed"].sum() == 1  # its companion: 4 ratings alone would be derivable
    four = analyse(cut, codebook=CB, min_n=4, seed=1).pairs.set_index(["own_group", "target_group"])
    assert not four.loc[(own, target), "suppressed"]  # the data can tell the two thresholds apart


def test_everything_suppressed_is_a_clear_error(data):
    with pytest.raises(InsufficientDataError, match="No pair of groups has a tie to cluster: .* fewer than min_n = 1000"):
        analyse(data, codebook=CB, min_n=1000, seed=1)


def test_seeds_1_1_42(data):
    # On the shipped survey the structure is strong, so every seed finds the same
    # clusters; the seed is still honoured and recorded.
    a, b, c = (analyse(data, codebook=CB, seed=s) for s in (1, 1, 42))
    pd.testing.assert_frame_equal(a.clusters, b.clusters)
    assert (a.parameters["seed"], c.parameters["seed"]) == (1, 42)


def test_the_seed_reaches_community_detection():
    # A survey with no planted structure: the clusters Louvain finds depend on its random
    # node order, so some of ten other seeds must give another partition (the shipped survey cannot show it).
    noise = read_survey(generate(CB, signal=0.0, seed=5, respondents=80).data, codebook=CB).data
    one, again, *others = (analyse(noise, codebook=CB, engine="networkx", seed=s) for s in (1, 1, *range(2, 12)))
    assert one.partition.membership == again.partition.membership
    assert any(one.partition.membership != a.partition.membership for a in others)
    assert [a.parameters["seed"] for a in (one, *others)] == list(range(1, 12))


def test_options_by_keyword_or_as_one_object_give_one_analysis(data):
    # The nine options are declared once (AnalysisOptions); each is still a keyword argument.
    from integraatio.exceptions import UsageError
    from integraatio.options import AnalysisOptions

    a = analyse(data, codebook=CB, min_n=3, resolution=1.5, lang="en", seed=2)
    b = analyse(data, codebook=CB, options=AnalysisOptions(min_n=3, resolution=1.5, lang="en", seed=2))
    c = analyse(data, codebook=CB, options=AnalysisOptions(min_n=9, lang="en"), min_n=3, resolution=1.5, seed=2)
    assert a.parameters == b.parameters == c.parameters and a.parameters["min_n"] == 3
    assert a.partition.membership == b.partition.membership == c.partition.membership
    with pytest.raises(UsageError, match=r"`weighting` must be one of excess, raw, minmax; got 'median'\."):
        analyse(data, codebook=CB, weighting="median")
    with pytest.raises(UsageError, match=r"`resolution` must be a finite number; got nan\."):
        analyse(data, codebook=CB, resolution=float("nan"))
    with pytest.raises(TypeError, match="minn"):
        analyse(data, codebook=CB, minn=3)


def test_a_group_with_few_respondents_is_named_as_not_interpretable():
    # 2.16 keeps one of its respondents: its own row is suppressed and where it sits rests
    # on the others' ratings of it. Every other group keeps at least 8 (>= min_n = 5).
    data = load_example()
    keep = data.loc[data["own_group"] == "2.16", "respondent_id"].iloc[0]
    thin = data.loc[(data["own_group"] != "2.16") | (data["respondent_id"] == keep)]
    warned = [w for w in analyse(thin, codebook=CB, seed=1, lang="en").warnings if "fewer than 5 respondents" in w]
    assert len(warned) == 1 and warned[0].startswith("Group 2.16 has fewer than 5 respondents")
    assert not [w for w in analyse(data, codebook=CB, seed=1, lang="en").warnings if "respondents" in w]
    assert any(w.startswith("Ryhmältä 2.16 on alle 5 vastaajaa") for w in analyse(thin, codebook=CB, seed=1, lang="fi").warnings)
    two = thin.loc[(thin["own_group"] != "2.15") | (thin["respondent_id"] == thin.loc[thin["own_group"] == "2.15",
                                                                                        "respondent_id"].iloc[0])]
    assert any(w.startswith("Groups 2.15, 2.16 each have fewer") for w in analyse(two, codebook=CB, seed=1, lang="en").warnings)
