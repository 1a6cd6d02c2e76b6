"""The Dask cluster a command or a report run works on: a running scheduler (any deployment: ``dask scheduler``
on a machine, dask-kubernetes, dask-jobqueue), or a LocalCluster started for the command and closed with it.

A report starts one cluster for the whole run (``cluster_for_run``) and hands its address to every stage's
kernel, which connects a client of its own (``seam.run_engine``); ``score`` works through one client
(``dask_client``). Either way the local cluster's workers spill into a folder of the system's temporary area
that goes away with the cluster, and they ignore Ctrl-C: the command that started them closes them, so a
Ctrl-C sent to the whole process group (as a terminal does) stops the run once, not every worker with a
traceback of its own.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from distributed import Client, LocalCluster

from helpers import config, option_values, signals
from helpers.errors import EngineError


def connect(address: str) -> Client:
    """A client of the scheduler at ``address``; EngineError in one line naming it when none answers there."""
    try:
        return Client(address, timeout=config.DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:  # refused, timed out, not an address
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EngineError(f"cannot reach a Dask scheduler at {address} ({reason}).") from None


@contextmanager
def local_cluster(workers: int, memory_limit: str) -> Iterator[LocalCluster]:
    """``workers`` single-threaded processes that spill to disk as they near ``memory_limit`` each (a Dask size:
    ``4GiB``, ``500MB``), with a dashboard on a free port; closed, and their spill folder removed, on the way out."""
    spill = tempfile.mkdtemp(prefix="personas-dask-")
    try:
        # Processes, not threads: validation and scoring hold the GIL much of the time. Dask's own log lines
        # would bury the command's one-line result: a worker restarted, a port taken, and even its errors (a
        # task whose workers kept dying logs every key it could not gather, 200 of them on one line at
        # 50,000,000 customers), which the stage's failure already says in one line.
        # Worker processes started in here ignore SIGINT (an ignored signal stays ignored in a child process).
        with signals.handled(signal.SIGINT, signal.SIG_IGN):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                memory_limit=option_values.size_in_bytes(memory_limit),
                local_directory=spill,
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,
            )
        with cluster:
            yield cluster
    finally:
        shutil.rmtree(spill, ignore_errors=True)


@contextmanager
def dask_client(scheduler: str | None, workers: int, memory_limit: str) -> Iterator[Client]:
    """A client on ``scheduler``, or on a local cluster of ``workers`` processes (``local_cluster``)."""
    if scheduler:
        with connect(scheduler) as client:
            yield client
        return
    with local_cluster(workers, memory_limit) as cluster, Client(cluster) as client:
        yield client


@dataclass(frozen=True)
class RunCluster:
    """Where a run's stages find their cluster, and where a person watches it."""

    address: str
    dashboard: str | None


@contextmanager
def cluster_for_run(
    scheduler: str | None, workers: int, memory_limit: str, output_folder: Path
) -> Iterator[RunCluster]:
    """The one cluster of a report run: the scheduler given (reached once here, so that an unreachable one
    stops the run before any stage), or a local cluster that lives exactly as long as the ``with`` block; either
    way every worker must be able to write into ``output_folder``, where the run's hand-overs are built."""
    with dask_client(scheduler, workers, memory_limit) as client:
        writable_by_every_worker(client, output_folder)
        yield RunCluster(scheduler or client.scheduler.address, dashboard_link(client))


def writable_by_every_worker(client: Client, folder: Path) -> None:
    """EngineError, in one line naming the worker, when one of the cluster's workers cannot create a file in
    ``folder``: a folder on one machine that the workers of another do not see, or may not write."""
    answers = client.run(_why_not_writable, str(folder))
    for worker, problem in sorted(answers.items()):
        if problem:
            raise EngineError(
                f"the Dask worker at {worker} cannot write into {folder} ({problem}), where the report's hand-overs "
                "are built: give --out a folder every worker sees at the same path (one machine or a shared mount)."
            )


def _why_not_writable(folder: str) -> str:
    """Empty when this process can create and remove a file in ``folder``; else why not (run on each worker)."""
    probe = Path(folder) / f".worker-write-check-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return error.strerror or type(error).__name__
    return ""


def dashboard_link(client: Client) -> str | None:
    """The scheduler's dashboard address, when it serves one."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None
