"""The canonical customer table, declared once and validated with pandera.

Only what makes the data unusable is an error here. What the cleaning stage
handles (missing incomes, impossible birth years, extreme incomes, duplicated
customers, zero web visits) is a finding for the quality report, not an error.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from helpers.data import columns
from helpers.data.categories import EDUCATION_CODES
from helpers.errors import InputDataError

NOT_NEGATIVE = pa.Check.ge(0, error="must not be negative")
FLAG = pa.Check.isin([0, 1], error="must be 0 or 1")
# Wide enough to admit the real data's impossible 1893 (a finding), narrow enough to catch typos.
BIRTH_YEAR = pa.Check.in_range(1850, 2030, error="must be a year between 1850 and 2030")


def _count(name: str) -> pa.Column:
    return pa.Column("int64", NOT_NEGATIVE, name=name, coerce=True)


COLUMNS = {
    columns.ID: pa.Column("int64", NOT_NEGATIVE, unique=True, coerce=True, report_duplicates="exclude_first"),
    "Year_Birth": pa.Column("int64", BIRTH_YEAR, coerce=True),
    "Education": pa.Column(
        "string",
        pa.Check.isin(list(EDUCATION_CODES), error=f"must be one of {', '.join(EDUCATION_CODES)}"),
        coerce=True,
    ),
    "Marital_Status": pa.Column("string", nullable=True, coerce=True),
    "Income": pa.Column("float64", NOT_NEGATIVE, nullable=True, coerce=True),
    "Dt_Customer": pa.Column("datetime64[ns]", coerce=True),
    **{
        name: _count(name)
        for name in ("Kidhome", "Teenhome", "Recency", *columns.SPENDING, *columns.PURCHASES, "NumWebVisitsMonth")
    },
    **{name: pa.Column("int64", FLAG, coerce=True) for name in (*columns.CAMPAIGNS, "Complain")},
    # Optional: a customer list with no campaign yet has no outcome and no campaign economics.
    columns.OUTCOME: pa.Column("float64", FLAG, nullable=True, coerce=True),
    "Z_CostContact": pa.Column("float64", NOT_NEGATIVE, nullable=True, coerce=True),
    "Z_Revenue": pa.Column("float64", NOT_NEGATIVE, nullable=True, coerce=True),
}
# Rows one by one, as the scorer needs them (it imputes a missing income)...
CUSTOMER_ROWS = pa.DataFrameSchema(COLUMNS)
# ...and a table that can be analysed, which needs some incomes to impute from.
CUSTOMERS = pa.DataFrameSchema(
    COLUMNS,
    checks=[pa.Check(lambda table: table["Income"].notna().any(), error="Income is missing for every customer")],
)

_CHECK_WORDS = {"not_nullable": "must not be missing", "field_uniqueness": "must be unique"}


def _describe(failures: pd.DataFrame, row_label) -> str:
    """One line per failing column: what is wrong, an example value, the first rows."""
    lines = []
    for (column, check), cases in failures.groupby(["column", "check"], dropna=False, sort=False):
        if column is None or pd.isna(column):
            lines.append(str(check))
            continue
        rows = ", ".join(row_label(i) for i in cases["index"].dropna().astype(int).head(5))
        example = cases["failure_case"].iloc[0]
        example = repr(example) if isinstance(example, str) else str(example)
        what = _CHECK_WORDS.get(check, check)
        if check.startswith("dtype"):
            what = f"has the wrong type ({check})"
        lines.append(f"column {column} {what}: {len(cases)} value(s), e.g. {example}" + (f" at {rows}" if rows else ""))
    return "; ".join(lines)


def row_problems(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The valid rows with canonical types, and one line per invalid row: its index and what is wrong."""
    try:
        return CUSTOMER_ROWS.validate(table, lazy=True), pd.DataFrame(columns=["index", "problem"])
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases.dropna(subset=["index"])
        if len(failures) < len(errors.failure_cases):  # a whole-table problem: no row to blame
            raise InputDataError(_describe(errors.failure_cases[errors.failure_cases["index"].isna()], str)) from None
        words = failures["check"].map(lambda check: _CHECK_WORDS.get(check, check))
        problems = pd.DataFrame(
            {
                "index": failures["index"].astype(int),
                "problem": failures["column"] + " " + words + " (" + failures["failure_case"].astype(str) + ")",
            }
        )
        valid = table.drop(index=problems["index"].unique())
        return CUSTOMER_ROWS.validate(valid), problems


def validate(table: pd.DataFrame, source: str, row_label=lambda i: f"row {i + 1}") -> pd.DataFrame:
    """The table with canonical types, or the project's data error naming every problem."""
    try:
        return CUSTOMERS.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise InputDataError(f"{source}: {_describe(errors.failure_cases, row_label)}.") from None
