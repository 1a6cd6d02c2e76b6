"""A seeded synthetic customer table in the Rakamin layout, driven by latent customer types.

The project may not ship the real dataset, so its default data comes from here.
Columns are not drawn independently: a hidden customer type drives income and
household, income and household drive spending, spending drives purchases, and
campaign response concentrates among high spenders, as in the real data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers import columns

START, END = np.datetime64("2012-07-30"), np.datetime64("2014-06-29")
IMPOSSIBLE_BIRTH_YEARS = (1893, 1899, 1900)
EXTREME_INCOME = 666_666_000.0
MISSING_INCOME_RATE = 0.011
DUPLICATE_RATE = 0.08
ZERO_VISIT_RATE = 0.005
EDUCATION = {"S1": 0.503, "S3": 0.217, "S2": 0.165, "D3": 0.091, "SMA": 0.024}
MARITAL = {"Menikah": 0.386, "Bertunangan": 0.259, "Lajang": 0.216, "Cerai": 0.104, "Janda": 0.034, "Duda": 0.001}

# One row per latent type; money in thousands of rupiah.
TYPES = pd.DataFrame(
    {
        "share": [0.44, 0.27, 0.15, 0.14],
        "income_mean": [33_000, 55_000, 70_000, 78_000],
        "income_sd": [11_000, 10_000, 9_000, 10_000],
        "birth_year_mean": [1972, 1965, 1968, 1969],
        "spending_mean": [85, 560, 1_350, 1_250],
        "transactions_mean": [7.5, 17, 25, 20],
        "web_visits_mean": [7.8, 6.2, 5.0, 3.2],
        "campaign_rate": [0.02, 0.05, 0.18, 0.10],
        "response_rate": [0.06, 0.09, 0.27, 0.17],
        "gold_share": [0.16, 0.08, 0.07, 0.06],
    },
    index=pd.Index(["budget families", "established", "affluent frequent", "affluent selective"], name="type"),
)
KIDHOME = np.array([[0.25, 0.68, 0.07], [0.75, 0.24, 0.01], [0.97, 0.03, 0.0], [0.98, 0.02, 0.0]])
TEENHOME = np.array([[0.50, 0.47, 0.03], [0.20, 0.76, 0.04], [0.85, 0.15, 0.0], [0.70, 0.30, 0.0]])
# Channel mix of purchases per type: deals, web, catalog, store.
CHANNELS = np.array([[0.30, 0.30, 0.05, 0.35], [0.18, 0.30, 0.12, 0.40], [0.08, 0.25, 0.25, 0.42], [0.05, 0.22, 0.30, 0.43]])
# Category mix of spending (before the type's gold share): coke, fruits, meat, fish, sweets.
CATEGORY_MIX = np.array([0.52, 0.05, 0.28, 0.08, 0.07])
CATEGORY_CONCENTRATION = 12.0


def _choice_by_row(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row from that row's categorical distribution."""
    cumulative = probabilities.cumsum(axis=1)
    return (rng.random((len(probabilities), 1)) > cumulative).sum(axis=1)


