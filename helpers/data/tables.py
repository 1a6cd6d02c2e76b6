"""Table files as they are on disk: CSV (plain or compressed), Excel or Parquet in, whole or in chunks;
CSV or Parquet written chunk by chunk.

Nothing here knows what the columns mean; ``loading`` turns a table into customers.
A file's format is read from its first bytes, not trusted from its name: a gzip file
called ``customers.csv`` is read as the gzip-compressed CSV it is. Output is written
to a temporary file beside the target and moved into place only when every chunk
succeeded, so a reader never sees half a file.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import lzma
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from helpers.errors import InputDataError
from helpers.files import output_file

SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# First bytes of the compressed files a CSV may come in, and how to open them.
_COMPRESSIONS = {b"\x1f\x8b": ("gzip", gzip.open), b"BZh": ("bz2", bz2.open), b"\xfd7zXZ\x00": ("xz", lzma.open)}
_ZIP = b"PK\x03\x04"
_SIGNATURES = {
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as .xlsx or CSV",
    b"%PDF": "a PDF document",
    b"PAR1": "a Parquet file (give it a .parquet extension)",
}
_HEAD_BYTES = 65_536


@dataclass(frozen=True)
class TableFile:
    """What a table file is: its format, how it is compressed, and where its table is."""

    path: Path
    file_format: str  # "csv", "excel" or "parquet"
    compression: str | None = None  # "gzip", "bz2", "xz" or "zip", for CSV
    member: str | None = None  # the CSV inside a zip archive
    separator: str | None = None  # for CSV
    sheet: str | int | None = None  # for Excel: a sheet name, or 0 for the first

    def row_label(self, i: int) -> str:
        """How a user finds row ``i`` (0-based) of the table: a CSV line or a spreadsheet row (the header
        is line and row 1), or a Parquet row."""
        return f"row {i + 1}" if self.file_format == "parquet" else f"{self.line_word} {i + 2}"

    @property
    def line_word(self) -> str:
        return "row" if self.file_format == "excel" else "line"

    def describe(self) -> str:
        """``CSV (gzip)``, ``Excel, sheet Customers``, ``Parquet``: the format in words."""
        if self.file_format == "excel":
            return f"Excel, sheet {self.sheet}" if isinstance(self.sheet, str) else "Excel, first sheet"
        if self.file_format == "parquet":
            return "Parquet"
        return f"CSV ({self.compression})" if self.compression else "CSV"


def is_parquet(path: Path) -> bool:
    return Path(path).suffix.lower() == ".parquet"


def require_file(path: Path) -> Path:
    if not Path(path).is_file():
        raise InputDataError(f"{path} does not exist or is not a file.")
    return Path(path)


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


def _zip_table(path: Path) -> TableFile:
    """An Excel workbook (a zip of XML parts) or a zip archive holding one CSV."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and not n.startswith("__MACOSX/")]
    except zipfile.BadZipFile:
        raise InputDataError(f"{path} is a damaged zip archive.") from None
    if "xl/workbook.xml" in names:
        return TableFile(path, "excel", sheet=0)
    if len(names) != 1:
        raise InputDataError(f"{path} is a zip archive of {len(names)} files; it must hold exactly one CSV file.")
    return TableFile(path, "csv", compression="zip", member=names[0])


def _head(table: TableFile) -> bytes:
    """The first bytes of the CSV text, decompressed."""
    try:
        if table.compression == "zip":
            with zipfile.ZipFile(table.path) as archive, archive.open(table.member) as member:
                return member.read(_HEAD_BYTES)
        opener = dict(_COMPRESSIONS.values()).get(table.compression, open)
        with opener(table.path, "rb") as handle:
            return handle.read(_HEAD_BYTES)
    except (OSError, EOFError, lzma.LZMAError) as error:
        raise InputDataError(f"{table.path} is a damaged {table.compression} file ({error}).") from None


def inspect(path: str | Path, sheet: str | None = None) -> TableFile:
    """What ``path`` holds, from its first bytes; an error naming the problem when it is not a table.

    ``sheet`` chooses an Excel workbook's sheet by name (default: the first).
    """
    path = require_file(Path(path))
    if is_parquet(path):
        return TableFile(path, "parquet")
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(_ZIP):
        table = _zip_table(path)
        if table.file_format == "excel":
            return TableFile(path, "excel", sheet=sheet or 0)
    else:
        compression = next((name for m, (name, _) in _COMPRESSIONS.items() if magic.startswith(m)), None)
        table = TableFile(path, "csv", compression=compression)
    head = _head(table)
    _refuse_non_tables(path, head)
    header = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
    return TableFile(path, "csv", table.compression, table.member, _sniff_separator(header))


