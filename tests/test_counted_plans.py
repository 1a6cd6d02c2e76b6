"""The plans counted on every customer by the engine's workers: the same plans, intervals and per-persona figures
as drawn in memory when they see the same customers, on both engines; the final model's probabilities for the
customers outside the learning sample; and a budget's last customer found across the file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from distributed import Client
from sklearn.metrics import roc_auc_score

from helpers.campaign import counted_plans, holdout, targeting
from helpers.campaign.economics import Economics
from helpers.campaign.response_model import model_matrix, probability
from helpers.engine import parquet_dataset
from helpers.engine.seam import engine_for
from helpers.segmentation import model_store
from tests.clusters import small_local_cluster

REFERENCE_YEAR = 2023
SEED = 123


@pytest.fixture(scope="module")
def run(default_report) -> dict:
    """The default report's hand-overs: every customer, the saved segmentation, personas and response model."""
    artifacts = default_report / "artifacts"
    summary = pd.read_json(artifacts / "summary.json", typ="series")
    return {
        "customers": parquet_dataset.read_dataset(artifacts / "customers.parquet"),
        "predictions": parquet_dataset.read_dataset(artifacts / "response_predictions.parquet"),
        "segmentation": model_store.load_trusted(artifacts / "pipeline.skops"),
        "response": model_store.load_trusted(artifacts / "response_model.skops"),
        "personas": pd.read_csv(artifacts / "personas.csv", index_col="persona_id"),
        "economics": Economics.of(summary["economics"]),
    }


@pytest.fixture(scope="module")
def client():
    with small_local_cluster() as cluster, Client(cluster) as client:
        yield client


def _models(run: dict, held_out: pd.DataFrame) -> counted_plans.Models:
    probabilities = held_out.set_index("ID")["probability"]
    return counted_plans.Models(run["segmentation"], run["personas"], run["response"], probabilities, REFERENCE_YEAR)


def _in_memory(run: dict, budget=None) -> targeting.Targeting:
    personas_of = targeting.persona_of_every_customer(run["segmentation"], run["customers"], run["personas"])
    return targeting.compare(
        run["customers"], run["predictions"], personas_of, run["personas"], run["economics"], SEED, budget
    )


@pytest.mark.parametrize("limit", [None, (300.0, None), (None, 5_000)])
def test_counted_on_the_same_customers_the_plans_are_those_drawn_in_memory_on_both_engines(run, client, limit):
    # Every customer of the default data is in its learning sample: each carries their held-out probability.
    budget = None if limit is None else targeting.Budget.of(run["economics"], *limit, len(run["customers"]))
    expected = _in_memory(run, budget)
    for engine, table in (
        (engine_for("pandas"), run["customers"]),
        (engine_for("dask", client), _partitioned(run["customers"])),
    ):
        counted = counted_plans.compare(engine, table, _models(run, run["predictions"]), run["economics"], SEED, budget)
        # Plans, intervals (the same resamples of the same kinds of customers) and figures per persona.
        pd.testing.assert_frame_equal(counted.plans, expected.plans, check_dtype=False)
        pd.testing.assert_frame_equal(counted.by_persona, expected.by_persona, check_dtype=False)
        # The decisions customer by customer, ranked by the workers on Dask.
        contacts = counted.contacts if isinstance(counted.contacts, pd.DataFrame) else counted.contacts.compute()
        pd.testing.assert_frame_equal(contacts.reset_index(drop=True), expected.contacts)
        assert (counted.customers, counted.responders) == (expected.customers, expected.responders)
        assert counted.persona_plan_ids == expected.persona_plan_ids and not counted.scored_beyond_sample
        # The curves come from score bins: from nobody to everyone, ending at contacting everyone.
        assert counted.curve["share_percent"].iloc[-1] == pytest.approx(100)
        assert counted.curve["profit"].iloc[-1] == pytest.approx(expected.plans.at["everyone", "expected_profit"])
        assert len(counted.calibration) == targeting.CALIBRATION_BINS
        assert counted.calibration["predicted"].is_monotonic_increasing
    if limit is not None:
        within = expected.plans.at["within_budget", "customers"]
        assert within == min(budget.allowed, expected.plans.at["response_model", "customers"])


def _partitioned(customers: pd.DataFrame):
    """The customers shuffled into five partitions: nothing may depend on their order."""
    import dask.dataframe as dd

    return dd.from_pandas(customers.sample(frac=1, random_state=4), npartitions=5)


