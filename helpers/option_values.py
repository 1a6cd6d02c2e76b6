"""What an option accepts: each parser turns the text given on the command line into its value, or says why not.

``argparse`` calls them and prints their message as the option's one-line error. ``config``
names them in the run settings' declaration, so this module imports only the standard library.
"""

from __future__ import annotations

import argparse
import math
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
