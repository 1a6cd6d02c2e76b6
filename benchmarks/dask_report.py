"""The report on pandas beside the report on Dask: do they agree, and how small do the command and its kernels stay?

A benchmark, not a test: nothing is asserted, figures are printed. For each size it writes that many synthetic
customers (``python -m helpers synth``) as a Parquet dataset folder (a part per 250,000 customers) and runs, through the
command line only, with the same ``--sample-rows``:

1. ``report --engine pandas``;
2. ``report --engine dask``, on the LocalCluster the command starts (two single-threaded workers);
3. ``report --scheduler ADDRESS``, on a real ``dask scheduler`` with two ``dask worker`` processes on 127.0.0.1,
   started here as a team would start its own.

Each run's wall time and the peak resident memory of the command, of its largest notebook kernel and of its largest
worker, the size of its HTML pages (to stay flat at every scale) and of its artifacts on disk; each Dask run's
agreement with the pandas report: the same persona names, the worst gap in a persona's share, the adjusted Rand
index of every analysed customer's persona (matched by ID), whether the personas' customers add up to the analysed
customers and whether the plan's expected profit lies inside the pandas plan's 95% interval; and its contact list
against ``score`` with its own saved model: the share of customers they mark differently, and whether all of them
are of the learning sample (whose list probabilities are held out, the scorer's the final model's).

``bench.py`` runs it (``--dask-report-sizes``); on its own: ``.venv/bin/python benchmarks/dask_report.py
[--sizes 200000,1000000] [--sample-rows 250000] [--work DIR] [--markdown]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import psutil
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the measuring and the tables of make bench)

RUNS = ("pandas", "dask (LocalCluster)", "dask (own scheduler)")
WORKERS = 2
WORKER_MEMORY = "4GiB"
# ``--dask-worker-memory machine``: the command's own cluster, sized from the machine as a user's run is.
MACHINE_SIZED = "machine"
DEFAULT_SIZES = (200_000, 1_000_000)
DEFAULT_SAMPLE_ROWS = 250_000  # the report's own default


@dataclass
class Agreement:
    """A Dask report against the pandas one, and its contact list against scoring with its own saved model."""

    same_names: bool
    worst_share_gap: float | None  # percentage points, when the names are the same
    adjusted_rand: float
    counts_add_up: bool  # the personas' customers sum to the analysed customers
    plan_in_interval: bool | None  # the plan's expected profit inside the pandas plan's 95% interval
    list_vs_score_percent: float | None = None  # customers the list and `score` mark differently
    differences_in_sample: bool | None = None  # every such customer is of the learning sample


@dataclass
class SizeRuns:
    rows: int
    sample_rows: int
    runs: dict[str, bench.Run] = field(default_factory=dict)
    agreement: dict[str, Agreement] = field(default_factory=dict)
    html_bytes: dict[str, int] = field(default_factory=dict)  # every page of a run's report, to stay flat
    artifacts_bytes: dict[str, int] = field(default_factory=dict)  # its hand-overs and outputs on disk


def lake(rows: int, work: Path, timeout: float) -> Path | None:
    """``rows`` synthetic customers as a Parquet dataset folder, made once per size and seed by ``helpers synth``
    itself (a part per chunk of the generator, in bounded memory: 50,000,000 customers never pass through this
    process). The command writes the folder in a staging place and moves it in whole, so a folder that is there
    is complete."""
    folder = work / f"lake_{rows}"
    if any(folder.glob("part.*.parquet")):
        return folder
    synth = bench.measure(
        bench.helpers_cli("synth", "--rows", str(rows), "--seed", "1", "--out", str(folder)),
        work / "logs" / f"synth_{rows}.log",
        timeout,
    )
    bench.progress(rows, "synth", synth)
    return folder if synth.ok else None


@contextlib.contextmanager
def own_scheduler(logs: Path) -> Iterator[tuple[str, list[psutil.Process]]]:
    """A ``dask scheduler`` and ``WORKERS`` ``dask worker`` processes on 127.0.0.1, as the README starts them:
    their address and the worker processes (nannies and workers) to measure."""
    from distributed import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = Path(sys.executable).with_name("dask")
    logs.mkdir(parents=True, exist_ok=True)
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]] + [
        [dask, "worker", address, "--nthreads", "1", "--memory-limit", WORKER_MEMORY, "--no-dashboard"]
    ] * WORKERS
    started = []
    try:
        for number, command in enumerate(commands):
            with (logs / f"own_scheduler_{number}.log").open("w") as log:
                started.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=bench.ROOT))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(WORKERS, timeout=120)
        workers = [psutil.Process(process.pid) for process in started[1:]]
        yield address, [member for worker in workers for member in (worker, *worker.children(recursive=True))]
    finally:
        for process in reversed(started):  # the workers before their scheduler
            if process.poll() is None:
                bench.stop_tree(psutil.Process(process.pid))
            process.wait(timeout=60)


def assigned_personas(report: Path) -> pd.Series:
    """Every analysed customer's persona id, by ID (a file or a dataset folder)."""
    return pd.read_parquet(report / "artifacts" / "assignments.parquet").set_index("ID")["persona_id"]


