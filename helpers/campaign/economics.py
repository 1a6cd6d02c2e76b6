"""What a campaign costs and earns, what contacting each persona earned in the last one, and which personas pay.

Each contact costs ``contact_cost`` and each acceptance earns ``revenue``, in the
case study's monetary unit: the run's options, else the file's ``Z_CostContact``
and ``Z_Revenue``, else the case study's 3 and 11. ``Economics`` owns every rule that
follows from them (the break-even probability, whom to contact, what a contact or a set
of contacts earns): the targeting, the response model, the scorer, the payoff of an
earlier plan and the narrative all ask it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from helpers.data.columns import OUTCOME
from helpers.engine.seam import Engine, engine_for
from helpers.errors import InputDataError
from helpers.segmentation import personas

BOOTSTRAP_DRAWS = 2_000
# The case study's economics, for a file that does not say: 3 per contact, 11 per acceptance.
CASE_STUDY = {"contact_cost": 3.0, "revenue": 11.0}
FILE_COLUMNS = {"contact_cost": "Z_CostContact", "revenue": "Z_Revenue"}


@dataclass(frozen=True)
class Economics:
    """Cost per contact and revenue per acceptance, with where each came from (``option``, ``file`` or
    ``case_study``), and the rules of a campaign that follow from them."""

    contact_cost: float
    revenue: float
    contact_cost_source: str = "option"
    revenue_source: str = "option"

    @classmethod
    def of(cls, values: Economics | Mapping) -> Economics:
        """The economics recorded as a mapping (summary.json's ``economics``, a model's response part), or
        ``values`` itself."""
        if isinstance(values, Economics):
            return values
        sources = {key: values[key] for key in ("contact_cost_source", "revenue_source") if key in values}
        return cls(float(values["contact_cost"]), float(values["revenue"]), **sources)

    def record(self) -> dict:
        """As summary.json keeps it."""
        return asdict(self)

    @property
    def break_even_probability(self) -> float:
        """Contacting a customer pays when their probability of accepting times the revenue exceeds the cost."""
        return self.contact_cost / self.revenue

    @property
    def no_contact_pays(self) -> bool:
        """An acceptance earns no more than a contact costs: no probability, even certainty, makes a contact pay,
        so every plan contacts no one."""
        return self.revenue <= self.contact_cost

    def expected_profit(self, probability):
        """What contacting a customer who accepts with ``probability`` earns on average (array or number)."""
        return probability * self.revenue - self.contact_cost

    def contact(self, probability) -> np.ndarray:
        """Whom to contact: the customers whose expected revenue exceeds the cost of the contact."""
        return np.asarray(probability) * self.revenue > self.contact_cost

    def profit(self, responders, contacted):
        """What contacting ``contacted`` customers of whom ``responders`` accept earns (arrays or numbers)."""
        return responders * self.revenue - contacted * self.contact_cost

    def contacts_within(self, budget: float | None = None, max_contacts: int | None = None) -> int | None:
        """``contacts_within`` at this cost per contact."""
        return contacts_within(self.contact_cost, budget, max_contacts)


def contacts_within(contact_cost: float, budget: float | None = None, max_contacts: int | None = None) -> int | None:
    """The most contacts ``budget`` (money for contacts) and ``max_contacts`` allow together at ``contact_cost`` a
    contact; None when neither limits them (no limit given, or a budget for contacts that cost nothing).

    A budget that pays for no contact plans no campaign: it is refused, naming the cost.
    """
    limits = [] if max_contacts is None else [int(max_contacts)]
    if budget is not None and contact_cost > 0:
        if budget < contact_cost:
            raise InputDataError(
                f"a budget of {budget:g} pays for no contact at {contact_cost:g} a contact: give at least "
                f"{contact_cost:g}, or --max-contacts instead."
            )
        limits.append(int(budget // contact_cost))
    return min(limits) if limits else None


def resolve(customers: pd.DataFrame, contact_cost: float | None = None, revenue: float | None = None) -> dict:
    """Cost per contact and revenue per acceptance of a table in memory (``resolve_from_means``)."""
    return resolve_from_means(customers[list(FILE_COLUMNS.values())].astype("float64").mean(), contact_cost, revenue)


def resolve_from_means(file_means: Mapping, contact_cost: float | None = None, revenue: float | None = None) -> dict:
    """Cost per contact and revenue per acceptance, each with its source: ``option``, ``file`` or ``case_study``.

    ``file_means``: the mean of each of the file's ``FILE_COLUMNS`` over its customers, None or NaN where no
    customer has a value (the case study's file holds one value).
    """
    chosen = {}
    for name, given in (("contact_cost", contact_cost), ("revenue", revenue)):
        mean = file_means.get(FILE_COLUMNS[name])
        if given is not None:
            value, source = float(given), "option"
        elif mean is not None and pd.notna(mean):
            value, source = float(mean), "file"
        else:
            value, source = CASE_STUDY[name], "case_study"
        chosen[name], chosen[f"{name}_source"] = value, source
    # Where a figure came from, for the message that refuses it.
    origin = {"option": "--{flag}", "file": "the file's {column}", "case_study": "the case study"}
    for name, flag, refused, why in (
        ("revenue", "revenue", chosen["revenue"] <= 0, "no contact can pay for itself"),
        ("contact_cost", "contact-cost", chosen["contact_cost"] < 0, "a contact would earn money by itself"),
    ):
        if refused:
            where = origin[chosen[f"{name}_source"]].format(flag=flag, column=FILE_COLUMNS[name])
            raise InputDataError(
                f"the {name.replace('_', ' ')} is {chosen[name]:g} ({where}), so {why}; set --{flag} to a "
                f"{'positive' if name == 'revenue' else 'non-negative'} amount."
            )
    return chosen


def with_outcome(customers: pd.DataFrame) -> pd.DataFrame:
    """The customers whose response to the last campaign is known (none for a list with no campaign yet)."""
    return customers.loc[customers[OUTCOME].notna()]


EARLIER_CAMPAIGNS = 5  # AcceptedCmp1 to AcceptedCmp5, which Total_Accepted_Campaign counts
# What the per-persona figures are summed from, over the customers whose response is known.
OUTCOME_COLUMNS = [OUTCOME, "Total_Accepted_Campaign"]


def known_outcomes(customers: pd.DataFrame, persona_ids: pd.Series) -> pd.DataFrame:
    """A block of customers whose response is known, reduced to what ``outcome_totals`` sums: persona id
    (matched to ``customers`` by index label) and ``OUTCOME_COLUMNS``."""
    frame = customers.loc[:, OUTCOME_COLUMNS].assign(persona_id=persona_ids.reindex(customers.index))
    return with_outcome(frame)


def outcome_totals(engine: Engine, known) -> pd.DataFrame:
    """Per persona id: customers with a known response, responders and earlier campaigns accepted, summed by
    ``engine`` over ``known`` (``known_outcomes`` of every block of a table of its kind)."""
    stats = engine.group_stats(known, "persona_id", OUTCOME_COLUMNS)
    return pd.DataFrame(
        {
            "customers": stats[(OUTCOME, "count")],
            "responders": stats[(OUTCOME, "sum")],
            "earlier_accepted": stats[("Total_Accepted_Campaign", "sum")],
        }
    )


def per_persona(
    customers: pd.DataFrame, persona_ids: pd.Series, economics: Economics | Mapping, random_state: int = 0
) -> pd.DataFrame | None:
    """``per_persona_from`` the customers in memory and their persona ids (matched by index label)."""
    totals = outcome_totals(engine_for("pandas"), known_outcomes(customers, persona_ids))
    return per_persona_from(totals, economics, random_state)


def per_persona_from(
    totals: pd.DataFrame, economics: Economics | Mapping, random_state: int = 0
) -> pd.DataFrame | None:
    """Per persona: response to the last campaign, lift, and the profit of contacting everyone, with a 95% interval,
    and whether it is too small to act on (counted on its customers whose response is known), from
    ``outcome_totals``: sums, so that every customer counts however many there are.

    None when no customer's response is known: there is no outcome to learn from.
    The interval is a bootstrap over the persona's customers: resampling n
    customers from a 0/1 response column draws the responder count from
    Binomial(n, observed rate), so it is drawn directly.
    """
    economics = Economics.of(economics)
    totals = totals.loc[totals["customers"] > 0]
    if totals.empty:
        return None
    customers, responders = totals["customers"].astype("int64"), totals["responders"].astype("float64")
    overall_rate = responders.sum() / customers.sum()
    table = pd.DataFrame(
        {
            "customers": customers,
            "responders": responders,
            "response_rate": responders / customers,
            "earlier_campaign_rate": totals["earlier_accepted"] / customers / EARLIER_CAMPAIGNS,
            "expected_profit": economics.profit(responders, customers),
        }
    ).rename_axis("persona_id")
    table["profit_per_customer"] = table["expected_profit"] / customers
    table["too_small"] = personas.too_small(table["customers"])
    table["lift"] = table["response_rate"] / overall_rate if overall_rate > 0 else float("nan")
    table["contact_cost"], table["revenue"] = economics.contact_cost, economics.revenue
    rng = np.random.default_rng(random_state)
    draws = rng.binomial(
        table["customers"].to_numpy()[:, None],
        table["response_rate"].to_numpy()[:, None],
        (len(table), BOOTSTRAP_DRAWS),
    )
    profits = economics.profit(draws, table["customers"].to_numpy()[:, None])
    table["profit_low"], table["profit_high"] = np.percentile(profits, [2.5, 97.5], axis=1)
    return table


def cumulative_gain(economics: pd.DataFrame | None) -> pd.DataFrame | None:
    """Customers and responders reached, and profit, when personas are contacted best first.

    Within a persona customers are interchangeable, so the curve is straight
    between persona boundaries; random targeting is the diagonal.
    """
    if economics is None:
        return None
    ordered = economics.sort_values("profit_per_customer", ascending=False, kind="stable")
    reached = pd.DataFrame(
        {
            "persona_id": [None, *ordered.index],
            "customers_share": np.r_[0, ordered["customers"].cumsum() / ordered["customers"].sum()],
            "responders_share": np.r_[0, ordered["responders"].cumsum() / max(ordered["responders"].sum(), 1)],
            "profit": np.r_[0, ordered["expected_profit"].cumsum()],
        }
    )
    return reached


def targeting_plan(economics: pd.DataFrame | None) -> dict | None:
    """The personas worth contacting (expected profit per contact above zero, large enough to act on), what
    contacting them covers, and the personas too small to act on."""
    if economics is None:
        return None
    chosen = economics[(economics["profit_per_customer"] > 0) & ~economics["too_small"]].sort_values(
        "profit_per_customer", ascending=False, kind="stable"
    )
    return {
        "persona_ids": [int(i) for i in chosen.index],
        "customers": int(economics["customers"].sum()),
        "customers_share": float(chosen["customers"].sum() / economics["customers"].sum()),
        "responders_share": float(chosen["responders"].sum() / max(economics["responders"].sum(), 1)),
        "expected_profit": float(chosen["expected_profit"].sum()),
        "everyone_profit": float(economics["expected_profit"].sum()),
        "too_small_ids": [int(i) for i in economics.index[economics["too_small"]]],
    }


def with_campaign_figures(
    persona_records: list[dict], plays: pd.DataFrame, economics: pd.DataFrame | None
) -> list[dict]:
    """summary.json's persona records with the first play and, when the outcome is known, the campaign figures."""
    first_play = plays.drop_duplicates("persona_id").set_index("persona_id")["action"]
    records = [{**record, "top_recommendation": first_play.get(record["id"])} for record in persona_records]
    if economics is None:
        return records
    return [
        {
            **record,
            "response_rate": float(economics.at[record["id"], "response_rate"]),
            "expected_profit": float(economics.at[record["id"], "expected_profit"]),
        }
        for record in records
    ]
