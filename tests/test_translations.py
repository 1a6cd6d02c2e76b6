"""One gettext catalog per language: the template holds every message the code marks, and each language's
catalog translates every one of them, with the same placeholders."""

from __future__ import annotations

import string

import pytest
from babel.messages import pofile
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from helpers.config import LANGUAGES, PROJECT_ROOT
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
    return {(context, message if isinstance(message, str) else message[0]) for _, _, message, _, context in extracted}


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
    for message in catalog.values():
        assert message.string and not message.fuzzy, message.id
        assert fields(message.id) == fields(message.string), message.id


def test_the_catalogs_are_the_languages_the_report_speaks():
    found = {path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")}
    assert {SOURCE_LANGUAGE, *found} == set(LANGUAGES)


def test_a_lookup_reads_the_catalog():
    assert phrases.persona_name("high-value/frequent-buyers", "en") == "High-Value Frequent Buyers"
    assert phrases.persona_name("high-value/frequent-buyers", "id") == "Pembeli Rutin Bernilai Tinggi"
    assert labels.column("Income", "id") == "Pendapatan per tahun"
    assert translated("Customer ID", "en") == "Customer ID"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, id"):
        translated("Customer ID", "fr")
