import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figs():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
