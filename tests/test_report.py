"""The report end to end: output folder contract, landing page, failures that lose nothing."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.config import DEFAULT_DATA, NOTEBOOKS_DIR, PROJECT_ROOT, RunSettings
from helpers.data.synthetic import generator
from helpers.report.runner import STAGES, StageFailed, run_report


@pytest.fixture
def report(default_report):
    return default_report, default_report / "index.html"


def test_output_folder_contract(report):
    out, index = report
    assert index == out / "index.html"
    for stage, _ in STAGES:
        assert (out / "html" / f"{stage}.html").is_file()
        executed = nbformat.read(out / "notebooks" / f"{stage}.ipynb", as_version=4)
        assert executed.metadata["papermill"]["parameters"]["n_clusters"] == 4
    segments = pd.read_csv(out / "artifacts" / "segments.csv")
    assert list(segments.columns[:3]) == ["ID", "persona_id", "persona"]
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert summary["rows_read"] == 2240
    assert summary["rows_used"] == len(segments)
    assert summary["k"] == 4 and 0 < summary["silhouette"] < 1
    assert set(summary["cvr_correlations"]) == {"Income", "Total_Spending", "Total_Transaction", "Age"}
    assert [p["id"] for p in summary["personas"]] == [1, 2, 3, 4]
    counts = segments["persona"].value_counts()
    for persona in summary["personas"]:
        assert counts[persona["name"]] == persona["customers"]
        assert {"share_percent", "median_income", "median_spending", "median_transactions", "median_cvr"} <= set(
            persona
        )
    assert sum(p["share_percent"] for p in summary["personas"]) == pytest.approx(100, abs=0.05)


def test_index_links_resolve_and_show_every_persona(report):
    out, index = report
    page = index.read_text()
    links = re.findall(r'href="([^"]+)"', page)
    assert {f"html/{stage}.html" for stage, _ in STAGES} <= set(links)
    assert all((out / link).is_file() for link in links)
    for persona in json.loads((out / "artifacts" / "summary.json").read_text())["personas"]:
        assert persona["name"] in page
    assert "Whom to contact" in page and "held-out AUC" in page


def test_pages_embed_their_figures_and_no_stage_errored(report):
    out, _ = report
    for stage in (
        "01_data_preparation",
        "02_exploratory_analysis",
        "03_modeling",
        "04_persona_analysis",
        "05_recommendations",
    ):
        html = (out / "html" / f"{stage}.html").read_text()
        assert "data:image/png;base64" in html, stage
    for stage, _ in STAGES:
        executed = nbformat.read(out / "notebooks" / f"{stage}.ipynb", as_version=4)
        for cell in executed.cells:
            for output in cell.get("outputs", []):
                assert output.get("name") != "stderr", f"{stage}: {output.get('text')}"


def test_narrative_names_personas_not_cluster_numbers(report):
    out, _ = report
    text = (out / "html" / "04_persona_analysis.html").read_text() + (
        out / "html" / "05_recommendations.html"
    ).read_text()
    assert not re.search(r"[Cc]luster \d", text)


def test_same_input_gives_the_same_results(report, tmp_path):
    out, _ = report
    again = run_report(
        RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(tmp_path / "again")), progress=False
    ).parent
    for artifact in ("segments.csv", "summary.json", "personas.csv"):
        assert (again / "artifacts" / artifact).read_bytes() == (out / "artifacts" / artifact).read_bytes(), artifact
    # The same figures too: every random draw a figure makes is seeded (seaborn's bootstrap bands among them).
    for page in sorted((out / "html").glob("*.business.html")):
        images = [re.findall(r'src="(data:image/png[^"]+)"', p.read_text()) for p in (page, again / "html" / page.name)]
        assert images[0] == images[1], page.name


def _cli(*arguments):
    return subprocess.run(
        [sys.executable, "-m", "helpers", *arguments], capture_output=True, text=True, cwd=PROJECT_ROOT
    )


def test_unusable_data_exits_2_with_a_message_and_keeps_the_previous_report(report, tmp_path):
    out, _ = report
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.csv"
    pd.read_csv(DEFAULT_DATA, index_col=0).drop(columns=["Income"]).to_csv(bad)
    result = _cli("report", "--data", str(bad), "--out", str(out))
    assert result.returncode == 2
    assert "lacks required column(s): Income" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_bad_parameters_are_refused():
    result = _cli("report", "--k", "1")
    assert result.returncode == 2 and "between 2 and 10" in result.stderr


def _notebooks_with(tmp_path: Path, stage: str, position: int | None, code: str) -> Path:
    """A copy of the stage notebooks in which ``stage`` runs ``code`` in a cell at ``position`` (None: last)."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    notebook = nbformat.read(notebooks / f"{stage}.ipynb", as_version=4)
    cell = nbformat.v4.new_code_cell(code)
    notebook.cells.insert(len(notebook.cells) if position is None else position, cell)
    nbformat.write(notebook, notebooks / f"{stage}.ipynb")
    return notebooks


