"""Did the earlier report's plan pay off? Its promise against the outcome the new file records.

The earlier report planned the next campaign: contact the customers whose held-out
probability of accepting times the revenue exceeded the cost, for a profit it gave
with a 95% interval. When the new file carries that campaign's outcome (its
``Response``), the customers the plan chose are found by ID and what they earned
is set against what was promised. The promise is scaled per contact to the chosen
customers still in the file, since some have left. The customers the plan passed
over are compared too: what contacting them would have earned.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.campaign.economics import Economics
from helpers.data import columns
from helpers.engine.seam import Engine


@dataclass(frozen=True)
class Payoff:
    planned: int  # customers the earlier plan chose
    contacted: int  # of them, still in the new file with an outcome
    predicted_responders: float
    realised_responders: int
    predicted_profit: float
    predicted_profit_ci: tuple[float, float]
    realised_profit: float
    passed_over: int  # customers the plan did not choose, in the new file with an outcome
    passed_over_predicted_responders: float
    passed_over_responders: int
    passed_over_profit: float  # what contacting them would have earned
    contact_cost: float
    revenue: float

    @property
    def within_interval(self) -> bool:
        return verdict(self.realised_profit, *self.predicted_profit_ci) == "inside"

    def record(self) -> dict:
        """summary.json's ``since_previous.payoff``."""
        return {
            "contacted": self.contacted,
            "predicted_profit": self.predicted_profit,
            "predicted_profit_ci": list(self.predicted_profit_ci),
            "realised_profit": self.realised_profit,
            "within_interval": self.within_interval,
        }


def verdict(realised: float, low: float, high: float) -> str:
    """``inside``, ``below`` or ``above`` the promised interval."""
    return "inside" if low <= realised <= high else "below" if realised < low else "above"


def _has_outcome(block: pd.DataFrame) -> pd.Series:
    return block[columns.OUTCOME].notna()


def has_outcome(engine: Engine, customers) -> bool:
    """Whether the file (a table of ``engine``'s kind) records a campaign outcome at all."""
    return columns.OUTCOME in customers.columns and engine.count_where(customers, _has_outcome) > 0


def _choices_block(predictions: pd.DataFrame, economics: Economics) -> pd.DataFrame:
    """Each earlier customer's probability and whether the earlier plan chose them."""
    chosen = economics.contact(predictions["probability"].to_numpy())
    return predictions.loc[:, [columns.ID, "probability"]].assign(chosen=chosen)


def _outcomes_block(customers: pd.DataFrame) -> pd.DataFrame:
    return customers.loc[customers[columns.OUTCOME].notna(), [columns.ID, columns.OUTCOME]]


def _group(stats: pd.DataFrame, chosen: bool) -> tuple[int, int, float]:
    """Customers, responders and the sum of their probabilities in one group of ``stats`` (none: zeros)."""
    if chosen not in stats.index:
        return 0, 0, 0.0
    row = stats.loc[chosen]
    return int(row[(columns.OUTCOME, "count")]), int(row[(columns.OUTCOME, "sum")]), float(row[("probability", "sum")])


def evaluate(engine: Engine, predictions, economics: Economics | Mapping, plan: dict, customers) -> Payoff | None:
    """The earlier plan against the new file's outcome, joined by ID on ``engine``'s side; None when the new
    file has none.

    ``predictions``: ID and held-out probability of every earlier customer; ``customers``: the new file with its
    outcome (tables of ``engine``'s kind); ``economics`` and ``plan``: the earlier run's ``economics`` and
    ``targeting.plan``. What comes back are the counts and sums of the chosen and the passed-over customers.
    """
    if not has_outcome(engine, customers):
        return None
    economics = Economics.of(economics)
    choices = engine.map_blocks(predictions, functools.partial(_choices_block, economics=economics))
    planned = engine.count_where(choices, operator.itemgetter("chosen"))
    known = engine.join_by_id(choices, engine.map_blocks(customers, _outcomes_block), how="inner")
    stats = engine.group_stats(known, "chosen", [columns.OUTCOME, "probability"])
    n, responders, _ = _group(stats, True)
    passed, passed_responders, passed_probability = _group(stats, False)
    # The promise per contact, as the earlier report gave it, for the chosen customers still here.
    per_contact = plan["expected_profit"] / plan["customers"] if plan["customers"] else 0.0
    low, high = (bound / plan["customers"] if plan["customers"] else 0.0 for bound in plan["expected_profit_ci"])
    return Payoff(
        planned=planned,
        contacted=n,
        # A contact's promised profit is responders' revenue less its cost: the responders it implies.
        predicted_responders=n * (per_contact + economics.contact_cost) / economics.revenue,
        realised_responders=responders,
        predicted_profit=per_contact * n,
        predicted_profit_ci=(low * n, high * n),
        realised_profit=economics.profit(responders, n),
        passed_over=passed,
        passed_over_predicted_responders=passed_probability,
        passed_over_responders=passed_responders,
        passed_over_profit=economics.profit(passed_responders, passed),
        contact_cost=economics.contact_cost,
        revenue=economics.revenue,
    )


def of_previous_plan(engine: Engine, previous, customers) -> Payoff | None:
    """The earlier report's plan against this file's outcome (``customers``, a table of ``engine``'s kind); None
    without an earlier plan or an outcome."""
    predictions = None if previous is None else previous.response_predictions(engine)
    if predictions is None:
        return None
    summary = previous.summary
    return evaluate(engine, predictions, summary["economics"], summary["targeting"]["plan"], customers)


def summary_section(summary: dict, result: Payoff | None) -> dict:
    """summary.json's ``since_previous`` with its payoff, when the run compares with an earlier report."""
    if "since_previous" not in summary:
        return {}
    return {"since_previous": {**summary["since_previous"], "payoff": None if result is None else result.record()}}
