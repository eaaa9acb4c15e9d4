"""House rules checked over the whole public API (scanpy's test_package_structure)."""

import inspect

import matplotlib.pyplot as plt
import pytest

import integraatio

FUNCTIONS = [getattr(integraatio, n) for n in integraatio.__all__ if inspect.isfunction(getattr(integraatio, n))]
STOCHASTIC = {
    "analyse", "bootstrap", "compare_clusters", "compare_groups", "detect_communities", "generate", "network_layout",
    "plan", "resolution_sweep", "run", "sensitivity", "compare_waves", "waves",
}


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_at_most_two_positional_parameters(f):
    positional = [
        p for p in inspect.signature(f).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    assert len(positional) <= 2, f"{f.__name__} takes {len(positional)} positional parameters"


@pytest.mark.parametrize("name", sorted(STOCHASTIC))
def test_stochastic_functions_take_keyword_only_seed(name):
    p = inspect.signature(getattr(integraatio, name)).parameters["seed"]
    assert p.kind is p.KEYWORD_ONLY


def test_every_function_with_randomness_is_listed():
    # A function that mentions a seed must be in STOCHASTIC (and so checked above).
    seeded = {f.__name__ for f in FUNCTIONS if "seed" in inspect.signature(f).parameters}
    assert seeded == STOCHASTIC


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_documented(f):
    doc = inspect.getdoc(f) or ""
    assert "\nReturns\n-------\n" in doc, f"{f.__name__} has no numpydoc Returns section"


def test_plot_functions_take_ax_and_return_it():
    a = integraatio.analyse(integraatio.load_example(), codebook=integraatio.load_codebook(), seed=1)
    for name in [n for n in integraatio.__all__ if n.startswith("plot_")]:
        f = getattr(integraatio, name)
        assert inspect.signature(f).parameters["ax"].default is None
        fig, ax = plt.subplots()
        assert f(a.graph, nodes=a.clusters, ax=ax) is ax
        assert plt.gcf() is fig  # drew into the given Axes, opened no figure


def test_plot_network_draws_nodes_edges_and_names():
    a = integraatio.analyse(integraatio.load_example(), codebook=integraatio.load_codebook(), lang="en", seed=1)
    ax = integraatio.plot_network(a.graph, nodes=a.clusters)
    assert len(ax.collections[0].get_offsets()) == 21
    assert len(ax.lines) == a.graph.number_of_edges()
    assert sorted(t.get_text() for t in ax.texts) == sorted(a.codes)
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(n.startswith("2.1 ") for n in names)
    first = ax.artists[0] if ax.artists else None
    assert first is not None and [t.get_text() for t in first.get_texts()] == [
        "Care for the municipal resident", "Treatment and care"
    ]
