"""Files that carry results from one stage to the next, and the run's summary.json.

Stages talk only through these files: each notebook reads what the previous one wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import __version__
from helpers.errors import StageInputMissing
from helpers.files import file_sha256
from helpers.report.run_folder import require


def _plain(value):
    """JSON-friendly Python values from numpy and pandas scalars."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return round(float(value), 6)
    if isinstance(value, float):
        return round(value, 6)
    return value


def update_summary(path: Path, **sections) -> dict:
    """Merge ``sections`` into the JSON summary at ``path`` (created if absent)."""
    summary = json.loads(path.read_text()) if path.exists() else {}
    summary.update(_plain(sections))
    path.write_text(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return summary


def read_summary(path: Path, produced_by: str = "01_data_preparation") -> dict:
    return json.loads(require(path, produced_by).read_text())


def write_frame(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_parquet(path, index=False)
    return path


def read_frame(path: Path, produced_by: str) -> pd.DataFrame:
    return pd.read_parquet(require(path, produced_by))


def read_persona_ids(path: Path, clusters: pd.DataFrame) -> pd.Series:
    """The persona id of each customer of ``clusters``, as the persona analysis assigned it."""
    assigned = read_frame(path, "04_persona_analysis")
    if not assigned["ID"].equals(clusters["ID"].reset_index(drop=True)):
        raise StageInputMissing(
            f"{path} does not list the customers of the modeling stage: rerun 04_persona_analysis after 03_modeling."
        )
    return pd.Series(assigned["persona_id"].to_numpy(), index=clusters.index, name="persona_id")


def data_record(data_path: Path, parameters: dict, layout) -> dict:
    """What a run analysed and how: file, its SHA-256, layout and currency, parameters, project version."""
    return {
        "data": {"file": data_path.name, "sha256": file_sha256(data_path), **layout.as_dict()},
        "parameters": parameters,
        "project_version": __version__,
    }


def read_personas(path: Path) -> pd.DataFrame:
    """personas.csv as the persona analysis wrote it, indexed by persona id."""
    return pd.read_csv(require(path, "04_persona_analysis"), index_col="persona_id")


# The model store imports scikit-learn and skops: a second of start-up for the stages that never touch the pipeline.
def write_pipeline(pipeline, path: Path) -> Path:
    from helpers.segmentation import model_store

    return model_store.dump(pipeline, path)


def read_pipeline(path: Path):
    from helpers.segmentation import model_store

    return model_store.load_trusted(require(path, "03_modeling"))


def write_response_model(result, base: pd.DataFrame, layout) -> None:
    """The response model (when one was fitted) and every known customer's held-out probability (stage 3 -> 5)."""
    from helpers.campaign import response_model

    layout.response_model.unlink(missing_ok=True)
    if result.fitted:
        write_pipeline(result.model, layout.response_model)
    write_frame(response_model.predictions(base, result), layout.response_predictions)


def read_response_model(layout, summary: dict):
    """The fitted response model and the held-out predictions, or (None, None) when the modeling stage fitted none."""
    if "response_model" not in summary:
        raise StageInputMissing(f"{layout.summary} has no response model: run 03_modeling first.")
    if summary["response_model"]["status"] != "fitted":
        return None, None
    predictions = read_frame(layout.response_predictions, "03_modeling")
    return read_pipeline(layout.response_model), predictions


def recorded_iqr_bounds(summary: dict) -> pd.DataFrame:
    """The training run's IQR fences, as the data preparation recorded them."""
    return pd.DataFrame.from_dict(summary["iqr_bounds"], orient="index")


def training_record(summary: dict) -> dict:
    """What the model card says of the training data."""
    data = summary["data"]
    return {
        "file": data["file"],
        "sha256": data["sha256"],
        "rows_read": summary["rows_read"],
        "rows_used": summary["rows_used"],
    }
