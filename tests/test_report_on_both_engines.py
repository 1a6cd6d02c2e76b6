"""The whole report on a folder of three Parquet files, with a learning sample smaller than the file, run by the
report's own runner on pandas and on Dask (whose run loses a busy worker in stage 1 and in stage 5): what each
hands over, what the pages say, and that both engines count, learn, assign and write the same."""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from bs4 import BeautifulSoup
from distributed import Client

from helpers.config import NOTEBOOKS_DIR, ClusterSize, RunSettings
from helpers.data.synthetic import generator
from helpers.engine import parquet_dataset
from helpers.report.runner import StageFailed, run_report
from tests.clusters import small_local_cluster

CUSTOMERS = 450
SAMPLE_ROWS = 200
# Two single-threaded worker processes, as on CI's two cores.
CLUSTER = ClusterSize(2, "2GiB")


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Path:
    """Three Parquet files of 150 customers each, in the canonical layout."""
    folder = tmp_path_factory.mktemp("lake") / "customers"
    folder.mkdir()
    customers = generator.generate(CUSTOMERS, seed=11)
    for number, start in enumerate(range(0, CUSTOMERS, CUSTOMERS // 3)):
        customers.iloc[start : start + CUSTOMERS // 3].to_parquet(folder / f"part.{number}.parquet", index=False)
    return folder


def _report(lake: Path, out: Path, engine: str) -> Path:
    settings = RunSettings(data_path=str(lake), output_dir=str(out), engine=engine, sample_rows=SAMPLE_ROWS)
    run_report(settings, progress=False, cluster=CLUSTER)
    return out


# The stages in which the Dask report loses a busy worker (``_kill_a_busy_worker_in``).
KILLED_IN = ("01_data_preparation", "05_recommendations")


@dataclass(frozen=True)
class RunLosingWorkers:
    """A Dask report whose run lost a busy worker in each stage of ``KILLED_IN``: where it is, the stages in which
    a worker was killed, and how many workers its cluster had after."""

    report: Path
    killed_in: list[str]
    workers_after: int


@pytest.fixture(scope="module")
def dask_run(lake, tmp_path_factory) -> RunLosingWorkers:
    """The lake's report on Dask, on a cluster of the test's own whose busy worker is SIGKILLed, as the kernel's
    out-of-memory killer would, in a full pass of stage 1 and in stage 5; its nanny starts another each time."""
    out, killed, stop = tmp_path_factory.mktemp("dask") / "report", [], threading.Event()
    with small_local_cluster() as cluster, Client(cluster) as client:
        killer = threading.Thread(
            target=_kill_a_busy_worker_in, args=(KILLED_IN, out.with_name(f".{out.name}.partial"), client, killed, stop)
        )
        killer.start()
        try:
            settings = RunSettings(
                data_path=str(lake),
                output_dir=str(out),
                engine="dask",
                sample_rows=SAMPLE_ROWS,
                scheduler=cluster.scheduler_address,
            )
            run_report(settings, progress=False)
        finally:
            stop.set()
            killer.join()
        return RunLosingWorkers(out, killed, len(client.scheduler_info()["workers"]))


@pytest.fixture(scope="module")
def reports(lake, dask_run, tmp_path_factory) -> dict[str, Path]:
    """One report per engine on the same lake (run once for the module). The Dask one lost workers
    (``dask_run``): every test that finds it the same as pandas' also finds the killed workers' tasks rerun to
    the same result."""
    return {"pandas": _report(lake, tmp_path_factory.mktemp("pandas") / "report", "pandas"), "dask": dask_run.report}


def summary_of(report: Path) -> dict:
    return json.loads((report / "artifacts" / "summary.json").read_text())


def handover(report: Path, name: str) -> pd.DataFrame:
    return parquet_dataset.read_dataset(report / "artifacts" / name)


def shown_text(notebook: nbformat.NotebookNode) -> str:
    """What a stage's code cells showed as Markdown."""
    return "\n".join(
        output.get("data", {}).get("text/markdown", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def stage_text(report: Path, stage: str) -> str:
    return shown_text(nbformat.read(report / "notebooks" / f"{stage}.ipynb", as_version=4))


def page_text(page: Path) -> list[str]:
    """The words a reader sees on a rendered page, line by line (no scripts, styles or images)."""
    soup = BeautifulSoup(page.read_text(), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return [line.strip() for line in soup.get_text("\n").splitlines() if line.strip()]


def test_the_learning_sample_is_handed_over_as_every_customer_is_and_counted_in_the_summary(reports):
    report = reports["pandas"]
    summary = summary_of(report)
    assert summary["sample"] == {
        "customers_sampled": SAMPLE_ROWS,
        "customers_in_file": CUSTOMERS,
        "analysed_sampled": len(handover(report, "prepared_sample.parquet")),
        "analysed": summary["rows_used"],
    }
    assert summary["parameters"]["sample_rows"] == SAMPLE_ROWS
    sample, every = handover(report, "sample.parquet"), handover(report, "customers.parquet")
    assert len(sample) == SAMPLE_ROWS and sample["ID"].is_unique and sample["ID"].is_monotonic_increasing
    # The same rows as every customer's hand-over for these IDs: features, fences and all.
    expected = every.set_index("ID").loc[sample["ID"]].reset_index()
    pd.testing.assert_frame_equal(sample, expected[sample.columns], check_dtype=False)
    assert f"learning sample of {SAMPLE_ROWS} of the {CUSTOMERS} customers" in stage_text(report, "01_data_preparation")


def test_stage_one_counts_over_every_customer_as_read_and_handed_over_alike_on_both_engines(reports):
    # The Dask side writes the validated rows once (a part per piece) and counts over that Parquet, instead of
    # holding the rows in the workers' memory through the stage.
    as_read = {engine: handover(report, "customers_as_read.parquet") for engine, report in reports.items()}
    assert (reports["dask"] / "artifacts" / "customers_as_read.parquet").is_dir()
    # What stages kept on disk for their own passes (Engine.persist on Dask) went with them.
    assert not any((report / ".scratch").exists() for report in reports.values())
    expected = as_read["pandas"].sort_values("ID", ignore_index=True)
    assert len(expected) == CUSTOMERS and set(expected["ID"]) == set(generator.generate(CUSTOMERS, seed=11)["ID"])
    on_dask = as_read["dask"].sort_values("ID", ignore_index=True)[expected.columns]
    pd.testing.assert_frame_equal(on_dask, expected, check_dtype=False)


def test_the_segmentation_learns_from_the_sample_and_assigns_every_analysed_customer(reports):
    report = reports["pandas"]
    summary = summary_of(report)
    clusters, prepared = handover(report, "clusters.parquet"), handover(report, "prepared.parquet")
    assert sorted(clusters["ID"]) == sorted(prepared["ID"]) and len(clusters) == summary["rows_used"]
    assert clusters["segment"].nunique() == summary["k"]
    assert summary["sampling"]["rows"] == summary["sample"]["analysed_sampled"] < summary["rows_used"]
    said = f"learning sample: **{summary['sample']['analysed_sampled']} of the {summary['rows_used']} analysed"
    assert said in stage_text(report, "02_exploratory_analysis") and said in stage_text(report, "03_modeling")
    assert sum(persona["customers"] for persona in summary["personas"]) == summary["rows_used"]


def test_the_response_model_learns_from_the_sample_and_the_plans_count_every_customer(reports):
    report = reports["pandas"]
    summary = summary_of(report)
    predicted = handover(report, "response_predictions.parquet")
    assert sorted(predicted["ID"]) == sorted(handover(report, "sample.parquet")["ID"])
    every = handover(report, "customers.parquet")
    known = int(every["Response"].notna().sum())
    assert summary["response_model"]["customers"] == SAMPLE_ROWS < summary["targeting"]["customers"] == known
    said = f"learning sample: **{SAMPLE_ROWS} of the {CUSTOMERS} customers of the file**"
    assert said in stage_text(report, "03_modeling")
    recommendations = stage_text(report, "05_recommendations")
    assert recommendations.count(said) == 1  # the saved model; the plans count every customer
    assert f"On all **{known} customers** of the file" in recommendations
    assert (
        f"The model's cross-validation gave the {SAMPLE_ROWS} customers of the learning sample theirs; the final "
        f"model, fitted on them, gave the other {known - SAMPLE_ROWS}."
    ) in recommendations
    # The list holds every customer the plans count; its contacts are the plan's.
    plan, listed = summary["targeting"]["plan"], pd.read_csv(report / "artifacts" / "contact_list.csv")
    assert len(listed) == known and (listed["contact"] == "yes").sum() == plan["customers"]
    assert f"holds all {known} customers of the file whose response is known" in recommendations
    assert f"The {SAMPLE_ROWS} customers of the learning sample carry held-out probabilities" in recommendations
    landing = " ".join(page_text(report / "index.html"))
    assert f"(learned from {SAMPLE_ROWS} of the {CUSTOMERS} customers, counted on all of them)" in landing
    # The customers the model never saw: every customer of the file with a response, outside the sample.
    unseen = every["Response"].notna() & ~every["ID"].isin(handover(report, "sample.parquet")["ID"])
    targeting = summary["targeting"]
    assert targeting["holdout_customers"] == unseen.sum() > 0 and 0.5 < targeting["holdout_auc"] <= 1
    assert 0 <= targeting["holdout_plan_customers"] <= targeting["holdout_customers"]
    assert f"{unseen.sum()} customers of the file with a known response lie outside the learning sample" in (
        recommendations
    )
    # The analyst view lists how each figure was counted; the business view does not.
    listed = stage_text(reports["dask"], "05_recommendations")
    assert "### How each figure was counted" in listed
    assert f"**From the learning sample** ({SAMPLE_ROWS} of the {CUSTOMERS} customers" in listed
    business = " ".join(page_text(reports["dask"] / "html" / "05_recommendations.business.html"))
    assert "How each figure was counted" not in business
    card = json.loads((report / "artifacts" / "model.json").read_text())
    assert card["training_data"]["learning_sample"] == summary["sample"]
    assert f"learned from the learning sample: **{SAMPLE_ROWS} of the {CUSTOMERS} customers" in recommendations


def test_the_personas_are_sized_profiled_and_handed_over_for_every_analysed_customer(reports):
    for engine, report in reports.items():
        summary = summary_of(report)
        sample = handover(report, "clusters_sample.parquet")
        assert sorted(sample["ID"]) == sorted(handover(report, "prepared_sample.parquet")["ID"]), engine
        segments = (
            pd.read_csv(report / "artifacts" / "segments.csv")
            if engine == "pandas"
            else handover(report, "segments.parquet")
        )
        assigned = handover(report, "assignments.parquet")
        assert len(segments) == len(assigned) == summary["rows_used"], engine
        sizes = segments["persona"].value_counts()
        assert {persona["name"]: persona["customers"] for persona in summary["personas"]} == sizes.to_dict(), engine
        said = (
            "Sizes, shares, names and profiles count every analysed customer; the point charts, the stability and "
            f"the rules come from the learning sample: **{len(sample)} of the {summary['rows_used']} analysed "
            "customers**"
        )
        assert said in stage_text(report, "04_persona_analysis"), engine
    landing = [page_text(reports[engine] / "index.html") for engine in ("pandas", "dask")]
    assert "segments.csv" in landing[0] and "segments.parquet" in landing[1]


def test_on_dask_the_workers_write_the_handovers_as_datasets_and_the_samples_are_files(reports):
    artifacts = reports["dask"] / "artifacts"
    assert len(list((artifacts / "customers.parquet").glob("*.parquet"))) == 3  # a part per file of the lake
    for dataset in ("prepared.parquet", "clusters.parquet", "assignments.parquet", "segments.parquet"):
        assert (artifacts / dataset).is_dir(), dataset
    for sample in ("sample.parquet", "prepared_sample.parquet", "clusters_sample.parquet"):
        assert (artifacts / sample).is_file(), sample
    assert not (artifacts / "segments.csv").exists()


def test_the_contact_list_written_by_the_workers_is_the_one_pandas_writes_and_scoring_marks_the_same(
    reports, lake, tmp_path
):
    from helpers.scoring.pandas_engine import score_file

    listed = pd.read_csv(reports["pandas"] / "artifacts" / "contact_list.csv")
    written = reports["dask"] / "artifacts" / "contact_list.parquet"
    assert written.is_dir() and not (reports["dask"] / "artifacts" / "contact_list.csv").exists()
    pd.testing.assert_frame_equal(parquet_dataset.read_dataset(written), listed, check_dtype=False)
    # Outside the learning sample the list's probabilities are the final model's: scoring with the saved model
    # marks exactly the customers the list marks.
    scored = tmp_path / "scored.parquet"
    score_file(reports["dask"] / "artifacts" / "model.skops", lake, scored)
    scored = pd.read_parquet(scored).set_index("ID")
    sample = set(handover(reports["dask"], "sample.parquet")["ID"])
    outside = listed.loc[~listed["ID"].isin(sample)].set_index("ID")
    assert len(outside) == len(listed) - SAMPLE_ROWS > 0
    assert ((outside["contact"] == "yes") == scored.loc[outside.index, "contact"].astype(bool)).all()


def test_dask_reports_what_pandas_reports(reports):
    pandas, dask = summary_of(reports["pandas"]), summary_of(reports["dask"])
    assert dask["parameters"] == {**pandas["parameters"], "engine": "dask"}
    # Every count, fence, sample, model figure, persona and plan: the same customers learned from and counted.
    assert {key: value for key, value in dask.items() if key not in ("run", "parameters")} == {
        key: value for key, value in pandas.items() if key not in ("run", "parameters")
    }
    assigned = [handover(reports[engine], "clusters.parquet").set_index("ID").sort_index() for engine in reports]
    pd.testing.assert_series_equal(assigned[1]["segment"], assigned[0]["segment"])


def test_every_business_page_reads_the_same_on_both_engines(reports):
    pages = sorted(path.name for path in (reports["pandas"] / "html").glob("*.business.html"))
    assert len(pages) == 6
    for page in pages:
        texts = [page_text(reports[engine] / "html" / page) for engine in ("pandas", "dask")]
        # Paths differ (the saved model's scoring command); every other line is the same.
        texts = [[re.sub(r"/\S*/report/", "OUT/", line) for line in text] for text in texts]
        # The contact list is a CSV file (and a workbook) on pandas, a Parquet dataset the workers write on Dask.
        texts = [_same_list_file(text) for text in texts]
        assert texts[1] == texts[0], page
    landing = [page_text(reports[engine] / "index.html") for engine in ("pandas", "dask")]
    assert any("engine: dask" in line for line in landing[1])
    # The analyst view names the engine, and on Dask how many workers ran the passes.
    assert "Run on **pandas**, in one process." in stage_text(reports["pandas"], "01_data_preparation")
    assert f"Run on **Dask**, by {CLUSTER.workers} workers" in stage_text(reports["dask"], "01_data_preparation")


def _same_list_file(lines: list[str]) -> str:
    text = " ".join(lines).replace("contact_list.parquet", "contact_list.csv")
    text = re.sub(r" \(for a spreadsheet, contact_list\.xlsx \)", "", text)
    return re.sub(r" ([,.])", r"\1", text)  # where a link ends one line and punctuation starts the next


def test_a_file_no_larger_than_the_sample_is_its_own_sample_and_the_page_says_nothing_of_it(lake, tmp_path):
    out = tmp_path / "run"
    papermill.execute_notebook(
        str(NOTEBOOKS_DIR / "01_data_preparation.ipynb"),
        str(tmp_path / "01.ipynb"),
        parameters={"data_path": str(lake), "output_dir": str(out), "engine": "pandas", "sample_rows": CUSTOMERS},
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
    )
    summary = summary_of(out)
    assert summary["sample"]["customers_sampled"] == summary["sample"]["customers_in_file"] == CUSTOMERS
    assert summary["sample"]["analysed_sampled"] == summary["sample"]["analysed"] == summary["rows_used"]
    assert "learning sample" not in shown_text(nbformat.read(tmp_path / "01.ipynb", as_version=4)).lower()


def test_on_dask_a_file_within_the_learning_sample_gets_the_whole_report_and_its_contact_list(lake, tmp_path):
    # Its plans are counted in memory (exact curves); the Dask engine makes the contact list from them all the same.
    out = tmp_path / "report"
    settings = RunSettings(data_path=str(lake), output_dir=str(out), engine="dask", sample_rows=CUSTOMERS)
    run_report(settings, progress=False, cluster=CLUSTER)
    summary = summary_of(out)
    assert summary["sample"]["customers_sampled"] == summary["sample"]["customers_in_file"] == CUSTOMERS
    contacts = pd.read_csv(out / "artifacts" / "contact_list.csv")
    assert contacts["contact"].eq("yes").sum() == summary["targeting"]["plan"]["customers"] > 0


def test_on_dask_a_bad_value_in_one_file_stops_the_report_in_one_line_and_keeps_the_previous(reports, tmp_path):
    # Past the first rows the command looks at before any stage, so that stage 1 finds it on a worker.
    bad = tmp_path / "lake"
    bad.mkdir()
    customers = generator.generate(1_300, seed=12)
    customers.iloc[:100].to_parquet(bad / "part.0.parquet", index=False)
    late = customers.iloc[100:].reset_index(drop=True)
    late["Income"] = late["Income"].astype("string")
    late.loc[1_100, "Income"] = "lots"
    late.to_parquet(bad / "part.1.parquet", index=False)
    out = reports["dask"]
    before = (out / "index.html").read_bytes()
    with pytest.raises(StageFailed) as stopped:
        _report(bad, out, "dask")
    assert stopped.value.is_data_error
    first = str(stopped.value).splitlines()[0]
    assert first.endswith("part.1.parquet row 1101: Income must be numeric ('lots').")
    assert (out / "index.html").read_bytes() == before


def _rounded(value):
    """A record with its floats to nine significant digits: sums added in another order differ in the last."""
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return float(f"{value:.9g}") if isinstance(value, float) else value


@pytest.fixture(scope="module")
def reruns(lake, reports, tmp_path_factory) -> dict[str, Path]:
    """The lake a period later, compared on each engine with the report the other engine made."""
    from helpers.data.synthetic.next_period import next_period

    later = tmp_path_factory.mktemp("later") / "customers.parquet"
    earlier = pd.concat([pd.read_parquet(part) for part in sorted(lake.glob("*.parquet"))], ignore_index=True)
    next_period(earlier, seed=5).to_parquet(later, index=False)
    made = {}
    for engine, other in (("dask", "pandas"), ("pandas", "dask")):
        out = tmp_path_factory.mktemp(f"rerun-{engine}") / "report"
        settings = RunSettings(
            data_path=str(later),
            output_dir=str(out),
            engine=engine,
            sample_rows=SAMPLE_ROWS,
            previous=str(reports[other]),
        )
        run_report(settings, progress=False, cluster=CLUSTER)
        made[engine] = out
    return made


def test_a_rerun_compares_the_same_on_both_engines_with_a_report_of_either(reruns, reports):
    since = {engine: summary_of(report)["since_previous"] for engine, report in reruns.items()}
    for record in since.values():
        record.pop("previous_report")  # names the other engine's folder
    assert _rounded(since["dask"]) == _rounded(since["pandas"])
    record = since["dask"]
    assert record["migration"]["new"] and any(record["migration"][row]["left"] for row in record["migration"])
    assert record["payoff"] is not None and record["payoff"]["contacted"] > 0
    from helpers.story.since_previous import heading_text

    assert heading_text("personas", "en") in stage_text(reruns["dask"], "04_persona_analysis")
    recommendations = stage_text(reruns["dask"], "05_recommendations")
    assert heading_text("payoff", "en") in recommendations
    assert "**Exact, over every customer of both files**" in recommendations


def _kill_a_busy_worker_in(stages: tuple[str, ...], staging: Path, client, killed: list, stop: threading.Event):
    """When each of ``stages`` has started (its executed notebook appears in the staging folder) and a task runs,
    SIGKILL the worker running it, as the kernel's out-of-memory killer would; its nanny starts another."""
    for stage in stages:
        while not stop.is_set() and not (staging / "notebooks" / f"{stage}.ipynb").exists():
            time.sleep(0.05)
        while not stop.is_set():
            busy = [worker for worker, tasks in client.processing().items() if tasks]
            if busy:
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(stage)
                break
            time.sleep(0.01)


def test_a_worker_killed_in_stage_1_and_in_stage_5_is_replaced_and_the_report_is_the_same(dask_run, reports):
    # Replaced by the nanny, their tasks rerun: the report is the one pandas makes, as the tests above find it
    # (every count, model figure and plan in the summary; the contact list row by row; every business page).
    assert dask_run.killed_in == list(KILLED_IN)
    assert dask_run.workers_after == 2
    assert (reports["dask"] / "index.html").is_file()