def test_outside_the_learning_sample_the_final_model_scores_the_customers(run):
    # Half the customers held out of the learning sample: the plan counts them with the final model's probability.
    customers, economics = run["customers"], run["economics"]
    sample_ids = customers.loc[customers["ID"] % 2 == 0, "ID"]
    held_out = run["predictions"].loc[run["predictions"]["ID"].isin(sample_ids)]
    counted = counted_plans.compare(engine_for("pandas"), customers, _models(run, held_out), economics, SEED)
    known = customers.loc[customers["Response"].notna()]
    final = pd.Series(probability(run["response"], model_matrix(known, REFERENCE_YEAR)), index=known["ID"].values)
    chance = known["ID"].map(held_out.set_index("ID")["probability"]).fillna(known["ID"].map(final))
    chosen = economics.contact(chance.to_numpy())
    plan = counted.plans.loc["response_model"]
    assert plan["customers"] == chosen.sum()
    assert plan["responders"] == known.loc[chosen, "Response"].sum()
    assert counted.customers == len(known) and counted.fitting_sample == len(held_out)
    # The list holds every customer, best first: the sample's with their held-out probabilities, the others with
    # the final model's.
    listed = counted.contacts.set_index("ID")
    assert len(listed) == len(known) and counted.contacts["rank"].tolist() == list(range(1, len(known) + 1))
    assert counted.contacts["expected_profit"].is_monotonic_decreasing
    np.testing.assert_allclose(listed.loc[held_out["ID"], "probability"], held_out["probability"])
    others = known.loc[~known["ID"].isin(held_out["ID"]), "ID"]
    np.testing.assert_allclose(listed.loc[others, "probability"], final.loc[others])
    assert listed["contact"].sum() == plan["customers"]
    assert not np.allclose(final.loc[held_out["ID"]].to_numpy(), held_out["probability"].to_numpy())


def test_the_held_out_figures_from_the_plans_score_bins_are_those_counted_on_their_own(run, client):
    # Half the customers in the learning sample: the others are held out, with a known response.
    customers, economics = run["customers"], run["economics"]
    sample_ids = customers.loc[customers["ID"] % 2 == 0, "ID"]
    held_out = run["predictions"].loc[run["predictions"]["ID"].isin(sample_ids)]
    unseen = customers.loc[customers["Response"].notna() & ~customers["ID"].isin(sample_ids)]
    exact_auc = roc_auc_score(unseen["Response"], probability(run["response"], model_matrix(unseen, REFERENCE_YEAR)))
    for engine, table in ((engine_for("pandas"), customers), (engine_for("dask", client), _partitioned(customers))):
        counted = counted_plans.compare(engine, table, _models(run, held_out), economics, SEED)
        alone, from_bins = (
            holdout.measure(engine, table, run["response"], sample_ids, REFERENCE_YEAR, economics, bins)
            for bins in (None, counted.held_out_bins)
        )
        assert from_bins.customers == alone.customers == len(unseen)
        assert (from_bins.contacted, from_bins.responders, from_bins.profit) == (
            alone.contacted,
            alone.responders,
            alone.profit,
        )
        # Bins drawn on every scored customer, not on the held-out ones alone: the AUC as close to the exact one.
        assert from_bins.auc == pytest.approx(exact_auc, abs=0.005) and alone.auc == pytest.approx(exact_auc, abs=0.005)


def test_a_budgets_last_customer_is_the_last_it_pays_for_ties_in_id_order():
    economics = Economics.of({"contact_cost": 3.0, "revenue": 11.0})
    customers = pd.DataFrame({"ID": [5, 1, 9, 3, 7], "probability": [0.9, 0.5, 0.5, 0.5, 0.1]})
    engine = engine_for("pandas")
    for allowed, chosen in ((1, [5]), (2, [5, 1]), (3, [5, 1, 3]), (4, [5, 1, 3, 9])):
        budget = targeting.Budget(300.0, None, allowed)
        boundary = targeting.budget_boundary(engine, customers, budget, economics)
        within = targeting.within_boundary(customers, boundary, economics)
        assert sorted(customers.loc[within, "ID"]) == sorted(chosen)
    # Room for every customer worth contacting: no last one, and 0.1 (below 3/11) is never contacted.
    assert targeting.budget_boundary(engine, customers, targeting.Budget(None, 5, 5), economics) is None
    assert targeting.within_boundary(customers, None, economics).tolist() == [True, True, True, True, False]
