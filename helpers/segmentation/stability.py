"""How far to trust each persona: does its segment come back when the clustering is refitted on other customers
and with other seeds?

Clusterwise stability is Hennig's measure (Hennig 2007, "Cluster-wise assessment of
cluster stability", the ``clusterboot`` of R's fpc): refit K-Means on bootstrap
resamples of the customers and, for each segment, take the Jaccard similarity of its
customers in the resample with the most similar segment of the refit; a segment's
stability is the mean over resamples. Seed agreement refits on every customer with other
seeds and takes the adjusted Rand index with the report's segments. Both run on the PCA
coordinates the report clustered, on the bounded sample the k search uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from helpers.segmentation.pipeline import kmeans

METHOD = "clusterwise bootstrap Jaccard (Hennig)"
RESAMPLES = 50
SEEDS = 5
# Hennig's reading of the mean Jaccard similarity, from the top: (lowest value, reading key).
READINGS = ((0.85, "highly_stable"), (0.75, "stable"), (0.6, "pattern"))
BELOW_READINGS = "unstable"


@dataclass(frozen=True)
class Stability:
    """Per segment (the K-Means label) its mean Jaccard similarity over ``resamples``, and the least agreement
    (adjusted Rand index) of a refit with another of ``seeds`` seeds; over ``customers`` customers."""

    jaccard: pd.Series
    seed_agreement_ari_min: float
    resamples: int
    seeds: int
    customers: int

    def record(self, keys: pd.Series) -> dict:
        """As summary.json keeps it: the method and its sizes, and per persona key (``keys``: by the ``jaccard``'s
        index) the mean Jaccard similarity."""
        return {
            "method": METHOD,
            "resamples": self.resamples,
            "seeds": self.seeds,
            "customers": self.customers,
            "seed_agreement_ari_min": self.seed_agreement_ari_min,
            "jaccard": {keys[label]: float(value) for label, value in self.jaccard.items()},
        }

    def readings(self) -> pd.Series:
        """Per segment, Hennig's reading of its stability (``READINGS``)."""
        return self.jaccard.map(reading)


def reading(jaccard: float) -> str:
    """Hennig's reading of a mean Jaccard similarity: highly stable, stable, a pattern, or not to be trusted."""
    return next((key for lowest, key in READINGS if jaccard > lowest), BELOW_READINGS)


def best_match_jaccard(labels: np.ndarray, refit: np.ndarray) -> pd.Series:
    """Per label of ``labels``, the Jaccard similarity of its members with the most similar group of ``refit``
    (both over the same customers); labels absent here are left out."""
    table = pd.crosstab(labels, refit)
    counts = table.to_numpy()
    union = counts.sum(axis=1, keepdims=True) + counts.sum(axis=0, keepdims=True) - counts
    return pd.Series((counts / union).max(axis=1), index=table.index)


def clusterwise_jaccard(
    coordinates: np.ndarray, labels: np.ndarray, n_clusters: int, random_state: int, resamples: int = RESAMPLES
) -> pd.Series:
    """Per segment, the mean over ``resamples`` bootstrap refits of its best-match Jaccard similarity (Hennig).

    A resample draws the customers with replacement; K-Means is refitted on it as drawn, and
    each customer drawn at least once is compared once.
    """
    rng = np.random.default_rng(random_state)
    found = []
    for draw in range(resamples):
        drawn = rng.integers(0, len(coordinates), len(coordinates))
        model = kmeans(n_clusters, random_state + draw).fit(coordinates[drawn])
        distinct = np.unique(drawn)
        found.append(best_match_jaccard(labels[distinct], model.predict(coordinates[distinct])))
    return pd.concat(found, axis=1).mean(axis=1).rename("jaccard")


def seed_agreement(
    coordinates: np.ndarray, labels: np.ndarray, n_clusters: int, random_state: int, seeds: int = SEEDS
) -> float:
    """The least adjusted Rand index between ``labels`` and K-Means refitted with ``seeds`` other seeds."""
    refits = (kmeans(n_clusters, random_state + 1 + seed).fit_predict(coordinates) for seed in range(seeds))
    return float(min(adjusted_rand_score(labels, refit) for refit in refits))


def assess(coordinates: pd.DataFrame, labels: pd.Series, n_clusters: int, random_state: int) -> Stability:
    """The stability of the segments ``labels`` gives the customers of ``coordinates`` (matched by index)."""
    points = coordinates.to_numpy(dtype="float64")
    given = labels.loc[coordinates.index].to_numpy()
    return Stability(
        jaccard=clusterwise_jaccard(points, given, n_clusters, random_state),
        seed_agreement_ari_min=seed_agreement(points, given, n_clusters, random_state),
        resamples=RESAMPLES,
        seeds=SEEDS,
        customers=len(points),
    )
