"""Explain persona membership with a shallow decision tree, in rules a marketer can apply by hand.

The rules are conditions on features (``Condition``); ``helpers.story.membership_rules`` writes them as sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from helpers.segmentation.personas import PROFILE_FEATURES

# The profile a marketer can see, less the last campaign's response (what the plan predicts).
FEATURES = tuple(feature for feature in PROFILE_FEATURES if feature != "Response")
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


@dataclass(frozen=True)
class Condition:
    """One feature's bounds on a rule's customers: above ``low`` (exclusive) and up to ``high`` (inclusive).

    For features counted in whole units the bounds are whole numbers, inclusive both: ``least`` and ``most``
    (``most == 0`` reads as "none").
    """

    feature: str
    low: float | None
    high: float | None
    whole: bool = False

    @classmethod
    def of(cls, feature: str, low: float | None, high: float | None) -> Condition:
        if feature not in WHOLE_FEATURES:
            return cls(feature, low, high)
        # The tree's thresholds fall between whole numbers: x > 2.5 is "at least 3", x <= 2.5 "at most 2".
        least = None if low is None else float(np.floor(low) + 1)
        most = None if high is None else float(np.floor(high))
        return cls(feature, least, most, whole=True)


def rules(explanation: Explanation) -> pd.DataFrame:
    """One rule per leaf: persona id, customers, purity and its conditions (tightest bounds per feature, a tuple of
    ``Condition``), the largest leaves of each persona first."""
    tree = explanation.tree.tree_
    classes = explanation.tree.classes_
    found = []

    def walk(node: int, bounds: dict) -> None:
        if tree.children_left[node] == tree.children_right[node]:  # a leaf
            counts = tree.value[node][0]
            persona_id = int(classes[int(np.argmax(counts))])
            conditions = tuple(Condition.of(feature, low, high) for feature, (low, high) in bounds.items())
            found.append((persona_id, int(tree.n_node_samples[node]), float(counts.max() / counts.sum()), conditions))
            return
        feature, threshold = FEATURES[tree.feature[node]], float(tree.threshold[node])
        low, high = bounds.get(feature, (None, None))
        walk(tree.children_left[node], {**bounds, feature: (low, threshold if high is None else min(high, threshold))})
        walk(tree.children_right[node], {**bounds, feature: (threshold if low is None else max(low, threshold), high)})

    walk(0, {})
    table = pd.DataFrame(found, columns=["persona_id", "customers", "purity", "conditions"])
    return table.sort_values(["persona_id", "customers"], ascending=[True, False], kind="stable").reset_index(drop=True)
