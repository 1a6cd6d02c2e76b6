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

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from helpers.data import columns, drift, features
from helpers.data.currency import convert_amounts
from helpers.engine.seam import Engine
from helpers.segmentation import personas
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


def adjusted_rand(overlap: pd.DataFrame) -> float:
    """The adjusted Rand index of two groupings from their cross table (customers in each pair of groups), as
    ``sklearn.metrics.adjusted_rand_score`` computes it from the labels: the table is all the workers send back."""
    counts = [[int(n) for n in row] for row in overlap.to_numpy()]
    # Python integers: the products of pair counts overflow 64 bits past a few million customers.
    customers = sum(map(sum, counts))
    row_sizes = [sum(row) for row in counts]
    column_sizes = [sum(column) for column in zip(*counts)] if counts else []
    squares = sum(n * n for row in counts for n in row)
    together_in_both = squares - customers
    only_across = sum(n * size for row in counts for n, size in zip(row, column_sizes)) - squares
    only_down = sum(n * size for row, size in zip(counts, row_sizes) for n in row) - squares
    apart_in_both = customers * customers - only_across - only_down - squares
    if only_across == 0 and only_down == 0:
        return 1.0
    agreement = together_in_both * apart_in_both - only_down * only_across
    spread = (together_in_both + only_down) * (only_down + apart_in_both) + (together_in_both + only_across) * (
        only_across + apart_in_both
    )
    return float(2 * agreement / spread)


def _matching(overlap: pd.DataFrame) -> dict:
    """Each persona of this run -> the earlier persona it shares most customers with, one to one."""
    rows, cols = linear_sum_assignment(-overlap.to_numpy())
    return {overlap.index[r]: overlap.columns[c] for r, c in zip(rows, cols)}


def compare(overlap: pd.DataFrame) -> Continuity:
    """``overlap``: the analysed customers in each pair of this run's persona (down) and the earlier model's
    (across), as ``Engine.crosstab`` counts them."""
    ari = adjusted_rand(overlap)
    matching = _matching(overlap)
    kept = sum(int(overlap.at[now, earlier]) for now, earlier in matching.items())
    total = int(overlap.to_numpy().sum())
    changed = 100 * (total - kept) / total if total else float("nan")
    keep = ari >= SAME_PERSONAS_ARI
    keys = {key: key for key in overlap.index}
    if keep:
        carried = {**keys, **matching}
        # Two personas under one name would be worse than a name that changed.
        if len(set(carried.values())) == len(carried):
            keys = carried
    return Continuity(ari, changed, keep, dict(sorted(keys.items())))


def share_changes(previous_personas: list[dict], now_counts: pd.Series) -> pd.DataFrame:
    """Each earlier persona's share of the analysed customers then and now, in points, under the earlier
    definitions (``now_counts``: the analysed customers the earlier model puts in each persona now), by key."""
    then = pd.Series({p["key"]: p["share_percent"] for p in previous_personas}, dtype=float)
    total = now_counts.sum()
    now = (100 * now_counts / total).reindex(then.index, fill_value=0.0).astype(float).round(2)
    names = list(then.index)
    # Rounded as the page shows them, so that the change shown is the difference of the shares shown.
    table = pd.DataFrame({"then": then.reindex(names), "now": now.reindex(names)}).round(1)
    return table.assign(change=(table["now"].fillna(0) - table["then"].fillna(0)).round(1))


def _new_and_left(joined: pd.DataFrame) -> pd.DataFrame:
    return joined.fillna({"persona_then": NEW, "persona_now": LEFT})


def migration(engine: Engine, earlier, later, order) -> pd.DataFrame:
    """Customers from each earlier persona (rows, and ``new``) to each later one (columns, and ``left``), joined
    by ID on ``engine``'s side (tables of its kind).

    ``earlier`` holds ``ID`` and ``persona_then``, ``later`` ``ID`` and ``persona_now`` (persona keys); ``order``
    lists the persona keys in report order.
    """
    order = list(dict.fromkeys(order))
    joined = engine.map_blocks(engine.join_by_id(earlier, later, how="outer"), _new_and_left)
    counts = engine.crosstab(joined, "persona_then", "persona_now")
    source, target = list(counts.index), list(counts.columns)
    rows = [name for name in order if name in source] + [n for n in source if n not in order]
    cols = [name for name in order if name in target] + [n for n in target if n not in order]
    rows = [r for r in rows if r != NEW] + [NEW]
    cols = [c for c in cols if c != LEFT] + [LEFT]
    table = counts.reindex(index=rows, columns=cols, fill_value=0)
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


def median_drift(engine: Engine, then, now, order) -> pd.DataFrame:
    """Median of the tracked figures per earlier persona (in ``order``), then and now, both under the earlier
    definitions: ``then`` and ``now`` are tables of ``engine``'s kind holding ``earlier_persona`` and the figures."""
    medians = [
        engine.grouped_quantiles(table, "earlier_persona", TRACKED_MEDIANS, [0.5]).xs(0.5, level="quantile")
        for table in (then, now)
    ]
    before, after = (table.rename_axis(None) for table in medians)
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


