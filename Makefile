# Two commands on a fresh machine with python3 (>= 3.11) and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check setup dev figures bench clean fuzz notebooks dist mutate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/integraatio run --out results

# The whole suite on every core: about 8 minutes on a 2-core machine (1,428 tests).
test: setup
	$(BIN)/python -m pytest tests integraatio notebooks --nbmake --nbmake-timeout=120 -n auto

# While working: every test but those marked slow (whole runs, simulations, packaging) and
# the notebooks, stopping at the first failure; about 2 minutes on 2 cores. `make test` runs them all.
check: setup
	$(BIN)/python -m pytest tests integraatio -m "not slow" -x -q -n auto

# JupyterLab on notebooks/ (the notebooks extra, installed on first use).
notebooks: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	$(BIN)/jupyter lab notebooks/

# The wheel and sdist in dist/ (each carries the shipped survey, codebook and presets).
dist: setup
	$(BIN)/python -m build --no-isolation --outdir dist

# The README's figures of the shipped survey, regenerated in one command.
figures: setup
	$(BIN)/integraatio run --out .figures --lang en --seed 1
	$(BIN)/integraatio run --out .figures/frequency --lang en --seed 1 --measure frequency
	cp .figures/network.png figures/network.png
	cp .figures/frequency/network.png figures/network_frequency.png
	$(BIN)/integraatio stability --out .figures/stability --lang en --seed 1
	cp .figures/stability/coassignment.png .figures/stability/resolution_sweep.png figures/
	rm -rf .figures

# The readers' fuzz tests with many more examples (about 10 minutes); `make test` runs a few.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider -q --hypothesis-show-statistics

# Mutation testing (mutmut) of the package's modules changed since main, or of MODULES="integraatio/x.py ...":
# each module against the test files that import it (slow tests left out), at most MUTATE_BUDGET
# seconds per module, one core at low priority. A habit before resolving an issue that changes
# statistics or privacy code; CI does not run it. See tests/mutate.py.
MODULES ?=
MUTATE_FLAGS ?=
MUTATE_BUDGET ?= 600
mutate: setup
	$(BIN)/python tests/mutate.py --budget $(MUTATE_BUDGET) $(MUTATE_FLAGS) $(MODULES)

bench: setup
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/weighting_recovery.py
	$(BIN)/python benchmarks/bench_boundary.py
	$(BIN)/python benchmarks/bench_bootstrap.py
	$(BIN)/python benchmarks/bench_weights.py
	$(BIN)/python benchmarks/bench_overhead.py

clean:
	rm -rf $(VENV) results .pytest_cache
