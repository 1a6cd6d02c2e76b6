"""Read any known layout of the customer table (CSV or Parquet) into the canonical table.

Known layouts: the Rakamin file (rupiah, Indonesian labels, ``MntCoke``, a
leading index column) and the public original (plain units, English labels,
``MntWines``), each with comma, semicolon or tab separators, quoted or not, with
or without a byte-order mark. The canonical table uses the Rakamin column names;
amounts keep their unit, which is recorded, because the analysis is scale-invariant.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pyarrow

from helpers import columns, dates, schema
from helpers.errors import InputDataError
from helpers.formatting import detect_currency
from helpers.labels import ENGLISH_EDUCATION

_UNNAMED = re.compile(r"^(Unnamed: \d+|)$")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# Column names that tell the layouts apart; the canonical name is the Rakamin one.
LAYOUT_COLUMNS = {"rakamin": "MntCoke", "original": "MntWines"}
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive or an Excel .xlsx workbook",
    b"\xd0\xcf\x11\xe0": "an Excel .xls workbook",
    b"%PDF": "a PDF document",
    b"PAR1": "a Parquet file (give it a .parquet extension)",
}


@dataclass(frozen=True)
class Layout:
    """How the input file was laid out, as the data-preparation report shows it."""

    name: str
    file_format: str
    separator: str | None
    index_column: bool
    date_format: str
    currency: str
    labels: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LoadedCustomers:
    customers: pd.DataFrame
    layout: Layout


def _refuse_non_tables(path: Path, head: bytes) -> None:
    if not head.strip():
        raise InputDataError(f"{path} is empty: expected a header row of customer columns.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputDataError(f"{path} is UTF-16 text; save it as UTF-8 CSV.")
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            raise InputDataError(f"{path} is {kind}, not a CSV table; export it as CSV or Parquet.")
    if b"\x00" in head:
        raise InputDataError(f"{path} is a binary file, not a CSV table.")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise InputDataError(f"{path} looks like JSON, not a CSV table; export it as CSV or Parquet.")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            line = head[: error.start].count(b"\n") + 1
            raise InputDataError(f"{path} is not UTF-8 text (undecodable byte on line {line}); save it as UTF-8 CSV.") from None


def _sniff_separator(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def sniff_csv(path: Path) -> tuple[str, str]:
    """The header line and the separator of a CSV file, after refusing what is not a CSV table."""
    with path.open("rb") as handle:
        head = handle.read(65_536)
    _refuse_non_tables(path, head)
    header = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
    return header, _sniff_separator(header)


def _read_csv(path: Path) -> tuple[pd.DataFrame, str]:
    _, separator = sniff_csv(path)
    try:
        table = pd.read_csv(path, sep=separator, engine="pyarrow")
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError, ValueError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        if "utf" in reason.lower() or isinstance(error, UnicodeDecodeError):
            raise InputDataError(f"{path} is not UTF-8 text; save it as UTF-8 CSV.") from None
        raise InputDataError(f"{path} is not a well-formed {SEPARATOR_NAMES[separator]}-separated table ({reason}).") from None
    return table, separator


def read_table(path: str | Path) -> tuple[pd.DataFrame, str | None]:
    """The file as a data frame with no interpretation beyond its format, and its separator."""
    path = Path(path)
    if not path.is_file():
        raise InputDataError(f"{path} does not exist or is not a file.")
    if path.suffix.lower() == ".parquet":
        try:
            return pd.read_parquet(path), None
        except Exception as error:  # pyarrow raises several unrelated types for a bad file
            raise InputDataError(f"{path} is not a readable Parquet file ({str(error).splitlines()[0]}).") from None
    return _read_csv(path)


def detect_layout_name(table: pd.DataFrame, source: str) -> str:
    """``rakamin`` or ``original``, from the wine/coke column; an error listing what is missing otherwise."""
    for name, marker in LAYOUT_COLUMNS.items():
        if marker in table.columns:
            expected = [c if c != "MntCoke" else marker for c in columns.RAW]
            missing = [c for c in expected if c not in table.columns]
            if missing:
                raise InputDataError(f"{source} lacks required column(s): {', '.join(missing)} (the {name} layout has them).")
            return name
    missing = [c for c in columns.RAW if c not in table.columns and c != "MntCoke"]
    raise InputDataError(
        f"{source} lacks required column(s): {', '.join(missing + ['MntCoke or MntWines'])} "
        "(the Rakamin layout has MntCoke, the public original MntWines, and both have all the others)."
    )


def _coerce_numbers(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Numeric columns as numbers, and per column the text that is not a number (indexed by row)."""
    table = table.copy()
    not_numbers = {}
    for column in columns.NUMERIC_RAW:
        if pd.api.types.is_numeric_dtype(table[column]):
            continue
        text = table[column].astype("string").str.strip()
        numbers = pd.to_numeric(text.replace("", pd.NA), errors="coerce")
        bad = numbers.isna() & text.notna() & text.ne("")
        if bad.any():
            not_numbers[column] = text[bad]
        table[column] = numbers
    return table, not_numbers


