# Rallier: `make run` serves the demo, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 2
FLASK  := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
CATALOGS := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test lint typecheck pytest pytest-postgres bench messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics

run: $(VENV)/.runtime $(COMPILED)
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "Rallier on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

test: lint typecheck pytest pytest-postgres

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	@if [ -d matching ]; then $(BIN)/mypy; else echo "mypy: no matching/ package yet"; fi

pytest: $(VENV)/.dev $(COMPILED)
	$(BIN)/pytest

# The same suite against a real PostgreSQL server, in a schema of its own.
pytest-postgres: $(VENV)/.dev $(COMPILED)
	RALLIER_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "not browser"

bench: $(VENV)/.dev $(COMPILED)
	@for b in benchmarks/bench_*.py benchmarks/quality*.py; do m=$$(basename $$b .py); echo "== $$m"; \
		$(BIN)/python -m benchmarks.$$m || exit 1; done

# Extract the strings to translate and merge them into the catalogs.
messages: $(VENV)/.dev
	$(BIN)/pybabel extract --project=Rallier --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o app/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --width 100 -i app/translations/messages.pot -d app/translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache $(COMPILED)
