"""Exact quantiles of a table spread over blocks, with only bounded counts coming back from the blocks.

A first pass gives approximate quantiles (the blocks' percentile sketches, merged) and, around each, a bracket
of values sure to hold the exact one if the approximation is good. Then every block counts, for each interval
asked, the values below it and a histogram of the values inside it (``BINS`` bins of equal width: each bin's
count, lowest and highest value); added up, these place each order statistic pandas interpolates between in
one bin. A bin whose lowest and highest values are equal gives the order statistic itself (a column that
repeats its values: counts, years, whole amounts), and so does a bin whose first or last value it is (a
column's extremes); otherwise the next pass counts that bin as an interval of its own, and once a bin holds at
most ``VALUES_AT_MOST`` values its value counts are asked for. So a pass returns a few thousand numbers per
quantile whatever the table's size, even for a column with no repeated values (a model's probability: its
brackets of a few percent each held millions of distinct values, all of which came back). A bracket that
misses (the approximation was further off than it) is widened and counted again.

The results are pandas' own: linear interpolation between the order statistics around ``q * (n - 1)``, missing
values left out. Nothing here imports Dask.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Bins per counted interval: each pass narrows an order statistic's interval to a 256th of its width.
BINS = 256
# An interval holding at most this many values has its values counted (a few thousand numbers per quantile).
VALUES_AT_MOST = 4096
# A column counted in more intervals than this is sorted whole in each block; fewer pick their values out.
SORTED_FROM = 8

Interval = tuple[float, float, int]  # lowest and highest value counted (closed), and BINS (0: the value counts)
Key = tuple[str, float]  # (column, q)


def _position(rank: int, below: int, inside: int) -> int | None:
    """The 0-based ``rank``'s position among the ``inside`` values of an interval with ``below`` values below
    it; None when the interval does not hold it."""
    position = rank - below
    return position if 0 <= position < inside else None


@dataclass(frozen=True)
class Histogram:
    """An interval's counts: values below it, and per bin the values' count, lowest and highest (NaN if none)."""

    below: int
    counts: np.ndarray
    lowest: np.ndarray
    highest: np.ndarray

    def __add__(self, other: Histogram) -> Histogram:
        return Histogram(
            self.below + other.below,
            self.counts + other.counts,
            np.fmin(self.lowest, other.lowest),
            np.fmax(self.highest, other.highest),
        )

    def locate(self, rank: int, interval: Interval) -> float | Interval | None:
        """The value of 0-based ``rank`` in the sorted column, or the interval of the bin holding it, or None when
        the interval does not hold it."""
        position = _position(rank, self.below, int(self.counts.sum()))
        if position is None:
            return None
        up_to = np.cumsum(self.counts)
        in_bin = int(np.searchsorted(up_to, position, side="right"))
        low, high = float(self.lowest[in_bin]), float(self.highest[in_bin])
        # The bin's first value, its last, or its only one (the extremes of a column, a repeated value).
        if low == high or position == up_to[in_bin] - self.counts[in_bin]:
            return low
        if position == up_to[in_bin] - 1:
            return high
        # A bin no narrower than its interval (edges a float's width apart) has its values counted instead.
        narrower = (low, high) != interval[:2] and self.counts[in_bin] > VALUES_AT_MOST
        return (low, high, BINS if narrower else 0)


@dataclass(frozen=True)
class ValueCounts:
    """An interval's counts: values below it, and how often each value inside it occurs (sorted by value)."""

    below: int
    counts: pd.Series

    def __add__(self, other: ValueCounts) -> ValueCounts:
        counts = pd.concat([self.counts, other.counts]).groupby(level=0).sum().sort_index()
        return ValueCounts(self.below + other.below, counts)

    def locate(self, rank: int, interval: Interval) -> float | None:
        position = _position(rank, self.below, int(self.counts.sum()))
        if position is None:
            return None
        return float(self.counts.index[np.searchsorted(self.counts.cumsum().to_numpy(), position, side="right")])


