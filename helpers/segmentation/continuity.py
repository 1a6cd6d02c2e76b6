"""This run's personas against an earlier report's: do they agree, and who moved.

The earlier report's saved model assigns this file's customers to the earlier
personas (the same definitions, nothing refitted). How far that assignment agrees
with this run's refit (adjusted Rand index) decides whether the personas are the
same; when they are, each refitted persona takes the name of the earlier persona it
overlaps most, so that names stay stable from one month to the next. Movements
between personas are counted under the earlier definitions, so that a customer who
moved changed behaviour, not the definitions under them. Personas are compared by
key, so an earlier report read in another language compares the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score

from helpers.data import columns, features
from helpers.data.currency import convert_amounts
from helpers.segmentation.assignment import persona_keys

# At or above this adjusted Rand index the refit finds the personas the earlier model defined.
SAME_PERSONAS_ARI = 0.8
NEW, LEFT = "new", "left"
# The persona figures a reader follows from one report to the next (the landing page's cards).
TRACKED_MEDIANS = ("Income", "Total_Spending", "Total_Transaction", "CVR")


@dataclass(frozen=True)
class Continuity:
    """How this run's personas relate to the earlier run's, on this run's analysed customers."""

    agreement_ari: float
    # Of this run's analysed customers, those the refit places in another persona than the saved model does.
    changed_persona_percent: float
    keep_previous: bool
    # This run's persona key -> the key the report uses (the earlier one when the personas are kept).
    keys: dict


def earlier_personas(model: dict, customers: pd.DataFrame, currency: str) -> pd.Series:
    """The persona key the earlier model gives each customer (same index), in the model's own currency."""
    canonical = convert_amounts(customers.loc[:, list(columns.RAW)], columns.AMOUNTS, currency, model["currency"])
    return persona_keys(model, canonical).rename("earlier_persona")


def _matching(now: pd.Series, earlier: pd.Series) -> dict:
    """Each persona of this run -> the earlier persona it shares most customers with, one to one."""
    overlap = pd.crosstab(now, earlier)
    rows, cols = linear_sum_assignment(-overlap.to_numpy())
    return {overlap.index[r]: overlap.columns[c] for r, c in zip(rows, cols)}


def compare(now: pd.Series, earlier: pd.Series) -> Continuity:
    """``now``: each analysed customer's persona in this run; ``earlier``: the earlier model's, same customers."""
    ari = float(adjusted_rand_score(earlier, now))
    matching = _matching(now, earlier)
    changed = 100 * float((now.map(matching) != earlier).mean())
    keep = ari >= SAME_PERSONAS_ARI
    keys = {key: key for key in now.unique()}
    if keep:
        carried = {**keys, **matching}
        # Two personas under one name would be worse than a name that changed.
        if len(set(carried.values())) == len(carried):
            keys = carried
    return Continuity(ari, changed, keep, dict(sorted(keys.items())))


def share_changes(previous_personas: list[dict], now_keys: pd.Series) -> pd.DataFrame:
    """Each earlier persona's share of the analysed customers then and now, in points, under the earlier
    definitions (``now_keys``: the earlier model's persona of each customer analysed now), by persona key."""
    then = pd.Series({p["key"]: p["share_percent"] for p in previous_personas}, dtype=float)
    now = (100 * now_keys.value_counts(normalize=True)).reindex(then.index, fill_value=0.0).round(2)
    names = list(then.index)
    # Rounded as the page shows them, so that the change shown is the difference of the shares shown.
    table = pd.DataFrame({"then": then.reindex(names), "now": now.reindex(names)}).round(1)
    return table.assign(change=(table["now"].fillna(0) - table["then"].fillna(0)).round(1))


def migration(earlier: pd.DataFrame, later: pd.DataFrame, order) -> pd.DataFrame:
    """Customers from each earlier persona (rows, and ``new``) to each later one (columns, and ``left``), by ID.

    ``earlier`` and ``later`` hold ``ID`` and ``persona`` (its key); ``order`` lists the persona keys in report
    order.
    """
    order = list(dict.fromkeys(order))
    merged = earlier.merge(later, on=columns.ID, how="outer", suffixes=("_then", "_now"))
    source = merged["persona_then"].fillna(NEW)
    target = merged["persona_now"].fillna(LEFT)
    rows = [name for name in order if name in set(source)] + [n for n in source.unique() if n not in order]
    cols = [name for name in order if name in set(target)] + [n for n in target.unique() if n not in order]
    rows = [r for r in rows if r != NEW] + [NEW]
    cols = [c for c in cols if c != LEFT] + [LEFT]
    table = pd.crosstab(source, target).reindex(index=rows, columns=cols, fill_value=0)
    return table.rename_axis(index=None, columns=None).astype(int)


@dataclass(frozen=True)
class Movement:
    """What a migration table adds up to."""

    both: int  # customers in both runs
    moved: int  # of them, with another persona
    new: int
    left: int

    @property
    def moved_percent(self) -> float:
        return 100 * self.moved / self.both if self.both else float("nan")


