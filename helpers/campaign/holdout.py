"""The response model on the customers it never saw: those of the file outside the learning sample, whose response
is known.

The model's cross-validation and final fit saw only the learning sample's customers (``cv_auc`` is judged on
them, out of fold); every other customer with a known response is held out by construction. Their
probabilities come from the final model, block by block on the engine's workers, and what the report states
of them is counted there: how many they are, the model's ROC AUC from their score bins, and what its plan
(contact when the probability times the revenue exceeds the cost) would have earned on them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from helpers.campaign.economics import Economics
from helpers.campaign.response_model import model_matrix, probability
from helpers.data.columns import ID, OUTCOME
from helpers.engine.seam import Engine

# The held-out AUC is read from this many bins by probability: customers within a bin count as tied, which moves
# it by at most the share of responder and non-responder pairs that fall in one bin (about one in a hundred).
AUC_BINS = 100
# What the counted plans' score bins add up of the held-out customers (``with_held_out_columns``), so that the
# held-out figures come from those bins without a pass of their own (``of_bins``).
BIN_COLUMNS = ["held_out", "held_out_responders", "held_out_contacted", "held_out_reached"]


@dataclass(frozen=True)
class Holdout:
    """The held-out customers' count, the model's AUC on them (None when they hold one class only) and the
    customers its plan contacts, the responders it reaches and its profit on them."""

    customers: int
    auc: float | None
    contacted: int
    responders: int
    profit: float

    @staticmethod
    def empty_record() -> dict:
        """``record``'s keys when no customer was held out: none of them, and no figures."""
        return Holdout(0, None, None, None, None).record()

    def record(self) -> dict:
        return {
            "holdout_customers": self.customers,
            "holdout_auc": self.auc,
            "holdout_plan_customers": self.contacted,
            "holdout_plan_profit": self.profit,
        }


def auc_from_bins(bins: pd.DataFrame, outcome: str = OUTCOME) -> float | None:
    """The ROC AUC of score bins (``Engine.score_bins``, bin 1 the highest scores, with ``<outcome>_sum``): the
    chance that a responder scores above a non-responder, ties within a bin counted half."""
    responders = bins[f"{outcome}_sum"].to_numpy(dtype="float64")
    others = bins["customers"].to_numpy(dtype="float64") - responders
    if responders.sum() == 0 or others.sum() == 0:
        return None
    above = np.cumsum(responders) - responders
    return float((others * (above + responders / 2)).sum() / (responders.sum() * others.sum()))


def _scored_block(
    block: pd.DataFrame, pipeline: Pipeline, seen: np.ndarray, reference_year: int, economics: Economics
) -> pd.DataFrame:
    """The block's customers with a known response that the model never saw, scored by the final model: their
    response, probability, whether the plan contacts them and whether it reaches a responder."""
    unseen = block.loc[block[OUTCOME].notna() & ~block[ID].isin(seen)]
    chance = probability(pipeline, model_matrix(unseen, reference_year)) if len(unseen) else np.empty(0)
    contact = economics.contact(chance)
    return pd.DataFrame(
        {
            OUTCOME: unseen[OUTCOME].to_numpy(dtype="float64"),
            "probability": np.asarray(chance, dtype="float64"),
            "contacted": contact.astype("int64"),
            "reached": (contact & (unseen[OUTCOME].to_numpy() == 1)).astype("int64"),
        }
    )


def with_held_out_columns(block: pd.DataFrame) -> pd.DataFrame:
    """A block the counted plans scored (``counted_plans.scored_block``: ``held_out`` is 1 for a customer outside
    the learning sample, who carries the final model's probability and its plan's decision) with ``BIN_COLUMNS``:
    whether the customer is held out, a responder, contacted by the plan, and a responder it reaches."""
    held_out = block["held_out"].to_numpy(dtype="int64")
    responder = block[OUTCOME].to_numpy(dtype="int64") == 1
    contacted = held_out * block["contact"].to_numpy(dtype="int64")
    return block.assign(
        held_out_responders=held_out * responder, held_out_contacted=contacted, held_out_reached=contacted * responder
    )


def of_bins(bins: pd.DataFrame, economics: Economics | Mapping) -> Holdout | None:
    """The held-out figures from the counted plans' ``AUC_BINS`` score bins with ``BIN_COLUMNS``' sums (``Engine.
    score_bins`` of ``with_held_out_columns``' blocks); None when nobody is held out. The bins' edges are the
    quantiles of every customer the plans scored, so each holds about as many held-out customers as the others
    when the sample is a small share of the file."""
    economics = Economics.of(economics)
    customers = int(bins["held_out_sum"].sum())
    if customers == 0:
        return None
    held_out = pd.DataFrame({"customers": bins["held_out_sum"], f"{OUTCOME}_sum": bins["held_out_responders_sum"]})
    contacted, reached = int(bins["held_out_contacted_sum"].sum()), int(bins["held_out_reached_sum"].sum())
    return Holdout(
        customers=customers,
        auc=auc_from_bins(held_out),
        contacted=contacted,
        responders=reached,
        profit=float(economics.profit(reached, contacted)),
    )


_SCORED_META = pd.DataFrame(
    {OUTCOME: pd.Series(dtype="float64"), "probability": pd.Series(dtype="float64"),
     "contacted": pd.Series(dtype="int64"), "reached": pd.Series(dtype="int64")}
)  # fmt: skip


def measure(
    engine: Engine,
    every_customer,
    pipeline: Pipeline | None,
    seen_ids: pd.Series,
    reference_year: int,
    economics: Economics | Mapping,
    bins_by_plans: pd.DataFrame | None = None,
) -> Holdout | None:
    """The model on the customers of ``every_customer`` (a table of ``engine``'s kind) it never saw (``seen_ids``:
    the learning sample's IDs); None without a model, or when it saw every customer with a known response.

    ``bins_by_plans``: the counted plans' score bins of the customers they scored (``Targeting.held_out_bins``),
    when there are any; the figures are then read from them (``of_bins``) without another pass over the file."""
    if pipeline is None:
        return None
    economics = Economics.of(economics)
    if bins_by_plans is not None:
        return of_bins(bins_by_plans, economics)
    # Scored once and kept (``Engine.persist``) for the totals and the score bins.
    scored = engine.persist(
        engine.map_blocks(
            every_customer,
            functools.partial(
                _scored_block,
                pipeline=pipeline,
                seen=seen_ids.to_numpy(),
                reference_year=reference_year,
                economics=economics,
            ),
            meta=_SCORED_META,
        )
    )
    totals = engine.column_totals(scored, lambda block: block.loc[:, ["contacted", "reached"]].assign(customers=1))
    if int(totals["customers"]) == 0:
        return None
    bins = engine.score_bins(scored, "probability", AUC_BINS, [OUTCOME])
    contacted, reached = int(totals["contacted"]), int(totals["reached"])
    return Holdout(
        customers=int(totals["customers"]),
        auc=auc_from_bins(bins),
        contacted=contacted,
        responders=reached,
        profit=float(economics.profit(reached, contacted)),
    )
