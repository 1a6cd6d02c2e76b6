"""Enrolment dates in any of the layouts users bring, with the day/month order inferred."""

from __future__ import annotations

import pandas as pd

from helpers.config import DATE_ORDERS
from helpers.errors import InputDataError

_NUMERIC = r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$"


def _numeric_order(fields: pd.DataFrame, date_order: str | None, source: str) -> str:
    """``dmy`` or ``mdy`` for dates like 04-09-2012, from the values themselves or the parameter."""
    first, second = fields[0].astype(int), fields[2].astype(int)
    day_first, month_first = (first > 12).any(), (second > 12).any()
    if day_first and month_first:
        raise InputDataError(f"{source}: column Dt_Customer mixes day-first and month-first dates.")
    if day_first or month_first:
        inferred = "dmy" if day_first else "mdy"
        if date_order and date_order != inferred:
            raise InputDataError(
                f"{source}: column Dt_Customer is {inferred} (a field above 12 proves it), not {date_order}."
            )
        return inferred
    if date_order:
        return date_order
    raise InputDataError(
        f"{source}: column Dt_Customer is ambiguous: no day is above 12, so day-first and month-first both fit; "
        "say which with --date-order dmy or --date-order mdy."
    )


def parse_enrolment_dates(
    values: pd.Series, date_order: str | None = None, source: str = "input"
) -> tuple[pd.Series, str]:
    """Dt_Customer as datetimes and the format that read them.

    Accepted: dd-mm-yyyy or mm-dd-yyyy (also with / or .), yyyy-mm-dd, d-Mon-yy.
    """
    if date_order not in (None, *DATE_ORDERS):
        raise InputDataError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}.")
    if pd.api.types.is_datetime64_any_dtype(values):  # a spreadsheet's date cells: nothing to interpret
        return values.astype("datetime64[ns]"), "date cells"
    # A customer base has a few hundred distinct enrolment dates: read each once.
    codes, distinct = pd.factorize(values.astype("string").str.strip())
    parsed, date_format = _parse_distinct(pd.Series(distinct, dtype="string"), date_order, source)
    return pd.Series(parsed.to_numpy().take(codes), index=values.index).where(codes >= 0), date_format


def _parse_distinct(text: pd.Series, date_order: str | None, source: str) -> tuple[pd.Series, str]:
    present = text.dropna()
    if present.empty:
        raise InputDataError(f"{source}: column Dt_Customer has no dates.")
    if present.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}").all():
        date_format = "%Y-%m-%d"
    elif present.str.fullmatch(r"\d{1,2}-[A-Za-z]{3}-\d{2}").all():
        date_format = "%d-%b-%y"
    elif present.str.fullmatch(_NUMERIC).all():
        fields = present.str.extract(_NUMERIC)
        separators = fields[1].unique()
        if len(separators) > 1:
            raise InputDataError(f"{source}: column Dt_Customer mixes date separators {', '.join(separators)}.")
        order = _numeric_order(fields, date_order, source)
        date_format = separators[0].join(["%d", "%m", "%Y"] if order == "dmy" else ["%m", "%d", "%Y"])
    else:
        odd = present[~present.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-[A-Za-z]{3}-\d{2}|" + _NUMERIC[1:-1])]
        example = odd.iloc[0] if len(odd) else present.iloc[0]
        raise InputDataError(
            f"{source}: column Dt_Customer holds {example!r}, which is in no supported date format "
            "(dd-mm-yyyy, mm/dd/yyyy, yyyy-mm-dd, d-Mon-yy), or mixes several formats."
        )
    parsed = pd.to_datetime(text, format=date_format, errors="coerce")
    invalid = parsed.isna() & text.notna()
    if invalid.any():
        raise InputDataError(
            f"{source}: column Dt_Customer holds {text[invalid].iloc[0]!r}, which is not a valid date."
        )
    return parsed, date_format
