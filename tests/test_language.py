"""Persona names, descriptions and recommendations in Indonesian, money in the data's currency."""

from datetime import UTC, datetime

import numpy as np
import pytest

from helpers.campaign import economics, playbook
from helpers.config import NOTEBOOKS_DIR
from helpers.data import cleaning, features, loading
from helpers.data.currency import PLAIN, RUPIAH
from helpers.data.synthetic import generator
from helpers.segmentation import personas, pipeline
from helpers.story import labels, narrative, numbers, persona_words, phrases
from helpers.story.notebook_text import in_language
from helpers.story.translation import translated


def test_money_in_rupiah_and_plain_units():
    assert numbers.money(1_116_000, RUPIAH, "id") == "Rp 1.116.000"
    assert numbers.money(1_116, PLAIN, "en") == "1,116"


def test_run_date_spells_the_month_in_the_reports_language():
    moment = datetime(2026, 5, 4, 9, 5, tzinfo=UTC)
    assert phrases.run_date(moment, "en") == "4 May 2026, 09:05 UTC"
    assert phrases.run_date(moment, "id") == "4 Mei 2026, 09:05 UTC"


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    path = generator.write_rakamin_csv(generator.generate(1500, 4), tmp_path_factory.mktemp("d") / "c.csv")
    prepared = features.engineer_features(cleaning.clean(loading.load_customers(path))[0], 2023)
    matrix = pipeline.clustering_matrix(prepared)
    return prepared, pipeline.segment_labels(pipeline.segmentation_pipeline(4, 123).fit(matrix), matrix)


def test_indonesian_personas_name_the_same_segments(segmented):
    prepared, labels = segmented
    found = personas.identify_personas(prepared, labels)
    english, indonesian = persona_words.named(found, RUPIAH, "en"), persona_words.named(found, RUPIAH, "id")
    assert indonesian["segment"].tolist() == english["segment"].tolist()
    assert indonesian["persona"].is_unique
    for (_, en), (_, idn) in zip(english.iterrows(), indonesian.iterrows()):
        trait = (en["trait"] or None, en["trait_direction"])
        assert phrases.persona_name(personas.persona_key(en["tier"], trait), "id") == idn["persona"]
        assert "Bernilai" in idn["persona"]
        assert "pelanggan" in idn["description"] and "median belanja Rp " in idn["description"]


def test_indonesian_recommendations_and_briefs(segmented):
    prepared, labels = segmented
    table = persona_words.named(personas.identify_personas(prepared, labels), RUPIAH, "id")
    plays = playbook.recommend(table, prepared[list(personas.PROFILE_FEATURES)].mean())
    plays = persona_words.worded_plays(plays, table, RUPIAH, "id")
    assert set(plays["action"]) <= {translated(action, "id") for action in phrases.ACTIONS.values()}
    assert plays["evidence"].str.contains("untuk semua pelanggan").all()
    persona_economics = economics.per_persona(prepared, personas.persona_of(labels, table), economics.resolve(prepared))
    brief = narrative.recommendation_briefs(table, plays, persona_economics, RUPIAH, "id").data
    for heading in ("**Siapa:**", "**Nilai:**", "**Yang perlu dilakukan:**", "**Perkiraan hasil:**"):
        assert brief.count(heading) == len(table)
    headings = [cell.source for cell in in_language(NOTEBOOKS_DIR / "05_recommendations.ipynb", "id").cells]
    assert any(heading.startswith("## Ekonomi kampanye") for heading in headings)


@pytest.mark.parametrize(
    ("number", "english", "indonesian"),
    [
        (1, "1 customer appears again under another ID and is kept", "1 pelanggan muncul lagi"),
        (1840, "1,840 customers appear again under another ID and are kept", "1.840 pelanggan muncul lagi"),
    ],
)
def test_a_message_about_a_number_takes_the_form_the_language_uses_for_it(number, english, indonesian):
    # gettext's plural forms, the verb with the noun: English tells one from many, Indonesian has one form.
    said = {lang: phrases.text("quality_duplicates", lang, rows="0", customers=number) for lang in ("en", "id")}
    assert english in said["en"] and indonesian in said["id"]


def test_a_count_of_one_reads_as_one_where_a_count_meets_its_noun():
    assert phrases.input_name({"input": "folder", "file": "lake", "files": 1}, "en") == "1 file in lake"
    assert phrases.page_text("customer_count", "en", count=np.int64(1)) == "1 customer"
    assert phrases.finding("outliers_value", "en", values="1 value", columns="1 column") == "1 value in 1 column"
    assert phrases.text("identical_rows", "id", count=1) == "1 baris identik"


def test_a_limit_of_one_contact_reads_as_one_and_a_count_from_pandas_chooses_its_form():
    assert phrases.text("budget_most", "en", most=1) == "at most 1 contact"
    assert phrases.text("budget_amount", "en", amount="3", allowed=1, cost="3") == "a budget of 3 (1 contact at 3 each)"
    assert labels.chart("within_budget_point", "en", contacts=1.0) == "within the budget: 1 contact"
    assert labels.chart("within_budget_point", "id", contacts=np.int64(1840)) == "dalam anggaran: 1.840 kontak"


def test_every_run_setting_the_landing_page_lists_has_a_label_in_every_language():
    from helpers.config import parameter_names
    from helpers.report import index_page

    shown = [name for name in parameter_names() if name not in index_page._UNSHOWN_PARAMETERS]
    assert "budget" in shown and "max_contacts" in shown
    for name in shown:  # the catalogs' test checks that every message has every language
        assert f"parameter_{name}" in phrases.PAGE_PHRASES, name
