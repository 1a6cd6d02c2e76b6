"""The plans' arithmetic on a hand-made example, and the targeting summary tools rely on."""

import json

import numpy as np
import pandas as pd
import pytest

from helpers.campaign import targeting
from helpers.campaign.economics import Economics
from helpers.errors import InputDataError, StageInputMissing
from helpers.segmentation import personas

CASE_STUDY = {"contact_cost": 3.0, "revenue": 11.0, "contact_cost_source": "file", "revenue_source": "file"}
TARGETING_KEYS = {
    "model", "cv_auc", "cv_auc_ci", "break_even_probability", "contact_cost", "revenue", "customers", "plan",
    "contact_everyone_profit", "best_persona_plan_profit", "perfect_targeting_profit", "budget", "top_drivers",
    "holdout_customers", "holdout_auc", "holdout_plan_customers", "holdout_plan_profit",
}  # fmt: skip
PLAN_KEYS = {"customers", "share_percent", "responders_reached_percent", "expected_profit", "expected_profit_ci"}


def _example_inputs():
    """Ten customers of two personas: persona 1 has three of the four responders."""
    base = pd.DataFrame(
        {
            "ID": range(10),
            "Response": [1, 1, 0, 1, 0, 0, 0, 1, 0, 0],
            "Total_Accepted_Campaign": 0,
            # Customers 3, 8 and 9 lie outside the IQR fences the personas describe.
            "inside_fences": [True, True, True, False, True, True, True, True, False, False],
        }
    )
    probability = [0.9, 0.6, 0.3, 0.2, 0.1, 0.1, 0.05, 0.5, 0.28, 0.27]
    predictions = pd.DataFrame({"ID": base["ID"], "probability": probability})
    persona_ids = pd.Series([1, 1, 1, 1, 2, 2, 2, 2, 2, 2], index=base.index)
    persona_table = pd.DataFrame({"persona": ["A", "B"]}, index=pd.Index([1, 2], name="persona_id"))
    return base, predictions, persona_ids, persona_table


@pytest.fixture(autouse=True)
def _personas_of_any_size(monkeypatch):
    """The hand-made personas of a few customers stand for personas large enough to act on."""
    monkeypatch.setattr(personas, "MIN_PERSONA_CUSTOMERS", 1)


@pytest.fixture
def example():
    base, predictions, persona_ids, persona_table = _example_inputs()
    return targeting.compare(base, predictions, persona_ids, persona_table, CASE_STUDY, random_state=0)


def test_hand_overs_in_another_order_give_the_same_plans(example):
    base, predictions, persona_ids, persona_table = _example_inputs()
    # The predictions and the personas are matched to the customers by ID and index, never by position.
    shuffled = predictions.sample(frac=1, random_state=1).reset_index(drop=True)
    reordered = targeting.compare(
        base, shuffled, persona_ids.sample(frac=1, random_state=2), persona_table, CASE_STUDY, random_state=0
    )
    pd.testing.assert_frame_equal(reordered.plans, example.plans)
    pd.testing.assert_frame_equal(reordered.by_persona, example.by_persona)


def test_predictions_of_other_customers_are_refused():
    base, predictions, _, _ = _example_inputs()
    with pytest.raises(StageInputMissing):
        targeting.read_predictions(predictions.assign(ID=predictions["ID"] + 1), base)
    with pytest.raises(StageInputMissing):
        targeting.read_predictions(predictions.iloc[1:], base)


def test_the_plans_on_a_hand_made_example(example):
    plans = example.plans
    # contact everyone: 4 acceptances of 11, 10 contacts of 3
    assert plans.loc["everyone", ["customers", "responders", "expected_profit"]].tolist() == [10, 4, 44 - 30]
    # the model contacts probability x 11 > 3, i.e. above 3/11 = 0.2727: customers 0, 1, 2, 7 and 8
    assert example.break_even_probability == pytest.approx(3 / 11)
    model = plans.loc["response_model"]
    assert (model["customers"], model["responders"], model["expected_profit"]) == (5, 3, 33 - 15)
    assert model["share_percent"] == 50 and model["responders_reached_percent"] == 75
    assert model["profit_per_contact"] == pytest.approx(18 / 5)
    # persona 1 earns 33 - 12 = 21 for four contacts, persona 2 loses 11 - 18 = -7: the persona plan is persona 1
    assert example.persona_plan_ids == [1]
    assert plans.loc["best_persona_plan", ["customers", "expected_profit"]].tolist() == [4, 21]
    assert plans.loc["perfect", ["customers", "expected_profit"]].tolist() == [4, 4 * (11 - 3)]
    assert (plans["profit_low"] <= plans["expected_profit"]).all()
    assert (plans["expected_profit"] <= plans["profit_high"]).all()
    assert plans.loc["perfect", "profit_low"] < plans.loc["perfect", "profit_high"]


