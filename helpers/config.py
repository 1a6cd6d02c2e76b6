"""Every default a run has and every project path, declared once.

The command line builds its run-setting options from ``RunSettings`` (flag, parser,
choices, default and help), the notebooks' ``parameters`` cells hold the same names and
defaults (a test reads them with papermill), and the Makefile passes an option only when
it is set, so nothing here is written twice.

This module imports nothing heavy: ``python -m helpers --help`` reads it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from helpers import option_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_DATA = PROJECT_ROOT / "data" / "customers.csv"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
DEFAULT_REPORT_DIR = OUTPUTS_DIR / "report"
# The real dataset, beside the project on development machines only: never shipped, tests skip without it.
REAL_DATA = PROJECT_ROOT.parent / "shared" / "data" / "marketing_campaign_data.csv"
# Where a notebook opened by hand in Jupyter writes (its parameters cell's output_dir).
NOTEBOOK_RUN_DIR = "outputs/notebook-run"

# The report's stages, in the order they run: one notebook each in notebooks/.
STAGE_IDS = (
    "00_problem_statement",
    "01_data_preparation",
    "02_exploratory_analysis",
    "03_modeling",
    "04_persona_analysis",
    "05_recommendations",
)
# The report speaks English, in which its messages are written, and each language with a gettext catalog here
# (helpers/story/translation.py reads them): a new language is a catalog, not code.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES = (SOURCE_LANGUAGE, *sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")))
DATE_ORDERS = ("dmy", "mdy")
# Every k the modeling stage scores; the chosen k must be one of them.
K_RANGE = range(2, 11)
# Seconds a notebook cell may run before its stage fails.
CELL_TIMEOUT = 600

# A persona of fewer customers is too small to act on: a bootstrap over a handful of customers gives an interval
# that means little, so the page marks it, calls its interval unreliable, and no persona plan picks it.
MIN_PERSONA_CUSTOMERS = 30

# The scorer reads and writes this many customers at a time.
SCORING_CHUNK_ROWS = 100_000
ON_ERROR = ("fail", "skip")
# Who runs the whole-table passes: pandas in one process, or Dask on a cluster; auto decides from the input.
ENGINES = ("auto", "pandas", "dask")
# auto picks Dask for an input of at least this many customers (a file, a folder or a glob; Parquet rows from the
# files' metadata, other files estimated from their bytes), or when a scheduler is given; pandas otherwise.
DASK_AUTO_ROWS = 20_000_000
# A CSV holds no row count: auto estimates one from its size. The embedded data takes 118 bytes a customer;
# a smaller figure would send smaller files to Dask.
CSV_BYTES_PER_CUSTOMER = 120
# Without --scheduler, --workers or --memory-limit: a LocalCluster sized from the machine, one single-threaded
# worker process per core this process may use, together given this share of the machine's memory (the rest is
# for the command, its kernels and the system), none more than the bound the scale targets set on any process;
# each spills to disk as it nears its limit.
DASK_MACHINE_MEMORY_SHARE = 0.6
DASK_MAX_WORKER_MEMORY = 8 * 2**30
# Below this a worker process spends its memory on itself (Python, pandas, Dask) and pauses before any task.
DASK_MIN_MEMORY_LIMIT = "256MiB"
# Seconds to reach a running scheduler before giving up.
DASK_CONNECT_TIMEOUT = 10


@dataclass(frozen=True)
class ClusterSize:
    """The local cluster a Dask run starts when no scheduler is given: options of the command, not run settings
    (no result depends on them)."""

    workers: int
    memory_limit: str

    @classmethod
    def of_machine(cls, workers: int | None = None, cores: int | None = None, memory: int | None = None):
        """``workers`` (by default one per core) sharing ``DASK_MACHINE_MEMORY_SHARE`` of the machine's ``memory``
        (bytes; by default the machine's), each at most ``DASK_MAX_WORKER_MEMORY``."""
        import psutil  # distributed's own dependency; only a command that may start a cluster asks

        if cores is None:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        workers = workers or cores
        memory = memory if memory is not None else psutil.virtual_memory().total
        each = min(DASK_MAX_WORKER_MEMORY, int(memory * DASK_MACHINE_MEMORY_SHARE / workers))
        each = max(each, option_values.size_in_bytes(DASK_MIN_MEMORY_LIMIT))
        return cls(workers, f"{each // 2**20}MiB")


# The synthetic generator's defaults: the embedded data is 2,240 customers from seed 2023.
SYNTHETIC_ROWS = 2_240
SYNTHETIC_SEED = 2023
SYNTHETIC_LAYOUTS = ("rakamin", "original")


def _parameter(default, help_text: str, flag: str, **command_line):
    """A run setting: its default, its help, and how the command line takes it.

    ``command_line`` holds what argparse needs beyond flag, default and help: ``type`` (a parser from
    ``option_values``), ``choices``, or ``action="store_true"``; ``path=True`` when the command line hands
    it on as an absolute path; ``command_line_default`` when a run from the command line writes elsewhere
    than a notebook opened by hand, and ``command_line_help`` when the option says more than the notebook's comment.
    """
    return field(default=default, metadata={"help": help_text, "flag": flag, **command_line})


@dataclass(frozen=True)
class RunSettings:
    """The parameters of one report run: what papermill passes to every stage notebook.

    Each notebook's cell tagged ``parameters`` declares exactly these names with
    these defaults and each help as its comment (``tests/test_notebooks.py`` checks
    names and defaults); ``python -m helpers report`` has one option per field.
    """

    data_path: str = _parameter(
        "",
        "customer table (CSV, compressed CSV, Excel or Parquet), or a folder or glob of them; empty: the embedded data",
        "--data",
        path=True,
    )
    output_dir: str = _parameter(
        NOTEBOOK_RUN_DIR,
        "output folder: new, empty, or an earlier report (a report run replaces it as a whole)",
        "--out",
        path=True,
        command_line_default=str(DEFAULT_REPORT_DIR),
    )
    n_clusters: int = _parameter(
        4,
        f"number of personas (k), as the published analysis; {K_RANGE.start} to {K_RANGE.stop - 1}",
        "--k",
        type=option_values.cluster_count(K_RANGE),
    )
    random_state: int = _parameter(
        123,
        "seed of every random choice (K-Means, samples, bootstrap)",
        "--random-state",
        type=option_values.non_negative_int,
    )
    reference_year: int = _parameter(
        2023,
        "ages and membership are counted to this year, never to today",
        "--reference-year",
        type=option_values.positive_int,
    )
    date_order: str = _parameter(
        "",
        'day/month order of Dt_Customer ("dmy" or "mdy") when no date has a field above 12; empty: inferred',
        "--date-order",
        choices=DATE_ORDERS,
    )
    lang: str = _parameter(
        SOURCE_LANGUAGE,
        "language of the report: en, or one with a catalog in helpers/locale",
        "--lang",
        choices=LANGUAGES,
    )
    sampling_threshold: int = _parameter(
        5_000,
        "above this many customers the k search, silhouettes and response validation use a sample",
        "--sampling-threshold",
        type=option_values.positive_int,
    )
    sample_rows: int = _parameter(
        250_000,
        "customers learned from: at most this many, picked by ID hash; every customer is still counted",
        "--sample-rows",
        type=option_values.positive_int,
    )
    contact_cost: float | None = _parameter(
        None,
        "cost of contacting one customer; unset (None): the file's Z_CostContact, 3 without it",
        "--contact-cost",
        type=option_values.cost,
    )
    revenue: float | None = _parameter(
        None,
        "revenue of one accepted offer; unset (None): the file's Z_Revenue, 11 without it",
        "--revenue",
        type=option_values.revenue,
    )
    budget: float | None = _parameter(
        None,
        "money for contacts, in the profit's units: the plan contacts the best customers it pays for; None: no limit",
        "--budget",
        type=option_values.budget,
        metavar="AMOUNT",
    )
    max_contacts: int | None = _parameter(
        None,
        "at most this many contacts: the plan contacts the best customers up to it; None: no limit",
        "--max-contacts",
        type=option_values.positive_int,
        metavar="N",
    )
    sheet: str = _parameter("", "Excel workbooks: the sheet to read; empty means the first", "--sheet")
    impute_income: bool = _parameter(
        False,
        "keep customers without an income, with the median income, instead of leaving them out as the seed did",
        "--impute-income",
        action="store_true",
    )
    previous: str = _parameter(
        "",
        "an earlier report folder: what changed since it, who moved, whether its plan paid off; empty: none",
        "--previous",
        path=True,
    )

    engine: str = _parameter(
        "auto",
        'who runs the whole-table passes: "pandas" (one process), "dask" (a cluster), "auto" (by input size)',
        "--engine",
        choices=ENGINES,
    )
    scheduler: str = _parameter(
        "",
        "the Dask scheduler's address (tcp://host:8786); the report command sets it for the Dask engine",
        "--scheduler",
        type=option_values.scheduler_address,
        metavar="ADDRESS",
        command_line_help="a running Dask scheduler, such as tcp://10.0.0.5:8786 (default with the Dask engine: "
        "start a local cluster)",
    )

    def as_parameters(self) -> dict:
        """The settings as papermill parameters (plain values, paths as text)."""
        return {name: getattr(self, name) for name in parameter_names()}


def settings_from(namespace: dict) -> RunSettings:
    """The run settings held by a notebook's variables (its parameters cell, as papermill filled it in)."""
    return RunSettings(**{name: namespace[name] for name in parameter_names()})


def parameter_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(RunSettings))


def _setting(name: str):
    return next(f for f in fields(RunSettings) if f.name == name)


def default(name: str):
    """The default of one run setting."""
    return _setting(name).default


def help_text(name: str) -> str:
    """The help of one run setting, as the command line and the notebooks show it."""
    return _setting(name).metadata["help"]


def command_line(name: str) -> Mapping:
    """How the command line takes one run setting: its flag and the rest of its declaration (``_parameter``)."""
    return _setting(name).metadata


def anchored(path: str | Path) -> Path:
    """Absolute path; a relative one is taken from the project root, whatever the working folder."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def data_file(data_path: str | Path | None) -> Path:
    """The input table: the given path, or the embedded default data when empty."""
    if data_path in (None, ""):
        return DEFAULT_DATA
    return anchored(data_path)
