"""The engine seam: the pandas side and the Dask side read the same customers from every layout of the input and
return the same keyed results (Dask's grouped quantiles within their stated approximation), on one small
LocalCluster."""

import functools
import subprocess
import sys

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, futures_of

from helpers.config import PROJECT_ROOT
from helpers.data import cleaning, currency, features, loading
from helpers.data.synthetic import generator
from helpers.engine import cluster, exact_quantiles, keyed_results, on_dask, parquet_dataset
from helpers.engine.seam import Engine, engine_for
from helpers.errors import EngineError, InputDataError
from helpers.stages import preparation
from tests.clusters import small_local_cluster

ROWS = 20_000
FILES = 4
ROW_GROUPS_PER_FILE = 2
NUMBERS = ["Year_Birth", "Income", "Kidhome", "Recency", "MntCoke", "MntMeatProducts", "NumWebPurchases"]


@pytest.fixture(scope="module")
def client():
    with (
        small_local_cluster() as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def engines(client) -> dict[str, Engine]:
    return {"pandas": engine_for("pandas"), "dask": engine_for("dask", client)}


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return generator.generate(ROWS, seed=23)


def _blocks(customers: pd.DataFrame, count: int) -> list[pd.DataFrame]:
    return [customers.iloc[rows] for rows in np.array_split(np.arange(len(customers)), count)]


@pytest.fixture(scope="module")
def inputs(customers, tmp_path_factory) -> dict[str, str]:
    """The same customers as a Parquet dataset folder (files of two row groups each), a glob of CSV files and one
    Parquet file, all in the Rakamin layout."""
    root = tmp_path_factory.mktemp("inputs")
    (root / "lake").mkdir()
    for i, block in enumerate(_blocks(customers, FILES)):
        # One row group per chunk written: two per file.
        generator.write_table(_blocks(block, ROW_GROUPS_PER_FILE), root / "lake" / f"part.{i}.parquet")
    (root / "lake" / "_SUCCESS").write_text("")
    (root / "exports").mkdir()
    for i, block in enumerate(_blocks(customers, 3)):
        generator.write_rakamin_csv(block, root / "exports" / f"customers-{i}.csv")
    generator.write_rakamin_csv(customers, root / "one.parquet")
    return {"lake": str(root / "lake"), "glob": str(root / "exports" / "*.csv"), "file": str(root / "one.parquet")}


@pytest.fixture(scope="module")
def read(engines, inputs) -> dict[str, dict]:
    """What each engine read of each input."""
    return {
        name: {kind: engine.read_customers(path) for kind, path in inputs.items()} for name, engine in engines.items()
    }


@pytest.fixture(scope="module")
def tables(read) -> dict:
    """Each engine's table of the dataset folder."""
    return {name: read[name]["lake"].table for name in read}


@pytest.fixture(scope="module")
def loaded(inputs) -> pd.DataFrame:
    """The customers as the report loads them today, from the one file."""
    return loading.load_customers(inputs["file"])


def _gathered(table) -> pd.DataFrame:
    # Tests may gather a whole table to compare it; the engines never do.
    table = table if isinstance(table, pd.DataFrame) else table.compute()
    return table.reset_index(drop=True)


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["lake", "glob", "file"])
def test_both_engines_read_the_same_customers_from_every_layout(read, loaded, kind):
    on_pandas, on_dask = read["pandas"][kind], read["dask"][kind]
    assert on_pandas.rows == on_dask.rows == ROWS
    assert on_pandas.currency == on_dask.currency == currency.RUPIAH
    assert on_pandas.pieces == on_dask.pieces
    pd.testing.assert_frame_equal(_gathered(on_pandas.table), _gathered(on_dask.table))
    # Input order, not sorted by ID; sorted, the very table the report loads today (same types too).
    by_id = _gathered(on_pandas.table).sort_values("ID").reset_index(drop=True)
    pd.testing.assert_frame_equal(by_id, loaded)


def test_both_engines_are_engines(engines):
    assert all(isinstance(engine, Engine) for engine in engines.values())
    with pytest.raises(ValueError, match="unknown engine"):
        engine_for("spark")


def test_an_empty_row_group_is_skipped_and_an_input_without_customers_refused(engines, customers, tmp_path):
    generator.write_table([customers.iloc[:0], customers.iloc[:300]], tmp_path / "with_empty_group.parquet")
    generator.write_table([customers.iloc[:0]], tmp_path / "empty.parquet")
    for engine in engines.values():
        assert engine.read_customers(tmp_path / "with_empty_group.parquet").rows == 300
        with pytest.raises(InputDataError, match="holds no customer rows"):
            engine.read_customers(tmp_path / "empty.parquet")


def test_dask_reads_one_partition_per_piece(read):
    assert read["dask"]["lake"].table.npartitions == FILES * ROW_GROUPS_PER_FILE
    assert read["dask"]["glob"].table.npartitions == 3
    assert len(read["pandas"]["lake"].pieces) == FILES * ROW_GROUPS_PER_FILE


