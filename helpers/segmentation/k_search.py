"""How many clusters: distortion and separation scores over k, on the PCA coordinates alone.

Above the sampling threshold (a run setting) the k search and the silhouettes use a
seeded sample: silhouette is quadratic in rows, and ten restarts for every k on
millions of rows buy nothing a sample does not show.
"""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score, silhouette_score
from yellowbrick.cluster.elbow import distortion_score
from yellowbrick.utils import KneeLocator

from helpers.config import K_RANGE
from helpers.segmentation.pipeline import kmeans


def candidate_ks(customers: int, k_range=K_RANGE) -> range:
    """The k worth scoring for this many customers: a silhouette needs fewer clusters than customers."""
    return range(k_range.start, max(k_range.start, min(k_range.stop, customers)))


def score_k_range(coordinates: pd.DataFrame, random_state: int, k_range=K_RANGE) -> pd.DataFrame:
    """Distortion and three separation scores for each candidate k, on the PCA coordinates only."""
    rows = []
    for k in candidate_ks(len(coordinates), k_range):
        model = kmeans(k, random_state).fit(coordinates)
        rows.append(
            {
                "k": k,
                # yellowbrick's measure, so the elbow it finds is the elbow of this table.
                "distortion": distortion_score(coordinates, model.labels_),
                "silhouette": silhouette(coordinates, model.labels_),
                "calinski_harabasz": calinski_harabasz_score(coordinates, model.labels_),
                "davies_bouldin": davies_bouldin_score(coordinates, model.labels_),
            }
        )
    return pd.DataFrame(rows).set_index("k")


def elbow_k(scores: pd.DataFrame) -> int | None:
    """The k at the elbow of the distortion curve, as yellowbrick's elbow method finds it (None without one)."""
    if len(scores) < 3:
        return None
    knee = KneeLocator(
        list(scores.index), list(scores["distortion"]), curve_nature="convex", curve_direction="decreasing"
    ).knee
    return None if knee is None else int(knee)


def best_k_by_score(scores: pd.DataFrame) -> dict[str, int]:
    """The k each score prefers (silhouette and Calinski-Harabasz high, Davies-Bouldin low)."""
    return {
        "silhouette": int(scores["silhouette"].idxmax()),
        "calinski_harabasz": int(scores["calinski_harabasz"].idxmax()),
        "davies_bouldin": int(scores["davies_bouldin"].idxmin()),
    }


def silhouette(coordinates: pd.DataFrame, labels: pd.Series) -> float:
    return float(silhouette_score(coordinates, labels))


def search_sample(coordinates: pd.DataFrame, threshold: int, random_state: int) -> pd.DataFrame:
    """The coordinates the k search is run on: all of them, or a seeded sample of ``threshold`` rows."""
    if len(coordinates) <= threshold:
        return coordinates
    return coordinates.sample(threshold, random_state=random_state).sort_index()


def sampling_check(
    coordinates: pd.DataFrame, sample: pd.DataFrame, labels: pd.Series, n_clusters: int, random_state: int
) -> dict:
    """How the k search sampled, and whether a fit on the sample agrees with the fit on every customer."""
    if len(sample) == len(coordinates):
        return {"sampled": False, "rows": len(coordinates), "sample_rows": len(coordinates), "adjusted_rand_index": 1.0}
    from_sample = kmeans(n_clusters, random_state).fit(sample).predict(coordinates)
    return {
        "sampled": True,
        "rows": len(coordinates),
        "sample_rows": len(sample),
        "adjusted_rand_index": float(adjusted_rand_score(labels, from_sample)),
    }
