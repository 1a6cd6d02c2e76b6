"""The stage notebooks' Markdown as gettext messages: each Markdown cell is one message, written in English.

``pybabel extract`` finds them through ``extract_markdown_cells``, registered as the Babel extractor
``notebook_markdown`` (pyproject.toml) and named for ``notebooks/*.ipynb`` in babel.cfg; the report's runner
puts each cell in the report's language (``in_language``) before the notebook runs, so the executed notebook,
the record of the run, reads in that language.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import nbformat

from helpers.story.translation import translated


def extract_markdown_cells(fileobj: BinaryIO, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel's extractor interface: (line, function, message, comments) for each Markdown cell, its number as
    the line (a notebook's cells, not its JSON lines, are what a translator can find)."""
    notebook = nbformat.reads(fileobj.read().decode("utf-8"), as_version=4)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "markdown" and cell.source.strip():
            yield number, None, cell.source, []


def in_language(notebook_path: Path, lang: str) -> nbformat.NotebookNode:
    """The notebook at ``notebook_path`` with its Markdown cells in ``lang``."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            cell.source = translated(cell.source, lang)
    return notebook
