import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from integraatio.network import build_graph, classical_mds, network_layout, node_statistics, symmetric_matrix

CODES = ["a", "b", "c", "d"]
PAIRS = pd.DataFrame(
    [
        ("a", "b", 6, 130.0, False),
        ("b", "a", 6, 110.0, False),
        ("a", "c", 6, 90.0, False),  # below the baseline: no edge under `excess`
        ("c", "d", 6, 150.0, False),
        ("d", "b", 2, np.nan, True),  # suppressed: absent, never 0
    ],
    columns=["own_group", "target_group", "n", "mean", "suppressed"],
)


def test_symmetrisations_by_hand():
    mean = symmetric_matrix(PAIRS, codes=CODES)
    assert mean[0, 1] == mean[1, 0] == 120.0  # (130 + 110) / 2
    assert mean[2, 3] == 150.0  # one direction only
    assert np.isnan(mean[1, 3]) and np.isnan(mean[0, 0])
    assert symmetric_matrix(PAIRS, codes=CODES, how="max")[0, 1] == 130.0
    assert symmetric_matrix(PAIRS, codes=CODES, how="min")[0, 1] == 110.0


def test_excess_weights_by_hand():
    g = build_graph(PAIRS, codes=CODES)
    assert list(g.nodes) == CODES
    assert sorted(g.edges(data="weight")) == [("a", "b", 20.0), ("c", "d", 50.0)]
    assert g.edges["a", "b"]["n"] == 12 and g.edges["a", "b"]["mean"] == 120.0
    assert not g.has_edge("b", "d")  # suppressed


def test_raw_and_minmax_weights():
    raw = build_graph(PAIRS, codes=CODES, weighting="raw")
    assert raw.edges["a", "c"]["weight"] == 90.0
    mm = build_graph(PAIRS, codes=CODES, weighting="minmax")
    # observed 120, 90, 150: (120 - 90) / 60 = 0.5; the minimum gets weight 0, so no edge
    assert mm.edges["a", "b"]["weight"] == 0.5 and mm.edges["c", "d"]["weight"] == 1.0
    assert not mm.has_edge("a", "c")


def test_options_are_checked():
    with pytest.raises(ValueError, match="`weighting` must be one of excess, raw, minmax; got 'log'"):
        build_graph(PAIRS, codes=CODES, weighting="log")
    with pytest.raises(ValueError, match="`symmetrise` must be one of mean, max, min; got 'sum'"):
        symmetric_matrix(PAIRS, codes=CODES, how="sum")


def test_node_statistics_by_hand():
    g = build_graph(PAIRS, codes=CODES)
    g.add_edge("b", "c", weight=10.0)  # path a - b - c - d with weights 20, 10, 50
    st = node_statistics(g, membership={"a": 1, "b": 1, "c": 2, "d": 2})
    assert st.loc["b", "strength"] == 30.0
    # b: 20 into its own cluster, 10 into the other: 1 - (2/3)^2 - (1/3)^2 = 4/9
    assert st.loc["b", "participation"] == pytest.approx(4 / 9)
    assert st.loc["a", "participation"] == 0.0  # all of a's need stays in its cluster


def test_layout_distance_follows_need():
    rng = np.random.default_rng(0)
    codes = [f"g{i}" for i in range(8)]
    pos = rng.normal(size=(8, 2))
    # need falls with true distance: the layout must recover the order
    dist = np.linalg.norm(pos[:, None] - pos[None], axis=-1)
    sym = 160 - 20 * dist
    np.fill_diagonal(sym, np.nan)
    xy = network_layout(sym, codes=codes, seed=1)
    assert list(xy.index) == codes and np.abs(xy.to_numpy()).max() == pytest.approx(1.0)
    got = np.linalg.norm(xy.to_numpy()[:, None] - xy.to_numpy()[None], axis=-1)
    iu = np.triu_indices(8, 1)
    assert spearmanr(got[iu], dist[iu]).statistic > 0.95


def test_layout_is_reproducible_and_unmirrored():
    sym = symmetric_matrix(PAIRS, codes=CODES)
    a = network_layout(sym, codes=CODES, seed=1)
    b = network_layout(sym, codes=CODES, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert (np.sum(a.to_numpy() ** 3, axis=0) >= 0).all()


def test_layout_needs_data():
    with pytest.raises(ValueError, match="No pair has data"):
        network_layout(np.full((3, 3), np.nan), codes=["a", "b", "c"], seed=1)


@pytest.mark.parametrize("seed", range(6))
def test_the_layout_is_scikit_learns_metric_mds_to_the_last_bit(seed):
    # Issue 26: the layout's SMACOF runs here (scikit-learn and the scipy.stats it imports
    # were a second of every run's start); its positions are those of scikit-learn's MDS
    # with the options the layout used, bit for bit, on dissimilarities like the layout's
    # (some pairs tied at the largest value, as pairs without data are).
    from sklearn.manifold import MDS

    from integraatio.network import classical_mds, smacof

    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 25))
    m = rng.normal(100, 30, (n, n))
    m = (m + m.T) / 2
    d = m.max() - m + 10.0
    d[rng.random((n, n)) < 0.1] = d.max()
    d = np.triu(d, 1) + np.triu(d, 1).T
    theirs = MDS(n_components=2, metric_mds=True, metric="precomputed", init="classical_mds", n_init=1, max_iter=1000,
                 eps=1e-9, random_state=seed, normalized_stress="auto").fit_transform(d)
    assert np.array_equal(smacof(d, classical_mds(d)), theirs)


@pytest.mark.slow
@pytest.mark.parametrize("options", [[], ["--bootstrap", "20"]])
def test_a_bare_run_loads_neither_scikit_learn_nor_scipy_stats(tmp_path, options):
    # Issue 26: scikit-learn (and the scipy.stats it imports) were a second of every run's
    # start-up, for a layout that takes milliseconds; the bootstrap's intervals need only
    # the normal CDF and the t quantile (scipy.special).
    import subprocess
    import sys

    code = ("import sys\nfrom integraatio.cli import app\n"
            f"sys.argv = ['integraatio', 'run', '--no-figures', '--no-exports', '--no-report', '--out', {str(tmp_path)!r}, "
            f"*{options!r}]\n"
            "try:\n    app()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
            "print(sorted(m for m in ('sklearn', 'scipy.stats') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (tmp_path / "clusters.csv").is_file()
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_classical_mds_of_a_dissimilarity_no_plane_holds():
    # 1, 1 and 3 break the triangle inequality. By hand, B = -1/2 J D^2 J has eigenvalues 4.5
    # (eigenvector (1, 0, -1)/sqrt 2), 0 (the ones) and -5/6 (1, -2, 1)/sqrt 6: the first axis
    # is sqrt(4.5) (1, 0, -1)/sqrt 2 = (1.5, 0, -1.5) and the second, of eigenvalue 0, has no extent.
    # (Its sign is a tie, |1.5| = |-1.5|, which rounding decides.)
    xy = classical_mds(np.array([[0, 1, 3], [1, 0, 1], [3, 1, 0.0]]))
    np.testing.assert_allclose(xy * np.sign(xy[2, 0]), [[-1.5, 0], [0, 0], [1.5, 0]], atol=1e-12)
    # The layout of such a table is finite too: the layout is drawn from this start.
    sym = np.array([[np.nan, 3, 1], [3, np.nan, 3], [1, 3, np.nan]])
    assert np.isfinite(network_layout(sym, codes=["a", "b", "c"], seed=1)[["x", "y"]].to_numpy()).all()
