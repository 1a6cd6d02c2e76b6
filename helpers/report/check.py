"""`python -m helpers check`: can this file be analysed, and what will cleaning have to deal with?

The assessment is text for a terminal, printed line by line; the file's own name is
made inert in it, so it cannot forge a line of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.cleaning import require_analysable
from helpers.data.loading import read_customers
from helpers.data.quality import assess_quality
from helpers.story import inert, tables


def _section(title: str, body) -> str:
    text = body.to_string() if isinstance(body, (pd.DataFrame, pd.Series)) else str(body)
    return f"{title}\n{'-' * len(title)}\n{text}\n"


def check_report(path: Path, date_order: str | None, reference_year: int, n_clusters: int) -> str:
    """The data-quality assessment as text; raises InputDataError when the data cannot be analysed
    (including when cleaning would leave fewer customers than ``n_clusters``, as the report would)."""
    loaded = read_customers(path, date_order)
    require_analysable(loaded.customers, reference_year, n_clusters)
    quality = assess_quality(loaded.customers, reference_year)
    missing = quality.missing[quality.missing > 0]
    findings = tables.quality_findings(quality).set_index("check")["finding"].rename_axis(None)
    return "\n".join(
        [
            f"{inert.terminal(path)}: {quality.rows:,} customers, {quality.columns} columns — can be analysed.\n",
            _section("Layout", pd.Series(loaded.layout.as_dict())),
            _section("Missing values per column", missing if len(missing) else "none"),
            _section("Findings", findings),
            _section("Outliers per IQR column", quality.outliers.round(1)),
        ]
    )
