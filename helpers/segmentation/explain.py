"""Explain persona membership with a shallow decision tree, in rules a marketer can apply by hand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from helpers.segmentation.personas import PROFILE_FEATURES
from helpers.story import inert, phrases
from helpers.story.numbers import money, percent

# The profile a marketer can see, less the last campaign's response (what the plan predicts).
FEATURES = tuple(feature for feature in PROFILE_FEATURES if feature != "Response")
MONEY_FEATURES = ("Income", "Total_Spending")
MAX_DEPTH = 3
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
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=random_state)
    tree.fit(features.loc[fit_rows], persona_ids.loc[fit_rows])
    agreement = float((tree.predict(features) == persona_ids.to_numpy()).mean())
    importances = pd.Series(tree.feature_importances_, index=list(FEATURES), name="importance").sort_values(
        ascending=False, kind="stable"
    )
    return Explanation(tree, agreement, importances)


def _bound(feature: str, value: float, currency: str) -> str:
    return money(value, currency) if feature in MONEY_FEATURES else f"{value:,.2f}".rstrip("0").rstrip(".")


def _conditions(bounds: dict, currency: str, lang: str) -> str:
    parts = []
    for feature, (low, high) in bounds.items():
        name = inert.markdown(feature)
        if low is not None and high is not None:
            parts.append(f"{_bound(feature, low, currency)} < {name} ≤ {_bound(feature, high, currency)}")
        elif low is not None:
            parts.append(f"{name} > {_bound(feature, low, currency)}")
        else:
            parts.append(f"{name} ≤ {_bound(feature, high, currency)}")
    return f" {phrases.text('and', lang)} ".join(parts) or phrases.text("all_customers", lang)


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
            customers=f"{row.customers:,}",
            purity=percent(100 * row.purity, 0),
        )
        for row in table.itertuples()
    ]
    return table.drop(columns="bounds").reset_index(drop=True)


def summary_sentence(explanation: Explanation, lang: str = "en") -> str:
    return phrases.text(
        "agreement",
        lang,
        depth=explanation.tree.get_depth(),
        features=", ".join(map(inert.markdown, FEATURES)),
        agreement=percent(100 * explanation.agreement),
        top=", ".join(map(inert.markdown, explanation.importances.index[:3])),
    )