def _counted(inside: np.ndarray, below: int, interval: Interval) -> Histogram | ValueCounts:
    """``interval``'s counts from the values ``inside`` it (sorted) and the number ``below`` it."""
    low, high, bins = interval
    if bins == 0:
        distinct, counts = np.unique(inside, return_counts=True)
        return ValueCounts(below, pd.Series(counts, index=distinct, dtype="int64"))
    if len(inside) == 0:
        return Histogram(below, np.zeros(bins, dtype="int64"), np.full(bins, np.nan), np.full(bins, np.nan))
    starts = np.searchsorted(inside, np.linspace(low, high, bins + 1)[:-1], side="left")
    stops = np.append(starts[1:], len(inside))
    filled = stops > starts
    lowest = np.where(filled, inside[np.minimum(starts, len(inside) - 1)], np.nan)
    return Histogram(below, stops - starts, lowest, np.where(filled, inside[stops - 1], np.nan))


def _intervals_counted(values: np.ndarray, intervals: Sequence[Interval]) -> list[Histogram | ValueCounts]:
    """Each interval's counts among ``values`` (filled). A few intervals pick their values out and sort only
    those (a bracket holds a few percent of a block); many (the score bins' 99) sort the block once instead."""
    if len(intervals) > SORTED_FROM:
        values = np.sort(values)
        starts = np.searchsorted(values, [low for low, _, _ in intervals], side="left")
        stops = np.searchsorted(values, [high for _, high, _ in intervals], side="right")
        return [
            _counted(values[start : max(start, stop)], int(start), interval)
            for start, stop, interval in zip(starts, stops, intervals, strict=True)
        ]
    counted = []
    for interval in intervals:
        low, high, _ = interval
        inside = np.sort(values[(values >= low) & (values <= high)])
        counted.append(_counted(inside, int(np.count_nonzero(values < low)), interval))
    return counted


def bracket_counts(block: pd.DataFrame | Mapping[str, pd.Series], intervals: Mapping[str, Sequence[Interval]]) -> dict:
    """For each column of ``intervals`` (of a block, or series by name): its filled values, their lowest and
    highest, and each interval's counts (``Histogram`` or ``ValueCounts``); what adds up across blocks."""
    counts = {}
    for column, column_intervals in intervals.items():
        values = block[column].dropna().to_numpy(dtype="float64")
        counts[column] = {
            "filled": len(values),
            "ends": (values.min(), values.max()) if len(values) else (np.nan, np.nan),
            "intervals": _intervals_counted(values, column_intervals),
        }
    return counts


def grouped_bracket_counts(
    block: pd.DataFrame, by: str, intervals: Mapping[str, Sequence[Interval]], cells: Mapping[str, tuple]
) -> dict:
    """``bracket_counts`` of the cells of a grouped table: each name of ``intervals`` is a (group of ``by``,
    column) of ``cells``, whose values are the column's among the block's rows of that group."""
    rows = {group: block[by] == group for group in {group for group, _ in cells.values()}}
    values = {name: block.loc[rows[group], column] for name, (group, column) in cells.items() if name in intervals}
    return bracket_counts(values, intervals)


def add_counts(blocks: Sequence[dict]) -> dict:
    """The counts of every block (or of sums of blocks) added up, column by column and interval by interval."""
    total = {}
    for column in blocks[0]:
        per_block = [block[column] for block in blocks]
        lows, highs = zip(*(counts["ends"] for counts in per_block), strict=True)
        total[column] = {
            "filled": sum(counts["filled"] for counts in per_block),
            "ends": (float(np.nanmin(lows)), float(np.nanmax(highs))) if not np.isnan(lows).all() else (np.nan,) * 2,
            "intervals": [sum(counted[1:], counted[0]) for counted in zip(*(c["intervals"] for c in per_block))],
        }
    return total


