"""The engine a run or a command works on: pandas in one process, or Dask; and the rule ``auto`` follows."""

from __future__ import annotations

from pathlib import Path

from helpers import config
from helpers.data import sources
from helpers.errors import InputDataError


def estimated_customers(data_path: str | Path, sheet: str | None = None) -> tuple[int, bool]:
    """``(customers, exact)`` in the input: Parquet files count from their metadata (nothing else is read),
    other files are estimated from their size (``config.CSV_BYTES_PER_CUSTOMER``)."""
    customers, exact = 0, True
    for file in sources.open_source(data_path, sheet).files:
        if file.table.file_format == "parquet":
            customers += sources.parquet_rows(file.path)
        else:
            customers += file.path.stat().st_size // config.CSV_BYTES_PER_CUSTOMER
            exact = False
    return customers, exact


def choose_engine(
    engine: str, data_path: str | Path, scheduler: str | None = None, sheet: str | None = None
) -> tuple[str, str]:
    """``("pandas" | "dask", why)``: ``engine`` itself unless it is ``auto``.

    auto picks Dask when a scheduler is given, or when the input (a file, a folder or a glob) holds at least
    ``config.DASK_AUTO_ROWS`` customers; pandas otherwise: below that size a cluster costs more than it saves.
    """
    if engine != "auto":
        return engine, f"--engine {engine}"
    if scheduler:
        return "dask", "a scheduler was given"
    customers, exact = estimated_customers(data_path, sheet)
    held = f"{customers:,}" if exact else f"about {customers:,}"
    if customers >= config.DASK_AUTO_ROWS:
        return "dask", f"the input holds {held} customers, at least {config.DASK_AUTO_ROWS:,}"
    return "pandas", f"the input holds {held} customers, below the {config.DASK_AUTO_ROWS:,} at which Dask pays"


def stage_engine(engine: str, scheduler: str, data_path: str | Path, sheet: str | None = None) -> str:
    """The engine a stage notebook runs on: ``auto`` resolved as the command resolves it; Dask only with the
    address of the run's scheduler (a kernel never starts a cluster of its own)."""
    chosen, _ = choose_engine(engine, data_path, scheduler or None, sheet)
    if chosen == "dask" and not scheduler:
        raise InputDataError(
            "the Dask engine needs a running scheduler: set scheduler to its address (tcp://host:8786), or run the "
            "whole report with `python -m helpers report`, which starts one."
        )
    return chosen
