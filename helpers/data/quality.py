"""The data-quality assessment: what cleaning will have to deal with, counted before any cleaning."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data.cleaning import beyond_fences

OLDEST_PLAUSIBLE_AGE = 100


@dataclass(frozen=True)
class QualityReport:
    """Findings of the data-quality assessment, before any cleaning."""

    rows: int
    columns: int
    missing: pd.Series
    duplicate_rows: int
    duplicate_customers: int
    impossible_birth_years: int
    zero_web_visits: int
    outliers: pd.DataFrame

    @property
    def bounds(self) -> pd.DataFrame:
        """The IQR fences the outliers were counted against: the cleaning filters on these."""
        return self.outliers[["lower", "upper"]]

    def counts(self) -> dict:
        """The findings as numbers, for summary.json."""
        return {
            "rows": self.rows,
            "columns": self.columns,
            "missing_values": {c: int(n) for c, n in self.missing.items() if n > 0},
            "duplicate_rows": self.duplicate_rows,
            "duplicate_customers": self.duplicate_customers,
            "impossible_birth_years": self.impossible_birth_years,
            "zero_web_visits": self.zero_web_visits,
            "iqr_outliers": {c: int(n) for c, n in self.outliers["outliers"].items()},
        }


# Prefixes of the per-row flags (``quality_flags``), one column each per column of the table or per fence.
MISSING, BEYOND = "missing:", "beyond:"


def quality_flags(customers: pd.DataFrame, bounds: pd.DataFrame, reference_year: int) -> pd.DataFrame:
    """Row by row, what the assessment counts: each missing value, each value beyond its fence, an impossible birth
    year, a month without web visits. Flags of rows taken one by one, so their totals over blocks of rows
    (``Engine.column_totals``) are the totals over every customer."""
    return pd.concat(
        [
            customers.isna().add_prefix(MISSING),
            beyond_fences(customers, bounds).add_prefix(BEYOND),
            pd.DataFrame(
                {
                    "impossible_birth_years": customers["Year_Birth"] < reference_year - OLDEST_PLAUSIBLE_AGE,
                    "zero_web_visits": customers["NumWebVisitsMonth"] == 0,
                }
            ),
        ],
        axis=1,
    )


def report_from(
    totals: pd.Series, columns: list[str], rows: int, duplicate_rows: int, duplicate_customers: int, bounds
) -> QualityReport:
    """The assessment from the totals of ``quality_flags`` over every customer of a table of ``columns``."""
    outliers = bounds.assign(outliers=[int(totals[BEYOND + column]) for column in bounds.index])
    return QualityReport(
        rows=rows,
        columns=len(columns),
        missing=pd.Series([int(totals[MISSING + column]) for column in columns], index=columns, dtype="int64"),
        duplicate_rows=duplicate_rows,
        duplicate_customers=duplicate_customers,
        impossible_birth_years=int(totals["impossible_birth_years"]),
        zero_web_visits=int(totals["zero_web_visits"]),
        outliers=outliers,
    )