def quantiles(
    columns: Sequence[str],
    qs: Sequence[float],
    approximate: Callable[[list[float]], pd.DataFrame],
    count: Callable[[dict[str, list[Interval]]], dict],
    width: float = 0.02,
) -> pd.DataFrame:
    """Exact quantiles of ``columns`` at ``qs``: indexed by q, one column per column, as pandas returns them.

    ``approximate(levels)`` is the first pass (estimates at each level, indexed like ``qs``); ``count(intervals)``
    each later one (``add_counts``' totals for those intervals, per column in the order asked). A bracket runs
    from the estimate at ``q - width`` to the one at ``q + width``; one that misses is widened fourfold, and past
    half the range runs from the column's lowest value to its highest.
    """
    widths = {(column, q): width for column in columns for q in qs}
    unbracketed = list(widths)
    pending: dict[tuple[str, int], Interval] = {}  # (column, rank) -> the interval its value is counted in next
    found: dict[tuple[str, int], float] = {}
    filled: dict[str, int] = {}
    ends: dict[str, tuple[float, float]] = {}
    while unbracketed or pending:
        brackets = _brackets(unbracketed, approximate, widths, ends)
        asked: dict[str, list[Interval]] = {}
        for (column, _), interval in [*brackets.items(), *pending.items()]:
            if interval not in asked.setdefault(column, []):
                asked[column].append(interval)
        totals = count(asked)
        counted = {}
        for column, column_totals in totals.items():
            filled[column], ends[column] = column_totals["filled"], column_totals["ends"]
            counted.update(zip([(column, i) for i in asked[column]], column_totals["intervals"], strict=True))
        located = {}
        for (column, rank), interval in pending.items():
            located[(column, rank)] = counted[(column, interval)].locate(rank, interval)
            if located[(column, rank)] is None:
                raise RuntimeError(f"{column}: the table changed between two passes over it")
        unbracketed = []
        for (column, q), interval in brackets.items():
            places = {
                (column, rank): counted[(column, interval)].locate(rank, interval) for rank in _ranks(q, filled[column])
            }
            if any(place is None for place in places.values()):
                widths[(column, q)] *= 4
                unbracketed.append((column, q))
            else:
                located.update(places)
        pending = {key: place for key, place in located.items() if isinstance(place, tuple)}
        found.update((key, place) for key, place in located.items() if not isinstance(place, tuple))
    return pd.DataFrame(
        [[_interpolated(q, column, filled, found) for column in columns] for q in qs],
        index=pd.Index(list(qs), dtype="float64"),
        columns=list(columns),
        dtype="float64",
    )


def _ranks(q: float, filled: int) -> list[int]:
    """The 0-based ranks of the order statistics pandas interpolates between for ``q`` (none of no values)."""
    if filled == 0:
        return []
    position = q * (filled - 1)
    return sorted({math.floor(position), math.ceil(position)})


def _interpolated(q: float, column: str, filled: Mapping[str, int], found: Mapping[tuple[str, int], float]) -> float:
    if filled[column] == 0:
        return math.nan
    position = q * (filled[column] - 1)
    low, high = (found[(column, rank)] for rank in (math.floor(position), math.ceil(position)))
    return float(np.quantile([low, high], position - math.floor(position)))  # numpy's interpolation, as pandas'


def _brackets(
    keys: Sequence[Key],
    approximate: Callable[[list[float]], pd.DataFrame],
    widths: Mapping[Key, float],
    ends: Mapping[str, tuple[float, float]],
) -> dict[Key, Interval]:
    """Each (column, q)'s bracket: between the estimates at ``q -+ width``, or the column's lowest and highest
    values once the width passes half the range (known from an earlier count, as a bracket only widens after
    one). A bracket the estimates cannot give (no estimate) is empty: it misses and widens."""
    levels = sorted(
        {min(max(q + side * widths[(c, q)], 0.0), 1.0) for c, q in keys if widths[(c, q)] < 0.5 for side in (-1, 1)}
    )
    estimates = approximate(levels) if levels else pd.DataFrame()
    estimates.index = levels
    brackets = {}
    for column, q in keys:
        width = widths[(column, q)]
        if width >= 0.5:
            low, high = ends.get(column, (math.inf, -math.inf))
        else:
            low, high = (float(estimates.at[min(max(q + side * width, 0.0), 1.0), column]) for side in (-1, 1))
        brackets[(column, q)] = (low, high, BINS) if low <= high else (math.inf, -math.inf, BINS)
    return brackets
