"""Scoring on Dask gives what the single-process scorer gives, on a LocalCluster and on a real scheduler with
worker processes, reads inputs as data lakes hold them, and writes whole outputs even when a worker dies."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from helpers import config
from helpers.cli import main
from helpers.config import DEFAULT_DATA, PROJECT_ROOT
from helpers.data.synthetic import generator
from helpers.engine.choice import choose_engine
from helpers.files import remove_staging
from helpers.scoring.pandas_engine import score_file
from tests import layouts

DASK = Path(sys.executable).with_name("dask")


@pytest.fixture
def model(default_report):
    return default_report / "artifacts" / "model.skops"


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return layouts.read_rakamin(DEFAULT_DATA)


def _score(model, data, out, *extra):
    return main(["score", "--model", str(model), "--data", str(data), "--out", str(out), *extra])


def _read(path: Path) -> pd.DataFrame:
    """A scored CSV, Parquet file or dataset folder, with persona and action as text whatever the format."""
    scored = pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
    return scored.astype({"persona": "str", "persona_key": "str", "action": "str"})


def _lake(customers: pd.DataFrame, folder: Path) -> Path:
    """The customers as a hive-partitioned Parquet dataset of three files with small row groups, named so that
    sorting by name alone would put part.10 before part.2."""
    for rows, name in ((slice(0, 700), "batch=1/part.0.parquet"), (slice(700, 1400), "batch=2/part.2.parquet")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        customers.iloc[rows].to_parquet(folder / name, row_group_size=300)
    customers.iloc[1400:].to_parquet(folder / "batch=2/part.10.parquet", row_group_size=300)
    (folder / "_SUCCESS").write_text("")  # what Spark leaves; not a table
    return folder


def _mixed_layouts(customers: pd.DataFrame, folder: Path) -> str:
    """The customers split over every layout and format the loader reads, as one glob."""
    folder.mkdir()
    layouts.write(customers.iloc[:600], folder / "a_rakamin.csv", index=True)
    original = layouts.as_original(customers.iloc[600:1200])
    layouts.write(original, folder / "b_original.csv", sep="\t")
    customers.iloc[1200:1700].to_csv(folder / "c_compressed.csv.gz", compression="gzip")
    customers.iloc[1700:2000].to_excel(folder / "d_workbook.xlsx")
    customers.iloc[2000:].to_parquet(folder / "e_table.parquet")
    return str(folder / "*")


# --- choosing the engine, and what never needs Dask ----------------------------------------


def test_auto_picks_dask_for_a_scheduler_and_for_inputs_of_many_customers(customers, tmp_path, monkeypatch):
    lake = _lake(customers, tmp_path / "lake")
    small = layouts.write(customers, tmp_path / "small.csv", index=True)
    glob = str(tmp_path / "lake" / "*" / "*.parquet")
    # A few thousand customers in a folder or a glob: a cluster would cost more than it saves.
    assert (
        choose_engine("auto", lake)[0] == choose_engine("auto", glob)[0] == choose_engine("auto", small)[0] == "pandas"
    )
    assert choose_engine("auto", small, scheduler="tcp://127.0.0.1:8786")[0] == "dask"
    assert choose_engine("pandas", lake, scheduler="tcp://127.0.0.1:8786")[0] == "pandas"
    monkeypatch.setattr(config, "DASK_AUTO_ROWS", len(customers))  # the folder's rows, from the Parquet metadata
    assert choose_engine("auto", lake) == ("dask", f"the input holds {len(customers):,} customers, at least 2,240")
    assert choose_engine("auto", glob)[0] == "dask"
    assert choose_engine("auto", lake / "batch=1" / "part.0.parquet")[0] == "pandas"  # 700 of them
    # A CSV is estimated from its bytes.
    estimate = small.stat().st_size // config.CSV_BYTES_PER_CUSTOMER
    monkeypatch.setattr(config, "DASK_AUTO_ROWS", estimate)
    assert choose_engine("auto", small) == (
        "dask",
        f"the input holds about {estimate:,} customers, at least {estimate:,}",
    )
    monkeypatch.setattr(config, "DASK_AUTO_ROWS", estimate + 1)
    assert choose_engine("auto", small)[0] == "pandas"


def test_neither_the_scorer_nor_a_pandas_score_imports_dask(model, tmp_path):
    program = (
        "import sys\n"
        "import helpers.scoring.pandas_engine\n"
        "from helpers.cli import main\n"
        f"assert main(['score', '--model', {str(model)!r}, '--data', {str(DEFAULT_DATA)!r}, "
        f"'--out', {str(tmp_path / 'scored.parquet')!r}]) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'bokeh'))\n"
        "print('loaded:', loaded)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    assert "loaded: []" in run.stdout


def test_the_pandas_engine_reads_folders_and_globs_in_natural_file_order(model, customers, tmp_path):
    lake = _lake(customers, tmp_path / "lake")
    score_file(model, lake, tmp_path / "from_folder.parquet")
    score_file(model, _mixed_layouts(customers, tmp_path / "mixed"), tmp_path / "from_glob.parquet")
    score_file(model, DEFAULT_DATA, tmp_path / "from_file.parquet")
    expected = _read(tmp_path / "from_file.parquet")
    assert expected["ID"].tolist() == customers["ID"].tolist()
    pd.testing.assert_frame_equal(_read(tmp_path / "from_folder.parquet"), expected)
    pd.testing.assert_frame_equal(_read(tmp_path / "from_glob.parquet"), expected)


def test_dask_options_without_the_dask_engine_and_unsafe_output_folders_are_refused(model, tmp_path, capsys):
    assert _score(model, DEFAULT_DATA, tmp_path / "o.csv", "--engine", "pandas", "--workers", "3") == 2
    assert "--workers only apply to the Dask engine" in capsys.readouterr().err
    assert _score(model, DEFAULT_DATA, tmp_path / "o.csv", "--scheduler", "tcp://x:1", "--workers", "3") == 2
    assert "with --scheduler the cluster's own workers score" in capsys.readouterr().err
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("mine")
    assert _score(model, DEFAULT_DATA, project, "--engine", "dask") == 2
    assert "holding other files than scored parts (such as notes.txt)" in capsys.readouterr().err
    assert [p.name for p in project.iterdir()] == ["notes.txt"]
    assert _score(model, tmp_path / "nothing-*.csv", tmp_path / "o.csv") == 2
    assert "matches no file" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_a_scheduler_that_cannot_be_reached_is_one_line(model, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(config, "DASK_CONNECT_TIMEOUT", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    assert _score(model, DEFAULT_DATA, tmp_path / "out", "--scheduler", address) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: cannot reach a Dask scheduler at {address}") and "Traceback" not in err
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []


# --- a LocalCluster started by the command ----------------------------------------------------


def test_a_local_cluster_scores_a_dataset_as_the_single_process_scorer_does(model, customers, tmp_path, capsys):
    lake = _lake(customers, tmp_path / "lake")
    out = tmp_path / "scored"
    out.mkdir()
    (out / "part.000007.parquet").write_text("an earlier output's part, replaced as a whole")
    assert _score(model, lake, out, "--engine", "dask", "--workers", "2", "--memory-limit", "1GiB") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("engine: dask (--engine dask)\n")
    assert "Dask dashboard: http://" in captured.err
    assert "scored 2,240 customers" in captured.out
    assert sorted(p.name for p in out.iterdir()) == [f"part.{i:06d}.parquet" for i in range(9)]
    assert _score(model, lake, tmp_path / "single.parquet", "--engine", "pandas") == 0
    pd.testing.assert_frame_equal(_read(out), _read(tmp_path / "single.parquet"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "scored", "single.parquet"]


# --- a real scheduler and two worker processes ---------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop each process group (a worker's nanny and its worker), politely first."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def dask_processes(folder: Path, **scheduler_config):
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1 at free ports: (address, workers)."""
    env = {**os.environ, **{f"DASK_DISTRIBUTED__SCHEDULER__{k.upper()}": str(v) for k, v in scheduler_config.items()}}
    address = f"tcp://127.0.0.1:{_free_port()}"
    log = (folder / "dask.log").open("w")
    started = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
             "--dashboard-address", f"127.0.0.1:{_free_port()}"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    ]  # fmt: skip
    try:
        for name in ("one", "two"):
            started.append(
                subprocess.Popen(
                    [DASK, "worker", address, "--name", name, "--host", "127.0.0.1", "--nthreads", "1",
                     "--memory-limit", "1GiB", "--local-directory", str(folder / f"worker-{name}")],
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )
            )  # fmt: skip
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, started[1:]
    finally:
        _stop(started)
        log.close()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    with dask_processes(tmp_path_factory.mktemp("dask")) as (address, _):
        yield address


