"""On the real data, the default run reproduces the published analyses' figures."""

import json

import pytest

# 003 (notebook analysis): share %, median transactions, spending, income, conversion rate (its rounded %)
SEED_SEGMENTS = [
    (12.61, 25, 1_116_000, 65_215_000, 4),
    (13.42, 20, 1_040_000, 71_488_000, 8),
    (23.75, 17, 434_000, 52_597_000, 3),
    (50.22, 7, 58_000, 33_297_500, 1),
]
# 000 (overview): correlation of the conversion rate with each feature
SEED_CVR_CORRELATIONS = {"Income": 0.66, "Total_Spending": 0.63, "Total_Transaction": 0.54, "Age": 0.11}


@pytest.fixture(scope="module")
def summary(real_report):
    return json.loads((real_report / "artifacts" / "summary.json").read_text())


def test_rows_kept_by_the_iqr_filter(summary):
    assert summary["rows_read"] == 2240
    assert summary["rows_used"] == 1840


def test_segments_shares_and_medians(summary):
    found = sorted(summary["personas"], key=lambda p: p["share_percent"])
    for persona, (share, transactions, spending, income, cvr) in zip(found, SEED_SEGMENTS):
        assert persona["share_percent"] == pytest.approx(share, abs=0.01)
        assert persona["median_transactions"] == transactions
        assert persona["median_spending"] == spending
        assert persona["median_income"] == income
        assert round(persona["median_cvr"]) == cvr


def test_conversion_rate_correlations(summary):
    for feature, published in SEED_CVR_CORRELATIONS.items():
        assert summary["cvr_correlations"][feature] == pytest.approx(published, abs=0.0101)


def test_honest_silhouette_differs_from_the_seeds_claim(summary):
    # The seed reported 0.535 at k = 4 after appending the labels to the scored data.
    assert summary["silhouette"] == pytest.approx(0.442, abs=0.005)
    assert summary["best_k"]["silhouette"] == 2


def test_personas_match_the_seeds_characterisation(summary):
    by_spending = summary["personas"]  # best first
    low, moderate, high_a, high_b = by_spending[-1], by_spending[-2], by_spending[0], by_spending[1]
    assert 45 < low["share_percent"] < 55 and "Low-Value" in low["name"]
    assert "Mid-Value" in moderate["name"]
    assert all("High-Value" in p["name"] for p in (high_a, high_b))
    # one high group buys more often, the other earns more and converts better
    frequent, converting = sorted((high_a, high_b), key=lambda p: -p["median_transactions"])
    assert converting["median_income"] > frequent["median_income"]
    assert converting["median_cvr"] > frequent["median_cvr"]
    assert (
        low["median_spending"] < moderate["median_spending"] < min(high_a["median_spending"], high_b["median_spending"])
    )
