"""A customer-level hand-over may be one Parquet file or a dataset folder of the same name: read alike, checked
alike by the run's fingerprint under one metadata key, cleared alike when a run starts."""

import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers.config import DEFAULT_DATA, RunSettings
from helpers.engine import parquet_dataset
from helpers.engine.seam import engine_for
from helpers.errors import StageInputMissing
from helpers.report import handover, previous_report


@pytest.fixture
def stage(tmp_path):
    started = handover.begin_run(RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(tmp_path / "run")))
    started.finish()  # the first stage ran: its hand-overs may be read
    return started


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"ID": [5, 3, 9, 1], "Income": [1.5, None, 3.0, 4.0], "label": list("abcd")})


def test_a_stage_keeps_tables_in_its_own_scratch_folder_until_it_finishes(tmp_path):
    settings = RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(tmp_path / "run"))
    first = handover.begin_run(settings)
    kept = first.layout.scratch / first.name / "kept"
    kept.mkdir(parents=True)
    first.finish()
    assert not first.layout.scratch.exists()
    kept.mkdir(parents=True)  # left by a stage that never finished
    handover.begin_run(settings)
    assert not first.layout.scratch.exists()


def _as_dataset(frame: pd.DataFrame, folder, metadata: dict[str, str], parts: int = 2):
    def write_parts(staging):
        for i in range(parts):
            parquet_dataset.write_part(frame.iloc[i::parts], staging, i, metadata)

    return parquet_dataset.write_dataset(folder, metadata, write_parts)


def test_a_handover_reads_the_same_as_a_file_or_as_a_dataset_folder_in_id_order(stage, frame):
    path = stage.layout.customers
    by_id = frame.sort_values("ID", ignore_index=True)
    stage.write_frame(frame, path)
    assert path.is_file()
    pd.testing.assert_frame_equal(stage.read_frame(path), by_id)
    engine_for("pandas").write_dataset(frame, path, stage.handover_metadata)  # as the seam writes one
    assert path.is_dir()
    pd.testing.assert_frame_equal(stage.read_frame(path), by_id)
    _as_dataset(frame, path, stage.handover_metadata)  # as workers write one: a part per block, in input order
    pd.testing.assert_frame_equal(stage.read_frame(path), by_id)
    without_ids = frame.drop(columns="ID")
    stage.write_frame(without_ids, path)  # a table of other rows keeps its order
    pd.testing.assert_frame_equal(stage.read_frame(path), without_ids)
    stage.write_frame(frame, path)  # and back to a file of the same name
    assert path.is_file()


def test_the_fingerprint_sits_under_one_key_in_a_file_and_in_every_part(stage, frame):
    stage.write_frame(frame, stage.layout.prepared)
    _as_dataset(frame, stage.layout.customers, stage.handover_metadata)
    for written in (stage.layout.prepared, *parquet_dataset.parts(stage.layout.customers)):
        metadata = pq.read_schema(written).metadata
        assert json.loads(metadata[parquet_dataset.METADATA_KEY]) == {"fingerprint": stage.fingerprint}
        assert not [key for key in metadata if b"fingerprint" in key]


def test_a_dataset_from_another_run_is_refused_as_a_file_is(stage, frame):
    for write in (
        lambda path: parquet_dataset.write_file(frame, path, {"fingerprint": "another run"}),
        lambda path: _as_dataset(frame, path, {"fingerprint": "another run"}),
        lambda path: _as_dataset(frame, path, {}),  # written by someone else
    ):
        write(stage.layout.customers)
        with pytest.raises(StageInputMissing, match="customers.parquet comes from another input or other parameters"):
            stage.read_frame(stage.layout.customers)


def test_starting_a_run_clears_dataset_folders_as_it_clears_files(stage, frame):
    _as_dataset(frame, stage.layout.customers, stage.handover_metadata)
    stage.write_frame(frame, stage.layout.prepared)
    (stage.layout.artifacts / "notes.txt").write_text("the user's")
    handover.begin_run(RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(stage.layout.root)))
    assert not stage.layout.customers.exists() and not stage.layout.prepared.exists()
    assert (stage.layout.artifacts / "notes.txt").read_text() == "the user's"


def test_previous_reads_a_report_whose_handovers_are_folders(default_report, tmp_path):
    earlier = tmp_path / "earlier"
    shutil.copytree(default_report, earlier)
    layout = previous_report.RunLayout(earlier)
    expected = {name: pd.read_parquet(getattr(layout, name)) for name in ("customers", "response_predictions")}
    for name, frame in expected.items():
        metadata = parquet_dataset.dataset_metadata(getattr(layout, name))
        getattr(layout, name).unlink()
        _as_dataset(frame, getattr(layout, name), metadata, parts=3)
    previous = previous_report.open_previous(earlier)
    pandas = engine_for("pandas")
    got = {"customers": previous.customers(pandas), "response_predictions": previous.response_predictions(pandas)}
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(
            got[name].sort_values("ID", ignore_index=True), frame.sort_values("ID", ignore_index=True)
        )


def test_on_dask_a_kernel_reads_no_handover_larger_than_the_learning_sample(stage, frame, monkeypatch):
    from types import SimpleNamespace

    from helpers.errors import EngineError

    path = stage.layout.customers
    _as_dataset(frame, path, stage.handover_metadata)
    assert parquet_dataset.row_count(path) == len(frame) == 4
    monkeypatch.setattr(handover, "run_engine", lambda name, scheduler, scratch: SimpleNamespace(name=name))
    stage.settings = RunSettings(data_path=str(DEFAULT_DATA), engine="dask", sample_rows=3)
    with pytest.raises(EngineError, match=r"stage 01_data_preparation would read customers.parquet \(4 rows\) into"):
        stage.read_frame(path)
    stage.settings = RunSettings(data_path=str(DEFAULT_DATA), engine="dask", sample_rows=4)
    assert len(stage.read_frame(path)) == 4
    stage.settings = RunSettings(data_path=str(DEFAULT_DATA), engine="pandas", sample_rows=3)
    assert len(stage.read_frame(path)) == 4  # one process holds everything anyway


def test_no_code_outside_the_engine_gathers_or_pins_a_dask_table():
    """Only the seam decides what comes back from the workers: a ``.compute(`` or ``.persist(`` anywhere else
    could bring every customer into a kernel or the command (the seam's own ``engine.persist(`` keeps them on the
    workers)."""
    import re

    import nbformat

    from helpers.config import NOTEBOOKS_DIR, PROJECT_ROOT

    sources = {
        path: path.read_text()
        for path in (PROJECT_ROOT / "helpers").rglob("*.py")
        if (PROJECT_ROOT / "helpers" / "engine") not in path.parents
    }
    for notebook in NOTEBOOKS_DIR.glob("*.ipynb"):
        cells = nbformat.read(notebook, as_version=4).cells
        sources[notebook] = "\n".join(cell.source for cell in cells if cell.cell_type == "code")
    assert len(sources) > 40
    offenders = [str(path) for path, text in sources.items() if re.search(r"(?<!engine)\.(compute|persist)\(", text)]
    assert offenders == []


def test_a_pandas_table_handed_over_is_written_and_read_on_as_it_is(stage, frame):
    handed = stage.hand_over(frame, stage.layout.customers)
    assert handed is frame
    pd.testing.assert_frame_equal(stage.read_frame(stage.layout.customers), frame.sort_values("ID", ignore_index=True))
