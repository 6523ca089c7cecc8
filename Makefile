# Cartable: every target is one line; the logic lives in Python.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# make demo PORT=5100: another port, and the public URL follows it.
PORT ?= 5000
DEMO_ENV := CARTABLE_DEV_LMS=on CARTABLE_PUBLIC_URL=http://127.0.0.1:$(PORT) CARTABLE_REGISTRATION_ALLOWED_NETWORKS=127.0.0.0/8,::1/128

.PHONY: demo test lint fmt messages
MO := lti_app/translations/en/LC_MESSAGES/messages.mo

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e '.[dev]' && touch $@

$(MO): $(BIN)/.installed lti_app/translations/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile -d lti_app/translations

demo: $(MO)
	$(DEMO_ENV) $(BIN)/flask --app lti_app db upgrade && $(DEMO_ENV) $(BIN)/flask --app lti_app demo setup && { $(DEMO_ENV) $(BIN)/flask --app lti_app worker --interval 1 & trap "kill $$!" EXIT; $(DEMO_ENV) $(BIN)/flask --app lti_app run --host 127.0.0.1 --port $(PORT); }

test: $(MO)
	$(BIN)/python tests/preflight.py && $(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(BIN)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

fmt: $(BIN)/.installed
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

messages: $(BIN)/.installed
	$(BIN)/pybabel extract -F config/babel.cfg -k _l --no-location --sort-output --ignore-dirs '.* __pycache__' -o lti_app/translations/messages.pot . && $(BIN)/pybabel update --no-fuzzy-matching -i lti_app/translations/messages.pot -d lti_app/translations
