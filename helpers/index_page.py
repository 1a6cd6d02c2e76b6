"""The report's landing page: what was analysed, the personas as cards, links to every stage."""

from __future__ import annotations

from html import escape
from pathlib import Path

from helpers.formatting import money, percent

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 0.5rem; padding: 0; list-style: none; }
.facts li, .card { background: white; border-radius: 8px; padding: 0.8rem 1rem; box-shadow: 0 1px 3px rgba(0,0,0,0.12); }
.facts b { display: block; font-size: 1.2rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 1rem; }
.card h3 { margin: 0 0 0.3rem 0; font-size: 1.1rem; }
.share { font-size: 1.8rem; font-weight: 600; }
.card dl { display: grid; grid-template-columns: auto auto; gap: 0.1rem 0.8rem; margin: 0.5rem 0; }
.card dd { margin: 0; text-align: right; }
ol.stages li { margin: 0.4rem 0; }
"""


def _fact(label: str, value) -> str:
    return f"<li>{escape(label)}<b>{escape(str(value))}</b></li>"


def _card(persona: dict, currency: str) -> str:
    action = persona.get("top_recommendation")
    return (
        f'<article class="card"><h3>{escape(persona["name"])}</h3>'
        f'<div class="share">{percent(persona["share_percent"])}</div>'
        f"<div>{persona['customers']:,} customers</div><dl>"
        f"<dt>median income</dt><dd>{escape(money(persona['median_income'], currency))}</dd>"
        f"<dt>median spending</dt><dd>{escape(money(persona['median_spending'], currency))}</dd>"
        f"<dt>median transactions</dt><dd>{persona['median_transactions']:.0f}</dd>"
        f"<dt>median conversion rate</dt><dd>{persona['median_cvr']:.2f}</dd></dl>"
        + (f"<p><b>Do:</b> {escape(action)}</p>" if action else "")
        + "</article>"
    )


def render(summary: dict, stages) -> str:
    currency = summary["data"]["currency"]
    parameters = summary["parameters"]
    facts = "".join(
        [
            _fact("data file", summary["data"]["file"]),
            _fact("customers read", f"{summary['rows_read']:,}"),
            _fact("customers analysed", f"{summary['rows_used']:,}"),
            _fact("personas (k)", summary["k"]),
            _fact("silhouette", f"{summary['silhouette']:.3f}"),
            _fact("random state", parameters["random_state"]),
            _fact("reference year", parameters["reference_year"]),
            _fact("project version", summary["project_version"]),
        ]
    )
    cards = "".join(_card(persona, currency) for persona in summary["personas"])
    links = "".join(f'<li><a href="html/{stage}.html">{escape(title)}</a></li>' for stage, title in stages)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer personality report</title>
<style>{_STYLE}</style>
</head>
<body><main>
<h1>Customer personality report</h1>
<p>Customer segments found by PCA and K-Means, named from what sets each apart, with what to do about each.</p>
<h2>What was analysed</h2>
<ul class="facts">{facts}</ul>
<h2>Personas</h2>
<div class="cards">{cards}</div>
<h2>The analysis, stage by stage</h2>
<ol class="stages">{links}</ol>
</main></body>
</html>
"""


def write(path: Path, summary: dict, stages) -> Path:
    path.write_text(render(summary, stages), encoding="utf-8")
    return path
