# presswatch: `make install` sets up what running presswatch needs (idempotent; leaves .venv/bin/presswatch);
# `make test` adds the test and Spark extras, Java and Chromium; `make demo` needs neither.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install chromium demo test evaluate train benchmark clean

install: build-tools $(STAMP)

.PHONY: java
java:  # Spark (presswatch spark, its tests) needs a JRE: installed from Debian only when absent
	@scripts/ensure-java.sh

chromium:  # Debian's, for the browser tests
	@sh scripts/ensure-chromium.sh

.PHONY: build-tools
build-tools:  # a C compiler and SQLite's headers, for the ranking function pip builds
	@sh scripts/ensure-build-tools.sh

$(STAMP): pyproject.toml src/presswatch/store/rank.c
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)  # pytest, hypothesis, playwright and pyspark: for the tests (and the Spark benchmark)
	$(BIN)/python -m pip install --quiet -e ".[test,spark]"
	@touch $(TEST_STAMP)

DEMO_DB ?= out/demo.db
DEMO_PORT ?= 8000
demo: install  # the bundled sample, ingested, then served: the dashboard and the API on this machine
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/presswatch ingest sample/ --db $(DEMO_DB) --workers 1
	@echo "presswatch dashboard: http://127.0.0.1:$(DEMO_PORT)/   API docs: http://127.0.0.1:$(DEMO_PORT)/docs   (Ctrl-C stops it)"
	$(BIN)/presswatch serve --db $(DEMO_DB) --port $(DEMO_PORT)

test: install java chromium $(TEST_STAMP)
	$(BIN)/python -m pytest

# Figures on the shared dev set and on each split of tests/gold (docs/evaluation.md); the test split
# is scored, its errors are never shown. `presswatch evaluate tests/gold/dev --errors` lists what to fix.
evaluate: install
	$(BIN)/presswatch evaluate ../shared/data/dev tests/gold/train tests/gold/dev tests/gold/test

# The learned components (scripts/train.py): fitted on tests/gold/train, regularised on tests/gold/dev,
# written to src/presswatch/lexicon/models/ with the hash of the gold they came from.
train: install
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python scripts/train.py

benchmark: install java $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[baseline]"
	$(BIN)/python benchmarks/startup.py --json benchmarks/results/startup.json
	$(BIN)/python benchmarks/extract_speed.py --json benchmarks/results/extract_speed.json
	$(BIN)/python benchmarks/underthesea_baseline.py --json benchmarks/results/underthesea_baseline.json
	$(BIN)/python benchmarks/spark_speed.py --json benchmarks/results/spark_speed.json
	$(BIN)/python benchmarks/html_speed.py --json benchmarks/results/html_speed.json

# atheris harnesses of fuzz/, FUZZ_SECONDS each; a crash stops it and is saved in fuzz/crashes/.
FUZZ_SECONDS ?= 60
HARNESSES := read html extract
.PHONY: fuzz
fuzz: install
	$(BIN)/python -m pip install --quiet -e ".[fuzz]"
	@mkdir -p fuzz/crashes $(addprefix fuzz/corpus/,$(HARNESSES))
	@for h in $(HARNESSES); do \
		echo "fuzz_$$h: $(FUZZ_SECONDS) s"; \
		$(BIN)/python fuzz/fuzz_$$h.py -max_total_time=$(FUZZ_SECONDS) -timeout=60 -rss_limit_mb=4096 \
			-artifact_prefix=fuzz/crashes/ fuzz/corpus/$$h > fuzz/crashes/$$h.log 2>&1 || { tail -40 fuzz/crashes/$$h.log; exit 1; }; \
		tail -1 fuzz/crashes/$$h.log; \
	done

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis
