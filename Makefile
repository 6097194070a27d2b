# Two entry points for a fresh machine:
#   make run    install everything, load the demo data, serve on http://127.0.0.1:5000
#   make test   install everything, run the whole suite on SQLite, then PostgreSQL

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-sqlite test-postgres lint install

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	bash scripts/install-node-packages
	bash scripts/install-browser
	touch $@

run: install
	$(BIN)/flask --app wsgi demo --host $(HOST) --port $(PORT)

test: install
	bash scripts/ensure-services
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite:
	$(BIN)/python -m pytest

test-postgres:
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check dsd routing costing tests
	$(BIN)/ruff format --check dsd routing costing tests
