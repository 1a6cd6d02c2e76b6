import filecmp

import pandas as pd

from helpers import synth
from helpers.paths import DEFAULT_DATA


def test_same_seed_same_table_other_seed_other_table():
    pd.testing.assert_frame_equal(synth.generate(500, 1), synth.generate(500, 1))
    assert not synth.generate(500, 1).equals(synth.generate(500, 2))


def test_embedded_default_data_is_the_generators_output(tmp_path):
    regenerated = synth.write_rakamin_csv(synth.generate(2240, 2023), tmp_path / "customers.csv")
    assert filecmp.cmp(regenerated, DEFAULT_DATA, shallow=False), "run `make data` and commit data/customers.csv"


def test_the_real_datas_quirks_are_present():
    table = synth.generate(2240, 2023)
    assert table["ID"].is_unique
    assert 10 <= table["Income"].isna().sum() <= 45
    assert set(synth.IMPOSSIBLE_BIRTH_YEARS) <= set(table["Year_Birth"])
    assert (table["Income"] == synth.EXTREME_INCOME).sum() == 1
    assert table.drop(columns="ID").duplicated().sum() > 100
    assert (table["NumWebVisitsMonth"] == 0).sum() > 0
    assert table["Z_CostContact"].eq(3).all() and table["Z_Revenue"].eq(11).all()


def test_income_drives_spending_and_web_visits_fall_with_income():
    table = synth.generate(5000, 3)
    spending = table[[c for c in table.columns if c.startswith("Mnt")]].sum(axis=1)
    assert table["Income"].corr(spending, method="spearman") > 0.6
    assert table["Income"].corr(table["NumWebVisitsMonth"], method="spearman") < -0.3
