"""Every path the project uses, built from the project root.

Notebooks run from ``notebooks/`` (nbmake) or from anywhere (papermill), so no
notebook invents a path: relative paths are anchored at the project root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import InputDataError, StageInputMissing

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_DATA = PROJECT_ROOT / "data" / "customers.csv"
DEFAULT_REPORT_DIR = PROJECT_ROOT / "outputs" / "report"


def anchored(path: str | Path) -> Path:
    """Absolute path; a relative one is taken from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def resolve_data(data_path: str | Path | None) -> Path:
    """The input table: the given path, or the embedded default data when empty."""
    if data_path in (None, ""):
        return DEFAULT_DATA
    return anchored(data_path)


@dataclass(frozen=True)
class RunLayout:
    """The output folder of one run: what each stage writes and reads."""

    root: Path

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def html(self) -> Path:
        return self.root / "html"

    @property
    def artifacts(self) -> Path:
        return self.root / "artifacts"

    @property
    def index(self) -> Path:
        return self.root / "index.html"

    @property
    def prepared(self) -> Path:
        """Cleaned customers with engineered features (data preparation)."""
        return self.artifacts / "prepared.parquet"

    @property
    def clusters(self) -> Path:
        """Prepared customers with their K-Means label and PCA coordinates (modeling)."""
        return self.artifacts / "clusters.parquet"

    @property
    def pipeline(self) -> Path:
        """The fitted imputer, scaler, PCA and K-Means (modeling)."""
        return self.artifacts / "pipeline.skops"

    @property
    def model(self) -> Path:
        """The persona model for scoring new customers, with its card model.json beside it (recommendations)."""
        return self.artifacts / "model.skops"

    @property
    def k_search(self) -> Path:
        """Scores of every candidate number of clusters (modeling)."""
        return self.artifacts / "k_search.csv"

    @property
    def personas(self) -> Path:
        """One row per persona: name, description, size, profile (persona analysis)."""
        return self.artifacts / "personas.csv"

    @property
    def segments(self) -> Path:
        """One row per customer: ID, persona and key features (persona analysis)."""
        return self.artifacts / "segments.csv"

    @property
    def summary(self) -> Path:
        """Key results of every stage, merged into one JSON document."""
        return self.artifacts / "summary.json"


def run_layout(output_dir: str | Path, create: bool = True) -> RunLayout:
    """The layout of a run's output folder, created unless asked not to."""
    layout = RunLayout(anchored(output_dir))
    if create:
        layout.artifacts.mkdir(parents=True, exist_ok=True)
    return layout


def require(path: Path, produced_by: str) -> Path:
    """``path`` if it exists, else an error naming the stage that writes it."""
    if not path.exists():
        raise StageInputMissing(
            f"{path} does not exist: it is written by the {produced_by} notebook, "
            "run that stage first (or the whole report with `make report`)."
        )
    return path



def _writable_parent(path: Path) -> Path:
    """Create ``path``'s folder if needed and make sure this user may write there."""
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
    return _writable_parent(path)


def is_report(folder: Path) -> bool:
    """Whether ``folder`` holds a report this project wrote (its landing page and summary)."""
    layout = RunLayout(folder)
    return layout.index.is_file() and layout.summary.is_file()


def report_folder(path: str | Path) -> Path:
    """An output folder a new report may replace: new, empty, or an earlier report.

    A run replaces its output folder as a whole, so any other folder (a project,
    a home directory, ``outputs/`` itself) is refused before anything is written.
    """
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir():
        raise InputDataError(f"{path} is a file; the report needs a folder (nothing was changed).")
    if path.is_dir() and any(path.iterdir()) and not is_report(path):
        raise InputDataError(
            f"{path} already holds files that are not a report, and a run replaces its output folder as a whole; "
            "choose a new or empty folder, or an earlier report's folder (nothing was changed)."
        )
    return _writable_parent(path)
