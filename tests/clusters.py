"""The local Dask cluster the tests run on: two single-threaded worker processes on 127.0.0.1, quiet."""

from __future__ import annotations

import logging

from distributed import LocalCluster


def small_local_cluster() -> LocalCluster:
    """A cluster to use as a context manager; its dashboard on a free port, so tests never collide."""
    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
