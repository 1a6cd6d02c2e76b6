"""A seeded synthetic customer table that behaves like the real one, at any size.

The project may not ship the real dataset, so its default data and every
benchmark come from here. Columns are not drawn independently; one customer is
generated as a story:

1. a hidden customer type sets the income level, the age and the household
   (young budget families, established families with teenagers, affluent
   couples, affluent parents of teenagers);
2. income and household set total spending: flat and low below a threshold,
   rising steeply with income above it, reduced by every child at home;
3. the spending is split over the six categories by a mix that depends on the
   type, on how much is spent (small spenders put more in gold) and on a
   per-customer taste for fresh food shared by fruit, fish and sweets;
4. spending sets the purchases per channel (catalog only for big spenders), a
   taste for bargains and the children set the deals;
5. monthly web visits fall with income and rise with children and bargain
   hunting, so web browsing goes against income and spending as in the real data;
6. campaign acceptances concentrate among high spenders, and the final response
   among customers who accepted earlier campaigns, bought recently, joined early,
   live without a partner, have no teenagers at home, spend more or hold a doctorate;
7. recency and the enrolment date are independent of the profile.

Every constant below is part of the model; they were fitted to aggregate
statistics of the real data only (percentiles, shares, rank correlations; see
``helpers.calibration`` and docs/calibration.md), never to its rows.

Tables of any size are generated in chunks of ``CHUNK_ROWS`` customers, each
from its own seed spawned from the table's seed, so memory stays flat and the
output depends only on (rows, seed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.config import SYNTHETIC_LAYOUTS as LAYOUTS
from helpers.data import columns
from helpers.data.categories import ENGLISH_LABELS
from helpers.data.currency import RUPIAH_PER_PLAIN_UNIT
from helpers.data.tables import ChunkedTableWriter

CHUNK_ROWS = 250_000
MIN_ROWS = 10
# IDs are unique and sparse like the real ones (2,240 customers numbered up to 11,191).
ID_SPAN_PER_ROW = 5

START, END = np.datetime64("2012-07-30"), np.datetime64("2014-06-29")  # the real enrolment span

# Quirks of the real data. Rates scale with the table; the planted handful
# (impossible birth years, the one placeholder income) stays a handful at any size.
IMPOSSIBLE_BIRTH_YEARS = (1893, 1899, 1900)
EXTREME_INCOME = 666_666_000.0
MISSING_INCOME_RATE = 0.0107  # 24 of 2,240
DUPLICATE_RATE = 0.0817  # 183 of 2,240 rows repeat another customer under a new ID
ZERO_VISIT_RATE = 0.0049  # 11 of 2,240
COMPLAIN_RATE = 0.0094

# Categories are independent of the profile in the model (weakly related in the real data).
EDUCATION = {"S1": 0.503, "S3": 0.217, "S2": 0.165, "D3": 0.091, "SMA": 0.024}
MARITAL = {"Menikah": 0.386, "Bertunangan": 0.259, "Lajang": 0.216, "Cerai": 0.104, "Janda": 0.034, "Duda": 0.0013}

# One row per latent type; money in thousands of rupiah (the public original's unit).
TYPES = pd.DataFrame(
    {
        "share": [0.45, 0.25, 0.17, 0.13],
        "income_mean": [35_000, 56_000, 74_000, 68_000],
        "income_sd": [11_000, 8_000, 9_000, 9_000],
        "birth_year_mean": [1973, 1964, 1969, 1964],
        "birth_year_sd": [11, 9, 13, 10],
        # Affluent couples answer campaigns most, young families least, at the same spending.
        "campaign_factor": [0.6, 0.8, 1.5, 1.0],
    },
    index=pd.Index(["budget families", "established families", "affluent couples", "affluent parents"], name="type"),
)
# Per type, log-weight shifts of the category mix: coke, fruits, meat, fish, sweets, gold.
MIX_SHIFT = np.array(
    [
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.1],
        [0.1, 0.0, -0.1, 0.0, 0.0, 0.0],
        [-0.1, 0.1, 0.2, 0.1, 0.1, 0.0],
        [0.15, -0.1, -0.1, -0.1, -0.1, 0.0],
    ]
)
# P(0, 1, 2 children) and P(0, 1, 2 teenagers) at home, per type.
KIDHOME = np.array([[0.24, 0.72, 0.04], [0.71, 0.28, 0.01], [0.95, 0.05, 0.0], [0.95, 0.05, 0.0]])
TEENHOME = np.array([[0.66, 0.33, 0.01], [0.09, 0.87, 0.04], [0.95, 0.05, 0.0], [0.22, 0.76, 0.02]])

# Total spending (thousands): everyone buys a little (BASE), and discretionary
# spending follows a logistic curve of income capped at DISCRETIONARY_CAP.
BASE_SPENDING, BASE_SPREAD = 15.0, 0.6
DISCRETIONARY_CAP = 1_800.0
INCOME_MIDPOINT, INCOME_WIDTH = 54_000.0, 7_000.0
# Customers spend less than their means allow far more often than more: the noise is capped above.
DISCRETIONARY_SPREAD, DISCRETIONARY_CEILING = 0.8, 0.15
PER_KID, PER_TEEN = 0.65, 0.8  # spending kept per child at home

# Category mix: base shares at SPENDING_REFERENCE, how each log-weight moves with log spending,
# how it loads on the shared fresh-food taste (fruit, fish, sweets go together), and its own noise.
CATEGORY_SHARE = np.array([0.58, 0.05, 0.28, 0.075, 0.05, 0.13])
# Below the reference, coke's share grows with spending; above it, meat's does, and gold's shrinks throughout.
SLOPE_BELOW_REFERENCE = np.array([0.5, 0.0, 0.0, 0.0, 0.0, -0.1])
SLOPE_ABOVE_REFERENCE = np.array([0.0, 0.0, 0.25, 0.0, 0.0, -0.4])
CATEGORY_FRESH_LOADING = np.array([0.0, 1.1, 0.3, 1.1, 1.1, 0.6])
CATEGORY_NOISE = np.array([0.8, 1.0, 0.4, 1.0, 1.0, 0.9])
# Frequent shoppers pick up gold products on the way: elasticity of the gold weight to shopping frequency.
GOLD_FREQUENCY = 2.5
# Younger customers favour fresh food, older ones coke: per decade of birth year.
CATEGORY_AGE_SLOPE = np.array([-0.1, 0.2, 0.0, 0.2, 0.2, 0.0])
# Children at home cut fresh food and meat more than the rest: per child.
CATEGORY_CHILD_SLOPE = np.array([0.1, -0.35, -0.1, -0.35, -0.35, -0.15])
SPENDING_REFERENCE = 400.0  # thousands; the slopes are per log unit around it

# Purchases: an activity level in [0, 1] rises with log spending; each channel adds purchases
# with it (catalog with its square: only big spenders use it), times a shopping frequency.
ACTIVITY_MIDPOINT, ACTIVITY_WIDTH = 250.0, 0.9
WEB_PURCHASES = (0.8, 6.0, 0.4)  # intercept, slope on activity, elasticity to bargain hunting
CATALOG_PURCHASES = (0.2, 8.0)
CATALOG_PER_CHILD = 0.7  # parents order less from the catalog at the same spending
# Floor, intercept, slope on activity to this power: store shopping picks up only among big spenders.
STORE_PURCHASES = (2.0, 0.3, 8.5, 2.0)
# Web and catalog purchases top out at 11 in the real data, store purchases run from 2 to 13:
# binomial counts with this many trials, less dispersed than Poisson ones.
CHANNEL_TRIALS = 11
DEALS = (0.45, 1.4, 2.1)  # intercept, per kid, per teen
BARGAIN_SPREAD = 0.7
ZERO_DEALS_RATE = 0.02
# Better-off customers chase fewer deals: the deal rate falls by up to this much above this income.
DEALS_INCOME_DROP, DEALS_INCOME_FROM = 0.85, 65_000.0
FREQUENCY_SPREAD = 0.2  # per-customer shopping frequency at a given spending

# Web visits: 1 + Binomial(8, p) (the real visits run from 1 to 9 but for a few outliers), with
# logit p falling with income, rising with children and bargain hunting, plus a browsing habit.
VISITS_TRIALS = 8
VISITS_LOGIT = (
    1.1,
    -0.05,
    0.4,
    1.3,
)  # intercept at 30,000; per thousand of income; per child; per log of bargain hunting
VISITS_SPREAD = 0.4

# Campaigns 1-5: logit of acceptance = intercept + slope * log(spending / reference).
CAMPAIGN_LOGIT = np.array([[-3.8, 1.6], [-5.1, 1.2], [-2.4, 0.0], [-2.8, 0.8], [-3.9, 1.8]])
# Final response, the logit of accepting: the weights of one logistic regression fitted to the real data (an
# aggregate, like the other targets). The real response also follows what this model leaves out (which campaigns,
# which channels), so the weights are sharpened by SHARPNESS to let a response model validate as well here as on
# the real data (out-of-fold AUC 0.91 on both), and the intercept keeps the real response rate (15%).
RESPONSE_LOGIT = {
    "intercept": -3.8,
    "per_accepted_campaign": 1.57,
    "per_day_of_recency": -0.032,  # around 50 days
    "per_year_of_membership": 1.54,  # around one year
    "per_teenager": -0.93,
    "per_child": 0.7,  # at the same spending
    "single": 1.28,  # single, divorced or widowed rather than married or together
    "per_log_spending": 0.39,  # around SPENDING_REFERENCE
    "per_10m_income": -0.1,  # around 50,000 thousand (the spending carries most of income's effect)
}
RESPONSE_BY_EDUCATION = {"S3": 0.8, "SMA": -1.63}  # against the other levels
SHARPNESS = 1.2
# Living without a partner: single, divorced, widowed.
SINGLE = ("Lajang", "Cerai", "Janda", "Duda")


@dataclass(frozen=True)
class Chunk:
    """Where one chunk of a table starts, how many rows it holds, and its own seed."""

    index: int
    start: int
    rows: int
    seed: np.random.SeedSequence


def plan_chunks(rows: int, seed: int, chunk_rows: int = CHUNK_ROWS) -> list[Chunk]:
    """The chunks of a table of ``rows`` customers; chunk ``i`` always gets child ``i`` of the seed."""
    if rows < MIN_ROWS:
        raise ValueError(f"rows must be at least {MIN_ROWS}")
    starts = range(0, rows, chunk_rows)
    # A short last chunk would lack room for its duplicates and quirks: fold it into the previous one.
    if len(starts) > 1 and rows - starts[-1] < MIN_ROWS:
        starts = starts[:-1]
    ends = [*starts[1:], rows]
    seeds = np.random.SeedSequence(seed).spawn(len(starts))
    return [Chunk(i, start, end - start, s) for i, (start, end, s) in enumerate(zip(starts, ends, seeds))]


def _choice_by_row(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row from that row's categorical distribution."""
    cumulative = probabilities.cumsum(axis=1)
    return (rng.random((len(probabilities), 1)) > cumulative).sum(axis=1)


