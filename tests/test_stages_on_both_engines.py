"""Stages 1 to 3 run as the report runs them (papermill, a fresh kernel each) on a folder of three Parquet files,
with a learning sample smaller than the file, on pandas and on a local Dask cluster: what they hand over, what
their pages say, and that both engines count, learn and assign the same."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from helpers.config import NOTEBOOKS_DIR
from helpers.data.synthetic import generator
from helpers.engine import parquet_dataset
from tests.clusters import small_local_cluster

CUSTOMERS = 450
SAMPLE_ROWS = 200


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Path:
    """Three Parquet files of 150 customers each, in the canonical layout."""
    folder = tmp_path_factory.mktemp("lake") / "customers"
    folder.mkdir()
    customers = generator.generate(CUSTOMERS, seed=11)
    for number, start in enumerate(range(0, CUSTOMERS, CUSTOMERS // 3)):
        customers.iloc[start : start + CUSTOMERS // 3].to_parquet(folder / f"part.{number}.parquet", index=False)
    return folder


STAGES = ("01_data_preparation", "02_exploratory_analysis", "03_modeling")


def run_stages(lake: Path, out: Path, stages=STAGES, **parameters) -> nbformat.NotebookNode:
    """``stages`` on ``lake`` into ``out``, in order; the executed notebooks' cells, one after the other."""
    cells = []
    for stage in stages:
        executed = out.parent / f"{out.name}-{stage}.ipynb"
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / f"{stage}.ipynb"),
            str(executed),
            parameters={"data_path": str(lake), "output_dir": str(out), "sample_rows": SAMPLE_ROWS, **parameters},
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=False,
        )
        cells += nbformat.read(executed, as_version=4).cells
    return nbformat.v4.new_notebook(cells=cells)


