"""report and check take a folder of Parquet files or a quoted glob of CSV files, on pandas: the files are stacked
and sorted by ID as one file is, so the analysis is the same as on the same rows in one file."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from helpers.config import DEFAULT_DATA, PROJECT_ROOT
from helpers.data import loading, sources
from helpers.report.runner import STAGES


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA)


def _folder(raw: pd.DataFrame, folder) -> str:
    """The rows of the default data in three Parquet files, every third row in each (no file holds an ID range)."""
    folder.mkdir()
    for i in range(3):
        raw.iloc[i::3].to_parquet(folder / f"part.{i}.parquet", index=False)
    return str(folder)


def _glob(raw: pd.DataFrame, folder) -> str:
    folder.mkdir()
    for i in range(3):
        raw.iloc[i::3].to_csv(folder / f"month-{i}.csv", index=False)
    return str(folder / "month-*.csv")


def _helpers(*arguments, cwd=PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", *map(str, arguments)], capture_output=True, text=True, cwd=cwd
    )


def test_a_folder_or_a_glob_reads_as_the_same_rows_in_one_file(raw, tmp_path):
    one = loading.read_customers(DEFAULT_DATA)
    for given in (_folder(raw, tmp_path / "lake"), _glob(raw, tmp_path / "csv")):
        stacked = loading.read_customers(given)
        pd.testing.assert_frame_equal(stacked.customers, one.customers)
        assert stacked.layout.currency == one.layout.currency and stacked.layout.date_format == one.layout.date_format


def test_check_gives_the_same_assessment_for_a_folder_a_glob_and_one_file(raw, tmp_path):
    outputs = [_helpers("check", "--data", given) for given in (DEFAULT_DATA, _glob(raw, tmp_path / "csv"))]
    assert all(result.returncode == 0 for result in outputs), outputs[-1].stderr
    findings = [result.stdout.split("Findings", 1)[1] for result in outputs]
    assert findings[0] == findings[1]
    assert outputs[1].stdout.startswith(f"{tmp_path / 'csv' / 'month-*.csv'}: 2,240 customers")


def test_an_id_in_two_files_is_one_line_naming_both(raw, tmp_path):
    folder = tmp_path / "twice"
    folder.mkdir()
    raw.iloc[:10].to_csv(folder / "a.csv", index=False)
    raw.iloc[5:20].to_csv(folder / "b.csv", index=False)
    result = _helpers("check", "--data", folder / "*.csv")
    first = raw["ID"].iloc[5:10].sort_values().iloc[0]
    assert result.returncode == 2
    both = f"{folder / 'a.csv'} and {folder / 'b.csv'}"
    assert result.stderr == f"error: ID {first} is in both {both}; a customer belongs in one file only.\n"


def test_a_folder_of_csv_files_points_to_a_glob(raw, tmp_path):
    folder = tmp_path / "exports"
    _glob(raw, folder)
    result = _helpers("check", "--data", folder)
    assert result.returncode == 2 and f"give other files as a quoted glob such as '{folder / '*.csv'}'" in result.stderr


def test_a_bad_value_inside_one_file_stops_the_report_naming_file_and_line(raw, tmp_path):
    folder = tmp_path / "months"
    pattern = _glob(raw, folder)
    bad = pd.read_csv(folder / "month-2.csv")
    bad.loc[bad.index[1], "MntFishProducts"] = -5  # only the whole read, in stage 1, sees it
    bad.to_csv(folder / "month-2.csv", index=False)
    out = tmp_path / "report"
    (out / "artifacts").mkdir(parents=True)
    (out / "artifacts" / "summary.json").write_text("{}")
    (out / "index.html").write_text("the previous report")
    result = _helpers("report", "--data", pattern, "--out", out)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 2 and result.stderr.startswith("[1/6] ") and "Traceback" not in result.stderr
    assert (
        f"{folder / 'month-2.csv'}" in result.stderr
        and "line 3" in result.stderr
        and "MntFishProducts" in result.stderr
    )
    assert sorted(p.name for p in out.iterdir()) == ["artifacts", "index.html"]
    assert (out / "index.html").read_text() == "the previous report"


def test_the_input_is_one_sha256_over_the_files_names_and_contents(raw, tmp_path):
    folder = _folder(raw, tmp_path / "lake")
    identity = sources.identify(folder)
    assert identity.as_record() == {"file": "lake", "input": "folder", "files": 3}
    before = identity.sha256()
    (tmp_path / "lake" / "part.2.parquet").rename(tmp_path / "lake" / "part.3.parquet")
    assert sources.identify(folder).sha256() != before  # the same bytes under another name
    assert sources.identify(_glob(raw, tmp_path / "csv")).as_record() == {
        "file": "month-*.csv",
        "input": "glob",
        "files": 3,
    }


@pytest.fixture(scope="module")
def split_reports(raw, tmp_path_factory) -> dict:
    """A report on the default data as three Parquet files in a folder and one as a glob of three CSV files, run
    side by side as two commands (each runs its stages one after another): (input, output, result) by kind."""
    folder = tmp_path_factory.mktemp("split")
    given = {"folder": _folder(raw, folder / "lake"), "glob": _glob(raw, folder / "csv")}
    runs = {
        kind: subprocess.Popen(
            [sys.executable, "-m", "helpers", "report", "--data", path, "--out", str(folder / f"report-{kind}")],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for kind, path in given.items()
    }
    done = {}
    for kind, run in runs.items():
        out, err = run.communicate(timeout=900)
        done[kind] = (
            given[kind],
            folder / f"report-{kind}",
            subprocess.CompletedProcess(run.args, run.returncode, out, err),
        )
    return done


@pytest.mark.parametrize("kind", ["folder", "glob"])
def test_a_report_on_a_folder_or_a_glob_has_the_personas_of_one_file(kind, split_reports, default_report):
    given, out, result = split_reports[kind]
    assert result.returncode == 0, result.stderr
    # No terminal: a line per stage as it finishes, on stderr; stdout ends with the report's path.
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [f"[{i}/6] {title}" for i, (_, title) in
                                                                           enumerate(STAGES, start=1)]  # fmt: skip
    assert result.stdout.splitlines()[-1] == f"report: {out / 'index.html'}"
    summary, expected = (
        json.loads((folder / "artifacts" / "summary.json").read_text()) for folder in (out, default_report)
    )
    shown = lambda s: [(p["key"], p["name"], p["customers"], p["share_percent"]) for p in s["personas"]]  # noqa: E731
    assert shown(summary) == shown(expected)
    assert {key: summary["data"][key] for key in ("input", "files")} == {"input": kind, "files": 3}
    card = json.loads((out / "artifacts" / "model.json").read_text())["training_data"]
    assert card["files"] == 3 and card["sha256"] == summary["data"]["sha256"] == sources.identify(given).sha256()
    name = "lake" if kind == "folder" else "month-*.csv"
    words = "files in" if kind == "folder" else "files matching"
    assert f"3 {words} {name}" in (out / "index.html").read_text()
