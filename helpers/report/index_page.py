"""The report's landing page: what was analysed, the personas as cards, links to every stage in both views.

One static file with its style inline and nothing else: it opens from a disk, a
zip or a mail attachment, on a laptop or a phone, with no network. Its HTML is the
Jinja template ``templates/landing_page.html.j2``, rendered with autoescaping on, so
every value shown (the file name, persona names, recommendations) is escaped unless
it is markup built here; like every page, it declares ``page_policy``'s
Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from helpers.data.cleaning import MISSING_INCOME_WARNING
from helpers.report import html_export, page_policy
from helpers.report.run_folder import RunLayout
from helpers.story import narrative, phrases
from helpers.story.numbers import count, money, percent, signed

_PARAMETER_LABELS = {
    "n_clusters": "personas (k)",
    "random_state": "random state",
    "reference_year": "reference year",
    "date_order": "date order",
    "lang": "language",
    "sampling_threshold": "sampling threshold",
}
# Where the run put its files: not a parameter of the analysis, and the output
# folder recorded is the staging folder the run was built in.
_PATH_PARAMETERS = {"data_path", "output_dir"}
_FILE_FORMATS = {"csv": "CSV", "parquet": "Parquet"}
_STRFTIME_TO_READABLE = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%b": "Mon"}
_TEMPLATE = "landing_page.html.j2"
# Page phrases the template shows as they are (the others take values and are filled in here).
_PAGE_TEXT = (
    "report_title", "personas_heading", "personas_hint", "customers", "top_recommendation", "stages_heading",
    "stages_hint", "business_view", "analyst_view", "analyst_view_hint", "facts_heading", "data_file", "layout",
    "customers_label", "excluded_label", "run", "parameters", "segmentation", "project_version", "footer",
)  # fmt: skip
# Data products a reader may want to open or download next to the pages, with their phrase keys.
_ARTIFACT_LINKS = (("segments.csv", "segments_csv"), ("personas.csv", "personas_csv"), ("summary.json", "summary_json"))


@dataclass(frozen=True)
class ExecutedRun:
    """What papermill recorded about the run: its start and the parameters the notebooks received."""

    started: datetime
    parameters: dict

    @classmethod
    def from_papermill(cls, metadata: dict) -> ExecutedRun:
        """From an executed notebook's ``metadata.papermill``."""
        return cls(started=datetime.fromisoformat(metadata["start_time"]), parameters=dict(metadata["parameters"]))

    @property
    def lang(self) -> str:
        return self.parameters.get("lang", "en")


def _readable_date_format(date_format: str) -> str:
    for code, readable in _STRFTIME_TO_READABLE.items():
        date_format = date_format.replace(code, readable)
    return date_format


def _layout(data: dict) -> str:
    """The file's layout in words, e.g. ``rakamin: CSV, comma-separated, leading index column, ...``."""
    file_format = data.get("file_format", "")
    parts = [_FILE_FORMATS.get(file_format, file_format)]
    if data.get("separator"):
        parts.append(f"{data['separator']}-separated")
    if data.get("index_column"):
        parts.append("leading index column")
    if data.get("labels"):
        parts.append(f"{data['labels']} labels")
    if data.get("date_format"):
        parts.append(f"dates {_readable_date_format(data['date_format'])}")
    parts.append(f"amounts in {data['currency']}")
    return f"{data.get('name', 'unknown')}: " + ", ".join(part for part in parts if part)


def _parameters(parameters: dict) -> str:
    """The analysis parameters in words, known ones first; paths are shown elsewhere or meaningless."""
    names = [name for name in _PARAMETER_LABELS if name in parameters]
    names += sorted(set(parameters) - set(names) - _PATH_PARAMETERS)
    shown = []
    for name in names:
        value = parameters[name]
        if name == "date_order" and not value:
            value = "inferred from the data"
        elif name == "sampling_threshold":
            value = count(value)
        shown.append(f"{_PARAMETER_LABELS.get(name, name.replace('_', ' '))} {value}")
    return ", ".join(shown)


