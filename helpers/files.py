"""Files on disk: fingerprints, and output paths that can be written and say their format."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

from helpers.errors import InputDataError


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def writable_parent(path: Path) -> Path:
    """``path``, after creating its folder if needed and making sure this user may write there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputDataError(f"cannot create the folder {path.parent} ({error.strerror}).") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputDataError(f"cannot write to {path.parent} (permission denied).")
    return path


def output_file(path: str | Path, suffixes: tuple[str, ...] = (".csv", ".parquet")) -> Path:
    """An output file path that can be written: a name whose extension says the format, not a
    folder, in a folder this user may write (created if missing)."""
    path = Path(path).expanduser()
    expected = " or ".join(suffixes)
    if path.is_dir():
        raise InputDataError(f"{path} is a folder; give a file name ending in {expected}.")
    if path.suffix.lower() not in suffixes:
        raise InputDataError(f"{path}: the extension says which format to write; use {expected}.")
    return writable_parent(path)


def replace_folder(staging: Path, target: Path) -> None:
    """Move the finished folder ``staging`` to ``target``. An earlier ``target`` is set aside first and removed
    only once the move succeeded; if the move fails it is put back, so a reader finds the old folder or the new
    one, never neither."""
    previous = target.with_name(f".{target.name}.previous-{os.getpid()}")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    try:
        staging.rename(target)
    except OSError:
        if previous.exists():
            previous.rename(target)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def remove_path(path: Path) -> None:
    """Remove a file or a folder of that name, if there is one (a table kept as one file or as a dataset folder)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def remove_staging(staging: Path) -> None:
    """Remove a staging folder that workers may still be writing into. It is renamed first: a worker opens its
    file by the folder's path, so none can add one once the name is gone, and the renamed folder is removed
    whole. A plain ``rmtree`` racing a writer lists the folder, the writer adds a file, and the folder stays."""
    discarded = staging.with_name(f"{staging.name}.discarded-{uuid.uuid4().hex[:8]}")
    try:
        staging.rename(discarded)
    except FileNotFoundError:
        return
    shutil.rmtree(discarded, ignore_errors=True)
