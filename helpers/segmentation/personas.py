"""Identify and order segments from their measured profile, never from cluster numbers.

A persona is known by a key made of its value tier and its trait (``high-value/campaign-responders``), the same
in every language: ``helpers.story.persona_words`` turns the key into a name and a description in one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.config import MIN_PERSONA_CUSTOMERS
from helpers.data import columns
from helpers.engine.seam import Engine, engine_for

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

# (feature, direction) -> the trait's key: how a persona that stands out on the feature, above (1) or below (-1)
# the customer base, is known.
TRAITS = {
    ("Total_Transaction", 1): "frequent-buyers",
    ("Total_Transaction", -1): "occasional-buyers",
    ("CVR", 1): "high-converters",
    ("CVR", -1): "low-converters",
    ("Income", 1): "affluent-shoppers",
    ("Income", -1): "budget-shoppers",
    ("NumWebVisitsMonth", 1): "web-browsers",
    ("NumWebVisitsMonth", -1): "offline-shoppers",
    ("Total_Accepted_Campaign", 1): "campaign-responders",
    ("Total_Accepted_Campaign", -1): "campaign-skeptics",
    ("Recency", 1): "lapsing-customers",
    ("Recency", -1): "recent-shoppers",
    ("Total_Children", 1): "families",
    ("Total_Children", -1): "child-free-households",
    (None, 0): "customers",
}
TRAIT_FEATURES = tuple(dict.fromkeys(feature for feature, _ in TRAITS if feature))
# A trait names a persona only when it holds against all customers: the persona's mean lies at least
# this many standard deviations on the named side of the whole base's mean. The playbook uses the same bar.
NOTABLE = 0.25
# A persona alone in its tier with no notable trait is named by its tier alone.
NO_TRAIT = (None, 0)

# Value tier from where a segment's median spending falls in the whole customer base.
HIGH_VALUE, MID_VALUE, LOW_VALUE = "high-value", "mid-value", "low-value"
VALUE_TIERS = ((2 / 3, HIGH_VALUE), (1 / 3, MID_VALUE), (0.0, LOW_VALUE))


def persona_key(tier: str, trait: tuple[str | None, int]) -> str:
    """``high-value/campaign-responders``; a persona known by its tier alone is ``mid-value/customers``."""
    return f"{tier}/{TRAITS[trait]}"


def key_parts(key: str) -> tuple[str, str]:
    """(tier key, trait key) of a persona key."""
    tier, trait = key.split("/", 1)
    return tier, trait


def standardised_profile(customers: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Segment means as z-scores against the whole customer base, in memory: the definition that
    ``segment_figures``' standing (the centroid heat map) follows through the seam, and that the tests hold it to."""
    features = customers.loc[:, list(PROFILE_FEATURES)]
    spread = features.std(ddof=0).replace(0, 1)
    return (features.groupby(labels.rename("segment")).mean() - features.mean()) / spread


@dataclass(frozen=True)
class SegmentFigures:
    """What orders and names the segments, measured over the customers they describe: per segment its size, the
    median and mean of every profile feature, its means as z-scores against all customers, and the share of all
    customers who spend less than its median (``spending_position``, which sets its value tier).
    """

    sizes: pd.Series
    medians: pd.DataFrame
    means: pd.DataFrame
    standing: pd.DataFrame
    spending_position: pd.Series


def segment_figures(engine: Engine, assigned) -> SegmentFigures:
    """``SegmentFigures`` of every customer of ``assigned`` (a table of ``engine``'s kind with each one's
    ``segment``), exact on both engines in a few passes: sizes, sums and means per segment; medians per segment;
    the whole base's means and spreads; and, in one pass, how many customers spend less than each segment's
    median."""
    features = list(PROFILE_FEATURES)
    stats = engine.group_stats(assigned, "segment", [columns.ID, *features])
    sizes = stats[(columns.ID, "count")].astype("int64")
    means = pd.DataFrame({feature: stats[(feature, "mean")] for feature in features})
    medians = engine.grouped_quantiles(assigned, "segment", features, [0.5]).xs(0.5, level=1)
    filled = pd.Series({feature: stats[(feature, "count")].sum() for feature in features})
    # The population spread (ddof 0), as ``standardised_profile`` takes it; none for a column nobody filled (a
    # customer list without a campaign outcome).
    spread = engine.standard_deviations(assigned, features) * np.sqrt(((filled - 1) / filled).where(filled > 0))
    median_spending = medians["Total_Spending"]
    below = engine.column_totals(assigned, functools.partial(_spending_below, medians=median_spending))
    return SegmentFigures(
        sizes=sizes,
        medians=medians,
        means=means,
        standing=(means - engine.means(assigned, features)) / spread.replace(0, 1),
        spending_position=pd.Series(below.to_numpy() / sizes.sum(), index=median_spending.index),
    )


def _spending_below(block: pd.DataFrame, medians: pd.Series) -> pd.DataFrame:
    """Per segment's median spending (one column each, in order), whether each customer spends less."""
    spending = block["Total_Spending"]
    return pd.DataFrame({f"below_{number}": spending < median for number, median in enumerate(medians)})


