"""How far the customer base moved between two runs: the population stability index per feature.

PSI compares the share of customers in each of ten bins (the earlier run's deciles)
then and now: the sum over bins of (now − then) × ln(now / then). The usual reading:
below 0.1 the feature is stable, 0.1 to 0.25 it moved moderately, above 0.25 it moved
enough to question a model built on the earlier customers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BINS = 10
MODERATE, MAJOR = 0.1, 0.25
# An empty bin would make the index infinite; it counts as this share instead.
EMPTY_BIN_SHARE = 1e-4
# The features whose drift the report follows.
FEATURES = (
    "Income",
    "Total_Spending",
    "Total_Transaction",
    "CVR",
    "Recency",
    "NumWebVisitsMonth",
    "Total_Accepted_Campaign",
    "Age",
    "Total_Children",
)


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1)
    return np.maximum(counts / max(len(values), 1), EMPTY_BIN_SHARE)


def psi(then, now, bins: int = BINS) -> float:
    """The population stability index of ``now`` against ``then`` (missing values left out)."""
    then = pd.Series(then, dtype=float).dropna().to_numpy()
    now = pd.Series(now, dtype=float).dropna().to_numpy()
    if not len(then) or not len(now):
        return float("nan")
    # The earlier run's deciles; a feature with few distinct values gets fewer bins.
    edges = np.unique(np.quantile(then, np.linspace(0, 1, bins + 1)[1:-1]))
    expected, actual = _shares(then, edges), _shares(now, edges)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def reading(index: float) -> str:
    """``stable``, ``moderate`` or ``major``, as the usual thresholds read the index."""
    return "stable" if index < MODERATE else "moderate" if index <= MAJOR else "major"


def feature_psi(then: pd.DataFrame, now: pd.DataFrame, features=FEATURES) -> pd.Series:
    """The index of every followed feature that both tables have, largest first."""
    shown = [f for f in features if f in then and f in now]
    values = pd.Series({f: psi(then[f], now[f]) for f in shown}, dtype=float)
    return values.sort_values(ascending=False, kind="stable")
