"""The data-quality assessment: what cleaning will have to deal with, counted before any cleaning."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data.cleaning import beyond_fences, duplicated_customers, iqr_bounds

OLDEST_PLAUSIBLE_AGE = 100


def column_types(customers: pd.DataFrame) -> pd.DataFrame:
    """Type, filled values and distinct values of each column."""
    return pd.DataFrame(
        {
            "type": customers.dtypes.astype(str),
            "non-missing": customers.notna().sum(),
            "distinct": customers.nunique(),
        }
    )


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


def assess_quality(customers: pd.DataFrame, reference_year: int) -> QualityReport:
    """Count what the cleaning stage has to deal with."""
    bounds = iqr_bounds(customers)
    outliers = bounds.copy()
    outliers["outliers"] = beyond_fences(customers, bounds).sum()
    return QualityReport(
        rows=len(customers),
        columns=customers.shape[1],
        missing=customers.isna().sum(),
        duplicate_rows=int(customers.duplicated().sum()),
        duplicate_customers=int(duplicated_customers(customers).sum()),
        impossible_birth_years=int((customers["Year_Birth"] < reference_year - OLDEST_PLAUSIBLE_AGE).sum()),
        zero_web_visits=int((customers["NumWebVisitsMonth"] == 0).sum()),
        outliers=outliers,
    )
