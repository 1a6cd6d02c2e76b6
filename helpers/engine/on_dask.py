"""The engine seam on Dask: a table is a Dask DataFrame whose partitions stay on the workers; only aggregates
and bounded samples come back to this process, never a whole table.

The one module of the seam that imports ``dask.dataframe``; ``seam.engine_for("dask")`` imports it only then.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.array.percentile import merge_percentiles
from distributed import Client, default_client

from helpers.data import sources
from helpers.engine import customer_pieces, exact_quantiles, keyed_results, parquet_dataset
from helpers.engine.customer_pieces import CustomerTable

# Distinct values, and exact quantiles' counts, meet in a tree of tasks, this many partitions' results at a
# time: counts added up on the workers come back as one sum.
TREE_WIDTH = 8
# A column's distinct values are split by hash into one group per this many partitions, moved between tasks in
# memory (Dask's "tasks" shuffle; its default P2P shuffle wrote 20 GB of files at 50,000,000 customers), and each
# group counted in its own tree: no task holds more than about this many partitions' distinct values. In one
# tree, the last task held them all, and at 100,000,000 row hashes (800 MB, several times that while deduplicated)
# its 4 GiB worker died, four times over.
PARTITIONS_PER_DISTINCT_GROUP = 16
# A column with at most this many distinct values in all (a label, a number of children, an amount) is counted
# from its values themselves, carried up one tree in the pass that looks at every column; split by hash, each of
# its few values would be moved between tasks for nothing (at 100,000,000 customers, 25 groups a column took the
# column types from 44 s at 50,000,000 to 264 s).
ONE_TREE_DISTINCT_VALUES = 1_000_000
# A partition holding more distinct values of a column than this sends the column to be counted split by hash
# (IDs, incomes) rather than carry lists of them up the tree.
DISTINCT_VALUES_PER_PARTITION = 10_000

# The group of every row when ``quantiles`` asks ``grouped_quantiles`` for a whole table's.
ONE_GROUP = "__every_row__"


class DaskEngine:
    """Whole-table operations on Dask DataFrames, run by ``client`` (see ``seam.Engine`` for what each returns)."""

    name = "dask"

    def __init__(self, client: Client | None = None, scratch: Path | None = None):
        self.client = client if client is not None else default_client()
        self.scratch = scratch

    def _compute(self, collection):
        return self.client.compute(collection, sync=True)

    def read_customers(
        self,
        data_path: str | Path,
        date_order: str | None = None,
        sheet: str | None = None,
        keep_in: str | Path | None = None,
        metadata: dict[str, str] | None = None,
    ) -> CustomerTable:
        """One task per piece validates it; the facts come back first, so that a bad row stops the read here
        (in input order, whichever worker finished first), and the valid rows stay on the workers, in the first
        piece's currency, as the table's partitions (read once, spilled to disk as workers fill). With
        ``keep_in`` the same tasks write them there as a dataset instead (``_read_into``), and the table reads it."""
        source = sources.open_source(data_path, sheet)
        pieces = customer_pieces.pieces_with_rows(source)
        if keep_in is not None:
            return self._read_into(source, pieces, date_order, sheet, Path(keep_in), metadata or {})
        checked = self.client.map(
            customer_pieces.check_piece,
            pieces,
            collection=source.collection,
            date_order=date_order,
            sheet=sheet,
            pure=False,
        )
        facts = self.client.gather(self.client.map(customer_pieces.facts_of, checked, pure=False))
        customer_pieces.refuse_bad_rows(facts)
        currency = customer_pieces.table_currency(facts)
        dtypes = customer_pieces.table_dtypes(facts, currency)
        blocks = self.client.map(customer_pieces.rows_in, checked, currency=currency, dtypes=dtypes, pure=False)
        table = dd.from_delayed(blocks, meta=customer_pieces.empty_table(dtypes), verify_meta=False)
        return CustomerTable(table, sum(piece.rows for piece in facts), currency, tuple(facts))

    def _read_into(
        self, source, pieces, date_order: str | None, sheet: str | None, folder: Path, metadata: dict[str, str]
    ) -> CustomerTable:
        """The pieces validated and written as one pass: each task writes its piece's valid rows as a part of the
        dataset in ``folder``, and only the few parts whose currency or types are not the table's are rewritten
        once every piece is known. Held in the workers' memory instead, 100,000,000 customers (24 GB as pandas
        holds them) spilled to disk before a second pass wrote them."""
        facts: list[customer_pieces.PieceFacts] = []

        def write_parts(staging: str) -> None:
            facts[:] = self.client.gather(
                self.client.map(
                    customer_pieces.check_and_write_piece,
                    pieces,
                    range(len(pieces)),
                    folder=staging,
                    metadata=metadata,
                    collection=source.collection,
                    date_order=date_order,
                    sheet=sheet,
                    pure=False,
                )
            )
            customer_pieces.refuse_bad_rows(facts)
            currency = customer_pieces.table_currency(facts)
            dtypes = customer_pieces.table_dtypes(facts, currency)
            others = [n for n, piece in enumerate(facts) if not customer_pieces.conforms(piece, currency, dtypes)]
            conform = functools.partial(
                customer_pieces.conform_part, staging, currency=currency, dtypes=dtypes, metadata=metadata
            )
            self.client.gather(self.client.map(conform, others, [facts[n] for n in others], pure=False))

        written = parquet_dataset.write_dataset(folder, metadata, write_parts)
        table = self.read_dataset(written)
        return CustomerTable(table, sum(p.rows for p in facts), customer_pieces.table_currency(facts), tuple(facts))

    def map_blocks(self, table: dd.DataFrame, function: Callable[[pd.DataFrame], pd.DataFrame], meta=None):
        if isinstance(table, pd.DataFrame):  # results already in memory (a file within the learning sample)
            return function(table)
        # Without ``meta`` the result's columns come from ``function`` run on an empty block of the table's types,
        # rather than on Dask's made-up rows, which a function that checks its input (labels, ranges) refuses.
        return table.map_partitions(function, meta=function(table._meta) if meta is None else meta)

    def persist(self, table: dd.DataFrame) -> dd.DataFrame:
        if isinstance(table, pd.DataFrame):  # results already in memory
            return table
        if self.scratch is None:
            return self.client.persist(table)
        kept = self.write_dataset(table, Path(self.scratch) / uuid.uuid4().hex, {"kept_by": "Engine.persist"})
        return self.read_dataset(kept)

    def workers(self) -> int:
        return len(self.client.scheduler_info()["workers"])

    def count(self, table: dd.DataFrame) -> int:
        return int(self._compute(table.map_partitions(len).sum()))

    def quantiles(self, table: dd.DataFrame, columns: Sequence[str], qs: Sequence[float]) -> pd.DataFrame:
        """Exact, as pandas computes them: ``grouped_quantiles`` with every row in one group. Its percentile
        sketches estimate every column in one pass, and again for free after a bracket missed; Dask's own
        quantiles cost a pass of their own each time (7 s for 34 columns at 10,000,000 customers, more than the
        counting) and are further off (on 450 customers in 3 partitions, fences that put 33 customers outside
        where pandas puts 18)."""
        columns = list(columns)
        exact = pd.DataFrame(np.nan, index=pd.Index(list(qs), dtype="float64"), columns=columns, dtype="float64")
        grouped = self.grouped_quantiles(table[columns].assign(**{ONE_GROUP: 0}), ONE_GROUP, columns, qs)
        if len(grouped):  # no group at all when no column has a value
            exact[:] = grouped.loc[0].to_numpy()
        return exact

    def _added_up(self, counts: list) -> dict:
        """The partitions' ``exact_quantiles`` counts added up in a tree of tasks on the workers: one sum comes
        back, not a histogram per partition."""
        add = dask.delayed(exact_quantiles.add_counts)
        while len(counts) > 1:
            counts = [add(counts[i : i + TREE_WIDTH]) for i in range(0, len(counts), TREE_WIDTH)]
        return self._compute(counts[0])

    def grouped_quantiles(
        self, table: dd.DataFrame, by: str, columns: Sequence[str], qs: Sequence[float]
    ) -> pd.DataFrame:
        """Exact, as pandas computes them (``exact_quantiles``), over every (group, column) cell: each partition
        sends a few hundred percentiles per cell (``keyed_results.percentile_sketches``), merged as Dask's
        ``quantile`` merges them (weighed by each partition's count), and these bracket each quantile; then
        every partition counts the values below and a histogram of those inside each bracket, cell by cell,
        pass by pass until each quantile is found."""
        columns = list(columns)
        sketch = dask.delayed(keyed_results.percentile_sketches)
        sketches = self._compute([sketch(block, by, columns) for block in table.to_delayed()])
        keys = sorted({key for partial in sketches for key in partial})
        cells = {str(number): key for number, key in enumerate(keys)}

        def approximate(levels: list[float]) -> pd.DataFrame:
            merged = {}
            for name, key in cells.items():
                counts, values = zip(*(partial[key] for partial in sketches if key in partial), strict=True)
                grid = [keyed_results.SKETCH_PERCENTILES] * len(counts)
                merged[name] = merge_percentiles(100 * np.asarray(levels), grid, values, method="linear", Ns=counts)
            return pd.DataFrame(merged, index=levels, dtype="float64")

        count_block = dask.delayed(exact_quantiles.grouped_bracket_counts)

        def count(intervals: dict) -> dict:
            read = [by, *sorted({cells[name][1] for name in intervals})]  # the columns still counted
            return self._added_up([count_block(block, by, intervals, cells) for block in table[read].to_delayed()])

        exact = exact_quantiles.quantiles(list(cells), qs, approximate, count)
        values = {key: exact[name].to_numpy() for name, key in cells.items()}
        return keyed_results.grouped_quantiles_frame(values, by, columns, qs)

    def score_bins(self, table: dd.DataFrame, score: str, bins: int, columns: Sequence[str] = ()) -> pd.DataFrame:
        return self.nested_score_bins(table, score, [bins], columns)[bins]

    def nested_score_bins(
        self, table: dd.DataFrame, score: str, bins: Sequence[int], columns: Sequence[str] = ()
    ) -> dict[int, pd.DataFrame]:
        levels = keyed_results.bin_levels(keyed_results.finest_bins(bins))
        quantiles = self.quantiles(table, [score], levels)[score]  # exact: Dask's own leave bins a tenth off
        binned = table.map_partitions(keyed_results.with_score_bin, score, keyed_results.score_bin_edges(quantiles))
        totals = binned.groupby(keyed_results.SCORE_BIN)[[score, *columns]].agg(["count", "min", "max", "sum"])
        return keyed_results.nested_score_bins_from(self._compute(totals), quantiles, score, bins, columns)

    def group_stats(self, table: dd.DataFrame, by: str | list[str], columns: Sequence[str]) -> pd.DataFrame:
        return keyed_results.group_stats_from(self._compute(keyed_results.group_totals(table, by, columns)), columns)

    def crosstab(self, table: dd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
        return keyed_results.counts_table(self._compute(keyed_results.pair_sizes(table, rows, columns)), rows, columns)

    def correlations(self, table: dd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        """From every partition's sums of values, squares and cross-products around the columns' means (a first
        pass), added up here: a k x k array per partition comes back, never a row."""
        return keyed_results.correlation_from(self._moments(table, columns), columns)

    def _moments(self, table: dd.DataFrame, columns: Sequence[str]) -> np.ndarray:
        """``keyed_results.moment_sums`` of every partition, added up."""
        columns = list(columns)
        shift = self._compute(table[columns].astype("float64").mean())
        partial = dask.delayed(keyed_results.moment_sums)
        return np.sum(self._compute([partial(block, columns, shift) for block in table.to_delayed()]), axis=0)

    def duplicate_counts(self, table: dd.DataFrame, key: str = keyed_results.ID) -> keyed_results.DuplicateCounts:
        """Rows less distinct row hashes, both kinds from one hashing of each row in one pass (64-bit: a
        collision, which would undercount by one, is vanishingly rare)."""
        meta = pd.DataFrame({"whole": pd.Series(dtype="uint64"), "but_key": pd.Series(dtype="uint64")})
        hashes = table.map_partitions(keyed_results.row_hashes, key, meta=meta)
        distinct = [_distinct_count(hashes[kind]) for kind in ("whole", "but_key")]
        rows, whole, but_key = (int(n) for n in self._compute([hashes["whole"].size, *distinct]))
        return keyed_results.DuplicateCounts(rows, rows - whole, rows - but_key)

    def extremes(self, table: dd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        selected = table[list(columns)]
        return keyed_results.extremes_from(*self._compute([selected.min(), selected.max()]))

    def distinct_counts(self, table: dd.DataFrame, columns: Sequence[str]) -> pd.Series:
        """One pass over every column carries each one's distinct values up a tree while they stay few
        (``DISTINCT_VALUES_PER_PARTITION`` in a partition, ``ONE_TREE_DISTINCT_VALUES`` in all): their number is
        the count. The columns with more (IDs, incomes) are counted in a second pass, split by hash."""
        limits = {"per_partition": DISTINCT_VALUES_PER_PARTITION, "in_all": ONE_TREE_DISTINCT_VALUES}
        few = self._compute(
            table[list(columns)].reduction(
                _distinct_values_in_block,
                combine=_merged_distinct_values,
                aggregate=_distinct_values_counted,
                split_every=TREE_WIDTH,
                meta=pd.Series(dtype="int64"),
                chunk_kwargs={"most": limits["per_partition"]},
                combine_kwargs={"most": limits["in_all"]},
                aggregate_kwargs={"most": limits["in_all"]},
            )
        )
        many = [column for column in columns if few[column] < 0]
        counted = dict(zip(many, self._compute([_distinct_count(table[column]) for column in many]), strict=True))
        return pd.Series([counted.get(column, few[column]) for column in columns], index=list(columns), dtype="int64")

    def means(self, table: dd.DataFrame, columns: Sequence[str]) -> pd.Series:
        return self._compute(table[list(columns)].astype("float64").mean())

    def standard_deviations(self, table: dd.DataFrame, columns: Sequence[str]) -> pd.Series:
        """From every partition's counts and sums of squares around the columns' means (a first pass)."""
        return keyed_results.std_from(self._moments(table, columns), columns)

    def count_where(self, table: dd.DataFrame, condition: Callable[[pd.DataFrame], pd.Series]) -> int:
        return int(self._compute(table.map_partitions(condition, meta=pd.Series(dtype=bool)).sum()))

    def column_totals(self, table: dd.DataFrame, flags: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.Series:
        return self._compute(self.map_blocks(table, flags).sum())

    def join_by_id(self, left: dd.DataFrame, right, how: str = "inner") -> dd.DataFrame:
        # A pandas ``right`` is sent to every partition of ``left`` (a broadcast join); a Dask one is shuffled by ID.
        return left.merge(right, on=keyed_results.ID, how=how)

    def sample_by_id(self, table: dd.DataFrame, n: int, seed: int) -> pd.DataFrame:
        """Two passes, so that no more than the sample's n customers come back: the n smallest (ID hash, ID) keys,
        narrowed partition by partition and merged in a tree (16 bytes a customer), give the n-th; then every
        partition sends its customers up to that key."""
        keys = table[[keyed_results.ID]].reduction(
            keyed_results.smallest_id_keys,
            aggregate=keyed_results.smallest_keys,
            combine=keyed_results.smallest_keys,
            meta=keyed_results.smallest_id_keys(table[[keyed_results.ID]]._meta, n, seed),
            chunk_kwargs={"n": n, "seed": seed},
            combine_kwargs={"n": n},
            aggregate_kwargs={"n": n},
        )
        last = keyed_results.last_key(self._compute(keys))
        if last is None:
            return keyed_results.sample_by_id(table._meta, n, seed)
        chosen = table.map_partitions(keyed_results.up_to_key, last, seed, meta=table._meta)
        return keyed_results.sample_by_id(self._compute(chosen), n, seed)

    def row_at_rank(
        self, table: dd.DataFrame, rank: int, order_by: Sequence[str], ascending: Sequence[bool]
    ) -> pd.Series | None:
        arguments = {"n": rank, "order_by": list(order_by), "ascending": list(ascending)}
        found = table.reduction(
            keyed_results.first_rows,
            aggregate=keyed_results.row_at,
            combine=keyed_results.first_rows,
            meta=table._meta,
            chunk_kwargs=arguments,
            combine_kwargs=arguments,
            aggregate_kwargs={"rank": rank, "order_by": arguments["order_by"], "ascending": arguments["ascending"]},
        )
        row = self._compute(found)
        return None if row.empty else row.iloc[0]

    def ranked(
        self, table: dd.DataFrame, order_by: Sequence[str], ascending: Sequence[bool], rank: str = "rank"
    ) -> dd.DataFrame:
        # Sorted once and kept (``persist``): the sizes below and whoever reads the ranks would each shuffle
        # every row again otherwise.
        ordered = self.persist(table.sort_values(list(order_by), ascending=list(ascending)))
        sizes = self._compute(ordered.map_partitions(len))  # one number per partition
        firsts = np.r_[1, 1 + np.cumsum(np.asarray(sizes, dtype="int64"))[:-1]]
        meta = keyed_results.with_rank(ordered._meta, 1, rank)
        parts = [dask.delayed(keyed_results.with_rank)(part, int(first), rank)
                 for part, first in zip(ordered.to_delayed(), firsts, strict=True)]  # fmt: skip
        return dd.from_delayed(parts, meta=meta, verify_meta=False)

    def write_dataset(self, table: dd.DataFrame, folder: str | Path, metadata: dict[str, str]) -> Path:
        """Each worker writes its partitions as parts, in partition order, into the staging folder."""
        write = dask.delayed(parquet_dataset.write_part)

        def write_parts(staging: str) -> None:
            self._compute([write(block, staging, i, metadata) for i, block in enumerate(table.to_delayed())])

        return parquet_dataset.write_dataset(folder, metadata, write_parts)

    def read_dataset(self, folder: str | Path) -> dd.DataFrame:
        # A pandas report hands over one file: a Dask rerun reads it as an earlier report's customers.
        paths = [str(folder)] if Path(folder).is_file() else [str(part) for part in parquet_dataset.parts(folder)]
        return dd.read_parquet(paths)

    def dataset_metadata(self, folder: str | Path) -> dict[str, str]:
        return parquet_dataset.dataset_metadata(folder)


def _distinct_values_in_block(block: pd.DataFrame, most: int) -> pd.DataFrame:
    """One row per column of ``block``: its distinct values other than missing (an array), or None when there
    are more than ``most``."""
    values = [np.asarray(block[column].dropna().unique()) for column in block.columns]
    return pd.DataFrame({"values": [found if len(found) <= most else None for found in values]}, index=block.columns)


def _merged_distinct_values(found: pd.DataFrame, most: int) -> pd.DataFrame:
    """``_distinct_values_in_block``'s rows of several blocks as one row per column: the values of them all, or
    None when one block had too many or together they are more than ``most``."""
    merged = {}
    for column, lists in found.groupby(level=0, sort=False)["values"]:
        if any(values is None for values in lists):
            merged[column] = None
            continue
        values = pd.unique(np.concatenate(list(lists)))
        merged[column] = values if len(values) <= most else None
    return pd.DataFrame({"values": list(merged.values())}, index=list(merged))


def _distinct_values_counted(found: pd.DataFrame, most: int) -> pd.Series:
    """How many distinct values each column holds, from the last of the tree's rows; -1 where they were too many
    to carry."""
    merged = _merged_distinct_values(found, most)["values"]
    return pd.Series([-1 if values is None else len(values) for values in merged], index=merged.index, dtype="int64")


def _distinct_count(values: dd.Series):
    """How many distinct values other than missing ``values`` holds, as ``nunique`` counts them, without one task
    holding them all (``PARTITIONS_PER_DISTINCT_GROUP``)."""
    groups = -(-values.npartitions // PARTITIONS_PER_DISTINCT_GROUP)
    return values.drop_duplicates(split_out=groups, split_every=TREE_WIDTH, shuffle_method="tasks").count()
