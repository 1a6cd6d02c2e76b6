"""What contacting each persona earned in the last campaign, and which personas are worth contacting.

Each contact costs ``Z_CostContact`` and each acceptance earns ``Z_Revenue``,
in the case study's monetary unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BOOTSTRAP_DRAWS = 2_000


def per_persona(customers: pd.DataFrame, persona_ids: pd.Series, random_state: int = 0) -> pd.DataFrame:
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
    draws = rng.binomial(
        table["customers"].to_numpy()[:, None],
        table["response_rate"].to_numpy()[:, None],
        (len(table), BOOTSTRAP_DRAWS),
    )
    profits = (
        draws * table["revenue"].to_numpy()[:, None] - (table["customers"] * table["contact_cost"]).to_numpy()[:, None]
    )
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
    chosen = economics[economics["profit_per_customer"] > 0].sort_values(
        "profit_per_customer", ascending=False, kind="stable"
    )
    return {
        "persona_ids": [int(i) for i in chosen.index],
        "customers_share": float(chosen["customers"].sum() / economics["customers"].sum()),
        "responders_share": float(chosen["responders"].sum() / max(economics["responders"].sum(), 1)),
        "expected_profit": float(chosen["expected_profit"].sum()),
        "everyone_profit": float(economics["expected_profit"].sum()),
    }


def with_campaign_figures(persona_records: list[dict], plays: pd.DataFrame, economics: pd.DataFrame) -> list[dict]:
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
