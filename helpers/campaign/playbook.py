"""What to do with each persona: plays keyed by measured traits, each with the numbers that triggered it.

Plays are keyed by measured traits (value tier, standing against the customer
base), so they follow the data, not cluster numbers. A play is a key
(``loyalty_exclusivity``); ``helpers.story.persona_words`` says what it means in a language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from helpers.segmentation.personas import HIGH_VALUE, LOW_VALUE, MID_VALUE, NOTABLE, z_scores

# A trait counts as high or low on the same bar as in persona names (personas.NOTABLE), so a
# play never rests on a trait the persona's name contradicts.


@dataclass(frozen=True)
class Play:
    """A marketing play: when it applies, and which feature's numbers are its evidence."""

    key: str
    applies: Callable[[pd.Series, pd.Series], bool]
    evidence_feature: str


def _above(feature):
    return lambda persona, z: z[feature] >= NOTABLE


PLAYBOOK = (
    Play("loyalty_exclusivity", lambda persona, z: persona["tier"] == HIGH_VALUE, "Total_Spending"),
    Play("referral", _above("Total_Accepted_Campaign"), "Total_Accepted_Campaign"),
    Play(
        "alternative_channels",
        lambda persona, z: z["Income"] >= NOTABLE and z["NumWebVisitsMonth"] <= -NOTABLE,
        "NumWebVisitsMonth",
    ),
    Play("nurturing", lambda persona, z: persona["tier"] == MID_VALUE, "Total_Transaction"),
    Play(
        "retargeting",
        lambda persona, z: persona["tier"] != HIGH_VALUE and z["NumWebVisitsMonth"] >= NOTABLE,
        "NumWebVisitsMonth",
    ),
    Play(
        "soft_selling",
        lambda persona, z: persona["tier"] == LOW_VALUE and z["Total_Accepted_Campaign"] <= 0,
        "Total_Accepted_Campaign",
    ),
    Play("win_back", _above("Recency"), "Recency"),
    Play("family_bundles", _above("Total_Children"), "Total_Children"),
)


PLAY_COLUMNS = ["persona_id", "play", "evidence_feature", "persona_mean", "base_mean"]


def recommend(personas: pd.DataFrame, base_means: pd.Series) -> pd.DataFrame:
    """Every play that applies to each persona, best first, with the numbers that triggered it: the evidence
    feature, the persona's mean and the whole base's.

    First comes the play that answers the trait the persona is named for (referral for campaign responders,
    win-back for lapsing customers), so two personas lead with the same play only when they share that trait;
    a persona named by its tier alone, or whose trait no play answers, leads with its tier's play.
    ``personas`` is the persona table (``tier``, ``trait``, ``mean_<feature>`` and ``z_<feature>`` columns, by
    persona id).
    """
    rows = []
    standing = z_scores(personas)
    for persona_id, persona in personas.iterrows():
        z = standing.loc[persona_id]
        applying = [play for play in PLAYBOOK if play.applies(persona, z)]
        # Stable: the plays answering the persona's trait first, the rest in the playbook's order.
        for play in sorted(applying, key=lambda play: play.evidence_feature != persona.get("trait")):
            feature = play.evidence_feature
            rows.append((persona_id, play.key, feature, persona[f"mean_{feature}"], base_means[feature]))
    return pd.DataFrame(rows, columns=PLAY_COLUMNS)
