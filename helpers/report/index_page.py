"""The report's landing page: what was analysed, the personas as cards, links to every stage in both views.

One static file with its style inline and nothing else: it opens from a disk, a
zip or a mail attachment, on a laptop or a phone, with no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from helpers.report import html_export
from helpers.report.run_folder import RunLayout
from helpers.story import phrases
from helpers.story.numbers import count, money, percent, signed

# Phone first: one column that becomes a grid where the screen allows.
_STYLE = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #2f6f9f; --paper: #ffffff; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: var(--ink);
  background: #f5f7fa; line-height: 1.45; -webkit-text-size-adjust: 100%; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 0.3rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 0.4rem; }
.lede { font-size: 1.05rem; margin: 0; }
.hint { color: var(--muted); margin: 0 0 0.8rem; font-size: 0.95rem; }
a { color: var(--accent); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(235px, 1fr)); gap: 0.8rem; }
.card, .stage, .facts { background: var(--paper); border-radius: 8px; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12); }
.card { padding: 0.9rem 1rem; display: flex; flex-direction: column; }
.card h3 { margin: 0; font-size: 1.05rem; line-height: 1.25; }
.share { display: flex; align-items: baseline; gap: 0.5rem; margin: 0.3rem 0 0.2rem; }
.share b { font-size: 1.7rem; }
.share span { color: var(--muted); }
.bar { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; }
.bar i { display: block; height: 100%; background: var(--accent); }
.card dl { margin: 0.7rem 0 0; font-size: 0.93rem; }
.card dl div { display: flex; justify-content: space-between; gap: 0.8rem; padding: 0.05rem 0; }
.card dt { color: var(--muted); }
.card dd { margin: 0; white-space: nowrap; font-variant-numeric: tabular-nums; }
.card dl + dl { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 0.5rem; }
.card .do { margin: 0.8rem 0 0; padding-top: 0.6rem; border-top: 1px solid var(--line); }
.card .do b { display: block; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--muted); }
ol.stages { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.5rem; }
.stage { padding: 0.6rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.6rem; }
.stage .name { flex: 1 1 14rem; font-weight: 600; }
.stage .number { color: var(--muted); font-weight: 400; margin-right: 0.3rem; }
.stage a { white-space: nowrap; text-decoration: none; padding: 0.3rem 0.75rem; border: 1px solid var(--line);
  border-radius: 999px; }
.stage a:hover, .stage a:focus { background: #eef4fa; }
.facts { margin: 0; padding: 0.8rem 1rem; display: grid; grid-template-columns: 1fr; gap: 0.1rem 1.5rem; }
.facts dt { color: var(--muted); font-size: 0.9rem; margin-top: 0.5rem; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts code { font-size: 0.85rem; }
footer { color: var(--muted); font-size: 0.85rem; margin: 2rem 0 1rem; }
@media (min-width: 700px) {
  main { padding: 1.5rem 2rem; }
  h1 { font-size: 1.8rem; }
  .facts { grid-template-columns: max-content 1fr; }
  .facts dt { margin-top: 0.25rem; }
  .facts dd { margin-top: 0.25rem; }
}
"""

_PARAMETER_LABELS = {
    "n_clusters": "personas (k)",
    "random_state": "random state",
    "reference_year": "reference year",
    "date_order": "date order",
    "lang": "language",
    "sampling_threshold": "sampling threshold",
    "contact_cost": "cost per contact",
    "revenue": "revenue per acceptance",
}
# Where the run put its files: not a parameter of the analysis, and the output
# folder recorded is the staging folder the run was built in.
_PATH_PARAMETERS = {"data_path", "output_dir"}
_FILE_FORMATS = {"csv": "CSV", "parquet": "Parquet"}
_STRFTIME_TO_READABLE = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%b": "Mon"}
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
        elif value is None:  # cost and revenue: taken from the data
            value = "from the data"
        shown.append(f"{_PARAMETER_LABELS.get(name, name.replace('_', ' '))} {value}")
    return ", ".join(shown)


