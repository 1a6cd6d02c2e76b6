"""The whole-table operations the stages need, behind one interface with a pandas side and a Dask side, so that a
stage calls the seam and a notebook never forks on the engine.

A *table* is a pandas DataFrame on the pandas side and a Dask DataFrame on the Dask side; what the operations
return is plain pandas (numbers, aggregates keyed and ordered the same on both sides, bounded samples), equal on
both sides unless said: float sums and correlations
agree up to the rounding of adding in another order. A table's rows carry no meaningful index (each Dask
partition numbers its own); results are keyed by values and IDs instead. Importing this module
imports no Dask; only ``engine_for("dask")`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import pandas as pd

from helpers.engine.customer_pieces import CustomerTable, PieceFacts
from helpers.engine.keyed_results import DuplicateCounts
from helpers.engine.on_pandas import PandasEngine

__all__ = ["CustomerTable", "Engine", "PieceFacts", "engine_for", "run_engine"]


@runtime_checkable
class Engine(Protocol):
    """What a stage may ask of a table without knowing where its rows are."""

    name: str

    def read_customers(
        self,
        data_path: str | Path,
        date_order: str | None = None,
        sheet: str | None = None,
        keep_in: str | Path | None = None,
        metadata: dict[str, str] | None = None,
    ) -> CustomerTable:
        """The canonical customers of one file, a Parquet dataset folder or a glob, piece by piece
        (``sources``), each validated with ``loading.canonical_rows``. With ``keep_in`` they are also written
        there as a dataset (``write_dataset``'s, ``metadata`` in every part): on Dask by the tasks that validate
        them, in the same pass, and the table returned reads that dataset; nothing is written when a row is bad.

        Returns
        -------
        CustomerTable
            The table (input order: files in natural order, rows in file order; not sorted by ID), its number
            of customers, its currency and each piece's facts (file, rows, currency, layout). Amounts are in the
            first piece's currency; a piece in the other one is converted (``currency.convert_amounts``) and
            named in ``converted_files``.

        Raises
        ------
        InputDataError
            In one line naming the file and row (``lake/part.1.parquet row 4: Income must be numeric
            ('lots')``) for the bad rows of the first piece in input order that has any, or for a file that
            cannot be read as customers at all.
        """
        ...

    def map_blocks(self, table: Any, function: Callable[[pd.DataFrame], pd.DataFrame], meta: Any = None) -> Any:
        """``function`` (pandas in, pandas out) applied to every block of rows: the whole table on pandas, each
        partition on Dask. It must treat rows one by one (coercion, features, a filter on given fences, an
        assignment by a fitted model) for both sides to agree. ``meta``: the result's empty frame, for Dask. A
        pandas ``table`` (results already in memory, such as the plans of a file within the learning sample) is
        mapped in this process on either side.

        Returns
        -------
        table
            The new table, of the engine's kind.
        """
        ...

    def persist(self, table: Any) -> Any:
        """``table`` computed once and kept, so that the passes that follow read it instead of recomputing its
        graph from the file each time: on Dask written by the workers as a Parquet dataset in the engine's
        ``scratch`` folder and read back (a report's stage: in its run folder, removed when the stage finishes),
        or without one kept in the workers' memory; on pandas (and for a pandas ``table``) the table itself.
        On disk because at 50,000,000 customers a scored table in memory outgrew two 4 GiB workers, which died
        recomputing it.

        Returns
        -------
        table
            The same rows, of the engine's kind.
        """
        ...

    def workers(self) -> int:
        """How many processes do the whole-table work: one on pandas, the cluster's workers on Dask."""
        ...

    def count(self, table: Any) -> int:
        """The number of rows."""
        ...

    def quantiles(self, table: Any, columns: Sequence[str], qs: Sequence[float]) -> pd.DataFrame:
        """Quantiles of each column, missing values left out.

        Returns
        -------
        DataFrame
            Indexed by ``qs``, one column per ``columns``. Exact on both sides (linear interpolation, as
            ``cleaning.iqr_bounds`` computes today's fences); on Dask estimated in a first pass, then counted in
            a few more (``exact_quantiles``: each returns bounded counts, never a column).
        """
        ...

    def grouped_quantiles(self, table: Any, by: str, columns: Sequence[str], qs: Sequence[float]) -> pd.DataFrame:
        """Quantiles of each column per group of ``by`` (medians and quartiles per persona), missing values left
        out.

        Returns
        -------
        DataFrame
            Indexed by (group, q), groups in order, one float column per ``columns``. Exact on both sides (linear
            interpolation, as pandas): on Dask each partition's percentiles of each group at every half percent
            (``keyed_results.SKETCH_PERCENTILES``) bracket each quantile, then the values below and inside every
            bracket are counted, in bounded histograms narrowed pass by pass (``exact_quantiles``).
        """
        ...

    def score_bins(self, table: Any, score: str, bins: int, columns: Sequence[str] = ()) -> pd.DataFrame:
        """The rows in ``bins`` bins of about equal size by ``score`` (a probability), for gain, profit and
        calibration curves: edges at the score's exact quantiles (``grouped_quantiles``), rows with equal scores
        in one bin, so ties can leave fewer, larger bins.

        Returns
        -------
        DataFrame
            Indexed by ``score_bin``, 1 for the highest scores: ``customers``, ``score_min``, ``score_max``,
            ``score_mean`` and ``<column>_sum`` for each of ``columns`` (responders, expected profit).
        """
        ...

    def nested_score_bins(
        self, table: Any, score: str, bins: Sequence[int], columns: Sequence[str] = ()
    ) -> dict[int, pd.DataFrame]:
        """``score_bins`` for several bin counts at once (a profit curve's 100 and a calibration's 10), each
        dividing the largest: the quantiles and the group-by of the finest bins only, the coarser ones their
        unions, the same bins as ``score_bins`` draws for each count on its own (sums up to float rounding).

        Raises
        ------
        ValueError
            When a count does not divide the largest.
        """
        ...

    def group_stats(self, table: Any, by: str | list[str], columns: Sequence[str]) -> pd.DataFrame:
        """Per group of ``by`` (missing keys belong to no group), the count of filled values, sum and mean of
        each column.

        Returns
        -------
        DataFrame
            Indexed by the groups in order, columns ``(column, "count" | "sum" | "mean")``; exact on both sides.
        """
        ...

    def crosstab(self, table: Any, rows: str, columns: str) -> pd.DataFrame:
        """How many customers have each pair of values.

        Returns
        -------
        DataFrame
            ``rows`` values down and ``columns`` values across, both sorted, int64 counts, zero for an absent pair.
        """
        ...

    def correlations(self, table: Any, columns: Sequence[str]) -> pd.DataFrame:
        """The Pearson correlation matrix of ``columns``, each pair over the rows where both are filled.

        Returns
        -------
        DataFrame
            ``columns`` x ``columns``; on Dask from sums of values and cross-products, equal to pandas' ``corr``
            up to float rounding.
        """
        ...

    def duplicate_counts(self, table: Any, key: str = "ID") -> DuplicateCounts:
        """The table's rows, those that repeat an earlier row on every column, and those that repeat one on
        every column but ``key`` (with the ID, what ``cleaning.duplicated_customers`` counts), in one pass (on
        Dask from 64-bit row hashes)."""
        ...

    def extremes(self, table: Any, columns: Sequence[str]) -> pd.DataFrame:
        """The smallest and largest value of each column, missing values left out.

        Returns
        -------
        DataFrame
            Indexed by ``columns``, columns ``min`` and ``max`` (NaN for a column with no value); exact on both sides.
        """
        ...

    def distinct_counts(self, table: Any, columns: Sequence[str]) -> pd.Series:
        """How many distinct values each column holds, a missing value not counted; exact on both sides.

        Returns
        -------
        Series
            Indexed by ``columns``, int64.
        """
        ...

    def means(self, table: Any, columns: Sequence[str]) -> pd.Series:
        """The mean of each column over its filled values (NaN for a column without one), indexed by ``columns``;
        one pass, equal on both sides up to float rounding."""
        ...

    def standard_deviations(self, table: Any, columns: Sequence[str]) -> pd.Series:
        """The sample standard deviation (ddof 1) of each column over its filled values, indexed by ``columns``;
        on Dask from sums of squares around the means (a first pass), equal to pandas' ``std`` up to rounding."""
        ...

    def count_where(self, table: Any, condition: Callable[[pd.DataFrame], pd.Series]) -> int:
        """The rows for which ``condition`` (a block of rows in, one boolean per row out, row by row) is true."""
        ...

    def column_totals(self, table: Any, flags: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.Series:
        """The total of every column of ``flags`` (a block of rows in, numbers or booleans per row out, row by row)
        over every row, in one pass: several counts at the cost of one.

        Returns
        -------
        Series
            Indexed by the columns ``flags`` returns, in its order.
        """
        ...

    def join_by_id(self, left: Any, right: Any, how: Literal["inner", "left", "outer"] = "inner") -> Any:
        """The columns of ``right`` (a table of the engine's kind, or a pandas DataFrame such as a sample's
        results) beside the rows of ``left`` with the same ``ID``; each table holds an ID once. ``how="left"``
        keeps the rows of ``left`` without a match, their new columns missing; ``how="outer"`` keeps those of
        both (two files' customers, some in one only).

        Returns
        -------
        table
            Of the engine's kind; its rows in no meaningful order (results are keyed by ID).
        """
        ...

    def sample_by_id(self, table: Any, n: int, seed: int) -> pd.DataFrame:
        """At most ``n`` customers, those with the smallest 64-bit hash of their ID under ``seed``.

        Returns
        -------
        DataFrame
            Sorted by ID, a fresh index: the same customers on both sides for the same seed, whatever the
            partitioning or row order (IDs are assumed unique, as the schema requires within a file).
        """
        ...

    def row_at_rank(
        self, table: Any, rank: int, order_by: Sequence[str], ascending: Sequence[bool]
    ) -> pd.Series | None:
        """The row at ``rank`` (1: the first) when ``table`` is sorted by ``order_by`` (each ``ascending`` or not);
        what a limit on the number of customers needs: the last one it lets in. On Dask each partition keeps its
        first ``rank`` rows and a tree of merges keeps theirs, so only one row comes back.

        Returns
        -------
        Series or None
            The row's values by column; None when the table has fewer rows. Equal on both sides when
            ``order_by`` sorts the rows without ties (end it with ``ID``).
        """
        ...

    def ranked(self, table: Any, order_by: Sequence[str], ascending: Sequence[bool], rank: str = "rank") -> Any:
        """``table`` sorted by ``order_by`` (each ``ascending`` or not) with each row's 1-based position in that
        order as ``rank``: a list best first, however long. On Dask the workers sort (a shuffle, once: the sorted rows
        are kept, ``persist``) and number the rows of each partition from the sizes of those before it.

        Returns
        -------
        table
            Of the engine's kind, its rows in rank order; the same ranks on both sides when ``order_by`` sorts the
            rows without ties (end it with ``ID``).
        """
        ...

    def write_dataset(self, table: Any, folder: str | Path, metadata: dict[str, str]) -> Path:
        """Write ``table`` as a Parquet dataset folder (parts written by the workers on Dask, one part on
        pandas), ``metadata`` (the run's fingerprint) in every part's schema. An earlier dataset in ``folder``
        is replaced whole, from a staging folder beside it; a folder holding other files is refused.

        Returns
        -------
        Path
            The folder written.
        """
        ...

    def read_dataset(self, folder: str | Path) -> Any:
        """A dataset ``write_dataset`` wrote (or a hand-over written as one Parquet file), as a table of the
        engine's kind, its parts in order."""
        ...

    def dataset_metadata(self, folder: str | Path) -> dict[str, str]:
        """The metadata a dataset was written with."""
        ...


# One Dask client per process and scheduler: a stage's kernel connects once, whatever asks for its engine.
_run_clients: dict[str, Any] = {}


def run_engine(name: Literal["pandas", "dask"], scheduler: str = "", scratch: Path | None = None) -> Engine:
    """The engine a stage of a report run works on: pandas, or Dask on the run's scheduler, which the report
    command started (or was given) and handed to every stage; the client connects on first use and becomes the
    process's default client. No stage starts a cluster of its own. ``scratch``: where ``persist`` keeps tables."""
    if name == "dask" and scheduler not in _run_clients:
        from helpers.engine.cluster import connect  # Dask only for a Dask run

        _run_clients[scheduler] = connect(scheduler)
    return engine_for(name, _run_clients.get(scheduler) if name == "dask" else None, scratch)


def engine_for(name: Literal["pandas", "dask"], client: Any = None, scratch: Path | None = None) -> Engine:
    """The engine called ``name``; on Dask it runs on ``client`` (by default the current Dask client, such as
    ``cluster.dask_client`` opens) and ``persist`` keeps tables in ``scratch`` (a folder the workers can write
    and read) or, without one, in their memory. Only the Dask engine imports Dask."""
    if name == "pandas":
        return PandasEngine()
    if name == "dask":
        from helpers.engine.on_dask import DaskEngine  # Dask only for a Dask run

        return DaskEngine(client, scratch)
    raise ValueError(f"unknown engine {name!r}; expected pandas or dask")