def test_a_failing_stage_is_named_with_its_partial_notebook(report, tmp_path):
    out, _ = report
    before = (out / "index.html").read_bytes()
    broken = _notebooks_with(tmp_path, "03_modeling", None, 'raise RuntimeError("model exploded")')
    with pytest.raises(StageFailed) as failure:
        run_report(RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out)), progress=False, notebooks_dir=broken)
    assert failure.value.stage == "03_modeling"
    assert "RuntimeError: model exploded" in str(failure.value)
    assert failure.value.notebook.is_file()
    assert (out / "index.html").read_bytes() == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_full_disk_stops_the_run_in_one_line_naming_the_folders_and_keeps_the_previous_report(report, tmp_path):
    out, _ = report
    before = (out / "index.html").read_bytes()
    # A hand-over written to a disk with no space left: the OS's own error, from a device that is always full.
    full = 'with open("/dev/full", "wb") as handover:\n    handover.write(bytes(1 << 20))'
    broken = _notebooks_with(tmp_path, "01_data_preparation", 4, full)
    with pytest.raises(StageFailed) as failure:
        run_report(RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out)), progress=False, notebooks_dir=broken)
    message = str(failure.value)
    assert message.startswith(
        f"stage 01_data_preparation failed: no space left on device: the report is built in {out.parent} and Dask "
        "spills to the system's temporary folder"
    )
    assert "\n" not in message and not failure.value.is_data_error  # exit status 1
    assert message.endswith(f"partly executed notebook: {failure.value.notebook}")
    assert (out / "index.html").read_bytes() == before
    assert not list(out.parent.glob(f".{out.name}.partial*"))


def test_small_custom_data_k_and_economics(tmp_path):
    data = generator.write_rakamin_csv(generator.generate(400, 5), tmp_path / "mine.csv")
    out = tmp_path / "mine"
    economics = ("--contact-cost", "2", "--revenue", "20")
    result = _cli("report", "--data", str(data), "--out", str(out), "--k", "3", *economics)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(out / "index.html"))
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert len(summary["personas"]) == 3
    # the run's economics replace the file's 3 and 11 everywhere
    targeting = summary["targeting"]
    assert (targeting["contact_cost"], targeting["revenue"]) == (2, 20)
    assert targeting["break_even_probability"] == pytest.approx(0.1)
    assert targeting["contact_everyone_profit"] == 20 * summary["response_model"]["responders"] - 2 * 400
    assert summary["economics"]["contact_cost_source"] == summary["economics"]["revenue_source"] == "option"


def test_a_data_problem_inside_a_notebook_reads_as_a_data_message(tmp_path):
    odd = 'from helpers.errors import InputDataError\nraise InputDataError("column X is odd")'
    broken = _notebooks_with(tmp_path, "01_data_preparation", 4, odd)
    with pytest.raises(StageFailed) as failure:
        run_report(
            RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(tmp_path / "out")),
            progress=False,
            notebooks_dir=broken,
        )
    assert failure.value.is_data_error
    assert str(failure.value).startswith("stage 01_data_preparation failed: column X is odd")
    assert not (tmp_path / "out").exists()


def test_a_customer_list_without_a_campaign_outcome_gets_the_whole_report(tmp_path):
    customers = generator.generate(400, 5).drop(columns=["Response", "Z_CostContact", "Z_Revenue"])
    data = generator.write_rakamin_csv(customers, tmp_path / "no_campaign.csv")
    out = tmp_path / "report"
    result = _cli("report", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    assert summary["response_model"]["status"] == "no_outcome"
    targeting = summary["targeting"]
    assert targeting["plan"] is None and targeting["model"] is None and targeting["customers"] == 400
    assert (targeting["contact_cost"], targeting["revenue"]) == (3, 11)
    assert summary["economics"]["contact_cost_source"] == "case_study"
    page = (out / "html" / "05_recommendations.business.html").read_text()
    assert "nothing to learn from" in page and "value is assumed" in page
    assert "No contact list" in page and not (out / "artifacts" / "contact_list.csv").exists()
    assert "contact_list" not in (out / "index.html").read_text()
    for stage, _ in STAGES:
        executed = nbformat.read(out / "notebooks" / f"{stage}.ipynb", as_version=4)
        assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stderr"], stage
    scored = _cli("score", "--model", str(out / "artifacts" / "model.skops"), "--data", str(data), "--out",
                  str(tmp_path / "scored.csv"))  # fmt: skip
    assert scored.returncode == 0 and "no response part" in scored.stderr


@pytest.mark.parametrize("length", ["short", "long"])
def test_a_stage_kernel_is_reached_under_a_temporary_path_of_any_length(tmp_path, monkeypatch, length):
    """A stage's kernel listens on Unix sockets in the temporary area; under a TMPDIR too long for a socket's
    address (``File name too long``) it listens on TCP instead, and the stage still runs."""
    import tempfile

    import papermill

    from helpers.report import runner

    if length == "short":
        temporary = Path(tempfile.mkdtemp(prefix="t-"))  # the system's (/tmp here): pytest's own folders are long
    else:
        temporary = tmp_path / ("t" * 120)
        temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(notebook, tmp_path / "tiny.ipynb")
    with runner._kernel_config() as (config, _log):
        expected = "ipc" if length == "short" and sys.platform != "win32" else "tcp"
        assert config.KernelManager.transport == expected
        papermill.execute_notebook(
            tmp_path / "tiny.ipynb",
            tmp_path / "ran.ipynb",
            kernel_name=runner.KERNEL,
            kernel_manager_class=runner.StageKernelManager,
            config=config,
            progress_bar=False,
        )
    ran = nbformat.read(tmp_path / "ran.ipynb", as_version=4)
    assert ran.cells[0].outputs[0]["text"] == "42\n"
    if length == "short":
        shutil.rmtree(temporary)
