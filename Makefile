# Two commands for a fresh machine with Python 3.11+ and make:
#   make demo   runs the health check of the bundled sample organization
#   make test   runs the whole suite: lint, format check, type check, tests with branch coverage
# CI runs `make test`, then `make dist-check` (the sdist and the wheel, built and checked; below).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest docs fast bench mutation dist-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/health_check.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest --cov --cov-branch --cov-report=term

# The documentation site, into docs/_build/html; any Sphinx warning fails the build.
docs: $(STAMP)
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html

test: lint typecheck pytest docs

# Local iteration: the fast Hypothesis profile, no coverage.
fast: $(STAMP)
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -q -x

# The benchmarks of docs/performance.md (about 20 minutes on 2 cores): adds the `bench` extra
# (msgspec and pydantic, the libraries compared with) to .venv, then runs every scale.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python benchmarks/run.py

# Mutation testing (docs/testing.md; about 45 minutes on 2 cores), not part of `make test`: adds
# the `mutation` extra (mutmut) to .venv, mutates src/licensing afresh and runs, for each mutant,
# the tests that reach it with the fast Hypothesis profile; then lists the mutants that survived.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,mutation]"
	rm -rf mutants
	HYPOTHESIS_PROFILE=fast $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

# The distributions (tools/dist-check.sh; a few minutes), run by CI after `make test`: builds the
# sdist and the wheel from it into a temporary folder, runs `twine check --strict` and
# check-wheel-contents, installs the sdist with its `dev` extra into a fresh virtualenv and runs
# the sdist's own test suite there (fast Hypothesis profile, no coverage); then copies the checked
# files into dist/ for `twine upload`. Its tools (the `release` extra) get their own virtualenv:
# .venv is neither needed nor changed.
dist-check:
	PYTHON=$(PYTHON) bash tools/dist-check.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .coverage htmlcov docs/_build mutants dist
