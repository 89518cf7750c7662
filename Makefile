# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup demo test lint typecheck clean es-node

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Idempotent: reinstalls only when pyproject.toml changed.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/pantau demo

test: setup
	$(BIN)/python -m pytest

# A throwaway Elasticsearch on loopback for `ELASTICSEARCH_URL=… make test` or bench/search.py
# (Ctrl+C stops it and deletes its data); see scripts/es-test-node.
es-node:
	$(PYTHON) scripts/es-test-node

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
