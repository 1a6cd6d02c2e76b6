# The front door: `make report` runs the analysis, `make test` checks it (lint included).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Options passed on only when set. Their defaults are declared once, in helpers/config.py;
# `.venv/bin/python -m helpers report --help` shows them.
DATA ?=
OUT ?=
K ?=
# Not LANG: that is the locale variable every shell already sets.
REPORT_LANG ?=
# dmy or mdy, for files whose enrolment dates leave the day/month order open.
DATE_ORDER ?=
# The sheet of an Excel workbook (default: the first).
SHEET ?=
# Set to 1 to keep customers without an income (median income) instead of leaving them out.
IMPUTE_INCOME ?=
# At most this many customers, picked by a hash of their ID, are learned from (default 250,000).
SAMPLE_ROWS ?=
ROWS ?=
SEED ?=
# Campaign economics: cost per contact and revenue per acceptance (default: the file's Z_CostContact, Z_Revenue).
CONTACT_COST ?=
REVENUE ?=
# A plan within a budget (money for contacts, in the same units) or at most this many contacts, beside the plan
# without a limit.
BUDGET ?=
MAX_CONTACTS ?=
# An earlier report folder: the new report says what changed since it.
PREVIOUS ?=
# Who runs the whole-table passes: pandas, dask or auto (by the input's size); a running Dask scheduler's address;
# the local cluster's worker processes and memory per worker.
ENGINE ?=
SCHEDULER ?=
WORKERS ?=
MEMORY_LIMIT ?=

option = $(if $(2),$(1) "$(2)")
DATA_OPTIONS = $(call option,--data,$(DATA)) $(call option,--date-order,$(DATE_ORDER)) \
	$(call option,--sheet,$(SHEET)) $(if $(IMPUTE_INCOME),--impute-income)
REPORT_OPTIONS = $(DATA_OPTIONS) $(call option,--out,$(OUT)) $(call option,--k,$(K)) \
	$(call option,--lang,$(REPORT_LANG)) $(call option,--contact-cost,$(CONTACT_COST)) \
	$(call option,--revenue,$(REVENUE)) $(call option,--previous,$(PREVIOUS)) \
	$(call option,--budget,$(BUDGET)) $(call option,--max-contacts,$(MAX_CONTACTS)) \
	$(call option,--sample-rows,$(SAMPLE_ROWS)) \
	$(call option,--engine,$(ENGINE)) $(call option,--scheduler,$(SCHEDULER)) \
	$(call option,--workers,$(WORKERS)) $(call option,--memory-limit,$(MEMORY_LIMIT))

.PHONY: setup report check test lint format data clean bench translations

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency files change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

report: setup
	$(BIN)/python -m helpers report $(REPORT_OPTIONS)

check: setup
	$(BIN)/python -m helpers check $(DATA_OPTIONS) $(call option,--k,$(K)) $(call option,--lang,$(REPORT_LANG))

test: setup lint
	$(BIN)/python -m pytest

# ruff, and the layers declared in pyproject.toml ([tool.importlinter]): no module imports a layer above its own.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The messages a reader sees, extracted from the code into the template, and every language's catalog brought up
# to date with it (new messages empty, for a translator; gone ones dropped). A new language: pybabel init -l ms
# -i helpers/locale/messages.pot -d helpers/locale, then translate helpers/locale/ms/LC_MESSAGES/messages.po.
translations: setup
	$(BIN)/pybabel -q extract -F babel.cfg -k Nn_:1,2 -c TRANSLATORS: --add-location=file --sort-by-file -w 120 \
		--project=customer-personas -o helpers/locale/messages.pot .
	$(BIN)/pybabel -q update -i helpers/locale/messages.pot -d helpers/locale --no-fuzzy-matching \
		--ignore-obsolete -w 120

# Regenerates the embedded default data byte for byte.
data: setup
	$(BIN)/python -m helpers synth --out data/customers.csv $(call option,--rows,$(ROWS)) $(call option,--seed,$(SEED))

clean:
	rm -rf outputs/report outputs/notebook-run

# A benchmark, not a test: times the report, the scorer and the seed method at 2,240,
# 100,000 and 1,000,000 customers (10,000,000 with --with-10m), and the report on pandas
# beside Dask (LocalCluster and a scheduler of its own) at 200,000 and 1,000,000, and prints
# tables (results from the development machine: docs/benchmarks.md).
# make bench BENCH_ARGS="--with-10m --markdown"
BENCH_ARGS ?=
bench: setup
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