def shown_text(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(
        output.get("data", {}).get("text/markdown", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


@pytest.fixture(scope="module")
def on_pandas(lake, tmp_path_factory) -> tuple[Path, nbformat.NotebookNode]:
    out = tmp_path_factory.mktemp("pandas") / "run"
    return out, run_stages(lake, out, engine="pandas")


def test_the_learning_sample_is_handed_over_as_every_customer_is_and_counted_in_the_summary(on_pandas):
    out, _ = on_pandas
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert summary["sample"] == {
        "customers_sampled": SAMPLE_ROWS,
        "customers_in_file": CUSTOMERS,
        "analysed_sampled": len(parquet_dataset.read_dataset(out / "artifacts" / "prepared_sample.parquet")),
        "analysed": summary["rows_used"],
    }
    assert summary["parameters"]["sample_rows"] == SAMPLE_ROWS
    sample = parquet_dataset.read_dataset(out / "artifacts" / "sample.parquet")
    every = parquet_dataset.read_dataset(out / "artifacts" / "customers.parquet")
    assert len(sample) == SAMPLE_ROWS and sample["ID"].is_unique and sample["ID"].is_monotonic_increasing
    # The same rows as every customer's hand-over for these IDs: features, fences and all.
    expected = every.set_index("ID").loc[sample["ID"]].reset_index()
    pd.testing.assert_frame_equal(sample, expected[sample.columns], check_dtype=False)


def test_the_page_says_the_rows_shown_come_from_the_sample(on_pandas):
    _, notebook = on_pandas
    assert f"learning sample of {SAMPLE_ROWS} of the {CUSTOMERS} customers" in shown_text(notebook)


def test_a_file_no_larger_than_the_sample_is_its_own_sample_and_the_page_says_nothing_of_it(lake, tmp_path):
    out = tmp_path / "run"
    notebook = run_stages(lake, out, STAGES[:1], engine="pandas", sample_rows=CUSTOMERS)
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert summary["sample"]["customers_sampled"] == summary["sample"]["customers_in_file"] == CUSTOMERS
    assert summary["sample"]["analysed_sampled"] == summary["sample"]["analysed"] == summary["rows_used"]
    assert "learning sample" not in shown_text(notebook).lower()


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A local cluster of two worker processes; its address is handed to the kernel as the report does."""
    with small_local_cluster() as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def on_dask(lake, scheduler, tmp_path_factory) -> tuple[Path, nbformat.NotebookNode]:
    out = tmp_path_factory.mktemp("dask") / "run"
    return out, run_stages(lake, out, engine="dask", scheduler=scheduler)


def _summary(run: tuple[Path, nbformat.NotebookNode]) -> dict:
    return json.loads((run[0] / "artifacts" / "summary.json").read_text())


def test_on_dask_the_handovers_are_datasets_written_by_the_workers_and_the_sample_a_file(on_dask):
    artifacts = on_dask[0] / "artifacts"
    assert len(list((artifacts / "customers.parquet").glob("*.parquet"))) == 3  # a part per file of the lake
    assert (artifacts / "prepared.parquet").is_dir() and (artifacts / "sample.parquet").is_file()


def test_dask_counts_what_pandas_counts_and_keeps_and_samples_the_same_customers(on_pandas, on_dask):
    pandas, dask = _summary(on_pandas), _summary(on_dask)
    for key in ("rows_read", "rows_used", "quality", "excluded", "sample", "economics", "incomes_imputed"):
        assert dask[key] == pandas[key], key
    # Exact fences and median on both (summary.json keeps six decimals).
    assert (
        dask["iqr_bounds"] == pandas["iqr_bounds"] and dask["income_median_imputed"] == pandas["income_median_imputed"]
    )
    assert dask["parameters"] == {**pandas["parameters"], "engine": "dask"}
    assert dask["data"] == pandas["data"]
    for handover in ("prepared.parquet", "sample.parquet"):
        ids = [
            sorted(parquet_dataset.read_dataset(run[0] / "artifacts" / handover)["ID"]) for run in (on_pandas, on_dask)
        ]
        assert ids[0] == ids[1], handover


def test_the_dask_page_says_word_for_word_what_the_pandas_page_says(on_pandas, on_dask):
    assert f"learning sample of {SAMPLE_ROWS} of the {CUSTOMERS} customers" in shown_text(on_dask[1])
    assert shown_text(on_dask[1]) == shown_text(on_pandas[1])


def test_on_dask_a_bad_value_in_one_file_stops_the_stage_in_one_line_naming_file_and_row(lake, scheduler, tmp_path):
    bad = tmp_path / "lake"
    bad.mkdir()
    for part in sorted(lake.glob("*.parquet")):
        (bad / part.name).write_bytes(part.read_bytes())
    table = pd.read_parquet(bad / "part.1.parquet")
    table["Income"] = table["Income"].astype("string")
    table.loc[3, "Income"] = "lots"
    table.to_parquet(bad / "part.1.parquet", index=False)
    with pytest.raises(papermill.PapermillExecutionError) as stopped:
        run_stages(bad, tmp_path / "run", STAGES[:1], engine="dask", scheduler=scheduler)
    assert stopped.value.ename == "InputDataError" and "\n" not in stopped.value.evalue
    assert "part.1.parquet row 4: Income must be numeric ('lots')" in stopped.value.evalue
    assert not (tmp_path / "run" / "artifacts" / "customers.parquet").exists()


def test_the_segmentation_learns_from_the_sample_and_assigns_every_analysed_customer(on_pandas):
    out, notebook = on_pandas
    summary = _summary(on_pandas)
    clusters = parquet_dataset.read_dataset(out / "artifacts" / "clusters.parquet")
    prepared = parquet_dataset.read_dataset(out / "artifacts" / "prepared.parquet")
    assert sorted(clusters["ID"]) == sorted(prepared["ID"]) and len(clusters) == summary["rows_used"]
    assert clusters["segment"].nunique() == summary["k"]
    assert summary["sampling"]["rows"] == summary["sample"]["analysed_sampled"] < summary["rows_used"]
    sampled, analysed = summary["sample"]["analysed_sampled"], summary["rows_used"]
    assert shown_text(notebook).count(f"learning sample: **{sampled} of the {analysed} analysed customers**") == 2


def test_dask_learns_the_same_model_and_assigns_every_customer_the_same_cluster(on_pandas, on_dask):
    pandas, dask = _summary(on_pandas), _summary(on_dask)
    for key in ("k", "sampling", "elbow_k", "best_k", "cvr_correlations", "income_spending_correlation"):
        assert dask[key] == pandas[key], key
    assert dask["silhouette"] == pytest.approx(pandas["silhouette"])
    assert dask["explained_variance"] == pytest.approx(pandas["explained_variance"])
    assigned = [
        parquet_dataset.read_dataset(run[0] / "artifacts" / "clusters.parquet").set_index("ID").sort_index()
        for run in (on_pandas, on_dask)
    ]
    pd.testing.assert_series_equal(assigned[1]["segment"], assigned[0]["segment"])
    assert (on_dask[0] / "artifacts" / "clusters.parquet").is_dir()
