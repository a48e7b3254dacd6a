# Strategy Planner — the README's commands.
#   make run    set up, migrate, load the demo strategy, serve on 127.0.0.1:8000
#   make test   set up and run the whole suite (browser tests included)
#   make lint   ruff, and import-linter (imports run downwards only)
#   make bench  set up and run the benchmarks (bench/README.md); not part of make test
#   make mutate mutation testing of the rules (docs/testing.md); not part of make test
# `make run` sets up only what running needs (setup); the others add the dev extra,
# and `make test` all the tests need (setup-test).

# The Python that builds .venv: 3.11 or newer. python3 when it is new enough,
# otherwise the newest python3.X found; `make PYTHON=python3.13 ...` picks one.
PYTHON_MIN := 3.11
comma := ,
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3 python3.14 python3.13 python3.12 python3.11; do \
  $$p -c 'import sys; sys.exit(sys.version_info < ($(subst .,$(comma) ,$(PYTHON_MIN))))' >/dev/null 2>&1 && { echo $$p; exit; }; \
  done; echo python3)
endif
VENV := .venv
BIN := $(VENV)/bin
# major.minor of $(PYTHON), and of the Python that made .venv (empty when either is missing)
VERSION_OF = $(shell $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
PYTHON_VERSION := $(call VERSION_OF,$(PYTHON))
VENV_VERSION := $(call VERSION_OF,$(BIN)/python)
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000

# On macOS the libraries come from Homebrew, whose lib folder the dynamic loader does
# not search on Apple silicon: WeasyPrint would not find Pango without it.
PY := $(BIN)/python
ifeq ($(shell uname -s),Darwin)
BREW_PREFIX := $(shell brew --prefix 2>/dev/null)
PY := DYLD_FALLBACK_LIBRARY_PATH=$(BREW_PREFIX)/lib:/usr/local/lib:/usr/lib $(BIN)/python
endif

.PHONY: setup setup-test python-check run test lint format messages system-packages \
	system-packages-test browser bench mutate

# What running needs: the app's Python packages, the front-end files, the compiled
# translations and the system packages of the documents.
setup: python-check system-packages $(VENV)/.installed node_modules/.installed $(MO_FILES)

# What the tests need besides: the dev extra (pytest, Playwright, ruff, ...), the
# front end's development packages (axe-core, the Nu HTML checker) and the test tools.
setup-test: python-check system-packages-test $(VENV)/.installed-dev node_modules/.installed-dev \
	$(MO_FILES) browser

python-check:
	@v="$(PYTHON_VERSION)"; \
	if [ -z "$$v" ]; then \
	  echo "Python $(PYTHON_MIN) or newer is needed, and '$(PYTHON)' was not found or does not run."; \
	  echo "Install one (Debian: apt-get install python3; macOS: brew install python@3.12) or name it: make PYTHON=python3.12 ..."; \
	  exit 1; \
	fi; \
	need=$(PYTHON_MIN); \
	if [ "$${v%%.*}" -lt "$${need%%.*}" ] || \
	  { [ "$${v%%.*}" -eq "$${need%%.*}" ] && [ "$${v#*.}" -lt "$${need#*.}" ]; }; then \
	  echo "Python $(PYTHON_MIN) or newer is needed, and '$(PYTHON)' is Python $$v."; \
	  echo "Install a newer one (Debian: apt-get install python3.11; macOS: brew install python@3.12) and name it: make PYTHON=python3.12 ..."; \
	  exit 1; \
	fi

# System packages, each as "Debian package|Homebrew formula (@: a cask; -: none)|the
# test that says it is there". When run as root with apt-get we install what is
# missing; otherwise we say what to install.
RUN_PACKAGES := \
	"gettext|gettext|command -v msgfmt" \
	"libpangoft2-1.0-0|pango|ldconfig -p 2>/dev/null | grep -q libpangoft2 || test -e $(BREW_PREFIX)/lib/libpangoft2-1.0.dylib" \
	"fonts-dejavu-core|@font-dejavu|fc-list 2>/dev/null | grep -q 'DejaVu Sans'"
# ... and the tests': they read the PDFs back, open the workbook in LibreOffice Calc,
# drive Chromium (on macOS Playwright's own, see `browser`) and run the Nu HTML checker.
TEST_PACKAGES := \
	"chromium|-|command -v chromium" \
	"poppler-utils|poppler|command -v pdftotext" \
	"libreoffice-calc-nogui|@libreoffice|command -v soffice" \
	"default-jre-headless|@temurin|java -version"

define install-packages
@missing=""; formulas=""; casks=""; for pair in $(1); do \
  pkg=$${pair%%|*}; rest=$${pair#*|}; brew=$${rest%%|*}; check=$${rest#*|}; \
  sh -c "$$check" >/dev/null 2>&1 && continue; \
  missing="$$missing $$pkg"; \
  case $$brew in -) ;; @*) casks="$$casks $${brew#@}";; *) formulas="$$formulas $$brew";; esac; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(uname -s)" = Darwin ]; then \
    [ -z "$$formulas$$casks" ] || echo "Please install with Homebrew:$${formulas:+  brew install$$formulas}$${casks:+  brew install --cask$$casks}"; \
  elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
    echo "Installing system packages:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
  else \
    echo "Please install these Debian packages:$$missing  (sudo apt-get install$$missing)"; \
  fi; \
