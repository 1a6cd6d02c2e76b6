"""Committed notebooks are clean, parameterised from one declaration, translated, and free of hard-coded results."""

import ast
import re

import nbformat
import papermill
import pytest

from helpers import config
from helpers.config import LANGUAGES, NOTEBOOKS_DIR, STAGE_IDS
from helpers.story import phrases
from helpers.story.notebook_text import in_language
from helpers.story.translation import SOURCE_LANGUAGE

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
def test_every_markdown_cell_reads_in_every_language_with_the_same_structure(path):
    # The catalogs' tests check that each cell is a message every language translates; here, the translation
    # keeps the cell's headings, lists and code spans where they are.
    structure = lambda text: [line[:2] for line in text.splitlines() if line.startswith(("#", "- ", "1."))]  # noqa: E731
    english = nbformat.read(path, as_version=4)
    for lang in LANGUAGES:
        cells = zip(english.cells, in_language(path, lang).cells, strict=True)
        for cell, translated in ((cell, translated) for cell, translated in cells if cell.cell_type == "markdown"):
            assert structure(translated.source) == structure(cell.source), cell.source[:60]
            assert (translated.source != cell.source) == (lang != SOURCE_LANGUAGE), cell.source[:60]
            assert "translations" not in cell.metadata  # one place for the words: the catalog


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_hard_coded_cluster_talk(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"[Cc]luster \d", cell.source), cell.source