def test_the_profit_curve_runs_from_nobody_to_everyone_likeliest_first(example):
    curve = example.curve
    assert curve["share_percent"].iloc[0] == 0 and curve["share_percent"].iloc[-1] == 100
    assert curve["profit"].iloc[-1] == example.plans.at["everyone", "expected_profit"]
    assert curve["responders_percent"].is_monotonic_increasing and curve["responders_percent"].iloc[-1] == 100
    # the likeliest customer accepted: 11 - 3
    assert curve["profit"].iloc[1] == 8
    assert ((curve["profit_low"] <= curve["profit"]) & (curve["profit"] <= curve["profit_high"])).all()


def test_per_persona_counts_add_up_to_the_plan(example):
    table = example.by_persona
    assert table.loc[1, ["customers", "contacted", "responders", "responders_reached"]].tolist() == [4, 3, 3, 2]
    assert table.loc[2, ["customers", "contacted", "responders", "responders_reached"]].tolist() == [6, 2, 1, 1]
    assert table["expected_profit"].sum() == example.plans.at["response_model", "expected_profit"]
    assert table.loc[1, "contacted_percent"] == 75
    assert table["outside_fences"].tolist() == [1, 2]


def test_the_summary_has_exactly_the_documented_keys(example):
    record = {"model": "logistic_regression", "cv_auc": 0.9, "cv_auc_ci": [0.85, 0.95], "drivers": [{"feature": "X"}]}
    summary = targeting.summary_record(example, record, CASE_STUDY, 10)
    assert set(summary) == TARGETING_KEYS and set(summary["plan"]) == PLAN_KEYS
    assert summary["plan"]["expected_profit"] == 18 and summary["top_drivers"] == ["X"]
    nothing = targeting.summary_record(None, {"status": "no_outcome"}, CASE_STUDY, 10)
    assert set(nothing) == TARGETING_KEYS and nothing["plan"] is None and nothing["model"] is None
    assert summary["budget"] is None and nothing["budget"] is None


def _within(budget: float | None = None, most: int | None = None):
    base, predictions, persona_ids, persona_table = _example_inputs()
    limit = targeting.Budget.of(Economics.of(CASE_STUDY), budget, most, len(base))
    return targeting.compare(base, predictions, persona_ids, persona_table, CASE_STUDY, 0, limit)


@pytest.mark.parametrize(
    ("budget", "most", "contacts"),
    [(9.0, None, 3), (10.5, None, 3), (None, 2, 2), (9.0, 1, 1), (1_000.0, None, 5), (None, 8, 5)],
)
def test_a_plan_within_a_budget_contacts_the_best_customers_it_pays_for(budget, most, contacts):
    # Five customers are worth contacting (probability above 3/11): 0.9, 0.6, 0.5, 0.3 and 0.28.
    result = _within(budget, most)
    within, unconstrained = result.plans.loc["within_budget"], result.plans.loc["response_model"]
    assert within["customers"] == contacts and result.plans.index.tolist() == list(targeting.PLANS)
    assert within["customers"] * 3 <= (budget if budget is not None else float("inf"))
    chosen = result.contacts.loc[result.contacts["within_budget"]]
    assert chosen["rank"].tolist() == list(range(1, contacts + 1)) and chosen["contact"].all()
    # Each contact it leaves out was worth making: what the model expects of it is never more than without a limit.
    expected = result.contacts.groupby("within_budget")["expected_profit"].sum()
    assert expected[True] <= result.contacts.loc[result.contacts["contact"], "expected_profit"].sum()
    assert unconstrained["customers"] == 5
    record = targeting.summary_record(result, {}, CASE_STUDY, 10)["budget"]
    assert set(record) == PLAN_KEYS | {"amount", "max_contacts", "contacts_allowed"}
    assert (record["customers"], record["amount"], record["max_contacts"]) == (contacts, budget, most)


def test_a_budget_that_pays_for_no_contact_is_refused_naming_the_cost():
    costs = Economics.of(CASE_STUDY)
    with pytest.raises(InputDataError, match="a budget of 2 pays for no contact at 3 a contact: give at least 3"):
        costs.contacts_within(2.0)
    assert costs.contacts_within(3.0) == 1 and costs.contacts_within(None, 4) == 4
    assert costs.contacts_within() is None
    # Contacts that cost nothing: a budget limits nothing.
    assert Economics.of({**CASE_STUDY, "contact_cost": 0.0}).contacts_within(1.0) is None


