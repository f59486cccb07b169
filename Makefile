# khabar: set-up, demo, tests and benchmarks. `make demo` and `make test` work on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: venv demo test lint bench clean

$(BIN)/khabar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(BIN)/khabar

venv: $(BIN)/khabar

demo: venv
	$(BIN)/khabar analyze examples/article.txt --published 2025-03-16 --format text
	$(BIN)/khabar ingest examples/articles.jsonl --quiet
	$(BIN)/khabar threads --format text

test: venv
	bash scripts/ensure-postgres.sh
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check src tests bench

# Every benchmark runs; those that miss their target are listed at the end (and fail the target).
bench: venv
	@missed=""; for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b --data $(SHARED)/data || missed="$$missed $$b"; done; \
	if [ -n "$$missed" ]; then echo "missed or failed:$$missed"; exit 1; fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
