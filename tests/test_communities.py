import random

import networkx as nx
import numpy as np
import pytest

from integraatio import communities
from integraatio.codebook import ReferenceCluster
from integraatio.communities import (
    ENGINES,
    Partition,
    community_labels,
    detect_communities,
    name_clusters,
    resolve_engine,
    resolve_seed,
)


def barbell():
    """Two triangles {0,1,2} and {3,4,5} joined by the edge 2-3; every weight 1."""
    g = nx.relabel_nodes(nx.barbell_graph(3, 0), str)
    nx.set_edge_attributes(g, 1.0, "weight")
    return g


@pytest.mark.parametrize("engine", ENGINES)
def test_barbell_by_hand(engine):
    p = detect_communities(barbell(), engine=engine, seed=1)
    assert [sorted(c) for c in p.clusters] == [["0", "1", "2"], ["3", "4", "5"]]
    # m = 7; each side has 3 internal edges and degree sum 7:
    # Q = sum_c (L_c / m - (d_c / 2m)^2) = 2 * (3/7 - (7/14)^2) = 5/14
    assert p.modularity == pytest.approx(5 / 14)
    assert (p.engine, p.seed, p.resolution) == (engine, 1, 1.0)


def test_isolated_nodes_are_clusters_of_their_own():
    g = barbell()
    g.add_node("6")
    p = detect_communities(g, seed=1)
    assert p.membership["6"] == 3  # the two triangles (size 3) come first


def planted(seed):
    """Three blocks of 6 with strong ties inside and weak random ties between."""
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    nodes = [f"{i:02d}" for i in range(18)]
    g.add_nodes_from(nodes)
    for i in range(18):
        for j in range(i + 1, 18):
            w = rng.uniform(20, 40) if i // 6 == j // 6 else rng.uniform(0, 8)
            g.add_edge(nodes[i], nodes[j], weight=w)
    return g


def test_seeds_1_1_42_give_equal_equal_different():
    # A graph with no structure, so that the random node order matters.
    rng = np.random.default_rng(0)
    g = nx.relabel_nodes(nx.gnp_random_graph(40, 0.15, seed=3), lambda v: f"{v:02d}")
    for a, b in g.edges:
        g.edges[a, b]["weight"] = rng.uniform(0.5, 1.5)
    p1, p1b, p42 = (detect_communities(g, seed=s) for s in (1, 1, 42))
    assert p1 == p1b
    assert p1.membership != p42.membership


def test_resolution_means_the_same_for_every_engine():
    g = planted(1)
    counts = {e: [len(detect_communities(g, resolution=r, engine=e, seed=1).clusters) for r in (1.0, 1.5, 3.0, 6.0)] for e in ENGINES}
    # higher resolution, more clusters, for every engine
    for e, n in counts.items():
        assert n == sorted(n) and n[0] == 3 and n[-1] > 3, (e, n)
    assert len({tuple(n[:2]) for n in counts.values()}) == 1, counts
    # the C engines optimise the same objective as networkx: never a lower modularity
    for r in (0.5, 1.0, 3.0):
        q = {e: detect_communities(g, resolution=r, engine=e, seed=1).modularity for e in ENGINES}
        assert q["igraph-leiden"] >= q["networkx"] - 1e-9 and q["igraph-louvain"] >= q["networkx"] - 1e-3, (r, q)


def test_every_engine_finds_the_shipped_clusters():
    # The reference python-louvain and the C engines agree on the study's 21-node graph.
    from integraatio.analysis import analyse
    from integraatio.codebook import load_codebook
    from integraatio.datasets import load_example

    data, cb = load_example(), load_codebook()
    found = {e: analyse(data, codebook=cb, engine=e, seed=1).partition for e in ENGINES}
    assert len({tuple(sorted(p.membership.items())) for p in found.values()}) == 1
    assert {p.engine for p in found.values()} == set(ENGINES)


def test_auto_engine_and_a_missing_igraph(monkeypatch):
    assert resolve_engine("auto") == "igraph-leiden"
    assert detect_communities(barbell(), seed=1).engine == "igraph-leiden"
    monkeypatch.setattr(communities, "_has_igraph", lambda: False)
    assert resolve_engine("auto") == "networkx"
    with pytest.raises(ValueError, match=r"Engine 'igraph-louvain' needs igraph, a dependency .*pip install igraph"):
        detect_communities(barbell(), engine="igraph-louvain", seed=1)


