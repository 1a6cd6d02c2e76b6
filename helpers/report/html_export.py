"""The report's pages: an analyst and a business view of each executed notebook, readable offline.

nbconvert's ``lab`` template loads require.js, MathJax and Mermaid from a public
CDN. No page needs them: figures are PNGs embedded in the page, tables are HTML
and the notebooks' Markdown has no maths or diagrams. A template extending
``lab`` (``templates/stage_page.html.j2``, given to nbconvert as a Jinja loader in
``extra_loaders``, its documented way to change a template from code) drops those
blocks and every other script, so a page opens with no network at all, asks
nothing of any server and runs nothing. The lab styles are already inlined.

Pages are safe to share (``page_policy``): each declares a Content-Security-Policy
that allows no script, and nbconvert's sanitising of rendered Markdown and HTML is
on, with an allow-list of the markup the notebooks produce.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jinja2 import PackageLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from helpers.report import page_policy
from helpers.report.phone_tables import CARD_WIDTH, PhoneTables
from helpers.report.run_folder import RunLayout
from helpers.story import phrases

ANALYST = "analyst"
BUSINESS = "business"
VIEWS = (ANALYST, BUSINESS)

# Cells left out of the business view: papermill's parameter cells, and any cell
# a notebook author tags ``analyst-only`` (e.g. a note on how the parameters are set).
BUSINESS_REMOVED_TAGS = frozenset({"parameters", "injected-parameters", "analyst-only"})

# The stage page template (extending nbconvert's ``lab``) ships in the package's templates folder.
_TEMPLATE = "stage_page.html.j2"
TEMPLATES = PackageLoader("helpers.report", "templates")
# On a narrow screen a figure keeps at least this share of the size it was drawn at, so its text stays readable;
# a figure wider than the screen then scrolls sideways in its own box.
SMALLEST_FIGURE_SCALE = 0.7

# Phrase keys in phrases.PAGE_PHRASES.
_VIEW_LABELS = {ANALYST: "analyst_view_label", BUSINESS: "business_view"}
_SWITCH_LABELS = {ANALYST: "hide_code", BUSINESS: "show_code"}


class BusinessOutputs(Preprocessor):
    """Keep the outputs a business reader reads: no warnings, no bare Python values.

    stderr carries library warnings and progress noise. An ``execute_result``
    holding only ``text/plain`` is the repr of what a bookkeeping cell returned
    (the dict written to summary.json, a pandas Series): an analyst's check,
    still shown in the analyst view.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [output for output in cell.outputs if not _is_noise(output)]
        return cell, resources


# A Markdown cell that describes the figure or table after it without ending in a colon.
LEAD_IN_TAG = "lead-in"


class EmptySections(Preprocessor):
    """Leave out of the business view what introduces nothing: a lead-in (Markdown ending with a colon, or tagged
    ``lead-in``) when no code cell after it, up to the next Markdown cell, shows anything; a heading when nothing
    under it, up to the next heading of its level or above, shows anything (a result a file cannot give, such as a
    response model's drivers without responders). The code that gives no result says why in one sentence elsewhere
    on the page; the analyst view keeps the notebook as run."""

    def preprocess(self, nb, resources):
        cells = nb.cells
        dropped = set()
        for i, cell in enumerate(cells):
            if cell.cell_type != "markdown":
                continue
            level = _heading_level(cell.source)
            if level and not _shows_anything(cells, i, level):
                dropped.add(i)
            elif _is_lead_in(cell) and not _code_shows_before_next_text(cells, i):
                dropped.add(i)
        nb.cells = [cell for i, cell in enumerate(cells) if i not in dropped]
        return nb, resources


def _is_lead_in(cell) -> bool:
    """Markdown that introduces what the code after it shows: it ends with a colon, or its author tagged it."""
    return _introduces(cell.source) or LEAD_IN_TAG in cell.metadata.get("tags", [])


def _introduces(text: str) -> bool:
    return text.rstrip().endswith(":")


def _heading_level(source: str) -> int:
    first = source.lstrip().split("\n", 1)[0]
    return len(first) - len(first.lstrip("#")) if first.startswith("#") else 0


def _code_shows(cell) -> bool:
    return cell.cell_type == "code" and bool(cell.outputs)


def _code_shows_before_next_text(cells, start: int) -> bool:
    for cell in cells[start + 1 :]:
        if cell.cell_type == "markdown":
            return False
        if _code_shows(cell):
            return True
    return False


