"""Preprocessing, PCA and K-Means: one scikit-learn pipeline, fitted once."""

from __future__ import annotations

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from helpers.data import columns

N_COMPONENTS = 2
N_INIT = 10


def clustering_matrix(prepared: pd.DataFrame, feature_columns=columns.CLUSTERING) -> pd.DataFrame:
    """The numeric columns the seed clustered on, in its order, as one float block.

    One block lets scikit-learn take the frame without converting it column by column.
    """
    features = list(feature_columns)
    values = prepared.loc[:, features].to_numpy(dtype="float64")
    return pd.DataFrame(values, index=prepared.index, columns=features)


def projection_pipeline(random_state: int) -> Pipeline:
    """Imputation and scaling, then PCA to two components."""
    return Pipeline(
        [
            # A no-op on the cleaned training data; new customers may lack an income.
            # It copies its input, so the steps after it may work in place (copy=False):
            # each copy of ten million customers is 2.5 GB, and the caller's table is never touched.
            # A column missing for everyone (no Response, no Z_CostContact in a customer list) is kept
            # as zeros: a constant that the scaler and PCA ignore, and the columns stay those of the model.
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
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
    clusters = kmeans(n_clusters, random_state).fit(
        coordinates.to_numpy()
    )  # as the pipeline sees them: no column names
    return Pipeline([*projection.steps, ("kmeans", clusters)])


def pca_coordinates(pipeline: Pipeline, matrix: pd.DataFrame) -> pd.DataFrame:
    """The customers' coordinates on the principal components of a fitted pipeline."""
    projection = pipeline[:-1] if "kmeans" in pipeline.named_steps else pipeline
    coordinates = projection.transform(matrix)
    return pd.DataFrame(coordinates, index=matrix.index, columns=[f"PC{i + 1}" for i in range(N_COMPONENTS)])


def explained_variance(pipeline: Pipeline) -> pd.Series:
    ratios = pipeline.named_steps["pca"].explained_variance_ratio_
    return pd.Series(ratios, index=[f"PC{i + 1}" for i in range(len(ratios))], name="explained variance")


def segment_labels(model: Pipeline, matrix: pd.DataFrame) -> pd.Series:
    """The cluster label of each customer, as the saved model assigns it (arbitrary numbers: personas name them).

    Predicting, rather than reading the fit's labels, makes training and serving agree by construction.
    """
    return pd.Series(model.predict(matrix), index=matrix.index, name="segment")
