# Strategy Planner — the README's commands.
#   make run    set up, migrate, load the demo strategy, serve on 127.0.0.1:8000
#   make test   set up and run the whole suite (browser tests included)
#   make lint   ruff, and import-linter (imports run downwards only)
#   make bench  set up and run the benchmarks (bench/README.md); not part of make test

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint format messages system-packages bench

setup: system-packages $(VENV)/.installed node_modules/.installed $(MO_FILES)

# Debian packages the suite and the documents need, each with the test that says
# it is there. Installed when we can (root with apt-get); otherwise we say what
# is missing.
SYSTEM_PACKAGES := \
	"chromium|command -v chromium" \
	"gettext|command -v msgfmt" \
	"poppler-utils|command -v pdftotext" \
	"libpangoft2-1.0-0|ldconfig -p | grep -q libpangoft2" \
	"fonts-dejavu-core|fc-list 2>/dev/null | grep -q 'DejaVu Sans'" \
	"libreoffice-calc-nogui|command -v soffice" \
	"default-jre-headless|command -v java"
system-packages:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  pkg=$${pair%%|*}; check=$${pair#*|}; \
	  sh -c "$$check" >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install these Debian packages:$$missing  (sudo apt-get install$$missing)"; \
	  fi; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l fa -l ro --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=test-artifacts --ignore=bench --ignore=docs

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_demo_versions
	@# The background worker (PDF renders) runs beside the web server and stops with it.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The throughput benchmark needs wrk; installed like the system packages above.
# BENCH picks benchmarks, e.g. `make bench BENCH="pdf pages"`.
BENCH ?= all
bench: setup
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing wrk for the throughput benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The throughput benchmark needs wrk: sudo apt-get install wrk"; \
	  fi; }
	$(BIN)/python -m bench.run $(BENCH)
