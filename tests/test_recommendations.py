import pandas as pd
import pytest

from helpers.campaign import economics, playbook
from helpers.config import MIN_PERSONA_CUSTOMERS
from helpers.errors import InputDataError
from helpers.segmentation import personas
from helpers.story import narrative

CASE_STUDY = {"contact_cost": 3.0, "revenue": 11.0}


def test_campaign_economics_follow_cost_and_revenue():
    customers = pd.DataFrame({"Response": [1, 0, 0, 1, 1, 0], "Total_Accepted_Campaign": [5, 0, 0, 1, 1, 0]})
    table = economics.per_persona(customers, pd.Series([1, 1, 1, 2, 2, 2]), CASE_STUDY)
    assert table.loc[1, "response_rate"] == pytest.approx(1 / 3)
    # persona 1: one acceptance (11) minus three contacts (9); persona 2: 22 - 9
    assert table.loc[1, "expected_profit"] == 11 - 3 * 3
    assert table.loc[2, "expected_profit"] == 22 - 3 * 3
    assert table.loc[2, "lift"] == pytest.approx((2 / 3) / 0.5)
    assert table.loc[1, "earlier_campaign_rate"] == pytest.approx(5 / 3 / 5)


def _persona(tier, **z):
    standing = dict.fromkeys(personas.PROFILE_FEATURES, 0.0)
    standing.update(z)
    row = {
        "tier": tier,
        **{f"mean_{f}": 1.0 for f in personas.PROFILE_FEATURES},
        **{f"z_{f}": value for f, value in standing.items()},
    }
    return pd.DataFrame([row], index=pd.Index([1], name="persona_id"))


def _plays(tier, **z):
    base = pd.Series(1.0, index=list(personas.PROFILE_FEATURES))
    return set(playbook.recommend(_persona(tier, **z), base)["play"])


def test_plays_follow_traits_not_cluster_numbers():
    assert "loyalty_exclusivity" in _plays(personas.HIGH_VALUE)
    assert "alternative_channels" in _plays(personas.HIGH_VALUE, Income=1.0, NumWebVisitsMonth=-1.0)
    assert "alternative_channels" not in _plays(personas.HIGH_VALUE, Income=1.0, NumWebVisitsMonth=0.5)
    low = _plays(personas.LOW_VALUE, NumWebVisitsMonth=0.8, Total_Accepted_Campaign=-0.5)
    assert {"retargeting", "soft_selling"} <= low and "loyalty_exclusivity" not in low
    assert "nurturing" in _plays(personas.MID_VALUE)
    assert "win_back" in _plays(personas.MID_VALUE, Recency=0.6)


def _first_play(tier, trait="", **z):
    persona = _persona(tier, **z).assign(trait=trait)
    return playbook.recommend(persona, pd.Series(1.0, index=list(personas.PROFILE_FEATURES)))["play"].iloc[0]


def test_the_top_recommendation_answers_the_trait_a_persona_is_named_for():
    # Two high-value personas: the campaign responders lead with referral, the affluent shoppers (a trait no play
    # answers) with their tier's loyalty play.
    assert _first_play(personas.HIGH_VALUE, "Total_Accepted_Campaign", Total_Accepted_Campaign=1.0) == "referral"
    assert _first_play(personas.HIGH_VALUE, "Income", Income=1.0, Total_Accepted_Campaign=1.0) == "loyalty_exclusivity"
    assert _first_play(personas.MID_VALUE, "Recency", Recency=0.6) == "win_back"
    assert _first_play(personas.LOW_VALUE, "Total_Children", Total_Children=0.5, NumWebVisitsMonth=0.5) == (
        "family_bundles"
    )
    # Named by its tier alone: its tier's play.
    assert _first_play(personas.MID_VALUE, "", Recency=0.6) == "nurturing"
    # A trait named against tier peers that does not hold against everyone triggers no play: the tier's play leads.
    assert _first_play(personas.HIGH_VALUE, "Recency", Recency=0.1) == "loyalty_exclusivity"


def test_plays_are_keys_with_their_evidence_numbers_and_no_words():
    table = _persona(personas.HIGH_VALUE, Income=1.0, NumWebVisitsMonth=-1.0)
    base = pd.Series(0.5, index=list(personas.PROFILE_FEATURES))
    plays = playbook.recommend(table, base)
    assert list(plays.columns) == playbook.PLAY_COLUMNS
    first = plays.iloc[0]
    assert (first["play"], first["evidence_feature"]) == ("loyalty_exclusivity", "Total_Spending")
    assert (first["persona_mean"], first["base_mean"]) == (1.0, 0.5)


def _economics():
    customers = pd.DataFrame({"Response": [1, 1, 0, 0, 0, 0, 0, 0, 1, 0], "Total_Accepted_Campaign": 0})
    return economics.per_persona(customers, pd.Series([1, 1, 1, 2, 2, 2, 2, 2, 3, 3]), CASE_STUDY, random_state=0)


def test_bootstrap_interval_contains_the_point_estimate():
    table = _economics()
    assert (table["profit_low"] <= table["expected_profit"]).all()
    assert (table["expected_profit"] <= table["profit_high"]).all()
    # persona 2 has no responder: every resample loses exactly the contact cost
    assert table.loc[2, "profit_low"] == table.loc[2, "profit_high"] == -15


