"""`python -m helpers check`: can this file be analysed, and what will cleaning have to deal with?

The assessment is text for a terminal, printed line by line in the language asked for (its messages are the
catalog's, as the report's); the file's own name is made inert in it, so it cannot forge a line of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.cleaning import MISSING_INCOME_WARNING
from helpers.stages import preparation
from helpers.story import inert, narrative, phrases, tables
from helpers.story.numbers import count, money, share
from helpers.story.translation import N_, Nn_

# What check says in a terminal, beyond the report's own messages (its tables, counts of customers and columns).
MESSAGES = {
    "layout": N_("Layout"),
    "findings": N_("Findings"),
    "fences": N_("IQR fences on the filtered columns"),
    "cleaning": N_("Cleaning"),
    "headline": N_("{file}: {customers}, {columns} — can be analysed."),
    "index_column": N_("{columns} and a leading index column"),
    "analysed_columns": N_("{count} analysed"),
    "unused_columns": N_("{count} not used: {names}"),
    "kept": Nn_("{kept} of {read} customers is analysed", "{kept} of {read} customers are analysed", "kept"),
    "left_out": Nn_("{count} is left out.", "{count} are left out."),
    "none_left_out": N_("none is left out."),
    "kept_and_left_out": N_("{analysed}; {left_out}"),
    "reasons": N_("Reasons (a customer can have several): {reasons}."),
    "imputed": Nn_(
        "{count} customer without an income is kept with the median income ({median}).",
        "{count} customers without an income are kept with the median income ({median}).",
    ),
    "missing_income": N_(
        "Warning: {share} of the customers have no income and are left out; --impute-income keeps them with the "
        "median income."
    ),
}


def _say(key: str, lang: str, **values) -> str:
    return phrases.sentence(MESSAGES[key], lang, **values)


def _section(title: str, body) -> str:
    text = body.to_string() if isinstance(body, (pd.DataFrame, pd.Series)) else str(body)
    return f"{title}\n{'-' * len(title)}\n{text}\n"


def check_report(
    path: Path,
    date_order: str | None,
    reference_year: int,
    n_clusters: int,
    sheet: str = "",
    impute_income=False,
    lang: str = "en",
) -> str:
    """The data-quality assessment as text in ``lang``; raises InputDataError when the report would refuse the data
    (the data-preparation stage's own checks, including enough customers left for ``n_clusters``)."""
    checked = preparation.checks(path, date_order, sheet, reference_year, n_clusters, impute_income)
    loaded, quality, cleaned = checked.loaded, checked.assessment, checked.cleaned
    currency = loaded.layout.currency
    findings = tables.quality_findings(quality, lang).iloc[:, 0].rename_axis(None)
    cleaning = "\n".join(_cleaning(quality, cleaned, currency, impute_income, lang))
    return "\n".join(
        [
            _headline(path, quality.rows, quality.columns, loaded.layout, lang) + "\n",
            _section(_say("layout", lang), pd.Series(tables.layout_facts(loaded.layout.as_dict(), lang))),
            _section(_say("findings", lang), findings),
            _section(_say("fences", lang), tables.fences(quality, currency, lang)),
            _section(_say("cleaning", lang), cleaning),
        ]
    )


def _headline(path: Path, rows: int, analysed: int, layout, lang: str) -> str:
    """'customers.csv: 2,240 customers, 29 columns and a leading index column — can be analysed.'"""
    extra = layout.extra_columns
    columns = phrases.finding("column_count", lang, count=analysed + len(extra))
    if extra:
        names = inert.terminal(", ".join(extra))
        unused = _say("unused_columns", lang, count=count(len(extra), lang), names=names)
        columns += f" ({_say('analysed_columns', lang, count=count(analysed, lang))}; {unused})"
    if layout.index_column:
        columns = _say("index_column", lang, columns=columns)
    customers = phrases.page_text("customer_count", lang, count=rows)
    return _say("headline", lang, file=inert.terminal(path), customers=customers, columns=columns)


def _cleaning(quality, cleaned, currency: str, impute_income: bool, lang: str) -> list[str]:
    """Who the analysis keeps, who it leaves out and why, and the customers kept without an income."""
    kept, left_out = cleaned.rows_kept, quality.rows - cleaned.rows_kept
    analysed = _say("kept", lang, kept=kept, read=count(quality.rows, lang))
    left = _say("left_out", lang, count=left_out) if left_out else _say("none_left_out", lang)
    lines = [_say("kept_and_left_out", lang, analysed=analysed, left_out=left)]
    if left_out:
        lines.append(_say("reasons", lang, reasons=narrative.exclusions(cleaned.exclusions, lang, markdown=False)))
    if cleaned.incomes_imputed:
        median = money(cleaned.income_median, currency, lang)
        lines.append(_say("imputed", lang, count=cleaned.incomes_imputed, median=median))
    if cleaned.missing_income_share > MISSING_INCOME_WARNING and not impute_income:
        lines.append(_say("missing_income", lang, share=share(cleaned.missing_income_share, lang)))
    return lines
