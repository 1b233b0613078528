# pressextract — set-up commands (see README). Needs only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
# Every install takes the versions CI tested (constraints.txt), so a fresh machine gets the same.
PIP    := $(BIN)/python -m pip install --quiet -c constraints.txt

.PHONY: install install-test run test lint accuracy train-typer train-ner constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

install: $(BIN)/python
	$(PIP) -e .
	@echo "installed: $(BIN)/pressextract"

install-test: $(BIN)/python
	$(PIP) -e ".[test]"

run: install
	@mkdir -p $(OUT)
	$(BIN)/pressextract extract corpus/example.txt -o $(OUT)/example.jsonl --errors $(OUT)/errors.jsonl
	@echo "records written to $(OUT)/example.jsonl (errors, if any, in $(OUT)/errors.jsonl)"
	$(BIN)/pressextract kb load $(OUT)/example.jsonl --db $(OUT)/kb.sqlite
	$(BIN)/pressextract kb query --db $(OUT)/kb.sqlite --limit 5

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests scripts benchmarks

accuracy: install
	$(BIN)/python scripts/update_readme_accuracy.py

# The learned components, models/entity_typer and models/headline_typer: training data from the
# devset's tune split (../shared/devset), the corpus dev split and the train two thirds of the
# labelled archive releases (../shared/archive), then `spacy train configs/<typer>.cfg`.
# Prints out-of-fold figures first (5-fold cross-validation: tune, archive train). Then run `make accuracy`.
train-typer: install
	$(BIN)/python scripts/train_entity_typer.py --cross-validate 5

# The base package's NER fine-tuned on the same training documents (models/ner): silver entities
# (the base model's, corrected by our labels), then `spacy train configs/ner.cfg`. The typers read
# its entities: run `make train-typer` after it, then `make accuracy`.
train-ner: install
	$(BIN)/python scripts/train_ner.py

# After changing dependencies (or upgrading one in the venv): pin what the venv now holds.
constraints: install-test
	{ sed -n '1,2p' constraints.txt; echo "pip==$$($(BIN)/python -m pip --version | cut -d' ' -f2)"; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info src/*.egg-info
