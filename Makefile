# ttdn — two commands matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# A Python >= 3.12 that actually runs: pyenv shims for versions that are not selected exit non-zero.
PYTHON ?= $(shell \
  for p in python3.13 python3.12; do \
    if $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then command -v $$p; exit 0; fi; \
  done; \
  root=$$(pyenv root 2>/dev/null); \
  for p in $$root/versions/3.13*/bin/python3 $$root/versions/3.12*/bin/python3; do \
    if [ -x "$$p" ] && "$$p" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then echo $$p; exit 0; fi; \
  done)
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(CURDIR)/var
TEST_WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export TTDN_DATA_DIR ?= $(DATA_DIR)

.PHONY: run test test-sqlite test-postgres bench lint messages venv clean

$(BIN)/ttdn: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "ttdn needs Python >= 3.12 (python3.13/python3.12 on PATH or under pyenv)." >&2; exit 1; fi
	@echo "Using $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(BIN)/ttdn

venv: $(BIN)/ttdn

# Plain HTTP on 127.0.0.1: cookies cannot be marked secure.
run: export TTDN_HTTPS ?= 0
run: venv
	$(BIN)/ttdn migrate --noinput
	$(BIN)/ttdn load_reference lang-son
	$(BIN)/ttdn compilemessages --ignore=.venv >/dev/null
	$(BIN)/ttdn collectstatic --noinput >/dev/null
	$(BIN)/ttdn create_first_admin
	$(BIN)/ttdn load_demo
	$(BIN)/ttdn load_portal_demo  # portal: site tree in vi/en/zh-hans, ND 42/2022 English pages, example content
	$(BIN)/ttdn schedule_reminders
	$(BIN)/ttdn schedule_outreach
	$(BIN)/ttdn schedule_monitoring
	$(BIN)/ttdn schedule_permit_reminders
	@echo "ttdn at http://127.0.0.1:8000 (SQLite in $(TTDN_DATA_DIR)); Ctrl-C stops the web server and the worker."
	@trap 'kill 0' EXIT INT TERM; \
	  $(BIN)/ttdn worker & \
	  while sleep 60; do $(BIN)/ttdn publish_scheduled >/dev/null; done & \
	  $(BIN)/gunicorn ttdn.config.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile - ; \
	  wait

test: venv test-sqlite test-postgres

# axe-core (npm) for the portal's accessibility tests; git-ignored node_modules/, pinned by package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-sqlite: venv node_modules/axe-core/axe.min.js
	$(BIN)/ttdn compilemessages --ignore=.venv >/dev/null
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL TTDN_DATA_DIR=$$(mktemp -d) $(BIN)/python -m pytest -n $(TEST_WORKERS)

test-postgres: venv node_modules/axe-core/axe.min.js
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)').close()" 2>/dev/null; then \
	  echo "== test suite on PostgreSQL =="; \
	  DATABASE_URL=$(PG_URL) TTDN_DATA_DIR=$$(mktemp -d) $(BIN)/python -m pytest -n $(TEST_WORKERS); \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is required in CI but 127.0.0.1:5432 does not answer." >&2; exit 1; \
	else \
	  echo "NOTICE: PostgreSQL not reachable at 127.0.0.1:5432 — skipping the PostgreSQL run."; \
	fi

bench: venv
	TTDN_DATA_DIR=$$(mktemp -d) $(BIN)/python bench/run.py

lint: venv
	$(BIN)/ruff format --check src bench
	$(BIN)/ruff check src bench
	$(BIN)/mypy $$(ls -d src/ttdn/*/services.py src/ttdn/*/selectors.py src/ttdn/*/services src/ttdn/*/selectors 2>/dev/null)
	TTDN_DATA_DIR=$$(mktemp -d) $(BIN)/ttdn makemigrations --check --dry-run
	$(BIN)/python scripts/check_messages.py

messages: venv
	cd src/ttdn && ../../$(BIN)/ttdn makemessages -l vi --no-location --ignore=tests --no-obsolete && ../../$(BIN)/ttdn compilemessages

clean:
	rm -rf $(VENV) var
