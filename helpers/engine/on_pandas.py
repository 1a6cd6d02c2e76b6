"""The engine seam in this process: a table is one pandas DataFrame, every result exact. Imports no Dask."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from helpers.data import sources
from helpers.engine import customer_pieces, keyed_results, parquet_dataset
from helpers.engine.customer_pieces import CustomerTable


class PandasEngine:
    """Whole-table operations on pandas DataFrames (see ``seam.Engine`` for what each returns)."""

    name = "pandas"

    def read_customers(
        self,
        data_path: str | Path,
        date_order: str | None = None,
        sheet: str | None = None,
        keep_in: str | Path | None = None,
        metadata: dict[str, str] | None = None,
    ) -> CustomerTable:
        source = sources.open_source(data_path, sheet)
        pieces = customer_pieces.pieces_with_rows(source)
        checked = [customer_pieces.check_piece(piece, source.collection, date_order, sheet) for piece in pieces]
        facts = [piece.facts for piece in checked]
        customer_pieces.refuse_bad_rows(facts)
        currency = customer_pieces.table_currency(facts)
        dtypes = customer_pieces.table_dtypes(facts, currency)
        blocks = [customer_pieces.rows_in(piece, currency, dtypes) for piece in checked]
        table = pd.concat(blocks, ignore_index=True) if blocks else customer_pieces.empty_table(dtypes)
        if keep_in is not None:
            self.write_dataset(table, keep_in, metadata or {})
        return CustomerTable(table, len(table), currency, tuple(facts))

    def map_blocks(self, table: pd.DataFrame, function: Callable[[pd.DataFrame], pd.DataFrame], meta=None):
        return function(table)

    def persist(self, table: pd.DataFrame) -> pd.DataFrame:
        return table

    def workers(self) -> int:
        return 1

    def count(self, table: pd.DataFrame) -> int:
        return len(table)

    def quantiles(self, table: pd.DataFrame, columns: Sequence[str], qs: Sequence[float]) -> pd.DataFrame:
        # Linear interpolation between the two nearest values, as ``cleaning.iqr_bounds`` computes the fences.
        return table.loc[:, list(columns)].quantile(list(qs)).astype("float64")

    def grouped_quantiles(
        self, table: pd.DataFrame, by: str, columns: Sequence[str], qs: Sequence[float]
    ) -> pd.DataFrame:
        exact = table.groupby(by, observed=True)[list(columns)].quantile(list(qs)).astype("float64")
        return exact.rename_axis([by, "quantile"]).sort_index()

    def score_bins(self, table: pd.DataFrame, score: str, bins: int, columns: Sequence[str] = ()) -> pd.DataFrame:
        return self.nested_score_bins(table, score, [bins], columns)[bins]

    def nested_score_bins(
        self, table: pd.DataFrame, score: str, bins: Sequence[int], columns: Sequence[str] = ()
    ) -> dict[int, pd.DataFrame]:
        levels = keyed_results.bin_levels(keyed_results.finest_bins(bins))
        quantiles = self.quantiles(table, [score], levels)[score]
        binned = keyed_results.with_score_bin(table, score, keyed_results.score_bin_edges(quantiles))
        totals = binned.groupby(keyed_results.SCORE_BIN)[[score, *columns]].agg(["count", "min", "max", "sum"])
        return keyed_results.nested_score_bins_from(totals, quantiles, score, bins, columns)

    def group_stats(self, table: pd.DataFrame, by: str | list[str], columns: Sequence[str]) -> pd.DataFrame:
        return keyed_results.group_stats_from(keyed_results.group_totals(table, by, columns), columns)

    def crosstab(self, table: pd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
        return keyed_results.counts_table(keyed_results.pair_sizes(table, rows, columns), rows, columns)

    def correlations(self, table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        return table.loc[:, list(columns)].astype("float64").corr()

    def duplicate_counts(self, table: pd.DataFrame, key: str = keyed_results.ID) -> keyed_results.DuplicateCounts:
        but_key = table.duplicated(subset=keyed_results.compared_columns(table.columns, [key]))
        return keyed_results.DuplicateCounts(len(table), int(table.duplicated().sum()), int(but_key.sum()))

    def extremes(self, table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        return keyed_results.extremes_from(table.loc[:, list(columns)].min(), table.loc[:, list(columns)].max())

    def distinct_counts(self, table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
        return table.loc[:, list(columns)].nunique().astype("int64")

    def means(self, table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
        return table.loc[:, list(columns)].astype("float64").mean()

    def standard_deviations(self, table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
        return table.loc[:, list(columns)].astype("float64").std()

    def count_where(self, table: pd.DataFrame, condition: Callable[[pd.DataFrame], pd.Series]) -> int:
        return int(condition(table).sum())

    def column_totals(self, table: pd.DataFrame, flags: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.Series:
        return flags(table).sum()

    def join_by_id(self, left: pd.DataFrame, right: pd.DataFrame, how: str = "inner") -> pd.DataFrame:
        return left.merge(right, on=keyed_results.ID, how=how, validate="one_to_one")

    def sample_by_id(self, table: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
        return keyed_results.sample_by_id(table, n, seed)

    def row_at_rank(
        self, table: pd.DataFrame, rank: int, order_by: Sequence[str], ascending: Sequence[bool]
    ) -> pd.Series | None:
        row = keyed_results.row_at(table, rank, order_by, ascending)
        return None if row.empty else row.iloc[0]

    def ranked(
        self, table: pd.DataFrame, order_by: Sequence[str], ascending: Sequence[bool], rank: str = "rank"
    ) -> pd.DataFrame:
        ordered = keyed_results.first_rows(table, len(table), order_by, ascending).reset_index(drop=True)
        return keyed_results.with_rank(ordered, 1, rank)

    def write_dataset(self, table: pd.DataFrame, folder: str | Path, metadata: dict[str, str]) -> Path:
        return parquet_dataset.write_dataset(
            folder, metadata, lambda staging: parquet_dataset.write_part(table, staging, 0, metadata)
        )

    def read_dataset(self, folder: str | Path) -> pd.DataFrame:
        return parquet_dataset.read_dataset(folder)

    def dataset_metadata(self, folder: str | Path) -> dict[str, str]:
        return parquet_dataset.dataset_metadata(folder)
