"""Numbers as a reader expects them: money in the data's currency, shares, counts."""

from __future__ import annotations

from helpers.data.currency import RUPIAH


def money(value: float, currency: str) -> str:
    """``Rp 1.116.000`` for rupiah (Indonesian grouping), ``1,116`` otherwise."""
    if currency == RUPIAH:
        return "Rp " + f"{value:,.0f}".replace(",", ".")
    return f"{value:,.0f}"


def money_axis_label(what: str, currency: str) -> str:
    return f"{what} ({'Rp' if currency == RUPIAH else 'plain units'})"


def percent(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}%"


def count(value: float) -> str:
    return f"{value:,.0f}"


def signed(value: float, digits: int = 0) -> str:
    """A number with a true minus sign (whole unless ``digits``): a loss must not read as a hyphenated range."""
    return f"{value:,.{digits}f}".replace("-", "\u2212")
