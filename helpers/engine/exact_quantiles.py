"""Exact quantiles of a table spread over blocks, in two passes, with only counts coming back from the blocks.

The first pass gives approximate quantiles (Dask's merged percentiles) and, around each, a bracket of values
sure to hold the exact one if the approximation is good. The second pass counts, in every block, the values
below each bracket and the occurrences of each value inside it; added up, those counts place the exact order
statistics pandas interpolates between. A bracket that misses (the approximation was further off than it) is
widened and counted again. Customer columns repeat their values (counts, years, whole amounts), so a bracket's
value counts stay small even when a bracket holds millions of customers.

The results are pandas' own: linear interpolation between the order statistics around ``q * (n - 1)``, missing
values left out. Nothing here imports Dask.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

Bracket = tuple[float, float]  # lowest and highest value counted (closed interval)


def bracket_counts(block: pd.DataFrame | Mapping[str, pd.Series], brackets: Mapping[str, Sequence[Bracket]]) -> dict:
    """For each column of ``brackets`` (of a block, or series by name): its filled values, and for each bracket
    the values below it and the value counts inside it; what adds up across blocks."""
    counts = {}
    for column, column_brackets in brackets.items():
        values = block[column].dropna().astype("float64")
        counts[column] = {
            "filled": len(values),
            "brackets": [
                (int((values < low).sum()), values[(values >= low) & (values <= high)].value_counts())
                for low, high in column_brackets
            ],
        }
    return counts


def grouped_bracket_counts(
    block: pd.DataFrame, by: str, brackets: Mapping[str, Sequence[Bracket]], cells: Mapping[str, tuple]
) -> dict:
    """``bracket_counts`` of the cells of a grouped table: each name of ``brackets`` is a (group of ``by``,
    column) of ``cells``, whose values are the column's among the block's rows of that group."""
    rows = {group: block[by] == group for group in {group for group, _ in cells.values()}}
    values = {name: block.loc[rows[group], column] for name, (group, column) in cells.items() if name in brackets}
    return bracket_counts(values, brackets)


def add_counts(blocks: Sequence[dict]) -> dict:
    """The counts of every block added up, column by column and bracket by bracket."""
    total = {}
    for column in blocks[0]:
        per_block = [block[column] for block in blocks]
        brackets = []
        for i in range(len(per_block[0]["brackets"])):
            below = sum(counts["brackets"][i][0] for counts in per_block)
            inside = pd.concat([counts["brackets"][i][1] for counts in per_block]).groupby(level=0).sum()
            brackets.append((below, inside.sort_index()))
        total[column] = {"filled": sum(counts["filled"] for counts in per_block), "brackets": brackets}
    return total


def _order_statistic(rank: int, below: int, inside: pd.Series) -> float | None:
    """The value of 0-based ``rank`` in the sorted column, when the bracket holds it; else None."""
    position = rank - below
    if position < 0 or position >= inside.sum():
        return None
    return float(inside.index[np.searchsorted(inside.cumsum().to_numpy(), position, side="right")])


def _interpolated(q: float, filled: int, below: int, inside: pd.Series) -> float | None:
    if filled == 0:
        return math.nan
    position = q * (filled - 1)
    lower, upper = math.floor(position), math.ceil(position)
    low, high = _order_statistic(lower, below, inside), _order_statistic(upper, below, inside)
    if low is None or high is None:
        return None
    return float(np.quantile([low, high], position - lower))  # numpy's interpolation, as pandas computes it


def quantiles(
    columns: Sequence[str],
    qs: Sequence[float],
    approximate: Callable[[list[float]], pd.DataFrame],
    count: Callable[[dict[str, list[Bracket]]], dict],
    width: float = 0.02,
) -> pd.DataFrame:
    """Exact quantiles of ``columns`` at ``qs``: indexed by q, one column per column, as pandas returns them.

    ``approximate(levels)`` is the first pass (estimates at each level, indexed like ``qs``); ``count(brackets)``
    the second (``add_counts``' totals for those brackets). A bracket runs from the estimate at ``q - width`` to
    the one at ``q + width``; one that misses is widened fourfold, and past half the range holds every value.
    """
    exact = pd.DataFrame(index=pd.Index(list(qs), dtype="float64"), columns=list(columns), dtype="float64")
    missing = [(column, q) for column in columns for q in qs]
    while missing:
        brackets = _brackets(missing, approximate, width)
        totals = count(brackets)
        still = []
        for column, column_brackets in totals.items():
            asked = [q for c, q in missing if c == column]
            for q, (below, inside) in zip(asked, column_brackets["brackets"], strict=True):
                value = _interpolated(q, column_brackets["filled"], below, inside)
                if value is None:
                    still.append((column, q))
                else:
                    exact.at[q, column] = value
        missing, width = still, width * 4
    return exact


def _brackets(
    missing: Sequence[tuple[str, float]], approximate: Callable[[list[float]], pd.DataFrame], width: float
) -> dict[str, list[Bracket]]:
    """Each (column, q)'s bracket, grouped by column in the order of ``missing``."""
    if width >= 0.5:
        edges = dict.fromkeys(missing, (-math.inf, math.inf))
    else:
        levels = sorted({min(max(q + side * width, 0.0), 1.0) for _, q in missing for side in (-1, 1)})
        estimates = approximate(levels)
        estimates.index = levels
        edges = {
            (column, q): (
                float(estimates.at[min(max(q - width, 0.0), 1.0), column]),
                float(estimates.at[min(max(q + width, 0.0), 1.0), column]),
            )
            for column, q in missing
        }
    brackets: dict[str, list[Bracket]] = {}
    for column, q in missing:
        brackets.setdefault(column, []).append(edges[(column, q)])
    return brackets
