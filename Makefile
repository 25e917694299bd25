# Training Neural Networks — notebook course.
# Every target builds the pinned environment in .venv first when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The notebooks a target works on; e.g. make execute NB=notebooks/04_backpropagation.ipynb
NB     ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))

# Reproducible numbers: one BLAS thread (thread count changes the last digits of matmuls),
# stable hashing, no debugger warnings on stderr. Never MPLBACKEND: kernels would lose inline figures.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.DEFAULT_GOAL := help
.PHONY: help lab test unit nbval execute lint format lock clean check-python e2e

help:  ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' not found. This course needs Python 3.11 or newer (e.g. make PYTHON=python3.12 ...)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "error: $$($(PYTHON) --version 2>&1) is too old. This course needs Python 3.11 or newer (e.g. make PYTHON=python3.12 ...)." >&2; exit 1; }

$(STAMP): requirements.lock pyproject.toml | check-python
	@echo "==> creating the environment in $(VENV) (pinned by requirements.lock)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

lab: $(STAMP)  ## Open JupyterLab on the notebooks (127.0.0.1, token login)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

test: $(STAMP)  ## Everything CI runs: lint, unit tests, notebook hygiene, strict nbval
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest tests $(NB) $(NBVAL) --ignore=tests/e2e -p no:cacheprovider

unit: $(STAMP)  ## Only the unit and hygiene tests (fast)
	$(BIN)/pytest tests --ignore=tests/e2e -p no:cacheprovider

nbval: $(STAMP)  ## Only strict nbval (NB=... for one notebook)
	$(BIN)/pytest $(NB) $(NBVAL) -p no:cacheprovider

execute: $(STAMP)  ## Re-execute notebooks in a fresh kernel and store outputs (NB=... for one)
	$(BIN)/python tools/execute.py $(NB)

E2E_STAMP := $(VENV)/.installed-e2e

$(E2E_STAMP): requirements-e2e.lock $(STAMP)
	@echo "==> adding playwright to $(VENV) (pinned by requirements-e2e.lock; it drives the system Chromium)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-e2e.lock
	@touch $@

e2e: $(STAMP) $(E2E_STAMP)  ## Run the notebooks in JupyterLab + Chromium, move every slider (build/e2e)
	@if [ -z "$$CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "==> installing Debian's chromium (apt-get)"; \
	    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } || { \
	      echo "error: apt-get could not install chromium, which make e2e needs." >&2; exit 1; }; \
	  else \
	    echo "error: make e2e needs Chromium and it is not installed. On Debian or Ubuntu run" >&2; \
	    echo "         sudo apt-get install chromium" >&2; \
	    echo "       (or CHROMIUM=/path/to/chromium make e2e for a Chromium or Chrome elsewhere)." >&2; \
	    exit 1; \
	  fi; \
	fi
	E2E_NOTEBOOKS="$(NB)" $(BIN)/pytest tests/e2e -p no:cacheprovider

lint: $(STAMP)  ## ruff lint and format check (notebooks included)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: | check-python  ## Re-resolve requirements.lock from pyproject.toml (needs the registry)
	rm -rf build/lock && $(PYTHON) -m venv build/lock
	build/lock/bin/pip install --quiet -e '.[lab,test]'
	{ echo "# Pinned versions of everything \`make\` installs (Linux, CPython 3.11)."; \
	  echo "# Regenerate: make lock  (then update environment.yml; tests/test_environment.py checks they agree)"; \
	  build/lock/bin/pip freeze --exclude-editable; } > requirements.lock
	rm -rf build/lock

.PHONY: bench
bench: $(STAMP)  ## Time the notebooks and every live-demo slider move against their floors (build/bench)
	$(BIN)/python tools/bench.py

clean:  ## Remove the environment and every generated file
	rm -rf $(VENV) build .pytest_cache .ruff_cache helpers.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
