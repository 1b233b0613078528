# pressextract — set-up commands (see README). Needs only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: install install-test run test accuracy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@echo "installed: $(BIN)/pressextract"

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

run: install
	@mkdir -p $(OUT)
	$(BIN)/pressextract extract corpus/example.txt -o $(OUT)/example.jsonl --errors $(OUT)/errors.jsonl
	@echo "records written to $(OUT)/example.jsonl (errors, if any, in $(OUT)/errors.jsonl)"
	$(BIN)/pressextract kb load $(OUT)/example.jsonl --db $(OUT)/kb.sqlite
	$(BIN)/pressextract kb query --db $(OUT)/kb.sqlite --limit 5

test: install-test
	$(BIN)/python -m pytest -q

accuracy: install
	$(BIN)/python scripts/update_readme_accuracy.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info src/*.egg-info