def test_a_real_scheduler_scores_every_layout_into_one_file_as_pandas_does(model, customers, scheduler, tmp_path):
    inputs = _mixed_layouts(customers, tmp_path / "mixed")
    assert _score(model, inputs, tmp_path / "dask.csv", "--scheduler", scheduler) == 0
    assert _score(model, inputs, tmp_path / "pandas.csv", "--engine", "pandas") == 0
    assert (tmp_path / "dask.csv").read_text() == (tmp_path / "pandas.csv").read_text()
    assert _score(model, inputs, tmp_path / "dask.parquet", "--engine", "dask", "--scheduler", scheduler) == 0
    assert _score(model, inputs, tmp_path / "pandas.parquet", "--engine", "pandas") == 0
    pd.testing.assert_frame_equal(_read(tmp_path / "dask.parquet"), _read(tmp_path / "pandas.parquet"))
    assert len(_read(tmp_path / "dask.parquet")) == 2240
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dask.csv", "dask.parquet", "mixed", "pandas.csv", "pandas.parquet"
    ]  # fmt: skip


def _with_bad_rows(customers: pd.DataFrame, folder: Path) -> Path:
    """A dataset of two files with bad rows in the second only: row 4 (text income) and row 301 (negative)."""
    folder.mkdir()
    customers.iloc[:1000].to_parquet(folder / "part.0.parquet", row_group_size=250)
    # Parquet holds a column of one type: incomes as text, as some exports write them.
    bad = customers.iloc[1000:].astype({"Income": "string"}).reset_index(drop=True)
    bad.iloc[3, bad.columns.get_loc("Income")] = "lots"
    bad.iloc[300, bad.columns.get_loc("MntFishProducts")] = -10
    bad.to_parquet(folder / "part.1.parquet", row_group_size=250)
    return folder


