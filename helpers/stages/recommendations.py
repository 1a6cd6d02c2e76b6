"""Stage 5, recommendations: what contacting each persona earned, whom to contact customer by customer, whether
an earlier plan paid off, the plays per persona, and the saved model.

Personas are known by id (the persona table's index); the notebook words the plays and the plans.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sklearn.pipeline import Pipeline

from helpers.campaign import counted_plans, economics, holdout, payoff, playbook, response_model, targeting
from helpers.campaign.economics import Economics
from helpers.data import columns
from helpers.engine.seam import Engine
from helpers.segmentation import model_store, personas


@dataclass(frozen=True)
class PersonaEconomics:
    """Per persona, what contacting everyone earned in the last campaign (None without a campaign outcome), the
    personas worth contacting, and the cumulative gain of contacting them best first."""

    table: pd.DataFrame | None
    plan: dict | None
    gain: pd.DataFrame | None


def persona_economics(
    engine: Engine, clusters, persona_table: pd.DataFrame, costs: Economics | Mapping, random_state: int
) -> PersonaEconomics:
    """What contacting each persona earned, from sums per persona over every analysed customer (``clusters``, the
    modeling stage's table of ``engine``'s kind), each given their persona by their segment."""
    persona_of_segment = pd.Series(persona_table.index, index=persona_table["segment"])
    known = engine.map_blocks(clusters, functools.partial(_known_outcomes, persona_of_segment=persona_of_segment))
    table = economics.per_persona_from(economics.outcome_totals(engine, known), costs, random_state)
    return PersonaEconomics(table, economics.targeting_plan(table), economics.cumulative_gain(table))


def _known_outcomes(block: pd.DataFrame, persona_of_segment: pd.Series) -> pd.DataFrame:
    return economics.known_outcomes(block, block["segment"].map(persona_of_segment).rename("persona_id"))


def whom_to_contact(
    engine: Engine,
    every_customer,
    learning_sample: pd.DataFrame,
    segmentation: Pipeline,
    response: tuple[Pipeline | None, pd.DataFrame | None],
    persona_table: pd.DataFrame,
    costs: Economics | Mapping,
    random_state: int,
    reference_year: int,
    budget: targeting.Budget | None = None,
) -> targeting.Targeting | None:
    """The plans on every customer of the file whose response is known, each given their persona by the saved
    segmentation, and the plan within ``budget`` with one; None without a response model to plan with.

    ``response``: the response model and its held-out predictions. When the learning sample
    (``learning_sample``) is every customer, the plans are drawn in memory; otherwise they are counted on the
    workers from ``every_customer`` (a table of ``engine``'s kind), with the held-out probabilities for the
    customers the model's cross-validation saw and the final model's for every other customer."""
    pipeline, predictions = response
    if predictions is None:
        return None
    if len(learning_sample) >= engine.count(every_customer):
        personas_of = targeting.persona_of_every_customer(segmentation, learning_sample, persona_table)
        return targeting.compare(learning_sample, predictions, personas_of, persona_table, costs, random_state, budget)
    held_out = predictions.set_index(columns.ID)["probability"]
    models = counted_plans.Models(segmentation, persona_table, pipeline, held_out, reference_year)
    return counted_plans.compare(engine, every_customer, models, costs, random_state, budget)


def contact_limit(
    costs: Economics | Mapping, budget: float | None, max_contacts: int | None, sample: Mapping
) -> targeting.Budget | None:
    """The limit the run's ``budget`` and ``max_contacts`` set on the plan (None without either), across the
    customers of the file (``sample``: summary.json's record)."""
    return targeting.Budget.of(Economics.of(costs), budget, max_contacts, sample["customers_in_file"])


def held_out(
    engine: Engine,
    every_customer,
    response_pipeline: Pipeline | None,
    learning_sample: pd.DataFrame,
    costs: Economics | Mapping,
    reference_year: int,
    plans: targeting.Targeting | None = None,
) -> holdout.Holdout | None:
    """The response model on the customers of the file outside the learning sample whose response is known
    (``every_customer``, a table of ``engine``'s kind), counted on the workers; None when there are none. With
    ``plans`` counted on every customer, from their score bins (no pass of its own over the file)."""
    seen = learning_sample[columns.ID]
    bins = None if plans is None else plans.held_out_bins
    return holdout.measure(engine, every_customer, response_pipeline, seen, reference_year, costs, bins)


def earlier_plan(engine: Engine, previous_run, every_customer) -> payoff.Payoff | None:
    """Whether the earlier report's plan paid off on this file's outcome, over every customer of the file
    (``every_customer``, a table of ``engine``'s kind, joined by ID on its side); None without an earlier report,
    its plan or an outcome here."""
    return payoff.of_previous_plan(engine, previous_run, every_customer)


def plays(engine: Engine, persona_table: pd.DataFrame, clusters) -> pd.DataFrame:
    """Every play that applies to each persona, with the persona's means and those of every analysed customer
    (``clusters``, a table of ``engine``'s kind)."""
    return playbook.recommend(persona_table, engine.means(clusters, personas.PROFILE_FEATURES))


def summary(
    run_summary: dict,
    worded_plays: pd.DataFrame,
    by_persona: PersonaEconomics,
    plans: targeting.Targeting | None,
    customers: int,
    earlier_plan: payoff.Payoff | None,
    held_out: holdout.Holdout | None = None,
) -> dict:
    """What the recommendations add to summary.json: the personas' campaign figures and first play, the persona
    plan, the customer-level plans and, with an earlier report, whether its plan paid off."""
    costs = run_summary["economics"]
    return {
        "personas": economics.with_campaign_figures(run_summary["personas"], worded_plays, by_persona.table),
        "targeting_plan": by_persona.plan,
        "targeting": targeting.summary_record(plans, run_summary["response_model"], costs, customers, held_out),
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
