"""Hostile input through the user's own commands: nothing from the data file runs in a browser or drives a terminal.

One report per language carries several hostile things at once (a full report
costs half a minute): a file named with HTML, category labels with a script, a
``javascript:`` link and a Markdown link, and an extra column whose header and
values are HTML. The files refused before any notebook runs (an ID, a column
header, a model card) cost a second each. What counts as "could run" is
``tests/page_checks.py``; the browser is ``tests/browser.py``.
"""

import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.config import DEFAULT_DATA, LANGUAGES, PROJECT_ROOT
from helpers.report import html_export, page_policy
from helpers.report.run_folder import RunLayout
from helpers.report.runner import STAGES
from tests import page_checks

FILE_NAME = "<img src=x onerror=alert(1)>.csv"
LABELS = ("<script>alert(1)</script>", "x](javascript:alert(1))", '<a href="javascript:alert(2)">click</a>')
HEADER = "<svg onload=alert(3)>"
SCRIPT = "<script>alert(4)</script>"
# What a terminal obeys: clear the screen, set the window title; and, in a file name, back to the line's start.
TERMINAL_ESCAPES = "\x1b[2J\x1b]0;pwned\x07"
NAME_ESCAPES = TERMINAL_ESCAPES + "\r"


def _cli(*arguments):
    return subprocess.run(
        [sys.executable, "-m", "helpers", *map(str, arguments)], capture_output=True, text=True, cwd=PROJECT_ROOT
    )


def _customers() -> pd.DataFrame:
    """The default data as the file holds it (the Rakamin layout, its leading index column kept)."""
    return pd.read_csv(DEFAULT_DATA, index_col=0)


def _pages(layout: RunLayout) -> list:
    return [
        layout.index,
        *(html_export.page_path(layout, view, stage) for stage, _ in STAGES for view in html_export.VIEWS),
    ]


@pytest.fixture(scope="module", params=LANGUAGES)
def hostile_report(request, tmp_path_factory):
    """A report on the default data made hostile, run with ``python -m helpers report --lang``."""
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    customers = _customers()
    first = customers["ID"].nsmallest(len(LABELS)).index  # the rows the data-preparation page shows
    customers.loc[first, "Marital_Status"] = LABELS
    customers[HEADER] = SCRIPT
    customers.to_csv(folder / FILE_NAME)
    result = _cli("report", "--data", folder / FILE_NAME, "--out", folder / "report", "--lang", request.param)
    assert result.returncode == 0, result.stderr
    return RunLayout(folder / "report")


def test_no_page_of_a_hostile_report_has_anything_that_runs(hostile_report):
    for page in _pages(hostile_report):
        html = page.read_text(encoding="utf-8")
        assert page_checks.executable_markup(html) == [], page.name
        assert page_checks.declared_policy(html) == page_policy.CONTENT_SECURITY_POLICY, page.name


def test_a_hostile_report_still_shows_the_file_name_and_labels_as_text(hostile_report):
    index = BeautifulSoup(hostile_report.index.read_text(encoding="utf-8"), "html.parser")
    assert FILE_NAME in index.find("p", class_="lede").get_text()
    for view in html_export.VIEWS:
        for stage in ("00_problem_statement", "01_data_preparation"):
            page = BeautifulSoup(html_export.page_path(hostile_report, view, stage).read_text(), "html.parser")
            sentences = [output.get_text() for output in page.select(".jp-OutputArea-output.jp-RenderedMarkdown")]
            assert any(FILE_NAME in sentence for sentence in sentences), (view, stage)
    # The rows themselves are the analyst's (the business view leaves the 29-column table out).
    preparation = html_export.page_path(hostile_report, html_export.ANALYST, "01_data_preparation")
    cells = {cell.get_text() for cell in BeautifulSoup(preparation.read_text(), "html.parser").find_all("td")}
    assert set(LABELS) <= cells


def test_every_page_of_a_hostile_report_loads_in_chromium_without_a_dialog_or_an_error(hostile_report, browser):
    for page in _pages(hostile_report):
        load = browser.load(page)
        assert load.dialogs == [] and load.console_errors == [], (page.name, load)
        assert browser.evaluate(page_checks.EXECUTABLE_IN_DOM) == [], page.name


