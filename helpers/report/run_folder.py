"""A run's output folder: where each stage's files live, and which folders a run may replace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpers.config import anchored
from helpers.errors import InputDataError, StageInputMissing
from helpers.files import writable_parent


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
    def scratch(self) -> Path:
        """Tables a stage keeps on disk for the passes that follow (``Engine.persist`` on Dask), one folder per
        stage, removed when the stage finishes; never published."""
        return self.root / ".scratch"

    @property
    def as_read(self) -> Path:
        """Every customer as read and validated, before anything is changed: what stage 1's counts, fences and
        cleaning pass over (data preparation). On Dask they read this Parquet, column by column, instead of the
        validated rows the workers would otherwise hold, and spill, for the whole stage."""
        return self.artifacts / "customers_as_read.parquet"

    @property
    def customers(self) -> Path:
        """Every customer of the file with engineered features, incomes left missing, and whether they are
        inside the IQR fences (data preparation)."""
        return self.artifacts / "customers.parquet"

    @property
    def sample(self) -> Path:
        """The learning sample: at most ``sample_rows`` customers by a seeded hash of their ID, with the columns
        of customers.parquet (data preparation)."""
        return self.artifacts / "sample.parquet"

    @property
    def prepared_sample(self) -> Path:
        """The analysed customers of the learning sample, as prepared.parquet holds them: what the exploration,
        the k search and the fit learn from (data preparation)."""
        return self.artifacts / "prepared_sample.parquet"

    @property
    def clusters(self) -> Path:
        """Prepared customers with their K-Means label and PCA coordinates (modeling)."""
        return self.artifacts / "clusters.parquet"

    @property
    def clusters_sample(self) -> Path:
        """The learning sample's analysed customers with their K-Means label and PCA coordinates: what the persona
        analysis profiles and draws (modeling)."""
        return self.artifacts / "clusters_sample.parquet"

    @property
    def assignments(self) -> Path:
        """Each analysed customer's ID and persona id (persona analysis)."""
        return self.artifacts / "assignments.parquet"

    @property
    def pipeline(self) -> Path:
        """The fitted imputer, scaler, PCA and K-Means (modeling)."""
        return self.artifacts / "pipeline.skops"

    @property
    def response_model(self) -> Path:
        """The fitted response model, when the data had an outcome to learn from (modeling)."""
        return self.artifacts / "response_model.skops"

    @property
    def response_predictions(self) -> Path:
        """ID and held-out probability of accepting of every customer whose response is known (modeling)."""
        return self.artifacts / "response_predictions.parquet"

    @property
    def model(self) -> Path:
        """The persona model for scoring new customers, with its card model.json beside it (recommendations)."""
        return self.artifacts / "model.skops"

    @property
    def personas(self) -> Path:
        """One row per persona: name, description, size, profile (persona analysis)."""
        return self.artifacts / "personas.csv"

    @property
    def segments(self) -> Path:
        """One row per analysed customer: ID, persona and key features (persona analysis, pandas engine)."""
        return self.artifacts / "segments.csv"

    @property
    def segments_dataset(self) -> Path:
        """``segments`` as a Parquet dataset the workers write (persona analysis, Dask engine)."""
        return self.artifacts / "segments.parquet"

    @property
    def contact_list(self) -> Path:
        """The response model's plan customer by customer, best first (recommendations)."""
        return self.artifacts / "contact_list.csv"

    @property
    def contact_list_dataset(self) -> Path:
        """``contact_list`` as a Parquet dataset the workers write (recommendations, Dask engine)."""
        return self.artifacts / "contact_list.parquet"

    @property
    def contact_list_xlsx(self) -> Path:
        """``contact_list`` for a spreadsheet, up to SPREADSHEET_MAX_ROWS customers (recommendations)."""
        return self.artifacts / "contact_list.xlsx"

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
    return writable_parent(path)
