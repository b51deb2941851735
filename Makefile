# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test serve screenshots clean bench deadcode

demo: $(VENV)/.installed-app
	@scripts/system-deps.sh
	$(BIN)/aemviewer

test: $(VENV)/.installed-dev
	@scripts/system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

# Benchmarks against curl, xargs + curl, a bare PySide6 window and wrk, on this machine (a few
# minutes; not part of `make test`). Results and the machine they ran on go in BENCHMARKS.md.
bench: $(VENV)/.installed-dev
	@scripts/system-deps.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# Functions, classes and constants that nothing uses ([tool.vulture] in pyproject.toml says what
# frameworks call by name). Delete what it lists, or name it there with the reason it stays.
deadcode: $(VENV)/.installed-dev
	$(BIN)/vulture

serve: $(VENV)/.installed-app
	$(BIN)/aemviewer serve --port 8080

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 14), "Python 3.11 to 3.13 needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed-app

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist

screenshots: $(VENV)/.installed-app
	@scripts/system-deps.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/take_screenshots.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot_downloads.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot_save_names.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot_qa_views.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot_tabs.py
