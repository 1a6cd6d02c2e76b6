import pandas as pd
import pytest

from helpers import columns, loading
from helpers.errors import InputDataError


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_reads_every_separator_and_drops_the_index_column(tmp_path, synthetic_customers, separator):
    path = tmp_path / "customers.csv"
    synthetic_customers.assign(Dt_Customer=synthetic_customers["Dt_Customer"].dt.strftime("%d-%m-%Y")).to_csv(path, sep=separator)
    loaded = loading.load_customers(path)
    assert list(loaded.columns) == list(columns.RAW)
    assert len(loaded) == len(synthetic_customers)


def test_byte_order_mark_and_parquet_load_the_same_table(tmp_path, synthetic_csv):
    from_csv = loading.load_customers(synthetic_csv)
    bom = _write(tmp_path / "bom.csv", "\ufeff" + synthetic_csv.read_text())
    pd.testing.assert_frame_equal(loading.load_customers(bom), from_csv)
    parquet = tmp_path / "customers.parquet"
    pd.read_csv(synthetic_csv, index_col=0).to_parquet(parquet)
    pd.testing.assert_frame_equal(loading.load_customers(parquet), from_csv)


def test_rows_come_out_in_id_order_whatever_the_file_order(tmp_path, synthetic_customers):
    shuffled = synthetic_customers.sample(frac=1, random_state=3)
    from helpers.synth import write_rakamin_csv

    a = loading.load_customers(write_rakamin_csv(synthetic_customers, tmp_path / "a.csv"))
    b = loading.load_customers(write_rakamin_csv(shuffled, tmp_path / "b.csv"))
    pd.testing.assert_frame_equal(a, b)
    assert a["ID"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("text", "expected"),
    [("04-09-2012", "2012-09-04"), ("2012-09-04", "2012-09-04"), ("4-Sep-12", "2012-09-04"), ("9/4/2012", "2012-09-04")],
)
def test_enrolment_date_formats(text, expected):
    parsed = loading.parse_enrolment_dates(pd.Series([text, None]))
    assert parsed.iloc[0] == pd.Timestamp(expected)
    assert pd.isna(parsed.iloc[1])


def test_unparseable_dates_name_the_column():
    with pytest.raises(InputDataError, match="Dt_Customer"):
        loading.parse_enrolment_dates(pd.Series(["yesterday", "04-09-2012"]))


def test_missing_column_is_named(tmp_path, synthetic_csv):
    table = pd.read_csv(synthetic_csv, index_col=0).drop(columns=["Income", "Recency"])
    table.to_csv(tmp_path / "bad.csv")
    with pytest.raises(InputDataError, match="Income, Recency"):
        loading.load_customers(tmp_path / "bad.csv")


def test_text_in_a_numeric_column_names_column_and_line(tmp_path, synthetic_csv):
    table = pd.read_csv(synthetic_csv, index_col=0)
    table["Income"] = table["Income"].astype(object)
    table.loc[4, "Income"] = "fifty million"
    table.to_csv(tmp_path / "bad.csv")
    with pytest.raises(InputDataError, match=r"Income must be numeric but holds 'fifty million' \(file line\(s\) 6\)"):
        loading.load_customers(tmp_path / "bad.csv")


def test_empty_inputs_are_refused(tmp_path, synthetic_csv):
    with pytest.raises(InputDataError, match="empty"):
        loading.load_customers(_write(tmp_path / "empty.csv", ""))
    header_only = _write(tmp_path / "header.csv", synthetic_csv.read_text().splitlines()[0] + "\n")
    with pytest.raises(InputDataError, match="no customer rows"):
        loading.load_customers(header_only)
    with pytest.raises(InputDataError, match="does not exist"):
        loading.load_customers(tmp_path / "nowhere.csv")
