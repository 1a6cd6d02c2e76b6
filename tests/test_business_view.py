"""What a marketing manager reads: honest persona names, reader labels, numbers and words of the report's language,
the same figures every run, and pages that fit a laptop and a phone."""

import re

import pytest
from babel.messages import pofile
from bs4 import BeautifulSoup

from helpers.config import DEFAULT_DATA, REAL_DATA
from helpers.data import cleaning, columns, features, loading
from helpers.data.synthetic import generator
from helpers.report import html_export
from helpers.segmentation import personas, pipeline
from helpers.story import labels, numbers, persona_words, phrases
from helpers.story.translation import catalog_path
from tests.page_checks import business_pages, visible_text

# --- honest names ------------------------------------------------------------------------------------------


def _named(prepared, k, seed=123):
    matrix = pipeline.clustering_matrix(prepared)
    segments = pipeline.segment_labels(pipeline.segmentation_pipeline(k, seed).fit(matrix), matrix)
    named = persona_words.named(personas.identify_personas(prepared, segments), "rupiah", "en")
    return named, personas.standardised_profile(prepared, segments)


def _prepared(path):
    return features.engineer_features(cleaning.clean(loading.load_customers(path))[0], 2023)


def _tables():
    tables = {"default": DEFAULT_DATA, "seed 11": "synthetic-11", "seed 42": "synthetic-42"}
    if REAL_DATA.is_file():
        tables["real"] = REAL_DATA
    return tables


@pytest.mark.parametrize("table", list(_tables()))
def test_no_persona_name_contradicts_its_profile(table, tmp_path):
    source = _tables()[table]
    if isinstance(source, str):
        source = generator.write_rakamin_csv(generator.generate(2_000, int(source.split("-")[1])), tmp_path / "c.csv")
    prepared = _prepared(source)
    for k in range(2, 9):
        named, z_scores = _named(prepared, k)
        assert named["persona"].is_unique, (table, k)
        for _, persona in named.iterrows():
            if not persona["trait"]:  # named by its tier alone
                continue
            measured = z_scores.at[persona["segment"], persona["trait"]] * persona["trait_direction"]
            assert measured >= personas.NOTABLE, (table, k, persona["persona"], round(measured, 2))


def test_a_persona_without_a_notable_trait_alone_in_its_tier_is_named_by_the_tier():
    key = personas.persona_key(personas.MID_VALUE, personas.NO_TRAIT)
    assert key == "mid-value/customers"
    assert phrases.persona_name(key, "en") == "Mid-Value Customers"
    assert phrases.persona_name(key, "id") == "Pelanggan Bernilai Menengah"


# --- numbers and words of the report's language ---------------------------------------------------------


def test_numbers_follow_the_language():
    assert (numbers.count(1840, "en"), numbers.count(1840, "id")) == ("1,840", "1.840")
    assert (numbers.percent(12.6, "en"), numbers.percent(12.6, "id")) == ("12.6%", "12,6%")
    assert (numbers.decimal(4.333, "en"), numbers.decimal(4.333, "id")) == ("4.33", "4,33")
    assert numbers.signed(-1947, "id") == "\u22121.947" and numbers.signed(52, "en") == "+52"
    assert numbers.money(1_116_000, "rupiah", "id") == "Rp 1.116.000"
    assert numbers.money(1_116_000, "rupiah", "en") == "Rp 1,116,000"
    assert numbers.year(1957, "id") == "1957"


def test_every_column_a_reader_meets_has_a_label():
    for column in (*columns.RAW, *columns.ENGINEERED, "Age_Category", "PC1", "PC2"):
        assert column in labels.COLUMNS, column


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'-]+", re.sub(r"\{[^}]*\}", "", text))}


def _english_only_words() -> set[str]:
    """Words the report writes in English and never in Indonesian: the catalog's, the notebooks' Markdown too."""
    english, indonesian = set(), set()
    with catalog_path("id").open("rb") as source:
        for message in pofile.read_po(source):
            if message.id:  # a message with plural forms holds a tuple of them on each side
                english |= set().union(*map(_words, message.id if message.pluralizable else [message.id]))
                indonesian |= set().union(*map(_words, message.string if message.pluralizable else [message.string]))
    return english - indonesian


