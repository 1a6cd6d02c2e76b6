"""Fitted models on disk: skops files (never pickle: loading a pickle runs arbitrary code) and model cards.

Every skops file the project writes or reads goes through ``dump`` and
``load_trusted``, with one list of the types a file of ours may contain. The
persona model holds one fitted pipeline (imputation, scaling, PCA, K-Means) and
what turns its cluster labels into persona keys, names and plays, and, when the training
data had a campaign outcome, the response model with the economics it was
trained with; feature engineering needs no fitting, the scorer applies it from
``helpers.data.features`` and ``helpers.campaign.response_model``.
"""

from __future__ import annotations

import json
import sys
import zipfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from helpers import __version__
from helpers.data import columns
from helpers.errors import ModelFileError
from helpers.files import file_sha256


def _skops_io_without_dask():
    """``skops.io``, imported without importing Dask.

    skops lists the types it trusts by importing every scikit-learn package, and one of them
    (``sklearn.externals.array_api_compat.dask``) imports Dask when it is installed: a quarter of a second
    and Dask in every process that loads a model, the pandas scorer and the report's kernels included.
    Hidden while skops loads, that import fails, and scikit-learn's walk skips what it cannot import.
    """
    if "dask" in sys.modules:
        import skops.io

        return skops.io
    sys.modules["dask"] = None
    try:
        import skops.io
    finally:
        del sys.modules["dask"]
    return skops.io


sio = _skops_io_without_dask()

# Raise when the bundle's layout changes; older files are then refused, not misread. Format 3 knows personas by
# their key (``persona_keys``), so that the scorer names them in the language it is asked for.
MODEL_FORMAT = 3
# Types skops does not trust by default that a file of ours legitimately contains: the trees of
# histogram gradient boosting are TreePredictor objects.
TRUSTED_TYPES = frozenset({"numpy.dtype", "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"})
PIPELINE_STEPS = (SimpleImputer, StandardScaler, PCA, KMeans)
# The steps of each response-model candidate (helpers.campaign.response_model.candidate).
RESPONSE_STEPS = ((SimpleImputer, StandardScaler, LogisticRegression), (HistGradientBoostingClassifier,))
BUNDLE_KEYS = {
    "model_format", "project_version", "pipeline", "feature_columns", "reference_year",
    "iqr_bounds", "currency", "segment_persona", "persona_keys", "persona_names", "persona_actions", "persona_plays",
    "response",
}  # fmt: skip
RESPONSE_KEYS = {"model", "pipeline", "features", "contact_cost", "revenue", "break_even_probability", "cv_auc"}
LIBRARIES = ("scikit-learn", "numpy", "pandas", "skops")
# How much of a card's value a message quotes.
_QUOTED_CHARACTERS = 80


def bundle(
    pipeline: Pipeline, personas, plays, reference_year: int, iqr_bounds, currency: str, response: dict | None = None
) -> dict:
    """Everything the scorer needs, as plain types skops stores safely.

    ``personas`` is the persona table (indexed by persona id, with ``segment``, ``persona_key`` and
    ``persona``); ``plays`` the recommendations (``play`` keys and their ``action``), best first per persona;
    ``response`` the response model (``response_model.model_part``), None when the training data had no outcome.
    Names and actions are the training report's words; keys are the same in every language.
    """
    by_segment = personas.reset_index().set_index("segment").sort_index()
    actions = plays.drop_duplicates("persona_id").set_index("persona_id")["action"]
    return {
        "model_format": MODEL_FORMAT,
        "project_version": __version__,
        "pipeline": pipeline,
        "feature_columns": list(columns.CLUSTERING),
        "reference_year": int(reference_year),
        "currency": currency,
        "iqr_bounds": {column: [float(row["lower"]), float(row["upper"])] for column, row in iqr_bounds.iterrows()},
        "segment_persona": [int(p) for p in by_segment["persona_id"]],
        "persona_keys": [str(key) for key in personas["persona_key"]],
        "persona_names": [str(name) for name in personas["persona"]],
        "persona_actions": [str(actions.get(pid, "")) for pid in personas.index],
        "persona_plays": [list(plays.loc[plays["persona_id"] == pid, "play"]) for pid in personas.index],
        "response": response,
    }