def _categories(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    labels = np.array(list(shares))
    weights = np.array(list(shares.values()))
    return labels[rng.choice(len(labels), size=size, p=weights / weights.sum())]


def _customers(rng: np.random.Generator, size: int) -> pd.DataFrame:
    kind = rng.choice(len(TYPES), size=size, p=TYPES["share"].to_numpy())
    t = TYPES.iloc[kind].reset_index(drop=True)
    income = np.clip(rng.normal(t["income_mean"], t["income_sd"]), 2_000, 160_000)
    kidhome = _choice_by_row(rng, KIDHOME[kind])
    teenhome = _choice_by_row(rng, TEENHOME[kind])
    children = kidhome + teenhome

    # Spending grows faster than income within a type and shrinks with children at home.
    income_ratio = income / t["income_mean"].to_numpy()
    spending = t["spending_mean"].to_numpy() * income_ratio**1.5 * 0.85**children * rng.lognormal(0, 0.45, size)
    spending = np.clip(spending, 5, 2_500)
    gold = t["gold_share"].to_numpy()[:, None]
    mix = rng.gamma(CATEGORY_CONCENTRATION * CATEGORY_MIX, size=(size, len(CATEGORY_MIX)))
    mix = np.hstack([mix / mix.sum(axis=1, keepdims=True) * (1 - gold), gold])
    amounts = np.round(spending[:, None] * mix) * 1_000

    transactions = rng.poisson(t["transactions_mean"].to_numpy() * (spending / t["spending_mean"].to_numpy()) ** 0.3)
    channels = np.array([rng.multinomial(n, p) for n, p in zip(transactions, CHANNELS[kind])])
    channels[:, 3] = np.minimum(channels[:, 3], 13)  # the store channel tops out at 13 in the real data
    web_visits = 1 + rng.poisson(np.maximum(t["web_visits_mean"].to_numpy() - 1 - income_ratio, 0.3))
    web_visits[rng.random(size) < ZERO_VISIT_RATE] = 0

    campaign_rate = np.clip(t["campaign_rate"].to_numpy() * (spending / 600) ** 0.5, 0, 0.6)
    accepted = rng.random((size, 5)) < campaign_rate[:, None] * np.array([1.0, 0.2, 1.1, 1.1, 1.0])
    response_rate = np.clip(t["response_rate"].to_numpy() * (1 + accepted.sum(axis=1)) ** 0.6, 0, 0.9)

    frame = pd.DataFrame(
        {
            "Year_Birth": np.clip(np.round(rng.normal(t["birth_year_mean"], 11)), 1940, 1996).astype(int),
            "Education": _categories(rng, EDUCATION, size),
            "Marital_Status": _categories(rng, MARITAL, size),
            "Income": np.round(income) * 1_000.0,
            "Kidhome": kidhome,
            "Teenhome": teenhome,
            "Dt_Customer": START + rng.integers(0, int((END - START).astype(int)) + 1, size).astype("timedelta64[D]"),
            "Recency": rng.integers(0, 100, size),
            **{name: amounts[:, i].astype(int) for i, name in enumerate(columns.SPENDING)},
            **{name: channels[:, i] for i, name in enumerate(columns.PURCHASES)},
            "NumWebVisitsMonth": web_visits,
            **{f"AcceptedCmp{i + 1}": accepted[:, i].astype(int) for i in range(5)},
            "Complain": (rng.random(size) < 0.009).astype(int),
            "Z_CostContact": 3,
            "Z_Revenue": 11,
            "Response": (rng.random(size) < response_rate).astype(int),
        }
    )
    return frame


def generate(rows: int, seed: int) -> pd.DataFrame:
    """``rows`` synthetic customers in the canonical layout, identical for the same seed."""
    if rows < 10:
        raise ValueError("rows must be at least 10")
    rng = np.random.default_rng(seed)
    duplicates = int(round(rows * DUPLICATE_RATE))
    frame = _customers(rng, rows - duplicates)
    # The real data's quirks: customers entered twice under a new ID, missing and
    # extreme incomes, impossible birth years.
    frame = pd.concat([frame, frame.iloc[rng.choice(len(frame), duplicates, replace=False)]], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.loc[rng.random(rows) < MISSING_INCOME_RATE, "Income"] = np.nan
    quirky = rng.choice(rows, len(IMPOSSIBLE_BIRTH_YEARS) + 1, replace=False)
    frame.loc[quirky[:-1], "Year_Birth"] = IMPOSSIBLE_BIRTH_YEARS
    frame.loc[quirky[-1], "Income"] = EXTREME_INCOME
    frame.insert(0, columns.ID, rng.choice(max(rows * 5, 11_200), rows, replace=False))
    return frame.loc[:, list(columns.RAW)]


def write_rakamin_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """The table as the Rakamin file lays it out: pandas index column, dd-mm-yyyy dates."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = frame.assign(Dt_Customer=frame["Dt_Customer"].dt.strftime("%d-%m-%Y"))
    if path.suffix.lower() == ".parquet":
        out.to_parquet(path, index=False)
    else:
        out.to_csv(path, lineterminator="\n")
    return path
