"""Read a customer table from CSV or Parquet into the canonical layout."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from helpers import columns
from helpers.errors import InputDataError

_UNNAMED = re.compile(r"^(Unnamed: \d+|)$")
_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d-%b-%y", "%m/%d/%Y")


def _sniff_separator(path: Path) -> str:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = handle.readline()
    if not header.strip():
        raise InputDataError(f"{path} is empty: expected a header row of customer columns.")
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def read_table(path: str | Path) -> pd.DataFrame:
    """The file as a data frame, with no interpretation beyond the file format."""
    path = Path(path)
    if not path.is_file():
        raise InputDataError(f"{path} does not exist or is not a file.")
    if path.suffix.lower() == ".parquet":
        try:
            return pd.read_parquet(path)
        except Exception as error:  # pyarrow raises several unrelated types
            raise InputDataError(f"{path} is not a readable Parquet file ({error}).") from None
    try:
        return pd.read_csv(path, sep=_sniff_separator(path), encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputDataError(f"{path} is not UTF-8 text; save it as UTF-8 CSV or Parquet.") from None
    except pd.errors.ParserError as error:
        raise InputDataError(f"{path} is not a well-formed CSV file ({error}).") from None


def parse_enrolment_dates(values: pd.Series) -> pd.Series:
    """Dt_Customer as datetimes, in the one format that parses every value."""
    text = values.astype("string").str.strip()
    for date_format in _DATE_FORMATS:
        parsed = pd.to_datetime(text, format=date_format, errors="coerce")
        if parsed.notna().sum() == text.notna().sum():
            return parsed
    examples = ", ".join(text.dropna().head(3))
    raise InputDataError(
        f"Dt_Customer has dates in no supported format (e.g. {examples}); "
        f"expected one of {', '.join(_DATE_FORMATS)}."
    )


def to_canonical(table: pd.DataFrame, source: str = "input") -> pd.DataFrame:
    """The customer table with the canonical columns, types and order (by ID).

    Raises
    ------
    InputDataError
        When a required column is missing, a numeric column holds text, or the
        table has no rows.
    """
    table = table.loc[:, [c for c in table.columns if not _UNNAMED.match(str(c))]]
    missing = [c for c in columns.RAW if c not in table.columns]
    if missing:
        raise InputDataError(f"{source} lacks required column(s): {', '.join(missing)}.")
    if table.empty:
        raise InputDataError(f"{source} has a header but no customer rows.")
    canonical = table.loc[:, list(columns.RAW)].copy()
    for column in columns.NUMERIC_RAW:
        numbers = pd.to_numeric(canonical[column], errors="coerce")
        bad = numbers.isna() & canonical[column].notna()
        if bad.any():
            rows = ", ".join(str(i + 2) for i in bad[bad].index[:5])
            raise InputDataError(
                f"{source}: column {column} must be numeric but holds "
                f"{canonical.loc[bad, column].iloc[0]!r} (file line(s) {rows})."
            )
        canonical[column] = numbers
    canonical["Dt_Customer"] = parse_enrolment_dates(canonical["Dt_Customer"])
    for column in ("Education", "Marital_Status"):
        canonical[column] = canonical[column].astype("string").str.strip()
    # A fixed row order makes K-Means' seeded initialisation independent of file order.
    return canonical.sort_values(columns.ID, kind="stable").reset_index(drop=True)


def load_customers(path: str | Path) -> pd.DataFrame:
    """Read ``path`` (CSV or Parquet) and return the canonical customer table."""
    return to_canonical(read_table(path), source=str(path))