def test_the_report_writes_the_targeting_summary(default_report):
    summary = json.loads((default_report / "artifacts" / "summary.json").read_text())
    found = summary["targeting"]
    assert set(found) == TARGETING_KEYS and set(found["plan"]) == PLAN_KEYS
    assert found["customers"] == summary["rows_read"]
    assert found["cv_auc_ci"][0] <= found["cv_auc"] <= found["cv_auc_ci"][1]
    assert found["contact_everyone_profit"] < found["plan"]["expected_profit"] <= found["perfect_targeting_profit"]
    low, high = found["plan"]["expected_profit_ci"]
    assert low <= found["plan"]["expected_profit"] <= high
    assert found["top_drivers"] and found["break_even_probability"] == pytest.approx(3 / 11, abs=1e-6)


def test_on_the_real_data_the_model_beats_every_plan_but_perfect(real_report):
    found = json.loads((real_report / "artifacts" / "summary.json").read_text())["targeting"]
    assert found["customers"] == 2240
    assert found["cv_auc"] >= 0.85
    assert found["plan"]["expected_profit"] >= 900
    assert found["plan"]["expected_profit"] > found["best_persona_plan_profit"]
    # the pilot: 334 of 2,240 accepted at 11 each, 3 per contact
    assert found["contact_everyone_profit"] == 334 * 11 - 2240 * 3 == -3046
    assert found["perfect_targeting_profit"] == 334 * 8


def test_probabilities_decide_contact_by_the_economics():
    decided = Economics.of(CASE_STUDY).contact(np.array([0.2, 0.2728, 0.5]))
    assert decided.tolist() == [False, True, True]


def test_the_economics_own_every_rule_of_a_contact():
    costs = Economics.of(CASE_STUDY)
    assert costs.break_even_probability == pytest.approx(3 / 11)
    assert costs.expected_profit(0.5) == pytest.approx(0.5 * 11 - 3)
    assert costs.profit(np.array([2, 0]), np.array([5, 1])).tolist() == [22 - 15, -3]
    assert costs.record() == CASE_STUDY and Economics.of(costs) is costs


def test_plans_that_contact_the_same_customers_share_one_interval():
    base, predictions, persona_ids, persona_table = _example_inputs()
    # No cost: every probability pays, so the model contacts everyone, as the last campaign did.
    free = {**CASE_STUDY, "contact_cost": 0.0}
    plans = targeting.compare(base, predictions, persona_ids, persona_table, free, random_state=0).plans
    everyone, model = plans.loc["everyone"], plans.loc["response_model"]
    assert everyone["customers"] == model["customers"] == 10
    assert (everyone["profit_low"], everyone["profit_high"]) == (model["profit_low"], model["profit_high"])


def test_where_no_contact_can_pay_every_plan_but_perfect_targeting_contacts_no_one():
    from helpers.story import narrative, plotting

    base, predictions, persona_ids, persona_table = _example_inputs()
    losing = {**CASE_STUDY, "revenue": 2.0}  # each acceptance brings 2, each contact costs 3
    assert Economics.of(losing).no_contact_pays and not Economics.of(CASE_STUDY).no_contact_pays
    result = targeting.compare(base, predictions, persona_ids, persona_table, losing, random_state=0)
    assert result.plans.loc[["response_model", "best_persona_plan"], "customers"].tolist() == [0, 0]
    assert not Economics.of(losing).contact(np.array([0.99, 1.0])).any()
    for lang in ("en", "id"):
        said = narrative.economics(losing, lang).data + narrative.plans(result, persona_table, lang).data
        assert "1.50" not in said and "1,50" not in said and "0.67" not in said
    said = narrative.economics(losing, "en").data + narrative.plans(result, persona_table, "en").data
    assert "at these economics no contact pays" in said and "still loses" in said and "the ceiling" not in said
    # The charts still draw, with no break-even line where no probability breaks even.
    assert plotting.targeting_curves(result, "en") is not None and plotting.calibration(result, "en") is not None


def test_shares_of_all_and_nothing_read_as_words():
    from helpers.story import narrative

    assert narrative._share_of(100.0, "A", "en") == "every customer of the A"
    assert narrative._share_of(0.0, "B", "en") == "none of the B"
    assert narrative._share_of(12.5, "B", "en") == "12.5% of the B"