def _model_copy(default_report, tmp_path) -> tuple:
    """A copy of the default report's model and card, and the card's content to edit."""
    source = RunLayout(default_report).model
    model = tmp_path / source.name
    shutil.copy(source, model)
    return model, json.loads(source.with_suffix(".json").read_text())


def test_a_hostile_model_card_is_refused_and_quoted_inert(default_report, tmp_path):
    model, card = _model_copy(default_report, tmp_path)
    card["model_sha256"] = SCRIPT + TERMINAL_ESCAPES
    model.with_suffix(".json").write_text(json.dumps(card))
    data = tmp_path / "customers.csv"
    shutil.copy(DEFAULT_DATA, data)
    result = _cli("score", "--model", model, "--data", data, "--out", tmp_path / "personas.csv")
    assert result.returncode == 2
    assert "does not match its model card" in result.stderr and SCRIPT in result.stderr
    assert _inert_line(result.stderr)
    assert not (tmp_path / "personas.csv").exists()


def test_html_in_a_model_card_with_a_matching_hash_changes_nothing_that_is_scored(default_report, tmp_path):
    model, card = _model_copy(default_report, tmp_path)
    for persona in card["personas"]:
        persona["name"] = SCRIPT + TERMINAL_ESCAPES
    model.with_suffix(".json").write_text(json.dumps(card))
    data = tmp_path / "customers.csv"
    shutil.copy(DEFAULT_DATA, data)
    result = _cli("score", "--model", model, "--data", data, "--out", tmp_path / "personas.csv")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    scored = pd.read_csv(tmp_path / "personas.csv")
    summary = json.loads(RunLayout(default_report).summary.read_text())
    assert set(scored["persona"]) == {persona["name"] for persona in summary["personas"]}


def _inert_line(output: str) -> bool:
    """One line, and nothing a terminal would obey."""
    lines = output.strip("\n").split("\n")
    return len(lines) == 1 and not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", output)


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_file_whose_id_is_a_script_is_refused_with_one_inert_line(command, tmp_path):
    customers = _customers()
    customers["ID"] = customers["ID"].astype(str)
    customers.loc[customers.index[1], "ID"] = SCRIPT + TERMINAL_ESCAPES
    data = tmp_path / f"customers{NAME_ESCAPES}.csv"
    customers.to_csv(data)
    arguments = ("--out", tmp_path / "report") if command == "report" else ()
    result = _cli(command, "--data", data, *arguments)
    assert result.returncode == 2
    assert "column ID must be numeric" in result.stderr and SCRIPT in result.stderr
    assert "Traceback" not in result.stderr
    assert _inert_line(result.stderr)
    assert not (tmp_path / "report").exists()


@pytest.mark.parametrize("renamed", ["Marital_Status", "Education"])
def test_a_category_header_renamed_to_html_is_refused_with_one_inert_line(renamed, tmp_path):
    data = tmp_path / "customers.csv"
    _customers().rename(columns={renamed: HEADER + TERMINAL_ESCAPES}).to_csv(data)
    result = _cli("check", "--data", data)
    assert result.returncode == 2
    assert f"lacks required column(s): {renamed}" in result.stderr
    assert _inert_line(result.stderr)


def test_an_education_label_that_is_a_script_is_refused_with_one_inert_line(tmp_path):
    customers = _customers()
    customers.loc[customers.index[3], "Education"] = SCRIPT + TERMINAL_ESCAPES
    data = tmp_path / "customers.csv"
    customers.to_csv(data)
    result = _cli("check", "--data", data)
    assert result.returncode == 2
    assert "column Education must be one of" in result.stderr and SCRIPT in result.stderr
    assert _inert_line(result.stderr)


def test_check_prints_a_hostile_file_name_inert(tmp_path):
    data = tmp_path / f"{FILE_NAME}{NAME_ESCAPES}.csv"
    shutil.copy(DEFAULT_DATA, data)
    result = _cli("check", "--data", data)
    assert result.returncode == 0, result.stderr
    assert FILE_NAME in result.stdout and "\\x1b[2J" in result.stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.stdout)
