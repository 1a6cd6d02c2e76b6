"""A table kept between stages as a Parquet dataset folder: one part per block of rows, written by whoever holds
the block (a Dask worker, or this process), with the run's fingerprint in every part's schema metadata; or as one
Parquet file with the same metadata under the same key. Readers take either.

Parts are written into a hidden staging folder beside the target, which then replaces an earlier dataset whole
(``files.replace_folder``): a reader finds the old dataset or the new one, never a mixture. The workers must see
that folder at the same path as this process (one machine, or a shared mount). Nothing here imports Dask.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.errors import InputDataError
from helpers.files import remove_path, remove_staging, replace_folder, writable_parent

# Zero-padded, so that every reader (pyarrow sorts a folder's files by name) takes the parts in order.
PART = "part.{:06d}.parquet"
_PART_NAME = re.compile(r"part\.\d+\.parquet")
# One key of the schema metadata holds the run's pairs (a file's or every part's), so that they never meet
# pandas' or Arrow's own keys.
METADATA_KEY = b"helpers.run"


def _with_metadata(table: pa.Table, metadata: dict[str, str]) -> pa.Table:
    if not all(isinstance(key, str) and isinstance(value, str) for key, value in metadata.items()):
        raise TypeError("dataset metadata maps text to text")
    return table.replace_schema_metadata({**(table.schema.metadata or {}), METADATA_KEY: json.dumps(metadata)})


def write_file(frame: pd.DataFrame, path: str | Path, metadata: dict[str, str]) -> Path:
    """``frame`` as one Parquet file, ``metadata`` in its schema as a dataset's parts hold it; a dataset folder
    of the same name is replaced."""
    path = Path(path)
    remove_path(path)
    pq.write_table(_with_metadata(pa.Table.from_pandas(frame, preserve_index=False), metadata), path)
    return path


def write_part(block: pd.DataFrame, folder: str, index: int, metadata: dict[str, str]) -> int:
    """Write ``block`` as part ``index`` of the dataset in ``folder``, ``metadata`` in its schema; its rows."""
    table = _with_metadata(pa.Table.from_pandas(block, preserve_index=False), metadata)
    pq.write_table(table, Path(folder) / PART.format(index))
    return len(block)


def write_blocks(folder: str | Path, metadata: dict[str, str], blocks: Iterable[pd.DataFrame]) -> Path:
    """``blocks`` written from this process as a dataset's parts, one part per block in order, each block in the
    first one's schema (a column missing throughout one block keeps its type): memory holds one block at a time,
    however many there are. Staged and put in place whole, as ``write_dataset``."""

    def write_parts(staging: str) -> None:
        schema = None
        for index, block in enumerate(blocks):
            table = pa.Table.from_pandas(block, preserve_index=False, schema=schema)
            schema = table.schema
            pq.write_table(_with_metadata(table, metadata), Path(staging) / PART.format(index))

    return write_dataset(folder, metadata, write_parts)


def _target(folder: Path) -> Path:
    """A folder a dataset may replace: new, empty, or an earlier dataset of parts; anything else is refused,
    because replacing it would delete the user's files."""
    if folder.is_dir():
        others = [entry.name for entry in folder.iterdir() if not _PART_NAME.fullmatch(entry.name)]
        if others:
            raise InputDataError(
                f"{folder} holds other files than dataset parts (such as {others[0]}); give a new or empty folder."
            )
    return writable_parent(folder)


def write_dataset(folder: str | Path, metadata: dict[str, str], write_parts: Callable[[str], object]) -> Path:
    """Have ``write_parts(staging)`` write the parts into a staging folder beside ``folder``, then put it in
    place of ``folder`` whole; nothing is left behind when writing fails."""
    _with_metadata(pa.table({}), metadata)  # the same check as every part's, before any work
    target = Path(folder).expanduser()
    if target.is_file():  # a hand-over written as a file by an earlier run of the same name
        target.unlink()
    target = _target(target)
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        write_parts(str(staging))
        replace_folder(staging, target)
    finally:
        remove_staging(staging)  # after a failure, workers may still be writing parts into it
    return target


def parts(folder: str | Path) -> list[Path]:
    """The dataset's parts in order; an error naming the folder when it holds none."""
    found = sorted(path for path in Path(folder).expanduser().glob("part.*.parquet") if _PART_NAME.fullmatch(path.name))
    if not found:
        raise InputDataError(f"{folder} holds no dataset parts (part.000000.parquet, ...).")
    return found


def dataset_metadata(folder: str | Path) -> dict[str, str]:
    """The metadata a dataset folder (from its first part's schema; every part holds the same) or a file was
    written with; empty when it holds none (written by someone else, or by an older version under another key)."""
    folder = Path(folder)
    first = parts(folder)[0] if folder.is_dir() else folder
    stored = (pq.read_schema(first).metadata or {}).get(METADATA_KEY)
    return json.loads(stored) if stored else {}


def row_count(folder: str | Path) -> int:
    """How many rows a dataset folder or file holds, from its parts' footers: nothing is read."""
    folder = Path(folder)
    return sum(pq.ParquetFile(part).metadata.num_rows for part in (parts(folder) if folder.is_dir() else [folder]))


def read_dataset(folder: str | Path) -> pd.DataFrame:
    """The whole dataset, a folder's parts in order or one file, as one pandas DataFrame."""
    folder = Path(folder)
    if not folder.is_dir():
        return pd.read_parquet(folder)
    return pd.concat([pd.read_parquet(part) for part in parts(folder)], ignore_index=True)
