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
.PHONY: help lab test unit nbval execute lint format lock floors clean check-python e2e

help:  ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The advice after a Python that is missing, cannot run or is too old: the interpreters on PATH
# that do run and are new enough, never the one that just failed.
RUNNABLE = for p in python3.14 python3.13 python3.12 python3.11 python3; do [ "$$p" != "$(PYTHON)" ] \
  && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && printf '%s ' $$p; done
ADVICE = set -- $$($(RUNNABLE)); if [ -n "$$1" ]; then \
    echo "       Python 3.11 or newer that runs here: $$* (e.g. make PYTHON=$$1 ...)" >&2; \
  else echo "       Install Python 3.11 or newer, then: make PYTHON=/path/to/that/python ..." >&2; fi

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' not found. This course needs Python 3.11 or newer." >&2; $(ADVICE); exit 1; }
	@$(PYTHON) -c 'import sys' >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' is there but cannot run; it says:" >&2; \
	  $(PYTHON) -c 'import sys' 2>&1 | sed -n '1,6s/^/         /p' >&2; $(ADVICE); exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "error: '$(PYTHON)' is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())')," \
	    "too old: this course needs 3.11 or newer." >&2; $(ADVICE); exit 1; }

# The installer: uv, pinned, which the Python's own pip puts in build/ on first use. Where it
# cannot be had (offline, a Python without pip), pip installs the same lock, more slowly.
# uv pip sync makes .venv exactly the lock plus the course's package (build/course.txt: -e .),
# removing what the lock no longer lists; the e2e, site and dist tools are added back on demand.
UV_VERSION := 0.13.10
UV         := build/uv-$(UV_VERSION)/bin/uv
GET_UV     := test -x $(UV) || { echo "==> getting the installer, uv $(UV_VERSION), into build/"; \
  $(PYTHON) -m pip install --disable-pip-version-check --root-user-action=ignore \
    --target build/uv-$(UV_VERSION) uv==$(UV_VERSION); }
# $(call install,ARGUMENTS): pip-style install arguments, run by uv when it is there, else pip
install = if test -x $(UV); then $(UV) pip install --python $(BIN)/python $(1); \
  else $(BIN)/python -m pip install --disable-pip-version-check $(1); fi

# The interpreter that builds $(VENV): its real path and version. The stamp records the one that
# built it; another one (make test PYTHON=python3.13) builds $(VENV) anew. To keep both, give
# each its own: make test PYTHON=python3.13 VENV=.venv-3.13
PYTHON_ID := $(shell $(PYTHON) -c \
  'import os, platform, sys; print(os.path.realpath(sys.executable), platform.python_version())' \
  2>/dev/null)
BUILT_BY  := $(shell sed -n 's/^python: //p' $(STAMP) 2>/dev/null)
ifneq ($(BUILT_BY),$(PYTHON_ID))
$(STAMP): FORCE
endif
FORCE:

$(STAMP): requirements.lock pyproject.toml | check-python
	@if [ -f $(VENV)/pyvenv.cfg ] && [ "$(BUILT_BY)" != "$(PYTHON_ID)" ]; then \
	  echo "==> $(VENV) was built by $(or $(BUILT_BY),another or an unrecorded Python);" \
	    "building it anew with $(PYTHON_ID)"; \
	  rm -rf $(VENV); fi
	@$(GET_UV) || echo "==> uv $(UV_VERSION) cannot be had (see above): installing with pip, which is slower"
	@test -x $(BIN)/python || { echo "==> a virtual environment in $(VENV): Python $(PYTHON_ID)"; \
	  if test -x $(UV); then $(UV) venv --seed --python $(firstword $(PYTHON_ID)) $(VENV); \
	  else $(PYTHON) -m venv $(VENV); fi; }
	@echo "==> installing the versions requirements.lock pins and the course's package (editable)"
	@if test -x $(UV); then printf '%s\n' '-e .' > build/course.txt; \
	  $(UV) pip sync --python $(BIN)/python requirements.lock build/course.txt; \
	  else $(BIN)/python -m pip install --disable-pip-version-check -r requirements.lock -e .; fi
	@installer="$$(if test -x $(UV); then $(UV) --version; else $(BIN)/python -m pip --version; fi)"; \
	  printf 'python: %s\ninstaller: %s\n' "$(PYTHON_ID)" "$$(echo $$installer | cut -d' ' -f1,2)" > $@
	@echo "==> $(VENV) is ready ($$(du -sm $(VENV) | cut -f1) MB)"

