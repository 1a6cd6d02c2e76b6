"""A rerun's comparison with an earlier report counted on the engine's side: the agreement, the shares, the
migration, the drift, the medians and the payoff of the earlier plan equal on pandas and on Dask, and equal to
what the labels and columns give when held whole (scikit-learn's adjusted Rand index, the stability index of two
arrays)."""

from __future__ import annotations

import dataclasses

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client
from sklearn.metrics import adjusted_rand_score

from helpers.campaign import payoff
from helpers.data import drift
from helpers.engine import parquet_dataset
from helpers.engine.seam import engine_for
from helpers.report.previous_report import open_previous
from helpers.segmentation import continuity, personas
from tests.clusters import small_local_cluster

SEED = 7


@pytest.fixture(scope="module")
def client():
    with small_local_cluster() as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def this_run(default_report) -> dict:
    """A later file made from the default report's customers: some gone, some new under new IDs, incomes and
    spending moved for a third, and a refit that puts a tenth of the analysed customers in another segment."""
    artifacts = default_report / "artifacts"
    rng = np.random.default_rng(SEED)
    customers = parquet_dataset.read_dataset(artifacts / "customers.parquet")
    kept = customers.sample(frac=0.9, random_state=SEED)
    newcomers = customers.sample(n=150, random_state=SEED + 1).assign(ID=lambda t: t["ID"] + 1_000_000)
    later = pd.concat([kept, newcomers], ignore_index=True)
    moved = rng.random(len(later)) < 1 / 3
    for column in ("Income", "MntCoke", "Total_Spending"):
        later.loc[moved, column] = later.loc[moved, column] * 1.6
    assigned = parquet_dataset.read_dataset(artifacts / "clusters.parquet")
    regrouped = rng.random(len(assigned)) < 0.1
    labels = np.sort(assigned["segment"].unique())
    assigned.loc[regrouped, "segment"] = rng.choice(labels, regrouped.sum())
    table = personas.personas_from(personas.segment_figures(engine_for("pandas"), assigned))
    return {"every_customer": later, "every_assigned": assigned, "persona_table": table}


def _on(engine, run: dict, default_report):
    if engine.name == "pandas":
        tables = {name: run[name] for name in ("every_customer", "every_assigned")}
    else:  # shuffled, in several partitions
        tables = {
            name: dd.from_pandas(run[name].sample(frac=1, random_state=SEED), npartitions=5)
            for name in ("every_customer", "every_assigned")
        }
    previous = open_previous(default_report)
    return continuity.since_previous(
        engine,
        previous,
        tables["every_assigned"],
        run["persona_table"],
        tables["every_customer"],
        previous.summary["data"]["currency"],
    )


@pytest.fixture(scope="module")
def compared(this_run, default_report, client) -> dict:
    return {name: _on(engine_for(name, client if name == "dask" else None), this_run, default_report)
            for name in ("pandas", "dask")}  # fmt: skip


def test_the_comparison_is_the_same_on_both_engines(compared):
    (rekeyed, pandas_side), (dask_rekeyed, dask_side) = compared["pandas"], compared["dask"]
    pd.testing.assert_frame_equal(rekeyed, dask_rekeyed)
    assert pandas_side.continuity == dask_side.continuity
    assert pandas_side.analysed == dask_side.analysed
    pd.testing.assert_frame_equal(pandas_side.shares, dask_side.shares)
    pd.testing.assert_frame_equal(pandas_side.moves, dask_side.moves)
    pd.testing.assert_series_equal(pandas_side.psi, dask_side.psi, rtol=1e-12)
    pd.testing.assert_frame_equal(pandas_side.medians, dask_side.medians)
    assert pandas_side.record() == dask_side.record()


def test_the_counts_are_what_the_customers_held_whole_give(compared, this_run, default_report):
    _, comparison = compared["pandas"]
    previous = open_previous(default_report)
    assigned, table = this_run["every_assigned"], this_run["persona_table"]
    now = personas.persona_of(assigned["segment"], table).map(table["persona_key"])
    earlier = continuity.earlier_personas(previous.model, assigned, previous.summary["data"]["currency"])
    assert comparison.continuity.agreement_ari == pytest.approx(adjusted_rand_score(earlier, now), abs=1e-12)
    assert 0.3 < comparison.continuity.agreement_ari < 1
    assert comparison.analysed == len(assigned)
    then_customers, later = previous.customers(engine_for("pandas")), this_run["every_customer"]
    for feature in ("Income", "Recency"):
        expected = drift.psi(then_customers[feature], later[feature])
        assert comparison.psi[feature] == pytest.approx(expected, rel=1e-12)
    assert comparison.psi["Income"] > 0.05 and comparison.psi["Recency"] < 0.05
    moves = comparison.moves
    # 10% of the earlier customers left and 150 arrived; every earlier customer is counted once.
    assert moves.loc["new"].sum() == 150 and moves["left"].sum() == len(then_customers) - round(
        0.9 * len(then_customers)
    )
    assert moves.drop(index="new").to_numpy().sum() == len(then_customers)


def test_the_adjusted_rand_index_of_a_cross_table_is_scikit_learns():
    rng = np.random.default_rng(SEED)
    for size, groups in ((40, 2), (500, 4), (3000, 6)):
        a, b = rng.integers(0, groups, size), rng.integers(0, groups + 1, size)
        b[: size // 2] = a[: size // 2]
        overlap = pd.crosstab(a, b)
        assert continuity.adjusted_rand(overlap) == pytest.approx(adjusted_rand_score(a, b), abs=1e-12)
    assert continuity.adjusted_rand(pd.crosstab(np.zeros(5), np.zeros(5))) == 1.0


def test_the_payoff_is_the_same_on_both_engines(client):
    rng = np.random.default_rng(SEED)
    predictions = pd.DataFrame({"ID": np.arange(1, 1001), "probability": rng.beta(1, 6, 1000)})
    # 900 of the earlier customers are still here, 100 arrived; a twentieth have no outcome yet.
    customers = pd.DataFrame({"ID": np.r_[np.arange(101, 1001), np.arange(5001, 5101)]})
    customers["Response"] = np.where(rng.random(len(customers)) < 0.05, np.nan, rng.random(len(customers)) < 0.2)
    costs, plan = {"contact_cost": 3.0, "revenue": 11.0}, {"customers": 100, "expected_profit": 250.0,
                                                           "expected_profit_ci": [100.0, 400.0]}  # fmt: skip
    on_pandas = payoff.evaluate(engine_for("pandas"), predictions, costs, plan, customers)
    shuffled = {name: dd.from_pandas(frame.sample(frac=1, random_state=SEED), npartitions=4)
                for name, frame in (("predictions", predictions), ("customers", customers))}  # fmt: skip
    on_dask = payoff.evaluate(engine_for("dask", client), shuffled["predictions"], costs, plan, shuffled["customers"])
    assert on_pandas.contacted > 0 and on_pandas.passed_over > 0
    assert (
        on_pandas.contacted + on_pandas.passed_over == customers["ID"].le(1000).mul(customers["Response"].notna()).sum()
    )
    for field in dataclasses.fields(payoff.Payoff):
        assert getattr(on_dask, field.name) == pytest.approx(getattr(on_pandas, field.name), rel=1e-12), field.name
