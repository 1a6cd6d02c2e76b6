"""Persona names, descriptions and recommendations in Indonesian, money in the data's currency."""

import string
from datetime import datetime, timezone

import pandas as pd
import pytest

from helpers import cleaning, features, formatting, language, loading, modeling, narrative, personas, recommendations


def test_money_in_rupiah_and_plain_units():
    assert formatting.money(1_116_000, formatting.RUPIAH) == "Rp 1.116.000"
    assert formatting.money(1_116, formatting.PLAIN) == "1,116"


def test_every_trait_and_tier_has_both_languages():
    phrases = (*language.PHRASES.values(), *language.PAGE_PHRASES.values(), *language.STAGE_TITLES.values())
    for names in (*language.TIERS.values(), *language.TRAITS.values(), *language.ACTIONS.values(), *phrases):
        assert set(names) == set(language.LANGUAGES)


def test_both_languages_of_a_phrase_take_the_same_values():
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for key, names in (*language.PHRASES.items(), *language.PAGE_PHRASES.items()):
        assert fields(names["en"]) == fields(names["id"]), key


def test_run_date_spells_the_month_in_the_reports_language():
    moment = datetime(2026, 5, 4, 9, 5, tzinfo=timezone.utc)
    assert language.run_date(moment, "en") == "4 May 2026, 09:05 UTC"
    assert language.run_date(moment, "id") == "4 Mei 2026, 09:05 UTC"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, id"):
        language.text("who", "fr")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    from helpers import synth

    path = synth.write_rakamin_csv(synth.generate(1500, 4), tmp_path_factory.mktemp("d") / "c.csv")
    prepared = features.engineer_features(cleaning.clean(loading.load_customers(path)).customers, 2023)
    matrix = modeling.clustering_matrix(prepared)
    return prepared, modeling.segment_labels(modeling.segmentation_pipeline(4, 123).fit(matrix), matrix)


def test_indonesian_personas_name_the_same_segments(segmented):
    prepared, labels = segmented
    english = personas.identify_personas(prepared, labels, formatting.RUPIAH, "en")
    indonesian = personas.identify_personas(prepared, labels, formatting.RUPIAH, "id")
    assert indonesian["segment"].tolist() == english["segment"].tolist()
    assert indonesian["persona"].is_unique
    for (_, en), (_, idn) in zip(english.iterrows(), indonesian.iterrows()):
        assert language.persona_name(en["tier"], (en["trait"], en["trait_direction"]), "id") == idn["persona"]
        assert "Bernilai" in idn["persona"]
        assert "pelanggan" in idn["description"] and "median belanja Rp " in idn["description"]


def test_indonesian_recommendations_and_briefs(segmented):
    prepared, labels = segmented
    table = personas.identify_personas(prepared, labels, formatting.RUPIAH, "id")
    z_scores = personas.standardised_profile(prepared, labels)
    plays = recommendations.recommend(table, z_scores, prepared[list(personas.PROFILE_FEATURES)].mean(), formatting.RUPIAH, "id")
    assert set(plays["action"]) <= {names["id"] for names in language.ACTIONS.values()}
    assert plays["evidence"].str.contains("untuk semua pelanggan").all()
    economics = recommendations.campaign_economics(prepared, personas.persona_of(labels, table))
    brief = narrative.recommendation_briefs(table, plays, economics, formatting.RUPIAH, "id").data
    for heading in ("**Siapa:**", "**Nilai:**", "**Yang perlu dilakukan:**", "**Perkiraan hasil:**"):
        assert brief.count(heading) == len(table)
    assert narrative.heading("economics", "id").data == "## Ekonomi kampanye"