def _figures(*figures: tuple[str, str]) -> str:
    # One row per figure, so a long label competes only with its own value for the width.
    return (
        "<dl>"
        + "".join(f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>" for label, value in figures)
        + "</dl>"
    )


def _card(persona: dict, currency: str, lang: str) -> str:
    def label(key: str) -> str:
        return phrases.page_text(key, lang)

    share = persona["share_percent"]
    medians = _figures(
        (label("median_income"), money(persona["median_income"], currency)),
        (label("median_spending"), money(persona["median_spending"], currency)),
        (label("median_transactions"), f"{persona['median_transactions']:.0f}"),
        (label("median_cvr"), f"{persona['median_cvr']:.2f}"),
    )
    campaign = ""
    if "response_rate" in persona:
        campaign = _figures(
            (label("response_rate"), percent(100 * persona["response_rate"])),
            (label("expected_profit"), signed(persona["expected_profit"])),
        )
    action = persona.get("top_recommendation")
    return (
        f'<article class="card"><h3>{escape(persona["name"])}</h3>'
        f'<div class="share"><b>{percent(share)}</b>'
        f"<span>{count(persona['customers'])} {label('customers')}</span></div>"
        f'<div class="bar" role="presentation"><i style="width: {min(share, 100):.1f}%"></i></div>'
        + medians
        + campaign
        + (f'<p class="do"><b>{label("top_recommendation")}</b>{escape(action)}</p>' if action else "")
        + "</article>"
    )


def _stage_links(layout: RunLayout, stages, lang: str) -> str:
    """One row per stage with its business and analyst page, linked relative to index.html."""
    rows = []
    for number, (stage, title) in enumerate(stages):
        business, analyst = (
            html_export.page_path(layout, view, stage).relative_to(layout.root).as_posix()
            for view in (html_export.BUSINESS, html_export.ANALYST)
        )
        rows.append(
            f'<li class="stage"><span class="name"><span class="number">{number}</span>{escape(title)}</span>'
            f'<a href="{escape(business)}">{phrases.page_text("business_view", lang)}</a>'
            f'<a href="{escape(analyst)}" title="{phrases.page_text("analyst_view_hint", lang)}">'
            f"{phrases.page_text('analyst_view', lang)}</a></li>"
        )
    return "".join(rows)


def _targeting(targeting: dict | None, lang: str) -> str:
    """The response model's plan in one line, or why there is none."""
    if not targeting or targeting["plan"] is None:
        return phrases.page_text("targeting_none", lang)
    plan = targeting["plan"]
    return phrases.page_text(
        "targeting_fact",
        lang,
        model=phrases.word(targeting["model"], lang).capitalize(),
        auc=f"{targeting['cv_auc']:.2f}",
        share=percent(plan["share_percent"]),
        profit=signed(plan["expected_profit"]),
        everyone=signed(targeting["contact_everyone_profit"]),
    )


def _facts(summary: dict, run: ExecutedRun) -> str:
    data, lang = summary["data"], run.lang
    rows_read, rows_used = summary["rows_read"], summary["rows_used"]
    customers = phrases.page_text(
        "customers_fact", lang, read=count(rows_read), used=count(rows_used), share=percent(100 * rows_used / rows_read)
    )
    segmentation = phrases.page_text(
        "segmentation_fact", lang, k=summary["k"], silhouette=f"{summary['silhouette']:.3f}"
    )
    run_date = phrases.run_date(run.started, lang)
    facts = [
        ("data_file", f"{escape(data['file'])}<br><code>SHA-256 {escape(data.get('sha256', ''))}</code>"),
        ("layout", escape(_layout(data))),
        ("customers_label", escape(customers)),
        ("run", f'<time datetime="{run.started.isoformat()}">{escape(run_date)}</time>'),
        ("parameters", escape(_parameters(run.parameters))),
        ("segmentation", escape(segmentation)),
        ("targeting", escape(_targeting(summary.get("targeting"), lang))),
        ("project_version", escape(str(summary["project_version"]))),
    ]
    return "".join(f"<dt>{phrases.page_text(key, lang)}</dt><dd>{value}</dd>" for key, value in facts)


def _artifact_links(layout: RunLayout, lang: str) -> str:
    links = []
    for name, what in _ARTIFACT_LINKS:
        target = (layout.artifacts / name).relative_to(layout.root).as_posix()
        links.append(f'<a href="{escape(target)}">{escape(name)}</a> ({escape(phrases.page_text(what, lang))})')
    return "; ".join(links)


def render(layout: RunLayout, summary: dict, stages, run: ExecutedRun) -> str:
    """The landing page as one HTML document, in the run's phrases."""
    lang = run.lang

    def phrase(key: str, **values) -> str:
        return phrases.page_text(key, lang, **values)

    currency = summary["data"]["currency"]
    cards = "".join(_card(persona, currency, lang) for persona in summary["personas"])
    lede = phrase(
        "lede",
        personas=len(summary["personas"]),
        used=count(summary["rows_used"]),
        read=count(summary["rows_read"]),
        file=f"<b>{escape(summary['data']['file'])}</b>",
        date=escape(phrases.run_date(run.started, lang)),
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{phrase("report_title")}</title>
<style>{_STYLE}</style>
</head>
<body><main>
<header>
<h1>{phrase("report_title")}</h1>
<p class="lede">{lede}</p>
</header>
<section>
<h2>{phrase("personas_heading")}</h2>
<p class="hint">{phrase("personas_hint")}</p>
<div class="cards">{cards}</div>
</section>
<section>
<h2>{phrase("stages_heading")}</h2>
<p class="hint">{phrase("stages_hint")}</p>
<ol class="stages">{_stage_links(layout, stages, lang)}</ol>
</section>
<section>
<h2>{phrase("facts_heading")}</h2>
<dl class="facts">{_facts(summary, run)}</dl>
</section>
<footer>{phrase("footer")}: {_artifact_links(layout, lang)}.</footer>
</main></body>
</html>
"""


def write(layout: RunLayout, summary: dict, stages, run: ExecutedRun):
    """Write ``index.html`` at the root of the run's folder and return its path."""
    layout.index.write_text(render(layout, summary, stages, run), encoding="utf-8")
    return layout.index
