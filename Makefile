# Cartable: every target is one line; the logic lives in Python.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ENV := CARTABLE_DEV_LMS=on CARTABLE_PUBLIC_URL=http://127.0.0.1:5000

.PHONY: demo test lint fmt

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e '.[dev]' && touch $@

demo: $(BIN)/.installed
	$(DEMO_ENV) $(BIN)/flask --app lti_app db upgrade && $(DEMO_ENV) $(BIN)/flask --app lti_app demo setup && $(DEMO_ENV) $(BIN)/flask --app lti_app run --host 127.0.0.1 --port 5000

test: $(BIN)/.installed
	$(BIN)/python tests/preflight.py && $(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(BIN)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

fmt: $(BIN)/.installed
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .
