"""Read any known layout of the customer table (CSV, compressed CSV, Excel or Parquet) into the canonical table.

Known layouts: the Rakamin file (rupiah, Indonesian labels, ``MntCoke``, a
leading index column) and the public original (plain units, English labels,
``MntWines``), each with comma, semicolon or tab separators, quoted or not, with
or without a byte-order mark. The canonical table uses the Rakamin column names;
amounts keep their unit, which is recorded, because the analysis is scale-invariant.
Columns beyond the known ones are left out of the analysis and named in the layout.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from helpers.data import columns, dates, schema, sources, tables
from helpers.data.categories import label_language
from helpers.data.currency import detect_currency
from helpers.errors import InputDataError

_UNNAMED = re.compile(r"^(Unnamed: \d+|)$")
# Column names that tell the layouts apart; the canonical name is the Rakamin one.
LAYOUT_COLUMNS = {"rakamin": "MntCoke", "original": "MntWines"}
# Rows the command line reads to check a file before the report starts.
PREFLIGHT_ROWS = 1_000


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
    # Columns the file has beyond the known ones: kept out of the analysis, named so nobody wonders.
    extra_columns: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LoadedCustomers:
    customers: pd.DataFrame
    layout: Layout


# The one-hot "ifood_df.csv" derivative of the dataset that circulates publicly: no customer ID,
# ages instead of birth years, days instead of enrolment dates, categories as 0/1 columns.
_ONE_HOT_DERIVATIVE = {"Customer_Days", "marital_Married", "education_Graduation"}


# As the messages name the layouts.
_LAYOUT_NAMES = {"rakamin": "Rakamin", "original": "public original"}


def detect_layout_name(table: pd.DataFrame, source: str) -> str:
    """``rakamin`` or ``original``, from the wine/coke column; an error listing what is missing otherwise."""
    if _ONE_HOT_DERIVATIVE <= set(table.columns):
        raise InputDataError(
            f"{source} is the one-hot 'ifood_df.csv' derivative of the dataset: it has no customer ID, birth year "
            "or enrolment date to analyse. Use the original marketing_campaign.csv (tab-separated) or the "
            "Rakamin marketing_campaign_data.csv instead."
        )
    for name, marker in LAYOUT_COLUMNS.items():
        if marker in table.columns:
            expected = [c if c != "MntCoke" else marker for c in columns.REQUIRED]
            missing = [c for c in expected if c not in table.columns]
            if missing:
                raise InputDataError(
                    f"{source} lacks required column(s): {', '.join(missing)} "
                    f"(the {_LAYOUT_NAMES[name]} layout has them)."
                )
            return name
    missing = [c for c in columns.REQUIRED if c not in table.columns and c != "MntCoke"]
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


def _numbers_or_error(canonical: pd.DataFrame, source: str, row_label) -> pd.DataFrame:
    """The numeric columns as numbers, or the data error naming the first column that holds text."""
    canonical, not_numbers = _coerce_numbers(canonical)
    for column, bad in not_numbers.items():
        rows = ", ".join(row_label(i) for i in bad.index[:5])
        raise InputDataError(f"{source}: column {column} must be numeric but holds {bad.iloc[0]!r} ({rows}).")
    return canonical


def _strip_labels(canonical: pd.DataFrame) -> None:
    """Category labels as text without the spaces exports pad them with (in place)."""
    for column in ("Education", "Marital_Status"):
        canonical[column] = canonical[column].astype("string").str.strip()


def _select_columns(table: pd.DataFrame, source: str) -> tuple[pd.DataFrame, str, dict]:
    """The canonical columns by their canonical names, the layout's name, and what else the header held:
    whether an index column was dropped, and the extra columns left out."""
    index_column = any(_UNNAMED.match(str(c)) for c in table.columns)
    table = table.loc[:, [c for c in table.columns if not _UNNAMED.match(str(c))]]
    layout_name = detect_layout_name(table, source)
    known = {*columns.RAW, LAYOUT_COLUMNS[layout_name]}
    extra = tuple(str(c) for c in table.columns if c not in known)
    # Optional columns the file lacks are added as missing values.
    canonical = table.rename(columns={"MntWines": "MntCoke"}).reindex(columns=list(columns.RAW))
    return canonical, layout_name, {"index_column": index_column, "extra_columns": extra}


def canonical_rows(
    table: pd.DataFrame, source: str, date_order: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, str, str]:
    """Row by row, as the scorer needs it: the valid canonical rows, what is wrong with each other row, the currency,
    and the enrolment dates' format (empty when they were read one by one, their day/month order left open).

    Problems of the file itself (a required column missing) still raise
    InputDataError; a problem of one customer only marks that row. Returned
    problem indexes are positions in ``table``.
    """
    canonical, layout_name, _ = _select_columns(table.reset_index(drop=True), source)
    canonical, not_numbers = _coerce_numbers(canonical)
    problems = [
        (i, f"{column} must be numeric ({value!r})") for column, bad in not_numbers.items() for i, value in bad.items()
    ]
    try:
        canonical["Dt_Customer"], date_format = dates.parse_enrolment_dates(
            canonical["Dt_Customer"], date_order, source
        )
    except InputDataError:
        date_format = ""
        # The model only uses the enrolment year, which day/month order does not change.
        parsed = pd.to_datetime(
            canonical["Dt_Customer"].astype("string"), format="mixed", dayfirst=True, errors="coerce"
        )
        bad = parsed.isna() & canonical["Dt_Customer"].notna()
        problems += [(i, f"Dt_Customer is not a date ({canonical.at[i, 'Dt_Customer']!r})") for i in bad[bad].index]
        canonical["Dt_Customer"] = parsed
    _strip_labels(canonical)
    flagged = pd.DataFrame(problems, columns=["index", "problem"])
    valid, failures = schema.row_problems(canonical.drop(index=flagged["index"].unique()))
    problems = pd.concat([flagged, failures], ignore_index=True).sort_values("index", kind="stable")
    return valid, problems, detect_currency(valid["Income"], layout_name), date_format


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
    canonical, layout_name, header_facts = _numeric_rows(table, source, row_label)
    canonical["Dt_Customer"], date_format = dates.parse_enrolment_dates(canonical["Dt_Customer"], date_order, source)
    _strip_labels(canonical)
    canonical = schema.validate(canonical, source, row_label)
    return _by_id(canonical), _facts(canonical, layout_name, header_facts, date_format)


def _numeric_rows(table: pd.DataFrame, source: str, row_label) -> tuple[pd.DataFrame, str, dict]:
    """The canonical columns with numbers as numbers (``_select_columns``), or the data error naming the problem."""
    canonical, layout_name, header_facts = _select_columns(table, source)
    if canonical.empty:
        raise InputDataError(f"{source} has a header but no customer rows.")
    return _numbers_or_error(canonical, source, row_label), layout_name, header_facts


def _facts(canonical: pd.DataFrame, layout_name: str, header_facts: dict, date_format: str) -> dict:
    return {
        "name": layout_name,
        **header_facts,
        "date_format": date_format,
        "currency": detect_currency(canonical["Income"], layout_name),
        "labels": label_language(canonical["Education"]),
    }


def _by_id(canonical: pd.DataFrame) -> pd.DataFrame:
    # A fixed row order makes K-Means' seeded initialisation independent of file order.
    return canonical.sort_values(columns.ID, kind="stable").reset_index(drop=True)


def read_customers(path: str | Path, date_order: str | None = None, sheet: str | None = None) -> LoadedCustomers:
    """Read ``path`` (CSV, compressed CSV, Excel or Parquet, any known layout) into the canonical table and its
    layout; ``sheet`` names an Excel workbook's sheet (default: the first). A folder or a glob of files is read
    file by file and stacked (``_read_collection``)."""
    if sources.is_collection(path):
        return _read_collection(str(path), date_order or None, sheet)
    table, source = tables.read_table(path, sheet=sheet)
    customers, facts = to_canonical(table, str(path), date_order or None, source.row_label)
    return LoadedCustomers(customers, _layout(source, facts))


def _read_collection(given: str, date_order: str | None, sheet: str | None) -> LoadedCustomers:
    """Every file of a folder or a glob, checked as one file is (its messages naming the file and its row), in one
    layout, stacked and sorted by ID as one file is. Dates are read over all files at once, so a file whose dates
    alone leave the day/month order open takes the order the others show. An ID in two files is refused."""
    read = []
    for file in sources.open_source(given, sheet).files:
        table, source = tables.read_table(file.path, sheet=sheet)
        rows = _numeric_rows(sources.with_partition_values(table, file), str(file.path), source.row_label)
        read.append(_FileRows(file.path, source, *rows))
    layouts = {file.layout_name: file.path for file in read}
    if len(layouts) > 1:
        (first, one), (second, other) = list(layouts.items())[:2]
        raise InputDataError(
            f"{one} is in the {_LAYOUT_NAMES[first]} layout and {other} in the {_LAYOUT_NAMES[second]} layout; "
            "give files of one layout."
        )
    stacked = pd.concat([file.rows for file in read], keys=range(len(read)))
    stacked["Dt_Customer"], date_format = dates.parse_enrolment_dates(stacked["Dt_Customer"], date_order, given)
    _strip_labels(stacked)
    validated = [
        schema.validate(stacked.loc[number].copy(), str(file.path), file.source.row_label)
        for number, file in enumerate(read)
    ]
    _refuse_ids_in_two_files(validated, [file.path for file in read])
    customers = pd.concat(validated, ignore_index=True)
    first = read[0]
    header_facts = {
        "index_column": first.header_facts["index_column"],
        "extra_columns": tuple(dict.fromkeys(c for file in read for c in file.header_facts["extra_columns"])),
    }
    formats = ", ".join(dict.fromkeys(file.source.describe() for file in read))
    layout = _layout(first.source, _facts(customers, first.layout_name, header_facts, date_format))
    return LoadedCustomers(_by_id(customers), dataclasses.replace(layout, file_format=formats))


class _FileRows(NamedTuple):
    """One file of a folder or a glob, read: its rows with numbers as numbers, and what its header said."""

    path: Path
    source: tables.TableFile
    rows: pd.DataFrame
    layout_name: str
    header_facts: dict


def _refuse_ids_in_two_files(tables_read: list[pd.DataFrame], paths: list[Path]) -> None:
    owner = pd.concat(
        [pd.Series(number, index=table[columns.ID].to_numpy()) for number, table in enumerate(tables_read)]
    )
    repeated = owner[owner.index.duplicated(keep=False)]
    if not repeated.empty:
        customer = repeated.index.min()  # the same example whatever the order of the rows
        first, second = repeated.loc[[customer]].iloc[:2]
        raise InputDataError(
            f"ID {customer} is in both {paths[first]} and {paths[second]}; a customer belongs in one file only."
        )


def _layout(source: tables.TableFile, facts: dict) -> Layout:
    return Layout(file_format=source.describe(), separator=tables.SEPARATOR_NAMES.get(source.separator), **facts)


def load_customers(path: str | Path, date_order: str | None = None, sheet: str | None = None) -> pd.DataFrame:
    """Read ``path`` and return only the canonical customer table."""
    return read_customers(path, date_order, sheet).customers


def preflight(path: str | Path, sheet: str | None = None) -> Layout:
    """A quick look before a run: the file is a readable table with the required columns, and its
    first rows hold valid customers. The whole file is validated by the data-preparation stage.

    Enrolment dates are left out: their day/month order is decided by the whole column. A folder or a glob
    gets the same look at each of its files.
    """
    if sources.is_collection(path):
        layouts = [preflight(file.path, sheet) for file in sources.open_source(path, sheet).files]
        formats = ", ".join(dict.fromkeys(layout.file_format for layout in layouts))
        return dataclasses.replace(layouts[0], file_format=formats)
    table, source = tables.read_table(path, rows=PREFLIGHT_ROWS, sheet=sheet)
    canonical, layout_name, header_facts = _select_columns(table, str(path))
    if canonical.empty:
        raise InputDataError(f"{path} has a header but no customer rows.")
    canonical = _numbers_or_error(canonical, str(path), source.row_label)
    facts = {
        "name": layout_name,
        **header_facts,
        "date_format": "",
        "currency": detect_currency(canonical["Income"], layout_name),
        "labels": label_language(canonical["Education"].astype("string").str.strip()),
    }
    return _layout(source, facts)
