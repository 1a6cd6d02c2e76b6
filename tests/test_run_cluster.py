"""A Dask run owns one cluster: every stage's kernel reaches it, and no process or spill folder outlives the run,
whether it succeeds, a stage fails, a cell times out, Ctrl-C reaches the whole process group or SIGTERM the
command alone."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from helpers import cli, config
from helpers.config import DEFAULT_DATA, PROJECT_ROOT, ClusterSize
from helpers.errors import EngineError
from helpers.report import runner
from helpers.report.runner import STAGES, StageFailed, execute_stages, run_report
from tests.tiny_stages import tiny_stages

SIZE = ClusterSize(workers=2, memory_limit="512MiB")
# Each stage records its kernel, the cluster's workers and where they spill, reached through the stages' one helper.
RECORD = """
import json, os
from pathlib import Path
from helpers.engine.seam import run_engine
client = run_engine(engine, scheduler).client
facts = {{
    "scheduler": scheduler,
    "kernel": os.getpid(),
    "workers": sorted(client.run(os.getpid).values()),
    "spill": sorted(client.run(lambda dask_worker: str(dask_worker.local_directory)).values()),
}}
Path({record!r}).write_text(json.dumps(facts))
print(len(facts["workers"]), "workers")
"""


def _stages(tmp_path: Path, then: str = "") -> tuple[Path, config.RunSettings, Path]:
    record = tmp_path / "facts.json"
    notebooks, settings = tiny_stages(tmp_path, RECORD.format(record=str(record)) + then, engine="dask")
    return notebooks, settings, record


def _none_alive(pids: list[int], seconds: float = 20) -> bool:
    """True once none of ``pids`` runs (a kernel notices its parent is gone within a second or two)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
        if not alive:
            return True
        time.sleep(0.25)
    return False


def _left_behind(facts: dict, temporary: Path) -> None:
    assert len(facts["workers"]) == SIZE.workers and facts["scheduler"].startswith("tcp://127.0.0.1:")
    assert all(Path(spill).is_relative_to(temporary) for spill in facts["spill"])  # never in the report's folder
    assert _none_alive([facts["kernel"], *facts["workers"]])
    assert not list(temporary.glob("personas-dask-*"))


