"""Stage 5, recommendations: what contacting each persona earned, whom to contact customer by customer, whether
an earlier plan paid off, the plays per persona, and the saved model.

Personas are known by id (the persona table's index); the notebook words the plays and the plans.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from sklearn.pipeline import Pipeline

from helpers.campaign import economics, payoff, playbook, response_model, targeting
from helpers.campaign.economics import Economics
from helpers.segmentation import model_store, personas


@dataclass(frozen=True)
class PersonaEconomics:
    """Per persona, what contacting everyone earned in the last campaign (None without a campaign outcome), the
    personas worth contacting, and the cumulative gain of contacting them best first."""

    table: pd.DataFrame | None
    plan: dict | None
    gain: pd.DataFrame | None


def persona_economics(
    clusters: pd.DataFrame, persona_ids: pd.Series, costs: Economics | Mapping, random_state: int
) -> PersonaEconomics:
    table = economics.per_persona(clusters, persona_ids, costs, random_state)
    return PersonaEconomics(table, economics.targeting_plan(table), economics.cumulative_gain(table))


def whom_to_contact(
    learning_sample: pd.DataFrame,
    segmentation: Pipeline,
    predictions: pd.DataFrame | None,
    persona_table: pd.DataFrame,
    costs: Economics | Mapping,
    random_state: int,
) -> targeting.Targeting | None:
    """The four plans on the customers of the learning sample (every customer of the file when it is no larger than
    the sample), each given their persona by the saved segmentation; None without a response model to plan with."""
    personas_of = targeting.persona_of_every_customer(segmentation, learning_sample, persona_table)
    return targeting.compare(learning_sample, predictions, personas_of, persona_table, costs, random_state)


def earlier_plan(previous_run, read_every_customer: Callable[[], pd.DataFrame]) -> payoff.Payoff | None:
    """Whether the earlier report's plan paid off on this file's outcome, over every customer of the file (read only
    when there is an earlier report); None without an earlier report, its plan or an outcome here."""
    if previous_run is None:
        return None
    return payoff.of_previous_plan(previous_run, read_every_customer())


def plays(persona_table: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Every play that applies to each persona, with the persona's and the analysed customers' means."""
    return playbook.recommend(persona_table, clusters.loc[:, list(personas.PROFILE_FEATURES)].mean())


def summary(
    run_summary: dict,
    worded_plays: pd.DataFrame,
    by_persona: PersonaEconomics,
    plans: targeting.Targeting | None,
    customers: int,
    earlier_plan: payoff.Payoff | None,
) -> dict:
    """What the recommendations add to summary.json: the personas' campaign figures and first play, the persona
    plan, the customer-level plans and, with an earlier report, whether its plan paid off."""
    costs = run_summary["economics"]
    return {
        "personas": economics.with_campaign_figures(run_summary["personas"], worded_plays, by_persona.table),
        "targeting_plan": by_persona.plan,
        "targeting": targeting.summary_record(plans, run_summary["response_model"], costs, customers),
        **payoff.summary_section(run_summary, earlier_plan),
    }


def saved_model(
    segmentation: Pipeline,
    persona_table: pd.DataFrame,
    worded_plays: pd.DataFrame,
    run_summary: dict,
    response_pipeline: Pipeline | None,
    reference_year: int,
) -> dict:
    """The persona model the scorer applies: the fitted segmentation, the personas and their plays, the IQR fences
    and currency of the training data, and the response model with the economics it was trained with."""
    iqr_bounds = pd.DataFrame.from_dict(run_summary["iqr_bounds"], orient="index")
    response = response_model.model_part(run_summary["response_model"], response_pipeline, run_summary["economics"])
    currency = run_summary["data"]["currency"]
    return model_store.bundle(segmentation, persona_table, worded_plays, reference_year, iqr_bounds, currency, response)
