"""Whom to contact: four plans on the same customers, side by side, and the response model's plan by persona.

Every plan covers the whole customer base, every row of the file whose
response is known, as the last campaign did: contact everyone (what the
campaign did), the best persona plan (the personas whose contacts paid,
chosen on these same customers), the response model's plan (contact a
customer when their held-out probability of accepting times the revenue
exceeds the cost) and perfect targeting (only the responders, the ceiling); with a
budget, also the response model's plan within it (its best customers that fit).
Intervals are bootstraps over customers: resampling n customers draws the
counts of each kind of customer from a multinomial, so they are drawn directly.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve

from helpers.campaign import economics as campaign_economics
from helpers.campaign.economics import Economics
from helpers.campaign.holdout import Holdout
from helpers.data import columns
from helpers.engine.seam import Engine, engine_for
from helpers.errors import StageInputMissing
from helpers.segmentation import personas
from helpers.segmentation.pipeline import clustering_matrix, segment_labels

PLANS = ("everyone", "best_persona_plan", "response_model", "within_budget", "perfect")  # within_budget: with one
BOOTSTRAP_DRAWS = 2_000
# The profit curve and the cumulative gain are drawn at this many shares of the customers.
CURVE_POINTS = 100
CALIBRATION_BINS = 10
# Customers ranked by the expected profit of contacting them, equal profits in ID order (the same input gives the
# same ranks): the contact list's rank, the plan within a budget and its last customer all follow this one order.
PROFIT_ORDER = (("expected_profit", columns.ID), (False, True))


def persona_of_every_customer(segmentation, base: pd.DataFrame, persona_table: pd.DataFrame) -> pd.Series:
    """The persona of every customer of the file, as the saved model assigns it, inside the IQR fences or not."""
    labels = segment_labels(segmentation, clustering_matrix(base))
    return personas.persona_of(labels, persona_table)


def plan_outcomes(
    decisions: Mapping[str, np.ndarray], response: np.ndarray, economics: Economics, rng: np.random.Generator
) -> dict[str, dict]:
    """Each plan's customers contacted, responders reached and profit, with a 95% bootstrap interval, from each
    customer's ``decisions`` (one array per plan) and ``response`` (see ``plan_outcomes_of_kinds``)."""
    kinds = np.column_stack([*(decisions[plan] for plan in decisions), response]).astype(bool)
    return plan_outcomes_of_kinds(kinds, np.ones(len(kinds), dtype="int64"), list(decisions), economics, rng)


def plan_outcomes_of_kinds(
    kinds: np.ndarray, customers: np.ndarray, plans: list[str], economics: Economics, rng: np.random.Generator
) -> dict[str, dict]:
    """Each plan's customers contacted, responders reached and profit, with a 95% bootstrap interval, from kinds
    of customers: each row of ``kinds`` says whether each of ``plans`` contacts them and (last) whether they
    responded, and ``customers`` how many there are of that kind. Every plan is judged on the same resamples, so
    plans that contact the same customers share one interval.

    A resample of the customers draws how many of each kind it holds from one multinomial: the same as
    resampling customers, at any size of file, from counts alone.
    """
    cells, kind_of = np.unique(kinds.astype(bool), axis=0, return_inverse=True)
    sizes = np.bincount(kind_of.ravel(), weights=customers, minlength=len(cells)).astype("int64")
    total = int(sizes.sum())
    draws = rng.multinomial(total, sizes / total, size=BOOTSTRAP_DRAWS)
    responders = cells[:, -1]
    outcomes = {}
    for column, plan in enumerate(plans):
        chosen = cells[:, column]
        profits = economics.profit(draws[:, chosen & responders].sum(axis=1), draws[:, chosen].sum(axis=1))
        outcomes[plan] = plan_outcome(
            int(sizes[chosen].sum()),
            int(sizes[chosen & responders].sum()),
            total,
            int(sizes[responders].sum()),
            economics,
            np.percentile(profits, [2.5, 97.5]),
        )
    return outcomes


def plan_outcome(contacted: int, reached: int, customers: int, responders: int, economics: Economics, interval) -> dict:
    """Customers contacted, responders reached and profit of contacting ``contacted`` of ``customers``, which
    reaches ``reached`` of their ``responders``, with its 95% ``interval``."""
    low, high = interval
    profit = economics.profit(reached, contacted)
    return {
        "customers": contacted,
        "share_percent": 100 * contacted / customers,
        "responders": reached,
        "responders_reached_percent": 100 * reached / max(responders, 1),
        "expected_profit": float(profit),
        "profit_low": float(low),
        "profit_high": float(high),
        "profit_per_contact": profit / contacted if contacted else float("nan"),
    }