# JupyterLab with the course's own settings (jupyter-config/labconfig: no pop-up asking about
# Jupyter news, no update check), added to Jupyter's config path. As root (id -u is 0) the server,
# its kernels and its terminals would all run as root: whoever holds the login token would have
# a root shell. So make lab says so, and turns the terminals off there (a notebook still runs
# code as root: keep the token to yourself, or better, run make lab as an ordinary user).
AS_ROOT := $(filter 0,$(shell id -u))
AS_ROOT_WARNING := \
  "!! make lab is running as root: JupyterLab and every notebook kernel run as root, and" \
  "!! whoever holds the login token below could run any command as root. Terminals are" \
  "!! turned off for that reason (--ServerApp.terminals_enabled=False); notebook code still" \
  "!! runs as root, so keep the token to yourself, or run make lab as an ordinary user."
lab: $(STAMP)  ## Open JupyterLab on the notebooks (127.0.0.1, token login)
	@$(if $(AS_ROOT),printf '%s\n' $(AS_ROOT_WARNING) >&2)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 \
	  $(if $(AS_ROOT),--allow-root --ServerApp.terminals_enabled=False)

test: $(STAMP)  ## The README's test command: lint, unit tests, notebook hygiene, strict nbval
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
DEMOS_STAMP := $(VENV)/.installed-demos

$(E2E_STAMP): requirements-e2e.lock $(STAMP)
	@echo "==> adding playwright to $(VENV) (pinned by requirements-e2e.lock; it drives the system Chromium)"
	@$(call install,-r requirements-e2e.lock)
	@touch $@

e2e: $(STAMP) $(E2E_STAMP) $(DEMOS_STAMP)  ## Run the notebooks in JupyterLab + Chromium, move every slider (build/e2e)
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
	E2E_NOTEBOOKS="$(NB)" $(BIN)/pytest tests/e2e --ignore=tests/e2e/test_site.py -p no:cacheprovider

# The course as a website: the six notebooks with their stored outputs, offline (tools/website.py,
# site/). Its tools are pinned by requirements-site.lock on top of requirements.lock.
SITE_STAMP := $(VENV)/.installed-site
SITE_TOOLS := sphinx myst-nb sphinx-book-theme sphinx-mathjax-offline
.PHONY: site site-check lock-site

$(SITE_STAMP): requirements-site.lock $(STAMP)
	@echo "==> adding the website's tools to $(VENV) (Sphinx, MyST-NB, the book theme, MathJax; pinned by requirements-site.lock)"
	@$(call install,-r requirements-site.lock -c requirements.lock)
	@touch $@

site: $(STAMP) $(SITE_STAMP)  ## Build the course as an offline website: build/site/index.html
	$(BIN)/python tools/website.py

site-check: site $(E2E_STAMP)  ## Check the website in Chromium: requests, maths, images, links, phone width
	@[ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } || { \
	  echo "error: make site-check needs Chromium: sudo apt-get install chromium (or CHROMIUM=/path/to/chromium)" >&2; exit 1; }
	$(BIN)/pytest tests/e2e/test_site.py -p no:cacheprovider

lock-site: | check-python  ## Re-resolve requirements-site.lock against requirements.lock (needs the registry)
	@$(GET_UV) || { echo "error: make lock-site needs uv, which could not be installed (see above)" >&2; exit 1; }
	printf '%s\n' $(SITE_TOOLS) > build/site-tools.in
	$(UV) pip compile build/site-tools.in -c requirements.lock --universal --python-version 3.11 \
	  --no-header --no-annotate -o build/site-tools.lock
	{ echo "# What \`make site\` adds to .venv on top of requirements.lock: Sphinx, MyST-NB, the book theme and"; \
	  echo "# MathJax 3 (sphinx-mathjax-offline), resolved with requirements.lock as constraints (universal, Python"; \
	  echo "# 3.11 and newer) and listing only what requirements.lock does not. Regenerate: make lock-site"; \
	  awk 'NR == FNR { if (/^[A-Za-z0-9]/) { split($$1, a, "=="); locked[tolower(a[1])] = 1 }; next } \
	    /^[A-Za-z0-9]/ { split($$1, a, "=="); if (!(tolower(a[1]) in locked)) print }' \
	    requirements.lock build/site-tools.lock; } > requirements-site.lock

# The instructor's deck: every live demo in one page, no code cells, presentation style, served
# by Voilà on 127.0.0.1 (demos/deck.ipynb). Voilà is pinned by requirements-demos.lock on top of
# requirements.lock. DEMOS_STAMP is set above, beside E2E_STAMP: make e2e needs Voilà too.
DEMOS_PORT ?= 8866
.PHONY: demos lock-demos