def test_a_file_in_the_other_currency_is_converted_to_the_first_files(engines, customers, tmp_path):
    first, second = _blocks(customers, 2)
    generator.write_rakamin_csv(first, tmp_path / "a_rakamin.csv")
    generator.write_table([second], tmp_path / "b_original.tsv", "original")
    for name, engine in engines.items():
        result = engine.read_customers(str(tmp_path / "*"))
        assert result.currency == currency.RUPIAH
        assert result.layouts == ("rakamin", "original")
        assert result.converted_files == (str(tmp_path / "b_original.tsv"),)
        # The synthetic amounts are whole thousands of rupiah, so plain units times 1,000 give them back.
        got = _gathered(result.table)
        pd.testing.assert_series_equal(got["Income"], customers["Income"].reset_index(drop=True), check_dtype=False)
        pd.testing.assert_series_equal(got["MntCoke"], customers["MntCoke"].reset_index(drop=True), check_dtype=False)
        # Kept as read, the piece in the other currency is rewritten in the table's (on Dask, once all are known).
        # (Text read from Parquet is pandas' NA-valued string type, as in every hand-over read back.)
        kept = engine.read_customers(str(tmp_path / "*"), keep_in=tmp_path / f"kept-{name}", metadata={})
        pd.testing.assert_frame_equal(_gathered(kept.table), got, check_dtype=False)
        pd.testing.assert_frame_equal(parquet_dataset.read_dataset(tmp_path / f"kept-{name}"), got, check_dtype=False)


@pytest.mark.parametrize("kind", ["lake", "glob"])
def test_customers_kept_as_they_are_read_are_the_customers_read_and_written_with_the_metadata(
    engines, read, inputs, tmp_path, kind
):
    for name, engine in engines.items():
        folder = tmp_path / name / "as_read.parquet"
        earlier = read[name][kind]
        kept = engine.read_customers(inputs[kind], keep_in=folder, metadata={"fingerprint": "f"})
        assert (kept.rows, kept.currency, kept.pieces) == (earlier.rows, earlier.currency, earlier.pieces)
        # (Text read from Parquet is pandas' NA-valued string type, as in every hand-over read back.)
        pd.testing.assert_frame_equal(_gathered(kept.table), _gathered(earlier.table), check_dtype=False)
        pd.testing.assert_frame_equal(parquet_dataset.read_dataset(folder), _gathered(earlier.table), check_dtype=False)
        assert parquet_dataset.dataset_metadata(folder) == {"fingerprint": "f"}
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == ["as_read.parquet"]  # no staging left
    # On Dask the table reads the parts the validating tasks wrote: one per piece.
    parts = parquet_dataset.parts(tmp_path / "dask" / "as_read.parquet")
    assert kept.table.npartitions == len(parts) == len(read["dask"][kind].pieces)


def _bad_lake(customers: pd.DataFrame, folder):
    folder.mkdir()
    for i, block in enumerate(_blocks(customers.iloc[:4000], 3)):
        generator.write_rakamin_csv(block, folder / f"part.{i}.parquet")
    bad = generator.in_layout(_blocks(customers.iloc[:4000], 3)[1]).reset_index(drop=True)
    bad["Income"] = bad["Income"].astype("string")
    bad.loc[4, "Income"] = "lots"
    bad.to_parquet(folder / "part.1.parquet", index=False)
    return folder


@pytest.mark.parametrize("name", ["pandas", "dask"])
def test_a_bad_row_in_one_file_of_a_folder_is_named_by_file_and_row(engines, customers, tmp_path, name):
    lake = _bad_lake(customers, tmp_path / "lake")
    with pytest.raises(InputDataError) as raised:
        engines[name].read_customers(lake)
    message = str(raised.value)
    assert f"{lake / 'part.1.parquet'} row 5: Income must be numeric ('lots')" in message
    assert "\n" not in message and "part.0" not in message and "part.2" not in message
    # Kept as read: nothing written, no staging folder left.
    (tmp_path / "out").mkdir()
    with pytest.raises(InputDataError, match="Income must be numeric"):
        engines[name].read_customers(lake, keep_in=tmp_path / "out" / "as_read.parquet", metadata={})
    assert not list((tmp_path / "out").iterdir())


# --- operations -------------------------------------------------------------------------------


