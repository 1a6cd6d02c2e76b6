"""Committed notebooks are clean, parameterised alike, and written without hard-coded results."""

import re

import nbformat
import papermill
import pytest

from helpers.paths import NOTEBOOKS_DIR
from helpers.report import STAGES

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
PARAMETERS = {"data_path", "output_dir", "n_clusters", "random_state", "reference_year", "date_order", "lang", "sampling_threshold"}


def test_one_notebook_per_stage():
    assert [p.stem for p in NOTEBOOKS] == [stage for stage, _ in STAGES]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert set(papermill.inspect_notebook(str(path))) == PARAMETERS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_hard_coded_cluster_talk(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"[Cc]luster \d", cell.source), cell.source
