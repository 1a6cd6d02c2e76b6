"""The engine is a run setting: resolved before a stage runs, compared by the fingerprint, named on the landing page;
a kernel never starts a cluster of its own."""

import dataclasses

import papermill
import pytest

from helpers import config
from helpers.config import DEFAULT_DATA, NOTEBOOKS_DIR, RunSettings
from helpers.engine.choice import stage_engine
from helpers.errors import InputDataError, StageParametersDiffer
from helpers.report import handover, index_page


def test_a_stage_resolves_auto_as_the_command_does_and_needs_a_scheduler_for_dask(monkeypatch):
    assert stage_engine("auto", "", DEFAULT_DATA) == "pandas"
    assert stage_engine("auto", "tcp://127.0.0.1:8786", DEFAULT_DATA) == "dask"
    assert stage_engine("pandas", "tcp://127.0.0.1:8786", DEFAULT_DATA) == "pandas"
    with pytest.raises(InputDataError, match="the Dask engine needs a running scheduler"):
        stage_engine("dask", "", DEFAULT_DATA)
    monkeypatch.setattr(config, "DASK_AUTO_ROWS", 100)  # a large input, by auto's measure
    with pytest.raises(InputDataError, match="the Dask engine needs a running scheduler"):
        stage_engine("auto", "", DEFAULT_DATA)


def test_the_fingerprint_compares_the_engine_not_the_scheduler(tmp_path):
    settings = RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(tmp_path), engine="auto")
    summary = handover.begin_run(settings).finish()
    assert summary["run"]["settings"]["engine"] == "pandas" and "scheduler" not in summary["run"]["settings"]
    # The same run, told where a scheduler listens: any cluster gives the same results.
    pandas = dataclasses.replace(settings, engine="pandas")
    handover.open_stage("02_exploratory_analysis", dataclasses.replace(pandas, scheduler="tcp://10.0.0.5:8786"))
    handover.open_stage("02_exploratory_analysis", settings)  # auto, resolved to what the run had
    other = dataclasses.replace(settings, engine="dask", scheduler="tcp://10.0.0.5:8786")
    with pytest.raises(StageParametersDiffer, match=r"engine='dask' \(the run has 'pandas'\)"):
        handover.open_stage("02_exploratory_analysis", other)


@pytest.mark.parametrize(("lang", "label"), [("en", "engine: pandas"), ("id", "mesin pemrosesan: pandas")])
def test_the_landing_page_names_the_engine_and_never_the_scheduler(lang, label):
    parameters = RunSettings(engine="pandas", scheduler="tcp://scheduler.internal:8786").as_parameters()
    shown = index_page._parameters(parameters, lang)
    assert label in shown and "scheduler.internal" not in shown and "8786" not in shown


def test_a_notebook_run_by_hand_with_dask_and_no_scheduler_stops_in_one_line(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as stopped:
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / "01_data_preparation.ipynb"),
            str(tmp_path / "run.ipynb"),
            parameters={"output_dir": str(tmp_path / "out"), "engine": "dask"},
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=False,
        )
    assert stopped.value.ename == "InputDataError"
    assert stopped.value.evalue.startswith("the Dask engine needs a running scheduler: set scheduler to its address")
    assert "\n" not in stopped.value.evalue


def test_a_local_cluster_takes_the_machines_size_unless_told():
    from helpers.config import ClusterSize

    gib = 2**30
    # One worker per core, sharing 60% of the memory, none above 8GiB, none below the 256MiB a worker needs.
    assert ClusterSize.of_machine(cores=2, memory=24 * gib) == ClusterSize(2, f"{int(24 * gib * 0.6 / 2) // 2**20}MiB")
    assert ClusterSize.of_machine(cores=64, memory=1024 * gib) == ClusterSize(64, "8192MiB")
    assert ClusterSize.of_machine(cores=8, memory=gib) == ClusterSize(8, "256MiB")
    assert ClusterSize.of_machine(3, cores=8, memory=30 * gib) == ClusterSize(3, "6144MiB")
