# The documented entry points. `make run` and `make test` work on a fresh clone with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements
DATABASE ?= data/alliance.ducklake
PORT ?= 8501

.PHONY: setup run test test-fast lint format bench demo clean screenshots serve stop install-oidc

setup: $(INSTALLED)

# The exact pins (requirements/*.txt), then the product itself as an editable package: that gives the
# `alliance` command in $(BIN) (the same as `python -m analysis`), usable from any folder.
$(INSTALLED): requirements/runtime.txt requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	cat requirements/runtime.txt requirements/dev.txt > $(INSTALLED)

$(DATABASE): | $(INSTALLED)
	$(BIN)/python -m analysis init --demo --db $(DATABASE)

demo: $(INSTALLED)
	$(BIN)/python -m analysis init --demo --force --db $(DATABASE)

SECRETS := .streamlit/secrets.toml

# First local run only: a secrets file that lets visitors on this machine view (never edit) without
# signing in, so `make run` shows the dashboard at once. The server listens on localhost only.
$(SECRETS):
	sed 's/^anonymous_viewers = false/anonymous_viewers = true/' .streamlit/secrets.example.toml > $(SECRETS)
	chmod 600 $(SECRETS)
	@echo "Created $(SECRETS): anonymous viewing is ON for this local copy. Add an editor with"
	@echo "  $(BIN)/python -m analysis user add NAME --role editor"
	@echo "and set anonymous_viewers = false there before serving anyone else."

run: $(INSTALLED) $(DATABASE) | $(SECRETS)
	ALLIANCE_DB=$(DATABASE) $(BIN)/streamlit run dashboard.py --server.address localhost --server.port $(PORT)

# Several dashboard processes on the same store behind Debian's nginx, on one port (docs/operations.md).
# Ctrl-C stops them all; so does `make stop` from another terminal.
REPLICAS ?= 2
serve: $(INSTALLED) $(DATABASE) | $(SECRETS)
	$(BIN)/python -m analysis serve --db $(DATABASE) --replicas $(REPLICAS) --port $(PORT)

stop: $(INSTALLED)
	$(BIN)/python -m analysis serve --stop

# Optional extra: OpenID Connect sign-in (st.login) needs Authlib, pinned in requirements/oidc.txt.
install-oidc: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -r requirements/oidc.txt

test: $(INSTALLED)
	$(BIN)/python -m pytest

# The quick part, for every change: no browser, no test marked slow (each of those takes seconds).
test-fast: $(INSTALLED)
	$(BIN)/python -m pytest -m "not slow and not browser" -q

# Tests write screenshots to build/screenshots/; this rewrites the ones the README shows.
screenshots: $(INSTALLED)
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_dashboard.py

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark is tooling beside the product (benchmarks/, not installed): docs/benchmark.md.
bench: $(INSTALLED)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build

# Streamlit's [theme] in .streamlit/config.toml, written from data/branding.toml (tests check they agree).
.PHONY: theme
theme: $(INSTALLED)
	$(BIN)/python -m analysis.streamlit_theme
