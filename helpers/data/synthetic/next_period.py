"""The same customers a period later, so that the monthly rerun can be shown and tested end to end.

A period later some customers have gone and some have joined; those who stayed
spent a little more or less (the same change across their categories, with a
little noise each), bought accordingly, visited the website about as often and
last bought at another time. The last campaign's outcome becomes the fifth
earlier campaign, and a new campaign's outcome is drawn for everyone from the
generator's own response mechanism. The result depends only on the input and the seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import columns
from helpers.data.synthetic import generator

LEAVING_RATE = 0.05
JOINING_RATE = 0.06
PERIOD_DAYS = 30
# Spending of a customer who stays changes by a factor exp(N(drift, spread)), each category by a little more.
SPENDING_DRIFT, SPENDING_SPREAD, CATEGORY_SPREAD = 0.03, 0.15, 0.05
# Purchases follow spending, less than proportionally (baskets grow as well as visits).
PURCHASE_ELASTICITY = 0.7
# The generator counts money in thousands of rupiah.
THOUSAND = 1_000.0


def _drifted(stayed: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Spending, purchases, recency, web visits and earlier campaigns of the customers who stayed."""
    size = len(stayed)
    factor = np.exp(rng.normal(SPENDING_DRIFT, SPENDING_SPREAD, size))
    category_factor = factor[:, None] * np.exp(rng.normal(0, CATEGORY_SPREAD, (size, len(columns.SPENDING))))
    spending = np.round(stayed[list(columns.SPENDING)].to_numpy() * category_factor / THOUSAND) * THOUSAND
    purchases = np.round(stayed[list(columns.PURCHASES)].to_numpy() * (factor**PURCHASE_ELASTICITY)[:, None])
    visits = np.clip(stayed["NumWebVisitsMonth"].to_numpy() + rng.integers(-1, 2, size), 0, None)
    # The last campaign becomes the most recent of the earlier five.
    campaigns = np.column_stack(
        [stayed[list(columns.CAMPAIGNS[1:])].to_numpy(), stayed[columns.OUTCOME].fillna(0).to_numpy()]
    )
    return stayed.assign(
        **{name: spending[:, i].astype(int) for i, name in enumerate(columns.SPENDING)},
        **{name: purchases[:, i].astype(int) for i, name in enumerate(columns.PURCHASES)},
        NumWebVisitsMonth=visits.astype(int),
        **{name: campaigns[:, i].astype(int) for i, name in enumerate(columns.CAMPAIGNS)},
        Recency=rng.integers(0, 100, size),
    )


def _joined(rng: np.random.Generator, size: int, first_id: int, enrolled_after: np.datetime64) -> pd.DataFrame:
    """``size`` new customers, enrolled during the period, with IDs above every existing one."""
    joined = generator.draw_customers(rng, size)
    enrolled = enrolled_after + rng.integers(1, PERIOD_DAYS + 1, size).astype("timedelta64[D]")
    ids = first_id + np.sort(rng.choice(generator.ID_SPAN_PER_ROW * size, size, replace=False))
    return joined.assign(Dt_Customer=pd.to_datetime(enrolled)).assign(**{columns.ID: ids}).loc[:, list(columns.RAW)]


def _with_new_outcome(customers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The new campaign's outcome for every customer, from the generator's response mechanism."""
    income = customers["Income"].fillna(customers["Income"].median()).to_numpy() / THOUSAND
    spending = np.maximum(customers[list(columns.SPENDING)].sum(axis=1).to_numpy() / THOUSAND, 1.0)
    response = generator.draw_response(
        rng,
        customers[list(columns.CAMPAIGNS)].to_numpy(),
        customers["Recency"].to_numpy(),
        customers["Kidhome"].to_numpy(),
        customers["Teenhome"].to_numpy(),
        customers["Dt_Customer"].to_numpy().astype("datetime64[D]"),
        spending,
        income,
        customers["Education"].to_numpy(),
        customers["Marital_Status"].to_numpy(),
    )
    return customers.assign(**{columns.OUTCOME: response, "Z_CostContact": 3, "Z_Revenue": 11})


def next_period(customers: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The canonical table ``customers`` a period later: same IDs for those who stayed, new ones for newcomers."""
    rng = np.random.default_rng(seed)
    stayed = customers.loc[rng.random(len(customers)) >= LEAVING_RATE].reset_index(drop=True)
    joining = max(1, round(JOINING_RATE * len(customers)))
    first_id = int(customers[columns.ID].max()) + 1
    latest = customers["Dt_Customer"].max().to_datetime64().astype("datetime64[D]")
    table = pd.concat([_drifted(stayed, rng), _joined(rng, joining, first_id, latest)], ignore_index=True).loc[
        :, list(columns.RAW)
    ]
    return _with_new_outcome(table, rng)
