"""Run the six stage notebooks with papermill, render them to HTML, write the landing page.

The run is built in a staging folder beside the output folder and moved into
place only when every stage succeeded, so a failed run never destroys the
previous report.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from helpers import index_page
from helpers.artifacts import read_summary
from helpers.cleaning import clean, require_enough_customers
from helpers.errors import InputDataError
from helpers.loading import load_customers
from helpers.modeling import SAMPLING_THRESHOLD
from helpers.paths import NOTEBOOKS_DIR, RunLayout

STAGES = (
    ("00_problem_statement", "Problem statement"),
    ("01_data_preparation", "Data preparation"),
    ("02_exploratory_analysis", "Exploratory analysis"),
    ("03_modeling", "Modeling"),
    ("04_persona_analysis", "Persona analysis"),
    ("05_recommendations", "Business recommendations"),
)
KERNEL = "python3"


@dataclass(frozen=True)
class ReportParameters:
    data_path: Path
    output_dir: Path
    n_clusters: int = 4
    random_state: int = 123
    reference_year: int = 2023
    date_order: str = ""
    lang: str = "en"
    sampling_threshold: int = SAMPLING_THRESHOLD

    def for_notebook(self, staging: Path) -> dict:
        return {
            "data_path": str(self.data_path),
            "output_dir": str(staging),
            "n_clusters": self.n_clusters,
            "random_state": self.random_state,
            "reference_year": self.reference_year,
            "date_order": self.date_order,
            "lang": self.lang,
            "sampling_threshold": self.sampling_threshold,
        }


class StageFailed(RuntimeError):
    """A notebook raised; the message names the stage and its partly executed notebook."""

    def __init__(self, stage: str, notebook: Path, error_name: str, error_value: str):
        # A data problem found inside a notebook reads like the same problem found up front.
        self.is_data_error = error_name == InputDataError.__name__
        reason = error_value if self.is_data_error else f"{error_name}: {error_value}"
        super().__init__(f"stage {stage} failed: {reason}\npartly executed notebook: {notebook}")
        self.stage = stage
        self.notebook = notebook


def _staging_dir(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}.partial")


def execute_stages(
    parameters: ReportParameters, staging: Path, cell_timeout: int, progress: bool, notebooks_dir: Path = NOTEBOOKS_DIR
) -> None:
    layout = RunLayout(staging)
    layout.notebooks.mkdir(parents=True, exist_ok=True)
    for number, (stage, title) in enumerate(STAGES, start=1):
        if progress:
            print(f"[{number}/{len(STAGES)}] {title}", file=sys.stderr, flush=True)
        executed = layout.notebooks / f"{stage}.ipynb"
        try:
            papermill.execute_notebook(
                notebooks_dir / f"{stage}.ipynb",
                executed,
                parameters=parameters.for_notebook(staging),
                kernel_name=KERNEL,
                cwd=str(notebooks_dir),
                progress_bar=progress,
                execution_timeout=cell_timeout,
            )
        except papermill.PapermillExecutionError as error:
            raise StageFailed(stage, executed, error.ename, error.evalue) from None


def render_html(layout: RunLayout) -> list[Path]:
    """Every executed notebook as a self-contained HTML page, in one process."""
    exporter = HTMLExporter(template_name="lab")
    layout.html.mkdir(parents=True, exist_ok=True)
    pages = []
    for stage, title in STAGES:
        notebook = nbformat.read(layout.notebooks / f"{stage}.ipynb", as_version=4)
        body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
        page = layout.html / f"{stage}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    return pages


def _replace(output_dir: Path, staging: Path) -> None:
    """Move the finished run into place, keeping the old one until the move succeeded."""
    backup = output_dir.with_name(f".{output_dir.name}.previous")
    shutil.rmtree(backup, ignore_errors=True)
    if output_dir.exists():
        output_dir.rename(backup)
    staging.rename(output_dir)
    shutil.rmtree(backup, ignore_errors=True)


def run_report(
    parameters: ReportParameters,
    cell_timeout: int = 600,
    progress: bool | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> Path:
    """Execute every stage into ``parameters.output_dir`` and return the path of its index.html.

    Raises
    ------
    InputDataError
        Before any notebook runs, when the data cannot be analysed.
    StageFailed
        When a notebook raises; the previous report, if any, is left untouched.
    """
    if progress is None:
        progress = sys.stderr.isatty()
    # Fail fast, with the loader's message, on data the notebooks could not analyse.
    customers = load_customers(parameters.data_path, parameters.date_order)
    require_enough_customers(len(clean(customers).customers), parameters.n_clusters)
    output_dir = parameters.output_dir
    staging = _staging_dir(output_dir)
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    execute_stages(parameters, staging, cell_timeout, progress, notebooks_dir)
    layout = RunLayout(staging)
    render_html(layout)
    index_page.write(layout.index, read_summary(layout.summary), STAGES)
    _replace(output_dir, staging)
    return RunLayout(output_dir).index
