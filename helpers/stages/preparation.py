"""Stage 1, data preparation: read and validate, assess quality, clean, engineer features, hand over.

``check`` (``python -m helpers check``) runs the same checks as this stage through ``checks``, so a
file it accepts is a file the report accepts, and the figures it prints are the stage's own.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.campaign import economics
from helpers.data import cleaning, features, loading, quality
from helpers.data.cleaning import CleaningResult
from helpers.data.loading import Layout
from helpers.data.quality import QualityReport
from helpers.engine import parquet_dataset
from helpers.engine.seam import Engine, engine_for


@dataclass(frozen=True)
class ReadCustomers:
    """The customers a run read: ``customers``, a table of the engine's kind (its rows stay on the workers on
    Dask, read from the dataset they were written to), how many they are, and how the input was laid out."""

    customers: Any
    rows: int
    layout: Layout


def read(
    engine: Engine,
    data_file: Path,
    date_order: str | None,
    sheet: str | None,
    keep_in: Path | None = None,
    metadata: dict[str, str] | None = None,
) -> ReadCustomers:
    """Every row, read, validated against the schema and, with ``keep_in``, handed over there (``metadata``: the
    run's); an input that cannot be analysed raises InputDataError, in one line naming the file (and the row),
    and nothing is written.

    On pandas, today's loader (one table sorted by ID; a folder's files checked against each other: one layout,
    an ID in one file only), written as one file. On Dask, the seam reads each piece on a worker, validates it as
    the scorer does and writes it as a part of the dataset in ``keep_in``, in one pass: the table returned reads
    those parts, so the passes after read Parquet, not validated rows held in memory. The layout is the first
    file's (``loading.preflight``) with the table's currency and the first piece's dates.
    """
    if engine.name == "pandas":
        loaded = loading.read_customers(data_file, date_order, sheet or None)
        if keep_in is not None:
            parquet_dataset.write_file(loaded.customers, keep_in, metadata or {})
        return ReadCustomers(loaded.customers, len(loaded.customers), loaded.layout)
    table = engine.read_customers(data_file, date_order or None, sheet or None, keep_in=keep_in, metadata=metadata)
    layout = dataclasses.replace(
        loading.preflight(data_file, sheet or None), currency=table.currency, date_format=table.pieces[0].date_format
    )
    return ReadCustomers(table.table, table.rows, layout)


def assess(engine: Engine, customers, reference_year: int) -> QualityReport:
    """What cleaning has to deal with, counted over every customer before anything is changed, through the seam
    (``customers`` is a table of ``engine``'s kind); its IQR fences are the cleaning's.

    The fences come from the engine's quartiles (exact on both, as ``cleaning.iqr_bounds`` computes them); every
    count is exact, the counts against the fences in one pass.
    """
    bounds = cleaning.fences(engine.quantiles(customers, cleaning.IQR_COLUMNS, cleaning.QUARTILES))
    totals = engine.column_totals(
        customers, functools.partial(quality.quality_flags, bounds=bounds, reference_year=reference_year)
    )
    duplicates = engine.duplicate_counts(customers)
    return quality.report_from(
        totals, list(customers.columns), duplicates.rows, duplicates.whole_rows, duplicates.but_key, bounds
    )


def clean(
    engine: Engine, customers, assessment: QualityReport, reference_year: int, n_clusters: int, impute_income: bool
) -> CleaningResult:
    """The seed's cleaning on the assessment's fences, counted over every customer through the seam, after checking
    what the report needs of the table (the analysed customers themselves are ``analysed``).

    Raises InputDataError when the reference year precedes an enrolment (negative ages and memberships)
    or when cleaning leaves no more customers than clusters (K-Means and the silhouette need more).
    """
    last_enrolment = engine.extremes(engine.map_blocks(customers, cleaning.enrolment_years), ["enrolment_year"])
    cleaning.require_reference_year(last_enrolment.at["enrolment_year", "max"], reference_year)
    bounds = assessment.bounds
    totals = engine.column_totals(
        customers, functools.partial(cleaning.cleaning_flags, bounds=bounds, impute_income=impute_income)
    )
    incomes = engine.map_blocks(
        customers, functools.partial(cleaning.kept_incomes, bounds=bounds, impute_income=impute_income)
    )
    cleaned = CleaningResult(
        bounds=bounds,
        # The median of the kept customers' incomes, exact as the fences.
        income_median=float(engine.quantiles(incomes, ["Income"], [0.5]).iat[0, 0]),
        rows_read=assessment.rows,
        rows_kept=int(totals["kept"]),
        rows_inside_fences=int(totals["inside_fences"]),
        exclusions=cleaning.exclusion_reasons(
            assessment.missing["Income"], assessment.outliers["outliers"], impute_income
        ),
        impute_income=impute_income,
        incomes_imputed=int(totals["incomes_imputed"]),
    )
    cleaning.require_enough_customers(cleaned.rows_kept, n_clusters, cleaned.rows_read)
    return cleaned


@dataclass(frozen=True)
class Checked:
    """What the checks of the stage found: the table read, its assessment and its cleaning."""

    loaded: ReadCustomers
    assessment: QualityReport
    cleaned: CleaningResult


def checks(
    data_file: Path,
    date_order: str | None,
    sheet: str | None,
    reference_year: int,
    n_clusters: int,
    impute_income: bool,
) -> Checked:
    """The stage's steps up to the cleaning, in its order: what ``check`` reports without running the analysis."""
    pandas = engine_for("pandas")
    loaded = read(pandas, data_file, date_order, sheet)
    assessment = assess(pandas, loaded.customers, reference_year)
    cleaned = clean(pandas, loaded.customers, assessment, reference_year, n_clusters, impute_income)
    return Checked(loaded, assessment, cleaned)


def learning_sample(engine: Engine, customers, sample_rows: int, random_state: int) -> pd.DataFrame:
    """The learning sample: at most ``sample_rows`` customers of the file, those with the smallest hash of their ID
    under ``random_state`` (the seam's ``sample_by_id``), sorted by ID. Both engines pick the same customers
    whatever the order of the file; a file of no more customers than that is its own sample, in the same order.
    What needs customers in memory (the rows a page shows, what a model learns) takes them from here: engineered
    and cleaned row by row (``every_customer_block``, ``analysed_block``), the same rows as every customer's."""
    return engine.sample_by_id(customers, sample_rows, random_state)


def every_customer_block(customers: pd.DataFrame, bounds: pd.DataFrame, reference_year: int) -> pd.DataFrame:
    """A block of customers with the engineered features, incomes left missing, and whether each lies inside every
    IQR fence (``inside_fences``), row by row."""
    engineered = features.engineer_features(customers, reference_year)
    return engineered.assign(inside_fences=cleaning.within_bounds(customers, bounds).to_numpy())


def engineer(engine: Engine, customers, cleaned: CleaningResult, reference_year: int):
    """Every customer of the file with the engineered features and ``inside_fences``, block by block through the
    seam: what the response model and the targeting plans work on.

    The features are engineered here once per run; ``analysed`` takes the analysed customers' from this table.
    """
    return engine.map_blocks(
        customers, functools.partial(every_customer_block, bounds=cleaned.bounds, reference_year=reference_year)
    )


def analysed_block(every_customer: pd.DataFrame, cleaned: CleaningResult) -> pd.DataFrame:
    """The cleaned customers of a block of ``engineer``'s table with their engineered features."""
    return cleaning.analysed_block(every_customer.drop(columns="inside_fences"), cleaned)


def analysed(engine: Engine, every_customer, cleaned: CleaningResult):
    """The cleaned customers with their engineered features: what the segmentation works on.

    Each column of the file is the cleaning's (incomes imputed with ``impute_income``); the features are
    those ``engineer`` computed for the same rows, which read no income (``features.ENGINEERED``).
    """
    return engine.map_blocks(every_customer, functools.partial(analysed_block, cleaned=cleaned))


def column_types(engine: Engine, customers, assessment: QualityReport) -> pd.DataFrame:
    """Type, filled values and distinct values of each column, counted over every customer."""
    names = list(customers.columns)
    return pd.DataFrame(
        {
            "type": customers.dtypes.astype(str),
            "non-missing": assessment.rows - assessment.missing.reindex(names),
            "distinct": engine.distinct_counts(customers, names),
        }
    )


def feature_statistics(engine: Engine, prepared) -> pd.DataFrame:
    """Median, mean, smallest and largest value of every numeric column of the analysed customers, one row per
    column, all exact."""
    numeric = [name for name, dtype in prepared.dtypes.items() if pd.api.types.is_numeric_dtype(dtype)]
    quantiles = engine.quantiles(prepared, numeric, [0.0, 0.5, 1.0])  # the extremes too, in the same passes
    return pd.DataFrame(
        {
            "median": quantiles.loc[0.5],
            "mean": engine.means(prepared, numeric),
            "min": quantiles.loc[0.0],
            "max": quantiles.loc[1.0],
        },
        index=numeric,
    )


def economics_of(
    engine: Engine, customers, contact_cost: float | None, revenue: float | None, budget: float | None = None
) -> dict:
    """The campaign economics (``economics.resolve``), the file's own values averaged over every customer; a
    ``budget`` that pays for no contact at their cost is refused."""
    means = engine.means(customers, list(economics.FILE_COLUMNS.values()))
    resolved = economics.resolve_from_means(means, contact_cost, revenue)
    economics.Economics.of(resolved).contacts_within(budget)
    return resolved


def summary(
    engine: Engine,
    customers,
    assessment: QualityReport,
    cleaned: CleaningResult,
    contact_cost: float | None,
    revenue: float | None,
    sample: pd.DataFrame,
    analysed_sampled: pd.DataFrame,
    budget: float | None = None,
) -> dict:
    """What the stage records in summary.json besides the data record: counts, fences, findings, economics, and
    how many customers the learning ``sample`` holds of the file's, and its analysed ones of all analysed; a
    ``budget`` that pays for no contact is refused."""
    return {
        "sample": {
            "customers_sampled": len(sample),
            "customers_in_file": cleaned.rows_read,
            "analysed_sampled": len(analysed_sampled),
            "analysed": cleaned.rows_kept,
        },
        "rows_read": cleaned.rows_read,
        "rows_used": cleaned.rows_kept,
        "income_median_imputed": cleaned.income_median,
        "incomes_imputed": cleaned.incomes_imputed,
        "iqr_bounds": cleaned.bounds.to_dict("index"),
        "quality": assessment.counts(),
        "excluded": cleaned.exclusions,
        "economics": economics_of(engine, customers, contact_cost, revenue, budget),
    }
