"""Numbers as a reader of the report's language writes them, from Babel's locale data.

English writes ``1,840``, ``12.6%``, ``4.33``; Indonesian ``1.840``, ``12,6%``, ``4,33``. Every
number a reader sees goes through here, with the report's language, so that no page mixes the
two. Losses get a true minus sign (U+2212): a hyphen reads as a range.
"""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from helpers.data.currency import RUPIAH
from helpers.story.translation import known_language

MINUS = "\u2212"


def _locale(lang: str) -> str:
    """A report language is named as Babel names its locale (a catalog's folder is that name)."""
    return known_language(lang)


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def count(value: float, lang: str) -> str:
    """A whole number with the language's grouping: ``1,840`` / ``1.840``."""
    return _minus(format_decimal(round(float(value)), "#,##0", locale=_locale(lang)))


def year(value: float, lang: str) -> str:
    """A calendar year, never grouped: ``1957``."""
    return _minus(str(round(float(value))))


def decimal(value: float, lang: str, digits: int = 2) -> str:
    """A number with ``digits`` decimals: ``4.33`` / ``4,33``."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return _minus(format_decimal(value, pattern, locale=_locale(lang)))


def percent(value: float, lang: str, digits: int = 1) -> str:
    """``value`` percent (12.6 for 12.6%): ``12.6%`` / ``12,6%``."""
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return _minus(format_percent(value / 100, pattern, locale=_locale(lang)))


def share(fraction: float, lang: str, digits: int = 1) -> str:
    """A fraction (0.126) as a percentage: ``12.6%``."""
    return percent(100 * fraction, lang, digits)


def money(value: float, currency: str, lang: str) -> str:
    """An amount in the data's currency: ``Rp 1,116,000`` / ``Rp 1.116.000``; plain units without a symbol."""
    amount = count(value, lang)
    return f"Rp {amount}" if currency == RUPIAH else amount


def amount(value: float, lang: str) -> str:
    """A cost or revenue in the case study's units, whole when it is: ``3``, ``11``, ``2.5`` / ``2,5``."""
    return count(value, lang) if float(value).is_integer() else decimal(value, lang)


def money_scale(currency: str) -> float:
    """What an axis of amounts counts in: millions of rupiah, thousands of plain units."""
    return 1e6 if currency == RUPIAH else 1e3


def signed(value: float, lang: str, digits: int = 0) -> str:
    """A profit or loss: ``+1,250`` / ``−1.947`` (zero unsigned); ``digits`` decimals for amounts per contact."""
    text = decimal(value, lang, digits) if digits else count(value, lang)
    return f"+{text}" if round(value, digits) > 0 else text