def test_the_quality_assessment_counts_the_same_on_both_engines(engines, tables):
    on_pandas, on_dask = (preparation.assess(engines[name], tables[name], 2023) for name in ("pandas", "dask"))
    pandas_counts, dask_counts = on_pandas.counts(), on_dask.counts()
    # Fences come from each engine's quartiles; everything counted without them is exact and equal.
    assert pandas_counts.pop("iqr_outliers") and dask_counts.pop("iqr_outliers")
    assert dask_counts == pandas_counts
    assert on_dask.duplicate_customers > on_dask.duplicate_rows == 0 and on_dask.missing["Income"] > 0
    assert on_dask.impossible_birth_years > 0 and on_dask.zero_web_visits > 0
    # Against Dask's own fences, Dask counts exactly the outliers pandas counts against them.
    beyond = cleaning.beyond_fences(_gathered(tables["pandas"]), on_dask.bounds).sum()
    assert on_dask.outliers["outliers"].tolist() == beyond.tolist()
    pd.testing.assert_frame_equal(on_pandas.bounds, cleaning.iqr_bounds(_gathered(tables["pandas"])))


def test_the_cleaning_keeps_the_same_customers_on_both_engines(engines, tables):
    results = {}
    for name, engine in engines.items():
        assessment = preparation.assess(engine, tables[name], 2023)
        cleaned = preparation.clean(engine, tables[name], assessment, 2023, 4, impute_income=False)
        every_customer = preparation.engineer(engine, tables[name], cleaned, 2023)
        results[name] = (
            cleaned,
            _gathered(every_customer),
            _gathered(preparation.analysed(engine, every_customer, cleaned)),
        )
    (on_pandas, every_pandas, analysed_pandas), (on_dask, every_dask, analysed_dask) = (
        results["pandas"],
        results["dask"],
    )
    assert on_dask.rows_read == on_pandas.rows_read == ROWS
    assert on_dask.exclusions["missing_income"] == on_pandas.exclusions["missing_income"] > 0
    pd.testing.assert_frame_equal(every_dask, preparation.engineer(engines["pandas"], tables["pandas"], on_dask, 2023))
    # Given Dask's fences and median, every customer is kept or left out exactly as pandas would.
    by_id = analysed_dask.sort_values("ID").reset_index(drop=True)
    expected = preparation.analysed(engines["pandas"], every_pandas, on_dask).sort_values("ID").reset_index(drop=True)
    pd.testing.assert_frame_equal(by_id, expected)
    assert len(by_id) == on_dask.rows_kept
    # The fences and the median are exact on both engines: the same customers kept.
    pd.testing.assert_frame_equal(on_dask.bounds, on_pandas.bounds, check_exact=False, rtol=1e-12)
    assert on_dask.income_median == on_pandas.income_median
    assert set(analysed_pandas["ID"]) == set(analysed_dask["ID"]) and on_dask.rows_kept == on_pandas.rows_kept


def test_what_stage_one_shows_is_counted_the_same_on_both_engines(engines, tables):
    pandas, dask = engines["pandas"], engines["dask"]
    shown = {}
    for name, engine in engines.items():
        assessment = preparation.assess(engine, tables[name], 2023)
        cleaned = preparation.clean(engine, tables[name], assessment, 2023, 4, impute_income=False)
        shown[name] = (
            preparation.column_types(engine, tables[name], assessment)[["non-missing", "distinct"]],
            preparation.economics_of(engine, tables[name], None, None),
            cleaned,
        )
    (types, costs, cleaned), (dask_types, dask_costs, dask_cleaned) = shown["pandas"], shown["dask"]
    pd.testing.assert_frame_equal(dask_types, types)
    assert dask_costs == costs and costs["contact_cost_source"] == "file"
    assert 0 < cleaned.rows_inside_fences < ROWS
    # The analysed customers' figures, on both engines from Dask's cleaning, medians included.
    stats = {
        name: preparation.feature_statistics(
            engine,
            preparation.analysed(engine, preparation.engineer(engine, tables[name], dask_cleaned, 2023), dask_cleaned),
        )
        for name, engine in (("pandas", pandas), ("dask", dask))
    }
    pd.testing.assert_frame_equal(stats["dask"], stats["pandas"], check_exact=False, rtol=1e-12)


def test_counts_agree(engines, tables):
    assert engines["pandas"].count(tables["pandas"]) == engines["dask"].count(tables["dask"]) == ROWS


def test_quantiles_are_todays_fences_on_both_engines(engines, tables, loaded):
    qs = [0.25, 0.5, 0.75]
    exact = engines["pandas"].quantiles(tables["pandas"], cleaning.IQR_COLUMNS, qs)
    on_dask = engines["dask"].quantiles(tables["dask"], cleaning.IQR_COLUMNS, qs)
    bounds = cleaning.iqr_bounds(loaded)
    spread = exact.loc[0.75] - exact.loc[0.25]
    pd.testing.assert_series_equal(exact.loc[0.25] - 1.5 * spread, bounds["lower"], check_names=False)
    pd.testing.assert_series_equal(exact.loc[0.75] + 1.5 * spread, bounds["upper"], check_names=False)
    pd.testing.assert_frame_equal(on_dask, exact, check_exact=False, rtol=1e-12)