fi
endef

system-packages:
	$(call install-packages,$(RUN_PACKAGES))

system-packages-test:
	$(call install-packages,$(RUN_PACKAGES) $(TEST_PACKAGES))

# The browser tests drive Debian's Chromium; where there is none (macOS), Playwright's own.
browser: $(VENV)/.installed-dev
	@if [ "$$(uname -s)" = Darwin ] && ! command -v chromium >/dev/null 2>&1; then \
	  $(BIN)/playwright install chromium; \
	fi

# .venv is made by $(PYTHON); one made by another Python (another major.minor, or one
# that no longer runs) is made again rather than reused.
ifneq ($(VENV_VERSION),$(PYTHON_VERSION))
$(VENV)/.installed $(VENV)/.installed-dev: FORCE
endif
FORCE:

define make-venv
@v=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
if [ "$$v" != "$(PYTHON_VERSION)" ]; then \
  if [ -e $(VENV) ]; then \
    echo "Making $(VENV) again with $(PYTHON) (Python $(PYTHON_VERSION)): it was made with $${v:-a Python that no longer runs}."; \
    rm -rf $(VENV); \
  fi; \
  echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); \
fi
endef

# The Python packages for running ...
$(VENV)/.installed: pyproject.toml
	$(make-venv)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

# ... and with the dev extra for the tests, the linters and the benchmarks.
$(VENV)/.installed-dev: pyproject.toml
	$(make-venv)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(VENV)/.installed $@

# The front end (Bootstrap, htmx, the date picker); the tests add the development
# packages. npm ci starts node_modules afresh, and so removes the other stamp.
node_modules/.installed: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $@

node_modules/.installed-dev: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

messages: python-check $(VENV)/.installed
	$(PY) manage.py makemessages -l fa -l ro --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=test-artifacts --ignore=bench --ignore=docs --ignore=mutants --ignore=mutation

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_versions
	@# The background worker (PDF renders) runs beside the web server and stops with it.
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup-test
	$(PY) -m pytest

lint: python-check $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: python-check $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Mutation testing of the rules (mutation/run.py, docs/testing.md): not part of `make test`,
# about an hour and three quarters on two cores. GROUPS picks some groups, e.g.
# `make mutate GROUPS="rules access"`.
GROUPS ?=
mutate: python-check $(VENV)/.installed-dev $(MO_FILES)
	$(PY) -m mutation.run $(GROUPS)

# The benchmarks run what running needs, and profile with pyinstrument (the dev extra).
# The throughput benchmark needs wrk; installed like the system packages above.
# BENCH picks benchmarks, e.g. `make bench BENCH="pdf pages"`.
BENCH ?= all
bench: setup $(VENV)/.installed-dev
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing wrk for the throughput benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The throughput benchmark needs wrk: sudo apt-get install wrk (macOS: brew install wrk)"; \
	  fi; }
	$(PY) -m bench.run $(BENCH)
