"""Name, order and describe segments from their measured profile, never from cluster numbers."""

from __future__ import annotations

import pandas as pd

from helpers.story import phrases
from helpers.story.numbers import count, decimal, money, percent

PROFILE_FEATURES = (
    "Income",
    "Total_Spending",
    "Total_Transaction",
    "CVR",
    "NumWebVisitsMonth",
    "Total_Accepted_Campaign",
    "Response",
    "Recency",
    "Total_Children",
    "Age",
)

# Distributions plotted per persona.
DISTRIBUTION_FEATURES = ("Total_Transaction", "CVR", "NumWebVisitsMonth", "Total_Accepted_Campaign", "Recency", "Age")
# Columns of segments.csv besides the persona.
SEGMENT_FEATURES = ("Income", "Total_Spending", "Total_Transaction", "CVR", "Age", "Total_Children")

TRAIT_FEATURES = tuple(dict.fromkeys(feature for feature, _ in phrases.TRAITS if feature))
# A trait names a persona only when it holds against all customers: the persona's mean lies at least
# this many standard deviations on the named side of the whole base's mean. The playbook uses the same bar.
NOTABLE = 0.25
# A persona alone in its tier with no notable trait is named by its tier alone.
NO_TRAIT = (None, 0)

# Value tier from where a segment's median spending falls in the whole customer base.
VALUE_TIERS = ((2 / 3, "High-Value"), (1 / 3, "Mid-Value"), (0.0, "Low-Value"))


def profile(customers: pd.DataFrame, labels: pd.Series, statistic: str = "median") -> pd.DataFrame:
    """One row per segment label: the statistic of each profile feature."""
    return customers.loc[:, list(PROFILE_FEATURES)].groupby(labels.rename("segment")).agg(statistic)


