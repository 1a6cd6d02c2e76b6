"""Every way in gives the right answer: papermill by hand, check and report alike, compressed, Excel and wider
files, customers left out said out loud, printed instructions that run, one run per output folder."""

import gzip
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.config import NOTEBOOKS_DIR, PROJECT_ROOT, STAGE_IDS
from helpers.data import loading
from helpers.data.synthetic import generator
from helpers.files import file_sha256


def _run(*command, **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, **options)


def _helpers(*arguments) -> subprocess.CompletedProcess:
    return _run(sys.executable, "-m", "helpers", *arguments)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Small tables in the ways users keep them: plain, compressed, Excel, wider, the public original."""
    folder = tmp_path_factory.mktemp("ways-in")
    plain = generator.write_rakamin_csv(generator.generate(400, 5), folder / "plain.csv")
    table = pd.read_csv(plain, index_col=0)
    made = {"plain": plain, "original": generator.write(400, 6, folder / "original.tsv", layout="original")}
    made["gzip"] = folder / "customers.csv.gz"
    made["gzip"].write_bytes(gzip.compress(plain.read_bytes()))
    made["zip"] = folder / "customers.zip"
    with zipfile.ZipFile(made["zip"], "w") as archive:
        archive.write(plain, "customers.csv")
    for suffix, module in (("bz2", "bz2"), ("xz", "lzma")):
        made[suffix] = folder / f"customers.csv.{suffix}"
        made[suffix].write_bytes(__import__(module).compress(plain.read_bytes()))
    made["excel"] = folder / "customers.xlsx"
    with pd.ExcelWriter(made["excel"]) as workbook:
        pd.DataFrame({"note": ["a cover sheet"]}).to_excel(workbook, sheet_name="Cover", index=False)
        table.to_excel(workbook, sheet_name="Customers")
    wider = table.assign(Email="someone@example.com", City="Jakarta", LoyaltyTier="Gold")
    wider.loc[np.random.default_rng(1).random(len(wider)) < 0.3, "Income"] = np.nan
    made["wider"] = folder / "wider.csv.gz"
    made["wider"].write_bytes(gzip.compress(wider.to_csv().encode()))
    made["ten"] = folder / "ten.csv"
    table.head(10).to_csv(made["ten"])
    made["five"] = folder / "five.csv"
    table.head(5).to_csv(made["five"])
    return made


# --- papermill by hand ------------------------------------------------------------------------------------


def _papermill(stage: str, out: Path, **parameters) -> subprocess.CompletedProcess:
    options = [item for name, value in parameters.items() for item in ("-p", name, str(value))]
    executed = out.parent / f"{out.name}-{stage}.ipynb"
    return _run(
        sys.executable, "-m", "papermill", str(NOTEBOOKS_DIR / f"{stage}.ipynb"), str(executed), *options,
        "--cwd", str(NOTEBOOKS_DIR), "--no-progress-bar", "--log-level", "ERROR",
    )  # fmt: skip


def _summary(out: Path) -> dict:
    return json.loads((out / "artifacts" / "summary.json").read_text())


@pytest.fixture(scope="module")
def by_hand(files, tmp_path_factory) -> Path:
    """The six notebooks run with papermill's command line from stage 00 into a new folder."""
    out = tmp_path_factory.mktemp("papermill") / "run"
    for stage in STAGE_IDS:
        result = _papermill(stage, out, data_path=files["plain"], output_dir=out)
        assert result.returncode == 0, result.stderr[-2000:]
    return out


def test_papermill_from_stage_00_into_a_new_folder_records_what_it_read(by_hand, files):
    summary = _summary(by_hand)
    assert summary["data"]["file"] == "plain.csv"
    assert summary["data"]["sha256"] == file_sha256(files["plain"])
    assert set(summary["run"]["stages"]) == set(STAGE_IDS[1:])
    card = json.loads((by_hand / "artifacts" / "model.json").read_text())
    assert card["training_data"]["sha256"] == file_sha256(files["plain"])


