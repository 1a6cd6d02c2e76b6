"""Customer input the way data lakes hold it: one table file, a Parquet dataset folder (hive-partitioned or
not) or a glob of CSV and Parquet files, as an ordered list of files and the pieces they split into.

Files are taken in natural order (``part.2`` before ``part.10``, as Dask and Spark number them), so every
engine reads the customers in the same order. A piece is what one Dask task scores: a row group of a
Parquet file, or a whole file of another format (a CSV has no index to start reading at row N, and a
workbook is read whole). Nothing here imports Dask.
"""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from helpers.data import tables
from helpers.errors import InputDataError
from helpers.files import file_sha256

_GLOB_CHARACTERS = re.compile(r"[*?[]")


@dataclass(frozen=True)
class InputFile:
    """One table file of the input, and the values its folder names give (``region=north``) in a hive dataset."""

    table: tables.TableFile
    partition_values: tuple[tuple[str, object], ...] = ()

    @property
    def path(self) -> Path:
        return self.table.path


@dataclass(frozen=True)
class Piece:
    """The rows one task scores: a row group of a Parquet file, or a whole file (``row_group`` None)."""

    file: InputFile
    row_group: int | None = None
    first_row: int = 0  # position in the file of the piece's first row
    rows: int | None = None  # known for Parquet, from its metadata


@dataclass(frozen=True)
class CustomerSource:
    """What ``--data`` named: its files in reading order, and whether it named more than one file's worth
    (a folder or a glob), in which case a bad row is located by its file as well as its line."""

    given: str
    files: tuple[InputFile, ...]
    collection: bool

    def parquet_rows(self) -> int | None:
        """Customers in the input, read from the Parquet metadata; None unless every file is Parquet."""
        if any(f.table.file_format != "parquet" for f in self.files):
            return None
        return sum(parquet_rows(f.path) for f in self.files)

    def pieces(self) -> list[Piece]:
        pieces = []
        for file in self.files:
            if file.table.file_format != "parquet":
                pieces.append(Piece(file))
                continue
            metadata = _parquet_metadata(file.path)
            first = 0
            for group in range(metadata.num_row_groups):
                rows = metadata.row_group(group).num_rows
                pieces.append(Piece(file, group, first, rows))
                first += rows
        return pieces


def locate(file: InputFile, position: int, collection: bool) -> str:
    """Where the user finds row ``position`` (0-based) of ``file``: ``line 5``, or in a folder or glob
    ``path/to/a.csv line 5``."""
    label = file.table.row_label(position)
    return f"{file.path} {label}" if collection else label