def test_an_indonesian_report_has_no_english_sentence(indonesian_report):
    english = _english_only_words()
    assert len(english) > 300  # the detector knows the report's English
    for page in business_pages(indonesian_report):
        found = sorted(_words(visible_text(page)) & english)
        assert not found, f"{page.name}: {found}"


def test_an_indonesian_report_writes_numbers_the_indonesian_way(indonesian_report):
    english_numbers = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])|\d\.\d+\s?%|(?<![\w.])-\d")
    for page in business_pages(indonesian_report):
        assert not english_numbers.findall(visible_text(page)), page.name


@pytest.mark.parametrize("report_fixture", ["default_report", "indonesian_report"])
def test_business_pages_show_reader_labels_and_formatted_numbers(report_fixture, request):
    report = request.getfixturevalue(report_fixture)
    # Column names a reader would not say; plain words (Income, Age) are excluded as they are also labels.
    raw = {
        c for c in (*columns.RAW, *columns.ENGINEERED, "MntWines", "Age_Category") if "_" in c or c[1:] != c[1:].lower()
    } - {"ID"}  # also a word: "the same customer under another ID"
    unformatted = re.compile(r"\d+\.\d{4,}|\d{4,}\.\d+|\d[eE][+-]?\d")
    for page in business_pages(report):
        text = visible_text(page)
        assert not {word for word in re.findall(r"\w+", text) if word in raw}, page.name
        assert not unformatted.findall(text), (page.name, unformatted.findall(text)[:3])


# --- figures ----------------------------------------------------------------------------------------------


def test_every_figure_describes_itself(default_report, indonesian_report):
    for report in (default_report, indonesian_report):
        for page in business_pages(report)[1:]:
            for image in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img"):
                assert len(image.get("alt", "")) > 10 and "No description" not in image["alt"], page.name


# --- pages that fit ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1366, 390])
def test_pages_fit_the_screen_and_show_every_image(browser, default_report, indonesian_report, width):
    for report in (default_report, indonesian_report):
        for page in business_pages(report):
            browser.load(page, width=width)
            overflow = browser.evaluate("document.documentElement.scrollWidth") - width
            assert overflow <= 1, f"{page.name} at {width} px is {overflow} px too wide"
            broken = browser.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).length")
            assert broken == 0, page.name


# What a phone shows: one expression per question, asked of the page as the browser laid it out.
_CELLS_BEYOND_THE_EDGE = """[...document.querySelectorAll('table td, table tbody th')]
    .filter(cell => cell.getBoundingClientRect().right > window.innerWidth + 1).length"""
_TABLES_NOT_AS_CARDS = "document.querySelectorAll('.jp-OutputArea-output table:not(.cards)').length"
_LINES_OF_THE_LONGEST_NAME = """Math.max(0,
  ...[...document.querySelectorAll('table.cards tbody th, .card h3')].map(name => {
    const range = document.createRange(); range.selectNodeContents(name);
    return new Set([...range.getClientRects()].map(line => Math.round(line.top))).size; }))"""
_FIGURES_SHRUNK_TOO_FAR = """[...document.images]
    .filter(img => img.getBoundingClientRect().width < 0.7 * img.naturalWidth - 1).length"""


def test_on_a_phone_every_value_shows_beside_its_label_and_charts_stay_readable(
    browser, default_report, indonesian_report
):
    for report in (default_report, indonesian_report):
        for page in business_pages(report):
            browser.load(page, width=390)
            assert browser.evaluate(_TABLES_NOT_AS_CARDS) == 0, page.name
            assert browser.evaluate(_CELLS_BEYOND_THE_EDGE) == 0, page.name
            assert browser.evaluate(_LINES_OF_THE_LONGEST_NAME) <= 2, page.name
            if page != html_export.RunLayout(report).index:
                assert browser.evaluate(_FIGURES_SHRUNK_TOO_FAR) == 0, page.name
            labels = browser.evaluate("[...document.querySelectorAll('table.cards td')].map(td => td.dataset.label)")
            assert all(labels), page.name