def _label_language(education: pd.Series) -> str:
    return "English" if education.isin(ENGLISH_EDUCATION.values()).mean() > 0.5 else "Indonesian"


def _select_columns(table: pd.DataFrame, source: str) -> tuple[pd.DataFrame, str, bool]:
    """The canonical columns by their canonical names, the layout's name, and whether an index column was dropped."""
    index_column = any(_UNNAMED.match(str(c)) for c in table.columns)
    table = table.loc[:, [c for c in table.columns if not _UNNAMED.match(str(c))]]
    layout_name = detect_layout_name(table, source)
    return table.rename(columns={"MntWines": "MntCoke"}).loc[:, list(columns.RAW)], layout_name, index_column


def canonical_rows(table: pd.DataFrame, source: str, date_order: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Row by row, as the scorer needs it: the valid canonical rows, what is wrong with each other row, the currency.

    Problems of the file itself (a required column missing) still raise
    InputDataError; a problem of one customer only marks that row. Returned
    problem indexes are positions in ``table``.
    """
    canonical, layout_name, _ = _select_columns(table.reset_index(drop=True), source)
    canonical, not_numbers = _coerce_numbers(canonical)
    problems = [(i, f"{column} must be numeric ({value!r})") for column, bad in not_numbers.items() for i, value in bad.items()]
    try:
        canonical["Dt_Customer"], _ = dates.parse_enrolment_dates(canonical["Dt_Customer"], date_order, source)
    except InputDataError:
        # The model only uses the enrolment year, which day/month order does not change.
        parsed = pd.to_datetime(canonical["Dt_Customer"].astype("string"), format="mixed", dayfirst=True, errors="coerce")
        bad = parsed.isna() & canonical["Dt_Customer"].notna()
        problems += [(i, f"Dt_Customer is not a date ({canonical.at[i, 'Dt_Customer']!r})") for i in bad[bad].index]
        canonical["Dt_Customer"] = parsed
    for column in ("Education", "Marital_Status"):
        canonical[column] = canonical[column].astype("string").str.strip()
    flagged = pd.DataFrame(problems, columns=["index", "problem"])
    valid, failures = schema.row_problems(canonical.drop(index=flagged["index"].unique()))
    problems = pd.concat([flagged, failures], ignore_index=True).sort_values("index", kind="stable")
    return valid, problems, detect_currency(valid["Income"], layout_name)


def to_canonical(
    table: pd.DataFrame, source: str = "input", date_order: str | None = None, row_label=lambda i: f"row {i + 1}"
) -> tuple[pd.DataFrame, dict]:
    """The canonical, validated customer table (rows by ID) and what was learnt of its layout.

    Raises
    ------
    InputDataError
        When a required column is missing, a numeric column holds text, values are
        out of range, dates cannot be read unambiguously, or the table has no rows.
    """
    canonical, layout_name, index_column = _select_columns(table, source)
    if canonical.empty:
        raise InputDataError(f"{source} has a header but no customer rows.")
    canonical, not_numbers = _coerce_numbers(canonical)
    for column, bad in not_numbers.items():
        rows = ", ".join(row_label(i) for i in bad.index[:5])
        raise InputDataError(f"{source}: column {column} must be numeric but holds {bad.iloc[0]!r} ({rows}).")
    canonical["Dt_Customer"], date_format = dates.parse_enrolment_dates(canonical["Dt_Customer"], date_order, source)
    for column in ("Education", "Marital_Status"):
        canonical[column] = canonical[column].astype("string").str.strip()
    canonical = schema.validate(canonical, source, row_label)
    facts = {
        "name": layout_name,
        "index_column": index_column,
        "date_format": date_format,
        "currency": detect_currency(canonical["Income"], layout_name),
        "labels": _label_language(canonical["Education"]),
    }
    # A fixed row order makes K-Means' seeded initialisation independent of file order.
    return canonical.sort_values(columns.ID, kind="stable").reset_index(drop=True), facts


def read_customers(path: str | Path, date_order: str | None = None) -> LoadedCustomers:
    """Read ``path`` (CSV or Parquet, any known layout) into the canonical table and its layout."""
    path = Path(path)
    table, separator = read_table(path)
    is_csv = separator is not None
    # Row numbers as the user sees them: CSV file lines (header is line 1), or Parquet rows.
    row_label = (lambda i: f"line {i + 2}") if is_csv else (lambda i: f"row {i + 1}")
    customers, facts = to_canonical(table, str(path), date_order or None, row_label)
    layout = Layout(
        file_format="csv" if is_csv else "parquet",
        separator=SEPARATOR_NAMES.get(separator) if is_csv else None,
        **facts,
    )
    return LoadedCustomers(customers, layout)


def load_customers(path: str | Path, date_order: str | None = None) -> pd.DataFrame:
    """Read ``path`` and return only the canonical customer table."""
    return read_customers(path, date_order).customers
