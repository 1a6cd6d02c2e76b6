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


# The inner edges of the bins: the earlier file's deciles.
DECILES = list(np.linspace(0, 1, BINS + 1)[1:-1])


def _shares(counts: np.ndarray) -> np.ndarray:
    return np.maximum(counts / max(counts.sum(), 1), EMPTY_BIN_SHARE)


def _bin_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """How many of ``values`` fall in each bin: below the first edge, between two, at or above the last."""
    return np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1)


def index_of_counts(then: np.ndarray, now: np.ndarray) -> float:
    """The population stability index from the customers in each bin then and now (NaN when either is empty)."""
    if not then.sum() or not now.sum():
        return float("nan")
    expected, actual = _shares(np.asarray(then)), _shares(np.asarray(now))
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def edges_of(deciles) -> np.ndarray:
    """The bins' edges: the earlier run's deciles; a feature with few distinct values gets fewer bins."""
    return np.unique(pd.Series(deciles, dtype=float).dropna().to_numpy())


def psi(then, now) -> float:
    """The population stability index of ``now`` against ``then`` (missing values left out)."""
    then = pd.Series(then, dtype=float).dropna().to_numpy()
    now = pd.Series(now, dtype=float).dropna().to_numpy()
    if not len(then) or not len(now):
        return float("nan")
    edges = edges_of(np.quantile(then, DECILES))
    return index_of_counts(_bin_counts(then, edges), _bin_counts(now, edges))


def reading(index: float) -> str:
    """``stable``, ``moderate`` or ``major``, as the usual thresholds read the index."""
    return "stable" if index < MODERATE else "moderate" if index <= MAJOR else "major"


def bin_column(feature: str, b: int) -> str:
    """The name of ``bin_flags``' column for a feature's bin."""
    return f"{feature}:{b}"


def bin_flags(block: pd.DataFrame, edges: dict[str, np.ndarray]) -> pd.DataFrame:
    """One column per feature and bin, true where the customer's value falls in that bin (a missing value in
    none)."""
    flags = {}
    for name, feature_edges in edges.items():
        values = block[name].to_numpy(dtype="float64", na_value=np.nan)
        bins = np.where(np.isnan(values), -1, np.searchsorted(feature_edges, values, side="right"))
        for b in range(len(feature_edges) + 1):
            flags[bin_column(name, b)] = bins == b
    return pd.DataFrame(flags, index=block.index, dtype=bool)


def counts_of(totals: pd.Series, feature: str, edges: np.ndarray) -> np.ndarray:
    """A feature's customers per bin, from the totals of ``bin_flags`` over every customer."""
    return totals[[bin_column(feature, b) for b in range(len(edges) + 1)]].to_numpy(dtype="int64")
