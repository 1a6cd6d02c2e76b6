"""`python -m helpers check`: can this file be analysed, and what will cleaning have to deal with?

The assessment is text for a terminal, printed line by line in the language asked for (its messages are the
catalog's, as the report's); the file's own name is made inert in it, so it cannot forge a line of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.cleaning import MISSING_INCOME_WARNING
from helpers.stages import preparation
from helpers.story import inert, narrative, tables
from helpers.story.numbers import count, money, share
from helpers.story.translation import N_, ngettext, translated


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
            _section(translated(N_("Layout"), lang), pd.Series(tables.layout_facts(loaded.layout.as_dict(), lang))),
            _section(translated(N_("Findings"), lang), findings),
            _section(
                translated(N_("IQR fences on the filtered columns"), lang), tables.fences(quality, currency, lang)
            ),
            _section(translated(N_("Cleaning"), lang), cleaning),
        ]
    )


def _headline(path: Path, rows: int, analysed: int, layout, lang: str) -> str:
    """'customers.csv: 2,240 customers, 29 columns and a leading index column — can be analysed.'"""
    extra = layout.extra_columns
    columns = ngettext("{count} column", "{count} columns", analysed + len(extra), lang)
    columns = columns.format(count=count(analysed + len(extra), lang))
    if extra:
        unused = translated(N_("{count} not used: {names}"), lang)
        columns += " ({analysed}; {unused})".format(
            analysed=translated(N_("{count} analysed"), lang).format(count=count(analysed, lang)),
            unused=unused.format(count=count(len(extra), lang), names=inert.terminal(", ".join(extra))),
        )
    if layout.index_column:
        columns = translated(N_("{columns} and a leading index column"), lang).format(columns=columns)
    customers = ngettext("{count} customer", "{count} customers", rows, lang).format(count=count(rows, lang))
    return translated(N_("{file}: {customers}, {columns} — can be analysed."), lang).format(
        file=inert.terminal(path), customers=customers, columns=columns
    )


def _cleaning(quality, cleaned, currency: str, impute_income: bool, lang: str) -> list[str]:
    """Who the analysis keeps, who it leaves out and why, and the customers kept without an income."""
    kept, left_out = cleaned.rows_kept, quality.rows - cleaned.rows_kept
    analysed = ngettext(
        "{kept} of {read} customers is analysed", "{kept} of {read} customers are analysed", kept, lang
    ).format(kept=count(kept, lang), read=count(quality.rows, lang))
    if left_out:
        left = ngettext("{count} is left out.", "{count} are left out.", left_out, lang)
        left = left.format(count=count(left_out, lang))
    else:
        left = translated(N_("none is left out."), lang)
    lines = [translated(N_("{analysed}; {left_out}"), lang).format(analysed=analysed, left_out=left)]
    if left_out:
        reasons = narrative.exclusions(cleaned.exclusions, lang, markdown=False)
        lines.append(translated(N_("Reasons (a customer can have several): {reasons}."), lang).format(reasons=reasons))
    if cleaned.incomes_imputed:
        imputed = ngettext(
            "{count} customer without an income is kept with the median income ({median}).",
            "{count} customers without an income are kept with the median income ({median}).",
            cleaned.incomes_imputed,
            lang,
        )
        median = money(cleaned.income_median, currency, lang)
        lines.append(imputed.format(count=count(cleaned.incomes_imputed, lang), median=median))
    if cleaned.missing_income_share > MISSING_INCOME_WARNING and not impute_income:
        warning = N_(
            "Warning: {share} of the customers have no income and are left out; --impute-income keeps them with "
            "the median income."
        )
        lines.append(translated(warning, lang).format(share=share(cleaned.missing_income_share, lang)))
    return lines
