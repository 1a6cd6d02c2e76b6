"""The report's words in other languages than English: one gettext catalog per language, read through Babel.

English is the source language: every message a reader sees is written in English in the code, and
``helpers/locale/<lang>/LC_MESSAGES/messages.po`` translates it. ``make translations`` extracts the messages
(``pybabel extract``) into ``helpers/locale/messages.pot`` and brings every catalog up to date with it; a
translator opens the ``.po`` file in any gettext tool. The catalogs are compiled in memory the first time a
language is asked for, so no compiled copy is kept beside them.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path

from babel.messages import mofile, pofile
from babel.support import Translations

from helpers.config import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

DOMAIN = "messages"
# The markers ``pybabel extract`` reads beyond Babel's own (``N_``, ``ngettext``...): the Makefile passes them as
# ``-k Nn_:1,2``, and the catalog test reads them here.
KEYWORDS = {"Nn_": (1, 2)}


def N_(message: str) -> str:  # noqa: N802 - gettext's name for a message marked but not yet translated
    """``message`` itself, marked for ``pybabel extract``: a table of messages is made once, at import, and each
    message translated when a language is asked for (``translated``)."""
    return message


@dataclass(frozen=True)
class Counted:
    """A message about a number of something (``Nn_``): its English singular and plural, and the placeholder that
    holds the number, which decides the form a language uses (``ngettext``)."""

    singular: str
    plural: str
    number: str


def Nn_(singular: str, plural: str, number: str = "count") -> Counted:  # noqa: N802 - named after N_
    """A message with plural forms, marked for ``pybabel extract`` (``KEYWORDS``) as ``N_`` marks one without:
    a table keeps it, and the form is chosen when the number is known (``phrases.sentence``)."""
    return Counted(singular, plural, number)


def known_language(lang: str) -> str:
    """``lang`` if the report speaks it; a ValueError naming the languages otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The messages of ``lang``, its catalog compiled in memory (English is the messages themselves)."""
    if known_language(lang) == SOURCE_LANGUAGE:
        return NullTranslations()
    with catalog_path(lang).open("rb") as source:
        catalog = pofile.read_po(source, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalog)  # leaves fuzzy messages out, as msgfmt does: they read in English
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translated(message: str, lang: str) -> str:
    """``message`` (English, as marked with ``N_``) in ``lang``."""
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """The form of a message about ``n`` of something (``Nn_``) that ``lang`` uses for ``n``: its catalog's plural
    rule, from CLDR (English tells one from many, Indonesian does not)."""
    return translations(lang).ngettext(singular, plural, n)
