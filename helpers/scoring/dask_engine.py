"""Assign customers to personas on Dask: one task per piece of the input (a Parquet row group, or a whole
file), each validating its rows exactly as the single-process scorer does and applying the saved model,
never refitted; the worker writes its result as one part of a Parquet dataset.

Parts go to a hidden staging folder beside the output, so the workers and this process must see the same
file system there (one machine, or a shared mount), as they must see the input and the model. The output
appears whole or not at all: a dataset folder is moved into place by renaming (an earlier output is
replaced only then), and a single CSV or Parquet file is streamed together from the parts, in order, by the
writer the single-process scorer uses. When a worker dies the scheduler runs its task again elsewhere; a
part is written under a temporary name and renamed, so a rerun never meets half a file.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from distributed import as_completed
from distributed.client import FuturesCancelledError
from distributed.comm import CommClosedError
from distributed.scheduler import KilledWorker

from helpers import config
from helpers.data import sources, tables
from helpers.engine.cluster import dashboard_link, dask_client
from helpers.errors import EngineError, InputDataError
from helpers.files import output_file, remove_staging, replace_folder, writable_parent
from helpers.scoring.pandas_engine import (
    DEFAULT_OPTIONS,
    ScoreSummary,
    ScoringOptions,
    ScoringRun,
    check_chunk,
    load_model,
    output_columns,
    problem_source,
    record_problems,
    score_table,
)

# Zero-padded, so every reader (pyarrow sorts a folder's files by name) takes the parts in order.
_PART = "part.{:06d}.parquet"
_PART_NAME = re.compile(r"part\.\d+\.parquet")


@dataclass
class PieceResult:
    """What one task did: rows read and scored, and its bad rows, located; ``refused`` when it stopped at
    bad rows under ``--on-error fail`` and wrote nothing."""

    index: int
    rows_read: int = 0
    rows_scored: int = 0
    problems: list[str] = field(default_factory=list)
    rows_skipped: int = 0
    refused: bool = False


@functools.cache
def _worker_model(model_path: str, version: tuple, labels: tuple[tuple[str, ...], tuple[str, ...]]) -> dict:
    # Loaded once per worker process (and again by a worker that replaces a dead one), with the same
    # checks as on the command line; ``version`` makes a replaced model file load anew. ``labels``: the persona
    # names and actions the command asked for, so that a worker needs no language of its own.
    names, actions = labels
    return {**load_model(Path(model_path)), "persona_names": list(names), "persona_actions": list(actions)}


def score_piece(
    piece: sources.Piece,
    index: int,
    *,
    model_path: str,
    model_version: tuple,
    labels: tuple,
    collection: bool,
    staging: str,
    chunk_rows: int,
    date_order: str | None,
    sheet: str | None,
    on_error: str,
) -> PieceResult:
    """Validate and score one piece into ``staging``/part.N.parquet (runs on a worker)."""
    model = _worker_model(model_path, model_version, labels)
    result = PieceResult(index)
    part = Path(staging) / _PART.format(index)
    checked_chunks = (
        check_chunk(chunk, piece.file, collection, model["currency"], date_order)
        for chunk in sources.read_piece_chunks(piece, chunk_rows, sheet)
    )
    first = next(checked_chunks, None)
    if first is None:  # a piece without rows writes no part, rather than one of untyped columns
        return result
    if not part.parent.is_dir():  # the run has stopped and removed its staging folder: write nothing
        return result
    summary = ScoreSummary()
    with tables.ChunkedTableWriter(part, (".parquet",), columns=output_columns(model)) as writer:
        for checked in itertools.chain([first], checked_chunks):
            result.rows_read += checked.rows_read
            if checked.problems and on_error == "fail":
                # The run stops; its staging folder, this part included, is removed.
                result.problems, result.refused = checked.problems, True
                return result
            record_problems(summary, checked.problems, checked.rows_skipped, on_error, piece.file.path)
            writer.write(score_table(model, checked.valid))
            result.rows_scored += len(checked.valid)
    result.problems, result.rows_skipped = summary.problems, summary.rows_skipped
    return result


def _dataset_target(path: Path) -> Path:
    """A folder the scored dataset may replace: new, empty, or an earlier scored dataset."""
    if path.is_dir():
        others = [entry.name for entry in path.iterdir() if not _PART_NAME.fullmatch(entry.name)]
        if others:
            raise InputDataError(
                f"{path} is a folder holding other files than scored parts (such as {others[0]}); give a new or "
                "empty folder, an earlier scoring output, or a .csv or .parquet file name."
            )
    return writable_parent(path)


def _run_tasks(
    client, source: sources.CustomerSource, summary: ScoreSummary, on_error: str, bar, **task_options
) -> dict[int, PieceResult]:
    """Every piece's result; under ``--on-error fail`` the run stops at the first piece, in input order,
    that holds bad rows (later pieces are cancelled, earlier ones finish so the choice does not depend on
    which worker was faster)."""
    pieces = source.pieces()
    futures = client.map(
        score_piece,
        pieces,
        range(len(pieces)),
        pure=False,
        collection=source.collection,
        on_error=on_error,
        **task_options,
    )
    piece_of = {future.key: piece for future, piece in zip(futures, pieces)}
    results: dict[int, PieceResult] = {}
    first_refused = None
    try:
        for future in as_completed(futures):
            if future.cancelled():
                continue
            try:
                result = future.result()
            except KilledWorker as error:
                piece = piece_of.get(error.task)
                where = "the input" if piece is None else piece.file.path
                if piece is not None and piece.row_group is not None:
                    where = f"{where} (row group {piece.row_group})"
                raise EngineError(
                    f"Dask workers died while scoring {where}, more often than the scheduler retries; nothing "
                    "written (out of memory? try a larger --memory-limit or smaller Parquet row groups)."
                ) from None
            results[result.index] = result
            if bar is not None:
                bar.update(result.rows_read)
            if result.refused and (first_refused is None or result.index < first_refused):
                first_refused = result.index
                client.cancel(futures[first_refused + 1 :])
    except (CommClosedError, FuturesCancelledError) as error:
        raise EngineError(f"lost the Dask scheduler while scoring ({error}); nothing written.") from None
    finally:
        client.cancel(futures)
    if first_refused is not None:
        refused = results[first_refused]
        where = problem_source(source, pieces[first_refused].file)
        record_problems(summary, refused.problems, 0, on_error, where)
    return results


def score_on_dask(
    model_path: Path,
    data_path: Path,
    out_path: Path,
    options: ScoringOptions = DEFAULT_OPTIONS,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str | None = None,
    announce=print,
) -> ScoreSummary:
    """Score ``data_path`` (a file, a Parquet dataset folder or a glob) into ``out_path`` on Dask: a Parquet
    dataset when it is a folder or has no extension, else one CSV or Parquet file, the same rows in the same
    order with the same values as ``pandas_engine.score_file``. ``announce`` gets the dashboard's address."""
    run = ScoringRun.begin(model_path, data_path, options)
    model, source, summary = run.model, run.source, run.summary
    out_path = Path(out_path).expanduser()
    dataset = out_path.is_dir() or not out_path.suffix
    target = _dataset_target(out_path) if dataset else output_file(out_path)
    staging = target.with_name(f".{target.name}.parts-{os.getpid()}")
    try:
        staging.mkdir()
        machine = config.ClusterSize.of_machine(workers)
        with dask_client(scheduler, machine.workers, memory_limit or machine.memory_limit) as client:
            if link := dashboard_link(client):
                announce(f"Dask dashboard: {link}")
            run.show_progress(options)
            stat = Path(model_path).stat()
            results = _run_tasks(
                client,
                source,
                summary,
                options.on_error,
                run.bar,
                model_path=str(Path(model_path).resolve()),
                model_version=(stat.st_mtime_ns, stat.st_size),
                labels=(tuple(model["persona_names"]), tuple(model["persona_actions"])),
                staging=str(staging),
                chunk_rows=options.chunk_rows,
                date_order=options.date_order,
                sheet=options.sheet,
            )
        for index in sorted(results):
            summary.problems += results[index].problems
            summary.rows_skipped += results[index].rows_skipped
            summary.rows_scored += results[index].rows_scored
        _assemble(staging, target, dataset, output_columns(model), options.chunk_rows)
    finally:
        run.end()
        remove_staging(staging)  # after a failure, workers may still be writing parts into it
    return summary


def _assemble(staging: Path, target: Path, dataset: bool, columns: tuple[str, ...], chunk_rows: int) -> None:
    """Put the parts in place as a dataset folder, or stream them in order into one file."""
    # Temporary files of attempts cut short by a dying worker; their tasks ran again elsewhere.
    for leftover in staging.glob(".*"):
        leftover.unlink()
    parts = sorted(staging.iterdir())
    if dataset:
        if not parts:  # no customer at all: still a readable, empty dataset
            with tables.ChunkedTableWriter(staging / _PART.format(0), (".parquet",), columns=columns):
                pass
        replace_folder(staging, target)
        return
    with tables.ChunkedTableWriter(target, columns=columns) as writer:
        for part in parts:
            for chunk in tables.read_parquet_chunks(part, chunk_rows):
                writer.write(chunk)