def profit_curve(
    response: np.ndarray, probability: np.ndarray, economics: Economics, rng: np.random.Generator
) -> pd.DataFrame:
    """Responders reached and profit as customers are contacted from the likeliest down, with a 95% band, in
    CURVE_POINTS equal steps of the customers (see ``profit_curve_of_steps``)."""
    order = np.argsort(-probability, kind="stable")
    steps = np.array_split(order, min(CURVE_POINTS, len(order)))
    sizes = np.array([len(step) for step in steps])
    responders = np.array([response[step].sum() for step in steps])
    return profit_curve_of_steps(sizes, responders, economics, rng)


def profit_curve_of_steps(
    sizes: np.ndarray, responders: np.ndarray, economics: Economics, rng: np.random.Generator
) -> pd.DataFrame:
    """Responders reached and profit as customers are contacted step by step from the likeliest down (``sizes``
    customers in each step, ``responders`` of them responders), with a 95% band: a bootstrap draw resamples the
    responders and non-responders of every step at once."""
    sizes, responders = np.asarray(sizes, dtype="int64"), np.asarray(responders, dtype="int64")
    customers = int(sizes.sum())
    kinds = np.r_[responders, sizes - responders]
    draws = rng.multinomial(customers, kinds / customers, size=BOOTSTRAP_DRAWS)
    reached, missed = draws[:, : len(sizes)], draws[:, len(sizes) :]
    band = np.percentile(np.cumsum(economics.profit(reached, reached + missed), axis=1), [2.5, 97.5], axis=0)
    return pd.DataFrame(
        {
            "share_percent": np.r_[0, 100 * np.cumsum(sizes) / customers],
            "responders_percent": np.r_[0, 100 * np.cumsum(responders) / max(responders.sum(), 1)],
            "profit": np.r_[0, np.cumsum(economics.profit(responders, sizes))],
            "profit_low": np.r_[0, band[0]],
            "profit_high": np.r_[0, band[1]],
        }
    )


def by_persona(
    persona_ids: pd.Series,
    chosen: np.ndarray,
    response: np.ndarray,
    outside: np.ndarray,
    economics: Economics,
    persona_table: pd.DataFrame,
) -> pd.DataFrame:
    """Per persona: customers of the file (``outside_fences`` of them outside the IQR fences the personas
    describe), how many the model's plan contacts, the responders it reaches and what it earns."""
    frame = pd.DataFrame(
        {
            "persona_id": persona_ids.to_numpy(),
            "outside": outside,
            "contacted": chosen,
            "responder": response,
            "reached": chosen & response,
        }
    )
    grouped = frame.groupby("persona_id")
    sums = pd.DataFrame(
        {
            "customers": grouped.size(),
            "outside_fences": grouped["outside"].sum(),
            "contacted": grouped["contacted"].sum(),
            "responders": grouped["responder"].sum(),
            "responders_reached": grouped["reached"].sum(),
        }
    )
    return by_persona_table(sums, economics, persona_table)


def by_persona_table(sums: pd.DataFrame, economics: Economics, persona_table: pd.DataFrame) -> pd.DataFrame:
    """``by_persona``'s table from its counts per persona id (``customers``, ``outside_fences``, ``contacted``,
    ``responders``, ``responders_reached``), every persona of ``persona_table`` in its order."""
    table = sums.loc[:, ["customers", "outside_fences", "contacted", "responders", "responders_reached"]]
    table = table.reindex(persona_table.index, fill_value=0).astype("int64")
    table["contacted_percent"] = 100 * table["contacted"] / table["customers"].where(table["customers"] > 0)
    table["expected_profit"] = economics.profit(table["responders_reached"], table["contacted"])
    return table.assign(persona=persona_table["persona"])


def calibration_of_bins(bins: pd.DataFrame, outcome: str = columns.OUTCOME) -> pd.DataFrame:
    """Mean predicted probability and observed response rate per score bin (``Engine.score_bins``), from the
    lowest scores up, as ``calibration_curve`` orders its bins."""
    ordered = bins.sort_index(ascending=False)
    customers = ordered["customers"].to_numpy(dtype="float64")
    return pd.DataFrame(
        {
            "predicted": ordered["score_mean"].to_numpy(dtype="float64"),
            "observed": ordered[f"{outcome}_sum"].to_numpy(dtype="float64") / customers,
        }
    )


@dataclass(frozen=True)
class Budget:
    """The limit the run set on the plan: money for contacts (``amount``) and at most ``max_contacts``, and the
    contacts they allow across the file (``allowed``)."""

    amount: float | None
    max_contacts: int | None
    allowed: int

    @classmethod
    def of(
        cls, economics: Economics, amount: float | None, max_contacts: int | None, customers_in_file: int
    ) -> Budget | None:
        """The limit of ``amount`` and ``max_contacts`` (None when neither is given); a budget for contacts that
        cost nothing allows every customer."""
        if amount is None and max_contacts is None:
            return None
        allowed = economics.contacts_within(amount, max_contacts)
        return cls(amount, max_contacts, customers_in_file if allowed is None else min(allowed, customers_in_file))

    def record(self) -> dict:
        return {"amount": self.amount, "max_contacts": self.max_contacts, "contacts_allowed": self.allowed}


