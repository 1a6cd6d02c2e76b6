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
from pathlib import Path

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from helpers import config
from helpers.config import STAGE_IDS
from helpers.data.cleaning import MISSING_INCOME_WARNING
from helpers.report import html_export, page_policy
from helpers.report.run_folder import RunLayout
from helpers.segmentation.stability import reading
from helpers.story import narrative, phrases, since_previous, tables
from helpers.story.numbers import amount, count, decimal, money, percent, share, signed
from helpers.story.translation import translated

# Where the run put its files: not a parameter of the analysis, and shown elsewhere.
_PATH_PARAMETERS = {"data_path", "output_dir"}
# Where a run's cluster listens is none of a reader's business (and may be an internal host name).
_UNSHOWN_PARAMETERS = _PATH_PARAMETERS | {"scheduler"}
_TEMPLATE = "landing_page.html.j2"
# Page phrases the template shows as they are (the others take values and are filled in here).
_PAGE_TEXT = (
    "report_title", "personas_heading", "personas_hint", "top_recommendation", "stages_heading",
    "stages_hint", "business_view", "analyst_view", "analyst_view_hint", "facts_heading", "data_file", "layout",
    "customers_label", "excluded_label", "run", "parameters", "segmentation", "targeting", "project_version", "footer",
)  # fmt: skip
# Data products a reader may want to open or download next to the pages, with their phrase keys.
# segments.csv is a Parquet dataset (a folder, segments.parquet) when the workers wrote it.
_ARTIFACT_LINKS = (
    (("segments.csv", "segments.parquet"), "segments_csv"),
    (("personas.csv",), "personas_csv"),
    (("contact_list.csv", "contact_list.parquet"), "contact_list_csv"),
    (("summary.json",), "summary_json"),
)
# Links to files a run may not write: the contact list needs a response model.
_OPTIONAL_LINKS = frozenset({"contact_list_csv"})


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


def executed_run(layout: RunLayout) -> ExecutedRun:
    """When the run started and with which parameters, as papermill recorded them in the first notebook."""
    import nbformat

    first = nbformat.read(layout.notebooks / f"{STAGE_IDS[0]}.ipynb", as_version=4)
    return ExecutedRun.from_papermill(first.metadata["papermill"])


def _layout(data: dict, lang: str) -> str:
    """The file's layout in words: ``Rakamin (...) · CSV · separator: comma · ...``."""
    facts = tables.layout_facts(data, lang)
    first, *others = facts.items()
    return " · ".join([first[1], *(f"{name}: {fact}" for name, fact in others)])


def _parameters(parameters: dict, lang: str) -> str:
    """The analysis parameters in words, in the order they are declared; paths are shown elsewhere."""
    shown = []
    for name in config.parameter_names():
        if name in _UNSHOWN_PARAMETERS or name not in parameters:
            continue
        value = parameters[name]
        if isinstance(value, bool):
            value = phrases.word("yes" if value else "no", lang)
        elif isinstance(value, int):
            value = str(value) if name in ("random_state", "reference_year") else count(value, lang)
        elif isinstance(value, float):
            value = amount(value, lang)
        elif name == "previous" and value:
            value = Path(value).name  # a folder on one machine: its name is what a reader recognises
        elif name == "lang":
            value = phrases.language_name(value, lang)
        elif not value:
            value = phrases.page_text(f"{name}_default", lang) if f"{name}_default" in phrases.PAGE_PHRASES else "–"
        shown.append(f"{phrases.page_text(f'parameter_{name}', lang)}: {value}")
    return "; ".join(shown)


