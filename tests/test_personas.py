import pandas as pd
import pytest

from helpers.data import cleaning, features, loading
from helpers.data.synthetic import generator
from helpers.segmentation import personas, pipeline


def _labels(prepared, k):
    matrix = pipeline.clustering_matrix(prepared)
    return pipeline.segment_labels(pipeline.segmentation_pipeline(k, 123).fit(matrix), matrix)


def _segmented(path, k):
    prepared = features.engineer_features(cleaning.clean(loading.load_customers(path)).customers, 2023)
    labels = _labels(prepared, k)
    return prepared, labels


@pytest.fixture(scope="module")
def larger_csv(tmp_path_factory):
    return generator.write_rakamin_csv(
        generator.generate(2000, seed=11), tmp_path_factory.mktemp("data") / "customers.csv"
    )


@pytest.mark.parametrize("k", range(2, 9))
def test_names_are_unique_and_ordered_by_spending(larger_csv, k):
    prepared, labels = _segmented(larger_csv, k)
    table = personas.identify_personas(prepared, labels, "rupiah")
    assert table["persona"].is_unique
    assert list(table.index) == list(range(1, k + 1))
    assert table["median_Total_Spending"].is_monotonic_decreasing
    assert table["share_percent"].sum() == pytest.approx(100, abs=0.05)


def test_names_do_not_depend_on_cluster_numbers(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    permuted = labels.map({0: 3, 1: 0, 2: 1, 3: 2})
    original = personas.identify_personas(prepared, labels, "rupiah")
    relabelled = personas.identify_personas(prepared, permuted, "rupiah")
    assert original["persona"].tolist() == relabelled["persona"].tolist()
    by_customer = personas.persona_of(labels, original)
    assert by_customer.equals(personas.persona_of(permuted, relabelled))


def test_personas_do_not_depend_on_row_order(tmp_path, larger_csv):
    shuffled = pd.read_csv(larger_csv, index_col=0).sample(frac=1, random_state=5)
    shuffled.to_csv(tmp_path / "shuffled.csv")
    results = []
    for path in (larger_csv, tmp_path / "shuffled.csv"):
        prepared, labels = _segmented(path, 4)
        table = personas.identify_personas(prepared, labels, "rupiah")
        results.append(
            personas.segments_table(prepared, personas.persona_of(labels, table), table).set_index("ID").sort_index()
        )
    pd.testing.assert_frame_equal(*results)


def test_a_large_low_spending_persona_and_a_small_high_spending_one(larger_csv):
    prepared, labels = _segmented(larger_csv, 4)
    table = personas.identify_personas(prepared, labels, "rupiah")
    assert table.iloc[-1]["tier"] == "Low-Value" and table.iloc[-1]["share_percent"] > 35
    assert table.iloc[0]["tier"] == "High-Value" and table.iloc[0]["share_percent"] < 25


def test_segments_table_has_one_row_per_customer(larger_csv):
    prepared, labels = _segmented(larger_csv, 3)
    table = personas.identify_personas(prepared, labels, "rupiah")
    segments = personas.segments_table(prepared, personas.persona_of(labels, table), table)
    assert len(segments) == len(prepared)
    assert list(segments.columns[:3]) == ["ID", "persona_id", "persona"]
    assert set(segments["persona"]) == set(table["persona"])