def test_papermill_rerun_from_stage_01_with_another_file_into_the_same_folder(by_hand, files):
    for stage in STAGE_IDS[1:]:
        result = _papermill(stage, by_hand, data_path=files["original"], output_dir=by_hand)
        assert result.returncode == 0, result.stderr[-2000:]
    summary = _summary(by_hand)
    assert summary["data"]["file"] == "original.tsv" and summary["data"]["currency"] == "plain units"
    card = json.loads((by_hand / "artifacts" / "model.json").read_text())
    assert card["training_data"]["sha256"] == file_sha256(files["original"])
    # Money in the file's own units: nothing of the earlier rupiah run is left in the persona analysis.
    executed = (by_hand.parent / "run-04_persona_analysis.ipynb").read_text()
    assert "Rp " not in executed


def test_a_stage_given_another_runs_files_or_parameters_names_the_stage_to_rerun(files, tmp_path):
    out = tmp_path / "run"
    assert _papermill("01_data_preparation", out, data_path=files["plain"], output_dir=out).returncode == 0
    skipped = _papermill("04_persona_analysis", out, data_path=files["plain"], output_dir=out)
    assert skipped.returncode != 0
    assert "StageInputMissing: clusters_sample.parquet does not exist: run 03_modeling" in skipped.stderr
    other_k = _papermill("03_modeling", out, data_path=files["plain"], output_dir=out, n_clusters=3)
    assert other_k.returncode != 0
    assert "03_modeling was given n_clusters=3 (the run has 4)" in other_k.stderr


# --- check and report agree -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["gzip", "bz2", "xz", "zip", "excel"])
def test_compressed_and_excel_files_read_as_the_same_customers(files, kind):
    expected = loading.load_customers(files["plain"])
    sheet = "Customers" if kind == "excel" else None
    loaded = loading.read_customers(files[kind], sheet=sheet)
    pd.testing.assert_frame_equal(loaded.customers, expected, check_dtype=False)
    assert loaded.layout.file_format == {"excel": "Excel, sheet Customers"}.get(kind, f"CSV ({kind})")
    assert _helpers("check", "--data", str(files[kind]), *(["--sheet", sheet] if sheet else [])).returncode == 0


def test_a_missing_sheet_is_named_with_the_sheets_there_are(files):
    result = _helpers("check", "--data", str(files["excel"]), "--sheet", "Clients")
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"error: {files['excel']} has no sheet 'Clients'; its sheets are 'Cover', 'Customers'."
    )


def test_compressed_and_excel_files_score_like_the_plain_file(default_report, files, tmp_path):
    model = default_report / "artifacts" / "model.skops"
    scored = {}
    for kind, extra in (("plain", []), ("gzip", []), ("excel", ["--sheet", "Customers"])):
        out = tmp_path / f"{kind}.csv"
        result = _helpers("score", "--model", str(model), "--data", str(files[kind]), "--out", str(out), *extra)
        assert result.returncode == 0, result.stderr
        scored[kind] = pd.read_csv(out)
    pd.testing.assert_frame_equal(scored["gzip"], scored["plain"])
    pd.testing.assert_frame_equal(scored["excel"], scored["plain"])


def test_extra_columns_are_named_and_counted(files):
    result = _helpers("check", "--data", str(files["wider"]))
    assert result.returncode == 0, result.stderr
    first_line = result.stdout.splitlines()[0]
    assert "32 columns (29 analysed; 3 not used: Email, City, LoyaltyTier) and a leading index column" in first_line


def test_the_one_hot_derivative_is_refused_by_name(tmp_path):
    columns = ["Income", "Kidhome", "MntWines", "Age", "Customer_Days", "marital_Married", "education_Graduation"]
    path = tmp_path / "ifood_df.csv"
    pd.DataFrame([[50_000, 0, 100, 40, 2500, 1, 1]], columns=columns).to_csv(path, index=False)
    result = _helpers("check", "--data", str(path))
    assert result.returncode == 2
    assert "'ifood_df.csv' derivative" in result.stderr and "marketing_campaign.csv" in result.stderr


