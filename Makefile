# Manx Learning: the two commands people need are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6.1 needs Python 3.12+. Prefer pyenv's interpreters (see .python-version), then PATH.
PYTHON ?= $(shell for v in 3.13 3.12; do \
	  p=$$(pyenv which python$$v 2>/dev/null || command -v python$$v 2>/dev/null); \
	  if [ -n "$$p" ] && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; \
	done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/manx-learning
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv install install-test assets run demo test lint format e2e bench browser system-packages apt-packages worker clean

help:
	@echo "make run    - install, migrate, load the demo board, serve on http://$(HOST):$(PORT) with a task worker"
	@echo "make test   - install test tools and run the whole suite (SQLite, or DATABASE_URL if set)"
	@echo "make lint   - ruff check + format check + mypy + bandit (medium) + makemigrations --check"
	@echo "make e2e    - browser journeys only (Playwright + Debian Chromium + axe-core)"
	@echo "make bench  - benchmarks in bench/, printing their figures"
	@echo "make worker - run the background task worker"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (pyenv install 3.13)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv system-packages
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory assets

install-test: venv
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory assets browser

# Front-end packages come from npm and are compiled into build/static (never committed).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

build/static/css/app.css: node_modules/.package-lock.json $(wildcard assets/scss/*.scss) assets/js/app.mjs
	mkdir -p build/static/css build/static/js build/static/govuk
	npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps assets/scss/app.scss build/static/css/app.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js build/static/govuk/
	cp assets/js/app.mjs build/static/js/app.mjs
	touch build/static/css/app.css

assets: build/static/css/app.css

# System libraries: Pango for WeasyPrint's PDFs, and Debian's Chromium for the browser tests
# (Playwright cannot download its own browsers here).
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-packages:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(RUNTIME_PACKAGES)"

apt-packages:
	@command -v dpkg >/dev/null 2>&1 || exit 0; \
	missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install: sudo apt-get install $$missing"; fi; fi

browser:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="chromium $(RUNTIME_PACKAGES)"

# The site and the task worker together (scripts/run-dev): without a worker, e-mails and other
# queued work never happen. Links in e-mails, the feed and the printed sign-in address follow
# HOST and PORT.
run: install
	$(MANAGE) migrate --noinput
	MANX_ENV=$${MANX_ENV:-demo} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) demo
	MANX_ENV=$${MANX_ENV:-demo} $(BIN)/python scripts/run-dev --host $(HOST) --port $(PORT)

demo: install
	$(MANAGE) migrate --noinput
	MANX_ENV=$${MANX_ENV:-demo} $(MANAGE) demo

worker: install
	$(MANAGE) db_worker

# mypy (django-stubs) checks every app's services and selectors and the framework-free lib/.
MYPY_PATHS = manx_learning/lib $(wildcard manx_learning/*/services.py manx_learning/*/selectors.py)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(MYPY_PATHS)
	$(BIN)/bandit -q -r manx_learning -x '*/tests/*,*/migrations/*' --severity-level medium
	$(MANAGE) makemigrations --check --dry-run

# pytest exits 5 when it collects no tests: say so plainly rather than fail with a cryptic code.
test: lint
	@# Connections are not kept between requests in tests, so the test database can be dropped.
	@rc=0; CONN_MAX_AGE=$${CONN_MAX_AGE:-0} $(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

e2e: install-test
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

bench: install-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf build node_modules $(VENV) var
