import pytest

from helpers.config import DEFAULT_DATA, REAL_DATA
from helpers.data.synthetic import calibration, generator


@pytest.fixture(scope="module")
def synthetic():
    return generator.generate(3_000, 12)


def test_a_table_compared_with_itself_meets_every_target(synthetic):
    result = calibration.compare(synthetic, synthetic)
    assert result.met
    assert result.quantiles["error"].max() == 0
    assert result.correlations["difference"].max() == 0
    assert len(result.correlations) == len(calibration.COMPARED) * (len(calibration.COMPARED) - 1) // 2


def test_a_shifted_copy_misses_the_targets(synthetic):
    richer = synthetic.assign(Income=synthetic["Income"] * 1.5)
    result = calibration.compare(richer, synthetic)
    assert not result.met
    missed = result.quantiles[~result.quantiles["met"]]
    assert set(missed["column"]) == {"Income"}
    shuffled = synthetic.assign(
        Recency=synthetic["Recency"].sort_values(ignore_index=True),
        Income=synthetic["Income"].sort_values(ignore_index=True),
    )
    assert not calibration.compare(shuffled, synthetic).correlations["met"].all()


def test_category_shares_and_quirks_are_compared(synthetic):
    relabelled = synthetic.assign(Education="S1")
    categories = calibration.compare(relabelled, synthetic).categories
    assert not categories.loc[categories["column"] == "Education", "met"].all()
    assert categories.loc[categories["column"] == "Marital_Status", "met"].all()
    without_quirks = synthetic.dropna(subset=["Income"]).drop_duplicates(
        subset=[c for c in synthetic.columns if c != "ID"]
    )
    quirks = calibration.compare(without_quirks, synthetic).quirks.set_index("quirk")
    assert not quirks.loc["missing Income", "met"] and not quirks.loc["same customer under another ID", "met"]


def test_markdown_rendering_holds_every_section(synthetic):
    text = calibration.render(calibration.compare(synthetic, synthetic))
    for title in ("Summary", "Percentiles", "Spearman", "Category shares", "Quirks"):
        assert f"### {title}" in text


def test_the_default_data_meets_the_calibration_targets():
    if not REAL_DATA.is_file():
        pytest.skip(f"the real data is not at {REAL_DATA}")
    result = calibration.compare(calibration.load(DEFAULT_DATA), calibration.load(REAL_DATA))
    summary = result.summary()
    assert result.met, "\n" + summary.to_string()


def test_the_response_comparison_uses_the_measure_it_is_given(synthetic):
    measured = []

    def response_auc(customers):
        measured.append(len(customers))
        return 0.75

    response = calibration.compare(synthetic, synthetic, response_auc).response
    assert measured == [len(synthetic), len(synthetic)]
    assert response["met"].all() and response.iloc[1]["real"] == response.iloc[1]["synthetic"] == 0.75
    assert calibration.compare(synthetic, synthetic).response is None
