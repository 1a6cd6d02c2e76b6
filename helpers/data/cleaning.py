"""Data-quality assessment and the seed's cleaning: IQR outlier filter, income imputation."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import columns
from helpers.errors import InputDataError

# The seed filtered on these columns only; the others keep their outliers.
IQR_COLUMNS = (
    "Year_Birth",
    "Income",
    "MntMeatProducts",
    "MntSweetProducts",
    "NumWebPurchases",
    "NumCatalogPurchases",
)
IQR_FACTOR = 1.5
OLDEST_PLAUSIBLE_AGE = 100


def iqr_bounds(customers: pd.DataFrame, iqr_columns=IQR_COLUMNS) -> pd.DataFrame:
    """Lower and upper fence per column: Q1 - 1.5 IQR and Q3 + 1.5 IQR (missing values ignored)."""
    quartiles = customers.loc[:, list(iqr_columns)].quantile([0.25, 0.75])
    spread = quartiles.loc[0.75] - quartiles.loc[0.25]
    return pd.DataFrame(
        {
            "lower": quartiles.loc[0.25] - IQR_FACTOR * spread,
            "upper": quartiles.loc[0.75] + IQR_FACTOR * spread,
        }
    )


def within_bounds(customers: pd.DataFrame, bounds: pd.DataFrame) -> pd.Series:
    """True for customers inside every fence; a missing value is outside, as in the seed."""
    inside = pd.Series(True, index=customers.index)
    for column, fence in bounds.iterrows():
        values = customers[column]
        inside &= values.ge(fence["lower"]) & values.le(fence["upper"])
    return inside


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

    def findings(self) -> pd.DataFrame:
        """One line per check, as the seed's Table 1."""
        missing = self.missing[self.missing > 0]
        missing_text = ", ".join(f"{c}: {n:,}" for c, n in missing.items()) or "none"
        return pd.DataFrame(
            [
                ("Missing values", missing_text),
                ("Duplicate rows (all columns)", f"{self.duplicate_rows:,}"),
                ("Same customer under another ID", f"{self.duplicate_customers:,}"),
                (f"Birth years implying age over {OLDEST_PLAUSIBLE_AGE}", f"{self.impossible_birth_years:,}"),
                ("Customers with zero web visits", f"{self.zero_web_visits:,}"),
                (
                    "Outliers by IQR (filtered columns)",
                    f"{int(self.outliers['outliers'].sum()):,} values in {len(self.outliers)} columns",
                ),
            ],
            columns=["check", "finding"],
        )


def assess_quality(customers: pd.DataFrame, reference_year: int) -> QualityReport:
    """Count what the cleaning stage has to deal with."""
    bounds = iqr_bounds(customers)
    outliers = bounds.copy()
    outliers["outliers"] = [
        int((~customers[c].between(row.lower, row.upper) & customers[c].notna()).sum())
        for c, row in bounds.iterrows()
    ]
    # The same customer entered twice gets a new ID, so duplicates are sought without it.
    profile_columns = [c for c in customers.columns if c != columns.ID]
    return QualityReport(
        rows=len(customers),
        columns=customers.shape[1],
        missing=customers.isna().sum(),
        duplicate_rows=int(customers.duplicated().sum()),
        duplicate_customers=int(customers.duplicated(subset=profile_columns).sum()),
        impossible_birth_years=int((customers["Year_Birth"] < reference_year - OLDEST_PLAUSIBLE_AGE).sum()),
        zero_web_visits=int((customers["NumWebVisitsMonth"] == 0).sum()),
        outliers=outliers,
    )


def require_enough_customers(rows: int, n_clusters: int) -> None:
    """K-Means and the silhouette need more customers than clusters."""
    if rows <= n_clusters:
        raise InputDataError(
            f"only {rows} customer(s) remain after cleaning, too few for {n_clusters} clusters; "
            "supply more customers or choose a smaller k."
        )


def require_reference_year(customers: pd.DataFrame, reference_year: int) -> None:
    """Ages and membership are counted to the reference year, so it cannot precede the last enrolment."""
    last_enrolment = customers["Dt_Customer"].max()
    if pd.notna(last_enrolment) and reference_year < last_enrolment.year:
        raise InputDataError(
            f"the reference year {reference_year} is before the last enrolment ({last_enrolment.year}), "
            f"so memberships and ages would be negative; use --reference-year {last_enrolment.year} or later."
        )


@dataclass(frozen=True)
class CleaningResult:
    customers: pd.DataFrame
    bounds: pd.DataFrame
    income_median: float
    rows_read: int
    dropped_outside_bounds: int
    dropped_duplicates: int


def clean(customers: pd.DataFrame, drop_duplicate_customers: bool = False) -> CleaningResult:
    """The seed's cleaning: IQR filter on ``IQR_COLUMNS``, then median income imputation.

    Duplicated customers are kept by default because the published analysis kept them.
    """
    bounds = iqr_bounds(customers)
    inside = within_bounds(customers, bounds)
    kept = customers.loc[inside]
    dropped_duplicates = 0
    if drop_duplicate_customers:
        duplicated = kept.duplicated(subset=[c for c in kept.columns if c != columns.ID])
        dropped_duplicates = int(duplicated.sum())
        kept = kept.loc[~duplicated]
    income_median = float(kept["Income"].median())
    kept = kept.assign(Income=kept["Income"].fillna(income_median)).reset_index(drop=True)
    return CleaningResult(
        customers=kept,
        bounds=bounds,
        income_median=income_median,
        rows_read=len(customers),
        dropped_outside_bounds=int((~inside).sum()),
        dropped_duplicates=dropped_duplicates,
    )


def require_analysable(customers: pd.DataFrame, reference_year: int, n_clusters: int) -> None:
    """What a valid table still needs for the report: a reference year after every enrolment, and more
    customers left after cleaning than clusters. ``check`` and the report's fail-fast both ask this."""
    require_reference_year(customers, reference_year)
    require_enough_customers(len(clean(customers).customers), n_clusters)
