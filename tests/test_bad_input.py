"""Bad input: exit status 2, one message naming the problem and where, no traceback, nothing lost."""

import re
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.cli import main
from helpers.config import DEFAULT_DATA, PROJECT_ROOT
from helpers.data import columns, loading
from helpers.errors import InputDataError
from tests import layouts


def _check(path, capsys, *extra):
    status = main(["check", "--data", str(path), *extra])
    return status, capsys.readouterr().err


@pytest.fixture
def rakamin(synthetic_csv):
    return layouts.read_rakamin(synthetic_csv)


def test_a_good_file_checks_out(synthetic_csv, capsys):
    status = main(["check", "--data", str(synthetic_csv)])
    out = capsys.readouterr().out
    assert status == 0
    for heading in ("Layout", "Missing values", "Same customer under another ID", "IQR fences on the filtered columns"):
        assert heading in out
    # A reader's words and numbers, not the loader's: no raw flags, date codes or unformatted fences.
    assert "True" not in out and "%d" not in out and not re.search(r"\d+\.\d+e|\.0\b", out)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not a CSV table"),
        (b"PK\x03\x04\x14\x00\x06\x00", "damaged zip archive"),
        (b'[{"ID": 1, "Income": 5}]', "looks like JSON"),
        ("ID,Year_Birth\n1,1970\n".encode("utf-16"), "UTF-16"),
        (b"ID,Year_Birth,Education\n1,1970,\xe9l\xe8ve\n" * 3, "not UTF-8 text"),
    ],
    ids=["empty", "binary", "spreadsheet", "json", "utf16", "latin1"],
)
def test_files_that_are_not_a_table(tmp_path, capsys, content, message):
    path = tmp_path / "customers.csv"
    path.write_bytes(content)
    status, err = _check(path, capsys)
    assert status == 2 and message in err


def test_missing_file(tmp_path, capsys):
    status, err = _check(tmp_path / "nowhere.csv", capsys)
    assert status == 2 and "nowhere.csv does not exist" in err


def test_header_only(tmp_path, capsys, synthetic_csv):
    path = tmp_path / "header.csv"
    path.write_text(synthetic_csv.read_text().splitlines()[0] + "\n")
    status, err = _check(path, capsys)
    assert status == 2 and "header but no customer rows" in err


def test_missing_columns_are_listed_with_the_layouts_that_have_them(tmp_path, capsys, rakamin):
    status, err = _check(layouts.write(rakamin.drop(columns=["Income", "Recency"]), tmp_path / "c.csv"), capsys)
    assert status == 2 and "lacks required column(s): Income, Recency (the Rakamin layout has them)" in err
    status, err = _check(layouts.write(rakamin.drop(columns=["MntCoke"]), tmp_path / "c.csv"), capsys)
    assert status == 2 and "MntCoke or MntWines" in err and "public original" in err


def test_text_in_a_numeric_column_names_column_value_and_line(tmp_path, capsys, rakamin):
    table = rakamin.astype({"Income": object})
    table.iloc[4, table.columns.get_loc("Income")] = "fifty million"
    status, err = _check(layouts.write(table, tmp_path / "c.csv"), capsys)
    assert status == 2 and "column Income must be numeric but holds 'fifty million' (line 6)" in err


def test_negative_amounts_name_column_value_and_line(tmp_path, capsys, rakamin):
    table = rakamin.copy()
    table.iloc[2, table.columns.get_loc("MntFruits")] = -5000
    status, err = _check(layouts.write(table, tmp_path / "c.csv"), capsys)
    assert status == 2 and "column MntFruits must not be negative: 1 value(s), e.g. -5000 at line 4" in err


def test_flags_and_ids(tmp_path, capsys, rakamin):
    table = rakamin.copy()
    table.iloc[0, table.columns.get_loc("Response")] = 2
    table.iloc[1, table.columns.get_loc("ID")] = table.iloc[2]["ID"]
    status, err = _check(layouts.write(table, tmp_path / "c.csv"), capsys)
    assert status == 2 and "column Response must be 0 or 1" in err and "column ID must be unique" in err


def test_all_incomes_missing(tmp_path, capsys, rakamin):
    status, err = _check(layouts.write(rakamin.assign(Income=None), tmp_path / "c.csv"), capsys)
    assert status == 2 and "Income is missing for every customer" in err


def test_ambiguous_dates_ask_for_the_parameter(tmp_path, capsys, rakamin):
    table = rakamin.assign(Dt_Customer="01-02-2013")
    path = layouts.write(table, tmp_path / "c.csv")
    status, err = _check(path, capsys)
    assert status == 2 and "--date-order" in err
    assert _check(path, capsys, "--date-order", "dmy")[0] == 0


def test_fewer_customers_than_clusters(tmp_path, capsys, rakamin):
    path = layouts.write(rakamin.head(6), tmp_path / "c.csv")
    status = main(["report", "--data", str(path), "--out", str(tmp_path / "out"), "--k", "8"])
    assert status == 2 and "too few for 8 clusters" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    status, err = _check(path, capsys, "--k", "8")  # check says what the report would say
    assert status == 2 and "too few for 8 clusters" in err