def _contacted(block: pd.DataFrame, economics: Economics) -> pd.DataFrame:
    chosen = block.loc[economics.contact(block["probability"].to_numpy(dtype="float64"))]
    return chosen.loc[:, [columns.ID, "probability"]].assign(
        expected_profit=economics.expected_profit(chosen["probability"].to_numpy(dtype="float64"))
    )


def budget_boundary(engine: Engine, customers, budget: Budget, economics: Economics) -> pd.Series | None:
    """The last customer ``budget`` lets the model's plan contact: of the ``customers`` it contacts (a table of
    ``engine``'s kind with ``ID`` and ``probability``), the one at rank ``budget.allowed`` by expected profit,
    in ``PROFIT_ORDER``; None when every customer it contacts fits."""
    contacted = engine.map_blocks(customers, functools.partial(_contacted, economics=economics))
    return engine.row_at_rank(contacted, budget.allowed, *PROFIT_ORDER)


def within_boundary(customers: pd.DataFrame, boundary: pd.Series | None, economics: Economics) -> np.ndarray:
    """Whether the plan within a budget contacts each of ``customers`` (``ID`` and ``probability``): the model's
    plan does, and they rank no lower than ``boundary`` (``budget_boundary``; None: every contact fits)."""
    probability = customers["probability"].to_numpy(dtype="float64")
    chosen = economics.contact(probability)
    if boundary is None:
        return chosen
    expected, ids = economics.expected_profit(probability), customers[columns.ID].to_numpy()
    last = boundary["expected_profit"]
    return chosen & ((expected > last) | ((expected == last) & (ids <= boundary[columns.ID])))


@dataclass(frozen=True)
class Targeting:
    """The plans side by side and what the charts and per-persona briefs need."""

    economics: Economics
    customers: int
    responders: int
    plans: pd.DataFrame  # one row per plan in PLANS
    persona_plan_ids: list[int]  # the personas the best persona plan contacts
    curve: pd.DataFrame  # the response model's profit curve and cumulative gain
    persona_gain: pd.DataFrame  # the cumulative gain of contacting personas best first
    calibration: pd.DataFrame  # mean predicted probability and observed response rate per bin
    by_persona: pd.DataFrame
    # The response model's plan customer by customer (``contact_decisions``): a table of the engine's kind when
    # the plans were counted on its workers.
    contacts: Any
    budget: Budget | None = None  # the limit the plan within budget keeps to; None without one
    boundary: pd.Series | None = None  # the last customer the budget pays for (``budget_boundary``)
    # When the plans count customers outside the learning sample: its customers whose response is known, who
    # carry held-out probabilities (every other customer the final model's).
    fitting_sample: int | None = None
    # The counted plans' score bins with the sums of the held-out customers (``holdout.BIN_COLUMNS``): the
    # held-out figures are read from them without a pass of their own. None when drawn in memory.
    held_out_bins: pd.DataFrame | None = None

    @property
    def scored_beyond_sample(self) -> bool:
        """Whether the plans count customers outside the learning sample, scored by the final model."""
        return self.fitting_sample is not None

    @property
    def break_even_probability(self) -> float:
        return self.economics.break_even_probability


def contact_decisions(
    known: pd.DataFrame, persona_ids: pd.Series, economics: Economics, within_budget: np.ndarray | None = None
) -> pd.DataFrame:
    """The response model's plan customer by customer, best first: ``ID``, ``persona_id``, ``probability`` (held
    out), ``contact`` (the plan's decision), ``within_budget`` (the plan within budget's, with one), the
    ``expected_profit`` of contacting them and their ``rank`` by it (``PROFIT_ORDER``). ``known``: the customers
    planned for, with their probability; ``persona_ids`` on its index."""
    probability = known["probability"].to_numpy()
    table = pd.DataFrame(
        {
            columns.ID: known[columns.ID].to_numpy(),
            "persona_id": persona_ids.loc[known.index].to_numpy(),
            "probability": probability,
            "contact": economics.contact(probability),
            **({} if within_budget is None else {"within_budget": within_budget}),
            "expected_profit": economics.expected_profit(probability),
        }
    )
    return engine_for("pandas").ranked(table, *PROFIT_ORDER)