$(DEMOS_STAMP): requirements-demos.lock $(STAMP)
	@echo "==> adding Voilà to $(VENV) (pinned by requirements-demos.lock)"
	@$(call install,-r requirements-demos.lock -c requirements.lock)
	@touch $@

demos: $(STAMP) $(DEMOS_STAMP)  ## Serve the instructor's deck of every live demo (Voilà, 127.0.0.1:8866)
	$(BIN)/voila demos/deck.ipynb --no-browser --Voila.ip=127.0.0.1 --Voila.port=$(DEMOS_PORT)

lock-demos: | check-python  ## Re-resolve requirements-demos.lock against requirements.lock (needs the registry)
	@$(GET_UV) || { echo "error: make lock-demos needs uv, which could not be installed (see above)" >&2; exit 1; }
	@mkdir -p build && echo voila > build/demos-tools.in
	$(UV) pip compile build/demos-tools.in -c requirements.lock --universal --python-version 3.11 \
	  --no-header --no-annotate -o build/demos-tools.lock
	{ echo "# What \`make demos\` adds to .venv on top of requirements.lock: Voilà, resolved with requirements.lock"; \
	  echo "# as constraints (universal, Python 3.11 and newer), listing only what requirements.lock does not."; \
	  echo "# Regenerate: make lock-demos"; \
	  awk 'NR == FNR { if (/^[A-Za-z0-9]/) { split($$1, a, "=="); locked[tolower(a[1])] = 1 }; next } \
	    /^[A-Za-z0-9]/ { split($$1, a, "=="); if (!(tolower(a[1]) in locked)) print }' \
	    requirements.lock build/demos-tools.lock; } > requirements-demos.lock

lint: $(STAMP)  ## ruff lint and format check (notebooks included)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every platform and Python from 3.11 on (markers pick what applies); the versions already locked
# are kept unless pyproject.toml rules them out, or all move to the newest with UPGRADE=1.
lock: | check-python  ## Re-resolve requirements.lock from pyproject.toml (UPGRADE=1: newest; needs the registry)
	@$(GET_UV) || { echo "error: make lock needs uv, which could not be installed (see above)" >&2; exit 1; }
	$(UV) pip compile pyproject.toml --extra lab --extra test --universal --python-version 3.11 \
	  --no-header $(if $(UPGRADE),--upgrade) -o requirements.lock
	{ echo "# The versions \`make\` installs: uv pip sync requirements.lock (pip install -r also works)."; \
	  echo "# Regenerate: make lock, then bring environment.yml's minor versions along"; \
	  echo "# (tests/test_environment.py checks that they agree)."; \
	  cat requirements.lock; } > build/requirements.lock && mv build/requirements.lock requirements.lock

# The unit tests with the course's own dependencies (pyproject.toml's [project] dependencies) at
# the oldest versions it allows, wheels only (uv's lowest-direct resolution; what they depend on
# at the newest versions that fit), the test tools as locked: a floor that no longer works fails.
FLOORS := build/floors
floors: | check-python  ## Unit tests at the oldest versions pyproject.toml allows (build/floors)
	@$(GET_UV) || { echo "error: make floors needs uv, which could not be installed (see above)" >&2; exit 1; }
	rm -rf $(FLOORS) && $(UV) venv --python $(firstword $(PYTHON_ID)) $(FLOORS)
	$(UV) pip sync --python $(FLOORS)/bin/python requirements.lock
	$(UV) pip install --python $(FLOORS)/bin/python --resolution lowest-direct --only-binary :all: \
	  --upgrade -r pyproject.toml
	$(UV) pip install --python $(FLOORS)/bin/python --no-deps -e .
	$(FLOORS)/bin/python -m pytest tests --ignore=tests/e2e -p no:cacheprovider

# The course's package for use outside the clone: a wheel and an sdist in dist/ (python -m build,
# pinned here; the build backend is pinned by pyproject.toml's [build-system]). dist-check installs
# the wheel into a fresh environment and runs a notebook alone from it (tools/dist_check.py).
BUILD_VERSION := 1.6.1
.PHONY: dist dist-check
dist: $(STAMP)  ## Build the wheel and sdist of the course's package into dist/
	@$(call install,--quiet build==$(BUILD_VERSION))
	$(BIN)/python -m build --outdir dist .

dist-check: $(STAMP)  ## Build the wheel, install it anew, run a notebook alone from it (build/dist-check)
	@$(call install,--quiet build==$(BUILD_VERSION))
	$(BIN)/python tools/dist_check.py

.PHONY: bench
bench: $(STAMP) $(E2E_STAMP)  ## Time the notebooks, every live-demo slider move (headless and in the browser) and the environment build (build/bench)
	$(BIN)/python tools/bench.py

clean:  ## Remove the environment and every generated file
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
