"""Run the six stage notebooks with papermill, render them to HTML, write the landing page.

The run is built in a staging folder beside the output folder and moved into
place only when every stage succeeded, so a failed run never destroys the
previous report.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from traitlets.config import Config

from helpers import html_export, index_page, language
from helpers.artifacts import read_summary
from helpers.cleaning import require_analysable
from helpers.errors import InputDataError
from helpers.loading import load_customers
from helpers.modeling import SAMPLING_THRESHOLD
from helpers.paths import NOTEBOOKS_DIR, RunLayout, report_folder

STAGE_IDS = (
    "00_problem_statement",
    "01_data_preparation",
    "02_exploratory_analysis",
    "03_modeling",
    "04_persona_analysis",
    "05_recommendations",
)
STAGES = language.stages(STAGE_IDS, "en")
KERNEL = "python3"


# ZeroMQ's ipc transport needs Unix domain sockets, which Windows builds cannot be
# relied on to have; there kernels keep TCP (and ipykernel's warning about it).
_TRANSPORT = "tcp" if sys.platform == "win32" else "ipc"


# nbclient interrupts a cell that exceeds the timeout and, given this error, fails it.
_TIMED_OUT = {"ename": "CellTimeoutError", "evalue": "the cell exceeded the timeout", "traceback": []}
# What papermill then reports: the interrupt's own KeyboardInterrupt, or its generic
# CellExecutionError when that output was not recorded. Kernels run in a session of
# their own, so a timeout is the only thing that interrupts them.
_TIMEOUT_ERRORS = frozenset({"KeyboardInterrupt", "CellExecutionError", _TIMED_OUT["ename"]})


class StageKernelManager(AsyncKernelManager):
    """The kernel of one stage: asked to stop when the stage is done, not interrupted first.

    ``shutdown_kernel`` normally interrupts the kernel before asking it to shut
    down. A stage ends with its kernel idle, and an interrupt that lands while it
    finishes replying to papermill's last request is logged on stderr as
    "KeyboardInterrupt caught in kernel". A kernel that does not stop when asked
    (Ctrl-C during a long cell) is still terminated by ``finish_shutdown``.
    """

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        if now or restart:
            await super().shutdown_kernel(now=now, restart=restart)
            return
        await self.request_shutdown()
        await self.finish_shutdown()
        await self.cleanup_resources()


@contextmanager
def _kernel_config() -> Iterator[Config]:
    """How a stage's kernel is reached: a Unix socket in a private folder that goes away with the stage.

    Over TCP without CurveZMQ keys every kernel warns that its traffic is
    unencrypted. A Unix socket in a folder only this user can open (mode 0700)
    is reachable by no one else. The sockets are named after the connection file,
    so it is placed in that folder too; without one they would be relative paths
    in the folder the kernel starts in.
    """
    with tempfile.TemporaryDirectory(prefix="personas-kernel-") as private:
        yield Config({"KernelManager": {"transport": _TRANSPORT, "connection_file": str(Path(private) / "kernel.json")}})


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
    """Run every stage notebook into ``staging``, stopping at the first that raises.

    On a terminal each stage gets a progress bar counting its cells, labelled
    ``[n/6] Stage``; elsewhere (CI, pipes, tests) the run prints nothing.
    """
    layout = RunLayout(staging)
    layout.notebooks.mkdir(parents=True, exist_ok=True)
    for number, (stage, title) in enumerate(language.stages(STAGE_IDS, parameters.lang), start=1):
        executed = layout.notebooks / f"{stage}.ipynb"
        try:
            with _kernel_config() as kernel_config:
                papermill.execute_notebook(
                    notebooks_dir / f"{stage}.ipynb",
                    executed,
                    parameters=parameters.for_notebook(staging),
                    kernel_name=KERNEL,
                    cwd=str(notebooks_dir),
                    progress_bar={"desc": f"[{number}/{len(STAGES)}] {title}"} if progress else False,
                    execution_timeout=cell_timeout,
                    # A cell over the timeout is interrupted and fails its stage, so no
                    # kernel is still busy when it is shut down.
                    interrupt_on_timeout=True,
                    error_on_timeout=_TIMED_OUT,
                    # Passed on to nbclient, which creates, owns and shuts down the kernel.
                    kernel_manager_class=StageKernelManager,
                    config=kernel_config,
                )
        except papermill.PapermillExecutionError as error:
            if error.ename in _TIMEOUT_ERRORS:
                reason = f"a cell ran longer than {cell_timeout} s (raise --cell-timeout if the data needs it)"
                raise StageFailed(stage, executed, _TIMED_OUT["ename"], reason) from None
            raise StageFailed(stage, executed, error.ename, error.evalue) from None


def render_html(layout: RunLayout, lang: str = "en") -> list[Path]:
    """Every executed notebook as two self-contained pages, in one process.

    ``html/<stage>.html`` is the analyst view (the notebook as run, with code);
    ``html/<stage>.business.html`` is the business view (results and text only).
    Titles and navigation are in ``lang``, like the notebooks' own text.
    """
    exporters = {view: html_export.exporter(view, lang) for view in html_export.VIEWS}
    stages = language.stages(STAGE_IDS, lang)
    pages = []
    for number, (stage, _) in enumerate(stages):
        notebook = nbformat.read(layout.notebooks / f"{stage}.ipynb", as_version=4)
        for view, exporter in exporters.items():
            page = html_export.Page(layout, stages, number, view, lang)
            pages.append(html_export.render(page, notebook, exporter))
    return pages


def run_record(layout: RunLayout) -> index_page.RunRecord:
    """When the run started and with which parameters, as papermill recorded them in the first notebook."""
    first = nbformat.read(layout.notebooks / f"{STAGES[0][0]}.ipynb", as_version=4)
    papermill_metadata = first.metadata["papermill"]
    return index_page.RunRecord(
        started=datetime.fromisoformat(papermill_metadata["start_time"]),
        parameters=dict(papermill_metadata["parameters"]),
    )


def _replace(output_dir: Path, staging: Path) -> None:
    """Move the finished run into place, keeping the old one until the move succeeded."""
    backup = output_dir.with_name(f".{output_dir.name}.previous")
    shutil.rmtree(backup, ignore_errors=True)
    if output_dir.exists():
        output_dir.rename(backup)
    staging.rename(output_dir)
    shutil.rmtree(backup, ignore_errors=True)


def _require_analysable(parameters: ReportParameters) -> None:
    """Fail fast, with the loader's message, on data the notebooks could not analyse.

    A function of its own so that the table is freed before the kernels start:
    at ten million customers it is gigabytes the run would otherwise hold twice.
    """
    customers = load_customers(parameters.data_path, parameters.date_order)
    require_analysable(customers, parameters.reference_year, parameters.n_clusters)


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
    output_dir = report_folder(parameters.output_dir)
    _require_analysable(parameters)
    staging = _staging_dir(output_dir)
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    execute_stages(parameters, staging, cell_timeout, progress, notebooks_dir)
    layout = RunLayout(staging)
    render_html(layout, parameters.lang)
    index_page.write(layout, read_summary(layout.summary), language.stages(STAGE_IDS, parameters.lang), run_record(layout))
    _replace(output_dir, staging)
    return RunLayout(output_dir).index