def agreement(pandas_report: Path, dask_report: Path) -> Agreement:
    first, second = (json.loads((r / "artifacts" / "summary.json").read_text()) for r in (pandas_report, dask_report))
    shares = [{p["name"]: p["share_percent"] for p in summary["personas"]} for summary in (first, second)]
    same = list(shares[0]) == list(shares[1])
    gap = max(abs(shares[0][name] - shares[1][name]) for name in shares[0]) if same else None
    personas = [assigned_personas(report) for report in (pandas_report, dask_report)]
    both = personas[0].index.intersection(personas[1].index)
    counted = sum(persona["customers"] for persona in second["personas"]) == second["rows_used"]
    plans = [summary["targeting"]["plan"] for summary in (first, second)]
    inside = None
    if plans[0] and plans[1]:
        low, high = plans[0]["expected_profit_ci"]
        inside = low <= plans[1]["expected_profit"] <= high
    ari = float(adjusted_rand_score(personas[0][both], personas[1][both]))
    return Agreement(same, gap, ari, counted, inside)


def list_against_score(report: Path, data: Path, work: Path, timeout: float) -> tuple[float, bool] | None:
    """The share of customers (percent) whom ``report``'s contact list and ``score`` with its saved model mark
    differently, and whether every one of them is of the learning sample; None without a list or a score."""
    artifacts = report / "artifacts"
    written = next((path for path in (artifacts / "contact_list.parquet", artifacts / "contact_list.csv")
                    if path.exists()), None)  # fmt: skip
    if written is None:
        return None
    scored = work / f"scored_{report.name}.parquet"
    command = bench.helpers_cli("score", "--model", str(artifacts / "model.skops"), "--data", str(data),
                                "--out", str(scored), "--engine", "pandas")  # fmt: skip
    run = bench.measure(command, work / "logs" / f"score_{report.name}.log", timeout)
    if not run.ok:
        return None
    listed = (pd.read_parquet(written) if written.suffix == ".parquet" else pd.read_csv(written)).set_index("ID")
    marked = pd.read_parquet(scored, columns=["ID", "contact"]).set_index("ID")["contact"].astype(bool)
    differ = listed.index[(listed["contact"] == "yes") != marked.loc[listed.index].to_numpy()]
    sample = set(pd.read_parquet(artifacts / "sample.parquet", columns=["ID"])["ID"])
    return 100 * len(differ) / len(listed), all(customer in sample for customer in differ)


def run_size(
    rows: int,
    sample_rows: int,
    work: Path,
    timeout: float,
    runs: tuple[str, ...] = RUNS,
    worker_memory: str = WORKER_MEMORY,
) -> SizeRuns:
    """The ``runs`` of ``RUNS`` (all by default) on ``rows`` customers; agreement needs the pandas run. The
    LocalCluster has ``WORKERS`` workers of ``worker_memory`` each, or the command's own sizing (``MACHINE_SIZED``)."""
    result = SizeRuns(rows, sample_rows)
    data = lake(rows, work, timeout)
    if data is None:
        return result
    logs = work / "logs"
    reports = {name: work / f"report_{rows}_{number}" for number, name in enumerate(RUNS)}
    common = ["report", "--data", str(data), "--sample-rows", str(sample_rows), *bench.cell_timeout(timeout)]
    sized = [] if worker_memory == MACHINE_SIZED else ["--workers", str(WORKERS), "--memory-limit", worker_memory]
    local = ["--engine", "dask", *sized]
    for name, extra in ((RUNS[0], ["--engine", "pandas"]), (RUNS[1], local)):
        if name not in runs:
            continue
        command = bench.helpers_cli(*common, "--out", str(reports[name]), *extra)
        result.runs[name] = bench.measure(command, logs / f"{reports[name].name}.log", timeout)
        bench.progress(rows, f"report, {name}", result.runs[name])
    if RUNS[2] in runs:
        with own_scheduler(logs) as (address, workers):
            command = bench.helpers_cli(*common, "--out", str(reports[RUNS[2]]), "--scheduler", address)
            result.runs[RUNS[2]] = bench.measure(command, logs / f"{reports[RUNS[2]].name}.log", timeout, workers)
            bench.progress(rows, f"report, {RUNS[2]}", result.runs[RUNS[2]])
    for name, measured in result.runs.items():
        if measured.ok:
            result.html_bytes[name] = bench.html_bytes(reports[name])
            artifacts = (reports[name] / "artifacts").rglob("*")
            result.artifacts_bytes[name] = sum(path.stat().st_size for path in artifacts if path.is_file())
    if RUNS[0] in result.runs and result.runs[RUNS[0]].ok:
        for name in RUNS[1:]:
            if name in result.runs and result.runs[name].ok:
                result.agreement[name] = agreement(reports[RUNS[0]], reports[name])
                if (against := list_against_score(reports[name], data, work, timeout)) is not None:
                    agreed = result.agreement[name]
                    agreed.list_vs_score_percent, agreed.differences_in_sample = against
    return result


