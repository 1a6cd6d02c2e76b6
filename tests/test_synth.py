import filecmp
import subprocess
import sys

import pandas as pd
import pytest

from helpers.config import DEFAULT_DATA, PROJECT_ROOT
from helpers.data import columns, loading
from helpers.data.synthetic import calibration, generator
from helpers.engine import parquet_dataset
from helpers.engine.seam import engine_for


def test_same_seed_same_table_other_seed_other_table():
    pd.testing.assert_frame_equal(generator.generate(500, 1), generator.generate(500, 1))
    assert not generator.generate(500, 1).equals(generator.generate(500, 2))


def test_embedded_default_data_is_the_generators_output(tmp_path):
    regenerated = generator.write(2240, 2023, tmp_path / "customers.csv")
    assert filecmp.cmp(regenerated, DEFAULT_DATA, shallow=False), "run `make data` and commit data/customers.csv"


def test_the_real_datas_quirks_are_present():
    table = generator.generate(2240, 2023)
    assert table["ID"].is_unique
    assert 10 <= table["Income"].isna().sum() <= 45
    assert sorted(table.loc[table["Year_Birth"] < 1923, "Year_Birth"]) == sorted(generator.IMPOSSIBLE_BIRTH_YEARS)
    assert (table["Income"] == generator.EXTREME_INCOME).sum() == 1
    assert table.drop(columns="ID").duplicated().sum() > 100
    assert (table["NumWebVisitsMonth"] == 0).sum() > 0
    assert table["Z_CostContact"].eq(3).all() and table["Z_Revenue"].eq(11).all()


def test_income_drives_spending_and_web_visits_fall_with_income():
    table = generator.generate(5000, 3)
    spending = table[[c for c in table.columns if c.startswith("Mnt")]].sum(axis=1)
    assert table["Income"].corr(spending, method="spearman") > 0.6
    assert table["Income"].corr(table["NumWebVisitsMonth"], method="spearman") < -0.3
    assert abs(table["Recency"].corr(spending, method="spearman")) < 0.1


def test_chunked_generation_depends_only_on_rows_and_seed(tmp_path):
    first = generator.generate(2_500, 9, chunk_rows=1_000)
    pd.testing.assert_frame_equal(first, generator.generate(2_500, 9, chunk_rows=1_000))
    streamed = generator.write(2_500, 9, tmp_path / "streamed.csv", chunk_rows=1_000)
    at_once = generator.write_rakamin_csv(first, tmp_path / "at_once.csv")
    assert filecmp.cmp(streamed, at_once, shallow=False)


def test_quirks_hold_across_chunks():
    table = generator.generate(3_005, 4, chunk_rows=1_000)  # the 5-row tail folds into the last chunk
    assert len(table) == 3_005 and table["ID"].is_unique
    assert (table["Year_Birth"] < 1923).sum() == len(generator.IMPOSSIBLE_BIRTH_YEARS)
    assert (table["Income"] == generator.EXTREME_INCOME).sum() == 1
    duplicates = table.drop(columns="ID").duplicated().sum()
    assert duplicates == pytest.approx(3_005 * generator.DUPLICATE_RATE, abs=3)


def test_parquet_and_csv_hold_the_same_rows(tmp_path):
    csv = loading.load_customers(generator.write(1_200, 5, tmp_path / "c.csv", chunk_rows=500))
    parquet = loading.load_customers(generator.write(1_200, 5, tmp_path / "c.parquet", chunk_rows=500))
    pd.testing.assert_frame_equal(csv, parquet, check_dtype=False)


def test_original_layout_reads_back_as_the_same_customers(tmp_path):
    rakamin = calibration.load(generator.write(800, 6, tmp_path / "rakamin.csv"))
    loaded = loading.read_customers(generator.write(800, 6, tmp_path / "original.tsv", layout="original"))
    assert loaded.layout.name == "original" and loaded.layout.separator == "tab" and loaded.layout.labels == "English"
    pd.testing.assert_frame_equal(calibration.load(tmp_path / "original.tsv"), rakamin, check_dtype=False)
    assert list(pd.read_csv(tmp_path / "original.tsv", sep="\t", nrows=1).columns) == [
        "MntWines" if c == "MntCoke" else c for c in columns.RAW
    ]


def test_unknown_layout_is_refused(tmp_path):
    with pytest.raises(ValueError, match="layout"):
        generator.write(100, 1, tmp_path / "x.csv", layout="excel")


def test_a_customer_who_spent_nothing_draws_purchases_without_a_warning():
    import warnings

    import numpy as np

    size = 4
    spending = np.array([0.0, 0.0, 100_000.0, 2_000_000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # synth at a million rows printed 'divide by zero encountered in log'
        purchases = generator._purchases(
            np.random.default_rng(1), spending, np.full(size, 50_000.0), np.zeros(size), np.zeros(size),
            np.ones(size), np.ones(size),
        )  # fmt: skip
    assert purchases.shape == (size, 4) and (purchases >= 0).all()


def test_a_folder_is_a_dataset_of_parts_holding_the_same_customers_as_one_file(tmp_path):
    chunks = generator.chunks_in_layout(3_005, 4, chunk_rows=1_000)
    folder = parquet_dataset.write_blocks(tmp_path / "lake", {"synthetic": "test"}, chunks)
    assert [part.name for part in parquet_dataset.parts(folder)] == [f"part.00000{i}.parquet" for i in range(3)]
    one_file = generator.write(3_005, 4, tmp_path / "one.parquet", chunk_rows=1_000)
    pd.testing.assert_frame_equal(parquet_dataset.read_dataset(folder), pd.read_parquet(one_file))
    pandas = engine_for("pandas")
    pd.testing.assert_frame_equal(pandas.read_customers(folder).table, pandas.read_customers(one_file).table)


def test_synth_writes_a_folder_the_same_for_the_same_seed_and_refuses_one_holding_other_files(tmp_path):
    def synth(out):
        command = [sys.executable, "-m", "helpers", "synth", "--rows", "600", "--seed", "3", "--out", str(out)]
        return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)

    first, again = synth(tmp_path / "lake"), synth(tmp_path / "again")
    assert first.returncode == 0 and first.stdout.strip().endswith(f"to {tmp_path / 'lake'}")
    assert again.returncode == 0
    assert filecmp.cmp(tmp_path / "lake" / "part.000000.parquet", tmp_path / "again" / "part.000000.parquet", False)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "plan.txt").write_text("mine")
    refused = synth(tmp_path / "notes")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "holds other files" in refused.stderr
    assert (tmp_path / "notes" / "plan.txt").read_text() == "mine"