def read_predictions(predictions: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The customers with a known response, each with their held-out probability (the modeling stage's hand-over),
    matched by ID whatever the order of either table."""
    known = base.loc[base[columns.OUTCOME].notna()]
    probability = known[columns.ID].map(predictions.set_index(columns.ID)["probability"])
    if len(predictions) != len(known) or probability.isna().any():
        raise StageInputMissing(
            "the response model's predictions do not list the customers of the data preparation: "
            "rerun 03_modeling after 01_data_preparation."
        )
    return known.assign(probability=probability)


def compare(
    base: pd.DataFrame,
    predictions: pd.DataFrame | None,
    persona_ids: pd.Series,
    persona_table: pd.DataFrame,
    economics: Economics | Mapping,
    random_state: int,
    budget: Budget | None = None,
) -> Targeting | None:
    """The four plans on every customer with a known response, and with a ``budget`` the response model's plan
    within it (the customers of highest expected profit it allows, none with an expected loss); None without a
    response model to plan with.

    ``persona_ids`` holds the persona of every customer of ``base``.
    """
    if predictions is None:
        return None
    economics = Economics.of(economics)
    known = read_predictions(predictions, base)
    response = known[columns.OUTCOME].to_numpy(dtype=bool)
    probability = known["probability"].to_numpy()
    known_personas = persona_ids.loc[known.index]
    rng = np.random.default_rng(random_state)
    per_persona = campaign_economics.per_persona(known, known_personas, economics, random_state)
    persona_plan = campaign_economics.targeting_plan(per_persona)["persona_ids"]
    chosen = economics.contact(probability)
    within_budget = boundary = None
    if budget is not None:
        boundary = budget_boundary(engine_for("pandas"), known, budget, economics)
        within_budget = within_boundary(known, boundary, economics)
    decisions = {
        "everyone": np.ones(len(known), dtype=bool),
        "best_persona_plan": known_personas.isin(persona_plan).to_numpy(),
        "response_model": chosen,
        **({} if within_budget is None else {"within_budget": within_budget}),
        "perfect": response,
    }
    plans = pd.DataFrame.from_dict(plan_outcomes(decisions, response, economics, rng), orient="index")
    observed, predicted = calibration_curve(response, probability, n_bins=CALIBRATION_BINS, strategy="quantile")
    return Targeting(
        economics=economics,
        customers=len(known),
        responders=int(response.sum()),
        plans=plans,
        persona_plan_ids=persona_plan,
        curve=profit_curve(response, probability, economics, rng),
        persona_gain=campaign_economics.cumulative_gain(per_persona),
        calibration=pd.DataFrame({"predicted": predicted, "observed": observed}),
        by_persona=by_persona(
            known_personas, chosen, response, ~known["inside_fences"].to_numpy(dtype=bool), economics, persona_table
        ),
        contacts=contact_decisions(known, known_personas, economics, within_budget),
        budget=budget,
        boundary=boundary,
    )


def _plan_record(plans: pd.DataFrame, plan: str) -> dict:
    row = plans.loc[plan]
    return {
        "customers": int(row["customers"]),
        "share_percent": float(row["share_percent"]),
        "responders_reached_percent": float(row["responders_reached_percent"]),
        "expected_profit": float(row["expected_profit"]),
        "expected_profit_ci": [float(row["profit_low"]), float(row["profit_high"])],
    }


def summary_record(
    targeting: Targeting | None,
    model_record: dict,
    economics: Economics | Mapping,
    customers: int,
    held_out: Holdout | None = None,
) -> dict:
    """summary.json's ``targeting``: the same keys whether or not there was anything to learn from; the held-out
    customers' figures (``held_out``) are None, and their count 0, without any."""
    economics = Economics.of(economics)
    record = {
        "model": model_record.get("model"),
        "cv_auc": model_record.get("cv_auc"),
        "cv_auc_ci": model_record.get("cv_auc_ci"),
        "break_even_probability": economics.break_even_probability,
        "contact_cost": economics.contact_cost,
        "revenue": economics.revenue,
        "customers": customers,
        "plan": None,
        "contact_everyone_profit": None,
        "best_persona_plan_profit": None,
        "perfect_targeting_profit": None,
        "budget": None,
        "top_drivers": [driver["feature"] for driver in model_record.get("drivers", [])],
        **(Holdout.empty_record() if held_out is None else held_out.record()),
    }
    if targeting is None:
        return record
    plan_record = functools.partial(_plan_record, targeting.plans)
    return {
        **record,
        "customers": targeting.customers,
        "plan": plan_record("response_model"),
        "budget": None if targeting.budget is None else {**targeting.budget.record(), **plan_record("within_budget")},
        "contact_everyone_profit": float(targeting.plans.at["everyone", "expected_profit"]),
        "best_persona_plan_profit": float(targeting.plans.at["best_persona_plan", "expected_profit"]),
        "perfect_targeting_profit": float(targeting.plans.at["perfect", "expected_profit"]),
    }
