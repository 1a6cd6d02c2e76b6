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

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.campaign.economics import Economics
from helpers.data import columns


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


def has_outcome(customers: pd.DataFrame) -> bool:
    """Whether the file records a campaign outcome at all."""
    return columns.OUTCOME in customers and bool(customers[columns.OUTCOME].notna().any())


def evaluate(
    predictions: pd.DataFrame, economics: Economics | Mapping, plan: dict, customers: pd.DataFrame
) -> Payoff | None:
    """The earlier plan against the new file's outcome; None when the new file has none.

    ``predictions``: ID and held-out probability of every earlier customer; ``economics`` and ``plan``:
    the earlier run's ``economics`` and ``targeting.plan``; ``customers``: the new file with its outcome.
    """
    if not has_outcome(customers):
        return None
    economics = Economics.of(economics)
    chosen = economics.contact(predictions["probability"].to_numpy())
    outcome = customers.loc[customers[columns.OUTCOME].notna(), [columns.ID, columns.OUTCOME]]
    outcome = outcome.drop_duplicates(columns.ID)
    known = predictions.assign(chosen=chosen).merge(outcome, on=columns.ID, how="inner")
    picked, passed = known[known["chosen"]], known[~known["chosen"]]
    # The promise per contact, as the earlier report gave it, for the chosen customers still here.
    per_contact = plan["expected_profit"] / plan["customers"] if plan["customers"] else 0.0
    low, high = (bound / plan["customers"] if plan["customers"] else 0.0 for bound in plan["expected_profit_ci"])
    n = len(picked)
    responders = int(picked[columns.OUTCOME].sum())
    passed_responders = int(passed[columns.OUTCOME].sum())
    return Payoff(
        planned=int(chosen.sum()),
        contacted=n,
        # A contact's promised profit is responders' revenue less its cost: the responders it implies.
        predicted_responders=n * (per_contact + economics.contact_cost) / economics.revenue,
        realised_responders=responders,
        predicted_profit=per_contact * n,
        predicted_profit_ci=(low * n, high * n),
        realised_profit=economics.profit(responders, n),
        passed_over=len(passed),
        passed_over_predicted_responders=float(np.sum(passed["probability"])),
        passed_over_responders=passed_responders,
        passed_over_profit=economics.profit(passed_responders, len(passed)),
        contact_cost=economics.contact_cost,
        revenue=economics.revenue,
    )


def of_previous_plan(previous, customers: pd.DataFrame) -> Payoff | None:
    """The earlier report's plan against this file's outcome; None without an earlier plan or an outcome."""
    if previous is None:
        return None
    predictions = previous.response_predictions()
    if predictions is None:
        return None
    summary = previous.summary
    return evaluate(predictions, summary["economics"], summary["targeting"]["plan"], customers)


def summary_section(summary: dict, result: Payoff | None) -> dict:
    """summary.json's ``since_previous`` with its payoff, when the run compares with an earlier report."""
    if "since_previous" not in summary:
        return {}
    return {"since_previous": {**summary["since_previous"], "payoff": None if result is None else result.record()}}
