"""Stand-in stage notebooks: the report's runner exercised without the analysis."""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers.config import RunSettings
from helpers.report.runner import STAGES


def notebook(*cells) -> nbformat.NotebookNode:
    made = nbformat.v4.new_notebook(cells=list(cells))
    made.metadata.update(kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"})
    return made


def tiny_stages(tmp_path: Path, code: str, **settings) -> tuple[Path, RunSettings]:
    """One notebook per stage that runs ``code`` after its parameters cell, and the settings of a run of them."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    parameters = RunSettings(data_path="unused", output_dir=str(tmp_path / "run"), **settings)
    # Declare every parameter papermill injects, or it warns about unknown ones.
    declared = "\n".join(f"{name} = None" for name in parameters.as_parameters())
    for stage, _ in STAGES:
        cells = [
            nbformat.v4.new_code_cell(declared, metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code),
        ]
        nbformat.write(notebook(*cells), notebooks / f"{stage}.ipynb")
    return notebooks, parameters