@pytest.fixture
def temporary(tmp_path, monkeypatch) -> Path:
    """The system's temporary area, for this test alone."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_every_kernel_reaches_the_one_cluster_which_is_gone_after_success(tmp_path, temporary, capfd):
    notebooks, settings, record = _stages(tmp_path)
    announced = []
    execute_stages(settings, Path(settings.output_dir), 120, False, notebooks, SIZE, announced.append)
    facts = json.loads(record.read_text())
    _left_behind(facts, temporary)
    executed = (Path(settings.output_dir) / "notebooks").glob("*.ipynb")
    schedulers = {json.loads(p.read_text())["metadata"]["papermill"]["parameters"]["scheduler"] for p in executed}
    assert schedulers == {facts["scheduler"]}  # six stages, one cluster
    # The dashboard first, then (no terminal here) a line per stage as it finishes.
    assert announced[0].startswith("Dask dashboard: http://") and len(announced) == 1 + len(STAGES)
    assert all(line.startswith(f"[{i}/6] ") for i, line in enumerate(announced[1:], start=1))
    assert capfd.readouterr().err == ""


def test_nothing_outlives_a_failed_stage(tmp_path, temporary):
    notebooks, settings, record = _stages(tmp_path, "raise RuntimeError('stage broke')")
    with pytest.raises(StageFailed, match="stage broke"):
        execute_stages(settings, Path(settings.output_dir), 120, False, notebooks, SIZE)
    _left_behind(json.loads(record.read_text()), temporary)


def test_nothing_outlives_a_cell_timeout(tmp_path, temporary):
    notebooks, settings, record = _stages(tmp_path, "import time\ntime.sleep(120)")
    with pytest.raises(StageFailed, match="a cell ran longer than"):
        execute_stages(settings, Path(settings.output_dir), 8, False, notebooks, SIZE)
    _left_behind(json.loads(record.read_text()), temporary)


def test_a_task_whose_workers_keep_dying_stops_the_run_in_one_line(tmp_path, temporary):
    # Every worker that takes the task dies (as one killed for memory would); the nanny starts another each time.
    notebooks, settings, record = _stages(tmp_path, "client.submit(os._exit, 1, pure=False).result()")
    with pytest.raises(StageFailed) as failed:
        execute_stages(settings, Path(settings.output_dir), 120, False, notebooks, SIZE)
    message = str(failed.value)
    assert message.startswith(f"stage {STAGES[0][0]} failed: the Dask workers running one of its tasks kept dying")
    assert "\n" not in message and "(KilledWorker)" in message and "--memory-limit" in message
    assert message.endswith(f"partly executed notebook: {failed.value.notebook}")
    _left_behind(json.loads(record.read_text()), temporary)


# The run in a process group of its own, as a terminal starts a command; Ctrl-C reaches every process in it.
_INTERRUPTED_RUN = """
import json, signal, sys
# Ctrl-C raises KeyboardInterrupt, as in a command a shell starts in the foreground, whatever this test's own
# process does with SIGINT (a child inherits an ignored signal).
signal.signal(signal.SIGINT, signal.default_int_handler)
from pathlib import Path
from helpers.config import ClusterSize, RunSettings
from helpers.report.runner import execute_stages
settings = RunSettings(**json.loads(sys.argv[1]))
execute_stages(settings, Path(settings.output_dir), 300, False, Path(sys.argv[2]), ClusterSize(2, "512MiB"))
"""


def _started(script_and_arguments: list[str], temporary: Path, record: Path) -> subprocess.Popen:
    """``python -c SCRIPT ARGUMENTS...`` in a process group of its own with ``temporary`` as its temporary area,
    once its stage has recorded its facts and is in its long cell."""
    run = subprocess.Popen(
        [sys.executable, "-c", *script_and_arguments],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TMPDIR": str(temporary)},
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not record.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.25)
    assert record.exists(), run.communicate()[1]
    time.sleep(1)  # the stage is in its long cell
    return run


def _stderr_once_stopped(run: subprocess.Popen, signal_name: str) -> str:
    try:
        return run.communicate(timeout=240)[1]
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        pytest.fail(f"the run did not stop within 240 s of {signal_name}; it printed: {run.communicate()[1][-3000:]}")


def test_nothing_outlives_ctrl_c_sent_to_the_process_group(tmp_path, temporary):
    notebooks, settings, record = _stages(tmp_path, "import time\ntime.sleep(120)")
    run = _started([_INTERRUPTED_RUN, json.dumps(settings.as_parameters()), str(notebooks)], temporary, record)
    os.killpg(run.pid, signal.SIGINT)
    err = _stderr_once_stopped(run, "Ctrl-C")
    assert run.returncode != 0
    # One interruption, in the command: the workers ignore Ctrl-C and are closed by it, with no traceback of theirs.
    assert err.count("KeyboardInterrupt") <= 1 and "distributed" not in err, err
    _left_behind(json.loads(record.read_text()), temporary)


# The command as a user or a job scheduler runs it, on the stand-in stages. A stage's kernel is released more
# slowly than nbclient's watcher of a cell's kernel ticks (each second): a stop that leaves the watcher running
# lets it find the kernel gone, and the abandoned cell's task end in DeadKernelError that asyncio prints as a
# traceback after the run's one line (seen once in CI, under load; here every time).
_COMMAND_ON_STAND_INS = """
import asyncio, functools, sys
from pathlib import Path
from helpers import cli
from helpers.report import runner
runner.run_report = functools.partial(runner.run_report, notebooks_dir=Path(sys.argv[1]))
release = runner.StageKernelManager.cleanup_resources
async def slow_release(manager, *args, **kwargs):
    await asyncio.sleep(1.5)
    return await release(manager, *args, **kwargs)
