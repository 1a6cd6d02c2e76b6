"""The pandas steps both engines share to turn blocks of customers into keyed results: partial sums that add
up across blocks, and the finishing that makes the results of both engines the same objects, ordered the same.

The pandas engine runs each step on its one table; the Dask engine on every partition, adding the partial
results up. Where a step only uses what pandas and Dask DataFrames share (``groupby``), it takes either.
Nothing here imports Dask.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data import columns as customer_columns

_HASH = "_id_hash"
ID = customer_columns.ID


def _seed_key(seed: int) -> np.uint64:
    # Any seed maps to 64 well-mixed bits, and different seeds to different ones.
    return np.frombuffer(hashlib.blake2b(str(seed).encode(), digest_size=8).digest(), dtype="<u8")[0]


def id_hashes(ids: pd.Series, seed: int) -> np.ndarray:
    """A 64-bit hash of each customer ID under ``seed``: the same for an ID whatever block or order it is in.

    pandas hashes integers without a key, so the seed is mixed in and the result hashed again, which makes the
    order of the hashes, hence the sample, differ from seed to seed.
    """
    hashed = pd.util.hash_array(ids.to_numpy(dtype="int64"))
    return pd.util.hash_array(hashed ^ _seed_key(seed))


def smallest_id_hashes(block: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """The at most ``n`` customers of ``block`` with the smallest ID hashes (ties broken by ID): the n of the
    whole table are among the n of each block, so blocks can be narrowed first and merged after."""
    ranked = block.assign(**{_HASH: id_hashes(block[customer_columns.ID], seed)})
    ranked = ranked.sort_values([_HASH, customer_columns.ID], kind="stable").head(n)
    return ranked.drop(columns=_HASH)


def smallest_id_keys(block: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """The at most ``n`` smallest (ID hash, ID) keys of a block of customers, sorted: 16 bytes a customer, so that
    blocks are narrowed and merged (``smallest_keys``) without their other columns."""
    keys = pd.DataFrame({_HASH: id_hashes(block[ID], seed), ID: block[ID].to_numpy(dtype="int64")})
    return smallest_keys(keys, n)


def smallest_keys(keys: pd.DataFrame, n: int) -> pd.DataFrame:
    """The at most ``n`` smallest of ``smallest_id_keys``' keys, merged from several blocks."""
    return keys.sort_values([_HASH, ID], kind="stable").head(n)


def last_key(keys: pd.DataFrame) -> tuple[int, int] | None:
    """The largest of sorted keys (the n-th smallest of the table's), None without any."""
    return None if keys.empty else (int(keys[_HASH].iat[-1]), int(keys[ID].iat[-1]))


def up_to_key(block: pd.DataFrame, last: tuple[int, int], seed: int) -> pd.DataFrame:
    """The customers of ``block`` whose (ID hash, ID) key is at most ``last``."""
    hashes, ids = id_hashes(block[ID], seed), block[ID].to_numpy(dtype="int64")
    last_hash, last_id = np.uint64(last[0]), last[1]
    return block.loc[(hashes < last_hash) | ((hashes == last_hash) & (ids <= last_id))]


