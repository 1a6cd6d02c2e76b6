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


def require_reference_year(last_enrolment_year: float, reference_year: int) -> None:
    """Ages and membership are counted to the reference year, so it cannot precede the last enrolment
    (``last_enrolment_year``: the latest ``Dt_Customer``'s year, missing when no customer has a date)."""
    if pd.notna(last_enrolment_year) and reference_year < last_enrolment_year:
        last = int(last_enrolment_year)
        raise InputDataError(
            f"the reference year {reference_year} is before the last enrolment ({last}), "
            f"so memberships and ages would be negative; use --reference-year {last} or later."
        )


def enrolment_years(customers: pd.DataFrame) -> pd.DataFrame:
    """Each customer's year of enrolment, row by row (its largest is what ``require_reference_year`` checks)."""
    return pd.DataFrame({"enrolment_year": customers["Dt_Customer"].dt.year.astype("float64")})


# Above this share of missing incomes the report warns that the seed's cleaning excludes many customers.
MISSING_INCOME_WARNING = 0.05


@dataclass(frozen=True)
class CleaningResult:
    """What the cleaning keeps and why, counted over every customer: the analysed customers themselves are
    ``analysed_block`` of every block of rows."""

    bounds: pd.DataFrame
    income_median: float  # of the analysed customers' incomes: a missing one is filled with it (impute_income)
    rows_read: int
    rows_kept: int
    # Customers inside every fence, a missing income outside (the customers the personas describe, imputed or not).
    rows_inside_fences: int
    # Why customers were left out: a missing income, and each fence they lie beyond. One customer
    # can have several reasons, so these add up to at least ``dropped_outside_bounds``.
    exclusions: dict
    impute_income: bool = False
    # Customers whose missing income was filled in before the fences, so that they stay (impute_income).
    incomes_imputed: int = 0

    @property
    def dropped_outside_bounds(self) -> int:
        return self.rows_read - self.rows_kept

    @property
    def missing_income_share(self) -> float:
        return self.exclusions["missing_income"] / self.rows_read if self.rows_read else 0.0


def analysed_rows(customers: pd.DataFrame, bounds: pd.DataFrame, impute_income: bool) -> pd.Series:
    """True for the customers the analysis keeps, row by row: inside every fence, a missing income outside (as in
    the seed) unless ``impute_income`` keeps it."""
    if not impute_income:
        return within_bounds(customers, bounds)
    others = customers.drop(columns="Income")
    return within_bounds(others, bounds.drop(index="Income")) & ~beyond_fences(customers, bounds)["Income"]


def cleaning_flags(customers: pd.DataFrame, bounds: pd.DataFrame, impute_income: bool) -> pd.DataFrame:
    """Row by row, whether the customer is kept, whether it is kept by imputing its income, and whether it lies
    inside every fence: totalled over every customer, the cleaning's counts."""
    kept = analysed_rows(customers, bounds, impute_income)
    return pd.DataFrame(
        {
            "kept": kept,
            "incomes_imputed": kept & customers["Income"].isna(),
            "inside_fences": within_bounds(customers, bounds),
        }
    )


def kept_incomes(customers: pd.DataFrame, bounds: pd.DataFrame, impute_income: bool) -> pd.DataFrame:
    """The incomes of the kept customers (missing ones included): their median fills the missing ones."""
    return customers.loc[analysed_rows(customers, bounds, impute_income), ["Income"]]


def analysed_block(customers: pd.DataFrame, cleaned: CleaningResult) -> pd.DataFrame:
    """The kept customers of a block of rows, a missing income filled with the median: row by row, so the
    analysed customers of a table are this of each of its blocks."""
    kept = customers.loc[analysed_rows(customers, cleaned.bounds, cleaned.impute_income)]
    return kept.assign(Income=kept["Income"].fillna(cleaned.income_median)).reset_index(drop=True)


def exclusion_reasons(missing_incomes: int, outliers: pd.Series, impute_income: bool) -> dict:
    """How many customers each reason leaves out: a missing income (unless imputed) and each fence (``outliers``:
    the customers beyond each, as the quality assessment counted them against the same fences)."""
    missing = 0 if impute_income else int(missing_incomes)
    return {"missing_income": missing, "outside_fences": {column: int(n) for column, n in outliers.items()}}


def clean(customers: pd.DataFrame, impute_income: bool = False) -> tuple[pd.DataFrame, CleaningResult]:
    """The seed's cleaning of a table in memory: IQR filter on ``IQR_COLUMNS``, then median income imputation;
    the analysed customers and the record. The report's stage counts the same through the engine seam
    (``stages.preparation.clean``).

    As in the seed, a missing income counts as outside the Income fence, so those customers
    leave the analysis; ``impute_income`` keeps them, with the median income of the customers
    kept. Duplicated customers are kept, because the published analysis kept them.
    """
    bounds = iqr_bounds(customers)
    flags = cleaning_flags(customers, bounds, impute_income).sum()
    cleaned = CleaningResult(
        bounds=bounds,
        income_median=float(kept_incomes(customers, bounds, impute_income)["Income"].median()),
        rows_read=len(customers),
        rows_kept=int(flags["kept"]),
        rows_inside_fences=int(flags["inside_fences"]),
        exclusions=exclusion_reasons(
            customers["Income"].isna().sum(), beyond_fences(customers, bounds).sum(), impute_income
        ),
        impute_income=impute_income,
        incomes_imputed=int(flags["incomes_imputed"]),
    )
    return analysed_block(customers, cleaned), cleaned
