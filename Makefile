# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup demo test lint typecheck clean es-node browser pdftotext redis

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

test: setup browser pdftotext redis
	$(BIN)/python -m pytest

# The web UI tests drive Debian's Chromium (never a browser downloaded by a test tool). Installed
# here when missing and we may; otherwise the browser tests skip, or fail under PANTAU_REQUIRE_BROWSER=1.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
		else \
			echo "note: /usr/bin/chromium is missing (apt-get install chromium); the browser tests will skip"; \
		fi; \
	fi

# The partner reports' PDF is read back with poppler's pdftotext in the tests (they skip without it).
pdftotext:
	@if ! command -v pdftotext >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q poppler-utils >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q poppler-utils >/dev/null; }; \
		else \
			echo "note: pdftotext is missing (apt-get install poppler-utils); the PDF text tests will skip"; \
		fi; \
	fi

# The distributed crawl tests start their own redis-server (tests/distributed/redis_node.py). Installed
# here when missing and we may; otherwise those tests skip, or fail under PANTAU_REQUIRE_REDIS=1.
redis:
	@if ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q redis-server >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }; \
		else \
			echo "note: redis-server is missing (apt-get install redis-server); the distributed crawl tests will skip"; \
		fi; \
	fi

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