def _blocks_of(table: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    return [table.iloc[i::n] for i in range(n)]


def _counted_in_blocks(table: pd.DataFrame, n: int, passes: list):
    """A ``count`` pass over ``n`` blocks of ``table`` that records what each pass returned."""

    def count(intervals):
        total = exact_quantiles.add_counts([exact_quantiles.bracket_counts(b, intervals) for b in _blocks_of(table, n)])
        passes.append(total)
        return total

    return count


@pytest.mark.parametrize("off_by", [0.0, 0.3, 5.0], ids=["good-guess", "missed-bracket", "wild-guess"])
def test_exact_quantiles_widen_a_bracket_the_estimate_missed(off_by):
    rng = np.random.default_rng(3)
    table = pd.DataFrame(
        {
            "whole": rng.integers(0, 40, 5_001).astype("float64"),
            "spread": rng.lognormal(10, 1, 5_001),
            "gappy": np.where(rng.random(5_001) < 0.3, np.nan, rng.normal(0, 1, 5_001)),
            "constant": np.full(5_001, 7.0),
            "empty": np.full(5_001, np.nan),
        }
    )
    qs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.99, 1.0]
    expected = table.quantile(qs)
    estimates = []

    def approximate(levels):  # a first pass that is off by ``off_by`` of each column's range
        estimates.append(levels)
        guess = table.quantile(levels)
        return guess + off_by * (table.max() - table.min()).fillna(0)

    got = exact_quantiles.quantiles(list(table.columns), qs, approximate, _counted_in_blocks(table, 4, []))
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert (len(estimates) == 1) == (off_by == 0.0)


def test_exact_quantiles_of_a_column_without_repeats_bring_back_bounded_counts():
    """A model's probability repeats no value: a bracket of a few percent of a million customers holds tens of
    thousands of distinct values, which must never come back; histograms narrow each order statistic instead."""
    rng = np.random.default_rng(5)
    table = pd.DataFrame({"probability": rng.beta(2, 5, 1_000_000), "ties": rng.integers(0, 3, 1_000_000) / 2})
    qs = [level / 100 for level in range(1, 100)]
    passes = []
    got = exact_quantiles.quantiles(
        list(table.columns), qs, lambda levels: table.quantile(levels), _counted_in_blocks(table, 8, passes)
    )
    pd.testing.assert_frame_equal(got, table.quantile(qs), check_exact=True)
    for total in passes:
        for counts in total.values():
            for counted in counts["intervals"]:
                size = len(counted.counts)
                assert size <= max(exact_quantiles.BINS, exact_quantiles.VALUES_AT_MOST), size
    assert len(passes) <= 3
    # A column's extremes are the first and the last value of their bins: found in the first count.
    passes.clear()
    ends = exact_quantiles.quantiles(["probability"], [0.0, 1.0], table.quantile, _counted_in_blocks(table, 8, passes))
    assert ends["probability"].tolist() == [table["probability"].min(), table["probability"].max()]
    assert len(passes) == 1


def test_dask_quantiles_are_pandas_own_where_blocks_outgrow_the_sketch_sample(engines):
    """Blocks of 60,000 values: each is sketched from every third of its values (``SKETCH_SAMPLE``), which
    only estimates; the counts make the result exact, ends included, for continuous, tied, constant and empty
    columns."""
    rng = np.random.default_rng(11)
    rows = 3 * keyed_results.SKETCH_SAMPLE * 2
    table = pd.DataFrame(
        {
            "probability": rng.beta(2, 5, rows),
            "amount": rng.integers(0, 2_000, rows) * 1_000.0,
            "constant": np.full(rows, 3.0),
            "empty": np.full(rows, np.nan),
        }
    )
    qs = [0.0, 0.01, 0.25, 0.5, 0.99, 1.0]
    on_dask = engines["dask"].quantiles(dd.from_pandas(table, npartitions=2), list(table.columns), qs)
    pd.testing.assert_frame_equal(on_dask, table.quantile(qs).astype("float64"), check_exact=True)


def test_group_stats_agree_and_are_todays_means(engines, tables, loaded):
    columns = ["Income", "MntCoke", "NumWebPurchases"]
    on_pandas = engines["pandas"].group_stats(tables["pandas"], "Education", columns)
    on_dask = engines["dask"].group_stats(tables["dask"], "Education", columns)
    pd.testing.assert_frame_equal(on_pandas, on_dask)
    pd.testing.assert_series_equal(
        on_pandas[("Income", "mean")], loaded.groupby("Education")["Income"].mean(), check_names=False
    )
    assert on_pandas[("Income", "count")].sum() == loaded["Income"].notna().sum()
    two_keys = [engines[n].group_stats(tables[n], ["Education", "Kidhome"], ["Income"]) for n in engines]
    pd.testing.assert_frame_equal(*two_keys)


