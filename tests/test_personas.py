import pandas as pd
import pytest

from helpers.data import cleaning, features, loading
from helpers.data.synthetic import generator
from helpers.segmentation import personas, pipeline
from helpers.story import persona_words


def _labels(prepared, k):
    matrix = pipeline.clustering_matrix(prepared)
    return pipeline.segment_labels(pipeline.segmentation_pipeline(k, 123).fit(matrix), matrix)


def _segmented(path, k):
    prepared = features.engineer_features(cleaning.clean(loading.load_customers(path))[0], 2023)
    labels = _labels(prepared, k)
    return prepared, labels


def _named(prepared, labels):
    return persona_words.named(personas.identify_personas(prepared, labels), "rupiah", "en")


@pytest.fixture(scope="module")
def larger_csv(tmp_path_factory):
    return generator.write_rakamin_csv(
        generator.generate(2000, seed=11), tmp_path_factory.mktemp("data") / "customers.csv"
    )


@pytest.mark.parametrize("k", range(2, 9))
def test_names_are_unique_and_ordered_by_spending(larger_csv, k):
    prepared, labels = _segmented(larger_csv, k)
    table = _named(prepared, labels)
    assert table["persona"].is_unique
    assert list(table.index) == list(range(1, k + 1))
    assert table["median_Total_Spending"].is_monotonic_decreasing
    assert table["share_percent"].sum() == pytest.approx(100, abs=0.05)


def test_names_do_not_depend_on_cluster_numbers(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    permuted = labels.map({0: 3, 1: 0, 2: 1, 3: 2})
    original = _named(prepared, labels)
    relabelled = _named(prepared, permuted)
    assert original["persona"].tolist() == relabelled["persona"].tolist()
    by_customer = personas.persona_of(labels, original)
    assert by_customer.equals(personas.persona_of(permuted, relabelled))


def test_personas_do_not_depend_on_row_order(tmp_path, larger_csv):
    shuffled = pd.read_csv(larger_csv, index_col=0).sample(frac=1, random_state=5)
    shuffled.to_csv(tmp_path / "shuffled.csv")
    results = []
    for path in (larger_csv, tmp_path / "shuffled.csv"):
        prepared, labels = _segmented(path, 4)
        table = _named(prepared, labels)
        results.append(
            personas.segments_table(prepared, personas.persona_of(labels, table), table).set_index("ID").sort_index()
        )
    pd.testing.assert_frame_equal(*results)


def test_a_large_low_spending_persona_and_a_small_high_spending_one(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    table = _named(prepared, labels)
    assert table.iloc[-1]["tier"] == personas.LOW_VALUE and table.iloc[-1]["share_percent"] > 35
    assert table.iloc[0]["tier"] == personas.HIGH_VALUE and table.iloc[0]["share_percent"] < 25


def test_segments_table_has_one_row_per_customer(larger_csv):
    prepared, labels = _segmented(larger_csv, 3)
    table = _named(prepared, labels)
    segments = personas.segments_table(prepared, personas.persona_of(labels, table), table)
    assert len(segments) == len(prepared)
    assert list(segments.columns[:3]) == ["ID", "persona_id", "persona"]
    assert set(segments["persona"]) == set(table["persona"])
    assert (segments["persona_key"] == segments["persona_id"].map(table["persona_key"])).all()


def test_keys_are_the_same_in_every_language_and_name_the_persona(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    keys = personas.identify_personas(prepared, labels)
    assert "persona" not in keys and keys["persona_key"].is_unique
    for key, tier in zip(keys["persona_key"], keys["tier"]):
        assert key.startswith(f"{tier}/") and key == key.lower() and " " not in key
    english, indonesian = (persona_words.named(keys, "rupiah", lang) for lang in ("en", "id"))
    assert english["persona_key"].tolist() == indonesian["persona_key"].tolist() == keys["persona_key"].tolist()
    assert english["persona"].tolist() != indonesian["persona"].tolist()


def test_segments_are_joined_by_id_not_by_row_position(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    table = _named(prepared, labels)
    persona_ids = personas.persona_of(labels, table)
    expected = personas.segments_table(prepared, persona_ids, table).set_index("ID").sort_index()
    shuffled = prepared.sample(frac=1, random_state=3)
    # The personas listed in another order than the customers: matched by index label.
    reordered = personas.segments_table(shuffled, persona_ids.sample(frac=1, random_state=4), table)
    pd.testing.assert_frame_equal(reordered.set_index("ID").sort_index(), expected)


def test_the_persona_table_carries_each_personas_standing_against_all_customers(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    table = personas.identify_personas(prepared, labels)
    expected = personas.standardised_profile(prepared, labels).loc[table["segment"]].set_axis(table.index)
    pd.testing.assert_frame_equal(personas.z_scores(table), expected, check_names=False)


def test_the_seam_measures_the_segments_as_memory_does(larger_csv):
    from helpers.engine.seam import engine_for

    prepared, labels = _segmented(larger_csv, 4)
    assigned = prepared.assign(segment=labels)
    in_memory = personas.identify_personas(prepared, labels)
    through_the_seam = personas.personas_from(personas.segment_figures(engine_for("pandas"), assigned))
    pd.testing.assert_frame_equal(through_the_seam, in_memory, check_exact=False, rtol=1e-12)
