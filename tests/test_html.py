"""The rendered report: landing page, business and analyst views, nothing fetched from the network."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.config import STAGE_IDS
from helpers.report import html_export, index_page, page_policy, phone_tables
from helpers.report.run_folder import RunLayout
from helpers.report.runner import STAGES, StageFailed, execute_stages
from helpers.story import phrases
from tests import page_checks
from tests.tiny_stages import notebook as new_notebook
from tests.tiny_stages import tiny_stages

# What a browser fetches on its own when it opens a page: (tag, attribute).
_LOADED = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
           ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href")]  # fmt: skip
_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
# What nbconvert's lab template emits for a code cell's input: editor, highlighted source, prompts.
_CODE_MARKUP = (
    ".jp-InputArea-editor, .jp-CodeMirrorEditor, .highlight, .jp-CodeCell .jp-InputArea, .jp-InputPrompt:not(:empty)"
)


@pytest.fixture(scope="module")
def report(default_report) -> RunLayout:
    """The session's report on the default data (conftest runs it once for every test module)."""
    return RunLayout(default_report)


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _pages(layout: RunLayout) -> list[Path]:
    return [layout.index, *sorted(layout.html.rglob("*.html"))]


def _local_links(page: Path) -> list[str]:
    """Every <a href> of a page that points at a file rather than into the page."""
    hrefs = (a["href"] for a in _soup(page).find_all("a", href=True))
    return [href for href in hrefs if not href.startswith("#")]


def test_every_stage_has_both_views_linked_from_the_index(report):
    links = set(_local_links(report.index))
    for stage, _ in STAGES:
        assert f"html/{stage}.html" in links, stage
        assert f"html/{stage}.business.html" in links, stage
    assert len(_pages(report)) == 1 + 2 * len(STAGES)


def test_every_link_of_every_page_resolves_to_a_file(report):
    for page in _pages(report):
        links = _local_links(page)
        assert links, page
        for link in links:
            assert (page.parent / link).resolve().is_file(), f"{page.name}: {link}"


def test_index_says_what_was_analysed_and_shows_every_persona(report):
    summary = json.loads(report.summary.read_text())
    first = nbformat.read(report.notebooks / f"{STAGES[0][0]}.ipynb", as_version=4)
    started = first.metadata["papermill"]["start_time"]
    page = _soup(report.index)
    text = page.get_text(" ", strip=True)
    assert page.find("time")["datetime"] == datetime.fromisoformat(started).isoformat()
    assert datetime.fromisoformat(started).strftime("%B %Y") in text
    for expected in (
        summary["data"]["file"],
        summary["data"]["sha256"],
        "Rakamin edition",
        f"{summary['rows_read']:,} read",
        f"{summary['rows_used']:,} analysed",
        f"random state: {summary['parameters']['random_state']}",
        f"reference year: {summary['parameters']['reference_year']}",
        summary["project_version"],
    ):
        assert expected in text, expected
    cards = page.select("article.card")
    assert len(cards) == len(summary["personas"])
    for card, persona in zip(cards, summary["personas"], strict=True):
        card_text = card.get_text(" ", strip=True)
        assert persona["name"] in card_text
        assert f"{persona['share_percent']:.1f}%" in card_text
        assert persona["top_recommendation"] in card_text
    assert page.find("meta", attrs={"name": "viewport"}) is not None


def test_every_page_embeds_its_figures(report):
    total = 0
    for stage, _ in STAGES:
        executed = nbformat.read(report.notebooks / f"{stage}.ipynb", as_version=4)
        figures = sum(
            "image/png" in output.get("data", {}) for cell in executed.cells for output in cell.get("outputs", [])
        )
        total += figures
        for view in html_export.VIEWS:
            images = [img["src"] for img in _soup(html_export.page_path(report, view, stage)).find_all("img")]
            assert len(images) == figures, (stage, view)
            assert all(src.startswith("data:image/png;base64,") for src in images), (stage, view)
    assert total > 10


def test_business_view_has_no_code_and_the_analyst_view_has_it(report):
    for stage, _ in STAGES:
        executed = nbformat.read(report.notebooks / f"{stage}.ipynb", as_version=4)
        code_lines = [
            line.strip()
            for cell in executed.cells
            if cell.cell_type == "code"
            for line in cell.source.splitlines()
            if len(line.strip()) > 20 and ("(" in line or "=" in line)
        ]
        business = _soup(html_export.page_path(report, html_export.BUSINESS, stage))
        analyst = _soup(html_export.page_path(report, html_export.ANALYST, stage))
        assert not business.select(_CODE_MARKUP), stage
        assert analyst.select(_CODE_MARKUP), stage
        text = business.get_text(" ")
        assert not re.search(r"(In|Out)\s*\[\d*\]", text), stage
        assert not [line for line in code_lines if line in text], stage