def _categories(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    labels = np.array(list(shares))
    weights = np.array(list(shares.values()))
    return labels[rng.choice(len(labels), size=size, p=weights / weights.sum())]


def _logistic(x):
    return 1 / (1 + np.exp(-x))


def _of_type(kind: np.ndarray, parameter: str) -> np.ndarray:
    """A type parameter per customer."""
    return TYPES[parameter].to_numpy()[kind]


def _total_spending(rng, income, kidhome, teenhome, kind) -> np.ndarray:
    """Two years of spending in thousands: a small base plus income-driven discretionary spending."""
    size = len(income)
    base = BASE_SPENDING * rng.lognormal(0, BASE_SPREAD, size)
    discretionary = (
        DISCRETIONARY_CAP
        * _logistic((income - INCOME_MIDPOINT) / INCOME_WIDTH)
        * PER_KID**kidhome
        * PER_TEEN**teenhome
        * np.exp(np.minimum(rng.normal(0, DISCRETIONARY_SPREAD, size), DISCRETIONARY_CEILING))
    )
    return base + discretionary


def _category_amounts(rng, spending, birth_year, children, frequency, kind) -> np.ndarray:
    """Spending per category in whole thousands: a per-customer mix of the total."""
    size = len(spending)
    fresh = rng.standard_normal((size, 1))
    relative_spending = np.log(spending / SPENDING_REFERENCE)[:, None]
    log_weights = (
        np.log(CATEGORY_SHARE)
        + MIX_SHIFT[kind]
        + np.where(relative_spending < 0, SLOPE_BELOW_REFERENCE, SLOPE_ABOVE_REFERENCE) * relative_spending
        + CATEGORY_FRESH_LOADING * fresh
        + CATEGORY_AGE_SLOPE * ((birth_year - 1970) / 10)[:, None]
        + CATEGORY_CHILD_SLOPE * children[:, None]
        + np.array([0, 0, 0, 0, 0, GOLD_FREQUENCY]) * np.log(frequency)[:, None]
        + CATEGORY_NOISE * rng.standard_normal((size, len(CATEGORY_SHARE)))
    )
    weights = np.exp(log_weights)
    # Truncated to whole thousands, as the real amounts are whole units of the original.
    return np.floor(spending[:, None] * weights / weights.sum(axis=1, keepdims=True))


def _bounded_count(rng, mean) -> np.ndarray:
    """Counts from 0 to CHANNEL_TRIALS with the given means (capped at the maximum)."""
    return rng.binomial(CHANNEL_TRIALS, np.minimum(mean / CHANNEL_TRIALS, 1.0))


def _purchases(rng, spending, income, kidhome, teenhome, bargain, frequency) -> np.ndarray:
    """Purchases per channel: deals, web, catalog, store."""
    size = len(spending)
    # A customer who spent nothing has no activity: log(0) is -inf and the logistic of it 0, as meant.
    with np.errstate(divide="ignore"):
        activity = _logistic(np.log(spending / ACTIVITY_MIDPOINT) / ACTIVITY_WIDTH)
    web = _bounded_count(
        rng, (WEB_PURCHASES[0] + WEB_PURCHASES[1] * activity) * bargain ** WEB_PURCHASES[2] * frequency
    )
    catalog = _bounded_count(
        rng,
        (CATALOG_PURCHASES[0] + CATALOG_PURCHASES[1] * activity**2)
        * CATALOG_PER_CHILD ** (kidhome + teenhome)
        * frequency,
    )
    store = STORE_PURCHASES[0] + _bounded_count(
        rng, (STORE_PURCHASES[1] + STORE_PURCHASES[2] * activity ** STORE_PURCHASES[3]) * frequency
    )
    affordability = 1 - DEALS_INCOME_DROP * _logistic((income - DEALS_INCOME_FROM) / 6_000)
    deal_rate = (
        (DEALS[0] + DEALS[1] * kidhome + DEALS[2] * teenhome) * bargain * (0.25 + activity) * affordability * frequency
    )
    deals = np.where(rng.random(size) < ZERO_DEALS_RATE, 0, 1 + rng.poisson(deal_rate))
    return np.column_stack([deals, web, catalog, store]).astype(np.int64)


def _web_visits(rng, income, children, bargain) -> np.ndarray:
    intercept, per_income, per_child, per_bargain = VISITS_LOGIT
    logit = intercept + per_income * (income - 30_000) / 1_000 + per_child * children + per_bargain * np.log(bargain)
    logit += VISITS_SPREAD * rng.standard_normal(len(income))
    visits = 1 + rng.binomial(VISITS_TRIALS, _logistic(logit))
    visits[rng.random(len(income)) < ZERO_VISIT_RATE] = 0
    return visits


def _campaigns(rng, spending, kind) -> np.ndarray:
    """Acceptance of campaigns 1 to 5, concentrated among high spenders."""
    logit = CAMPAIGN_LOGIT[:, 0] + CAMPAIGN_LOGIT[:, 1] * np.log(spending / SPENDING_REFERENCE)[:, None]
    probability = _logistic(logit) * _of_type(kind, "campaign_factor")[:, None]
    return (rng.random(probability.shape) < probability).astype(int)


def draw_response(
    rng, accepted, recency, kidhome, teenhome, enrolled, spending, income, education, marital
) -> np.ndarray:
    weights = RESPONSE_LOGIT
    years_member = (END - enrolled).astype("timedelta64[D]").astype(int) / 365.25
    slopes = (
        weights["per_accepted_campaign"] * accepted.sum(axis=1)
        + weights["per_day_of_recency"] * (recency - 50)
        + weights["per_year_of_membership"] * (years_member - 1)
        + weights["per_teenager"] * teenhome
        + weights["per_child"] * kidhome
        + weights["single"] * np.isin(marital, SINGLE)
        + weights["per_log_spending"] * np.log(spending / SPENDING_REFERENCE)
        + weights["per_10m_income"] * (income - 50_000) / 10_000
        + pd.Series(education).map(RESPONSE_BY_EDUCATION).fillna(0.0).to_numpy()
    )
    return (rng.random(len(recency)) < _logistic(weights["intercept"] + SHARPNESS * slopes)).astype(int)


def draw_customers(rng: np.random.Generator, size: int) -> pd.DataFrame:
    """``size`` distinct customers in the canonical layout, without IDs or quirks."""
    kind = rng.choice(len(TYPES), size=size, p=TYPES["share"].to_numpy())
    income = np.clip(rng.normal(_of_type(kind, "income_mean"), _of_type(kind, "income_sd")), 1_730, 160_000)
    birth_year = np.clip(
        np.round(rng.normal(_of_type(kind, "birth_year_mean"), _of_type(kind, "birth_year_sd"))), 1940, 1996
    )
    kidhome = _choice_by_row(rng, KIDHOME[kind])
    teenhome = _choice_by_row(rng, TEENHOME[kind])
    children = kidhome + teenhome

    spending = _total_spending(rng, income, kidhome, teenhome, kind)
    frequency = rng.lognormal(0, FREQUENCY_SPREAD, size)
    amounts = _category_amounts(rng, spending, birth_year, children, frequency, kind)
    bargain = rng.lognormal(0, BARGAIN_SPREAD, size)
    purchases = _purchases(rng, amounts.sum(axis=1), income, kidhome, teenhome, bargain, frequency)
    web_visits = _web_visits(rng, income, children, bargain)
    accepted = _campaigns(rng, spending, kind)
    recency = rng.integers(0, 100, size)
    enrolled = START + rng.integers(0, int((END - START).astype(int)) + 1, size).astype("timedelta64[D]")
    # Drawn in the order the table lists them, so each column keeps its stream of random numbers.
    education = _categories(rng, EDUCATION, size)
    marital = _categories(rng, MARITAL, size)
    complain = (rng.random(size) < COMPLAIN_RATE).astype(int)
    response = draw_response(rng, accepted, recency, kidhome, teenhome, enrolled, spending, income, education, marital)

    return pd.DataFrame(
        {
            "Year_Birth": birth_year.astype(int),
            "Education": education,
            "Marital_Status": marital,
            "Income": np.round(income) * 1_000.0,
            "Kidhome": kidhome,
            "Teenhome": teenhome,
            "Dt_Customer": enrolled,
            "Recency": recency,
            **{name: amounts[:, i].astype(int) * 1_000 for i, name in enumerate(columns.SPENDING)},
            **{name: purchases[:, i] for i, name in enumerate(columns.PURCHASES)},
            "NumWebVisitsMonth": web_visits,
            **{f"AcceptedCmp{i + 1}": accepted[:, i] for i in range(5)},
            "Complain": complain,
            "Z_CostContact": 3,
            "Z_Revenue": 11,
            "Response": response,
        }
    )


def _chunk(chunk: Chunk) -> pd.DataFrame:
    """One chunk: customers, some repeated under another ID, shuffled, with IDs unique across chunks.

    The planted quirks (impossible birth years, the placeholder income) go into
    chunk 0 only, on customers that are not repeated, so the table holds
    exactly one of each at any size.
    """
    rng = np.random.default_rng(chunk.seed)
    duplicates = int(round(chunk.rows * DUPLICATE_RATE))
    frame = draw_customers(rng, chunk.rows - duplicates)
    frame.loc[rng.random(len(frame)) < MISSING_INCOME_RATE, "Income"] = np.nan
    repeated = rng.choice(len(frame), duplicates, replace=False)
    if chunk.index == 0:
        planted = rng.choice(
            np.setdiff1d(np.arange(len(frame)), repeated), len(IMPOSSIBLE_BIRTH_YEARS) + 1, replace=False
        )
        frame.loc[planted[:-1], "Year_Birth"] = IMPOSSIBLE_BIRTH_YEARS
        frame.loc[planted[-1], "Income"] = EXTREME_INCOME
    frame = pd.concat([frame, frame.iloc[repeated]], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    # Disjoint ID ranges per chunk keep IDs unique without knowing the other chunks.
    span = ID_SPAN_PER_ROW * chunk.rows
    frame.insert(0, columns.ID, ID_SPAN_PER_ROW * chunk.start + rng.choice(span, chunk.rows, replace=False))
    frame.index = pd.RangeIndex(chunk.start, chunk.start + chunk.rows)
    return frame.loc[:, list(columns.RAW)]


def generate_chunks(rows: int, seed: int, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """The table of ``rows`` customers chunk by chunk, indexed by row number across the table."""
    for chunk in plan_chunks(rows, seed, chunk_rows):
        yield _chunk(chunk)


def generate(rows: int, seed: int, chunk_rows: int = CHUNK_ROWS) -> pd.DataFrame:
    """``rows`` synthetic customers in the canonical layout, identical for the same (rows, seed)."""
    return pd.concat(generate_chunks(rows, seed, chunk_rows)).reset_index(drop=True)


def chunks_in_layout(
    rows: int, seed: int, layout: str = "rakamin", chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """The table of ``rows`` customers chunk by chunk as a file of ``layout`` lays it out (the parts of a
    dataset folder)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    for chunk in generate_chunks(rows, seed, chunk_rows):
        yield in_layout(chunk, layout)


def in_layout(frame: pd.DataFrame, layout: str = "rakamin") -> pd.DataFrame:
    """The table as a file of ``layout`` lays it out: dd-mm-yyyy dates; the original also in plain units,
    English labels and MntWines."""
    out = frame.assign(Dt_Customer=frame["Dt_Customer"].dt.strftime("%d-%m-%Y"))
    if layout == "rakamin":
        return out
    if layout != "original":
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    plain = RUPIAH_PER_PLAIN_UNIT
    return out.assign(
        Income=out["Income"] / plain,
        **{c: out[c] // plain for c in columns.SPENDING},
        **{c: out[c].map(ENGLISH_LABELS[c]) for c in ENGLISH_LABELS},
    ).rename(columns={"MntCoke": "MntWines"})


# Text files in the original layout are tab-separated, as the public file; .tsv says so.
OUTPUT_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet")


def write_table(chunks, path: str | Path, layout: str = "rakamin") -> Path:
    """Stream chunks of the canonical table to ``path`` (CSV, or Parquet by extension) in ``layout``.

    The Rakamin file keeps pandas' index column; the public original is tab-separated without one.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    csv_options = {"index": True} if layout == "rakamin" else {"sep": "\t"}
    with ChunkedTableWriter(path, OUTPUT_SUFFIXES, **csv_options) as writer:
        for chunk in chunks:
            writer.write(in_layout(chunk, layout))
    return writer.target


def write(rows: int, seed: int, path: str | Path, layout: str = "rakamin", chunk_rows: int = CHUNK_ROWS) -> Path:
    """Generate ``rows`` customers chunk by chunk straight into ``path``: memory stays flat at any size."""
    return write_table(generate_chunks(rows, seed, chunk_rows), path, layout)


def write_rakamin_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """The table as the Rakamin file lays it out (CSV or Parquet by extension): index column, dd-mm-yyyy dates."""
    return write_table([frame], path, "rakamin")
