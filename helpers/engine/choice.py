"""The engine a command runs on: pandas in this process, or Dask; and the rule ``auto`` follows."""

from __future__ import annotations

from pathlib import Path

from helpers import config
from helpers.data import sources


def choose_engine(engine: str, data_path: str | Path, scheduler: str | None = None) -> tuple[str, str]:
    """``("pandas" | "dask", why)``: ``engine`` itself unless it is ``auto``.

    auto picks Dask when a scheduler is given, when the input is a folder or a glob, or when it is one
    Parquet file of at least ``config.DASK_AUTO_ROWS`` customers (from its metadata, nothing else is read);
    pandas otherwise. One CSV or workbook stays with pandas: Dask would read it as a single task.
    """
    if engine != "auto":
        return engine, f"--engine {engine}"
    if scheduler:
        return "dask", "a scheduler was given"
    if sources.is_collection(data_path):
        return "dask", "the input is a folder or a glob of files"
    source = sources.open_source(data_path)
    rows = source.parquet_rows()
    if rows is not None and rows >= config.DASK_AUTO_ROWS:
        return "dask", f"the input holds {rows:,} customers, at least {config.DASK_AUTO_ROWS:,}"
    return "pandas", "one file below the size at which Dask pays"
