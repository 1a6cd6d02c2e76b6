import numpy as np
import pandas as pd

from helpers.data import cleaning
from helpers.engine.seam import engine_for
from helpers.stages import preparation

PANDAS = engine_for("pandas")


def _table(**columns):
    base = {c: np.arange(1.0, 21.0) for c in cleaning.IQR_COLUMNS}
    base.update(columns)
    frame = pd.DataFrame(base)
    frame.insert(0, "ID", range(len(frame)))
    frame["NumWebVisitsMonth"] = 5
    return frame


def test_iqr_fences_use_quartiles_of_the_unfiltered_column():
    bounds = cleaning.iqr_bounds(_table())
    # 1..20: Q1 = 5.75, Q3 = 15.25, IQR = 9.5
    assert bounds.loc["Income", "lower"] == 5.75 - 1.5 * 9.5
    assert bounds.loc["Income", "upper"] == 15.25 + 1.5 * 9.5


def test_a_value_outside_any_fence_or_a_missing_income_drops_the_customer():
    income = np.arange(1.0, 21.0)
    income[0] = np.nan
    year = np.arange(1.0, 21.0)
    year[1] = 1_000.0
    analysed, result = cleaning.clean(_table(Income=income, Year_Birth=year))
    assert result.dropped_outside_bounds == 2
    assert len(analysed) == result.rows_kept == 18
    assert analysed["Income"].notna().all()


def test_duplicates_are_sought_without_the_id():
    table = _table()
    copy = table.iloc[[3]].assign(ID=999)
    report = preparation.assess(
        PANDAS, pd.concat([table, copy, table.iloc[[5]]], ignore_index=True), reference_year=2023
    )
    assert report.duplicate_rows == 1
    assert report.duplicate_customers == 2


def test_quality_counts_impossible_birth_years_and_zero_visits():
    table = _table(Year_Birth=np.r_[1893.0, 1899.0, np.arange(1960.0, 1978.0)])
    table.loc[0, "NumWebVisitsMonth"] = 0
    report = preparation.assess(PANDAS, table, reference_year=2023)
    assert report.impossible_birth_years == 2
    assert report.zero_web_visits == 1
    assert report.counts()["iqr_outliers"]["Year_Birth"] == 2


def test_duplicate_customers_are_kept_as_the_published_analysis_kept_them():
    table = pd.concat([_table(), _table().iloc[[4]].assign(ID=77)], ignore_index=True)
    analysed, result = cleaning.clean(table)
    assert len(analysed) == result.rows_kept == 21
