"""The seed's cleaning: IQR outlier filter and income imputation, and what a table needs to be analysed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data import columns
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


QUARTILES = (0.25, 0.75)


def iqr_bounds(customers: pd.DataFrame, iqr_columns=IQR_COLUMNS) -> pd.DataFrame:
    """Lower and upper fence per column: Q1 - 1.5 IQR and Q3 + 1.5 IQR (missing values ignored)."""
    return fences(customers.loc[:, list(iqr_columns)].quantile(list(QUARTILES)))


def fences(quartiles: pd.DataFrame) -> pd.DataFrame:
    """The fences of each column from its first and third quartiles (``quartiles`` indexed by ``QUARTILES``, one
    column per fenced column), however they were computed."""
    spread = quartiles.loc[0.75] - quartiles.loc[0.25]
    return pd.DataFrame(
        {
            "lower": quartiles.loc[0.25] - IQR_FACTOR * spread,
            "upper": quartiles.loc[0.75] + IQR_FACTOR * spread,
        }
    )


def beyond_fences(customers: pd.DataFrame, bounds: pd.DataFrame) -> pd.DataFrame:
    """Per fenced column, True where a value lies outside its fences (a missing value is not beyond them)."""
    values = customers.loc[:, list(bounds.index)]
    return values.lt(bounds["lower"]) | values.gt(bounds["upper"])


def within_bounds(customers: pd.DataFrame, bounds: pd.DataFrame) -> pd.Series:
    """True for customers inside every fence; a missing value is outside, as in the seed."""
    missing = customers.loc[:, list(bounds.index)].isna()
    return ~(beyond_fences(customers, bounds) | missing).any(axis=1)


def duplicated_customers(customers: pd.DataFrame) -> pd.Series:
    """True for a customer entered again under another ID: every column but the ID repeats an earlier row."""
    return customers.duplicated(subset=[c for c in customers.columns if c != columns.ID])


def customer_groups(customers: pd.DataFrame) -> np.ndarray:
    """One number per distinct customer: rows that repeat every column but the ID share it.

    Validation folds split by these groups, so a customer entered twice never
    sits on both sides of a split.
    """
    same_customer = [c for c in customers.columns if c != columns.ID]
    codes, _ = pd.factorize(pd.util.hash_pandas_object(customers.loc[:, same_customer], index=False))
    return codes


def require_enough_customers(rows: int, n_clusters: int, rows_read: int | None = None) -> None:
    """K-Means and the silhouette need more customers than clusters; the message says what would work."""
    if rows > n_clusters:
        return
    remain = f"only {rows} of {rows_read} customers remain" if rows_read else f"only {rows} customer(s) remain"
    advice = "supply more customers"
    if rows - 1 >= 2:
        advice += f" or choose k = {rows - 1} or smaller"
    raise InputDataError(
        f"{remain} after cleaning, too few for {n_clusters} clusters (K-Means needs more customers than "
        f"clusters); {advice}."
    )


def require_reference_year(customers: pd.DataFrame, reference_year: int) -> None:
    """Ages and membership are counted to the reference year, so it cannot precede the last enrolment."""
    last_enrolment = customers["Dt_Customer"].max()
    if pd.notna(last_enrolment) and reference_year < last_enrolment.year:
        raise InputDataError(
            f"the reference year {reference_year} is before the last enrolment ({last_enrolment.year}), "
            f"so memberships and ages would be negative; use --reference-year {last_enrolment.year} or later."
        )


# Above this share of missing incomes the report warns that the seed's cleaning excludes many customers.
MISSING_INCOME_WARNING = 0.05


@dataclass(frozen=True)
class CleaningResult:
    customers: pd.DataFrame
    bounds: pd.DataFrame
    # Which rows of the input were kept, by position: what was computed on every customer can be
    # narrowed to the analysed ones without computing it again.
    kept: np.ndarray
    income_median: float
    rows_read: int
    dropped_outside_bounds: int
    dropped_duplicates: int
    # Why customers were left out: a missing income, and each fence they lie beyond. One customer
    # can have several reasons, so these add up to at least ``dropped_outside_bounds``.
    exclusions: dict
    # Customers whose missing income was filled in before the fences, so that they stay (impute_income).
    incomes_imputed: int = 0

    @property
    def missing_income_share(self) -> float:
        return self.exclusions["missing_income"] / self.rows_read if self.rows_read else 0.0


def exclusion_reasons(customers: pd.DataFrame, bounds: pd.DataFrame, impute_income: bool) -> dict:
    """How many customers each reason leaves out: a missing income (unless imputed) and each fence."""
    missing = 0 if impute_income else int(customers["Income"].isna().sum())
    beyond = beyond_fences(customers, bounds).sum()
    return {"missing_income": missing, "outside_fences": {column: int(n) for column, n in beyond.items()}}


def clean(
    customers: pd.DataFrame,
    impute_income: bool = False,
    drop_duplicate_customers: bool = False,
    bounds: pd.DataFrame | None = None,
) -> CleaningResult:
    """The seed's cleaning: IQR filter on ``IQR_COLUMNS``, then median income imputation.

    As in the seed, a missing income counts as outside the Income fence, so those customers
    leave the analysis; ``impute_income`` keeps them, with the median income of the customers
    kept. Duplicated customers are kept by default because the published analysis kept them.
    ``bounds`` are the fences the quality assessment computed on the same customers, so that a
    run computes them once; without them they are computed here.
    """
    if bounds is None:
        bounds = iqr_bounds(customers)
    inside = within_bounds(customers, bounds)
    missing_income = customers["Income"].isna()
    if impute_income:
        others = customers.drop(columns="Income")
        inside = within_bounds(others, bounds.drop(index="Income")) & ~beyond_fences(customers, bounds)["Income"]
    kept = inside.to_numpy()
    dropped_duplicates = 0
    if drop_duplicate_customers:
        duplicated = duplicated_customers(customers.loc[kept]).to_numpy()
        dropped_duplicates = int(duplicated.sum())
        kept = kept.copy()
        kept[kept] = ~duplicated
    analysed = customers.loc[kept]
    income_median = float(analysed["Income"].median())
    analysed = analysed.assign(Income=analysed["Income"].fillna(income_median)).reset_index(drop=True)
    return CleaningResult(
        customers=analysed,
        bounds=bounds,
        kept=kept,
        income_median=income_median,
        rows_read=len(customers),
        dropped_outside_bounds=int((~inside).sum()),
        dropped_duplicates=dropped_duplicates,
        exclusions=exclusion_reasons(customers, bounds, impute_income),
        incomes_imputed=int((missing_income & inside).sum()),
    )