def movement(table: pd.DataFrame) -> Movement:
    """The totals of a ``migration`` table (or of summary.json's, read back as a frame)."""
    both = table.drop(index=NEW, columns=LEFT)
    same = sum(both.at[name, name] for name in both.index if name in both.columns)
    total = int(both.to_numpy().sum())
    return Movement(total, total - int(same), int(table.loc[NEW].sum()), int(table[LEFT].sum()))


def moved_percent(table: pd.DataFrame) -> float:
    """The share of customers present in both runs whose persona changed."""
    return movement(table).moved_percent


def median_drift(
    then: pd.DataFrame, now: pd.DataFrame, then_keys: pd.Series, now_keys: pd.Series, order
) -> pd.DataFrame:
    """Median of the tracked figures per earlier persona (in ``order``), then and now, both under the earlier
    definitions."""
    # Grouped by index label: each key belongs to the customer of the same index, whatever the row order.
    before = then.loc[:, list(TRACKED_MEDIANS)].groupby(then_keys.rename(None)).median()
    after = now.loc[:, list(TRACKED_MEDIANS)].groupby(now_keys.rename(None)).median()
    order = list(dict.fromkeys([*order, *before.index, *after.index]))
    return pd.concat({"then": before.reindex(order), "now": after.reindex(order)}, axis=1)


def record(
    previous_folder: str, run_date: str, continuity: Continuity, shares: pd.DataFrame, moves: pd.DataFrame, psi: dict
) -> dict:
    """summary.json's ``since_previous``, its payoff filled in by the recommendations stage."""
    moved = movement(moves)
    return {
        "previous_report": {"folder": previous_folder, "run_date": run_date},
        "agreement_ari": continuity.agreement_ari,
        # Two different movements: the refit against the saved model on this file (a change of grouping), and the
        # customers of both files whose persona changed under the previous definitions (a change of customers).
        "changed_persona_percent": continuity.changed_persona_percent,
        "moved_customers_percent": moved.moved_percent if moved.both else None,
        "share_change_points": {key: float(change) for key, change in shares["change"].items()},
        "migration": {row: {col: int(n) for col, n in moves.loc[row].items()} for row in moves.index},
        "psi": {name: float(value) for name, value in psi.items() if np.isfinite(value)},
        "payoff": None,
    }


@dataclass(frozen=True)
class Comparison:
    """Everything the persona analysis shows of the earlier report."""

    previous: object  # helpers.report.previous.PreviousRun
    continuity: Continuity
    analysed: int
    shares: pd.DataFrame
    moves: pd.DataFrame
    psi: pd.Series
    medians: pd.DataFrame

    def record(self) -> dict:
        started = self.previous.started
        return record(self.previous.shown_name, started.isoformat(), self.continuity, self.shares, self.moves, self.psi)


def since_previous(
    previous,
    clusters: pd.DataFrame,
    persona_ids: pd.Series,
    every_customer: pd.DataFrame,
    persona_table,
    currency: str,
) -> tuple[pd.DataFrame, Comparison | None]:
    """The personas (re-keyed after the earlier ones when they are the same) and the comparison; without an
    earlier report, the personas as they are and None.

    ``clusters``: the analysed customers; ``persona_ids``: their persona in this run (same index);
    ``every_customer``: every customer of the file (the data preparation's hand-over).
    """
    from helpers.data import drift

    if previous is None:
        return persona_table, None
    model = previous.model
    now = persona_ids.map(persona_table["persona_key"])
    analysed_now = earlier_personas(model, clusters, currency)
    result = compare(now, analysed_now)
    rekeyed = persona_table.assign(persona_key=persona_table["persona_key"].map(result.keys))
    earlier_customers = previous.customers()
    earlier_currency = previous.summary["data"]["currency"]
    then_keys = earlier_personas(model, earlier_customers, earlier_currency)
    now_keys = earlier_personas(model, every_customer, currency)
    moves = migration(
        pd.DataFrame({columns.ID: earlier_customers[columns.ID], "persona": then_keys}),
        pd.DataFrame({columns.ID: every_customer[columns.ID], "persona": now_keys}),
        order=[*model["persona_keys"], *rekeyed["persona_key"]],
    )
    inside_then = earlier_customers["inside_fences"].to_numpy()
    # In this run's currency, the engineered totals recomputed from the converted amounts.
    earlier_in_currency = features.engineer_features(
        convert_amounts(earlier_customers.loc[:, list(columns.RAW)], columns.AMOUNTS, earlier_currency, currency),
        model["reference_year"],
    )
    comparison = Comparison(
        previous=previous,
        continuity=result,
        analysed=len(clusters),
        shares=share_changes(previous.summary["personas"], analysed_now),
        moves=moves,
        psi=drift.feature_psi(earlier_in_currency, every_customer),
        medians=median_drift(
            earlier_in_currency[inside_then], clusters, then_keys[inside_then], analysed_now, model["persona_keys"]
        ),
    )
    return rekeyed, comparison