def test_crosstabs_agree_with_pandas_crosstab(engines, tables, loaded):
    on_pandas = engines["pandas"].crosstab(tables["pandas"], "Education", "Marital_Status")
    on_dask = engines["dask"].crosstab(tables["dask"], "Education", "Marital_Status")
    pd.testing.assert_frame_equal(on_pandas, on_dask)
    today = pd.crosstab(loaded["Education"], loaded["Marital_Status"])
    pd.testing.assert_frame_equal(on_pandas, today, check_dtype=False, check_names=False)


def test_correlations_agree_with_pandas_corr(engines, tables, loaded):
    on_pandas = engines["pandas"].correlations(tables["pandas"], NUMBERS)
    on_dask = engines["dask"].correlations(tables["dask"], NUMBERS)
    assert list(on_dask.index) == list(on_dask.columns) == NUMBERS
    assert np.allclose(on_pandas, on_dask, rtol=0, atol=1e-9)
    assert np.allclose(on_pandas, loaded.loc[:, NUMBERS].corr(), rtol=0, atol=1e-12)
    # Missing incomes: each pair is counted over the rows where both are filled, as pandas does.
    assert loaded["Income"].isna().any()


def test_duplicate_counts_are_what_cleaning_counts(engines, tables, loaded):
    expected = int(cleaning.duplicated_customers(loaded).sum())
    assert expected > 0
    for name, engine in engines.items():
        # Whole rows: the ID tells every row apart.
        assert engine.duplicate_counts(tables[name]) == keyed_results.DuplicateCounts(len(loaded), 0, expected)
    # A row repeated whole, ID and all, counts in both.
    twice = pd.concat([loaded, loaded.iloc[[5]]], ignore_index=True)
    counted = {
        name: engine.duplicate_counts(dd.from_pandas(twice, npartitions=3) if name == "dask" else twice)
        for name, engine in engines.items()
    }
    assert counted["pandas"] == counted["dask"] == keyed_results.DuplicateCounts(len(twice), 1, expected + 1)


def test_extremes_distinct_counts_and_deviations_agree_with_pandas(engines, tables, loaded):
    columns = [*NUMBERS, "Education"]
    on = {name: engine.extremes(tables[name], NUMBERS) for name, engine in engines.items()}
    pd.testing.assert_frame_equal(on["pandas"], on["dask"])
    pd.testing.assert_series_equal(on["pandas"]["min"], loaded[NUMBERS].min().astype("float64"), check_names=False)
    pd.testing.assert_series_equal(on["pandas"]["max"], loaded[NUMBERS].max().astype("float64"), check_names=False)
    distinct = {name: engine.distinct_counts(tables[name], columns) for name, engine in engines.items()}
    pd.testing.assert_series_equal(distinct["pandas"], distinct["dask"])
    pd.testing.assert_series_equal(distinct["pandas"], loaded[columns].nunique(), check_names=False)
    spread = {name: engine.standard_deviations(tables[name], NUMBERS) for name, engine in engines.items()}
    pd.testing.assert_series_equal(spread["pandas"], spread["dask"], check_exact=False, rtol=1e-9)
    pd.testing.assert_series_equal(spread["pandas"], loaded[NUMBERS].std(), check_exact=False, rtol=1e-12)
    assert loaded["Income"].isna().any()  # missing values are left out on both sides


@pytest.mark.parametrize("per_partition", [100, 1_000], ids=["too many in a partition", "too many in all"])
def test_distinct_values_split_in_groups_count_as_pandas_counts_them(engines, loaded, monkeypatch, per_partition):
    # Many partitions: a column with many distinct values (more than DISTINCT_VALUES_PER_PARTITION in a
    # partition, or ONE_TREE_DISTINCT_VALUES in all) has them split into several groups by hash, each counted in
    # its own tree, so no task holds them all (at 100,000,000 row hashes, one task's worker died); missing values
    # are not counted. A column with few (Education's five, Recency's hundred) is counted from the values the
    # first pass carried up its tree, and never split.
    monkeypatch.setattr(on_dask, "PARTITIONS_PER_DISTINCT_GROUP", 2)
    monkeypatch.setattr(on_dask, "ONE_TREE_DISTINCT_VALUES", 100)
    monkeypatch.setattr(on_dask, "DISTINCT_VALUES_PER_PARTITION", per_partition)
    split, count_distinct = [], on_dask._distinct_count

    def recorded(values):
        split.append(values.name)
        return count_distinct(values)

    monkeypatch.setattr(on_dask, "_distinct_count", recorded)
    twice = pd.concat([loaded, loaded.iloc[[5, 9]]], ignore_index=True)
    table = dd.from_pandas(twice, npartitions=12)
    columns = ["ID", "Income", "Education", "Recency", "Dt_Customer", "Marital_Status"]
    on_dask_counts = engines["dask"].distinct_counts(table, columns)
    pd.testing.assert_series_equal(on_dask_counts, twice[columns].nunique(), check_names=False)
    # Of 12 partitions of ~187 customers: ID, Income and the enrolment dates have more than 100 in a partition,
    # and in all; Recency has 100 in all.
    assert split == ["ID", "Income", "Dt_Customer"] and twice["Recency"].nunique() == 100
    assert engines["dask"].duplicate_counts(table) == engines["pandas"].duplicate_counts(twice)