def value_tier(spending_position: float) -> str:
    """The value tier of a segment whose median spending exceeds that of ``spending_position`` of all customers."""
    return next(name for threshold, name in VALUE_TIERS if spending_position >= threshold)


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


def too_small(customers: pd.Series | int) -> pd.Series | bool:
    """Whether a persona of ``customers`` customers is too small to act on (a count or one per persona)."""
    return customers < MIN_PERSONA_CUSTOMERS


def identify_personas(customers: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """The personas of customers in memory (``labels``: each one's segment, on the index of ``customers``)."""
    return personas_from(segment_figures(engine_for("pandas"), customers.assign(segment=labels)))


def personas_from(figures: SegmentFigures) -> pd.DataFrame:
    """The personas, best first: id, key, tier and trait, size, median and mean profile and z-scores.

    Segments are ordered by median then mean spending, so the result does not depend on which number K-Means gave
    each cluster. Keys are unique: a persona that shares a tier with another is known by a trait it does not share.
    """
    medians, means, standing, sizes = figures.medians, figures.means, figures.standing, figures.sizes
    order = (
        pd.DataFrame({"median": medians["Total_Spending"], "mean": means["Total_Spending"], "income": means["Income"]})
        .sort_values(["median", "mean", "income"], ascending=False, kind="stable")
        .index.tolist()
    )
    tiers = {segment: value_tier(figures.spending_position[segment]) for segment in order}
    rows = []
    taken: set[tuple] = set()
    for persona_id, segment in enumerate(order, start=1):
        tier = tiers[segment]
        # Against its own tier when it shares one, else against the whole customer base.
        peers = [other for other in order if other != segment and tiers[other] == tier]
        candidates = (_name_traits(standing, segment, peers), _nearest_true_traits(standing, segment))
        trait = _name(tier, candidates, alone=not peers, taken=taken)
        taken.add((tier, trait))
        share = 100 * sizes[segment] / sizes.sum()
        rows.append(
            {
                "persona_id": persona_id,
                "persona_key": persona_key(tier, trait),
                "tier": tier,
                "trait": trait[0] or "",
                "trait_direction": trait[1],
                "segment": segment,
                "customers": int(sizes[segment]),
                "share_percent": round(share, 2),
                "too_small": bool(too_small(int(sizes[segment]))),
                **{f"median_{feature}": medians.at[segment, feature] for feature in PROFILE_FEATURES},
                **{f"mean_{feature}": means.at[segment, feature] for feature in PROFILE_FEATURES},
                **{f"z_{feature}": standing.at[segment, feature] for feature in PROFILE_FEATURES},
            }
        )
    return pd.DataFrame(rows).set_index("persona_id")


def z_scores(personas: pd.DataFrame) -> pd.DataFrame:
    """Each persona's mean of every profile feature as a z-score against the whole customer base, by persona id:
    what sets it apart (the centroid heat map, the playbook's triggers)."""
    table = personas.loc[:, [f"z_{feature}" for feature in PROFILE_FEATURES]]
    return table.set_axis(list(PROFILE_FEATURES), axis=1)


def persona_of(labels: pd.Series, personas: pd.DataFrame) -> pd.Series:
    """Persona id of each customer, from its segment label."""
    to_persona = pd.Series(personas.index, index=personas["segment"])
    return labels.map(to_persona).rename("persona_id")


def persona_records(personas: pd.DataFrame) -> list[dict]:
    """The personas as summary.json lists them."""
    return [
        {
            "id": int(persona_id),
            "key": row["persona_key"],
            "name": row["persona"],
            "customers": int(row["customers"]),
            "share_percent": float(row["share_percent"]),
            "too_small": bool(too_small(int(row["customers"]))),
            "median_income": float(row["median_Income"]),
            "median_spending": float(row["median_Total_Spending"]),
            "median_transactions": float(row["median_Total_Transaction"]),
            "median_cvr": float(row["median_CVR"]),
        }
        for persona_id, row in personas.iterrows()
    ]


def assignments(customers: pd.DataFrame, persona_ids: pd.Series) -> pd.DataFrame:
    """Each customer's ID and persona id (the hand-over to the recommendations); ``persona_ids`` is matched to
    ``customers`` by index label, never by position."""
    return customers.loc[:, [columns.ID]].assign(persona_id=persona_ids.reindex(customers.index)).reset_index(drop=True)


def segments_table(customers: pd.DataFrame, persona_ids: pd.Series, personas: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: ID, persona id, name and key, and the key features (segments.csv)."""
    table = assignments(customers, persona_ids)
    by_persona = personas.loc[:, ["persona", "persona_key"]]
    described = table.join(by_persona, on="persona_id")
    features = customers.loc[:, [columns.ID, *SEGMENT_FEATURES]]
    return described.merge(features, on=columns.ID, how="left", validate="one_to_one")


def profile_table(medians: pd.DataFrame, means: pd.DataFrame) -> pd.DataFrame:
    """Median and mean of each profile feature by persona, side by side (the analyst's full table)."""
    table = pd.concat({"median": medians, "mean": means}, axis=1)
    columns = pd.MultiIndex.from_product([PROFILE_FEATURES, ["median", "mean"]])
    return table.swaplevel(axis=1).reindex(columns=columns).round(2)
