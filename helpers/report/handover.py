"""Files that carry results from one stage to the next, and the run's summary.json.

Stages talk only through these files: each notebook reads what the previous one wrote.
A stage may be run on its own (papermill, Jupyter), so every hand-over carries the
fingerprint of the run it came from: the input file's SHA-256 and the run settings.
The data-preparation stage starts a run; a later stage refuses files from another
input, from other settings or from an older run, with one line naming the stage to rerun.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import __version__
from helpers.config import RunSettings, anchored, data_file
from helpers.data import columns, sources
from helpers.engine import parquet_dataset
from helpers.engine.choice import stage_engine
from helpers.engine.seam import Engine, run_engine
from helpers.errors import EngineError, StageInputMissing, StageParametersDiffer
from helpers.files import remove_path
from helpers.report.run_folder import RunLayout, run_layout

FIRST_STAGE = "01_data_preparation"
# The contact list's workbook is for a person to open, and openpyxl writes about 9,000 rows a second (50,000 in
# 5.8 s here): past this many customers (far below a worksheet's 1,048,576 rows) the list stays a CSV.
SPREADSHEET_MAX_ROWS = 100_000
# Which stage writes each hand-over file: a missing or stale one names the stage to rerun.
WRITTEN_BY = {
    "summary.json": FIRST_STAGE,
    "prepared.parquet": FIRST_STAGE,
    "customers_as_read.parquet": FIRST_STAGE,
    "customers.parquet": FIRST_STAGE,
    "sample.parquet": FIRST_STAGE,
    "prepared_sample.parquet": FIRST_STAGE,
    "clusters.parquet": "03_modeling",
    "clusters_sample.parquet": "03_modeling",
    "pipeline.skops": "03_modeling",
    "response_model.skops": "03_modeling",
    "response_predictions.parquet": "03_modeling",
    "personas.csv": "04_persona_analysis",
    "assignments.parquet": "04_persona_analysis",
    "segments.csv": "04_persona_analysis",
    "segments.parquet": "04_persona_analysis",
    "model.skops": "05_recommendations",
    "model.json": "05_recommendations",
}


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


def read_summary(path: Path) -> dict:
    """A run's summary.json, as its stages wrote it."""
    return json.loads(path.read_text())