def test_the_command_line_shows_no_traceback_and_leaves_the_input_alone(tmp_path, rakamin):
    table = rakamin.copy()
    table.iloc[2, table.columns.get_loc("MntFruits")] = -1
    path = layouts.write(table, tmp_path / "c.csv")
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "report", "--data", str(path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert result.returncode == 2
    # Without a terminal each finished stage is a line of its own ("[1/6] Problem statement: 4.2 s"); then the error.
    finished, error = result.stderr.strip().splitlines()
    assert finished.startswith("[1/6] ") and error.startswith("error: ") and "Traceback" not in result.stderr
    assert path.read_bytes() == before


CELL = st.one_of(
    st.none(),
    st.integers(-5, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["S1", "PhD", "Menikah", "04-09-2012", "2013-13-45", "", "x", "1e3", "nan"]),
    st.text(max_size=6),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dropped=st.sets(st.sampled_from(columns.RAW), max_size=2),
    edits=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(columns.RAW), CELL), max_size=6),
    rows=st.integers(0, 5),
)
def test_malformed_tables_give_a_canonical_table_or_the_data_error(tmp_path, rakamin, dropped, edits, rows):
    table = rakamin.head(rows).astype(object).reset_index(drop=True)
    for row, column, value in edits:
        if row < len(table):
            table.loc[row, column] = value
    path = layouts.write(table.drop(columns=list(dropped)), tmp_path / "fuzz.csv")
    try:
        customers = loading.load_customers(path)
    except InputDataError:
        return
    assert list(customers.columns) == list(columns.RAW)
    assert customers["ID"].is_unique and len(customers) == rows


def test_a_report_never_replaces_a_folder_that_is_not_a_report(tmp_path, capsys, synthetic_csv):
    project = tmp_path / "my-project"
    (project / "src").mkdir(parents=True)
    (project / "notes.txt").write_text("mine")
    status = main(["report", "--data", str(synthetic_csv), "--out", str(project)])
    err = capsys.readouterr().err
    assert status == 2 and "already holds files that are not a report" in err and "nothing was changed" in err
    assert (project / "notes.txt").read_text() == "mine" and (project / "src").is_dir()
    assert not (tmp_path / ".my-project.partial").exists()  # refused before anything was written

    a_file = tmp_path / "report.txt"
    a_file.write_text("mine")
    assert main(["report", "--data", str(synthetic_csv), "--out", str(a_file)]) == 2
    assert "is a file" in capsys.readouterr().err and a_file.read_text() == "mine"


def test_output_files_that_cannot_be_written_are_named_without_a_traceback(tmp_path, capsys):
    folder = tmp_path / "already-a-folder.csv"
    folder.mkdir()
    assert main(["synth", "--rows", "50", "--out", str(folder)]) == 2
    assert f"{folder} is a folder" in capsys.readouterr().err
    assert main(["synth", "--rows", "50", "--out", str(tmp_path / "customers.xlsx")]) == 2
    assert "use .csv or .tsv or .txt or .parquet" in capsys.readouterr().err
    nested = tmp_path / "new" / "deeper" / "customers.parquet"
    assert main(["synth", "--rows", "50", "--out", str(nested)]) == 0 and nested.is_file()


@pytest.mark.parametrize(
    ("k", "message"), [("11", "between 2 and 10, got 11"), ("abc", "must be a whole number, got 'abc'")]
)
def test_cluster_counts_outside_the_k_search_are_refused(synthetic_csv, capsys, k, message):
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--data", str(synthetic_csv), "--k", k])
    assert stopped.value.code == 2 and message in capsys.readouterr().err


def test_a_reference_year_before_the_last_enrolment_is_refused(synthetic_csv, tmp_path, capsys):
    status, err = _check(synthetic_csv, capsys, "--reference-year", "1900")
    assert status == 2 and "reference year 1900 is before the last enrolment (2014)" in err
    assert (
        main(["report", "--data", str(synthetic_csv), "--out", str(tmp_path / "out"), "--reference-year", "2013"]) == 2
    )
    assert "--reference-year 2014 or later" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_a_budget_below_one_contact_is_refused_in_one_line_and_keeps_the_earlier_report(
    synthetic_csv, tmp_path, capsys
):
    out = tmp_path / "out"
    (out / "artifacts").mkdir(parents=True)
    (out / "index.html").write_text("an earlier report")
    (out / "artifacts" / "summary.json").write_text("{}")
    status = main(["report", "--data", str(synthetic_csv), "--out", str(out), "--budget", "2.5"])
    err = capsys.readouterr().err
    assert status == 2 and "a budget of 2.5 pays for no contact at 3 a contact: give at least 3" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2
    assert (out / "index.html").read_text() == "an earlier report"


def test_with_a_cost_given_a_budget_below_one_contact_is_refused_before_any_stage(synthetic_csv, tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["report", "--data", str(synthetic_csv), "--out", str(out), "--contact-cost", "5", "--budget", "4"])
    err = capsys.readouterr().err
    assert (
        status == 2
        and err.strip()
        == "error: a budget of 4 pays for no contact at 5 a contact: give at least 5, or --max-contacts instead."
    )
    assert not out.exists()


def test_check_counts_one_customer_as_one_in_english_and_in_indonesian(tmp_path, capsys):
    # The default data with one customer without an income: gettext's plural forms, each language's own.
    customers = pd.read_csv(DEFAULT_DATA, index_col=0)
    missing = customers["Income"].isna()
    customers.loc[missing, "Income"] = customers["Income"].median()
    customers.loc[customers.index[0], "Income"] = None
    customers.to_csv(tmp_path / "one_missing.csv")
    said = {}
    for lang in ("en", "id"):
        assert main(["check", "--data", str(tmp_path / "one_missing.csv"), "--impute-income", "--lang", lang]) == 0
        said[lang] = capsys.readouterr().out
    assert "\n1 customer without an income is kept with the median income (Rp " in said["en"]
    assert "\n1 pelanggan tanpa pendapatan tetap disertakan dengan median pendapatan (Rp " in said["id"]


def test_check_says_how_many_incomes_it_would_impute(synthetic_csv, capsys):
    assert main(["check", "--data", str(synthetic_csv), "--impute-income"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\d+ customers? without an income (is|are) kept with the median income", out)