def test_a_filtered_count_agrees(engines, tables, loaded):
    def rich_without_kids(block: pd.DataFrame) -> pd.Series:
        return (block["Income"] > 60_000_000) & (block["Kidhome"] == 0)

    expected = int(rich_without_kids(loaded).sum())
    assert 0 < expected < ROWS
    assert [engine.count_where(tables[name], rich_without_kids) for name, engine in engines.items()] == [expected] * 2


def test_grouped_quantiles_are_exact_on_both_engines(engines, tables, loaded):
    # Dask's merged percentiles alone stray (a persona of 19 customers: a median conversion rate of 8.63 for 9.00);
    # bracketed and counted again, they are pandas' own values.
    qs = [0.25, 0.5, 0.75]
    exact = engines["pandas"].grouped_quantiles(tables["pandas"], "Education", NUMBERS, qs)
    on_dask = engines["dask"].grouped_quantiles(tables["dask"], "Education", NUMBERS, qs)
    expected = loaded.groupby("Education")[NUMBERS].quantile(qs).astype("float64")
    pd.testing.assert_frame_equal(exact, expected, check_names=False)
    assert exact.index.names == on_dask.index.names == ["Education", "quantile"]
    pd.testing.assert_frame_equal(on_dask, exact)


def _scored(block: pd.DataFrame) -> pd.DataFrame:
    """A probability-like score from the income (missing where it is), as a model's output might be."""
    score = 1 / (1 + np.exp(-(block["Income"] - 5e7) / 2e7))
    return block.assign(score=score, profit=11 * score - 3)


def test_score_bins_split_the_scored_rows_alike_and_add_up_exactly(engines, tables, loaded):
    scored = _scored(loaded)
    bins = {name: engine.score_bins(engine.map_blocks(tables[name], _scored), "score", 10, ["Response", "profit"])
            for name, engine in engines.items()}  # fmt: skip
    on_pandas, on_dask = bins["pandas"], bins["dask"]
    assert list(on_pandas.index) == list(on_dask.index) == list(range(1, 11))
    for frame in bins.values():
        assert frame["customers"].sum() == scored["score"].notna().sum()
        assert frame["Response_sum"].sum() == scored.loc[scored["score"].notna(), "Response"].sum()
        assert np.isclose(frame["profit_sum"].sum(), scored["profit"].sum(), rtol=1e-12)
        # Bin 1 holds the highest scores; bins do not overlap.
        assert (frame["score_min"].iloc[:-1].to_numpy() >= frame["score_max"].iloc[1:].to_numpy()).all()
    # Exact deciles on pandas (rows of one income share a bin); on Dask the edges are approximate quantiles.
    tenth = scored["score"].notna().sum() / 10
    assert ((on_pandas["customers"] - tenth).abs() <= 0.01 * tenth).all()
    assert ((on_dask["customers"] - tenth).abs() <= 0.02 * tenth).all(), on_dask["customers"].to_dict()


def test_nested_score_bins_are_the_bins_each_count_draws_on_its_own(engines, tables):
    # Scores rounded to two decimals: many ties, so coarse bins are unions of unequal finer ones.
    def tied(block: pd.DataFrame) -> pd.DataFrame:
        return _scored(block).assign(score=lambda frame: frame["score"].round(2))

    for name, engine in engines.items():
        table = engine.map_blocks(tables[name], tied)
        nested = engine.nested_score_bins(table, "score", [20, 4, 10, 2], ["Response", "profit"])
        assert sorted(nested) == [2, 4, 10, 20]
        for count, frame in nested.items():
            alone = engine.score_bins(table, "score", count, ["Response", "profit"])
            pd.testing.assert_frame_equal(frame, alone, check_exact=False, rtol=1e-12)
        assert len(nested[20]) > len(nested[10]) > len(nested[4]) > len(nested[2]) == 2
    with pytest.raises(ValueError, match="divide the largest, 20"):
        engines["pandas"].nested_score_bins(tables["pandas"].assign(score=0.5), "score", [20, 3])


def _scores(block: pd.DataFrame) -> pd.DataFrame:
    """A score for a third of the customers (every ID divisible by 3), as a sample's results would be."""
    chosen = block.loc[block["ID"] % 3 == 0, ["ID"]]
    return chosen.assign(score=chosen["ID"] % 7)