def card_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def save(model: dict, path: Path, training: dict, parameters: dict, personas) -> Path:
    """Write the model and its human-readable card beside it; return the model path."""
    dump(model, path)
    card = {
        "model_file": path.name,
        "model_sha256": file_sha256(path),
        "model_format": MODEL_FORMAT,
        "project_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_data": training,
        "parameters": parameters,
        "personas": [
            {
                "id": int(pid),
                "key": row["persona_key"],
                "name": row["persona"],
                "share_percent": float(row["share_percent"]),
            }
            for pid, row in personas.iterrows()
        ],
        "response_model": _response_card(model.get("response")),
        "library_versions": {name: version(name) for name in LIBRARIES},
    }
    card_path(path).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return path


def _response_card(response: dict | None) -> dict | None:
    """What the card says of the response model: its name, cross-validated AUC, break-even and economics."""
    if response is None:
        return None
    return {key: value for key, value in response.items() if key not in ("pipeline", "features")}


def _check_card(path: Path) -> None:
    """Refuse a model whose card records another file's SHA-256.

    The card is a file anyone can edit: what the message quotes of it is cut short and
    quoted (``repr``), so it reads as a value whatever it holds.
    """
    card_file = card_path(path)
    if not card_file.exists():
        return
    try:
        expected = json.loads(card_file.read_text())["model_sha256"]
    except (ValueError, KeyError, TypeError):  # not JSON, not an object, no model_sha256
        raise ModelFileError(f"{card_file} is not a model card (no model_sha256).") from None
    actual = file_sha256(path)
    if actual != expected:
        raise ModelFileError(
            f"{path} does not match its model card {card_file.name}: the SHA-256 differs "
            f"(card {str(expected)[:_QUOTED_CHARACTERS]!r}, file {actual!r})."
        )


def dump(obj, path: Path) -> Path:
    sio.dump(obj, path)
    return path


def load_trusted(path: Path):
    """The object in a skops file, after refusing a file that is not one or holds types of no model of ours."""
    try:
        untrusted = set(sio.get_untrusted_types(file=path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ModelFileError(f"{path} is not a model file (expected a .skops file written by the report).") from None
    unexpected = untrusted - TRUSTED_TYPES
    if unexpected:
        raise ModelFileError(f"refusing to load {path}: it contains unexpected types {', '.join(sorted(unexpected))}.")
    return sio.load(path, trusted=sorted(untrusted))


def load(path: str | Path) -> dict:
    """The model bundle, after refusing anything that is not a compatible model of this project."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path} does not exist or is not a file.")
    _check_card(path)
    model = load_trusted(path)
    if not isinstance(model, dict) or "model_format" not in model:
        raise ModelFileError(f"{path} is a skops file but not a persona model of this project.")
    if model["model_format"] != MODEL_FORMAT:
        raise ModelFileError(
            f"{path} was made by an incompatible version of the project (model format {model['model_format']}, "
            f"project {model.get('project_version', '?')}); this version reads format {MODEL_FORMAT}: "
            "rerun the report to retrain."
        )
    if (
        set(model) != BUNDLE_KEYS
        or _steps(model.get("pipeline")) != PIPELINE_STEPS
        or not _is_response(model["response"])
    ):
        raise ModelFileError(
            f"{path} does not hold the expected pipeline (imputer, scaler, PCA, K-Means), persona tables "
            "and response model."
        )
    return model


def _steps(pipeline) -> tuple:
    return tuple(type(step) for _, step in pipeline.steps) if isinstance(pipeline, Pipeline) else ()


def _is_response(response) -> bool:
    """None (trained without an outcome) or a response part whose pipeline is one of the candidates."""
    if response is None:
        return True
    return (
        isinstance(response, dict) and set(response) == RESPONSE_KEYS and _steps(response["pipeline"]) in RESPONSE_STEPS
    )
