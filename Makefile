# One command to set up and run the dashboard, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test setup browser proxy bench sample

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed

# Debian's chromium drives the browser tests (never `playwright install`).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

run: setup
	@echo "Open http://localhost:8501 (local mode serves this computer only; see README, Roles and configuration)"
	$(BIN)/streamlit run app.py

# Debian's nginx (the light build has TLS and auth_request) for the test of docs/deploy/nginx.conf.
proxy:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx-light; }

# The store tests run on SQLite and on a throwaway PostgreSQL server (Debian's postgresql, installed if
# missing), started on 127.0.0.1 for the run and removed after it.
test: setup browser proxy
	bash scripts/test_postgres.sh $(BIN)/python -m pytest -q

sample: setup
	$(BIN)/python -m kpi sample --out data/sample --french

bench: setup
	$(BIN)/python scripts/bench_score.py