@pytest.mark.parametrize("how", ["inner", "left"])
def test_a_join_by_id_agrees_with_either_kind_of_right_table(engines, tables, loaded, how):
    expected = loaded.merge(_scores(loaded), on="ID", how=how).sort_values("ID", ignore_index=True)
    assert 0 < expected["score"].notna().sum() < ROWS
    for name, engine in engines.items():
        # A pandas table (a sample's results) on both engines; on Dask also a table of the engine's own.
        for right in (_scores(loaded), engine.map_blocks(tables[name], _scores)):
            joined = _gathered(engine.join_by_id(tables[name], right, how)).sort_values("ID", ignore_index=True)
            pd.testing.assert_frame_equal(joined, expected, check_dtype=False)


def _features(block: pd.DataFrame) -> pd.DataFrame:
    return features.engineer_features(block, 2024)


def test_map_blocks_applies_a_row_function_alike(engines, tables, loaded):
    bounds = cleaning.iqr_bounds(loaded)
    inside = functools.partial(lambda block, fences: block[cleaning.within_bounds(block, fences)], fences=bounds)
    results = {}
    for name, engine in engines.items():
        engineered = engine.map_blocks(tables[name], _features)
        results[name] = _gathered(engine.map_blocks(engineered, inside))
    pd.testing.assert_frame_equal(results["pandas"], results["dask"])
    assert len(results["pandas"]) == int(cleaning.within_bounds(loaded, bounds).sum())
    # Results already in memory (the plans of a file within the learning sample) map in this process on Dask too.
    in_memory = engines["dask"].map_blocks(loaded, _features)
    assert isinstance(in_memory, pd.DataFrame)
    pd.testing.assert_frame_equal(in_memory, engines["pandas"].map_blocks(loaded, _features))


def test_a_persisted_table_is_computed_once_on_the_workers_and_reads_as_before(engines, tables, client):
    engineered = engines["dask"].map_blocks(tables["dask"], _features)
    kept = engines["dask"].persist(engineered)
    # Its partitions are results held by the workers, not a graph that reads the file again.
    assert len(futures_of(kept)) == kept.npartitions and not futures_of(engineered)
    pd.testing.assert_frame_equal(_gathered(kept), _gathered(engineered))
    on_pandas = engines["pandas"].map_blocks(tables["pandas"], _features)
    assert engines["pandas"].persist(on_pandas) is on_pandas
    assert engines["dask"].persist(on_pandas) is on_pandas  # already in memory


def test_with_a_scratch_folder_a_persisted_table_is_written_once_and_read_back_from_it(tables, client, tmp_path):
    on_disk = engine_for("dask", client, tmp_path / "scratch")
    engineered = on_disk.map_blocks(tables["dask"], _features)
    kept = on_disk.persist(engineered)
    # A dataset of one part per partition in the scratch folder, read back in order: nothing held by the workers.
    (folder,) = (tmp_path / "scratch").iterdir()
    assert len(parquet_dataset.parts(folder)) == engineered.npartitions and not futures_of(kept)
    pd.testing.assert_frame_equal(_gathered(kept), _gathered(engineered), check_dtype=False)


# --- the sample by ID -------------------------------------------------------------------------


def test_the_sample_by_id_is_the_same_whatever_engine_order_or_partitioning(engines, tables, read):
    sample = engines["pandas"].sample_by_id(tables["pandas"], 500, seed=7)
    assert len(sample) == 500 and sample["ID"].is_monotonic_increasing
    pd.testing.assert_frame_equal(engines["dask"].sample_by_id(tables["dask"], 500, seed=7), sample)
    shuffled = tables["pandas"].sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(engines["pandas"].sample_by_id(shuffled, 500, seed=7), sample)
    repartitioned = tables["dask"].repartition(npartitions=5)
    repartitioned = engines["dask"].map_blocks(repartitioned, lambda block: block.iloc[::-1])
    pd.testing.assert_frame_equal(engines["dask"].sample_by_id(repartitioned, 500, seed=7), sample)
    from_csv = engines["dask"].sample_by_id(read["dask"]["glob"].table, 500, seed=7)
    pd.testing.assert_frame_equal(from_csv, sample)
    other_seed = engines["dask"].sample_by_id(tables["dask"], 500, seed=8)
    assert len(set(other_seed["ID"]) & set(sample["ID"])) < 100
    assert len(engines["dask"].sample_by_id(tables["dask"], ROWS + 10, seed=7)) == ROWS


def test_a_sample_as_large_as_the_table_is_every_customer_and_an_empty_table_an_empty_sample(engines, tables):
    every = {name: engine.sample_by_id(tables[name], ROWS + 1, seed=7) for name, engine in engines.items()}
    pd.testing.assert_frame_equal(every["dask"], every["pandas"])
    assert len(every["pandas"]) == ROWS and every["pandas"]["ID"].is_monotonic_increasing
    for name, engine in engines.items():
        none = engine.map_blocks(tables[name], lambda block: block.iloc[:0])
        assert engine.sample_by_id(none, 500, seed=7).empty


