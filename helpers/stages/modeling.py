"""Stage 3, modeling: the clustering matrix and its PCA projection, the k search, K-Means, the response model.

Each step returns what the notebook shows and what the stage hands over; the sampled k search and
silhouettes (above the sampling threshold) are decided here, once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
from sklearn.pipeline import Pipeline

from helpers.campaign import response_model
from helpers.campaign.response_model import ResponseModel
from helpers.engine.seam import Engine
from helpers.segmentation import k_search, pipeline


@dataclass(frozen=True)
class Projection:
    """The clustering matrix, the fitted imputer, scaler and PCA, and every customer's PCA coordinates."""

    matrix: pd.DataFrame
    pipeline: Pipeline
    coordinates: pd.DataFrame

    @property
    def explained_variance(self) -> pd.Series:
        return pipeline.explained_variance(self.pipeline)


def project(prepared: pd.DataFrame, random_state: int) -> Projection:
    """The numeric columns the seed clustered on, standardised and projected on two principal components."""
    matrix = pipeline.clustering_matrix(prepared)
    projection = pipeline.fit_projection(matrix, random_state)
    return Projection(matrix, projection, pipeline.pca_coordinates(projection, matrix))


@dataclass(frozen=True)
class KSearch:
    """The scores of every candidate k, on ``searched`` (every customer's coordinates, or a seeded sample)."""

    searched: pd.DataFrame
    scores: pd.DataFrame
    elbow_k: int | None
    best_k: dict[str, int]


def search_k(projection: Projection, sampling_threshold: int, random_state: int) -> KSearch:
    """Distortion and separation scores for each candidate k, the elbow and the k each score prefers."""
    searched = k_search.search_sample(projection.coordinates, sampling_threshold, random_state)
    scores = k_search.score_k_range(searched, random_state)
    return KSearch(searched, scores, k_search.elbow_k(scores), k_search.best_k_by_score(scores))


@dataclass(frozen=True)
class Segmentation:
    """The whole model (projection, then K-Means) and the cluster label it assigns each customer."""

    model: Pipeline
    labels: pd.Series


def segment(projection: Projection, n_clusters: int, random_state: int) -> Segmentation:
    """K-Means with ``n_clusters`` fitted on the PCA coordinates and appended to the projection."""
    model = pipeline.segmentation_model(projection.pipeline, projection.coordinates, n_clusters, random_state)
    return Segmentation(model, pipeline.segment_labels(model, projection.matrix))


def sampling_check(
    projection: Projection, search: KSearch, segmentation: Segmentation, n_clusters: int, random_state: int
) -> dict:
    """How the k search sampled, and whether a fit on the sample agrees with the fit on every customer."""
    coordinates, labels = projection.coordinates, segmentation.labels
    return k_search.sampling_check(coordinates, search.searched, labels, n_clusters, random_state)


def assigned_block(prepared: pd.DataFrame, model: Pipeline) -> pd.DataFrame:
    """A block of analysed customers with the cluster label the fitted ``model`` gives each and their PCA
    coordinates, row by row (as the saved model assigns new customers)."""
    matrix = pipeline.clustering_matrix(prepared)
    labels = pipeline.segment_labels(model, matrix) if len(matrix) else pd.Series(dtype="int32", name="segment")
    coordinates = pipeline.pca_coordinates(model, matrix) if len(matrix) else _no_coordinates()
    # Both are indexed like ``prepared``: matched by label, not by position.
    return prepared.assign(segment=labels.astype("int32"), **coordinates)


def _no_coordinates() -> pd.DataFrame:
    return pd.DataFrame({f"PC{i + 1}": pd.Series(dtype="float64") for i in range(pipeline.N_COMPONENTS)})


def clusters(engine: Engine, prepared, segmentation: Segmentation):
    """Every analysed customer (``prepared``, a table of ``engine``'s kind) with the cluster label and PCA
    coordinates of the model fitted on the learning sample, block by block through the seam: the persona
    analysis's input."""
    return engine.map_blocks(prepared, functools.partial(assigned_block, model=segmentation.model))


def summary(
    n_clusters: int, projection: Projection, search: KSearch, segmentation: Segmentation, sampling: dict
) -> dict:
    """What the segmentation records in summary.json; the silhouette is the chosen k's on the searched customers."""
    return {
        "k": n_clusters,
        "silhouette": k_search.silhouette(search.searched, segmentation.labels.loc[search.searched.index]),
        "sampling": sampling,
        "elbow_k": search.elbow_k,
        "best_k": search.best_k,
        "explained_variance": projection.explained_variance.tolist(),
    }


def fit_response(
    learning_sample: pd.DataFrame, reference_year: int, costs: dict, sampling_threshold: int, random_state: int
) -> ResponseModel:
    """The customer-level response model, fitted on the customers of the learning sample (every customer of the file
    when it is no larger than the sample) and judged on held-out ones."""
    return response_model.fit_and_evaluate(learning_sample, reference_year, costs, sampling_threshold, random_state)