def test_no_page_loads_anything_from_the_network(report):
    for page in _pages(report):
        soup = _soup(page)
        loaded = [element.get(attribute, "") for tag, attribute in _LOADED for element in soup.find_all(tag)]
        styles = " ".join(style.get_text() for style in soup.find_all("style"))
        styles += " ".join(element["style"] for element in soup.find_all(style=True))
        loaded += _CSS_URL.findall(styles) + _CSS_IMPORT.findall(styles)
        external = [url for url in loaded if _EXTERNAL.match(url)]
        assert not external, f"{page.relative_to(report.root)}: {external}"
        # Scripts that import modules at run time (the lab template's Mermaid loader does) fetch too.
        scripts = " ".join(script.get_text() for script in soup.find_all("script"))
        assert not re.search(r"(https?:)?//[\w.-]+\.\w+/", scripts), page


def test_every_page_declares_the_policy_first_and_has_nothing_that_runs(report):
    for page in _pages(report):
        html = page.read_text(encoding="utf-8")
        assert page_checks.declared_policy(html) == page_policy.CONTENT_SECURITY_POLICY, page.name
        assert page_checks.executable_markup(html) == [], page.name


def test_pages_stay_small(report):
    # Figures are PNGs capped in size by the plotting code; 3 MB leaves room for bigger k.
    for page in _pages(report):
        assert page.stat().st_size < 3_000_000, page


def test_business_view_drops_warnings_and_bare_values_but_keeps_results(tmp_path):
    stream = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell(
        "secret_code_marker = 1",
        outputs=[
            stream("stream", name="stderr", text="UserWarning: noisy library\n"),
            stream("stream", name="stdout", text="32 features, 1,803 customers\n"),
            stream("execute_result", data={"text/plain": "{'rows': 2240}"}, execution_count=1),
            stream(
                "execute_result", data={"text/markdown": "**kept finding**", "text/plain": "finding"}, execution_count=2
            ),
        ],
    )
    analyst_only = nbformat.v4.new_markdown_cell(
        "How papermill sets the parameters", metadata={"tags": ["analyst-only"]}
    )
    layout = RunLayout(tmp_path)
    stages = (("00_demo", "Demo"),)
    notebook = new_notebook(nbformat.v4.new_markdown_cell("# Demo"), analyst_only, cell)
    pages = {}
    for view in html_export.VIEWS:
        page = html_export.render(html_export.Page(layout, stages, 0, view), notebook, html_export.exporter(view))
        pages[view] = page.read_text()
    business = BeautifulSoup(pages[html_export.BUSINESS], "html.parser").get_text(" ")
    analyst = BeautifulSoup(pages[html_export.ANALYST], "html.parser").get_text(" ")
    assert "32 features" in business and "kept finding" in business
    for dropped in ("noisy library", "{'rows': 2240}", "secret_code_marker", "How papermill sets"):
        assert dropped not in business, dropped
        assert dropped in analyst, dropped
    assert len(notebook.cells[2].outputs) == 4  # the exporter worked on a copy


def test_stage_kernels_are_quiet_on_stderr(tmp_path, capfd):
    """No TCP-without-encryption warning, no interrupt logged at shutdown, no socket left behind."""
    notebooks, parameters = tiny_stages(tmp_path, "print(42)")
    execute_stages(parameters, Path(parameters.output_dir), 60, False, notebooks)
    assert capfd.readouterr().err == ""
    assert sorted(path.name for path in notebooks.iterdir()) == sorted(f"{stage}.ipynb" for stage, _ in STAGES)


def test_a_cell_over_the_timeout_fails_its_stage_with_a_message(tmp_path, capfd):
    notebooks, parameters = tiny_stages(tmp_path, "import time\ntime.sleep(60)")
    with pytest.raises(StageFailed) as failure:
        execute_stages(parameters, Path(parameters.output_dir), 1, False, notebooks)
    assert failure.value.stage == STAGES[0][0]
    assert "a cell ran longer than 1 s" in str(failure.value)
    assert failure.value.notebook.is_file()
    assert "Traceback" not in capfd.readouterr().err