# --- datasets between stages ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pandas", "dask"])
def test_datasets_round_trip_with_their_metadata_and_replace_earlier_ones(engines, tables, tmp_path, name):
    engine, folder = engines[name], tmp_path / "prepared"
    assert engine.write_dataset(tables[name], folder, {"fingerprint": "first"}) == folder
    engine.write_dataset(tables[name], folder, {"fingerprint": "abc123", "stage": "preparation"})
    assert engine.dataset_metadata(folder) == {"fingerprint": "abc123", "stage": "preparation"}
    parts = sorted(path.name for path in folder.iterdir())
    assert len(parts) == (1 if name == "pandas" else FILES * ROW_GROUPS_PER_FILE)
    assert [path.name for path in tmp_path.iterdir()] == ["prepared"]  # no staging folder left beside it
    back = _gathered(engine.read_dataset(folder))
    pd.testing.assert_frame_equal(back, _gathered(tables[name]), check_dtype=False)
    assert back["Income"].dtype == "float64" and back["ID"].dtype == "int64"


def test_a_folder_of_other_files_is_not_replaced(engines, tables, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputDataError, match="notes.txt"):
        engines["dask"].write_dataset(tables["dask"], tmp_path, {"fingerprint": "x"})
    assert (tmp_path / "notes.txt").read_text() == "mine"


# --- the pandas path stays Dask-free ----------------------------------------------------------


def test_the_pandas_side_imports_no_dask(inputs, tmp_path):
    script = f"""
import sys
from helpers.engine.seam import engine_for
engine = engine_for("pandas")
table = engine.read_customers({inputs["lake"]!r}).table
engine.quantiles(table, ["Income"], [0.5]); engine.correlations(table, ["Income", "MntCoke"])
engine.duplicate_counts(table); engine.sample_by_id(table, 10, 1); engine.crosstab(table, "Education", "Kidhome")
engine.write_dataset(table, {str(tmp_path / "out")!r}, {{"fingerprint": "x"}})
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("dask", "distributed"))
assert not heavy, heavy
print("dask-free")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "dask-free"


def test_a_folder_a_worker_cannot_write_into_stops_a_run_in_one_line_naming_the_worker(client, tmp_path):
    cluster.writable_by_every_worker(client, tmp_path)  # the workers of this machine write here
    unseen = tmp_path / "not-mounted-on-the-workers"
    with pytest.raises(EngineError) as refused:
        cluster.writable_by_every_worker(client, unseen)
    message = str(refused.value)
    assert message.startswith("the Dask worker at tcp://127.0.0.1:") and f"cannot write into {unseen} (" in message
    assert "\n" not in message and not list(tmp_path.iterdir())  # nothing left behind by the check


# --- the row at a rank --------------------------------------------------------------------------


@pytest.mark.parametrize("rank", [1, 37, 400])
def test_the_row_at_a_rank_is_the_sorted_tables_whatever_engine_or_partitioning(engines, tables, loaded, rank):
    # Incomes repeat, so the ID decides among equal ones, as a limit on contacts breaks ties.
    order, ascending = ["Income", "ID"], [False, True]
    expected = loaded.dropna(subset=["Income"]).sort_values(order, ascending=ascending).iloc[rank - 1]
    assert loaded["Income"].duplicated().any()
    repartitioned = engines["dask"].map_blocks(tables["dask"].repartition(npartitions=7), lambda b: b.iloc[::-1])
    for name, table in (("pandas", tables["pandas"]), ("dask", tables["dask"]), ("dask", repartitioned)):
        filled = engines[name].map_blocks(table, lambda block: block.dropna(subset=["Income"]))
        row = engines[name].row_at_rank(filled, rank, order, ascending)
        assert (row["ID"], row["Income"]) == (expected["ID"], expected["Income"])


def test_no_row_at_a_rank_past_the_table(engines, tables):
    for name, engine in engines.items():
        assert engine.row_at_rank(tables[name], ROWS + 1, ["ID"], [True]) is None
        assert engine.row_at_rank(tables[name], ROWS, ["ID"], [True])["ID"] == tables["pandas"]["ID"].max()


def test_a_ranked_table_is_the_sorted_table_numbered_on_both_engines(engines, tables, loaded):
    order, ascending = ["Income", "ID"], [False, True]
    filled = loaded.dropna(subset=["Income"])
    expected = filled.sort_values(order, ascending=ascending)["ID"].to_numpy()
    for name, engine in engines.items():
        kept = engine.map_blocks(tables[name], lambda block: block.dropna(subset=["Income"]))
        ranked = _gathered(engine.ranked(kept, order, ascending))
        # Gathered in partition order: the rows in rank order, numbered 1 to n.
        assert ranked["ID"].to_numpy().tolist() == expected.tolist(), name
        assert ranked["rank"].tolist() == list(range(1, len(filled) + 1)), name