def _write_summary(path: Path, summary: dict) -> dict:
    path.write_text(json.dumps(_plain(summary), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return summary


def _comparable(settings: RunSettings) -> dict:
    """The settings every stage of one run must share: all but where the run writes and which scheduler runs it.

    The input's location is kept as a digest: summary.json is shared with readers, and
    one machine's folder structure is none of their business. The engine counts, the scheduler's
    address does not: any cluster gives the same results, and the address means nothing to a reader.
    """
    values = settings.as_parameters()
    values.pop("output_dir")
    values.pop("scheduler")
    location = str(data_file(values["data_path"]).resolve())
    values["data_path"] = hashlib.sha256(location.encode()).hexdigest()[:16]
    if values["previous"]:
        values["previous"] = hashlib.sha256(str(anchored(values["previous"]).resolve()).encode()).hexdigest()[:16]
    return values


def _missing(path: Path, stage: str, reason: str) -> StageInputMissing:
    producer = WRITTEN_BY.get(path.name, FIRST_STAGE)
    return StageInputMissing(
        f"{path.name} {reason}: run {producer}"
        + (" and the stages after it" if producer != stage else "")
        + " with this run's parameters (or the whole report with `make report`)."
    )


@dataclass
class Stage:
    """One stage of a run: its output folder, the run's summary, and checked reads and writes of hand-over files."""

    name: str
    layout: RunLayout
    summary: dict = field(repr=False)
    data_sha256: str = ""  # known to the stage that began the run
    data_input: dict = field(default_factory=dict)  # its file, or folder or glob and number of files (ditto)
    settings: RunSettings | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        return self.summary["run"]["fingerprint"]

    @property
    def engine(self) -> Engine:
        """The engine this stage works on: pandas, or Dask on the run's cluster (every stage gets it here)."""
        settings = self.settings or RunSettings(engine="pandas")
        return run_engine(settings.engine, settings.scheduler, self.layout.scratch / self.name)

    def require(self, path: Path) -> Path:
        """``path``, after checking that its stage ran in this run; an error naming that stage otherwise."""
        producer = WRITTEN_BY[path.name]
        if not path.exists():
            raise _missing(path, self.name, "does not exist")
        if self.summary["run"]["stages"].get(producer) != self.fingerprint:
            raise _missing(path, self.name, f"is from an earlier run, not from this run's {producer}")
        return path

    @property
    def handover_metadata(self) -> dict[str, str]:
        """What every hand-over of this run carries, a file or each part of a dataset folder (the seam's
        ``write_dataset`` takes it)."""
        return {"fingerprint": self.fingerprint}

    def checked_handover(self, path: Path) -> Path:
        """``path``, a Parquet hand-over file or dataset folder, after checking that this run wrote it."""
        if parquet_dataset.dataset_metadata(self.require(path)).get("fingerprint") != self.fingerprint:
            raise _missing(path, self.name, "comes from another input or other parameters")
        return path

    def read_frame(self, path: Path) -> pd.DataFrame:
        """A hand-over of this run, a file or a dataset folder, as one pandas DataFrame; customers in ID order
        whichever engine wrote them (Dask's parts follow the input's order), so that what is learned from them
        (folds, seeded samples) does not depend on how the input was split.

        On the Dask engine a kernel holds summaries and samples only: a hand-over of more customers than the
        learning sample is refused in one line naming the stage and the file, before anything is read.
        """
        self.checked_handover(path)
        settings = self.settings or RunSettings(engine="pandas")
        if self.engine.name == "dask" and (rows := parquet_dataset.row_count(path)) > settings.sample_rows:
            raise EngineError(
                f"stage {self.name} would read {path.name} ({rows:,} rows) into its kernel, more than the learning "
                f"sample's {settings.sample_rows:,}: on the Dask engine the workers hold the customers."
            )
        frame = parquet_dataset.read_dataset(path)
        if columns.ID in frame.columns and not frame[columns.ID].is_monotonic_increasing:
            frame = frame.sort_values(columns.ID, kind="stable", ignore_index=True)
        return frame

    def read_table(self, path: Path):
        """A hand-over of this run as a table of the stage's engine: a pandas DataFrame, or a Dask DataFrame whose
        parts the workers read (what the seam's operations take)."""
        return self.engine.read_dataset(self.checked_handover(path))

    def write_frame(self, frame, path: Path) -> Path:
        """A Parquet hand-over that carries this run's fingerprint: a file for a pandas DataFrame (a sample, a
        table on the pandas engine), a dataset folder written by the workers for a Dask table (``read_frame``
        reads either)."""
        if isinstance(frame, pd.DataFrame):
            return parquet_dataset.write_file(frame, path, self.handover_metadata)
        return self.engine.write_dataset(frame, path, self.handover_metadata)

    def hand_over(self, table, path: Path):
        """``write_frame``, then the table the rest of the run reads: on Dask the parts just written, so that the
        passes that follow read Parquet instead of recomputing ``table``'s graph from the input each time; a
        pandas table itself."""
        written = self.write_frame(table, path)
        # Read back unchecked: this stage wrote it a moment ago, and has not finished (``require``'s check).
        return table if isinstance(table, pd.DataFrame) else self.engine.read_dataset(written)

    def publish_segments(self, segments) -> Path:
        """segments, one row per analysed customer, for the reader: ``segments.csv`` from a pandas DataFrame, a
        Parquet dataset the workers write (``segments.parquet``) from a Dask table, which no spreadsheet opens
        at a hundred million rows anyway."""
        if isinstance(segments, pd.DataFrame):
            segments.to_csv(self.layout.segments, index=False)
            return self.layout.segments
        return self.engine.write_dataset(segments, self.layout.segments_dataset, self.handover_metadata)

    def publish_contact_list(self, contact_list) -> list[Path]:
        """The contact list for the reader: ``contact_list.csv``, and ``contact_list.xlsx`` up to
        ``SPREADSHEET_MAX_ROWS`` customers, from a pandas DataFrame; a Parquet dataset the workers write
        (``contact_list.parquet``), in rank order, from a Dask table; nothing without a list."""
        if contact_list is None:
            return []
        if not isinstance(contact_list, pd.DataFrame):
            return [self.engine.write_dataset(contact_list, self.layout.contact_list_dataset, self.handover_metadata)]
        contact_list.to_csv(self.layout.contact_list, index=False)
        if len(contact_list) > SPREADSHEET_MAX_ROWS:
            return [self.layout.contact_list]
        contact_list.to_excel(self.layout.contact_list_xlsx, index=False)
        return [self.layout.contact_list, self.layout.contact_list_xlsx]

    def finish(self, **sections) -> dict:
        """Merge ``sections`` into summary.json and record that this stage ran in this run."""
        self.summary.update(_plain(sections))
        self.summary["run"]["stages"][self.name] = self.fingerprint
        remove_path(self.layout.scratch / self.name)  # what the stage kept for its own passes
        with contextlib.suppress(OSError):  # and the scratch folder once no stage keeps anything there
            self.layout.scratch.rmdir()
        return _write_summary(self.layout.summary, self.summary)


def with_engine(settings: RunSettings) -> RunSettings:
    """``settings`` with the engine its stages run on: ``auto`` resolved as the report command resolves it."""
    engine = stage_engine(settings.engine, settings.scheduler, data_file(settings.data_path), settings.sheet or None)
    return dataclasses.replace(settings, engine=engine)


def begin_run(settings: RunSettings) -> Stage:
    """The data-preparation stage: a new run for this input and these settings.

    summary.json starts afresh and the hand-over files of an earlier run in the same
    folder are removed, so no later stage can mix them with this run's.
    """
    settings = with_engine(settings)
    layout = run_layout(settings.output_dir)
    for name in WRITTEN_BY:
        remove_path(layout.artifacts / name)  # a file, or a dataset folder of the same name
    remove_path(layout.scratch)  # an interrupted stage's kept tables
    data = sources.identify(data_file(settings.data_path), settings.sheet or None)
    identity = {"data_sha256": data.sha256(), "settings": _comparable(settings)}
    fingerprint = hashlib.sha256(json.dumps({**identity, "version": __version__}, sort_keys=True).encode())
    run = {"fingerprint": fingerprint.hexdigest(), "settings": identity["settings"], "stages": {}}
    return Stage(FIRST_STAGE, layout, {"run": run}, identity["data_sha256"], data.as_record(), settings)


def open_stage(name: str, settings: RunSettings) -> Stage:
    """A stage after data preparation, after checking it continues the run that stage began with the same settings."""
    settings = with_engine(settings)
    layout = run_layout(settings.output_dir)
    if not layout.summary.exists():
        raise _missing(layout.summary, name, "does not exist")
    summary = json.loads(layout.summary.read_text())
    recorded, given = summary.get("run", {}).get("settings", {}), _comparable(settings)
    different = [key for key in given if recorded.get(key) != given[key]]
    if different:
        asked = settings.as_parameters()
        shown = ", ".join(
            f"data_path={asked['data_path']!r} (not the file the run read)"
            if key == "data_path"
            else f"{key}={asked[key]!r} (the run has {recorded.get(key)!r})"
            for key in different
        )
        raise StageParametersDiffer(
            f"{name} was given {shown}: every stage of a run takes the same parameters; rerun "
            f"{FIRST_STAGE} and the stages after it with these, or give this stage the run's."
        )
    return Stage(name, layout, summary, settings=settings)


def data_record(stage: Stage, layout) -> dict:
    """What a run analysed and how: file (or folder or glob, with its number of files), its SHA-256, layout and
    currency, parameters, project version."""
    parameters = dict(stage.summary["run"]["settings"])
    parameters.pop("data_path")  # where the file lies on one machine says nothing of the analysis
    return {
        "data": {**stage.data_input, "sha256": stage.data_sha256, **layout.as_dict()},
        "parameters": parameters,
        "project_version": __version__,
    }


def read_personas(stage: Stage) -> pd.DataFrame:
    """personas.csv as the persona analysis wrote it, indexed by persona id."""
    return pd.read_csv(stage.require(stage.layout.personas), index_col="persona_id")


# The model store imports scikit-learn and skops: a second of start-up for the stages that never touch the pipeline.
def write_pipeline(pipeline, path: Path) -> Path:
    from helpers.segmentation import model_store

    return model_store.dump(pipeline, path)


def read_pipeline(stage: Stage, path: Path | None = None):
    """A fitted pipeline this run wrote: the segmentation pipeline unless ``path`` names another."""
    from helpers.segmentation import model_store

    return model_store.load_trusted(stage.require(path or stage.layout.pipeline))


def write_response_model(stage: Stage, result, base: pd.DataFrame) -> None:
    """The response model (when one was fitted) and every known customer's held-out probability (stage 3 -> 5)."""
    from helpers.campaign import response_model

    stage.layout.response_model.unlink(missing_ok=True)
    if result.fitted:
        write_pipeline(result.model, stage.layout.response_model)
    stage.write_frame(response_model.predictions(base, result), stage.layout.response_predictions)


def read_response_model(stage: Stage):
    """The fitted response model and the held-out predictions, or (None, None) when the modeling stage fitted none."""
    if "response_model" not in stage.summary:
        raise _missing(stage.layout.response_predictions, stage.name, "does not exist")
    predictions = stage.read_frame(stage.layout.response_predictions)
    if stage.summary["response_model"]["status"] != "fitted":
        return None, None
    return read_pipeline(stage, stage.layout.response_model), predictions


def training_record(summary: dict) -> dict:
    """What the model card says of the training data."""
    data = summary["data"]
    return {
        **{key: data[key] for key in ("file", "input", "files") if key in data},
        "sha256": data["sha256"],
        "rows_read": summary["rows_read"],
        "rows_used": summary["rows_used"],
        "learning_sample": summary["sample"],
    }