def _card(persona: dict, currency: str, lang: str, trust: dict | None = None) -> dict:
    """One persona's card; ``trust``: summary.json's ``stability`` (reports from before it have none)."""

    def label(key: str) -> str:
        return phrases.page_text(key, lang)

    # (label, value) groups, each shown as one list.
    groups = [
        [
            (label("median_income"), money(persona["median_income"], currency, lang)),
            (label("median_spending"), money(persona["median_spending"], currency, lang)),
            (label("median_transactions"), count(persona["median_transactions"], lang)),
            (label("median_cvr"), decimal(persona["median_cvr"], lang)),
        ]
    ]
    if "response_rate" in persona:
        groups.append(
            [
                (label("response_rate"), share(persona["response_rate"], lang)),
                (label("expected_profit"), signed(persona["expected_profit"], lang)),
            ]
        )
    if trust and persona["key"] in trust["jaccard"]:
        jaccard = trust["jaccard"][persona["key"]]
        groups.append([(label("stability_card"), f"{phrases.word(reading(jaccard), lang)} ({decimal(jaccard, lang)})")])
    return {
        "name": persona["name"],
        "share": percent(persona["share_percent"], lang),
        "bar_width": min(persona["share_percent"], 100),
        "customers": phrases.page_text("customer_count", lang, count=persona["customers"]),
        # Records of reports from before the rule carry no mark.
        "too_small": (
            phrases.page_text("too_small_card", lang, minimum=count(config.MIN_PERSONA_CUSTOMERS, lang))
            if persona.get("too_small")
            else None
        ),
        "figure_groups": groups,
        # A persona too small to act on gets no recommendation to act.
        "action": None if persona.get("too_small") else persona.get("top_recommendation"),
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


def _targeting(targeting: dict | None, model: dict | None, sample: dict | None, lang: str) -> str:
    """The response model's plan in one line, naming the learning sample when the model learned from a sample of
    the customers its plan counts (``sample``: summary.json's record), or why there is none: no outcome at all, or
    too few of one class."""
    if not targeting or targeting["plan"] is None:
        if model and model.get("status") == "too_few":
            responders = model["responders"]
            return phrases.page_text(
                "targeting_too_few",
                lang,
                responders=responders,
                decliners=count(model["customers"] - responders, lang),
            )
        return phrases.page_text("targeting_none", lang)
    plan = targeting["plan"]
    on_sample = (
        phrases.page_text(
            "targeting_on_sample",
            lang,
            sampled=count(sample["customers_sampled"], lang),
            rows=count(sample["customers_in_file"], lang),
        )
        if narrative.is_sampled(sample, of="customers")
        else ""
    )
    return (
        phrases.page_text(
            "targeting_fact",
            lang,
            model=phrases.at_sentence_start(phrases.word(targeting["model"], lang)),
            auc=decimal(targeting["cv_auc"], lang),
            share=percent(plan["share_percent"], lang),
            profit=signed(plan["expected_profit"], lang),
            everyone=signed(targeting["contact_everyone_profit"], lang),
        )
        + on_sample
    )


def _customers(summary: dict, lang: str) -> str:
    """How many customers were read and analysed, and how many of them had their missing income imputed."""
    rows_read, rows_used = summary["rows_read"], summary["rows_used"]
    text = phrases.page_text(
        "customers_fact",
        lang,
        read=count(rows_read, lang),
        used=count(rows_used, lang),
        share=percent(100 * rows_used / rows_read, lang),
    )
    if summary.get("incomes_imputed"):
        income = money(summary["income_median_imputed"], summary["data"]["currency"], lang)
        text += "; " + phrases.page_text(
            "imputed_fact", lang, count=count(summary["incomes_imputed"], lang), income=income
        )
    return text


def _excluded(summary: dict, lang: str) -> str:
    """How many customers the analysis left out and why, with a warning when most of it is missing incomes."""
    left_out = summary["rows_read"] - summary["rows_used"]
    text = phrases.page_text(
        "excluded_fact",
        lang,
        count=left_out,
        reasons=narrative.exclusions(summary["excluded"], lang, markdown=False),
    )
    return " ".join([text, *warnings(summary, lang)])


def warnings(summary: dict, lang: str) -> list[str]:
    """What the landing page warns of: most customers left out for a missing income. The command prints them too."""
    missing_share = summary["excluded"]["missing_income"] / summary["rows_read"]
    if missing_share > MISSING_INCOME_WARNING:
        return [phrases.page_text("missing_income_warning", lang, share=percent(100 * missing_share, lang))]
    return []


def _facts(summary: dict, run: ExecutedRun) -> dict:
    data, lang = summary["data"], run.lang
    rows_read, rows_used = summary["rows_read"], summary["rows_used"]
    return {
        "file": phrases.input_name(data, lang),
        "sha256": data.get("sha256", ""),
        "layout": _layout(data, lang),
        "customers": _customers(summary, lang),
        "excluded": _excluded(summary, lang) if rows_used < rows_read else "",
        "started": run.started.isoformat(),
        "run_date": phrases.run_date(run.started, lang),
        "parameters": _parameters(run.parameters, lang),
        "targeting": _targeting(summary.get("targeting"), summary.get("response_model"), summary.get("sample"), lang),
        "segmentation": phrases.page_text(
            "segmentation_fact", lang, k=summary["k"], silhouette=decimal(summary["silhouette"], lang, 3)
        ),
        "project_version": str(summary["project_version"]),
    }


def _artifact_links(layout: RunLayout, lang: str) -> list[dict]:
    links = []
    for names, what in _ARTIFACT_LINKS:
        name = next((name for name in names if (layout.artifacts / name).exists()), None)
        if name is None and what in _OPTIONAL_LINKS:
            continue
        name = name or names[0]
        href = (layout.artifacts / name).relative_to(layout.root).as_posix()
        links.append({"href": href, "name": name, "what": phrases.page_text(what, lang)})
    return links


def _sentence(key: str, lang: str, **values) -> Markup:
    """A page phrase as markup: the phrase is ours; each value is escaped unless it is markup built here."""
    return Markup.escape(translated(phrases.PAGE_PHRASES[key], lang)).format(**values)


# Autoescaping on for every template, whatever its name: a value is shown as text unless it is Markup.
_ENVIRONMENT = Environment(
    loader=html_export.TEMPLATES,
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=True,
)


def _since_previous(layout: RunLayout, summary: dict, lang: str) -> dict | None:
    """The panel on what changed since the earlier report, its links pointing into the business views."""
    shown = since_previous.panel(summary.get("since_previous"), lang)
    if shown is None:
        return None
    shown["links"] = [
        {
            "text": text,
            "href": html_export.page_path(layout, html_export.BUSINESS, stage).relative_to(layout.root).as_posix()
            + f"#{section}",
        }
        for text, stage, section in shown["links"]
    ]
    return shown


def render(layout: RunLayout, summary: dict, stages, run: ExecutedRun) -> str:
    """The landing page as one HTML document, in the run's phrases."""
    lang = run.lang
    lede = _sentence(
        "lede",
        lang,
        personas=len(summary["personas"]),
        used=count(summary["rows_used"], lang),
        read=count(summary["rows_read"], lang),
        file=Markup("<b>{}</b>").format(phrases.input_name(summary["data"], lang)),
        date=phrases.run_date(run.started, lang),
    )
    currency = summary["data"]["currency"]
    return _ENVIRONMENT.get_template(_TEMPLATE).render(
        lang=lang,
        content_security_policy=page_policy.CONTENT_SECURITY_POLICY,
        text={key: phrases.page_text(key, lang) for key in _PAGE_TEXT},
        lede=lede,
        cards=[_card(persona, currency, lang, summary.get("stability")) for persona in summary["personas"]],
        since=_since_previous(layout, summary, lang),
        stages=_stage_links(layout, stages),
        facts=_facts(summary, run),
        artifacts=_artifact_links(layout, lang),
    )


def write(layout: RunLayout, summary: dict, stages, run: ExecutedRun):
    """Write ``index.html`` at the root of the run's folder and return its path."""
    layout.index.write_text(render(layout, summary, stages, run), encoding="utf-8")
    return layout.index
