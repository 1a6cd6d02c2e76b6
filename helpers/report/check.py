"""`python -m helpers check`: can this file be analysed, and what will cleaning have to deal with?

The assessment is text for a terminal, printed line by line; the file's own name is
made inert in it, so it cannot forge a line of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.cleaning import MISSING_INCOME_WARNING
from helpers.stages import preparation
from helpers.story import inert, narrative, tables
from helpers.story.numbers import money


def _customers(count: int) -> str:
    return f"{count:,} customer" + ("" if count == 1 else "s")


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def _section(title: str, body) -> str:
    text = body.to_string() if isinstance(body, (pd.DataFrame, pd.Series)) else str(body)
    return f"{title}\n{'-' * len(title)}\n{text}\n"


def check_report(
    path: Path, date_order: str | None, reference_year: int, n_clusters: int, sheet: str = "", impute_income=False
) -> str:
    """The data-quality assessment as text; raises InputDataError when the report would refuse the data
    (the data-preparation stage's own checks, including enough customers left for ``n_clusters``)."""
    checked = preparation.checks(path, date_order, sheet, reference_year, n_clusters, impute_income)
    loaded, quality, cleaned = checked.loaded, checked.assessment, checked.cleaned
    findings = tables.quality_findings(quality).iloc[:, 0].rename_axis(None)
    extra = loaded.layout.extra_columns
    columns = f"{quality.columns + len(extra)} columns"
    if extra:
        columns += f" ({quality.columns} analysed; {len(extra)} not used: {inert.terminal(', '.join(extra))})"
    if loaded.layout.index_column:
        columns += " and a leading index column"
    kept, left_out = cleaned.rows_kept, quality.rows - cleaned.rows_kept
    cleaning = [
        f"{kept:,} of {quality.rows:,} customers {_is_are(kept)} analysed; "
        + ("none is left out." if not left_out else f"{left_out:,} {_is_are(left_out)} left out.")
    ]
    if left_out:
        cleaning.append(
            f"Reasons (a customer can have several): {narrative.exclusions(cleaned.exclusions, markdown=False)}."
        )
    if cleaned.incomes_imputed:
        cleaning.append(
            f"{_customers(cleaned.incomes_imputed)} without an income {_is_are(cleaned.incomes_imputed)} kept with "
            f"the median income ({money(cleaned.income_median, loaded.layout.currency, 'en')})."
        )
    if cleaned.missing_income_share > MISSING_INCOME_WARNING and not impute_income:
        cleaning.append(
            f"Warning: {cleaned.missing_income_share:.1%} of the customers have no income and are left out; "
            "--impute-income keeps them with the median income."
        )
    layout = pd.Series(tables.layout_facts(loaded.layout.as_dict(), "en"))
    return "\n".join(
        [
            f"{inert.terminal(path)}: {quality.rows:,} customers, {columns} — can be analysed.\n",
            _section("Layout", layout),
            _section("Findings", findings),
            _section("IQR fences on the filtered columns", tables.fences(quality, loaded.layout.currency, "en")),
            _section("Cleaning", "\n".join(cleaning)),
        ]
    )
