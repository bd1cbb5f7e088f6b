# Groundwork: the two commands a newcomer needs are `make run` and `make test`.
#
#   make run            set up .venv, migrate, load the demo district, serve on :5000
#   make test           the whole test suite (SQLite; browser tests in Debian's Chromium)
#   make test-postgres  the same suite on PostgreSQL (TEST_DATABASE_URL below)
#   make install        only create .venv and install the pinned dependencies
#   make lint           ruff and bandit
#
# Needs Python 3.11 (python3.11 on PATH, or a python3 that is 3.11) and git.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install; re-install when the pins or the project change.
STAMP := $(VENV)/.groundwork-installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
CHROMIUM_PATH ?= /usr/bin/chromium
POSTGRES_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
DEMO_PASSWORD := groundwork-demo
export CHROMIUM_PATH

.PHONY: help run test test-postgres install lint chromium

help:
	@echo "make run            set up, load the demo district, serve on http://$(HOST):$(PORT)"
	@echo "make test           run the whole test suite"
	@echo "make test-postgres  run the suite on PostgreSQL ($(POSTGRES_TEST_URL))"
	@echo "make install        create .venv and install the pinned dependencies"
	@echo "make lint           ruff and bandit"

install: $(STAMP)

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Python 3.11 is needed: install it (python3.11) and run make again." >&2; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "Groundwork needs Python 3.11; $(PYTHON) is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Install python3.11, or run: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create $(VENV). On Debian/Ubuntu: apt-get install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }

# Order-only on the interpreter, so a touched binary does not force a re-install.
$(STAMP): requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q -e . --no-deps
	@touch $@

run: install
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo
	@echo "Groundwork is starting on http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	@echo "Sign in as admin@example.org, or any demo login listed above,"
	@echo "with the password $(DEMO_PASSWORD)."
	@echo
	$(FLASK) run --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
chromium:
	@if [ -x "$(CHROMIUM_PATH)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
	  echo "!! Chromium is missing at $(CHROMIUM_PATH): the browser tests will fail." >&2; \
	  echo "!! Install it with: sudo apt-get install chromium" >&2; \
	  echo "!! (or run make with CHROMIUM_PATH=/path/to/chromium-or-chrome)" >&2; \
	fi

test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install chromium
	TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check app tests
	$(BIN)/bandit -q -c pyproject.toml -r app -ll
