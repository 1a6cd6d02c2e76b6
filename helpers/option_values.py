"""What an option accepts: each parser turns the text given on the command line into its value, or says why not.

``argparse`` calls them and prints their message as the option's one-line error. ``config``
names them in the run settings' declaration, so this module imports only the standard library.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable


def integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def positive_int(text: str) -> int:
    value = integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def non_negative_int(text: str) -> int:
    value = integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or a positive integer, got {text}")
    return value


def _amount(text: str, positive: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise argparse.ArgumentTypeError(f"must be a {'positive' if positive else 'non-negative'} number, got {text}")
    return value


def cost(text: str) -> float:
    return _amount(text, positive=False)


def revenue(text: str) -> float:
    # The break-even probability is cost / revenue.
    return _amount(text, positive=True)


def budget(text: str) -> float:
    # A budget of nothing plans no campaign; one below a contact's cost is refused once the cost is known.
    return _amount(text, positive=True)


def cluster_count(allowed: range) -> Callable[[str], int]:
    """A parser of the number of clusters: one of ``allowed``, the k the modeling stage searches."""

    def parse(text: str) -> int:
        # The modeling stage reports the chosen k's scores from its search, so k must be one it scores.
        value = integer(text)
        if value not in allowed:
            first, last = allowed.start, allowed.stop - 1
            raise argparse.ArgumentTypeError(f"the number of clusters must be between {first} and {last}, got {text}")
        return value

    return parse


# Dask's communication protocols; an address without one is taken as tcp://.
_PROTOCOLS = ("tcp", "tls", "ucx", "ws", "wss")
_ADDRESS = re.compile(r"^(?:(?P<protocol>[a-z]+)://)?(?P<host>\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+)(?::(?P<port>\d+))?/?$")


def scheduler_address(text: str) -> str:
    """A Dask scheduler's address as given (``tcp://10.0.0.5:8786``, ``10.0.0.5:8786``); empty stays empty."""
    if text == "":
        return text
    match = _ADDRESS.match(text.strip())
    if not match or (match["protocol"] and match["protocol"] not in _PROTOCOLS) or (match["port"] or "1") == "0":
        raise argparse.ArgumentTypeError(f"must be a Dask scheduler address such as tcp://10.0.0.5:8786, got {text!r}")
    return text.strip()


# Dask's sizes: decimal (kB, MB, GB, TB) and binary (KiB, MiB, GiB, TiB) units, any case, ``B`` optional.
_SIZE = re.compile(r"^\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[kmgt]i?)?b?\s*$", re.IGNORECASE)
_UNIT_BYTES = {"": 1, **{p: 1000 ** (i + 1) for i, p in enumerate("kmgt")}}
_UNIT_BYTES |= {f"{p}i": 1024 ** (i + 1) for i, p in enumerate("kmgt")}


def size_in_bytes(text: str) -> int:
    """Bytes in a size as Dask writes them: ``4GiB``, ``500MB``, ``2 gb``, ``1073741824``."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"must be a size such as 4GiB or 500MB, got {text!r}")
    return int(float(match["number"]) * _UNIT_BYTES[(match["unit"] or "").lower()])


def worker_memory(minimum: str) -> Callable[[str], str]:
    """A parser of the memory of one worker: a size of at least ``minimum``, kept as written."""

    def parse(text: str) -> str:
        if size_in_bytes(text) < size_in_bytes(minimum):
            raise argparse.ArgumentTypeError(f"must be at least {minimum} for a worker to run at all, got {text}")
        return text.strip()

    return parse