def test_the_plan_contacts_the_personas_that_pay_for_their_contact(monkeypatch):
    monkeypatch.setattr(personas, "MIN_PERSONA_CUSTOMERS", 1)  # every persona of these few customers counts
    table = _economics()
    # per contact: persona 1 earns (22 - 9) / 3, persona 2 loses 3, persona 3 earns (11 - 6) / 2
    plan = economics.targeting_plan(table)
    assert plan["persona_ids"] == [1, 3]
    assert plan["customers_share"] == pytest.approx(5 / 10)
    assert plan["responders_share"] == 1.0
    assert plan["expected_profit"] == 13 + 5
    assert plan["everyone_profit"] == 13 - 15 + 5


def test_a_persona_too_small_to_act_on_is_marked_and_never_planned():
    sizes, responders = {1: 40, 2: MIN_PERSONA_CUSTOMERS - 1, 3: MIN_PERSONA_CUSTOMERS}, {1: 20, 2: 29, 3: 0}
    persona_ids = pd.Series([persona for persona, size in sizes.items() for _ in range(size)])
    response = [int(i < responders[persona]) for persona, size in sizes.items() for i in range(size)]
    customers = pd.DataFrame({"Response": response, "Total_Accepted_Campaign": 0})
    table = economics.per_persona(customers, persona_ids, CASE_STUDY, random_state=0)
    assert table["too_small"].tolist() == [False, True, False]
    # Persona 2 pays best per contact, yet no plan is built on fewer customers than the minimum.
    assert table.loc[2, "profit_per_customer"] > table.loc[1, "profit_per_customer"] > 0
    plan = economics.targeting_plan(table)
    assert (plan["persona_ids"], plan["too_small_ids"]) == ([1], [2])


def test_the_narrative_names_the_small_personas_and_the_rule():
    table = pd.DataFrame(
        {"persona": ["Big", "Tiny"], "description": "", "share_percent": [90.0, 10.0], "too_small": [False, True]},
        index=[1, 2],
    )
    plan = {"persona_ids": [], "customers": 100, "customers_share": 0.0, "responders_share": 0.0,
            "expected_profit": 0.0, "everyone_profit": -5.0, "too_small_ids": [2]}  # fmt: skip
    for lang, words in (("en", "fewer than 30 customers"), ("id", "kurang dari 30 pelanggan")):
        overview = narrative.persona_overview(table, lang).data
        assert "**Tiny**" in overview and words in overview
        planned = narrative.targeting(plan, table, lang).data
        assert "**Tiny**" in planned and words in planned
    assert narrative.targeting(plan, table, "en").data.startswith("No persona large enough to act on")
    assert "fewer than" not in narrative.persona_overview(table.assign(too_small=False), "en").data


def test_cumulative_gain_runs_from_nothing_to_everyone_best_first():
    curve = economics.cumulative_gain(_economics())
    assert curve["persona_id"].tolist()[1:] == [1, 3, 2]
    assert curve["customers_share"].iloc[0] == 0 and curve["customers_share"].iloc[-1] == pytest.approx(1)
    assert curve["responders_share"].is_monotonic_increasing and curve["responders_share"].iloc[-1] == 1
    assert curve["profit"].iloc[-1] == 3


def test_economics_come_from_the_options_then_the_file_then_the_case_study():
    file_economics = pd.DataFrame({"Z_CostContact": [2.0, 2.0], "Z_Revenue": [9.0, 9.0]})
    resolved = economics.resolve(file_economics)
    assert (resolved["contact_cost"], resolved["revenue"]) == (2.0, 9.0)
    assert resolved["contact_cost_source"] == resolved["revenue_source"] == "file"
    resolved = economics.resolve(file_economics, contact_cost=4.0)
    assert (resolved["contact_cost"], resolved["contact_cost_source"], resolved["revenue_source"]) == (
        4.0,
        "option",
        "file",
    )
    without = pd.DataFrame({"Z_CostContact": [float("nan")], "Z_Revenue": [float("nan")]})
    resolved = economics.resolve(without)
    assert (resolved["contact_cost"], resolved["revenue"]) == (3.0, 11.0)
    assert resolved["revenue_source"] == "case_study"
    with pytest.raises(InputDataError, match=r"the revenue is 0 \(--revenue\), so no contact can pay for itself"):
        economics.resolve(file_economics, revenue=0.0)
    # A file's own figures are checked as an option's are, and the message names the column.
    negative = pd.DataFrame({"Z_CostContact": [-3.0], "Z_Revenue": [-11.0]})
    with pytest.raises(InputDataError, match=r"the revenue is -11 \(the file's Z_Revenue\), so no contact can pay"):
        economics.resolve(negative)
    with pytest.raises(InputDataError, match=r"the contact cost is -3 \(the file's Z_CostContact\), so a contact"):
        economics.resolve(negative, revenue=11.0)
    with pytest.raises(InputDataError, match="the revenue is 0"):
        economics.resolve(pd.DataFrame({"Z_CostContact": [0.0], "Z_Revenue": [0.0]}))


def test_without_an_outcome_there_are_no_persona_economics_and_no_plan():
    customers = pd.DataFrame({"Response": [float("nan")] * 4, "Total_Accepted_Campaign": 0})
    table = economics.per_persona(customers, pd.Series([1, 1, 2, 2]), CASE_STUDY)
    assert table is None
    assert economics.targeting_plan(table) is None and economics.cumulative_gain(table) is None
