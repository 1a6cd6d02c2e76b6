"""Personas and their plays in words: the names, descriptions and actions of the keys the core returns.

``helpers.segmentation.personas`` knows a persona by its key (``high-value/campaign-responders``) and
``helpers.campaign.playbook`` a play by its key (``loyalty_exclusivity``); this module alone says them in a
language, so a saved model means the same whatever language its report was read in.
"""

from __future__ import annotations

import functools

import pandas as pd

from helpers.engine.seam import Engine
from helpers.story import phrases
from helpers.story.numbers import count, decimal, money, percent
from helpers.story.translation import translated


def name(key: str, lang: str) -> str:
    return phrases.persona_name(key, lang)


def description(persona: pd.Series, currency: str, lang: str) -> str:
    """'460 customers (20.5%): median spending Rp 1,116,000, income …' from a persona's profile."""
    return phrases.text(
        "description",
        lang,
        customers=persona["customers"],
        share=percent(persona["share_percent"], lang),
        spending=money(persona["median_Total_Spending"], currency, lang),
        income=money(persona["median_Income"], currency, lang),
        transactions=count(persona["median_Total_Transaction"], lang),
        cvr=decimal(persona["median_CVR"], lang),
    )


def named(personas: pd.DataFrame, currency: str, lang: str) -> pd.DataFrame:
    """The persona table with each persona's name (first) and description (after its share) in ``lang``."""
    table = personas.copy()
    table.insert(0, "persona", [name(key, lang) for key in table["persona_key"]])
    described = [description(row, currency, lang) for _, row in table.iterrows()]
    table.insert(table.columns.get_loc("share_percent") + 1, "description", described)
    return table


def by_name(table: pd.DataFrame, personas: pd.DataFrame) -> pd.DataFrame:
    """``table`` (one row per persona id) with each row labelled by the persona's name, as the pages show it."""
    return table.rename(index=personas["persona"])


def action(play: str, lang: str) -> str:
    """What to do, for the play ``play``."""
    return translated(phrases.ACTIONS[play], lang)


# How a play's evidence value reads: money, whole days, or a decimal.
_EVIDENCE_FORMATS = {"Total_Spending": "money", "Recency": "count"}


def _evidence_value(feature: str, value: float, currency: str, lang: str) -> str:
    kind = _EVIDENCE_FORMATS.get(feature)
    if kind == "money":
        return money(value, currency, lang)
    return count(value, lang) if kind == "count" else decimal(value, lang)


def worded_plays(plays: pd.DataFrame, personas: pd.DataFrame, currency: str, lang: str) -> pd.DataFrame:
    """The playbook's plays (persona id, play, evidence feature, persona and base means) with the persona's name,
    the action and the evidence in ``lang``: the table the recommendations show and the model card keeps."""
    rows = [
        {
            "persona_id": play.persona_id,
            "persona": personas.at[play.persona_id, "persona"],
            "play": play.play,
            "action": action(play.play, lang),
            "evidence": phrases.text(
                "against_all",
                lang,
                label=translated(phrases.EVIDENCE_LABELS[play.evidence_feature], lang),
                value=_evidence_value(play.evidence_feature, play.persona_mean, currency, lang),
                base=_evidence_value(play.evidence_feature, play.base_mean, currency, lang),
            ),
        }
        for play in plays.itertuples()
    ]
    return pd.DataFrame(rows, columns=["persona_id", "persona", "play", "action", "evidence"])


def scoring_labels(model: dict, lang: str) -> dict:
    """``model`` (a saved persona model) with its persona names and actions in ``lang``, from its keys."""
    return {
        **model,
        "persona_names": [name(key, lang) for key in model["persona_keys"]],
        "persona_actions": [action(plays[0], lang) if plays else "" for plays in model["persona_plays"]],
    }


def contact_list(targeting, personas: pd.DataFrame, lang: str, engine: Engine):
    """The response model's plan customer by customer (``Targeting.contacts``) as the marketing team opens it:
    ``ID``, the persona's key and name in ``lang``, the held-out probability, contact (and with a budget, within
    budget) as yes or no in ``lang``, the expected profit of contacting and the rank by it; block by block on
    ``engine`` (a table of its kind when the plans were counted on its workers); None without a plan."""
    if targeting is None:
        return None
    answers = {True: phrases.word("yes", lang), False: phrases.word("no", lang)}
    words = functools.partial(_worded_contacts, personas=personas.loc[:, ["persona", "persona_key"]], answers=answers)
    return engine.map_blocks(targeting.contacts, words)


def _worded_contacts(contacts: pd.DataFrame, personas: pd.DataFrame, answers: dict) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": contacts["ID"],
            "persona_key": contacts["persona_id"].map(personas["persona_key"]),
            "persona": contacts["persona_id"].map(personas["persona"]),
            "probability": contacts["probability"].round(4),
            "contact": contacts["contact"].map(answers),
            **({"within_budget": contacts["within_budget"].map(answers)} if "within_budget" in contacts else {}),
            "expected_profit": contacts["expected_profit"].round(2),
            "rank": contacts["rank"],
        }
    )
