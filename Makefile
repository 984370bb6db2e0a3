# What a person types. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# test-pg: pytest-django creates (and drops) test_<name> on this server; the name is unique per run.
PG_URL ?= postgres://postgres@127.0.0.1:5432/ocop_$(shell date +%s)_$(shell echo $$PPID)

.PHONY: run dev install install-dev migrate demo test test-pg lint typecheck format messages check bench bench-pg bench-http fuzz fuzz-ci worker beat backup restore clean

$(VENV)/.runtime: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

messages: $(VENV)/.runtime
	$(MANAGE) ocop_compilemessages -v 0

migrate: install messages
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) ocop_demo

# --- serving (i15-prod) ----------------------------------------------------------------------------
# PORT chooses the port (default 8000): `make run PORT=8001` when 8000 is busy.
PORT ?= 8000
export PORT

## Install, migrate, load the Quảng Ninh demo data and serve with gunicorn on http://127.0.0.1:$(PORT)
run: demo
	$(MANAGE) ocop_serve

## The same data, Django's development server with autoreload (for developers)
dev: demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)
# --- end serving ------------------------------------------------------------------------------------

## The whole test suite on SQLite (browser tests skip, with the reason, when Chromium is missing)
test: install-dev messages
	$(BIN)/pytest -n 2

## The whole test suite on PostgreSQL (a throwaway database, dropped afterwards)
test-pg: install-dev messages
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n 2

lint: install-dev typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## mypy with django-stubs on the domain layer (models, services, selectors, criteria engine; pyproject.toml)
typecheck: install-dev
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev messages
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

bench: install-dev messages
	$(PY) -m bench

## The same figures on PostgreSQL, in a throwaway database created and dropped here
bench-pg: install-dev messages
	createdb -h 127.0.0.1 -U postgres ocop_bench_$$PPID
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_$$PPID $(PY) -m bench; status=$$?; \
	dropdb -h 127.0.0.1 -U postgres ocop_bench_$$PPID; exit $$status

## The hot paths (pages, verification, search, API lists, dashboards) against a bare Django hello-world,
## both under gunicorn with ocop.gunicorn_conf and production settings, driven by wrk (16 connections,
## OCOP_BENCH_HTTP_SECONDS a path, default 10); a throwaway PostgreSQL database, Redis db 9
bench-http: install-dev messages
	$(PY) -m bench.http

## Schemathesis over every API operation, anonymous and as each role, on a real server and a
## throwaway PostgreSQL database; prints operations, requests, 5xx and violations; fails on any
fuzz: install-dev messages
	$(PY) -m tests.fuzz

## The bounded form CI runs: every operation as every identity, fixed seed, two identities at a time,
## no stateful phase; the coverage phase anonymously and as the provincial office (the widest write
## scope). Prints the figures per identity and the wall time; fails on any 5xx or schema violation
fuzz-ci: install-dev messages
	$(PY) -m tests.fuzz --ci

## A Celery worker (needs CELERY_BROKER_URL): imports, e-mails, the outbox's jobs
worker: install
	PYTHONPATH=src $(BIN)/celery -A ocop worker -l info

## Celery beat, exactly one per installation: the outbox relay every minute and the daily jobs at
## their hour (Vietnam time); its schedule file lives in OCOP_VAR_DIR (default var/)
beat: install
	mkdir -p $${OCOP_VAR_DIR:-var}
	PYTHONPATH=src $(BIN)/celery -A ocop beat -l info --schedule=$${OCOP_VAR_DIR:-var}/celerybeat-schedule

## The database and the uploaded files in a new dated folder under var/backups/ (or TO=folder)
backup: install
	$(MANAGE) ocop_backup $(if $(TO),--to "$(TO)")

## Replace the database and the uploaded files with the backup in FROM=folder (asks first), then check them
restore: install
	@test -n "$(FROM)" || { echo "make restore FROM=var/backups/<folder>"; exit 2; }
	$(MANAGE) ocop_restore "$(FROM)"

clean:
	rm -rf var $(VENV)
