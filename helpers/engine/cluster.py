"""The Dask client a command runs on: connected to a running scheduler (any deployment: ``dask scheduler``
on a machine, dask-kubernetes, dask-jobqueue), or to a LocalCluster started for the command and closed
with it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from distributed import Client, LocalCluster

from helpers import config, option_values
from helpers.errors import EngineError


def _connect(address: str) -> Client:
    try:
        return Client(address, timeout=config.DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:  # refused, timed out, not an address
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EngineError(f"cannot reach a Dask scheduler at {address} ({reason}).") from None


@contextmanager
def dask_client(scheduler: str | None, workers: int, memory_limit: str) -> Iterator[Client]:
    """A client on ``scheduler``, or on a local cluster of ``workers`` single-threaded processes that spill to
    disk as they near ``memory_limit`` each (a Dask size: ``4GiB``, ``500MB``)."""
    if scheduler:
        with _connect(scheduler) as client:
            yield client
        return
    limit = option_values.size_in_bytes(memory_limit)  # checked by the command line; the default is a size too
    # Processes, not threads: validation and scoring hold the GIL much of the time. Dask's own log lines
    # (a worker restarted, a port taken) would bury the command's one-line result, so only errors show.
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=limit,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def dashboard_link(client: Client) -> str | None:
    """The scheduler's dashboard address, when it serves one."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None
