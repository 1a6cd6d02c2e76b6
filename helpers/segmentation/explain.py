"""Explain persona membership with a shallow decision tree, in rules a marketer can apply by hand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from helpers.segmentation.personas import PROFILE_FEATURES
from helpers.story import inert, labels, phrases
from helpers.story.numbers import count, decimal, money, percent

# The profile a marketer can see, less the last campaign's response (what the plan predicts).
FEATURES = tuple(feature for feature in PROFILE_FEATURES if feature != "Response")
MONEY_FEATURES = ("Income", "Total_Spending")
# Counted in whole units: their thresholds read as "at most 2", "at least 3".
WHOLE_FEATURES = (
    "Total_Transaction",
    "NumWebVisitsMonth",
    "Total_Accepted_Campaign",
    "Recency",
    "Total_Children",
    "Age",
)
MAX_DEPTH = 3
# A rule must cover at least this share of the customers to be worth a marketer's attention.
MIN_RULE_SHARE = 0.01
# Rules come out the same from a large sample as from every row, at a fraction of the cost.
MAX_FIT_ROWS = 200_000


@dataclass(frozen=True)
class Explanation:
    tree: DecisionTreeClassifier
    agreement: float
    importances: pd.Series


def explain_membership(
    customers: pd.DataFrame, persona_ids: pd.Series, random_state: int, max_depth: int = MAX_DEPTH
) -> Explanation:
    """A depth-limited tree fitted to the persona labels, and how often it agrees with them."""
    features = customers.loc[:, list(FEATURES)]
    fit_rows = (
        features.index
        if len(features) <= MAX_FIT_ROWS
        else features.sample(MAX_FIT_ROWS, random_state=random_state).index
    )
    smallest = max(1, int(np.ceil(MIN_RULE_SHARE * len(fit_rows))))
    tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=smallest, random_state=random_state)
    tree.fit(features.loc[fit_rows], persona_ids.loc[fit_rows])
    agreement = float((tree.predict(features) == persona_ids.to_numpy()).mean())
    importances = pd.Series(tree.feature_importances_, index=list(FEATURES), name="importance").sort_values(
        ascending=False, kind="stable"
    )
    return Explanation(tree, agreement, importances)


def _value(feature: str, value: float, currency: str, lang: str) -> str:
    return money(value, currency, lang) if feature in MONEY_FEATURES else decimal(value, lang)


def _condition(feature: str, low: float | None, high: float | None, currency: str, lang: str) -> str:
    """One feature's bounds in words: "Children at home: none", "Income per year: more than Rp 60,000,000"."""
    label = labels.column(feature, lang)
    if feature in WHOLE_FEATURES:  # thresholds fall between whole numbers
        least = None if low is None else int(np.floor(low)) + 1
        most = None if high is None else int(np.floor(high))
        if most == 0:
            return phrases.text("rule_none", lang, label=label)
        if least is not None and most is not None:
            return phrases.text("rule_between", lang, label=label, low=count(least, lang), high=count(most, lang))
        if least is not None:
            return phrases.text("rule_at_least", lang, label=label, value=count(least, lang))
        return phrases.text("rule_at_most", lang, label=label, value=count(most, lang))
    if low is not None and high is not None:
        low_text, high_text = _value(feature, low, currency, lang), _value(feature, high, currency, lang)
        return phrases.text("rule_between", lang, label=label, low=low_text, high=high_text)
    if low is not None:
        return phrases.text("rule_above", lang, label=label, value=_value(feature, low, currency, lang))
    return phrases.text("rule_up_to", lang, label=label, value=_value(feature, high, currency, lang))


def _conditions(bounds: dict, currency: str, lang: str) -> str:
    parts = [_condition(feature, low, high, currency, lang) for feature, (low, high) in bounds.items()]
    return " · ".join(parts) or phrases.text("all_customers", lang)


def rules(explanation: Explanation, persona_names: pd.Series, currency: str, lang: str = "en") -> pd.DataFrame:
    """One rule per leaf, tightest bounds per feature, largest leaves of each persona first, in Markdown."""
    tree = explanation.tree.tree_
    classes = explanation.tree.classes_
    found = []

    def walk(node: int, bounds: dict) -> None:
        if tree.children_left[node] == tree.children_right[node]:  # a leaf
            counts = tree.value[node][0]
            persona_id = int(classes[int(np.argmax(counts))])
            found.append((persona_id, int(tree.n_node_samples[node]), float(counts.max() / counts.sum()), dict(bounds)))
            return
        feature, threshold = FEATURES[tree.feature[node]], float(tree.threshold[node])
        low, high = bounds.get(feature, (None, None))
        walk(tree.children_left[node], {**bounds, feature: (low, threshold if high is None else min(high, threshold))})
        walk(tree.children_right[node], {**bounds, feature: (threshold if low is None else max(low, threshold), high)})

    walk(0, {})
    table = pd.DataFrame(found, columns=["persona_id", "customers", "purity", "bounds"])
    table = table.sort_values(["persona_id", "customers"], ascending=[True, False], kind="stable")
    table["rule"] = [
        phrases.text(
            "rule",
            lang,
            persona=inert.markdown(persona_names[row.persona_id]),
            conditions=_conditions(row.bounds, currency, lang),
            customers=count(row.customers, lang),
            purity=percent(100 * row.purity, lang, 0),
        )
        for row in table.itertuples()
    ]
    return table.drop(columns="bounds").reset_index(drop=True)


def summary_sentence(explanation: Explanation, lang: str = "en") -> str:
    return phrases.text(
        "agreement",
        lang,
        depth=explanation.tree.get_depth(),
        features=", ".join(labels.column(feature, lang).lower() for feature in FEATURES),
        agreement=percent(100 * explanation.agreement, lang),
        top=", ".join(labels.column(feature, lang).lower() for feature in explanation.importances.index[:3]),
        share=percent(100 * MIN_RULE_SHARE, lang, 0),
    )
