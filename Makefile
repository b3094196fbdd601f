# Daypane: `make run` serves the app, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
CHROMIUM ?= /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup build run test unit integration browser bench fuzz clean

setup: $(VENV)/.installed node_modules/.installed

# daypane itself is installed editable: tests and tools import it by name (pyproject.toml), no path edits.
$(VENV)/.installed: requirements/browser.txt requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium, never a browser downloaded by a test tool.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# tools/build/: runtime, packages and the service worker's precache list into dist/.
build: setup
	$(PY) -m tools.build

run: build
	$(PY) -m tools.serve --port $(PORT)

test: build $(CHROMIUM)
	$(PY) -m pytest tests/unit
	$(PY) -m tools.fuzz --seed 1 --inputs 300 --seconds 600
	$(PY) -m pytest tests/integration
	$(PY) -m pytest tests/browser

unit: setup
	$(PY) -m pytest tests/unit

# The core against real servers (Radicale) on 127.0.0.1: seconds, no browser.
integration: setup
	$(PY) -m pytest tests/integration

browser: build $(CHROMIUM)
	$(PY) -m pytest tests/browser

# Every benchmark (tools/bench/: startup, graph, render, planning, caldav, task_sync, todo_sync, imports, visibility, ics_index, tabs) in turn.
bench: build $(CHROMIUM)
	$(PY) -m tools.bench

# tools/fuzz/: hostile variants of the real-world .ics files through the import path, for
# FUZZ_SECONDS with a random seed (printed; replay one input with --seed S --replay N).
FUZZ_SECONDS ?= 120
fuzz: setup
	$(PY) -m tools.fuzz --seconds $(FUZZ_SECONDS) --save

clean:
	rm -rf dist build
