import pandas as pd
import pytest

from helpers import personas, recommendations


def test_campaign_economics_follow_cost_and_revenue():
    customers = pd.DataFrame(
        {
            "Response": [1, 0, 0, 1, 1, 0],
            "Total_Accepted_Campaign": [5, 0, 0, 1, 1, 0],
            "Z_CostContact": 3,
            "Z_Revenue": 11,
        }
    )
    table = recommendations.campaign_economics(customers, pd.Series([1, 1, 1, 2, 2, 2]))
    assert table.loc[1, "response_rate"] == pytest.approx(1 / 3)
    # persona 1: one acceptance (11) minus three contacts (9); persona 2: 22 - 9
    assert table.loc[1, "expected_profit"] == 11 - 3 * 3
    assert table.loc[2, "expected_profit"] == 22 - 3 * 3
    assert table.loc[2, "lift"] == pytest.approx((2 / 3) / 0.5)
    assert table.loc[1, "earlier_campaign_rate"] == pytest.approx(5 / 3 / 5)


def _persona(tier, **z):
    profile = {feature: 0.0 for feature in personas.PROFILE_FEATURES}
    profile.update(z)
    row = {"persona": f"{tier} X", "tier": tier, "segment": 0, **{f"mean_{f}": 1.0 for f in personas.PROFILE_FEATURES}}
    return pd.DataFrame([row], index=pd.Index([1], name="persona_id")), pd.DataFrame([profile])


def _plays(tier, **z):
    table, z_scores = _persona(tier, **z)
    base = pd.Series(1.0, index=list(personas.PROFILE_FEATURES))
    return set(recommendations.recommend(table, z_scores, base, "rupiah")["play"])


def test_plays_follow_traits_not_cluster_numbers():
    assert "loyalty_exclusivity" in _plays("High-Value")
    assert "alternative_channels" in _plays("High-Value", Income=1.0, NumWebVisitsMonth=-1.0)
    assert "alternative_channels" not in _plays("High-Value", Income=1.0, NumWebVisitsMonth=0.5)
    low = _plays("Low-Value", NumWebVisitsMonth=0.8, Total_Accepted_Campaign=-0.5)
    assert {"retargeting", "soft_selling"} <= low and "loyalty_exclusivity" not in low
    assert "nurturing" in _plays("Mid-Value")
    assert "win_back" in _plays("Mid-Value", Recency=0.6)
