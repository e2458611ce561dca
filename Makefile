# Everything a developer or CI runs, from a fresh Debian 12 with Python 3.11.
#
#   make demo                       build the demo database and serve it on http://127.0.0.1:8000
#   make demo DEMO_ARGS=--no-serve  only build it (DEMO_ARGS="--port 8080" serves elsewhere)
#   make test                       ruff, then the whole test suite on SQLite, then on PostgreSQL
#
# As root, missing Debian packages (gettext, chromium, fonts) are installed with apt-get; otherwise the command to
# install them is printed. Steps already done are skipped (the Python packages are reinstalled only when
# pyproject.toml changes: the stamp is .venv/.installed).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

DEMO_ARGS ?=
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tacoord
PYTEST_ARGS ?=
# One test process per CPU (pytest-xdist; each has its own test database): PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -q -r fEs --durations=5 -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Debian packages: gettext's msgfmt compiles translations; the browser tests drive Debian's Chromium, and the
# fonts let it draw Arabic and Chinese.
DEMO_PACKAGES := gettext:msgfmt
TEST_PACKAGES := $(DEMO_PACKAGES) chromium:/usr/bin/chromium fonts-noto-core fonts-noto-cjk

.PHONY: help install messages demo test lint test-sqlite test-postgres browser-ready

help:
	@sed -n '3,6p' Makefile | sed 's/^# *//'

$(BIN)/python:
	@if ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then \
	  scripts/ensure-system-packages python3-venv; fi
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -q -e ".[test]"
	@touch $@

install: $(INSTALLED)

# compilemessages itself skips the catalogues whose .mo is newer than the .po, so this is cheap to repeat.
messages: $(INSTALLED)
	@command -v msgfmt >/dev/null || { \
	  echo "Compiling translations needs GNU gettext's msgfmt: sudo apt-get install -y gettext" >&2; exit 1; }
	$(BIN)/tacoord compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

demo:
	@scripts/ensure-system-packages $(DEMO_PACKAGES) || true
	@$(MAKE) --no-print-directory messages
	$(BIN)/tacoord demo $(DEMO_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .

# Without Chromium the browser tests skip themselves on a developer's machine, and fail under CI=true.
browser-ready:
	@scripts/ensure-system-packages $(TEST_PACKAGES) || \
	  echo "Without these, the browser tests are skipped (and fail under CI=true)." >&2

test: browser-ready
	@$(MAKE) --no-print-directory messages lint test-sqlite test-postgres

test-sqlite: messages
	@echo "== Tests on SQLite"
	@start=$$(date +%s); \
	env -u DATABASE_URL $(PYTEST); \
	echo "== SQLite leg passed in $$(( $$(date +%s) - start )) s"

test-postgres: messages
	@echo "== Tests on PostgreSQL ($(POSTGRES_URL))"
	@status=0; scripts/postgres-ready "$(POSTGRES_URL)" $(BIN)/python || status=$$?; \
	if [ $$status -eq 3 ] && [ "$${CI:-}" != true ]; then \
	  echo "== PostgreSQL leg skipped: no PostgreSQL here (CI=true makes this an error)"; exit 0; fi; \
	[ $$status -eq 0 ] || exit 1; \
	start=$$(date +%s); \
	DATABASE_URL="$(POSTGRES_URL)" $(PYTEST); \
	echo "== PostgreSQL leg passed in $$(( $$(date +%s) - start )) s"
