"""Committed notebooks are clean, parameterised from one declaration, translated, and free of hard-coded results."""

import ast
import re

import nbformat
import papermill
import pytest

from helpers import config
from helpers.config import LANGUAGES, NOTEBOOKS_DIR, STAGE_IDS
from helpers.story import phrases

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_one_notebook_per_stage_and_a_title_for_each():
    assert [p.stem for p in NOTEBOOKS] == list(STAGE_IDS)
    assert list(phrases.STAGE_TITLES) == list(STAGE_IDS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_parameters_cell_declares_exactly_the_run_settings(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    declared = papermill.inspect_notebook(str(path))
    assert list(declared) == list(config.parameter_names())
    for name, parameter in declared.items():
        assert ast.literal_eval(parameter["default"]) == config.default(name), name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_markdown_cell_reads_in_every_language(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            translations = cell.metadata.get("translations", {})
            assert set(translations) == set(LANGUAGES) - {"en"}, cell.source[:60]
            # The same structure in every language: headings, lists and code spans line up.
            for text in translations.values():
                assert [line[:2] for line in text.splitlines() if line.startswith(("#", "- ", "1."))] == [
                    line[:2] for line in cell.source.splitlines() if line.startswith(("#", "- ", "1."))
                ], cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_hard_coded_cluster_talk(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"[Cc]luster \d", cell.source), cell.source
