# Two commands do all the set-up: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin

# Offline at run time: no model hub, no analytics, no telemetry.
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run ask test eval baseline screenshots install install-test bench clean train-reader

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The web app on http://127.0.0.1:7860 (the sample is indexed on first use). `make ask` is the terminal.
run: install
	$(BIN)/jiyao ui

ask: install
	$(BIN)/jiyao ask

screenshots: install-test
	$(BIN)/python -m ui.screenshots docs/screenshots

test: install-test
	$(BIN)/python -m pytest -q

# The regression set against the stored baseline: exit 1 when a metric drops beyond tolerance.
eval: install
	$(BIN)/jiyao eval --baseline data/eval/baseline.json --report eval-report.md

# Accept the current results as the new baseline (after checking `make eval`'s report).
baseline: install
	$(BIN)/jiyao eval --json > data/eval/baseline.json.tmp && mv data/eval/baseline.json.tmp data/eval/baseline.json

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/retrieval.py
	$(BIN)/python benchmarks/latency.py
	$(BIN)/python benchmarks/library.py
	$(BIN)/python benchmarks/llm_overhead.py
	$(BIN)/python benchmarks/corrections.py
	$(BIN)/python benchmarks/embedding_server.py
	$(BIN)/python benchmarks/vcsum.py

clean:
	rm -rf $(VENV) $(TRAIN_VENV) .pytest_cache

# Train the reader (docs/reader.md): torch only here, in a venv of its own; the app and the tests never need it.
# The public sets are read from bare git mirrors of their repositories (TRAIN_MIRROR/owner+name).
TRAIN_VENV   ?= .venv-train
TRAIN_MIRROR ?= /work/.mirror

$(TRAIN_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install -q --disable-pip-version-check -e '.[train]'
	touch $@

train-reader: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python -m training.public_sets --mirror $(TRAIN_MIRROR) --out .cache/train/public.jsonl
	$(TRAIN_VENV)/bin/python -m training.train --out data/reader
