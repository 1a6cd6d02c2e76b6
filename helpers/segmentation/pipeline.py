"""Preprocessing, PCA and K-Means: one scikit-learn pipeline, fitted once."""

from __future__ import annotations

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from helpers import columns

N_COMPONENTS = 2
N_INIT = 10
K_RANGE = range(2, 11)


def clustering_matrix(prepared: pd.DataFrame) -> pd.DataFrame:
    """The numeric columns the seed clustered on, in its order."""
    return prepared.loc[:, list(columns.CLUSTERING)].astype("float64")


def projection_pipeline(random_state: int) -> Pipeline:
    """Imputation and scaling, then PCA to two components."""
    return Pipeline(
        [
            # A no-op on the cleaned training data; new customers may lack an income.
            # It copies its input, so the steps after it may work in place (copy=False):
            # each copy of ten million customers is 2.5 GB, and the caller's table is never touched.
            ("impute", SimpleImputer(strategy="median")),
            ("scale", StandardScaler(copy=False)),
            ("pca", PCA(n_components=N_COMPONENTS, random_state=random_state, copy=False)),
        ]
    )


def fit_projection(matrix: pd.DataFrame, random_state: int) -> Pipeline:
    """``projection_pipeline(random_state).fit(matrix)``, within a fraction of the memory and time.

    SimpleImputer's median sorts a masked copy of the whole table: 8 GB and
    50 s at ten million customers. Fitted on one row holding each column's
    median (pandas computes it without the copy), it learns the same statistics.
    """
    pipeline = projection_pipeline(random_state)
    imputer = pipeline.named_steps["impute"].fit(matrix.median().to_frame().T)
    pipeline[1:].fit(imputer.transform(matrix))  # the slice shares the step objects, so they are fitted in place
    return pipeline


def kmeans(n_clusters: int, random_state: int) -> KMeans:
    return KMeans(n_clusters=n_clusters, n_init=N_INIT, random_state=random_state)


def segmentation_pipeline(n_clusters: int, random_state: int) -> Pipeline:
    """The whole model: projection, then K-Means on the PCA coordinates."""
    steps = projection_pipeline(random_state).steps
    return Pipeline([*steps, ("kmeans", kmeans(n_clusters, random_state))])


def segmentation_model(projection: Pipeline, coordinates: pd.DataFrame, n_clusters: int, random_state: int) -> Pipeline:
    """The whole model from a fitted projection and its coordinates: K-Means fitted on them, appended.

    The same model as ``segmentation_pipeline(...).fit(matrix)``, without fitting
    the projection a second time, which takes seconds at a million customers.
    """
    clusters = kmeans(n_clusters, random_state).fit(coordinates.to_numpy())  # as the pipeline sees them: no column names
    return Pipeline([*projection.steps, ("kmeans", clusters)])


def pca_coordinates(pipeline: Pipeline, matrix: pd.DataFrame) -> pd.DataFrame:
    """The customers' coordinates on the principal components of a fitted pipeline."""
    projection = pipeline[:-1] if "kmeans" in pipeline.named_steps else pipeline
    coordinates = projection.transform(matrix)
    return pd.DataFrame(coordinates, index=matrix.index, columns=[f"PC{i + 1}" for i in range(N_COMPONENTS)])


def explained_variance(pipeline: Pipeline) -> pd.Series:
    ratios = pipeline.named_steps["pca"].explained_variance_ratio_
    return pd.Series(ratios, index=[f"PC{i + 1}" for i in range(len(ratios))], name="explained variance")


def score_k_range(coordinates: pd.DataFrame, random_state: int, k_range=K_RANGE) -> pd.DataFrame:
    """Distortion and three separation scores for each candidate k, on the PCA coordinates only."""
    rows = []
    for k in (k for k in k_range if k < len(coordinates)):
        model = kmeans(k, random_state).fit(coordinates)
        rows.append(
            {
                "k": k,
                "distortion": model.inertia_,
                "silhouette": silhouette(coordinates, model.labels_),
                "calinski_harabasz": calinski_harabasz_score(coordinates, model.labels_),
                "davies_bouldin": davies_bouldin_score(coordinates, model.labels_),
            }
        )
    return pd.DataFrame(rows).set_index("k")


def best_k_by_score(scores: pd.DataFrame) -> dict[str, int]:
    """The k each score prefers (silhouette and Calinski-Harabasz high, Davies-Bouldin low)."""
    return {
        "silhouette": int(scores["silhouette"].idxmax()),
        "calinski_harabasz": int(scores["calinski_harabasz"].idxmax()),
        "davies_bouldin": int(scores["davies_bouldin"].idxmin()),
    }


def segment_labels(model: Pipeline, matrix: pd.DataFrame) -> pd.Series:
    """The cluster label of each customer, as the saved model assigns it (arbitrary numbers: personas name them).

    Predicting, rather than reading the fit's labels, makes training and serving agree by construction.
    """
    return pd.Series(model.predict(matrix), index=matrix.index, name="segment")


def silhouette(coordinates: pd.DataFrame, labels: pd.Series) -> float:
    return float(silhouette_score(coordinates, labels))


# Above this many customers the k search and silhouettes use a random sample of
# this size: silhouette is quadratic in rows, and ten restarts for every k on
# millions of rows buy nothing a sample does not show.
SAMPLING_THRESHOLD = 5_000


def search_sample(coordinates: pd.DataFrame, threshold: int, random_state: int) -> pd.DataFrame:
    """The coordinates the k search is run on: all of them, or a seeded sample of ``threshold`` rows."""
    if len(coordinates) <= threshold:
        return coordinates
    return coordinates.sample(threshold, random_state=random_state).sort_index()


def sampling_check(coordinates: pd.DataFrame, sample: pd.DataFrame, labels: pd.Series, n_clusters: int, random_state: int) -> dict:
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