def test_an_indonesian_run_has_an_indonesian_landing_page_and_navigation(report):
    summary = json.loads(report.summary.read_text())
    stages = phrases.stages(STAGE_IDS, "id")
    run = index_page.ExecutedRun(datetime(2026, 5, 4, 9, 5, tzinfo=UTC), {**summary["parameters"], "lang": "id"})
    page = BeautifulSoup(index_page.render(report, summary, stages, run), "html.parser")
    text = page.get_text(" ", strip=True)
    assert page.html["lang"] == "id"
    for expected in (
        "Laporan kepribadian pelanggan",
        "4 Mei 2026",
        "Rekomendasi bisnis",
        "tampilan bisnis",
        "median belanja",
    ):
        assert expected in text, expected
    assert "customers" not in text.replace("customers.csv", "")
    navigation = html_export.Page(report, stages, 1, html_export.BUSINESS, "id").navigation()
    assert navigation["home_label"] == "Beranda laporan" and navigation["position"] == "Tahap 1 (tahap 0 sampai 5)"
    assert navigation["next_title"] == "Analisis eksploratif"


_HOSTILE = "<img src=x onerror=alert(1)>"


def test_the_exporter_shows_markup_a_notebook_carries_as_text_and_runs_nothing(tmp_path):
    new = nbformat.v4.new_output
    outputs = [
        new("display_data", data={"text/html": f"<p>{_HOSTILE}<script>alert(2)</script></p>", "text/plain": "x"}),
        new("display_data", data={"text/markdown": "[click](javascript:alert(3)) <svg onload=alert(4)>"}),
        new("display_data", data={"application/javascript": "alert(5)", "text/plain": "js"}),
        new("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "1"}, "text/plain": "w"}),
    ]
    notebook = new_notebook(
        nbformat.v4.new_markdown_cell(f"# Title\n\nA file named {_HOSTILE} and [a link](javascript:alert(6))."),
        nbformat.v4.new_code_cell("shown()", outputs=outputs),
    )
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    layout, stages = RunLayout(tmp_path), (("00_demo", "Demo"),)
    for view in html_export.VIEWS:
        page = html_export.render(html_export.Page(layout, stages, 0, view), notebook, html_export.exporter(view))
        html = page.read_text()
        assert page_checks.executable_markup(html) == [], view
        assert page_checks.declared_policy(html) == page_policy.CONTENT_SECURITY_POLICY, view
        text = BeautifulSoup(html, "html.parser").get_text(" ")
        assert "onerror=alert(1)" in text and "Title" in text, view


def test_the_landing_page_shows_every_value_as_text(report):
    summary = json.loads(report.summary.read_text())
    summary["data"] = {**summary["data"], "file": _HOSTILE, "sha256": '"><script>alert(2)</script>', "name": _HOSTILE}
    summary["personas"] = [
        {**persona, "name": f"<b onmouseover=alert({n})>{persona['name']}", "top_recommendation": _HOSTILE}
        for n, persona in enumerate(summary["personas"])
    ]
    run = index_page.ExecutedRun(datetime(2026, 5, 4, 9, 5, tzinfo=UTC), {**summary["parameters"], "x": _HOSTILE})
    html = index_page.render(report, summary, phrases.stages(STAGE_IDS, "en"), run)
    assert page_checks.executable_markup(html) == []
    assert page_checks.declared_policy(html) == page_policy.CONTENT_SECURITY_POLICY
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one(".lede b").get_text() == _HOSTILE
    assert [card.h3.get_text() for card in page.select("article.card")] == [p["name"] for p in summary["personas"]]
    assert _HOSTILE in page.select_one("article.card .do").get_text()


def test_a_phone_table_labels_every_cell_with_its_column_and_leaves_other_headers_alone():
    simple = pd.DataFrame({"customers": [1, 2], "share": ["5%", "6%"]}, index=["A", "B"]).rename_axis(
        index=None, columns="persona"
    )
    page = BeautifulSoup(phone_tables.labelled(simple.to_html()), "html.parser")
    assert phone_tables.CARDS_CLASS in page.table["class"]
    rows = [[cell["data-label"] for cell in row.find_all(["th", "td"])] for row in page.tbody.find_all("tr")]
    assert rows == [["persona", "customers", "share"]] * 2
    two_levels = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("then", "a"), ("now", "a")]))
    untouched = BeautifulSoup(phone_tables.labelled(two_levels.to_html()), "html.parser")
    assert phone_tables.CARDS_CLASS not in untouched.table["class"] and not untouched.find(attrs={"data-label": True})