def _gib(run: bench.Run, kind: str) -> str:
    value = run.peak_rss_by_kind.get(kind) if run.ok else None
    return f"{value / bench.GIB:.2f}" if value else "–"


def _yes_no(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "no")


def table(results: list[SizeRuns], markdown: bool) -> str:
    headings = [
        "customers", "learning sample", "run", "wall s", "command GiB", "largest kernel GiB", "largest worker GiB",
        "others' CPU", "HTML MB", "artifacts GiB", "same persona names", "worst share gap (points)",
        "adjusted Rand (by ID)", "counts add up", "plan inside pandas interval", "list vs score differ",
        "all in learning sample",
    ]  # fmt: skip
    rows = []
    for result in results:
        for name, run in result.runs.items():
            agreed = result.agreement.get(name)
            rows.append(
                [
                    f"{result.rows:,}", f"{min(result.rows, result.sample_rows):,}", name, bench.timed(run),
                    _gib(run, "command"), _gib(run, "kernel"), _gib(run, "worker"),
                    f"{run.others_share:.0%}" if run.others_share is not None else "–",
                    f"{result.html_bytes[name] / bench.MB:.1f}" if name in result.html_bytes else "–",
                    f"{result.artifacts_bytes[name] / bench.GIB:.2f}" if name in result.artifacts_bytes else "–",
                    "–" if agreed is None else ("yes" if agreed.same_names else "no"),
                    "–" if agreed is None or agreed.worst_share_gap is None else f"{agreed.worst_share_gap:.2f}",
                    "–" if agreed is None else f"{agreed.adjusted_rand:.4f}",
                    _yes_no(None if agreed is None else agreed.counts_add_up),
                    _yes_no(None if agreed is None else agreed.plan_in_interval),
                    "–" if agreed is None or agreed.list_vs_score_percent is None
                    else f"{agreed.list_vs_score_percent:.2f}%",
                    _yes_no(None if agreed is None else agreed.differences_in_sample),
                ]
            )  # fmt: skip
    return bench.markdown_table(headings, rows) if markdown else bench.plain_table(headings, rows)


def run(
    sizes: list[int],
    sample_rows: int,
    work: Path,
    timeout: float,
    runs: tuple[str, ...] = RUNS,
    worker_memory: str = WORKER_MEMORY,
) -> list[SizeRuns]:
    """Every size, its results written to ``work/dask_report.json`` after each, so an interrupted run keeps them."""
    results = []
    for rows in sizes:
        results.append(run_size(rows, sample_rows, work, timeout, runs, worker_memory))
        record = {"header": bench.header_lines(), "results": [asdict(result) for result in results]}
        (work / "dask_report.json").write_text(json.dumps(record, indent=1))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=bench.parse_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument("--sample-rows", type=int, default=DEFAULT_SAMPLE_ROWS)
    parser.add_argument("--work", type=Path, default=bench.ROOT / "outputs" / "bench")
    parser.add_argument("--timeout", type=float, default=30 * 60, help="seconds per command (default: 1800)")
    parser.add_argument("--markdown", action="store_true", help="also print the results as Markdown")
    parser.add_argument(
        "--runs",
        type=lambda text: tuple(RUNS[int(number)] for number in text.split(",")),
        default=RUNS,
        help="which runs, by number: 0 pandas, 1 Dask on a LocalCluster, 2 Dask on a scheduler of its own "
        "(default: 0,1,2; agreement needs 0), e.g. --runs 1 for the memory of a Dask run alone",
    )
    options = parser.parse_args(argv)
    work = options.work.expanduser().resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = run(options.sizes, options.sample_rows, work, options.timeout, options.runs)
    print("\n".join(bench.header_lines()) + f"\n\nThe report, pandas beside Dask ({os.cpu_count()} cores):\n")
    print(table(results, markdown=False))
    if options.markdown:
        print("\n" + table(results, markdown=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
