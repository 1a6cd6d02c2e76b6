"""Stage 1 run as the report runs it (papermill, a fresh kernel) on a folder of three Parquet files, with a learning
sample smaller than the file: what it hands over and what its page says."""

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


def run_stage_one(lake: Path, out: Path, **parameters) -> nbformat.NotebookNode:
    """Stage 1 on ``lake`` into ``out``; the executed notebook."""
    executed = out.parent / f"{out.name}-01.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS_DIR / "01_data_preparation.ipynb"),
        str(executed),
        parameters={"data_path": str(lake), "output_dir": str(out), "sample_rows": SAMPLE_ROWS, **parameters},
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
    )
    return nbformat.read(executed, as_version=4)


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
    return out, run_stage_one(lake, out, engine="pandas")


def test_the_learning_sample_is_handed_over_as_every_customer_is_and_counted_in_the_summary(on_pandas):
    out, _ = on_pandas
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert summary["sample"] == {"customers_sampled": SAMPLE_ROWS, "customers_in_file": CUSTOMERS}
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
    notebook = run_stage_one(lake, out, engine="pandas", sample_rows=CUSTOMERS)
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert summary["sample"] == {"customers_sampled": CUSTOMERS, "customers_in_file": CUSTOMERS}
    assert "learning sample" not in shown_text(notebook)