def _natural_key(path: str | Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def _parquet_metadata(path: Path) -> pq.FileMetaData:
    with tables.parquet_errors(path):
        return pq.read_metadata(path)


def parquet_rows(path: Path) -> int:
    """Rows of one Parquet file, from its metadata."""
    return _parquet_metadata(path).num_rows


def is_collection(given: str | Path) -> bool:
    """A folder or a glob, rather than one file (a file whose name holds ``*`` is still one file)."""
    path = Path(given).expanduser()
    return path.is_dir() or (not path.exists() and bool(_GLOB_CHARACTERS.search(str(given))))


def _dataset_files(folder: Path) -> list[InputFile]:
    """The Parquet files of a dataset folder with their hive partition values; pyarrow's discovery skips the
    hidden and underscored files writers leave (``_SUCCESS``, ``_metadata``, ``.part.partial``)."""
    visible = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
    if visible and not any(p.suffix.lower() == ".parquet" for p in visible):
        example = visible[0].suffix or visible[0].name
        raise InputDataError(
            f"{folder} is a folder of {example} files, read as a Parquet dataset; give other files as a quoted glob "
            f"such as '{folder / ('*' + visible[0].suffix)}'."
        )
    with tables.parquet_errors(folder):
        dataset = ds.dataset(folder, format="parquet", partitioning="hive")
        fragments = sorted(dataset.get_fragments(), key=lambda fragment: _natural_key(fragment.path))
    if not fragments:
        raise InputDataError(f"{folder} is a folder without Parquet files; give a Parquet dataset, a file or a glob.")
    return [
        InputFile(
            tables.TableFile(Path(f.path), "parquet"),
            tuple(ds.get_partition_keys(f.partition_expression).items()),
        )
        for f in fragments
    ]


def _glob_files(pattern: str, sheet: str | None) -> list[InputFile]:
    matches = sorted((m for m in glob.glob(pattern, recursive=True) if Path(m).is_file()), key=_natural_key)
    if not matches:
        raise InputDataError(f"{pattern} matches no file.")
    return [InputFile(tables.inspect(match, sheet)) for match in matches]


def open_source(given: str | Path, sheet: str | None = None) -> CustomerSource:
    """The files ``given`` names, in reading order; an error naming the problem when there are none."""
    path = Path(given).expanduser()
    if path.is_dir():
        return CustomerSource(str(given), tuple(_dataset_files(path)), collection=True)
    if is_collection(given):
        return CustomerSource(str(given), tuple(_glob_files(str(path), sheet)), collection=True)
    return CustomerSource(str(given), (InputFile(tables.inspect(path, sheet)),), collection=False)


def with_partition_values(chunk: pd.DataFrame, file: InputFile) -> pd.DataFrame:
    # A hive dataset keeps these columns in its folder names, not in its files.
    missing = {name: value for name, value in file.partition_values if name not in chunk.columns}
    return chunk.assign(**missing) if missing else chunk


def read_file_chunks(file: InputFile, chunk_rows: int, sheet: str | None = None) -> Iterator[pd.DataFrame]:
    """A whole file in chunks of at most ``chunk_rows`` rows, indexed by row position in the file."""
    if file.table.file_format == "parquet":  # also a dataset's files, whatever their names
        chunks = tables.read_parquet_chunks(file.path, chunk_rows)
    else:
        chunks = tables.read_chunks(file.path, chunk_rows, sheet)
    for chunk in chunks:
        yield with_partition_values(chunk, file)


def read_piece_chunks(piece: Piece, chunk_rows: int, sheet: str | None = None) -> Iterator[pd.DataFrame]:
    """A piece in chunks of at most ``chunk_rows`` rows, indexed by row position in its file."""
    if piece.row_group is None:
        yield from read_file_chunks(piece.file, chunk_rows, sheet)
        return
    for chunk in tables.read_parquet_chunks(piece.file.path, chunk_rows, [piece.row_group], piece.first_row):
        yield with_partition_values(chunk, piece.file)


@dataclass(frozen=True)
class InputIdentity:
    """What a run analysed, as a report records it: one file by its name, or a folder or a glob by its name and
    its files; the words a reader sees are the story layer's."""

    name: str  # a file's or a folder's name; a glob's pattern from its first folder with a wildcard
    kind: str  # "file", "folder" or "glob"
    paths: tuple[Path, ...]

    @property
    def size_bytes(self) -> int:
        return sum(path.stat().st_size for path in self.paths)

    def sha256(self) -> str:
        """The file's SHA-256; for a folder or a glob one SHA-256 over every file's name and contents, in reading
        order, so that renaming, adding or changing a file changes it."""
        if self.kind == "file":
            return file_sha256(self.paths[0])
        digest = hashlib.sha256()
        for path in self.paths:
            digest.update(f"{path.name}\0{file_sha256(path)}\n".encode())
        return digest.hexdigest()

    def as_record(self) -> dict:
        """``file``, and for a folder or a glob ``input`` (its kind) and ``files`` (how many): summary.json's and
        the model card's words for it."""
        if self.kind == "file":
            return {"file": self.name}
        return {"file": self.name, "input": self.kind, "files": len(self.paths)}


def _shown_pattern(pattern: str) -> str:
    """A glob as a reader recognises it, without the folders above it: ``exports/2026-*.csv`` -> ``2026-*.csv``,
    ``lake/*/part.*.parquet`` -> ``*/part.*.parquet``."""
    parts = Path(pattern).parts
    first = next((i for i, part in enumerate(parts) if _GLOB_CHARACTERS.search(part)), len(parts) - 1)
    return str(Path(*parts[first:]))


def identify(given: str | Path, sheet: str | None = None) -> InputIdentity:
    """What ``--data`` named, with its files in reading order."""
    if not is_collection(given):
        path = Path(given).expanduser()
        return InputIdentity(path.name, "file", (tables.require_file(path),))
    source = open_source(given, sheet)
    kind = "folder" if Path(given).expanduser().is_dir() else "glob"
    name = Path(given).expanduser().resolve().name if kind == "folder" else _shown_pattern(str(given))
    return InputIdentity(name, kind, tuple(file.path for file in source.files))
