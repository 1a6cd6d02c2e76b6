"""The plans counted on every customer of a file larger than the learning sample, on the engine's workers.

The response model learned on the learning sample; the plans are judged on every customer of the file whose
response is known. Each gets a probability block by block: the held-out one (out of fold) for the customers the
model's cross-validation saw, the final model's for every other customer. What the plans need of them comes back
as counts, never as a column: how many customers of each kind (persona, the model's decision, the decision
within a budget, outside the IQR fences or not, responder or not), and per score bin the customers and
responders that draw the profit curve and the calibration. The plans, their intervals and the per-persona figures
are then the same arithmetic as on a file that fits in memory (``targeting``), on exact counts.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from helpers.campaign import economics as campaign_economics
from helpers.campaign import holdout, targeting
from helpers.campaign.economics import Economics
from helpers.campaign.response_model import model_matrix, probability
from helpers.data.columns import ID, OUTCOME
from helpers.engine.seam import Engine

# The kinds of customers the plans tell apart, counted on the workers.
KINDS = ["persona_id", "contact", "within_budget", "outside", OUTCOME]
_SCORED_COLUMNS = {
    ID: "int64",
    "persona_id": "int64",
    "probability": "float64",
    "expected_profit": "float64",
    "contact": "int64",
    "outside": "int64",
    OUTCOME: "int64",
    "earlier_accepted": "float64",
    "customers": "int64",
    "held_out": "int64",
}
_SCORED_META = pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in _SCORED_COLUMNS.items()})


@dataclass(frozen=True)
class Models:
    """What scores a customer: the segmentation that gives their persona, the final response model, and the
    held-out probabilities of the customers its cross-validation saw (by ID)."""

    segmentation: Pipeline
    persona_table: pd.DataFrame
    response: Pipeline
    held_out: pd.Series
    reference_year: int


def scored_block(block: pd.DataFrame, models: Models, economics: Economics) -> pd.DataFrame:
    """The block's customers whose response is known, each with their persona, probability (held out where the
    model's cross-validation saw them), expected profit of a contact and the plan's decision."""
    known = block.loc[block[OUTCOME].notna()]
    if known.empty:
        return _SCORED_META.copy()
    personas = targeting.persona_of_every_customer(models.segmentation, known, models.persona_table)
    chance = pd.Series(probability(models.response, model_matrix(known, models.reference_year)), index=known.index)
    seen = known[ID].map(models.held_out)
    chance = seen.where(seen.notna(), chance).to_numpy(dtype="float64")
    scored = pd.DataFrame(
        {
            ID: known[ID].to_numpy(dtype="int64"),
            "persona_id": personas.to_numpy(dtype="int64"),
            "probability": chance,
            "expected_profit": economics.expected_profit(chance),
            "contact": economics.contact(chance).astype("int64"),
            "outside": (~known["inside_fences"].to_numpy(dtype=bool)).astype("int64"),
            OUTCOME: known[OUTCOME].to_numpy(dtype="int64"),
            "earlier_accepted": known["Total_Accepted_Campaign"].to_numpy(dtype="float64"),
            "customers": 1,
            "held_out": seen.isna().to_numpy(dtype="int64"),
        }
    )
    return scored.astype(_SCORED_COLUMNS)


def _with_budget(block: pd.DataFrame, boundary: pd.Series | None, economics: Economics) -> pd.DataFrame:
    return block.assign(within_budget=targeting.within_boundary(block, boundary, economics).astype("int64"))


def compare(
    engine: Engine,
    every_customer,
    models: Models,
    economics: Economics | Mapping,
    random_state: int,
    budget: targeting.Budget | None = None,
) -> targeting.Targeting:
    """The plans of ``targeting.compare`` on every customer of ``every_customer`` (a table of ``engine``'s kind)
    whose response is known, from counts on the workers; ``contacts``, the decisions customer by customer, best
    first, are a table of the engine's kind that the workers rank."""
    economics = Economics.of(economics)
    # Scored once and kept (``Engine.persist``): the counts, the score bins and the ranking below each read it.
    scored = engine.persist(
        engine.map_blocks(
            every_customer, functools.partial(scored_block, models=models, economics=economics), meta=_SCORED_META
        )
    )
    boundary = None if budget is None else targeting.budget_boundary(engine, scored, budget, economics)
    scored = engine.map_blocks(scored, functools.partial(_with_budget, boundary=boundary, economics=economics))
    kinds = engine.group_stats(scored, KINDS, ["customers", "earlier_accepted"])
    counts = pd.DataFrame(
        {
            "customers": kinds[("customers", "sum")].astype("int64"),
            "earlier_accepted": kinds[("earlier_accepted", "sum")],
        }
    ).reset_index()
    rng = np.random.default_rng(random_state)
    per_persona = campaign_economics.per_persona_from(_persona_totals(counts), economics, random_state)
    persona_plan = campaign_economics.targeting_plan(per_persona)["persona_ids"]
    plans = _plans(counts, persona_plan, budget is not None, economics, rng)
    # One binning for the profit curve, the calibration and the held-out figures (its columns' sums).
    bins = engine.nested_score_bins(
        engine.map_blocks(scored, holdout.with_held_out_columns),
        "probability",
        [targeting.CURVE_POINTS, targeting.CALIBRATION_BINS, holdout.AUC_BINS],
        [OUTCOME, *holdout.BIN_COLUMNS],
    )
    curve_bins, calibration_bins = bins[targeting.CURVE_POINTS], bins[targeting.CALIBRATION_BINS]
    customers = int(counts["customers"].sum())
    return targeting.Targeting(
        economics=economics,
        customers=customers,
        responders=int(counts.loc[counts[OUTCOME] == 1, "customers"].sum()),
        plans=plans,
        persona_plan_ids=persona_plan,
        curve=targeting.profit_curve_of_steps(
            curve_bins["customers"].to_numpy(), curve_bins[f"{OUTCOME}_sum"].to_numpy(), economics, rng
        ),
        persona_gain=campaign_economics.cumulative_gain(per_persona),
        calibration=targeting.calibration_of_bins(calibration_bins),
        by_persona=_by_persona(counts, economics, models.persona_table),
        contacts=engine.ranked(
            engine.map_blocks(scored, functools.partial(_decisions, with_budget=budget is not None)),
            *targeting.PROFIT_ORDER,
        ),
        budget=budget,
        boundary=boundary,
        fitting_sample=len(models.held_out) if len(models.held_out) < customers else None,
        held_out_bins=bins[holdout.AUC_BINS],
    )


def _decisions(block: pd.DataFrame, with_budget: bool) -> pd.DataFrame:
    """``targeting.contact_decisions``' columns but the rank, from a block of scored customers."""
    decisions = {
        ID: block[ID],
        "persona_id": block["persona_id"],
        "probability": block["probability"],
        "contact": block["contact"].astype(bool),
        **({"within_budget": block["within_budget"].astype(bool)} if with_budget else {}),
        "expected_profit": block["expected_profit"],
    }
    return pd.DataFrame(decisions)


def _persona_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """``economics.outcome_totals``' figures per persona, from the counts of each kind of customer."""
    grouped = counts.assign(responders=counts["customers"] * counts[OUTCOME]).groupby("persona_id")
    return pd.DataFrame(
        {
            "customers": grouped["customers"].sum(),
            "responders": grouped["responders"].sum(),
            "earlier_accepted": grouped["earlier_accepted"].sum(),
        }
    )


def _plans(
    counts: pd.DataFrame, persona_plan: list[int], with_budget: bool, economics: Economics, rng: np.random.Generator
) -> pd.DataFrame:
    """Every plan of ``targeting.PLANS`` (within the budget only with one), from the counts of each kind."""
    response = counts[OUTCOME].to_numpy(dtype=bool)
    decisions = {
        "everyone": np.ones(len(counts), dtype=bool),
        "best_persona_plan": counts["persona_id"].isin(persona_plan).to_numpy(),
        "response_model": counts["contact"].to_numpy(dtype=bool),
        **({"within_budget": counts["within_budget"].to_numpy(dtype=bool)} if with_budget else {}),
        "perfect": response,
    }
    kinds = np.column_stack([*decisions.values(), response])
    outcomes = targeting.plan_outcomes_of_kinds(kinds, counts["customers"].to_numpy(), list(decisions), economics, rng)
    return pd.DataFrame.from_dict(outcomes, orient="index")


def _by_persona(counts: pd.DataFrame, economics: Economics, persona_table: pd.DataFrame) -> pd.DataFrame:
    """``targeting.by_persona``'s table from the counts of each kind of customer."""
    customers = counts["customers"]
    contact, response = counts["contact"].astype(bool), counts[OUTCOME].astype(bool)
    weighted = pd.DataFrame(
        {
            "persona_id": counts["persona_id"],
            "customers": customers,
            "outside_fences": customers * counts["outside"],
            "contacted": customers * contact,
            "responders": customers * response,
            "responders_reached": customers * (contact & response),
        }
    )
    return targeting.by_persona_table(weighted.groupby("persona_id").sum(), economics, persona_table)