runner.StageKernelManager.cleanup_resources = slow_release
sys.exit(cli.main(sys.argv[2:]))
"""


def test_sigterm_to_the_command_alone_stops_it_in_one_line_and_nothing_outlives_it(tmp_path, temporary):
    # `kill PID` or a job scheduler's stop: without a handler Python would end at once, leaving the kernel, the
    # workers and their spill folder behind.
    notebooks, settings, record = _stages(tmp_path, "import time\ntime.sleep(120)")
    out = Path(settings.output_dir)
    command = ["report", "--data", str(DEFAULT_DATA), "--out", str(out), "--engine", "dask"]
    cluster = ["--workers", str(SIZE.workers), "--memory-limit", SIZE.memory_limit]
    run = _started([_COMMAND_ON_STAND_INS, str(notebooks), *command, *cluster], temporary, record)
    run.send_signal(signal.SIGTERM)
    err = _stderr_once_stopped(run, "SIGTERM")
    assert run.returncode == 143, err
    assert err.splitlines()[-1] == "terminated: the run stopped and the previous report, if any, is unchanged", err
    assert "Traceback" not in err and "Terminated" not in err, err
    _left_behind(json.loads(record.read_text()), temporary)
    assert not list(temporary.glob("personas-*")) and not out.exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_that_cannot_be_reached_stops_the_run_before_any_stage(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "DASK_CONNECT_TIMEOUT", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    notebooks, settings, record = _stages(tmp_path)
    out = tmp_path / "report"
    settings = config.RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out), engine="dask", scheduler=address)
    with pytest.raises(EngineError, match=f"cannot reach a Dask scheduler at {address}"):
        run_report(settings, progress=False, notebooks_dir=notebooks)
    assert not record.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["notebooks"]


# The scheduler is killed a second after the stage's kernel hands it a task that would run for a minute.
_SCHEDULER_DIES = """
import signal, threading, time
running = client.submit(time.sleep, 60, pure=False)
threading.Timer(1, os.kill, (client.run_on_scheduler(os.getpid), signal.SIGKILL)).start()
running.result()
"""


def test_a_scheduler_lost_mid_run_stops_it_in_one_line_and_publishes_nothing(tmp_path):
    from tests.test_distributed_scoring import dask_processes

    notebooks, _, record = _stages(tmp_path, _SCHEDULER_DIES)
    out = tmp_path / "report"
    (tmp_path / "dask").mkdir()
    with dask_processes(tmp_path / "dask") as (address, _):
        settings = config.RunSettings(
            data_path=str(DEFAULT_DATA), output_dir=str(out), engine="dask", scheduler=address
        )
        with pytest.raises(StageFailed) as failed:
            run_report(settings, progress=False, notebooks_dir=notebooks, cell_timeout=120)
    message = str(failed.value)
    assert message.startswith(f"stage {STAGES[0][0]} failed: the connection to the Dask scheduler was lost")
    assert "\n" not in message and message.endswith(f"partly executed notebook: {failed.value.notebook}")
    assert json.loads(record.read_text())["scheduler"] == address
    # Nothing published, no staging folder left beside it: only the failed stage's notebook, kept for a look.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask", "facts.json", "notebooks", "report.failed"]


# A hand-over whose parts a worker writes to a disk with no space left: the worker's own OS error, from a device
# that is always full, put in place of each part the workers write (a task names its function by module and name,
# so the worker's patched module is what runs).
_HANDOVER_ON_A_FULL_DISK = """
import dask.dataframe as dd, pandas as pd
def full_disk(dask_worker):
    from helpers.engine import parquet_dataset
    def write_part(block, folder, number, metadata):
        with open("/dev/full", "wb") as part:
            part.write(bytes(1 << 20))
    parquet_dataset.write_part = write_part
client.run(full_disk)
customers = dd.from_pandas(pd.DataFrame({"ID": range(1000)}), npartitions=4)
run_engine(engine, scheduler).write_dataset(customers, Path(output_dir) / "artifacts" / "customers.parquet", {})
"""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_worker_writing_a_handover_to_a_full_disk_stops_the_run_in_one_line_and_publishes_nothing(
    tmp_path, temporary
):
    notebooks, _, record = _stages(tmp_path, _HANDOVER_ON_A_FULL_DISK)
    out = tmp_path / "report"
    settings = config.RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out), engine="dask")
    with pytest.raises(StageFailed) as failed:
        run_report(settings, progress=False, notebooks_dir=notebooks, cell_timeout=120, cluster=SIZE)
    message = str(failed.value)
    assert message.startswith(
        f"stage {STAGES[0][0]} failed: no space left on device: the report is built in {tmp_path} and Dask "
        f"spills to the system's temporary folder ({temporary})"
    )
    assert "\n" not in message and not failed.value.is_data_error  # exit status 1
    assert message.endswith(f"partly executed notebook: {failed.value.notebook}")
    _left_behind(json.loads(record.read_text()), temporary)
    # Nothing published, no staging folder left beside it: only the failed stage's notebook, kept for a look.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.json", "notebooks", "report.failed", "tmp"]


def test_ctrl_c_is_one_line_and_exit_status_130(monkeypatch, tmp_path, capsys):
    def interrupted(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_report", interrupted)
    assert cli.main(["report", "--out", str(tmp_path / "report")]) == 130
    err = capsys.readouterr().err
    assert err == "interrupted: the run stopped and the previous report, if any, is unchanged\n"