def _compression(table: TableFile):
    return None if table.compression is None else {"method": table.compression}


@contextmanager
def parquet_errors(path: Path):
    """pyarrow raises several unrelated types for a file that is not Parquet; the user gets one message."""
    try:
        yield
    except Exception as error:
        raise InputDataError(f"{path} is not a readable Parquet file ({str(error).splitlines()[0]}).") from None


def _read_csv(table: TableFile, rows: int | None = None) -> pd.DataFrame:
    try:
        if rows is None:
            return pd.read_csv(table.path, sep=table.separator, engine="pyarrow", compression=_compression(table))
        # pyarrow's reader has no row limit; a sample is small enough for pandas' own.
        return pd.read_csv(
            table.path,
            sep=table.separator,
            nrows=rows,
            encoding="utf-8-sig",
            low_memory=False,
            compression=_compression(table),
        )
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError, ValueError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        if "utf" in reason.lower() or isinstance(error, UnicodeDecodeError):
            raise InputDataError(f"{table.path} is not UTF-8 text; save it as UTF-8 CSV.") from None
        separated = SEPARATOR_NAMES[table.separator]
        raise InputDataError(f"{table.path} is not a well-formed {separated}-separated table ({reason}).") from None


def _read_excel(table: TableFile, rows: int | None = None) -> pd.DataFrame:
    try:
        workbook = pd.ExcelFile(table.path, engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise InputDataError(f"{table.path} is not a readable Excel workbook ({error}).") from None
    with workbook:
        if isinstance(table.sheet, str) and table.sheet not in workbook.sheet_names:
            sheets = ", ".join(repr(name) for name in workbook.sheet_names)
            raise InputDataError(f"{table.path} has no sheet {table.sheet!r}; its sheets are {sheets}.")
        return pd.read_excel(workbook, table.sheet, nrows=rows)


def _read_parquet(table: TableFile, rows: int | None = None) -> pd.DataFrame:
    with parquet_errors(table.path):
        if rows is None:
            return pd.read_parquet(table.path)
        first = next(pq.ParquetFile(table.path).iter_batches(batch_size=rows), None)
        return first.to_pandas() if first is not None else pq.read_schema(table.path).empty_table().to_pandas()


_READERS = {"csv": _read_csv, "excel": _read_excel, "parquet": _read_parquet}


def read_table(path: str | Path, rows: int | None = None, sheet: str | None = None) -> tuple[pd.DataFrame, TableFile]:
    """The file as a data frame with no interpretation beyond its format, and what the file is.

    ``rows`` reads only the first rows: a quick look at a file of any size.
    """
    table = inspect(path, sheet)
    return _READERS[table.file_format](table, rows), table


def read_chunks(path: Path, chunk_rows: int, sheet: str | None = None) -> Iterator[pd.DataFrame]:
    """The file in chunks of at most ``chunk_rows`` rows, each indexed by its row position in the file."""
    table = inspect(path, sheet)
    if table.file_format == "parquet":
        yield from read_parquet_chunks(table.path, chunk_rows)
        return
    if table.file_format == "excel":  # a sheet holds at most a million rows: it is read at once
        whole = _read_excel(table)
        chunks = (whole.iloc[start : start + chunk_rows] for start in range(0, len(whole), chunk_rows))
    else:
        chunks = pd.read_csv(
            table.path,
            sep=table.separator,
            encoding="utf-8-sig",
            chunksize=chunk_rows,
            low_memory=False,
            compression=_compression(table),
        )
    offset = 0
    for chunk in chunks:
        chunk.index = pd.RangeIndex(offset, offset + len(chunk))
        offset += len(chunk)
        yield chunk


def read_parquet_chunks(
    path: Path, chunk_rows: int, row_groups: list[int] | None = None, first_row: int = 0
) -> Iterator[pd.DataFrame]:
    """A Parquet file, or only its ``row_groups``, in chunks of at most ``chunk_rows`` rows, each indexed by its
    row position in the file (``first_row`` is the position of the first row read)."""
    with parquet_errors(path):
        # pre_buffer keeps every row group's read cache until the file is closed:
        # memory would grow with the file instead of staying flat.
        batches = pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=chunk_rows, row_groups=row_groups)
        for batch in batches:
            chunk = batch.to_pandas()
            chunk.index = pd.RangeIndex(first_row, first_row + len(chunk))
            first_row += len(chunk)
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