def _analysed_block(block: pd.DataFrame, model: dict, persona_table: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Of each analysed customer: this run's persona key and the earlier model's, and the tracked figures."""
    now = personas.persona_of(block["segment"], persona_table).map(persona_table["persona_key"])
    return block.loc[:, [columns.ID, *TRACKED_MEDIANS]].assign(
        persona_now=now.astype(object), earlier_persona=earlier_personas(model, block, currency)
    )


def _earlier_file_block(block: pd.DataFrame, model: dict, earlier_currency: str, currency: str) -> pd.DataFrame:
    """Of each customer of the earlier file: the earlier model's persona key, whether the earlier run analysed
    them, and the followed features in this run's currency (the engineered totals recomputed from the converted
    amounts)."""
    converted = convert_amounts(block.loc[:, list(columns.RAW)], columns.AMOUNTS, earlier_currency, currency)
    engineered = features.engineer_features(converted, model["reference_year"])
    followed = [name for name in dict.fromkeys([*drift.FEATURES, *TRACKED_MEDIANS]) if name in engineered]
    keys = earlier_personas(model, block, earlier_currency)
    return engineered.loc[:, [columns.ID, *followed]].assign(
        inside_fences=block["inside_fences"].astype(bool), earlier_persona=keys
    )


def _file_block(block: pd.DataFrame, model: dict, currency: str) -> pd.DataFrame:
    """Of each customer of this file: the earlier model's persona key and the followed features."""
    followed = [name for name in drift.FEATURES if name in block]
    return block.loc[:, [columns.ID, *followed]].assign(earlier_persona=earlier_personas(model, block, currency))


def _analysed(block: pd.DataFrame) -> pd.DataFrame:
    return block[block["inside_fences"]]


def _keys_as(block: pd.DataFrame, name: str) -> pd.DataFrame:
    return block.loc[:, [columns.ID, "earlier_persona"]].rename(columns={"earlier_persona": name})


def feature_psi(engine: Engine, then, now, followed=drift.FEATURES) -> pd.Series:
    """The stability index of every followed feature that both files (tables of ``engine``'s kind) have, largest
    first: the earlier file's exact deciles, then each file's customers per bin counted in one pass."""
    shown = [f for f in followed if f in then.columns and f in now.columns]
    if not shown:
        return pd.Series(dtype=float)
    deciles = engine.quantiles(then, shown, drift.DECILES)
    edges = {f: drift.edges_of(deciles[f]) for f in shown}
    flags = functools.partial(drift.bin_flags, edges=edges)
    before, after = engine.column_totals(then, flags), engine.column_totals(now, flags)
    index = {
        f: drift.index_of_counts(drift.counts_of(before, f, edges[f]), drift.counts_of(after, f, edges[f]))
        for f in shown
    }
    return pd.Series(index, dtype=float).sort_values(ascending=False, kind="stable")


def since_previous(
    engine: Engine, previous, every_assigned, persona_table: pd.DataFrame, every_customer, currency: str
) -> tuple[pd.DataFrame, Comparison | None]:
    """The personas (re-keyed after the earlier ones when they are the same) and the comparison; without an
    earlier report, the personas as they are and None.

    ``every_assigned``: every analysed customer with their segment (the modeling stage's hand-over);
    ``every_customer``: every customer of the file (the data preparation's); both tables of ``engine``'s kind,
    as is the earlier report's file, read from its hand-over. Counted on ``engine``'s side, by ID: cross tables,
    grouped medians and binned counts come back, never a customer.
    """
    if previous is None:
        return persona_table, None
    model = previous.model
    analysed = engine.map_blocks(
        every_assigned, functools.partial(_analysed_block, model=model, persona_table=persona_table, currency=currency)
    )
    overlap = engine.crosstab(analysed, "persona_now", "earlier_persona")
    result = compare(overlap)
    rekeyed = persona_table.assign(persona_key=persona_table["persona_key"].map(result.keys))
    earlier_currency = previous.summary["data"]["currency"]
    then = engine.map_blocks(
        previous.customers(engine),
        functools.partial(_earlier_file_block, model=model, earlier_currency=earlier_currency, currency=currency),
    )
    now = engine.map_blocks(every_customer, functools.partial(_file_block, model=model, currency=currency))
    moves = migration(
        engine,
        engine.map_blocks(then, functools.partial(_keys_as, name="persona_then")),
        engine.map_blocks(now, functools.partial(_keys_as, name="persona_now")),
        order=[*model["persona_keys"], *rekeyed["persona_key"]],
    )
    comparison = Comparison(
        previous=previous,
        continuity=result,
        analysed=int(overlap.to_numpy().sum()),
        shares=share_changes(previous.summary["personas"], overlap.sum(axis=0)),
        moves=moves,
        psi=feature_psi(engine, then, now),
        medians=median_drift(engine, engine.map_blocks(then, _analysed), analysed, model["persona_keys"]),
    )
    return rekeyed, comparison
