"""The decision tree's rules for persona membership, as sentences a marketer applies by hand."""

from __future__ import annotations

import pandas as pd

from helpers.data import columns
from helpers.segmentation.explain import FEATURES, MIN_RULE_SHARE, Condition, Explanation
from helpers.story import inert, labels, phrases
from helpers.story.numbers import count, decimal, money, percent


def _value(feature: str, value: float, currency: str, lang: str) -> str:
    return money(value, currency, lang) if feature in columns.MONEY else decimal(value, lang)


def condition(bounds: Condition, currency: str, lang: str) -> str:
    """One feature's bounds in words: "Children at home: none", "Income per year: more than Rp 60,000,000"."""
    label = labels.column(bounds.feature, lang)
    low, high = bounds.low, bounds.high
    if bounds.whole:  # bounds are whole numbers, inclusive
        if high == 0:
            return phrases.text("rule_none", lang, label=label)
        if low is not None and high is not None:
            return phrases.text("rule_between", lang, label=label, low=count(low, lang), high=count(high, lang))
        if low is not None:
            return phrases.text("rule_at_least", lang, label=label, value=count(low, lang))
        return phrases.text("rule_at_most", lang, label=label, value=count(high, lang))
    if low is not None and high is not None:
        low_text, high_text = _value(bounds.feature, low, currency, lang), _value(bounds.feature, high, currency, lang)
        return phrases.text("rule_between", lang, label=label, low=low_text, high=high_text)
    if low is not None:
        return phrases.text("rule_above", lang, label=label, value=_value(bounds.feature, low, currency, lang))
    return phrases.text("rule_up_to", lang, label=label, value=_value(bounds.feature, high, currency, lang))


def _conditions(conditions: tuple[Condition, ...], currency: str, lang: str) -> str:
    return " · ".join(condition(bounds, currency, lang) for bounds in conditions) or phrases.text("all_customers", lang)


def worded(rules: pd.DataFrame, persona_names: pd.Series, currency: str, lang: str = "en") -> pd.DataFrame:
    """``explain.rules`` with each rule as one Markdown sentence (``rule``); persona names are made inert."""
    sentences = [
        phrases.text(
            "rule",
            lang,
            persona=inert.markdown(persona_names[row.persona_id]),
            conditions=_conditions(row.conditions, currency, lang),
            customers=row.customers,
            purity=percent(100 * row.purity, lang, 0),
        )
        for row in rules.itertuples()
    ]
    return rules.drop(columns="conditions").assign(rule=sentences)


def summary_sentence(explanation: Explanation, lang: str = "en") -> str:
    return phrases.text(
        "agreement",
        lang,
        depth=explanation.tree.get_depth(),
        features=", ".join(labels.in_sentence(feature, lang) for feature in FEATURES),
        agreement=percent(100 * explanation.agreement, lang),
        top=", ".join(labels.in_sentence(feature, lang) for feature in explanation.importances.index[:3]),
        share=percent(100 * MIN_RULE_SHARE, lang, 0),
    )
