"""What to do with each persona, and what contacting it would earn.

Plays are keyed by measured traits (value tier, standing against the customer
base), so they follow the data, not cluster numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from helpers import language
from helpers.formatting import money

# A trait counts as high or low when the persona's mean is this many standard
# deviations from the whole customer base.
NOTABLE = 0.3


@dataclass(frozen=True)
class Play:
    """A marketing play: when it applies, and which feature's numbers are its evidence."""

    key: str
    applies: Callable[[pd.Series, pd.Series], bool]
    evidence_feature: str
    evidence_format: Callable[[float, str], str] = lambda value, currency: f"{value:.2f}"


def _above(feature):
    return lambda persona, z: z[feature] >= NOTABLE


PLAYBOOK = (
    Play("loyalty_exclusivity", lambda persona, z: persona["tier"] == "High-Value", "Total_Spending", money),
    Play("referral", _above("Total_Accepted_Campaign"), "Total_Accepted_Campaign"),
    Play(
        "alternative_channels",
        lambda persona, z: z["Income"] >= NOTABLE and z["NumWebVisitsMonth"] <= -NOTABLE,
        "NumWebVisitsMonth",
    ),
    Play("nurturing", lambda persona, z: persona["tier"] == "Mid-Value", "Total_Transaction"),
    Play(
        "retargeting",
        lambda persona, z: persona["tier"] != "High-Value" and z["NumWebVisitsMonth"] >= NOTABLE,
        "NumWebVisitsMonth",
    ),
    Play(
        "soft_selling",
        lambda persona, z: persona["tier"] == "Low-Value" and z["Total_Accepted_Campaign"] <= 0,
        "Total_Accepted_Campaign",
    ),
    Play("win_back", _above("Recency"), "Recency", lambda value, currency: f"{value:.0f}"),
    Play("family_bundles", _above("Total_Children"), "Total_Children"),
)


def recommend(
    personas: pd.DataFrame, z_scores: pd.DataFrame, base_means: pd.Series, currency: str, lang: str = "en"
) -> pd.DataFrame:
    """Every play that applies to each persona, with the numbers that triggered it.

    ``personas`` needs ``tier``, ``segment`` and ``mean_<feature>`` columns;
    ``z_scores`` is indexed by segment label.
    """
    rows = []
    for persona_id, persona in personas.iterrows():
        z = z_scores.loc[persona["segment"]]
        for play in PLAYBOOK:
            if play.applies(persona, z):
                feature = play.evidence_feature
                rows.append(
                    {
                        "persona_id": persona_id,
                        "persona": persona["persona"],
                        "play": play.key,
                        "action": language.ACTIONS[play.key][lang],
                        "evidence": language.text(
                            "against_all",
                            lang,
                            label=language.EVIDENCE_LABELS[feature][lang],
                            value=play.evidence_format(persona[f"mean_{feature}"], currency),
                            base=play.evidence_format(base_means[feature], currency),
                        ),
                    }
                )
    return pd.DataFrame(rows, columns=["persona_id", "persona", "play", "action", "evidence"])


BOOTSTRAP_DRAWS = 2_000


def campaign_economics(customers: pd.DataFrame, persona_ids: pd.Series, random_state: int = 0) -> pd.DataFrame:
    """Per persona: response to the last campaign, lift, and the profit of contacting everyone, with a 95% interval.

    Each contact costs ``Z_CostContact`` and each acceptance earns ``Z_Revenue``,
    in the case study's monetary unit. The interval is a bootstrap over the
    persona's customers: resampling n customers from a 0/1 response column draws
    the responder count from Binomial(n, observed rate), so it is drawn directly.
    """
    frame = customers.assign(persona_id=persona_ids.to_numpy())
    frame["profit"] = frame["Response"] * frame["Z_Revenue"] - frame["Z_CostContact"]
    overall_rate = frame["Response"].mean()
    grouped = frame.groupby("persona_id")
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "responders": grouped["Response"].sum(),
            "response_rate": grouped["Response"].mean(),
            "earlier_campaign_rate": grouped["Total_Accepted_Campaign"].mean() / 5,
            "expected_profit": grouped["profit"].sum(),
            "profit_per_customer": grouped["profit"].mean(),
            "contact_cost": grouped["Z_CostContact"].mean(),
            "revenue": grouped["Z_Revenue"].mean(),
        }
    )
    table["lift"] = table["response_rate"] / overall_rate if overall_rate > 0 else float("nan")
    rng = np.random.default_rng(random_state)
    draws = rng.binomial(table["customers"].to_numpy()[:, None], table["response_rate"].to_numpy()[:, None], (len(table), BOOTSTRAP_DRAWS))
    profits = draws * table["revenue"].to_numpy()[:, None] - (table["customers"] * table["contact_cost"]).to_numpy()[:, None]
    table["profit_low"], table["profit_high"] = np.percentile(profits, [2.5, 97.5], axis=1)
    return table


def cumulative_gain(economics: pd.DataFrame) -> pd.DataFrame:
    """Customers and responders reached, and profit, when personas are contacted best first.

    Within a persona customers are interchangeable, so the curve is straight
    between persona boundaries; random targeting is the diagonal.
    """
    ordered = economics.sort_values("profit_per_customer", ascending=False, kind="stable")
    reached = pd.DataFrame(
        {
            "persona_id": [None, *ordered.index],
            "customers_share": np.r_[0, ordered["customers"].cumsum() / ordered["customers"].sum()],
            "responders_share": np.r_[0, ordered["responders"].cumsum() / max(ordered["responders"].sum(), 1)],
            "profit": np.r_[0, ordered["expected_profit"].cumsum()],
        }
    )
    return reached


def targeting_plan(economics: pd.DataFrame) -> dict:
    """The personas worth contacting (expected profit per contact above zero), and what contacting them covers."""
    chosen = economics[economics["profit_per_customer"] > 0].sort_values("profit_per_customer", ascending=False, kind="stable")
    return {
        "persona_ids": [int(i) for i in chosen.index],
        "customers_share": float(chosen["customers"].sum() / economics["customers"].sum()),
        "responders_share": float(chosen["responders"].sum() / max(economics["responders"].sum(), 1)),
        "expected_profit": float(chosen["expected_profit"].sum()),
        "everyone_profit": float(economics["expected_profit"].sum()),
    }


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
            "95% interval": [f"{low:,.0f} to {high:,.0f}" for low, high in zip(economics["profit_low"], economics["profit_high"])],
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
