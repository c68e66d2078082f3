# cloudcontracts: every target works on a fresh machine with Python 3.11+ and make.
#   make install          .venv with pinned dependencies (idempotent; quick when nothing changed)
#   make generate         regenerate generated/ from openapi/
#   make check-generated  fail if generated/ drifts from openapi/ or the generator warns unexpectedly
#   make lint             ruff on everything hand-written; mypy --strict on overlays/
#   make test             install, check-generated, lint, pytest
#   make demo             the main job against the embedded sandbox (no credentials, no network)
#   make bench            every benchmark in benchmarks/, one table of ratios (not part of make test)
#   make record           re-record the test cassettes against the sandbox (record-live: real APIs)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
DEPS_STAMP := $(VENV)/.deps-installed
PKG_STAMP := $(VENV)/.package-installed
PACKAGE_SOURCES := $(shell find overlays generated openapi -type f -name '*.py' -o -name '*.yaml' -o -name '*.typed' 2>/dev/null) pyproject.toml README.md
HAND_WRITTEN := overlays scripts tests $(wildcard benchmarks)
PYTEST_ARGS ?=

export PIP_CONSTRAINT := $(CURDIR)/constraints.txt

.PHONY: install generate check-generated lint format test demo bench record record-live clean

install: $(PKG_STAMP)

$(DEPS_STAMP): pyproject.toml constraints.txt dev-requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cloudcontracts needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=23"
	$(PIP) install hatchling -r dev-requirements.txt ".[sandbox,plot,parquet,testing]"
	touch $@

# The package itself is installed as a wheel (not editable) so that tests import exactly what users get,
# OpenAPI documents included; it is rebuilt whenever a source file changes.
$(PKG_STAMP): $(DEPS_STAMP) $(PACKAGE_SOURCES)
	$(PIP) install --no-deps --no-build-isolation --force-reinstall .
	touch $@

generate: $(DEPS_STAMP)
	$(PY) scripts/generate.py

check-generated: $(DEPS_STAMP)
	$(PY) scripts/generate.py --check

lint: install
	$(BIN)/ruff check $(HAND_WRITTEN)
	$(BIN)/ruff format --check $(HAND_WRITTEN)
	$(BIN)/mypy --strict overlays

format: $(DEPS_STAMP)
	$(BIN)/ruff check --fix $(HAND_WRITTEN)
	$(BIN)/ruff format $(HAND_WRITTEN)

test: install check-generated lint
	$(BIN)/pytest $(PYTEST_ARGS)

# The README's first command: starts the sandbox in-process and runs the main job through the overlay.
demo: install
	$(PY) -m cloudcontracts.demo

# Ratios against baselines measured in the same run, interleaved; prints one table (docs/performance.md).
# The benchmarks import the checkout itself (PYTHONPATH): nothing is built for them.
bench: install
	$(PY) benchmarks/run_all.py

# Re-record tests/cassettes against a sandbox started for the purpose (offline, seeded), or live; only
# cassettes whose exchanges changed are written. K=<pytest -k expression> re-records just those tests.
record: install
	$(PY) scripts/record_cassettes.py $(if $(K),-k '$(K)')

record-live: install
	$(PY) scripts/record_cassettes.py --live $(if $(K),-k '$(K)')

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

