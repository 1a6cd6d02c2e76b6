"""What to do with each persona, and what contacting it would earn.

Plays are keyed by measured traits (value tier, standing against the customer
base), so they follow the data, not cluster numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from helpers.formatting import money

# A trait counts as high or low when the persona's mean is this many standard
# deviations from the whole customer base.
NOTABLE = 0.3


@dataclass(frozen=True)
class Play:
    key: str
    action: str
    applies: Callable[[pd.Series, pd.Series], bool]
    evidence: Callable[[pd.Series, pd.Series, pd.Series, str], str]


def _above(feature):
    return lambda persona, z: z[feature] >= NOTABLE


def _below(feature):
    return lambda persona, z: z[feature] <= -NOTABLE


def _compare(feature, label, fmt=lambda v, c: f"{v:.2f}"):
    def evidence(persona, z, base, currency):
        return f"{label}: {fmt(persona[f'mean_{feature}'], currency)} against {fmt(base[feature], currency)} for all customers"

    return evidence


PLAYBOOK = (
    Play(
        "loyalty_exclusivity",
        "Keep them: loyalty rewards, exclusive offers and early access to premium products.",
        lambda persona, z: persona["tier"] == "High-Value",
        _compare("Total_Spending", "mean spending", money),
    ),
    Play(
        "referral",
        "Turn their campaign enthusiasm into a referral programme with rewards for both sides.",
        _above("Total_Accepted_Campaign"),
        _compare("Total_Accepted_Campaign", "campaigns accepted per customer"),
    ),
    Play(
        "alternative_channels",
        "Reach them outside the website: email, SMS and social media campaigns.",
        lambda persona, z: z["Income"] >= NOTABLE and z["NumWebVisitsMonth"] <= -NOTABLE,
        _compare("NumWebVisitsMonth", "web visits per month"),
    ),
    Play(
        "nurturing",
        "Nurture them: personalised recommendations and targeted offers that raise purchase frequency.",
        lambda persona, z: persona["tier"] == "Mid-Value",
        _compare("Total_Transaction", "transactions per customer"),
    ),
    Play(
        "retargeting",
        "Use their web visits: personalised site content and retargeting ads for products they viewed.",
        lambda persona, z: persona["tier"] != "High-Value" and z["NumWebVisitsMonth"] >= NOTABLE,
        _compare("NumWebVisitsMonth", "web visits per month"),
    ),
    Play(
        "soft_selling",
        "Soft-sell: educational, helpful content rather than hard offers they ignore.",
        lambda persona, z: persona["tier"] == "Low-Value" and z["Total_Accepted_Campaign"] <= 0,
        _compare("Total_Accepted_Campaign", "campaigns accepted per customer"),
    ),
    Play(
        "win_back",
        "Win them back: a reminder with a time-limited incentive before they lapse for good.",
        _above("Recency"),
        _compare("Recency", "days since last purchase", lambda v, c: f"{v:.0f}"),
    ),
    Play(
        "family_bundles",
        "Offer family bundles and deals on everyday categories.",
        _above("Total_Children"),
        _compare("Total_Children", "children at home"),
    ),
)


def recommend(personas: pd.DataFrame, z_scores: pd.DataFrame, base_means: pd.Series, currency: str) -> pd.DataFrame:
    """Every play that applies to each persona, with the numbers that triggered it.

    ``personas`` needs ``tier``, ``segment`` and ``mean_<feature>`` columns;
    ``z_scores`` is indexed by segment label.
    """
    rows = []
    for persona_id, persona in personas.iterrows():
        z = z_scores.loc[persona["segment"]]
        for play in PLAYBOOK:
            if play.applies(persona, z):
                rows.append(
                    {
                        "persona_id": persona_id,
                        "persona": persona["persona"],
                        "play": play.key,
                        "action": play.action,
                        "evidence": play.evidence(persona, z, base_means, currency),
                    }
                )
    return pd.DataFrame(rows, columns=["persona_id", "persona", "play", "action", "evidence"])


def campaign_economics(customers: pd.DataFrame, persona_ids: pd.Series) -> pd.DataFrame:
    """Per persona: response to the last campaign, lift, and the profit of contacting everyone.

    Each contact costs ``Z_CostContact`` and each acceptance earns ``Z_Revenue``,
    in the case study's monetary unit.
    """
    frame = customers.assign(persona_id=persona_ids.to_numpy())
    frame["profit"] = frame["Response"] * frame["Z_Revenue"] - frame["Z_CostContact"]
    overall_rate = frame["Response"].mean()
    grouped = frame.groupby("persona_id")
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "response_rate": grouped["Response"].mean(),
            "earlier_campaign_rate": grouped["Total_Accepted_Campaign"].mean() / 5,
            "expected_profit": grouped["profit"].sum(),
            "profit_per_customer": grouped["profit"].mean(),
            "contact_cost": grouped["Z_CostContact"].mean(),
            "revenue": grouped["Z_Revenue"].mean(),
        }
    )
    table["lift"] = table["response_rate"] / overall_rate if overall_rate > 0 else float("nan")
    return table


def economics_table(economics: pd.DataFrame, personas: pd.DataFrame) -> pd.DataFrame:
    """Campaign economics as a reader sees them."""
    return pd.DataFrame(
        {
            "persona": personas["persona"],
            "customers": economics["customers"].map("{:,}".format),
            "response rate": economics["response_rate"].map("{:.1%}".format),
            "lift": economics["lift"].map("{:.2f}x".format),
            "earlier campaigns, acceptance": economics["earlier_campaign_rate"].map("{:.1%}".format),
            "profit of contacting all": economics["expected_profit"].map("{:,.0f}".format),
            "profit per contact": economics["profit_per_customer"].map("{:.2f}".format),
        }
    )


def summary_records(persona_records: list[dict], plays: pd.DataFrame, economics: pd.DataFrame) -> list[dict]:
    """summary.json's persona records with the first play and the campaign figures added."""
    first_play = plays.drop_duplicates("persona_id").set_index("persona_id")["action"]
    return [
        {
            **record,
            "top_recommendation": first_play.get(record["id"]),
            "response_rate": float(economics.at[record["id"], "response_rate"]),
            "expected_profit": float(economics.at[record["id"], "expected_profit"]),
        }
        for record in persona_records
    ]