def _shows_anything(cells, start: int, level: int) -> bool:
    """Whether the section under the heading at ``start`` holds a result or prose (not only lead-ins and
    sub-headings). A heading cell's own prose below the heading counts unless it is a lead-in."""
    own = cells[start].source.strip().split("\n", 1)
    if len(own) > 1 and own[1].strip() and not _introduces(own[1]):
        return True
    for cell in cells[start + 1 :]:
        if cell.cell_type == "markdown":
            sub = _heading_level(cell.source)
            if sub and sub <= level:
                return False
            if not sub and not _is_lead_in(cell):
                return True
        elif _code_shows(cell):
            return True
    return False


def _is_noise(output) -> bool:
    if output.output_type == "stream":
        return output.name == "stderr"
    return output.output_type == "execute_result" and set(output.get("data", {})) == {"text/plain"}


def exporter(view: str, lang: str = "en") -> HTMLExporter:
    """An HTML exporter for one view and language; reuse it for every page of that view."""
    options = dict(
        template_name="lab",
        template_file=_TEMPLATE,
        extra_loaders=[TEMPLATES],
        language_code=phrases.known_language(lang),
        # nbconvert's sanitising of Markdown and HTML outputs, with the report's allow-list.
        sanitize_html=True,
        filters={"clean_html": page_policy.clean_html},
    )
    if view == ANALYST:
        return HTMLExporter(**options)
    business = HTMLExporter(**options, exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    business.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(BUSINESS_REMOVED_TAGS)), enabled=True)
    business.register_preprocessor(BusinessOutputs(), enabled=True)
    business.register_preprocessor(EmptySections(), enabled=True)
    business.register_preprocessor(PhoneTables(), enabled=True)
    return business


def page_path(layout: RunLayout, view: str, stage: str) -> Path:
    """Where a stage's page of a view lives: ``html/<stage>.html`` (analyst) or ``html/<stage>.business.html``.

    Both views share one folder because the notebooks' Markdown links to files
    relative to it (``../artifacts/model.skops``), and those links must work in both.
    """
    return layout.html / (f"{stage}.html" if view == ANALYST else f"{stage}.business.html")


def _href(target: Path, page: Path) -> str:
    """A relative link from ``page`` to ``target``, so the report can be moved or zipped as a whole."""
    return Path(os.path.relpath(target, page.parent)).as_posix()


@dataclass(frozen=True)
class Page:
    """One page to render: a stage in a view, with the links around it."""

    layout: RunLayout
    stages: tuple
    number: int  # 0-based position in ``stages``
    view: str
    lang: str = "en"

    @property
    def stage(self) -> str:
        return self.stages[self.number][0]

    @property
    def title(self) -> str:
        return self.stages[self.number][1]

    @property
    def view_label(self) -> str:
        return phrases.page_text(_VIEW_LABELS[self.view], self.lang)

    @property
    def path(self) -> Path:
        return page_path(self.layout, self.view, self.stage)

    def navigation(self) -> dict:
        """What the template's navigation bars show; every link is relative."""
        other_view = BUSINESS if self.view == ANALYST else ANALYST
        nav = {
            "home": _href(self.layout.index, self.path),
            "home_label": phrases.page_text("report_home", self.lang),
            "title": self.title,
            "position": phrases.page_text("position", self.lang, number=self.number, last=len(self.stages) - 1),
            "view_label": self.view_label,
            "switch_href": _href(page_path(self.layout, other_view, self.stage), self.path),
            "switch_label": phrases.page_text(_SWITCH_LABELS[self.view], self.lang),
        }
        for key, number in (("previous", self.number - 1), ("next", self.number + 1)):
            if 0 <= number < len(self.stages):
                stage, title = self.stages[number]
                nav[f"{key}_href"] = _href(page_path(self.layout, self.view, stage), self.path)
                nav[f"{key}_title"] = title
        return nav


def render(page: Page, notebook, html_exporter: HTMLExporter) -> Path:
    """Write one page; the exporter copies the notebook, so one read serves both views."""
    resources = {
        "metadata": {"name": f"{page.title} ({page.view_label})"},
        "report_nav": page.navigation(),
        "content_security_policy": page_policy.CONTENT_SECURITY_POLICY,
        "card_width": CARD_WIDTH,
        "smallest_figure_scale": SMALLEST_FIGURE_SCALE,
    }
    body, _ = html_exporter.from_notebook_node(notebook, resources=resources)
    page.path.parent.mkdir(parents=True, exist_ok=True)
    page.path.write_text(body, encoding="utf-8")
    return page.path
