"""Assign new customers to personas with the saved model, in chunks, never refitting anything.

Memory stays flat whatever the file size: the input is read in chunks (pyarrow
batches for Parquet, chunked CSV) and the output written chunk by chunk to a
temporary file that replaces the target only when every chunk succeeded.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers import columns, features, loading, model_store
from helpers.cleaning import within_bounds
from helpers.errors import InputDataError
from helpers.formatting import convert_amounts
from helpers.paths import output_file

CHUNK_ROWS = 100_000
ON_ERROR = ("fail", "skip")
OUTPUT_COLUMNS = ("ID", "persona_id", "persona", "action", "outside_training_range")


@dataclass
class ScoreSummary:
    rows_scored: int = 0
    rows_skipped: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows_scored / self.seconds if self.seconds else float("nan")


def _chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The input in chunks of at most ``chunk_rows`` rows, each indexed by its row position in the file."""
    if path.suffix.lower() == ".parquet":
        try:
            # pre_buffer keeps every row group's read cache until the file is closed:
            # memory would grow with the file instead of staying flat.
            batches = pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=chunk_rows)
        except Exception as error:  # pyarrow raises several unrelated types for a bad file
            raise InputDataError(f"{path} is not a readable Parquet file ({str(error).splitlines()[0]}).") from None
        batches = (batch.to_pandas() for batch in batches)
    else:
        header, separator = loading.sniff_csv(path)
        batches = pd.read_csv(path, sep=separator, encoding="utf-8-sig", chunksize=chunk_rows, low_memory=False)
    offset = 0
    for chunk in batches:
        chunk.index = pd.RangeIndex(offset, offset + len(chunk))
        offset += len(chunk)
        yield chunk


def _validated_chunks(path: Path, chunk_rows: int, date_order: str | None) -> Iterator[tuple]:
    """(row positions, valid rows, problems, currency) per chunk; the next chunk is read and
    validated on the second core while the caller scores the current one."""
    chunks = _chunks(path, chunk_rows)

    def read_next():
        chunk = next(chunks, None)
        return None if chunk is None else (chunk.index, *loading.canonical_rows(chunk, str(path), date_order))

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(read_next)
        while (item := pending.result()) is not None:
            pending = pool.submit(read_next)
            yield item


def _repeated_text(texts: list[str], positions: np.ndarray) -> pd.Categorical:
    """``texts[positions]`` as a categorical: a million copies of four strings cost
    a fifth of a second as strings, nothing as codes (Parquet stores a dictionary)."""
    codes, distinct = pd.factorize(pd.Series(texts))
    return pd.Categorical.from_codes(codes[positions], categories=distinct)


def score_table(model: dict, canonical: pd.DataFrame) -> pd.DataFrame:
    """Persona, action and outlier flag for canonical customers (the model is applied, never refitted)."""
    prepared = features.engineer_features(canonical, model["reference_year"])
    # One float block: scikit-learn then converts the frame without copying it column by column.
    matrix = pd.DataFrame(prepared.loc[:, model["feature_columns"]].to_numpy(dtype="float64"), columns=model["feature_columns"])
    segments = model["pipeline"].predict(matrix)
    persona_ids = np.asarray(model["segment_persona"])[segments]
    bounds = pd.DataFrame(model["iqr_bounds"], index=["lower", "upper"]).T
    return pd.DataFrame(
        {
            "ID": canonical[columns.ID].to_numpy(),
            "persona_id": persona_ids,
            "persona": _repeated_text(model["persona_names"], persona_ids - 1),
            "action": _repeated_text(model["persona_actions"], persona_ids - 1),
            # The training run filtered these customers out; they get the nearest persona all the same.
            "outside_training_range": ~within_bounds(prepared, bounds).to_numpy(),
        }
    )


class _Writer:
    """CSV or Parquet output written chunk by chunk into a temporary file."""

    def __init__(self, target: Path):
        self.target = target
        self.temporary = target.with_name(f".{target.name}.partial-{os.getpid()}")
        self.parquet = target.suffix.lower() == ".parquet"
        self._parquet_writer = None
        self._wrote_header = False

    def write(self, scored: pd.DataFrame) -> None:
        if self.parquet:
            table = pa.Table.from_pandas(scored, preserve_index=False)
            if self._parquet_writer is None:
                self._parquet_writer = pq.ParquetWriter(self.temporary, table.schema)
            self._parquet_writer.write_table(table)
        else:
            scored.to_csv(self.temporary, mode="a", header=not self._wrote_header, index=False, lineterminator="\n")
            self._wrote_header = True

    def commit(self) -> None:
        if self._parquet_writer is not None:
            self._parquet_writer.close()
        if not self.temporary.exists():  # no valid row at all: still a well-formed, empty result
            self.write(pd.DataFrame(columns=list(OUTPUT_COLUMNS)))
            if self._parquet_writer is not None:
                self._parquet_writer.close()
        os.replace(self.temporary, self.target)

    def abandon(self) -> None:
        if self._parquet_writer is not None:
            self._parquet_writer.close()
        self.temporary.unlink(missing_ok=True)


def _line(path: Path, index: int) -> str:
    return f"row {index + 1}" if path.suffix.lower() == ".parquet" else f"line {index + 2}"


def score_file(
    model_path: Path,
    data_path: Path,
    out_path: Path,
    on_error: str = "fail",
    chunk_rows: int = CHUNK_ROWS,
    date_order: str | None = None,
    progress: bool | None = None,
) -> ScoreSummary:
    """Score ``data_path`` into ``out_path`` (CSV or Parquet by extension); the output appears whole or not at all."""
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}")
    model = model_store.load(model_path)
    if not Path(data_path).is_file():
        raise InputDataError(f"{data_path} does not exist or is not a file.")
    progress = sys.stderr.isatty() if progress is None else progress
    summary = ScoreSummary()
    started = time.perf_counter()
    writer = _Writer(output_file(out_path))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" customers", file=sys.stderr)
    try:
        for positions, valid, problems, currency in _validated_chunks(Path(data_path), chunk_rows, date_order):
            # The scaler was fitted in the training data's currency.
            valid = convert_amounts(valid, columns.AMOUNTS, currency, model["currency"])
            if len(problems):
                located = [f"{_line(data_path, positions[i])}: {problem}" for i, problem in problems.itertuples(index=False)]
                if on_error == "fail":
                    shown = "; ".join(located[:5]) + (f"; and {len(located) - 5} more" if len(located) > 5 else "")
                    raise InputDataError(f"{data_path}: bad customer rows, nothing written ({shown}). Use --on-error skip to score the others.")
                summary.problems += located
                summary.rows_skipped += problems["index"].nunique()
            writer.write(score_table(model, valid))
            summary.rows_scored += len(valid)
            if bar is not None:
                bar.update(len(positions))
        writer.commit()
    except BaseException:
        writer.abandon()
        raise
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
