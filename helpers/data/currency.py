"""The currency of the money columns: rupiah in the Rakamin file, plain units in the public original."""

from __future__ import annotations

import pandas as pd

RUPIAH = "rupiah"
PLAIN = "plain units"

RUPIAH_PER_PLAIN_UNIT = 1_000

# The Rakamin file is the public original times 1,000: yearly incomes in the
# millions mean rupiah, in the tens of thousands mean the original's units.
_RUPIAH_MEDIAN_INCOME = 1_000_000


def detect_currency(income: pd.Series, layout_name: str = "rakamin") -> str:
    """``RUPIAH`` when incomes are in rupiah, else ``PLAIN``; the public original is always plain units."""
    if layout_name == "original":
        return PLAIN
    median = income.median()
    return PLAIN if pd.notna(median) and median < _RUPIAH_MEDIAN_INCOME else RUPIAH


def convert_amounts(customers: pd.DataFrame, amounts, source: str, target: str) -> pd.DataFrame:
    """The customers with their money columns converted from one currency to the other (``RUPIAH`` or
    ``PLAIN``); a name of neither is a programming error, refused rather than read as plain units."""
    unknown = [name for name in (source, target) if name not in (RUPIAH, PLAIN)]
    if unknown:
        raise ValueError(f"unknown currency {unknown[0]!r}; expected {RUPIAH!r} or {PLAIN!r}")
    if source == target:
        return customers
    factor = RUPIAH_PER_PLAIN_UNIT if target == RUPIAH else 1 / RUPIAH_PER_PLAIN_UNIT
    return customers.assign(**{column: customers[column] * factor for column in amounts})