def standardised_profile(customers: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Segment means as z-scores against the whole customer base (the centroid heat map)."""
    features = customers.loc[:, list(PROFILE_FEATURES)]
    spread = features.std(ddof=0).replace(0, 1)
    return (features.groupby(labels.rename("segment")).mean() - features.mean()) / spread


def _value_tier(median_spending: float, spending: pd.Series) -> str:
    position = (spending < median_spending).mean()
    return next(name for threshold, name in VALUE_TIERS if position >= threshold)


def _name_traits(z_scores: pd.DataFrame, segment, peers: list) -> list[tuple[str, int]]:
    """The traits ``segment`` may be named by, best first.

    Only true traits qualify: the persona's mean is at least ``NOTABLE`` standard deviations on
    the named side of all customers' mean. Among them, what sets it apart from its tier peers
    comes first (or from everyone, when alone in its tier), then what it has more of.
    """
    own = z_scores.loc[segment, list(TRAIT_FEATURES)]
    contrast = own - z_scores.loc[peers, list(TRAIT_FEATURES)].mean() if peers else own
    true = [(feature, 1 if own[feature] > 0 else -1) for feature in TRAIT_FEATURES if abs(own[feature]) >= NOTABLE]
    return sorted(true, key=lambda trait: (-trait[1] * contrast[trait[0]], trait[1] < 0, -abs(own[trait[0]])))


def _nearest_true_traits(z_scores: pd.DataFrame, segment) -> list[tuple[str, int]]:
    """Every trait on the side the persona truly lies, the furthest first: the name of last resort."""
    own = z_scores.loc[segment, list(TRAIT_FEATURES)]
    return [(feature, 1 if own[feature] > 0 else -1) for feature in own.abs().sort_values(ascending=False).index]


def _name(tier: str, traits: list, alone: bool, taken: set) -> tuple[str, int]:
    for trait in traits[0]:
        if (tier, trait) not in taken:
            return trait
    if alone and (tier, NO_TRAIT) not in taken:
        return NO_TRAIT
    return next(trait for trait in traits[1] if (tier, trait) not in taken)


def identify_personas(customers: pd.DataFrame, labels: pd.Series, currency: str, lang: str = "en") -> pd.DataFrame:
    """The personas, best first: id, name, description, size and median and mean profile.

    Segments are ordered by median then mean spending, so the result does not
    depend on which number K-Means gave each cluster. Names are unique: a
    persona that shares a tier with another is named by a trait it does not share.
    """
    medians = profile(customers, labels, "median")
    means = profile(customers, labels, "mean")
    z_scores = standardised_profile(customers, labels)
    order = (
        pd.DataFrame({"median": medians["Total_Spending"], "mean": means["Total_Spending"], "income": means["Income"]})
        .sort_values(["median", "mean", "income"], ascending=False, kind="stable")
        .index.tolist()
    )
    tiers = {
        segment: _value_tier(medians.at[segment, "Total_Spending"], customers["Total_Spending"]) for segment in order
    }
    sizes = labels.value_counts()
    rows = []
    taken: set[tuple] = set()
    for persona_id, segment in enumerate(order, start=1):
        tier = tiers[segment]
        # Against its own tier when it shares one, else against the whole customer base.
        peers = [other for other in order if other != segment and tiers[other] == tier]
        candidates = (_name_traits(z_scores, segment, peers), _nearest_true_traits(z_scores, segment))
        trait = _name(tier, candidates, alone=not peers, taken=taken)
        taken.add((tier, trait))
        share = 100 * sizes[segment] / len(labels)
        rows.append(
            {
                "persona_id": persona_id,
                "persona": phrases.persona_name(tier, trait, lang),
                "tier": tier,
                "trait": trait[0] or "",
                "trait_direction": trait[1],
                "segment": segment,
                "customers": int(sizes[segment]),
                "share_percent": round(share, 2),
                "description": phrases.text(
                    "description",
                    lang,
                    customers=count(sizes[segment], lang),
                    share=percent(share, lang),
                    spending=money(medians.at[segment, "Total_Spending"], currency, lang),
                    income=money(medians.at[segment, "Income"], currency, lang),
                    transactions=count(medians.at[segment, "Total_Transaction"], lang),
                    cvr=decimal(medians.at[segment, "CVR"], lang),
                ),
                **{f"median_{feature}": medians.at[segment, feature] for feature in PROFILE_FEATURES},
                **{f"mean_{feature}": means.at[segment, feature] for feature in PROFILE_FEATURES},
            }
        )
    return pd.DataFrame(rows).set_index("persona_id")


def persona_of(labels: pd.Series, personas: pd.DataFrame) -> pd.Series:
    """Persona id of each customer, from its segment label."""
    to_persona = pd.Series(personas.index, index=personas["segment"])
    return labels.map(to_persona).rename("persona_id")


def persona_records(personas: pd.DataFrame) -> list[dict]:
    """The personas as summary.json lists them."""
    return [
        {
            "id": int(persona_id),
            "name": row["persona"],
            "customers": int(row["customers"]),
            "share_percent": float(row["share_percent"]),
            "median_income": float(row["median_Income"]),
            "median_spending": float(row["median_Total_Spending"]),
            "median_transactions": float(row["median_Total_Transaction"]),
            "median_cvr": float(row["median_CVR"]),
        }
        for persona_id, row in personas.iterrows()
    ]


def assignments(customers: pd.DataFrame, persona_ids: pd.Series) -> pd.DataFrame:
    """Each customer's ID and persona id, in the customers' order (the hand-over to the recommendations)."""
    return pd.DataFrame({"ID": customers["ID"].to_numpy(), "persona_id": persona_ids.to_numpy()})


def segments_table(customers: pd.DataFrame, persona_ids: pd.Series, personas: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: ID, persona id and name, and the key features (segments.csv)."""
    return pd.DataFrame(
        {
            "ID": customers["ID"].to_numpy(),
            "persona_id": persona_ids.to_numpy(),
            "persona": persona_ids.map(personas["persona"]).to_numpy(),
            **{feature: customers[feature].to_numpy() for feature in SEGMENT_FEATURES},
        }
    )


def profile_table(customers: pd.DataFrame, persona: pd.Series, order: list) -> pd.DataFrame:
    """Median and mean of each profile feature by persona, side by side (the analyst's full table)."""
    table = pd.concat(
        {"median": profile(customers, persona, "median"), "mean": profile(customers, persona, "mean")}, axis=1
    )
    columns = pd.MultiIndex.from_product([PROFILE_FEATURES, ["median", "mean"]])
    return table.swaplevel(axis=1).reindex(columns=columns).loc[order].round(2)
