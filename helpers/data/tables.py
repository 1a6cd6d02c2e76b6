"""Table files as they are on disk: CSV or Parquet in, whole or in chunks, and written chunk by chunk.

Nothing here knows what the columns mean; ``loading`` turns a table into customers.
Output is written to a temporary file beside the target and moved into place only
when every chunk succeeded, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from helpers.errors import InputDataError
from helpers.files import output_file

SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive or an Excel .xlsx workbook",
    b"\xd0\xcf\x11\xe0": "an Excel .xls workbook",
    b"%PDF": "a PDF document",
    b"PAR1": "a Parquet file (give it a .parquet extension)",
}
_HEAD_BYTES = 65_536


def is_parquet(path: Path) -> bool:
    return Path(path).suffix.lower() == ".parquet"


def row_label(path: Path):
    """How a user finds row ``i`` (0-based) of the file: a CSV line (the header is line 1) or a Parquet row."""
    return (lambda i: f"row {i + 1}") if is_parquet(path) else (lambda i: f"line {i + 2}")


def _refuse_non_tables(path: Path, head: bytes) -> None:
    if not head.strip():
        raise InputDataError(f"{path} is empty: expected a header row of customer columns.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputDataError(f"{path} is UTF-16 text; save it as UTF-8 CSV.")
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            raise InputDataError(f"{path} is {kind}, not a CSV table; export it as CSV or Parquet.")
    if b"\x00" in head:
        raise InputDataError(f"{path} is a binary file, not a CSV table.")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise InputDataError(f"{path} looks like JSON, not a CSV table; export it as CSV or Parquet.")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            line = head[: error.start].count(b"\n") + 1
            raise InputDataError(
                f"{path} is not UTF-8 text (undecodable byte on line {line}); save it as UTF-8 CSV."
            ) from None


def _sniff_separator(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def sniff_csv(path: Path) -> tuple[str, str]:
    """The header line and the separator of a CSV file, after refusing what is not a CSV table."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    _refuse_non_tables(path, head)
    header = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
    return header, _sniff_separator(header)


def require_file(path: Path) -> Path:
    if not Path(path).is_file():
        raise InputDataError(f"{path} does not exist or is not a file.")
    return Path(path)


@contextmanager
def _parquet_errors(path: Path):
    """pyarrow raises several unrelated types for a file that is not Parquet; the user gets one message."""
    try:
        yield
    except Exception as error:
        raise InputDataError(f"{path} is not a readable Parquet file ({str(error).splitlines()[0]}).") from None


def _read_csv(path: Path, separator: str, rows: int | None = None) -> pd.DataFrame:
    try:
        if rows is None:
            return pd.read_csv(path, sep=separator, engine="pyarrow")
        # pyarrow's reader has no row limit; a sample is small enough for pandas' own.
        return pd.read_csv(path, sep=separator, nrows=rows, encoding="utf-8-sig", low_memory=False)
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError, ValueError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        if "utf" in reason.lower() or isinstance(error, UnicodeDecodeError):
            raise InputDataError(f"{path} is not UTF-8 text; save it as UTF-8 CSV.") from None
        raise InputDataError(
            f"{path} is not a well-formed {SEPARATOR_NAMES[separator]}-separated table ({reason})."
        ) from None


def read_table(path: str | Path, rows: int | None = None) -> tuple[pd.DataFrame, str | None]:
    """The file as a data frame with no interpretation beyond its format, and its separator (None for Parquet).

    ``rows`` reads only the first rows: a quick look at a file of any size.
    """
    path = require_file(Path(path))
    if is_parquet(path):
        with _parquet_errors(path):
            if rows is None:
                return pd.read_parquet(path), None
            first = next(pq.ParquetFile(path).iter_batches(batch_size=rows), None)
            schema = pq.read_schema(path)
            return (first.to_pandas() if first is not None else schema.empty_table().to_pandas()), None
    _, separator = sniff_csv(path)
    return _read_csv(path, separator, rows), separator


def read_chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The file in chunks of at most ``chunk_rows`` rows, each indexed by its row position in the file."""
    path = require_file(Path(path))
    if is_parquet(path):
        with _parquet_errors(path):
            # pre_buffer keeps every row group's read cache until the file is closed:
            # memory would grow with the file instead of staying flat.
            batches = pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=chunk_rows)
        chunks = (batch.to_pandas() for batch in batches)
    else:
        _, separator = sniff_csv(path)
        chunks = pd.read_csv(path, sep=separator, encoding="utf-8-sig", chunksize=chunk_rows, low_memory=False)
    offset = 0
    for chunk in chunks:
        chunk.index = pd.RangeIndex(offset, offset + len(chunk))
        offset += len(chunk)
        yield chunk


class ChunkedTableWriter:
    """A CSV or Parquet file (by extension) written chunk by chunk, appearing whole or not at all.

    Use as a context manager: leaving it normally moves the file into place,
    leaving it by an exception removes the temporary file and keeps any earlier file.
    ``columns`` are those of the file written when no chunk comes; ``csv_options``
    go to ``DataFrame.to_csv`` (separator, index).
    """

    SUFFIXES = (".csv", ".parquet")

    def __init__(self, target: str | Path, suffixes: tuple[str, ...] = SUFFIXES, columns=(), **csv_options):
        self.target = output_file(target, suffixes)
        self.temporary = self.target.with_name(f".{self.target.name}.partial-{os.getpid()}")
        self.csv_options = {"index": False, **csv_options, "lineterminator": "\n"}
        self._parquet = None
        self._columns = list(columns) or None

    def write(self, frame: pd.DataFrame) -> None:
        if self._columns is None:
            self._columns = list(frame.columns)
        if is_parquet(self.target):
            # Later chunks take the first chunk's schema: a column that is all missing in
            # one chunk must not change type, nor a category its dictionary's width.
            schema = self._parquet.schema if self._parquet else None
            table = pyarrow.Table.from_pandas(frame, preserve_index=False, schema=schema)
            if self._parquet is None:
                # Dictionaries only where they pay (text, categories): pyarrow tries one for every column,
                # and on a column of distinct numbers that costs as much as writing it.
                textual = (pyarrow.types.is_dictionary, pyarrow.types.is_string, pyarrow.types.is_large_string)
                dictionary = [f.name for f in table.schema if any(is_kind(f.type) for is_kind in textual)]
                self._parquet = pq.ParquetWriter(self.temporary, table.schema, use_dictionary=dictionary)
            self._parquet.write_table(table)
        else:
            first = not self.temporary.exists()
            frame.to_csv(self.temporary, mode="w" if first else "a", header=first, **self.csv_options)

    def _close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None

    def __enter__(self) -> ChunkedTableWriter:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        if error_type is not None:
            self._close()
            self.temporary.unlink(missing_ok=True)
            return
        if not self.temporary.exists():  # no chunk at all: still a well-formed, empty file
            self.write(pd.DataFrame(columns=self._columns or []))
        self._close()
        os.replace(self.temporary, self.target)
