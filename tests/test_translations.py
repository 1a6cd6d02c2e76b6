"""One gettext catalog per language: the template holds every message the code marks, and each language's
catalog translates every one of them, with the same placeholders."""

from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
import sys

import pytest
from babel import Locale
from babel.messages import pofile
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from helpers.config import DEFAULT_DATA, LANGUAGES, PROJECT_ROOT
from helpers.story import labels, phrases
from helpers.story.translation import LOCALE_DIR, SOURCE_LANGUAGE, catalog_path, translated

TEMPLATE = LOCALE_DIR / "messages.pot"


def _read(path):
    with path.open("rb") as source:
        return pofile.read_po(source)


def _marked_in_the_code() -> set:
    """What ``make translations`` extracts: Babel's own keywords (``N_`` among them), over babel.cfg's files."""
    with (PROJECT_ROOT / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    extracted = extract_from_dir(PROJECT_ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS)
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


def test_a_third_language_is_a_catalog_and_no_code(tmp_path):
    # A copy of the package, given a Malay catalog (every message shouted, so each one shows it was translated):
    # the command offers the language and the phrases speak it, with no line of code changed.
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "helpers", copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
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
    speak = (
        "from helpers.story import labels, numbers, phrases\n"
        "print(numbers.count(1840, 'ms'), numbers.share(0.126, 'ms'))\n"
        "print(phrases.persona_name('high-value/frequent-buyers', 'ms'))\n"
        "print(labels.column('Income', 'ms'))\n"
        "print(phrases.text('quality_missing_none', 'ms'))\n"
        "print(phrases.run_date(__import__('datetime').datetime(2026, 5, 4), 'ms'))\n"
    )
    run = lambda *arguments: subprocess.run(  # noqa: E731
        [sys.executable, *arguments], cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
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
    # pattern's letters and the rupiah's symbol, which no language translates). A column's name within a sentence
    # starts lower-case (``labels.in_sentence``: the code's rule, not yet the catalog's).
    assessment = run("-m", "helpers", "check", "--data", DEFAULT_DATA, "--lang", "ms")
    assert assessment.startswith(f"{DEFAULT_DATA}: 2,240 CUSTOMERS, 29 COLUMNS AND A LEADING INDEX COLUMN")
    words = set(re.findall(r"[A-Za-z]+", assessment.replace(str(DEFAULT_DATA), "")))
    assert {word for word in words if word[1:] != word[1:].upper()} == {"dd", "mm", "yyyy", "Rp"}
