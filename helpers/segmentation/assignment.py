"""The persona a saved model gives each customer: its fitted pipeline applied, never refitted."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import features
from helpers.segmentation.pipeline import clustering_matrix


def assign(model: dict, canonical: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """``canonical`` customers with engineered features (same index), and the persona id of each, in order.

    ``model`` is a saved persona model (``model_store.load``): feature engineering needs no fitting, the
    pipeline (imputer, scaler, PCA, K-Means) is applied as it was fitted.
    """
    prepared = features.engineer_features(canonical, model["reference_year"])
    matrix = clustering_matrix(prepared, model["feature_columns"])
    # scikit-learn refuses an empty matrix; a chunk whose every row was skipped still has its columns.
    segments = model["pipeline"].predict(matrix) if len(matrix) else np.zeros(0, dtype=int)
    return prepared, np.asarray(model["segment_persona"])[segments]


def persona_keys(model: dict, canonical: pd.DataFrame) -> pd.Series:
    """The persona key the model gives each customer of ``canonical`` (same index)."""
    _, persona_ids = assign(model, canonical)
    keys = np.asarray(model["persona_keys"], dtype=object)[persona_ids - 1] if len(persona_ids) else []
    return pd.Series(keys, index=canonical.index, name="persona_key", dtype=object)
