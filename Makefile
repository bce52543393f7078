# Two commands do all the set-up: `make run` (the desk with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format bench fuzz stop-db clean-data

# Reinstall only when the requirements change.
$(BIN)/.installed-run: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/.installed-run
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Development settings for this checkout: DEBUG on and a random secret key, never committed.
.env:
	$(PYTHON) -c "import secrets; print('DEBUG=true'); print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@

run: $(BIN)/.installed-run .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo
	@echo "  Admin: http://$(HOST):$(PORT)/admin/   (make an account: $(BIN)/python manage.py createsuperuser)"
	@echo "  API:   http://$(HOST):$(PORT)/api/      docs: http://$(HOST):$(PORT)/api/docs/"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed-dev .env
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# schemathesis over the whole API schema, every check, as an editor and a superuser, against
# gunicorn with DEBUG off, on a database of its own (claims_fuzz); fails on any failure.
# FUZZ_ARGS="--examples 5" for a shorter run (CI's), "--seed N" to replay one.
fuzz: $(BIN)/.installed-dev .env
	$(BIN)/python fuzz/run.py $(FUZZ_ARGS)

bench: $(BIN)/.installed-dev .env
	$(BIN)/python bench/run.py

# /api/quantities/summary/ over HTTP (gunicorn) on bench/run.py's database: p50 and p99.
.PHONY: bench-summary
bench-summary: $(BIN)/.installed-dev .env
	$(BIN)/python bench/summary.py

# The whole claims CSV (and the other exports) over HTTP (gunicorn, DEBUG off) on bench/run.py's
# database: total time, first byte, worker memory.
.PHONY: bench-export
bench-export: $(BIN)/.installed-dev .env
	$(BIN)/python bench/exports.py

# Throughput over HTTP (wrk, gunicorn -w 2, DEBUG off) at a million claims of varied copy, on a
# database of its own (claims_http): each list, filter, search and deep page against a bare
# WSGI baseline or our own first page, in rounds. BENCH_ARGS="--duration 10 --rounds 5" for longer.
.PHONY: bench-http
bench-http: $(BIN)/.installed-dev .env
	$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

# 100,000 claims imported from a CSV into an empty database with manage.py import_claims: the
# wall time (target 60 s), with history, search vectors and summaries checked.
.PHONY: bench-import
bench-import: $(BIN)/.installed-dev .env
	$(BIN)/python bench/imports.py

# The embedded server stops by itself when its last user exits; a user killed abruptly
# (kill -9) can leave it running, harmlessly: the next run reuses it. This stops it now.
stop-db:
	@if [ -f .data/postgres/postmaster.pid ]; then \
		kill -INT $$(head -1 .data/postgres/postmaster.pid) && echo "Embedded PostgreSQL stopped."; \
	else echo "Embedded PostgreSQL is not running."; fi

clean-data: stop-db
	rm -rf .data
