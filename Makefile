# cloudcontracts: every target works on a fresh machine with Python 3.11+ and make.
#   make install          .venv with pinned dependencies (idempotent; quick when nothing changed)
#   make generate         regenerate generated/ from openapi/
#   make check-generated  fail if generated/ drifts from openapi/ or the generator warns unexpectedly
#   make lint             ruff on everything hand-written; mypy --strict on overlays/ and tests/
#   make test             install, check-generated, lint, pytest (and focus-validate where it can run)
#   make test-pythons     the suite again on the oldest and newest other supported Pythons here (CI)
#   make demo             the main job against the embedded sandbox (no credentials, no network)
#   make bench            every benchmark in benchmarks/, one table of ratios (not part of make test)
#   make record           re-record the test cassettes against the sandbox (record-live: real APIs)
#   make focus-validate   the sandbox's NCP FOCUS export (CSV, Parquet) through the FinOps Foundation's
#                         focus-validator 2.2.1, in .venv-focus (needs Python >= 3.12; part of make test)

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

# The FOCUS validator needs Python >= 3.12: a python3.12 on PATH that runs (a pyenv shim may not), else
# pyenv's 3.12.
FOCUS_PYTHON ?= $(firstword $(shell python3.12 -c 'import sys; print(sys.executable)' 2>/dev/null) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python))
FOCUS_VENV := .venv-focus
FOCUS_STAMP := $(FOCUS_VENV)/.installed
# focus-validator 2.2.1 pins numpy<2 but its pyarrow needs numpy>=2 at run time: installed after it.
FOCUS_NUMPY := numpy==2.5.5

.PHONY: install generate check-generated lint format test test-suite test-pythons demo bench record record-live clean focus-validate focus-validate-in-test

install: $(PKG_STAMP)

$(DEPS_STAMP): pyproject.toml constraints.txt dev-requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cloudcontracts needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=23"
	$(PIP) install hatchling -r dev-requirements.txt ".[sandbox,plot,parquet,testing,duckdb,dlt]"
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
	$(BIN)/mypy --strict overlays tests

format: $(DEPS_STAMP)
	$(BIN)/ruff check --fix $(HAND_WRITTEN)
	$(BIN)/ruff format $(HAND_WRITTEN)

test: install check-generated lint
	$(BIN)/pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory focus-validate-in-test

# The suite alone, in $(VENV) (scripts/test_pythons.py runs it with other interpreters).
test-suite: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite on the oldest and the newest supported Python this machine has, besides the default one
# (.venv-3.N each; the slow group and the checks of make test are not repeated). CI runs it after make test.
test-pythons: install
	$(PY) scripts/test_pythons.py

# In make test: run when a Python >= 3.12 is there; CI (CI=true) or CLOUDCONTRACTS_REQUIRE_FOCUS_VALIDATOR=1
# requires it, so a CI machine without one fails instead of skipping.
focus-validate-in-test:
	@if [ -n "$(FOCUS_PYTHON)" ]; then $(MAKE) --no-print-directory focus-validate; \
	elif [ "$(CI)" = "true" ] || [ "$(CLOUDCONTRACTS_REQUIRE_FOCUS_VALIDATOR)" = "1" ]; then \
	  echo "focus-validate is required here but no Python >= 3.12 was found (python3.12 on PATH or ~/.pyenv/versions/3.12*/bin/python)" >&2; exit 1; \
	else echo "focus-validate skipped: no Python >= 3.12 (python3.12 on PATH or ~/.pyenv/versions/3.12*/bin/python)"; fi

$(FOCUS_STAMP): constraints-focus.txt
	@if [ -z "$(FOCUS_PYTHON)" ]; then echo "focus-validate needs Python >= 3.12: put python3.12 on PATH or install one with pyenv (~/.pyenv/versions/3.12*)" >&2; exit 1; fi
	@$(FOCUS_PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "focus-validate needs Python >= 3.12, not " + sys.version.split()[0])'
	rm -rf $(FOCUS_VENV)
	$(FOCUS_PYTHON) -m venv $(FOCUS_VENV)
	PIP_CONSTRAINT=$(CURDIR)/constraints-focus.txt $(FOCUS_VENV)/bin/python -m pip --disable-pip-version-check --quiet install focus-validator
	PIP_CONSTRAINT= $(FOCUS_VENV)/bin/python -m pip --disable-pip-version-check --quiet install --no-deps "$(FOCUS_NUMPY)" 2>/dev/null
	touch $@

# Exports the sandbox's NCP data (fixed seed) as FOCUS CSV and Parquet, validates both, and writes the
# results into docs/focus.md (scripts/focus_validate.py says which failures are the validator's own).
focus-validate: install $(FOCUS_STAMP)
	$(PY) scripts/focus_validate.py --validator $(FOCUS_VENV)/bin/focus-validator --write-docs

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
	rm -rf $(VENV) $(FOCUS_VENV) build dist .pytest_cache .mypy_cache .ruff_cache

