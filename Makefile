# newsgraph — two commands: `make run` (dashboard on http://localhost:8501) and `make test`.
# Everything is installed into .venv on first use; nothing is needed beforehand but
# Python 3.11+ and make (and root for Debian's Chromium, used by the browser tests).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
BENCH_STAMP   := $(VENV)/.bench-installed
PROCESSED := data/processed
MANIFEST  := $(PROCESSED)/manifest.json
BUILD_INPUTS := $(shell find data/raw newsgraph -type f \( -name '*.py' -o -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.htm' -o -name '*.csv' \) 2>/dev/null) \
                $(wildcard data/*.yaml data/lexicon/*)
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test build bench install dev chromium clean help

help:
	@echo "make run    - install, build the tables if raw data or code changed, serve http://localhost:$(PORT)"
	@echo "make test   - install (incl. test tools and Chromium), run the whole test suite"
	@echo "make bench  - benchmarks (writes docs/benchmarks.md and benchmarks/results.json)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: 2.13.0 is a local CPU build; anything else pulls CUDA packages.
$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(PIP) install --quiet --disable-pip-version-check torch==2.13.0
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(BENCH_STAMP): benchmarks/requirements.txt $(DEV_STAMP)
	$(PIP) install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	@touch $@

install: $(RUNTIME_STAMP)
dev: $(DEV_STAMP) chromium

# Debian's Chromium serves the browser tests and kaleido's PNG/SVG export. Installed when
# missing and we are root; otherwise the browser tests skip and say why.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium and chromium-driver…"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null; \
	else \
		echo "note: chromium missing and not root: browser tests and PNG/SVG export tests will be skipped"; \
	fi

# The tables are rebuilt when raw data, code or curated data changed (the build itself is
# incremental too: unchanged articles are reused).
$(MANIFEST): $(RUNTIME_STAMP) $(BUILD_INPUTS)
	$(BIN)/python -m newsgraph build

build: $(RUNTIME_STAMP)
	$(BIN)/python -m newsgraph build

run: $(MANIFEST)
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

test: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest

bench: $(BENCH_STAMP) chromium
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(PROCESSED) data/.processed.builds data/.processed.lock .pytest_cache tests/artifacts
