"""`python -m helpers check`: can this file be analysed, and what will cleaning have to deal with?"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.cleaning import assess_quality, require_analysable
from helpers.loading import read_customers


def _section(title: str, body) -> str:
    text = body.to_string() if isinstance(body, (pd.DataFrame, pd.Series)) else str(body)
    return f"{title}\n{'-' * len(title)}\n{text}\n"


def check_report(path: Path, date_order: str | None, reference_year: int, n_clusters: int = 4) -> str:
    """The data-quality assessment as text; raises InputDataError when the data cannot be analysed
    (including when cleaning would leave fewer customers than ``n_clusters``, as the report would)."""
    loaded = read_customers(path, date_order)
    require_analysable(loaded.customers, reference_year, n_clusters)
    quality = assess_quality(loaded.customers, reference_year)
    missing = quality.missing[quality.missing > 0]
    return "\n".join(
        [
            f"{path}: {quality.rows:,} customers, {quality.columns} columns — can be analysed.\n",
            _section("Layout", pd.Series(loaded.layout.as_dict())),
            _section("Missing values per column", missing if len(missing) else "none"),
            _section("Findings", quality.findings().set_index("check")["finding"].rename_axis(None)),
            _section("Outliers per IQR column", quality.outliers.round(1)),
        ]
    )