def test_a_fallback_from_leiden_is_announced_never_quiet(monkeypatch):
    from integraatio import analyse
    from integraatio.codebook import load_codebook
    from integraatio.datasets import load_example

    data, cb = load_example(), load_codebook()
    assert analyse(data, codebook=cb, seed=1, lang="en").warnings == ()  # Leiden: nothing to say
    monkeypatch.setattr(communities, "_has_igraph", lambda: False)  # igraph that cannot be loaded
    fell = analyse(data, codebook=cb, seed=1, lang="en")
    assert fell.partition.engine == "networkx"
    assert [w for w in fell.warnings if "instead of Leiden" in w and "networkx engine" in w] != []
    assert "Leiden" in analyse(data, codebook=cb, seed=1, lang="fi").warnings[-1]  # in the run's language
    assert analyse(data, codebook=cb, seed=1, lang="en", engine="networkx").warnings == ()  # asked for: no warning


@pytest.mark.parametrize("engine", ["igraph-leiden", "igraph-louvain"])
def test_igraph_seeds_and_global_random_state(engine):
    rng = np.random.default_rng(0)
    g = nx.relabel_nodes(nx.gnp_random_graph(40, 0.15, seed=3), lambda v: f"{v:02d}")
    for a, b in g.edges:
        g.edges[a, b]["weight"] = rng.uniform(0.5, 1.5)
    random.seed(99)
    before = random.getstate()
    p1, p1b, p42 = (detect_communities(g, engine=engine, seed=s) for s in (1, 1, 42))
    assert p1 == p1b and p1.membership != p42.membership
    assert random.getstate() == before  # igraph was lent a private generator


def test_community_labels_isolated_nodes_and_no_edges():
    w = np.zeros((5, 5))
    w[0, 1] = w[1, 0] = w[2, 3] = w[3, 2] = 1.0
    w[4, 0] = w[0, 4] = np.nan  # NaN is no edge
    for engine in ENGINES:
        lab = community_labels(w, engine=engine, resolution=1.0, seed=1)
        assert lab[0] == lab[1] and lab[2] == lab[3] and len(set(lab.tolist())) == 3, engine
    assert community_labels(np.zeros((3, 3)), engine="networkx", resolution=1.0, seed=1).tolist() == [0, 1, 2]


def test_python_louvain_is_not_better_below_resolution_1():
    # python-louvain 0.16 puts gamma on the internal term of its stopping rule, so at
    # gamma < 1 it can stop early; networkx optimises the stated objective.
    g = planted(2)
    for r in (0.3, 0.5, 0.7, 0.9):
        nxq = detect_communities(g, resolution=r, engine="networkx", seed=1).modularity
        plq = detect_communities(g, resolution=r, engine="python-louvain", seed=1).modularity
        assert nxq >= plq - 1e-12, r


def test_parameter_errors():
    g = barbell()
    with pytest.raises(
        ValueError, match="`engine` must be one of auto, networkx, python-louvain, igraph-leiden, igraph-louvain; got 'leiden'"
    ):
        detect_communities(g, engine="leiden", seed=1)
    with pytest.raises(ValueError, match="`resolution` must be > 0; got 0"):
        detect_communities(g, resolution=0, seed=1)
    g.edges["0", "1"]["weight"] = -1.0
    with pytest.raises(ValueError, match=r"Edge weights must be finite and > 0; got \[\('0', '1', -1.0\)\]"):
        detect_communities(g, seed=1)
    with pytest.raises(ValueError, match="`seed` must be a non-negative integer or None; got -3"):
        resolve_seed(-3)


def test_seed_none_is_drawn_and_recorded():
    p = detect_communities(barbell(), seed=None)
    assert isinstance(p.seed, int) and p.seed >= 0


REFS = [
    ReferenceCluster(fi="Hoito", en="Treatment", members=frozenset({"3", "4", "9"})),
    ReferenceCluster(fi="Huolenpito", en="Care", members=frozenset({"0", "1", "2", "3"})),
]


def test_clusters_named_by_best_overlap_one_to_one():
    p = Partition(membership={"0": 1, "1": 1, "2": 1, "3": 2, "4": 2, "5": 3}, modularity=0.0, resolution=1.0, engine="networkx", seed=1)
    # Jaccard: cluster 1 {0,1,2} vs Care {0,1,2,3} = 3/4, vs Treatment 0;
    # cluster 2 {3,4} vs Treatment {3,4,9} = 2/3, vs Care 1/5; cluster 3 overlaps nothing.
    assert name_clusters(p, reference=REFS, lang="en") == {1: "Care", 2: "Treatment", 3: "Cluster 3"}
    assert name_clusters(p, reference=REFS, lang="fi") == {1: "Huolenpito", 2: "Hoito", 3: "Klusteri 3"}


def test_two_clusters_never_share_a_name():
    p = Partition(membership={"0": 1, "1": 1, "2": 2, "3": 2}, modularity=0.0, resolution=1.0, engine="networkx", seed=1)
    names = name_clusters(p, reference=REFS[1:], lang="en")
    assert sorted(names.values()) == ["Care", "Cluster 2"]
