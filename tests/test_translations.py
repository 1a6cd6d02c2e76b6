"""One gettext catalog per language: the template holds every message the code marks, and each language's
catalog translates every one of them, with the same placeholders."""

from __future__ import annotations

import functools
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import get_month_names
from babel.messages import pofile
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from helpers.config import DEFAULT_DATA, LANGUAGES, PROJECT_ROOT
from helpers.story import labels, phrases
from helpers.story.translation import KEYWORDS, LOCALE_DIR, SOURCE_LANGUAGE, catalog_path, translated
from tests.page_checks import business_pages, visible_text

TEMPLATE = LOCALE_DIR / "messages.pot"


def _read(path):
    with path.open("rb") as source:
        return pofile.read_po(source)


def _marked_in_the_code() -> set:
    """What ``make translations`` extracts: Babel's own keywords (``N_`` among them) and the package's (``Nn_``),
    over babel.cfg's files."""
    with (PROJECT_ROOT / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    extracted = extract_from_dir(PROJECT_ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS | KEYWORDS)
    return {
        (context, message if isinstance(message, str) else tuple(message)) for _, _, message, _, context in extracted
    }


def test_the_template_has_every_message_the_code_marks_and_no_other():
    template = {(message.context, message.id) for message in _read(TEMPLATE) if message.id}
    assert len(template) > 400
    assert _marked_in_the_code() == template, "run `make translations`"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_every_message_is_translated_neither_empty_nor_fuzzy_with_the_same_placeholders(lang):
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    template = {(message.context, message.id) for message in _read(TEMPLATE) if message.id}
    catalog = {(message.context, message.id): message for message in _read(catalog_path(lang)) if message.id}
    assert set(catalog) == template, "run `make translations`, then translate what it added"
    # One form for each of the language's plural categories in CLDR ("other" and those it names); Babel's own
    # table of plural rules says two for Indonesian, which the catalog's header corrects.
    forms = len(Locale.parse(lang).plural_form.tags) + 1
    assert _read(catalog_path(lang)).num_plurals == forms
    for message in catalog.values():
        assert not message.fuzzy, message.id
        if message.pluralizable:  # every form of the translation fills the placeholders of the English plural
            assert len(message.string) == forms and all(message.string), message.id
            assert all(fields(form) == fields(message.id[1]) for form in message.string), message.id
        else:
            assert message.string and fields(message.id) == fields(message.string), message.id


def test_a_lookup_reads_the_catalog():
    assert phrases.persona_name("high-value/frequent-buyers", "en") == "High-Value Frequent Buyers"
    assert phrases.persona_name("high-value/frequent-buyers", "id") == "Pembeli Rutin Bernilai Tinggi"
    assert labels.column("Income", "id") == "Pendapatan per tahun"
    assert translated("Customer ID", "en") == "Customer ID"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, id"):
        translated("Customer ID", "fr")


def _shouted(message: str) -> str:
    """``message`` upper-cased outside its placeholders, which keep their names."""
    return re.sub(r"[^{}]+(?=\{|$)|(?<=\})[^{}]+", lambda part: part.group().upper(), message)


@pytest.fixture(scope="module")
def shouted_copy(tmp_path_factory) -> Path:
    """A copy of the project's package and notebooks, given a Malay catalog in which every message is shouted, so
    that each word a reader sees shows it was translated."""
    copy = tmp_path_factory.mktemp("shouted") / "project"
    for folder in ("helpers", "notebooks"):
        shutil.copytree(PROJECT_ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    catalog = _read(TEMPLATE)
    catalog.locale = Locale.parse("ms")
    for message in catalog:
        if message.pluralizable:  # both English forms, shouted (Babel's plural rule for the test's Malay is two)
            message.string = tuple(map(_shouted, message.id))
        elif message.id:
            message.string = _shouted(message.id)
    (copy / "helpers/locale/ms/LC_MESSAGES").mkdir(parents=True)
    with (copy / "helpers/locale/ms/LC_MESSAGES/messages.po").open("wb") as target:
        pofile.write_po(target, catalog)
    return copy


def _run_in(copy: Path, *arguments) -> str:
    """What ``python *arguments`` prints, run in ``copy`` with its own package."""
    return subprocess.run(
        [sys.executable, *map(str, arguments)], cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def _not_shouted(text: str) -> set[str]:
    """The words of ``text`` with a lower-case letter after their first (a column's name within a sentence starts
    lower-case: ``labels.in_sentence``, the code's rule rather than the catalog's)."""
    return {word for word in re.findall(r"[^\W\d_]+", text) if word[1:] != word[1:].upper()}


def test_a_third_language_is_a_catalog_and_no_code(shouted_copy):
    # The command offers the copy's Malay and the phrases speak it, with no line of code changed.
    speak = (
        "from helpers.story import labels, numbers, phrases\n"
        "print(numbers.count(1840, 'ms'), numbers.share(0.126, 'ms'))\n"
        "print(phrases.persona_name('high-value/frequent-buyers', 'ms'))\n"
        "print(labels.column('Income', 'ms'))\n"
        "print(phrases.text('quality_missing_none', 'ms'))\n"
        "print(phrases.run_date(__import__('datetime').datetime(2026, 5, 4), 'ms'))\n"
    )
    run = functools.partial(_run_in, shouted_copy)
    assert "--lang {en,id,ms}" in run("-m", "helpers", "report", "--help")
    assert run("-c", speak).splitlines() == [
        "1,840 12.6%",  # Babel's Malay numbers
        "HIGH-VALUE FREQUENT BUYERS",
        "INCOME PER YEAR",
        "- **MISSING VALUES:** NONE.",
        "4 Mei 2026, 00:00",  # Babel's Malay month
    ]
    assert _shouted("{rows} customers of {total}") == "{rows} CUSTOMERS OF {total}"
    # ``check`` prints in it too: no word of its assessment bypasses the catalog (but the file's name, the date
    # pattern's letters and the rupiah's symbol, which no language translates).
    assessment = run("-m", "helpers", "check", "--data", DEFAULT_DATA, "--lang", "ms")
    assert assessment.startswith(f"{DEFAULT_DATA}: 2,240 CUSTOMERS, 29 COLUMNS AND A LEADING INDEX COLUMN")
    assert _not_shouted(assessment.replace(str(DEFAULT_DATA), "")) == {"dd", "mm", "yyyy", "Rp"}


def test_a_whole_report_in_a_throwaway_language_has_no_word_that_bypasses_the_catalog(shouted_copy):
    # Every business page of a report in the shouted Malay: every word a reader sees is a catalog's message, but
    # Babel's locale data (month and language names), the rupiah's symbol, the date pattern's letters and the
    # engine's name (file names and code are not prose: ``visible_text``).
    out = shouted_copy / "report"
    _run_in(shouted_copy, "-m", "helpers", "report", "--data", DEFAULT_DATA, "--out", out, "--lang", "ms")
    locale_data = {*get_month_names("wide", locale="ms").values(), Locale.parse("ms").get_display_name("ms")}
    for page in business_pages(out):
        assert _not_shouted(visible_text(page)) - locale_data <= {"Rp", "dd", "mm", "yyyy", "pandas"}, page.name
