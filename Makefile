# Two commands for a fresh machine with python3 and make: `make review` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= output/pho-thuan-2023

.PHONY: review test lint lab clean messages picture

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The main job: every review notebook on the bundled data, as HTML, and the Word report bao-cao.docx, in $(OUT)/.
review: $(STAMP)
	$(BIN)/thidua assess data/plans/pho-thuan-2023.yaml data/sample/pho-thuan-2022-2023.csv \
		--budget data/sample/pho-thuan-2022-2023-budget.csv
	$(BIN)/thidua review --dataset pho-thuan-2023-sample --out $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Unit and integration tests, the notebooks run by nbval, and (where Chromium is) the browser test.
test: $(STAMP) lint
	$(BIN)/python -m pytest

# JupyterLab at the project root (notebooks/, data/ and output/ side by side); outputs are stripped from
# notebooks on commit (nbstripout). THIDUA_ROOT makes a notebook's relative paths start here, as in a shell.
# The filter keeps cell ids and drops the kernel's language_info, so a notebook saved unchanged stays unchanged
# (tests/test_notebooks.py). PORT=8890 and LAB_ARGS=--no-browser pass on; as root, --allow-root is added.
PORT ?= 8888
LAB_ARGS ?=
NBSTRIPOUT_KEYS := metadata.language_info
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab]'
	$(BIN)/nbstripout --install
	git config filter.nbstripout.clean "'$(CURDIR)/$(BIN)/python' -m nbstripout --keep-id"
	git config filter.nbstripout.extrakeys '$(NBSTRIPOUT_KEYS)'
	THIDUA_ROOT='$(CURDIR)' $(BIN)/jupyter lab --ServerApp.root_dir='$(CURDIR)' --port=$(PORT) \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# The message catalogs: extract every user-facing word from the code, update both languages, compile
# the .mo files (committed, so a fresh install works). Then fill in new msgstr lines (docs/style-guide.md).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_:1c,2 --no-location --sort-output --project thidua \
		-o thidua/locale/thidua.pot .
	$(BIN)/pybabel update -i thidua/locale/thidua.pot -d thidua/locale -D thidua --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d thidua/locale -D thidua

# The README's picture of the Word report's first page, from the report `make review` writes (LibreOffice, poppler).
picture: $(STAMP)
	$(BIN)/python scripts/word_picture.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache output
