# Frontline: `make demo` runs the app with demo data; `make test` runs every check CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FRONTLINE_HOME := $(CURDIR)

.PHONY: demo test lint typecheck imports migrations pytest test-postgres bench lock clean help

help:
	@echo "make demo   - set up, load the demo company and serve it at http://127.0.0.1:8000"
	@echo "make test   - set up with the test extras and run lint, types, import contracts and tests"
	@echo "make bench  - run the benchmarks (see docs/performance.md)"
	@echo "make lock   - re-resolve requirements/*.txt from pyproject.toml"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Frontline needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.main-installed: requirements/main.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/main.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.test-installed: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.main-installed

demo: $(VENV)/.main-installed
	$(BIN)/frontline demo

test: $(VENV)/.test-installed lint typecheck imports migrations pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

imports: $(VENV)/.test-installed
	$(BIN)/lint-imports

migrations: $(VENV)/.test-installed
	FRONTLINE_ENV=test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(VENV)/.test-installed
	FRONTLINE_ENV=test $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The database tests again on PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: $(VENV)/.test-installed
	FRONTLINE_ENV=test DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
		$(BIN)/pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

$(VENV)/.bench-installed: requirements/bench.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/bench.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.test-installed $(VENV)/.main-installed

bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run_all.py

lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements/main.txt pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --extra test -o requirements/test.txt pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --extra test --extra bench -o requirements/bench.txt pyproject.toml

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
