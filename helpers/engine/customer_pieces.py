"""The customers of one piece of the input (a Parquet row group or a whole file), read and validated as the
scorer validates them, and what an engine learns of every piece before it builds a table.

Both engines read through here, the pandas one piece after piece and the Dask one a task per piece, so they
accept the same inputs, refuse the same rows with the same one-line message, and build the same rows with
the same types. Nothing here imports Dask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import config
from helpers.data import columns, loading, sources
from helpers.data.currency import PLAIN, RUPIAH, convert_amounts
from helpers.engine import parquet_dataset
from helpers.errors import InputDataError

# Located bad rows a message names before it says how many more there are.
NAMED_PROBLEMS = 5


@dataclass(frozen=True)
class PieceFacts:
    """What one piece held: its file, its valid customers, their currency and layout, its bad rows (located:
    ``lake/part.1.parquet row 4: Income must be numeric ('lots')``), the types the schema gave its columns
    (name and dtype pairs, so that facts compare equal) and its enrolment dates' format (empty when read date by
    date)."""

    file: str
    rows: int
    currency: str
    layout: str
    problems: tuple[str, ...]
    dtypes: tuple[tuple[str, object], ...]
    date_format: str = ""


@dataclass(frozen=True)
class CheckedPiece:
    """A piece's valid customers (amounts in the piece's own currency) and its facts."""

    rows: pd.DataFrame
    facts: PieceFacts


@dataclass(frozen=True)
class CustomerTable:
    """The canonical customers an engine read: ``table`` (a pandas DataFrame, or a Dask DataFrame that stays on
    the workers), their number, the currency of every amount in it (the first piece's), and each piece's facts,
    so that a report can say which files were in another currency and converted."""

    table: Any
    rows: int
    currency: str
    pieces: tuple[PieceFacts, ...]

    @property
    def layouts(self) -> tuple[str, ...]:
        """The layouts the input came in (``rakamin``, ``original``), in order of first appearance."""
        return tuple(dict.fromkeys(piece.layout for piece in self.pieces))

    @property
    def converted_files(self) -> tuple[str, ...]:
        """The files whose amounts were converted to ``currency``."""
        return tuple(dict.fromkeys(p.file for p in self.pieces if p.currency != self.currency))


def pieces_with_rows(source: sources.CustomerSource) -> list[sources.Piece]:
    """The source's pieces in input order, but the Parquet row groups its metadata says are empty (an empty
    piece has no rows to tell its layout by); an error when no piece holds a customer."""
    pieces = [piece for piece in source.pieces() if piece.rows != 0]
    if not pieces:
        raise InputDataError(f"{source.given} holds no customer rows.")
    return pieces


def check_piece(piece: sources.Piece, collection: bool, date_order: str | None, sheet: str | None) -> CheckedPiece:
    """Read ``piece`` whole and validate it with ``loading.canonical_rows``, as the scorer validates a chunk.

    The piece is validated as one table, not chunk by chunk, so that its currency (from its median income) and
    its dates' day/month order are decided once per piece. A problem of the file itself (a required column
    missing) raises InputDataError; bad rows are located in the facts.
    """
    read = list(sources.read_piece_chunks(piece, config.SCORING_CHUNK_ROWS, sheet))
    # Each chunk is indexed by row position in its file, which is what a message locates.
    raw = pd.concat(read) if read else pd.DataFrame()
    source = str(piece.file.path)
    layout = loading.detect_layout_name(raw, source)
    valid, problems, currency, date_format = loading.canonical_rows(raw, source, date_order)
    located = tuple(
        f"{sources.locate(piece.file, raw.index[i], collection)}: {problem}"
        for i, problem in problems.itertuples(index=False)
    )
    facts = PieceFacts(source, len(valid), currency, layout, located, tuple(valid.dtypes.items()), date_format)
    return CheckedPiece(valid, facts)


def check_and_write_piece(
    piece: sources.Piece,
    number: int,
    folder: str,
    metadata: dict[str, str],
    collection: bool,
    date_order: str | None,
    sheet: str | None,
) -> PieceFacts:
    """``check_piece``, its valid customers written as part ``number`` of the dataset being written in ``folder``
    (amounts in the piece's own currency, its own types: ``conform_part`` rewrites the few that differ from the
    table's once every piece is known); only the facts come back, and no row waits in memory."""
    checked = check_piece(piece, collection, date_order, sheet)
    parquet_dataset.write_part(checked.rows, folder, number, metadata)
    return checked.facts


def conforms(facts: PieceFacts, currency: str, dtypes: dict[str, object]) -> bool:
    """Whether a piece's rows, as checked, are already the table's: its currency and its types."""
    return facts.currency == currency and dict(facts.dtypes) == dtypes


def conform_part(
    folder: str, number: int, facts: PieceFacts, currency: str, dtypes: dict[str, object], metadata: dict[str, str]
) -> None:
    """Rewrite part ``number`` of ``folder`` (``check_and_write_piece``'s) as ``rows_in`` gives its customers."""
    rows = pd.read_parquet(Path(folder) / parquet_dataset.PART.format(number))
    parquet_dataset.write_part(rows_in(CheckedPiece(rows, facts), currency, dtypes), folder, number, metadata)


def facts_of(checked: CheckedPiece) -> PieceFacts:
    """The facts alone: what comes back to the driver from a worker's piece."""
    return checked.facts


def refuse_bad_rows(facts: Sequence[PieceFacts]) -> None:
    """Raise InputDataError, in one line, for the bad rows of the first piece in input order that has any,
    whichever engine (or worker) read it first."""
    for piece in facts:
        if piece.problems:
            named = "; ".join(piece.problems[:NAMED_PROBLEMS])
            more = len(piece.problems) - NAMED_PROBLEMS
            raise InputDataError(f"bad customer rows: {named}" + (f"; and {more} more" if more > 0 else "") + ".")


def table_currency(facts: Sequence[PieceFacts]) -> str:
    """The currency of the table: the first piece's; pieces in the other currency are converted to it."""
    return facts[0].currency if facts else RUPIAH


def table_dtypes(facts: Sequence[PieceFacts], currency: str) -> dict[str, object]:
    """One type per column for every piece (a Dask table needs one schema): the schema's types, but amounts
    converted from rupiah to plain units hold fractions, so then every piece's amounts are float64."""
    dtypes = dict(facts[0].dtypes)
    if currency == PLAIN and any(piece.currency != PLAIN for piece in facts):
        dtypes.update(dict.fromkeys(columns.AMOUNTS, "float64"))
    return dtypes


def rows_in(checked: CheckedPiece, currency: str, dtypes: dict[str, object]) -> pd.DataFrame:
    """The piece's customers with their amounts in ``currency`` and the table's column types."""
    rows = convert_amounts(checked.rows, columns.AMOUNTS, checked.facts.currency, currency)
    return rows.astype(dtypes)


def empty_table(dtypes: dict[str, object]) -> pd.DataFrame:
    """A table without rows with ``dtypes``: what a Dask table's partitions look like."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})
