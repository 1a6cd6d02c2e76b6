"""Rewrite a Rakamin-layout table the ways users' copies of the dataset are laid out."""

import csv

import pandas as pd

from helpers.data.categories import ENGLISH_EDUCATION, ENGLISH_MARITAL

AMOUNTS = ["Income", "MntCoke", "MntFruits", "MntMeatProducts", "MntFishProducts", "MntSweetProducts", "MntGoldProds"]


def read_rakamin(path) -> pd.DataFrame:
    return pd.read_csv(path, index_col=0, dtype={"Dt_Customer": str})


def as_original(table: pd.DataFrame) -> pd.DataFrame:
    """The public original: plain units, English labels, MntWines."""
    original = table.copy()
    original[AMOUNTS] = original[AMOUNTS] / 1000
    original["Education"] = original["Education"].map(ENGLISH_EDUCATION)
    original["Marital_Status"] = original["Marital_Status"].map(ENGLISH_MARITAL)
    return original.rename(columns={"MntCoke": "MntWines"})


def with_dates(table: pd.DataFrame, date_format: str) -> pd.DataFrame:
    parsed = pd.to_datetime(table["Dt_Customer"], format="%d-%m-%Y")
    text = parsed.dt.strftime(date_format)
    if date_format == "%m/%d/%Y":  # m/d/yyyy without leading zeros, as US exports write it
        text = parsed.dt.month.astype(str) + "/" + parsed.dt.day.astype(str) + "/" + parsed.dt.year.astype(str)
    return table.assign(Dt_Customer=text)


def write(table: pd.DataFrame, path, sep=",", quoted=False, bom=False, crlf=False, index=False):
    text = table.to_csv(
        sep=sep,
        index=index,
        quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if crlf else "\n",
    )
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path