def _card(persona: dict, currency: str, lang: str) -> dict:
    def label(key: str) -> str:
        return phrases.page_text(key, lang)

    # (label, value) groups, each shown as one list.
    groups = [
        [
            (label("median_income"), money(persona["median_income"], currency)),
            (label("median_spending"), money(persona["median_spending"], currency)),
            (label("median_transactions"), f"{persona['median_transactions']:.0f}"),
            (label("median_cvr"), f"{persona['median_cvr']:.2f}"),
        ]
    ]
    if "response_rate" in persona:
        groups.append(
            [
                (label("response_rate"), percent(100 * persona["response_rate"])),
                (label("expected_profit"), signed(persona["expected_profit"])),
            ]
        )
    return {
        "name": persona["name"],
        "share": percent(persona["share_percent"]),
        "bar_width": min(persona["share_percent"], 100),
        "customers": count(persona["customers"]),
        "figure_groups": groups,
        "action": persona.get("top_recommendation"),
    }


def _stage_links(layout: RunLayout, stages) -> list[dict]:
    """One row per stage with its business and analyst page, linked relative to index.html."""
    rows = []
    for number, (stage, title) in enumerate(stages):
        business, analyst = (
            html_export.page_path(layout, view, stage).relative_to(layout.root).as_posix()
            for view in (html_export.BUSINESS, html_export.ANALYST)
        )
        rows.append({"number": number, "title": title, "business": business, "analyst": analyst})
    return rows


def _excluded(summary: dict, lang: str) -> str:
    """How many customers the analysis left out and why, with a warning when most of it is missing incomes."""
    left_out = summary["rows_read"] - summary["rows_used"]
    text = phrases.page_text(
        "excluded_fact", lang, count=count(left_out), reasons=narrative.exclusions(summary["excluded"], lang)
    )
    missing_share = summary["excluded"]["missing_income"] / summary["rows_read"]
    if missing_share > MISSING_INCOME_WARNING:
        text += " " + phrases.page_text("missing_income_warning", lang, share=percent(100 * missing_share))
    return text


def _facts(summary: dict, run: ExecutedRun) -> dict:
    data, lang = summary["data"], run.lang
    rows_read, rows_used = summary["rows_read"], summary["rows_used"]
    return {
        "file": data["file"],
        "sha256": data.get("sha256", ""),
        "layout": _layout(data),
        "customers": phrases.page_text(
            "customers_fact",
            lang,
            read=count(rows_read),
            used=count(rows_used),
            share=percent(100 * rows_used / rows_read),
        ),
        "excluded": _excluded(summary, lang) if rows_used < rows_read else "",
        "started": run.started.isoformat(),
        "run_date": phrases.run_date(run.started, lang),
        "parameters": _parameters(run.parameters),
        "segmentation": phrases.page_text(
            "segmentation_fact", lang, k=summary["k"], silhouette=f"{summary['silhouette']:.3f}"
        ),
        "project_version": str(summary["project_version"]),
    }


def _artifact_links(layout: RunLayout, lang: str) -> list[dict]:
    return [
        {
            "href": (layout.artifacts / name).relative_to(layout.root).as_posix(),
            "name": name,
            "what": phrases.page_text(what, lang),
        }
        for name, what in _ARTIFACT_LINKS
    ]


def _sentence(key: str, lang: str, **values) -> Markup:
    """A page phrase as markup: the phrase is ours; each value is escaped unless it is markup built here."""
    return Markup.escape(phrases.PAGE_PHRASES[key][phrases.known_language(lang)]).format(**values)


# Autoescaping on for every template, whatever its name: a value is shown as text unless it is Markup.
_ENVIRONMENT = Environment(
    loader=html_export.TEMPLATES,
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=True,
)


def render(layout: RunLayout, summary: dict, stages, run: ExecutedRun) -> str:
    """The landing page as one HTML document, in the run's phrases."""
    lang = run.lang
    lede = _sentence(
        "lede",
        lang,
        personas=len(summary["personas"]),
        used=count(summary["rows_used"]),
        read=count(summary["rows_read"]),
        file=Markup("<b>{}</b>").format(summary["data"]["file"]),
        date=phrases.run_date(run.started, lang),
    )
    currency = summary["data"]["currency"]
    return _ENVIRONMENT.get_template(_TEMPLATE).render(
        lang=lang,
        content_security_policy=page_policy.CONTENT_SECURITY_POLICY,
        text={key: phrases.page_text(key, lang) for key in _PAGE_TEXT},
        lede=lede,
        cards=[_card(persona, currency, lang) for persona in summary["personas"]],
        stages=_stage_links(layout, stages),
        facts=_facts(summary, run),
        artifacts=_artifact_links(layout, lang),
    )


def write(layout: RunLayout, summary: dict, stages, run: ExecutedRun):
    """Write ``index.html`` at the root of the run's folder and return its path."""
    layout.index.write_text(render(layout, summary, stages, run), encoding="utf-8")
    return layout.index