def test_bad_rows_on_dask_are_refused_or_skipped_as_on_pandas(model, customers, scheduler, tmp_path, capsys):
    lake = _with_bad_rows(customers, tmp_path / "lake")
    out = tmp_path / "scored"
    out.mkdir()
    (out / "part.000000.parquet").write_bytes(b"an earlier output")
    for engine in ("dask", "pandas"):
        target = out if engine == "dask" else tmp_path / "pandas.parquet"
        assert _score(model, lake, target, "--engine", engine, *(["--scheduler", scheduler] * (engine == "dask"))) == 2
        err = capsys.readouterr().err.strip()
        # The dashboard's address (Dask) and then one line.
        assert len([line for line in err.splitlines() if not line.startswith("Dask dashboard:")]) == 1
        assert err.splitlines()[-1].startswith("error: ") and "Traceback" not in err
        assert f"error: {lake / 'part.1.parquet'}: bad customer rows, nothing written" in err
        assert f"{lake / 'part.1.parquet'} row 4: Income must be numeric ('lots')" in err
    assert [(p.name, p.read_bytes()) for p in out.iterdir()] == [("part.000000.parquet", b"an earlier output")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "scored"]
    skipped = {}
    for engine, target in (("dask", out), ("pandas", tmp_path / "pandas.parquet")):
        options = ["--on-error", "skip", "--engine", engine, *(["--scheduler", scheduler] * (engine == "dask"))]
        assert _score(model, lake, target, *options) == 0
        skipped[engine] = capsys.readouterr()
    for stream in ("out", "err"):
        # The same lines, but for the engine, the output's name and the time taken, and the dashboard's address.
        lines = {
            engine: [
                line.split(" into ")[0]
                for line in getattr(captured, stream).splitlines()
                if not line.startswith(("Dask dashboard:", "engine: "))
            ]
            for engine, captured in skipped.items()
        }
        assert lines["dask"] == lines["pandas"]
    assert "skipped 2 bad rows" in skipped["dask"].out
    assert f"{lake / 'part.1.parquet'} row 301: MntFishProducts must not be negative (-10)" in skipped["dask"].err
    pd.testing.assert_frame_equal(_read(out), _read(tmp_path / "pandas.parquet"))
    assert len(_read(out)) == 2240 - 2