def test_too_few_customers_are_refused_alike_by_check_and_report_with_advice_that_works(files, tmp_path):
    check = _helpers("check", "--data", str(files["five"]), "--k", "2")
    report = _helpers("report", "--data", str(files["five"]), "--k", "2", "--out", str(tmp_path / "out"))
    assert check.returncode == report.returncode == 2
    assert "too few for 2 clusters" in check.stderr and "too few for 2 clusters" in report.stderr
    assert "smaller" not in check.stderr  # k = 2 is the smallest: the only advice that works is more customers
    # The stages that finished (no terminal here), then one line.
    *finished, error = report.stderr.strip().splitlines()
    assert all(line.startswith("[") for line in finished) and error.startswith("error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no partial folder, no lock left behind


# --- nobody disappears unannounced ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def wider_report(files, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wider") / "report"
    result = _helpers("report", "--data", str(files["wider"]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (out.parent / "stderr.txt").write_text(result.stderr)  # what the terminal showed
    return out


def _text(page: Path) -> str:
    """A page's visible text, as one line (the space before punctuation that inline markup leaves removed)."""
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)
    return re.sub(r"\s+([,.;:])", r"\1", text)


def test_the_landing_page_says_who_was_left_out_and_why(wider_report):
    summary = _summary(wider_report)
    left_out = summary["rows_read"] - summary["rows_used"]
    missing = summary["excluded"]["missing_income"]
    assert missing > 0.2 * summary["rows_read"]
    text = _text(wider_report / "index.html")
    assert f"{left_out:,} customers; reasons" in text and f"{missing:,} without an income" in text
    assert "--impute-income" in text
    # The landing page's warning reaches the terminal too, after the stages' lines.
    terminal = (wider_report.parent / "stderr.txt").read_text().splitlines()
    share = f"{100 * missing / summary['rows_read']:.1f}%"
    assert terminal[-1] == f"warning: {share} of the customers have no income: rerun with --impute-income to keep " \
        "them with the median income."  # fmt: skip
    assert len(terminal) == 7 and "Warning" not in "".join(terminal[:-1])
    preparation = _text(wider_report / "html" / "01_data_preparation.business.html")
    assert "3 columns the analysis does not use, left out: Email, City, LoyaltyTier" in preparation
    assert "CSV (gzip)" in preparation


def test_impute_income_keeps_the_customers_without_an_income(files):
    plain = _helpers("check", "--data", str(files["wider"]))
    imputed = _helpers("check", "--data", str(files["wider"]), "--impute-income")
    analysed = [int(re.search(r"([\d,]+) of [\d,]+ customers are analysed", r.stdout)[1]) for r in (plain, imputed)]
    assert analysed[1] > analysed[0] + 50
    assert "Warning" in plain.stdout and "Warning" not in imputed.stdout


# --- instructions that run ------------------------------------------------------------------------------


def test_the_scoring_command_the_report_prints_runs_at_the_project_root(default_report, tmp_path):
    executed = nbformat.read(default_report / "notebooks" / "05_recommendations.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"]["output_dir"] == str(default_report)
    printed = "".join(
        "".join(output.get("data", {}).get("text/markdown", ""))
        for cell in executed.cells
        for output in cell.get("outputs", [])
    )
    command = shlex.split(re.search(r"```\n(.+ -m helpers score .+)\n```", printed)[1])
    command[command.index("--out") + 1] = str(tmp_path / "personas.csv")
    command[command.index("--data") + 1] = "data/customers.csv"
    result = _run(*command)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "personas.csv")) == 2_240


# --- one run per output folder --------------------------------------------------------------------------


def test_a_second_run_into_a_busy_folder_is_refused_and_a_killed_run_leaves_nothing_behind(files, tmp_path):
    out = tmp_path / "report"
    command = [sys.executable, "-m", "helpers", "report", "--data", str(files["ten"]), "--out", str(out)]
    first = subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        owner = tmp_path / ".report.lock.owner"
        deadline = time.monotonic() + 60
        while not owner.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        second = _helpers("report", "--data", str(files["ten"]), "--out", str(out))
        assert second.returncode == 2
        assert f"another report run (process {first.pid}" in second.stderr
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the run and its kernels, as a machine going down would
        first.wait()
    third = _helpers("report", "--data", str(files["ten"]), "--out", str(out))
    assert third.returncode == 0, third.stderr  # ten customers are enough for the k search to adapt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert len(_summary(out)["personas"]) == 4
