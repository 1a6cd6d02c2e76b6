"""What a signal does while a block of code runs, put back afterwards.

Only the main thread may set a signal's handler; in any other thread (a test's, a notebook's worker thread) the
block runs with the handler as it was.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def handled(signal_number: int, handler: Callable | int) -> Iterator[None]:
    """``handler`` (a function, ``signal.SIG_IGN`` or ``signal.SIG_DFL``) for ``signal_number`` inside the block."""
    try:
        previous = signal.signal(signal_number, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal_number, previous)
