# The front door: `make report` runs the analysis, `make test` checks it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= data/customers.csv
OUT ?= outputs/report
K ?= 4
# Not LANG: that is the locale variable every shell already sets.
REPORT_LANG ?= en
# dmy or mdy, for files whose enrolment dates leave the day/month order open.
DATE_ORDER ?=
DATE_ORDER_OPTION := $(if $(DATE_ORDER),--date-order $(DATE_ORDER))
SEED ?= 2023
ROWS ?= 2240
STAMP := $(VENV)/.installed

.PHONY: setup report check test data clean

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency files change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

report: setup
	$(BIN)/python -m helpers report --data "$(DATA)" --out "$(OUT)" --k $(K) --lang $(REPORT_LANG) $(DATE_ORDER_OPTION)

check: setup
	$(BIN)/python -m helpers check --data "$(DATA)" --k $(K) $(DATE_ORDER_OPTION)

test: setup
	$(BIN)/python -m pytest

# Regenerates the embedded default data byte for byte.
data: setup
	$(BIN)/python -m helpers synth --rows $(ROWS) --seed $(SEED) --out data/customers.csv

clean:
	rm -rf outputs/report outputs/notebook-run

# A benchmark, not a test: times the report, the scorer and the seed method at 2,240,
# 100,000 and 1,000,000 customers (10,000,000 with --with-10m) and prints a table
# (results from the development machine: docs/benchmarks.md).
# make bench BENCH_ARGS="--with-10m --markdown"
BENCH_ARGS ?=
.PHONY: bench
bench: setup
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
