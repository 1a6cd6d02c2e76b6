"""Run the six stage notebooks with papermill, render them to HTML, write the landing page.

The run is built in a staging folder beside the output folder and moved into
place only when every stage succeeded, so a failed run never destroys the
previous report.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import nbformat
import papermill
from filelock import FileLock, Timeout
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from traitlets import Unicode
from traitlets.config import Config

from helpers.config import (
    CELL_TIMEOUT,
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    STAGE_IDS,
    ClusterSize,
    RunSettings,
    data_file,
)
from helpers.data.loading import preflight
from helpers.engine.choice import choose_engine
from helpers.errors import InputDataError
from helpers.files import replace_folder
from helpers.report import html_export, index_page, previous_report
from helpers.report.handover import read_summary
from helpers.report.run_folder import RunLayout, report_folder
from helpers.story import inert, phrases
from helpers.story.notebook_text import in_language

STAGES = phrases.stages(STAGE_IDS, "en")
KERNEL = "python3"


# ZeroMQ's ipc transport needs Unix domain sockets, which Windows builds cannot be
# relied on to have; there kernels keep TCP (and ipykernel's warning about it).
_TRANSPORT = "tcp" if sys.platform == "win32" else "ipc"
# The longest path of a Unix domain socket: 107 characters on Linux, 103 on macOS (the smaller kept).
_SOCKET_PATH_MAX = 103


def _transport(connection_file: Path) -> str:
    """ipc, unless the kernel's sockets (named after its connection file, ``kernel-ipc-N``) would not fit a Unix
    socket's address, as under a long TMPDIR: then TCP, whose warning goes to the kernel's own log."""
    longest_socket = connection_file.with_name(f"{connection_file.stem}-ipc-99")
    return "tcp" if len(str(longest_socket)) > _SOCKET_PATH_MAX else _TRANSPORT


# nbclient interrupts a cell that exceeds the timeout and, given this error, fails it.
_TIMED_OUT = {"ename": "CellTimeoutError", "evalue": "the cell exceeded the timeout", "traceback": []}
# What papermill then reports: the interrupt's own KeyboardInterrupt, or its generic
# CellExecutionError when that output was not recorded. Kernels run in a session of
# their own, so a timeout is the only thing that interrupts them.
_TIMEOUT_ERRORS = frozenset({"KeyboardInterrupt", "CellExecutionError", _TIMED_OUT["ename"]})


class StageKernelManager(AsyncKernelManager):
    """The kernel of one stage: its own stderr in a log file, asked to stop when the stage is done.

    What a cell writes to stderr reaches the notebook as messages; the kernel
    process's own stderr carries only its internals, among them races of
    ZeroMQ's and ipykernel's shutdown ("Assertion failed: pfd.revents & POLLIN",
    "Uncaught exception in ZMQStream callback") that are harmless once the stage
    is done but would land on the user's terminal. They go to ``stderr_log``,
    which the runner reads when a kernel dies.

    ``shutdown_kernel`` normally interrupts the kernel before asking it to shut
    down. A stage ends with its kernel idle, and an interrupt that lands while it
    finishes replying to papermill's last request is logged as "KeyboardInterrupt
    caught in kernel". A kernel that does not stop when asked (Ctrl-C during a
    long cell) is still terminated by ``finish_shutdown``.
    """

    stderr_log = Unicode("", help="file that receives the kernel process's stderr").tag(config=True)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if not self.stderr_log:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        with open(self.stderr_log, "ab") as log:  # the kernel keeps its own copy of the descriptor
            return await super()._async_launch_kernel(kernel_cmd, **{**kw, "stderr": log})

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        await _let_go_of_an_abandoned_cell()
        if now or restart:
            await super().shutdown_kernel(now=now, restart=restart)
            return
        await self.request_shutdown()
        await self.finish_shutdown()
        await self.cleanup_resources()


# What nbclient runs as tasks while it awaits a cell: the cell, its reply, its output and the kernel's watcher.
_NBCLIENT_TASK = "NotebookClient."


async def _let_go_of_an_abandoned_cell() -> None:
    """Cancel the tasks of a cell a stop left behind and collect their ends, before its kernel is shut down.

    Ctrl-C or SIGTERM raised while nbclient awaits a cell leaves the cell's tasks on the event loop that then
    shuts the kernel down. Their watcher checks every second whether the kernel lives: once it has gone, the
    watcher logs "Kernel died while waiting for execute reply" and the cell's task ends in ``DeadKernelError``
    that no one awaits, which asyncio prints as a traceback after the run's one line (CI, under load). A stage
    that ended by itself has no such task left.
    """
    current = asyncio.current_task()
    abandoned = [
        task
        for task in asyncio.all_tasks()
        if task is not current and task.get_coro().__qualname__.startswith(_NBCLIENT_TASK)
    ]
    for task in abandoned:
        task.cancel()
    await asyncio.gather(*abandoned, return_exceptions=True)  # nbclient turns the cell's cancellation into an error


@contextmanager
def _kernel_config() -> Iterator[tuple[Config, Path]]:
    """How a stage's kernel is reached, and where its stderr goes: a private folder that goes away with the stage.

    Over TCP without CurveZMQ keys every kernel warns that its traffic is
    unencrypted. A Unix socket in a folder only this user can open (mode 0700)
    is reachable by no one else. The sockets are named after the connection file,
    so it is placed in that folder too; without one they would be relative paths
    in the folder the kernel starts in.
    """
    with tempfile.TemporaryDirectory(prefix="personas-kernel-") as private:
        log = Path(private) / "kernel-stderr.log"
        connection_file = Path(private) / "kernel.json"
        connection = {"transport": _transport(connection_file), "connection_file": str(connection_file)}
        yield Config({"KernelManager": connection, "StageKernelManager": {"stderr_log": str(log)}}), log


def _last_line(log: Path) -> str:
    lines = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
    return lines[-1] if lines else "no message"


# What distributed raises once a task has seen more workers die under it than the scheduler allows.
WORKERS_KEPT_DYING = "KilledWorker"
# Why distributed cancels a kernel's tasks when its scheduler went away.
SCHEDULER_LOST = "scheduler-connection-lost"
# How the OS says a disk is full, in Python's errors and in Arrow's alike.
DISK_FULL = os.strerror(errno.ENOSPC)


class StageFailed(RuntimeError):
    """A notebook raised; the message names the stage and its partly executed notebook.

    The error's text can quote the input (a file or column name), so each part is made
    inert for a terminal here, where the message's own line break is still told apart.
    """

    def __init__(self, stage: str, notebook: Path, error_name: str, error_value: str):
        self.error_name, self.error_value = error_name, error_value
        # A data problem found inside a notebook reads like the same problem found up front: one line.
        self.is_data_error = error_name == InputDataError.__name__
        error_value, shown = inert.terminal(error_value), inert.terminal(notebook)
        if self.is_data_error:
            super().__init__(f"stage {stage} failed: {error_value}")
        elif DISK_FULL in error_value:
            super().__init__(
                f"stage {stage} failed: {DISK_FULL.lower()}: the report is built in "
                f"{inert.terminal(notebook.parent.parent)} and Dask spills to the system's temporary folder "
                f"({inert.terminal(tempfile.gettempdir())}); free space there and rerun; partly executed notebook: "
                f"{shown}"
            )
        elif SCHEDULER_LOST in error_value:
            super().__init__(
                f"stage {stage} failed: the connection to the Dask scheduler was lost while its tasks ran (the "
                f"scheduler stopped, or the network between them failed); partly executed notebook: {shown}"
            )
        elif error_name == WORKERS_KEPT_DYING:
            # Dask's own text runs to several sentences about logs; what a user can act on is the memory.
            super().__init__(
                f"stage {stage} failed: the Dask workers running one of its tasks kept dying ({error_name}); a "
                "worker killed for memory needs a larger --memory-limit, fewer workers or smaller input files; "
                f"partly executed notebook: {shown}"
            )
        else:
            super().__init__(
                f"stage {stage} failed: {inert.terminal(error_name)}: {error_value}\npartly executed notebook: {shown}"
            )
        self.stage = stage
        self.notebook = notebook


def _staging_dir(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}.partial")


@contextmanager
def _run_cluster(
    settings: RunSettings, size: ClusterSize | None, announce: Callable[[str], None], staging: Path
) -> Iterator[RunSettings]:
    """The settings the stages run with: on Dask, the address of the run's one cluster (the scheduler given, or a
    local cluster closed with its spill folder when the block ends, however it ends), whose every worker can write
    beside ``staging`` (``size``: the local cluster's, by default the machine's); on pandas, no Dask at all."""
    if settings.engine != "dask":
        yield settings
        return
    from helpers.engine.cluster import cluster_for_run

    size = size or ClusterSize.of_machine()
    with cluster_for_run(settings.scheduler or None, size.workers, size.memory_limit, staging.parent) as cluster:
        if cluster.dashboard:
            announce(f"Dask dashboard: {cluster.dashboard}")
        yield dataclasses.replace(settings, scheduler=cluster.address)


def execute_stages(
    settings: RunSettings,
    staging: Path,
    cell_timeout: int,
    progress: bool,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    cluster: ClusterSize | None = None,
    announce: Callable[[str], None] = lambda line: None,
) -> None:
    """Run every stage notebook into ``staging``, stopping at the first that raises.

    With the Dask engine one cluster serves every stage (``_run_cluster``) and is gone when this returns or
    raises. On a terminal each stage gets a progress bar counting its cells, labelled
    ``[n/6] Stage``; elsewhere (CI, pipes, a log file) ``announce`` gets one line per stage as it finishes, with
    its seconds, so that a long run is never silent.
    """
    with _run_cluster(settings, cluster, announce, staging) as settings:
        _execute_each_stage(settings, staging, cell_timeout, progress, notebooks_dir, announce)


def _execute_each_stage(
    settings: RunSettings,
    staging: Path,
    cell_timeout: int,
    progress: bool,
    notebooks_dir: Path,
    announce: Callable[[str], None],
) -> None:
    layout = RunLayout(staging)
    layout.notebooks.mkdir(parents=True, exist_ok=True)
    parameters = dataclasses.replace(settings, output_dir=str(staging)).as_parameters()
    for number, (stage, title) in enumerate(phrases.stages(STAGE_IDS, settings.lang), start=1):
        executed = layout.notebooks / f"{stage}.ipynb"
        started = time.monotonic()
        with _kernel_config() as (kernel_config, kernel_log):
            try:
                papermill.execute_notebook(
                    in_language(notebooks_dir / f"{stage}.ipynb", settings.lang),
                    executed,
                    parameters=parameters,
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
            except DeadKernelError:  # killed (out of memory, a signal) or crashed
                raise StageFailed(
                    stage, executed, "DeadKernelError", f"the kernel died ({_last_line(kernel_log)})"
                ) from None
        if not progress:
            announce(f"[{number}/{len(STAGES)}] {title}: {time.monotonic() - started:.1f} s")


def render_html(layout: RunLayout, lang: str = "en") -> list[Path]:
    """Every executed notebook as two self-contained pages, in one process.

    ``html/<stage>.html`` is the analyst view (the notebook as run, with code);
    ``html/<stage>.business.html`` is the business view (results and text only).
    Titles and navigation are in ``lang``, like the notebooks' own text.
    """
    exporters = {view: html_export.exporter(view, lang) for view in html_export.VIEWS}
    stages = phrases.stages(STAGE_IDS, lang)
    pages = []
    for number, (stage, _) in enumerate(stages):
        notebook = nbformat.read(layout.notebooks / f"{stage}.ipynb", as_version=4)
        for view, exporter in exporters.items():
            page = html_export.Page(layout, stages, number, view, lang)
            pages.append(html_export.render(page, notebook, exporter))
    return pages


def _record_final_folder(layout: RunLayout, output_dir: Path) -> None:
    """Make the executed notebooks name the folder the report is published in, not the one it was built in.

    The notebooks ran into the staging folder, so their papermill parameters and every path they
    printed (the scorer's command among them) name it; the staging folder's name is unique, so a
    plain replacement puts the final folder in its place, absolute and project-relative alike.
    """
    replacements = [(str(layout.root), str(output_dir))]
    if layout.root.is_relative_to(PROJECT_ROOT) and output_dir.is_relative_to(PROJECT_ROOT):
        replacements.append((str(layout.root.relative_to(PROJECT_ROOT)), str(output_dir.relative_to(PROJECT_ROOT))))
    for notebook in layout.notebooks.glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        for built_in, published_in in replacements:
            # JSON escapes nothing in a path but backslashes (Windows), which json.dumps gives the same way.
            text = text.replace(json.dumps(built_in)[1:-1], json.dumps(published_in)[1:-1])
        notebook.write_text(text, encoding="utf-8")


def _keep_failed_notebook(failure: StageFailed, output_dir: Path) -> StageFailed:
    """Move the partly executed notebook of a failed stage beside the report, where the user can open it."""
    kept = output_dir.with_name(f"{output_dir.name}.failed") / failure.notebook.name
    shutil.rmtree(kept.parent, ignore_errors=True)
    kept.parent.mkdir(parents=True)
    shutil.move(failure.notebook, kept)
    return StageFailed(failure.stage, kept, failure.error_name, failure.error_value)


@contextmanager
def _one_run_at_a_time(output_dir: Path) -> Iterator[None]:
    """Hold the output folder for this run; a second run into it is refused at once, naming this one.

    The operating system releases the lock when a run ends, however it ends (even killed), so a
    stale lock file never blocks the next run; the owner file beside it only says who holds it.
    """
    lock_path = output_dir.with_name(f".{output_dir.name}.lock")
    owner = lock_path.with_name(lock_path.name + ".owner")
    lock = FileLock(lock_path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = owner.read_text().strip() if owner.exists() else "another process"
        raise InputDataError(
            f"another report run ({holder}) is writing {output_dir}; wait for it to finish or choose another --out."
        ) from None
    try:
        owner.write_text(f"process {os.getpid()}, started {datetime.now().astimezone():%Y-%m-%d %H:%M:%S}\n")
        yield
    finally:
        # Removed while still held: a run that opened the old file sees it unlinked and takes a fresh one.
        owner.unlink(missing_ok=True)
        lock_path.unlink(missing_ok=True)
        lock.release()


def run_report(
    settings: RunSettings,
    cell_timeout: int = CELL_TIMEOUT,
    progress: bool | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    cluster: ClusterSize | None = None,
    announce: Callable[[str], None] = lambda line: None,
) -> Path:
    """Execute every stage into ``settings.output_dir`` and return the path of its index.html.

    The command line looks at the input quickly (readable, the required columns,
    valid first rows); the data-preparation stage reads and validates all of it.
    The run is built in a staging folder that never outlives it: on success it becomes
    the report, on failure it is removed (a failed stage's notebook is kept in
    ``<output>.failed/``).

    Raises
    ------
    InputDataError
        Before any notebook runs, when the file cannot be analysed or another run holds the folder.
    StageFailed
        When a notebook raises; the previous report, if any, is left untouched.
    """
    if progress is None:
        progress = sys.stderr.isatty()
    output_dir = report_folder(settings.output_dir)
    data = data_file(settings.data_path)
    preflight(data, settings.sheet or None)
    # The stages receive pandas or dask, never auto; a Dask run without a scheduler gets one below (_run_cluster).
    engine, _ = choose_engine(settings.engine, data, settings.scheduler or None, settings.sheet or None)
    settings = dataclasses.replace(settings, engine=engine)
    previous_report.refuse_same_folder(settings.previous, output_dir)
    previous_report.open_previous(settings.previous)  # an unusable earlier report stops the run before it starts
    staging = _staging_dir(output_dir)
    with _one_run_at_a_time(output_dir):
        shutil.rmtree(staging, ignore_errors=True)  # left by a run that was killed
        staging.parent.mkdir(parents=True, exist_ok=True)
        try:
            execute_stages(settings, staging, cell_timeout, progress, notebooks_dir, cluster, announce)
            layout = RunLayout(staging)
            _record_final_folder(layout, output_dir)
            render_html(layout, settings.lang)
            stages = phrases.stages(STAGE_IDS, settings.lang)
            summary = read_summary(layout.summary)
            index_page.write(layout, summary, stages, index_page.executed_run(layout))
            replace_folder(staging, output_dir)
        except StageFailed as failure:
            if failure.is_data_error:  # the message says it all: nothing of the run is worth keeping
                raise
            raise _keep_failed_notebook(failure, output_dir) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(output_dir.with_name(f"{output_dir.name}.failed"), ignore_errors=True)
    for warning in index_page.warnings(summary, "en"):  # what the landing page warns of, on the terminal too
        announce(f"warning: {warning}")
    return RunLayout(output_dir).index
