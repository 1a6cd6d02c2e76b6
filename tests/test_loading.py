"""Every layout of the dataset loads into the same canonical table; bad input gets the project's data error."""

import pandas as pd
import pytest

from helpers.data import columns, dates, loading
from helpers.errors import InputDataError
from tests import layouts


@pytest.fixture
def rakamin(synthetic_csv):
    return layouts.read_rakamin(synthetic_csv)


@pytest.mark.parametrize(
    "variant",
    [
        dict(sep=","),
        dict(sep=";", quoted=True),
        dict(sep="\t", bom=True, crlf=True),
        dict(sep=",", quoted=True, bom=True, crlf=True, index=True),
    ],
    ids=["comma", "semicolon-quoted", "tab-bom-crlf", "everything"],
)
def test_separators_quoting_bom_and_line_endings(tmp_path, rakamin, synthetic_csv, variant):
    expected = loading.load_customers(synthetic_csv)
    loaded = loading.read_customers(layouts.write(rakamin, tmp_path / "c.csv", **variant))
    pd.testing.assert_frame_equal(loaded.customers, expected)
    assert loaded.layout.separator == {",": "comma", ";": "semicolon", "\t": "tab"}[variant["sep"]]
    assert loaded.layout.index_column == variant.get("index", False)


def test_the_public_original_layout(tmp_path, rakamin, synthetic_csv):
    loaded = loading.read_customers(layouts.write(layouts.as_original(rakamin), tmp_path / "o.csv", sep="\t"))
    assert (loaded.layout.name, loaded.layout.currency, loaded.layout.labels) == ("original", "plain units", "English")
    rupiah = loading.load_customers(synthetic_csv)
    assert list(loaded.customers.columns) == list(columns.RAW)
    pd.testing.assert_series_equal(
        loaded.customers["MntCoke"] * 1000, rupiah["MntCoke"].astype(float), check_dtype=False
    )


def test_the_rakamin_layout_is_recorded(synthetic_csv):
    layout = loading.read_customers(synthetic_csv).layout
    assert (layout.name, layout.currency, layout.labels, layout.date_format) == (
        "rakamin",
        "rupiah",
        "Indonesian",
        "%d-%m-%Y",
    )


@pytest.mark.parametrize("date_format", ["%Y-%m-%d", "%d-%b-%y", "%m/%d/%Y"])
def test_every_date_layout_reads_the_same_dates(tmp_path, rakamin, synthetic_csv, date_format):
    loaded = loading.load_customers(layouts.write(layouts.with_dates(rakamin, date_format), tmp_path / "d.csv"))
    pd.testing.assert_series_equal(loaded["Dt_Customer"], loading.load_customers(synthetic_csv)["Dt_Customer"])


def test_rows_in_any_order_and_parquet_give_the_same_table(tmp_path, rakamin, synthetic_csv):
    expected = loading.load_customers(synthetic_csv)
    shuffled = layouts.write(rakamin.sample(frac=1, random_state=3), tmp_path / "s.csv")
    pd.testing.assert_frame_equal(loading.load_customers(shuffled), expected)
    rakamin.to_parquet(tmp_path / "c.parquet")
    pd.testing.assert_frame_equal(loading.load_customers(tmp_path / "c.parquet"), expected)
    assert expected["ID"].is_monotonic_increasing


def test_day_month_order_is_inferred_from_the_whole_column():
    enrolled = pd.Series(["01-02-2013", "13-02-2013"])
    parsed, date_format = dates.parse_enrolment_dates(enrolled)
    assert date_format == "%d-%m-%Y" and parsed.iloc[0] == pd.Timestamp("2013-02-01")
    parsed, date_format = dates.parse_enrolment_dates(pd.Series(["01/02/2013", "02/13/2013"]))
    assert date_format == "%m/%d/%Y" and parsed.iloc[0] == pd.Timestamp("2013-01-02")


def test_ambiguous_dates_need_the_parameter():
    ambiguous = pd.Series(["01-02-2013", "03-04-2013"])
    with pytest.raises(InputDataError, match="ambiguous.*--date-order"):
        dates.parse_enrolment_dates(ambiguous)
    parsed, _ = dates.parse_enrolment_dates(ambiguous, "mdy")
    assert parsed.iloc[0] == pd.Timestamp("2013-01-02")
    with pytest.raises(InputDataError, match="is dmy"):
        dates.parse_enrolment_dates(pd.Series(["13-02-2013"]), "mdy")


def test_unreadable_dates_name_the_value():
    with pytest.raises(InputDataError, match="'yesterday'"):
        dates.parse_enrolment_dates(pd.Series(["yesterday", "04-09-2012"]))
    with pytest.raises(InputDataError, match="'31-02-2013'.*not a valid date"):
        dates.parse_enrolment_dates(pd.Series(["31-02-2013", "04-09-2012"]))


def test_a_customer_list_without_a_campaign_outcome_loads_with_those_columns_missing(tmp_path, rakamin):
    path = tmp_path / "no_campaign.csv"
    rakamin.drop(columns=list(columns.OPTIONAL)).to_csv(path, index=False)
    assert loading.preflight(path).name == "rakamin"
    customers = loading.load_customers(path)
    assert list(customers.columns) == list(columns.RAW)
    assert customers.loc[:, list(columns.OPTIONAL)].isna().all().all()
    assert customers["Income"].notna().any()


def test_amounts_convert_between_the_two_currencies_and_refuse_any_other_name():
    from helpers.data.currency import PLAIN, RUPIAH, convert_amounts

    plain = pd.DataFrame({"Income": [58.0], "MntCoke": [0.6]})
    rupiah = convert_amounts(plain, ("Income", "MntCoke"), PLAIN, RUPIAH)
    assert rupiah.to_dict("list") == {"Income": [58_000.0], "MntCoke": [600.0]}
    pd.testing.assert_frame_equal(convert_amounts(rupiah, ("Income", "MntCoke"), RUPIAH, PLAIN), plain)
    # "IDR" once passed for rupiah and was read as plain units, silently dividing every amount by 1,000.
    with pytest.raises(ValueError, match="unknown currency 'IDR'"):
        convert_amounts(plain, ("Income",), "IDR", RUPIAH)
