"""What to do with each persona: plays keyed by measured traits, each with the numbers that triggered it.

Plays are keyed by measured traits (value tier, standing against the customer
base), so they follow the data, not cluster numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from helpers.segmentation.personas import NOTABLE
from helpers.story import phrases
from helpers.story.numbers import count, decimal, money

# A trait counts as high or low on the same bar as in persona names (personas.NOTABLE), so a
# play never rests on a trait the persona's name contradicts.


@dataclass(frozen=True)
class Play:
    """A marketing play: when it applies, and which feature's numbers are its evidence."""

    key: str
    applies: Callable[[pd.Series, pd.Series], bool]
    evidence_feature: str
    # (value, currency, lang) -> the value as a reader reads it.
    evidence_format: Callable[[float, str, str], str] = lambda value, currency, lang: decimal(value, lang)


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
    Play("win_back", _above("Recency"), "Recency", lambda value, currency, lang: count(value, lang)),
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
                        "action": phrases.ACTIONS[play.key][lang],
                        "evidence": phrases.text(
                            "against_all",
                            lang,
                            label=phrases.EVIDENCE_LABELS[feature][lang],
                            value=play.evidence_format(persona[f"mean_{feature}"], currency, lang),
                            base=play.evidence_format(base_means[feature], currency, lang),
                        ),
                    }
                )
    return pd.DataFrame(rows, columns=["persona_id", "persona", "play", "action", "evidence"])