def sample_by_id(candidates: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """The seeded sample of at most ``n`` customers from every block's candidates, sorted by ID."""
    sample = smallest_id_hashes(candidates, n, seed)
    return sample.sort_values(customer_columns.ID, kind="stable").reset_index(drop=True)


def first_rows(block: pd.DataFrame, n: int, order_by: Sequence[str], ascending: Sequence[bool]) -> pd.DataFrame:
    """The first ``n`` rows of ``block`` sorted by ``order_by``: the first n of the whole table are among the first
    n of each block, so blocks can be narrowed first and merged after."""
    return block.sort_values(list(order_by), ascending=list(ascending), kind="stable").head(n)


def row_at(block: pd.DataFrame, rank: int, order_by: Sequence[str], ascending: Sequence[bool]) -> pd.DataFrame:
    """The row at ``rank`` (1: the first) of ``block`` sorted by ``order_by``, as a one-row frame; none when the
    block has fewer rows."""
    return first_rows(block, rank, order_by, ascending).iloc[rank - 1 : rank]


def with_rank(block: pd.DataFrame, first: int, rank: str) -> pd.DataFrame:
    """``block``, already in rank order, with its rows numbered from ``first``."""
    return block.assign(**{rank: np.arange(first, first + len(block), dtype="int64")})


def compared_columns(table_columns, ignore: Sequence[str]) -> list[str]:
    """The columns two rows must share to be the same customer: every one but ``ignore``."""
    return [c for c in table_columns if c not in set(ignore)]


@dataclass(frozen=True)
class DuplicateCounts:
    """A table's rows, those that repeat an earlier row on every column, and those that repeat one on every
    column but the key (the same customer under another ID: what ``cleaning.duplicated_customers`` counts)."""

    rows: int
    whole_rows: int
    but_key: int


def row_hashes(block: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each row's 64-bit hash of every column but ``key`` (``but_key``), and of that hash with the key
    (``whole``): the row hashed once for both. Missing values hash alike, as ``duplicated`` treats them;
    independent of the block's index."""
    but_key = pd.util.hash_pandas_object(block.loc[:, compared_columns(block.columns, [key])], index=False)
    pair = pd.DataFrame({"but_key": but_key.to_numpy(), key: block[key].to_numpy()})
    return pd.DataFrame({"whole": pd.util.hash_pandas_object(pair, index=False).to_numpy(), "but_key": pair["but_key"]})


def group_totals(table, by: str | list[str], columns: Sequence[str]):
    """Per group of ``by``: the count of filled values and the sum of each column (a pandas or Dask DataFrame
    in, the same kind out). Customers whose ``by`` is missing belong to no group, as in pandas."""
    return table.groupby(by, observed=True)[list(columns)].agg(["count", "sum"])


def group_stats_from(totals: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Count, sum and mean of each column per group, indexed by the groups in order; the columns are
    ``(column, "count" | "sum" | "mean")``. The mean is sum / count on both engines, so they agree exactly."""
    stats = {}
    for column in columns:
        count, total = totals[(column, "count")].astype("int64"), totals[(column, "sum")]
        stats[(column, "count")] = count
        stats[(column, "sum")] = total
        stats[(column, "mean")] = total / count.where(count > 0)
    return pd.DataFrame(stats).sort_index()


def pair_sizes(table, rows: str, columns: str):
    """How many customers have each pair of values of ``rows`` and ``columns`` (pandas or Dask in and out)."""
    return table.groupby([rows, columns], observed=True).size()


def counts_table(sizes: pd.Series, rows: str, columns: str) -> pd.DataFrame:
    """The pair counts as a cross table: ``rows`` values down, ``columns`` values across, both sorted, zeros
    where a pair never occurs."""
    table = sizes.unstack(fill_value=0).sort_index().sort_index(axis=1).astype("int64")
    table.index.name, table.columns.name = rows, columns
    return table


def moment_sums(block: pd.DataFrame, columns: Sequence[str], shift: pd.Series) -> np.ndarray:
    """Per pair of columns, over the rows where both are filled: the number of rows, the sums of each column,
    of its squares, and of their products (values minus ``shift``, so that the differences of large sums that
    the correlation takes lose little precision). Shape (5, k, k); blocks' sums add up."""
    values = block.loc[:, list(columns)].to_numpy(dtype="float64", na_value=np.nan) - shift.to_numpy(dtype="float64")
    filled = ~np.isnan(values)
    zeroed = np.where(filled, values, 0.0)
    present = filled.astype("float64")
    return np.stack([present.T @ present, zeroed.T @ present, (zeroed**2).T @ present, zeroed.T @ zeroed])


def correlation_from(moments: np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
    """The Pearson correlation matrix from ``moment_sums`` added over every block: what pandas' ``corr``
    computes, each pair over the rows where both are filled (NaN where a column does not vary)."""
    count, sums, squares, products = moments
    covariance = count * products - sums * sums.T
    variance_row = count * squares - sums**2
    with np.errstate(divide="ignore", invalid="ignore"):
        correlation = covariance / np.sqrt(variance_row * variance_row.T)
    np.fill_diagonal(correlation, np.where(np.diag(variance_row) > 0, 1.0, np.nan))
    return pd.DataFrame(np.clip(correlation, -1.0, 1.0), index=list(columns), columns=list(columns))


def std_from(moments: np.ndarray, columns: Sequence[str]) -> pd.Series:
    """Each column's sample standard deviation (ddof 1, as pandas' ``std``) from ``moment_sums`` added over every
    block: the diagonal holds each column's count, sum and sum of squares over its filled rows."""
    count, sums, squares = (np.diag(moments[i]) for i in range(3))
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = (squares - sums**2 / count) / (count - 1)
    return pd.Series(np.sqrt(np.clip(variance, 0.0, None)), index=list(columns), dtype="float64")


def extremes_from(smallest: pd.Series, largest: pd.Series) -> pd.DataFrame:
    """The ``min`` and ``max`` columns of ``Engine.extremes``, as floats on both sides."""
    return pd.DataFrame({"min": smallest, "max": largest}).astype("float64")


# The percentiles each block records of each group's column on Dask: every half percent. Merged across blocks
# they estimate the quantiles that ``exact_quantiles`` then counts exactly.
SKETCH_PERCENTILES = np.linspace(0.0, 100.0, 201)
# A group's column with more values than this in a block is sketched from an evenly spaced sample of them:
# percentiles of a whole block cost nearly a sort (13 ms per column of 250,000 values, half a second for a
# prepared table), while the estimates need only land inside brackets a few percent wide.
SKETCH_SAMPLE = 20_000


def percentile_sketches(block: pd.DataFrame, by: str, columns: Sequence[str]) -> dict[tuple, tuple[int, np.ndarray]]:
    """Per group of ``by`` and column: how many filled values the block holds and their ``SKETCH_PERCENTILES``
    (a few hundred numbers per group, whatever the block's size), the lowest and highest exact."""
    sketches = {}
    for group, rows in block.groupby(by, observed=True):
        for column in columns:
            values = rows[column].dropna().to_numpy(dtype="float64")
            if len(values):
                sketch = np.percentile(values[:: -(-len(values) // SKETCH_SAMPLE)], SKETCH_PERCENTILES)
                sketch[0], sketch[-1] = values.min(), values.max()
                sketches[(group, column)] = (len(values), sketch)
    return sketches


def grouped_quantiles_frame(values: dict[tuple, np.ndarray], by: str, columns: Sequence[str], qs) -> pd.DataFrame:
    """``{(group, column): quantiles at qs}`` as ``Engine.grouped_quantiles`` returns it: indexed by (group, q),
    one float column per column, groups in order, NaN where a group has no value of a column."""
    groups = sorted({group for group, _ in values})
    index = pd.MultiIndex.from_product([groups, list(qs)], names=[by, "quantile"])
    frame = pd.DataFrame(np.nan, index=index, columns=list(columns), dtype="float64")
    for (group, column), quantiles in values.items():
        frame.loc[group, column] = quantiles
    return frame


SCORE_BIN = "score_bin"


def bin_levels(bins: int) -> list[float]:
    """The quantile levels between ``bins`` bins of equal size."""
    return [i / bins for i in range(1, bins)]


def score_bin_edges(quantiles: pd.Series) -> np.ndarray:
    """The inner edges of the score bins: the score's quantiles at 1/bins, ..., (bins-1)/bins, each once."""
    return np.unique(quantiles.to_numpy(dtype="float64"))


def with_score_bin(block: pd.DataFrame, score: str, edges: np.ndarray) -> pd.DataFrame:
    """Each scored row's bin, 1 for the highest scores: rows with equal scores share a bin on every engine; rows
    without a score are left out."""
    block = block[block[score].notna()]
    position = np.searchsorted(edges, block[score].to_numpy(dtype="float64"), side="right")
    return block.assign(**{SCORE_BIN: len(edges) + 1 - position})


def finest_bins(bins: Sequence[int]) -> int:
    """The largest of several bin counts, which every other one divides: then the others' quantile levels
    (``bin_levels``) are among its own, so one binning serves all (``nested_score_bins_from``)."""
    finest = max(bins)
    if any(count < 1 or finest % count for count in bins):
        raise ValueError(f"every bin count must divide the largest, {finest}; got {list(bins)}")
    return finest


def nested_score_bins_from(
    totals: pd.DataFrame, quantiles: pd.Series, score: str, bins: Sequence[int], columns: Sequence[str]
) -> dict[int, pd.DataFrame]:
    """``score_bins_from`` for each of ``bins``, from the group-by ``totals`` of the finest bins and the score's
    ``quantiles`` at their levels. A coarser binning's edges are some of the finest ones (the quantiles at its
    own levels, k/bins = k*step/finest), so each finest bin lies inside one coarser bin, the one its smallest
    score falls in, and the coarser totals are the finest ones added up: the same bins as drawn on their own."""
    finest = finest_bins(bins)
    merged = {"count": "sum", "sum": "sum", "min": "min", "max": "max"}
    result = {}
    for count in bins:
        step = finest // count
        edges = score_bin_edges(quantiles.iloc[step - 1 :: step])
        position = np.searchsorted(edges, totals[(score, "min")].to_numpy(dtype="float64"), side="right")
        coarse = len(edges) + 1 - position
        coarser = pd.DataFrame({key: getattr(totals[key].groupby(coarse), merged[key[1]])() for key in totals.columns})
        result[count] = score_bins_from(coarser, score, columns)
    return result


def score_bins_from(totals: pd.DataFrame, score: str, columns: Sequence[str]) -> pd.DataFrame:
    """Per bin (1 = the highest scores): customers, the score's smallest, largest and mean value, and the sum of
    each of ``columns``, from a groupby's ``count``, ``min``, ``max`` and ``sum``."""
    bins = pd.DataFrame(
        {
            "customers": totals[(score, "count")].astype("int64"),
            "score_min": totals[(score, "min")].astype("float64"),
            "score_max": totals[(score, "max")].astype("float64"),
            "score_mean": totals[(score, "sum")] / totals[(score, "count")],
            **{f"{column}_sum": totals[(column, "sum")].astype("float64") for column in columns},
        }
    )
    return bins.sort_index().rename_axis(SCORE_BIN)