def test_a_file_the_loader_refuses_stops_a_dask_run_with_its_message(model, customers, scheduler, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    layouts.write(customers.iloc[:1000], folder / "a.csv", index=True)
    layouts.write(customers.iloc[1000:].drop(columns=["Recency"]), folder / "b.csv", index=True)
    assert _score(model, folder / "*.csv", tmp_path / "out.parquet", "--scheduler", scheduler) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines()[-1].startswith(f"error: {folder / 'b.csv'} lacks required column(s): Recency")
    assert "Traceback" not in err and not (tmp_path / "out.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


# --- a worker killed mid-scoring --------------------------------------------------------------


@pytest.fixture(scope="module")
def many_pieces(tmp_path_factory) -> Path:
    """40,000 customers in row groups of 1,000: forty tasks, long enough to kill a worker in the middle."""
    path = tmp_path_factory.mktemp("many") / "customers.parquet"
    generator.generate(40_000, seed=3).to_parquet(path, row_group_size=1_000)
    return path


def _worker_process(worker: subprocess.Popen) -> psutil.Process:
    """The worker itself: ``dask worker`` runs a nanny, which spawns it (and multiprocessing's resource tracker);
    the nanny starts a new worker when this one dies."""
    children = psutil.Process(worker.pid).children(recursive=True)
    return next(child for child in children if "spawn_main" in " ".join(child.cmdline()))


def _parts_written(out: Path) -> bool:
    for staging in out.parent.glob(f".{out.name}.parts-*"):
        with contextlib.suppress(FileNotFoundError):
            if any(staging.iterdir()):
                return True
    return False


def _score_killing_a_worker(model, data, out: Path, address: str, workers: list[subprocess.Popen]):
    """Run the command in its own process; SIGKILL one worker process once the first part is written."""
    command = [sys.executable, "-m", "helpers", "score", "--model", str(model), "--data", str(data),
               "--out", str(out), "--scheduler", address]  # fmt: skip
    run = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and run.poll() is None and time.monotonic() < deadline:
        if _parts_written(out):
            killed = _worker_process(workers[0])
            killed.kill()
        time.sleep(0.02)
    stdout, stderr = run.communicate(timeout=180)
    assert killed is not None, "scoring ended before a worker could be killed"
    return run.returncode, stdout, stderr


def test_a_worker_killed_mid_scoring_is_replaced_and_the_output_is_whole(model, many_pieces, tmp_path):
    out = tmp_path / "scored"
    with dask_processes(tmp_path) as (address, workers):
        code, stdout, stderr = _score_killing_a_worker(model, many_pieces, out, address, workers)
    assert code == 0, stderr
    assert "scored 40,000 customers" in stdout
    score_file(model, many_pieces, tmp_path / "pandas.parquet")
    pd.testing.assert_frame_equal(_read(out), _read(tmp_path / "pandas.parquet"))
    assert not list(tmp_path.glob(".scored*"))


def test_a_run_whose_workers_keep_dying_stops_with_one_line_and_keeps_the_previous_output(model, many_pieces, tmp_path):
    out = tmp_path / "scored"
    out.mkdir()
    (out / "part.000000.parquet").write_bytes(b"previous output")
    # No retries: the first worker lost while scoring fails the run.
    with dask_processes(tmp_path, allowed_failures=0) as (address, workers):
        code, _, stderr = _score_killing_a_worker(model, many_pieces, out, address, workers)
    assert code == 1
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("error: Dask workers died while scoring") and "nothing written" in last
    assert "Traceback" not in stderr
    assert [(p.name, p.read_bytes()) for p in out.iterdir()] == [("part.000000.parquet", b"previous output")]
    assert not list(tmp_path.glob(".scored*"))


def test_a_staging_folder_a_worker_keeps_writing_into_is_removed_whole(tmp_path):
    """A failed run removes its staging folder while surviving workers may still add parts to it (a run whose
    workers kept dying left ``.scored.parts-N`` behind once in CI): a writer adding files by the folder's path
    as fast as it can, ten times over, never keeps it alive. A plain ``shutil.rmtree`` loses this race nearly
    every time here."""
    for attempt in range(10):
        staging = tmp_path / f".scored.parts-{attempt}"
        staging.mkdir()
        for number in range(200):
            (staging / f"part.{number:06d}.parquet").write_bytes(b"part")
        stop = threading.Event()

        def late_worker(staging=staging, stop=stop):
            number = 0
            while not stop.is_set():
                with contextlib.suppress(OSError):  # the folder is gone: nothing to write into
                    (staging / f".late.{number}.partial").write_bytes(b"late")
                number += 1

        writer = threading.Thread(target=late_worker)
        writer.start()
        try:
            remove_staging(staging)
        finally:
            stop.set()
            writer.join()
        assert list(tmp_path.iterdir()) == []
    remove_staging(tmp_path / "never made")  # nothing to remove: no error
