"""Benchmark the report, the scorer and the seed method at growing sizes; print one table.

A benchmark, not a test: nothing is asserted, figures are printed. For each size
it times, through the command line only (so it measures what a user runs):

1. ``python -m helpers synth`` writing a Parquet file of that many customers;
2. ``python -m helpers report`` on it: wall time, peak memory of the whole process
   tree (the CLI and every kernel it starts), HTML size, and the time per stage
   from the executed notebooks' papermill metadata, "other" being the rest
   (kernel start-up, HTML rendering, moving the run into place);
3. ``python -m helpers score`` on the same file with the report's model;
4. the seed method (``seed_method.py``) on the same customers as CSV, up to
   100,000 rows, since its silhouette over all rows is quadratic;
5. once, ``python -m helpers score`` with ``--engine pandas`` and with ``--engine dask``
   (a LocalCluster of two workers) on ``--dask-rows`` customers (default 2,000,000;
   10,000,000 with --with-10m), Parquet in, Parquet out: customers per second of
   each and peak memory of the largest worker;
6. the whole report on pandas beside Dask, on a LocalCluster and on a scheduler and workers of its own, over
   a Parquet folder of ``--dask-report-sizes`` customers (``dask_report.py``): wall time, peak memory of the
   command, its largest kernel and its largest worker, how far the personas and the plans agree, and how
   many customers the contact list and ``score`` mark differently; with ``--dask-memory-rows``, also a
   report on Dask alone at that size, for the peaks of the command, its kernels and its workers.

A size that fails or runs past its timeout is recorded as such and the next
size still runs. Everything is written under ``--work`` (default
``outputs/bench``, ignored by git): data, reports, logs of every command and
``results.json``.

Usage: ``.venv/bin/python benchmarks/bench.py [--sizes 2240,100000,1000000]
[--with-10m] [--dask-rows 2000000] [--dask-report-sizes 200000,1000000] [--dask-memory-rows 5000000]
[--work DIR] [--skip-seed] [--markdown]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import psutil  # installed with ipykernel, a dependency of the project

ROOT = Path(__file__).resolve().parents[1]
SEED_METHOD = Path(__file__).resolve().with_name("seed_method.py")
DEFAULT_SIZES = (2_240, 100_000, 1_000_000)
TEN_MILLION = 10_000_000
SEED_METHOD_MAX_ROWS = 100_000  # above this the seed's all-rows silhouette would take hours
POLL_SECONDS = 0.1
GIB = 2**30
MB = 10**6
SLOWEST_CELLS = 3
SCORER_RATE = re.compile(r"\(([\d,]+) per second\)")  # the scorer's last line: "... in 1.62 s (615,841 per second)"
BUSY_MACHINE = 0.10  # share of the CPU used by other processes above which a timing is flagged


# --- running and measuring one command -------------------------------------------------


@dataclass
class Run:
    """How one command went: status is ok, failed, timed out or skipped.

    ``cpu_seconds`` is the CPU time of the command's process tree; ``others_share``
    the share of the machine's CPU that other processes used meanwhile, since
    on a shared machine their load inflates the wall time.
    """

    status: str
    wall: float | None = None
    peak_rss: int | None = None
    log: str | None = None
    detail: str = ""
    cpu_seconds: float | None = None
    others_share: float | None = None
    peak_rss_main: int | None = None  # the command's own process, without its kernels
    peak_rss_child: int | None = None  # the largest of its descendants (a kernel, a Dask worker) on its own
    # The largest single process of each kind: the command, a notebook kernel, a Dask worker (its own or one of
    # ``measure``'s ``workers``), anything else.
    peak_rss_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def tree_rss(process: psutil.Process) -> tuple[int, int, int]:
    """Summed resident memory of ``process`` and all its descendants, of ``process`` alone, and of its largest
    descendant, in bytes.

    Pages shared between processes (libraries, copy-on-write) count once per
    process, so the sum overstates the physical memory used; it is what a
    machine must be able to hold if nothing is shared.
    """
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:  # the process has just exited
        return 0, 0, 0
    sizes = []
    for member in members:
        try:
            sizes.append(member.memory_info().rss)
        except psutil.Error:  # a kernel exited between listing and reading
            sizes.append(0)
    return sum(sizes), sizes[0], max(sizes[1:], default=0)


def process_kind(member: psutil.Process, command: psutil.Process, workers: list[psutil.Process]) -> str:
    """What a process of a measured run is: the command itself, a notebook kernel, a Dask worker (a LocalCluster
    starts its workers as multiprocessing children; ``workers`` are those of a scheduler of one's own), or other."""
    if member.pid == command.pid:
        return "command"
    if member in workers:
        return "worker"
    try:
        line = " ".join(member.cmdline())
    except psutil.Error:
        return "other"
    if "ipykernel" in line:
        return "kernel"
    return "worker" if "multiprocessing" in line and "resource_tracker" not in line else "other"


def rss_by_kind(command: psutil.Process, workers: list[psutil.Process]) -> dict[str, int]:
    """The largest resident memory of one process of each kind (``process_kind``), in bytes."""
    try:
        members = [command, *command.children(recursive=True), *workers]
    except psutil.Error:
        return {}
    largest: dict[str, int] = {}
    for member in members:
        try:
            kind, rss = process_kind(member, command, workers), member.memory_info().rss
        except psutil.Error:
            continue
        largest[kind] = max(largest.get(kind, 0), rss)
    return largest


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (guest time is already in user time)."""
    times = psutil.cpu_times()
    return sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq"))


def children_cpu_seconds() -> float:
    """CPU seconds of this process's waited-for descendants; kernels are waited for by the CLI, so they count."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU used by one command's process tree, and by everything else on the machine meanwhile."""

    def __init__(self):
        self.machine = busy_cpu_seconds()
        self.tree = children_cpu_seconds()

    def read(self, wall: float) -> tuple[float, float]:
        tree = children_cpu_seconds() - self.tree
        others = max(busy_cpu_seconds() - self.machine - tree, 0.0)
        return round(tree, 2), round(others / (wall * (os.cpu_count() or 1)), 3)


def stop_tree(process: psutil.Process) -> None:
    """Terminate ``process`` and its descendants (listed first, so no kernel is orphaned), then kill stragglers."""
    try:
        members = [*process.children(recursive=True), process]
    except psutil.NoSuchProcess:
        return
    for member in members:
        try:
            member.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(members, timeout=10)
    for member in alive:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass


def last_error_line(log: Path) -> str:
    """The line of a command's output that best says why it failed."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("error:") or "Error" in line.split(":")[0]:
            return line[:300]
    return lines[-1][:300] if lines else "(no output)"


def measure(command: list[str], log: Path, timeout: float, workers: list[psutil.Process] = ()) -> Run:
    """Run ``command`` from the project root, polling the RSS of its process tree (and of ``workers``, Dask
    workers it does not start) until it exits.

    Output goes to ``log`` rather than a pipe, which could fill up and stall the
    command. Past ``timeout`` seconds the whole tree is stopped.
    """
    workers = list(workers)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        cpu = CpuMeter()
        started = time.perf_counter()
        popen = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        process = psutil.Process(popen.pid)
        peak = peak_main = peak_child = 0
        by_kind: dict[str, int] = {}
        status, detail = "ok", ""
        try:
            while True:
                total, main, child = tree_rss(process)
                peak, peak_main, peak_child = max(peak, total), max(peak_main, main), max(peak_child, child)
                for kind, rss in rss_by_kind(process, workers).items():
                    by_kind[kind] = max(by_kind.get(kind, 0), rss)
                try:
                    popen.wait(timeout=POLL_SECONDS)  # doubles as the polling interval
                    break
                except subprocess.TimeoutExpired:
                    if time.perf_counter() - started > timeout:
                        stop_tree(process)
                        popen.wait()
                        status, detail = "timed out", f"stopped after {timeout:.0f} s"
                        break
        except BaseException:  # Ctrl-C or a harness error: leave no kernel running
            stop_tree(process)
            raise
        wall = time.perf_counter() - started
    if status == "ok" and popen.returncode != 0:
        status, detail = "failed", f"exit {popen.returncode}: {last_error_line(log)}"
    tree_cpu, others = cpu.read(wall)
    return Run(status, wall, peak, str(log), detail, tree_cpu, others, peak_main, peak_child, by_kind)


def helpers_cli(*arguments: str) -> list[str]:
    """``python -m helpers ...`` with the interpreter running this benchmark (the project's venv)."""
    return [sys.executable, "-m", "helpers", *arguments]


def cell_timeout(timeout: float) -> list[str]:
    """The report's ``--cell-timeout`` for a command the bench stops after ``timeout`` seconds: a cell may run as
    long as its command (the report's default, 600 s, is a guard for a user's run; one cell of 100,000,000
    customers takes longer)."""
    return ["--cell-timeout", str(max(1, int(timeout)))]


# --- what the report left behind -------------------------------------------------------


def executed_notebooks(report_dir: Path) -> Path | None:
    """The executed notebooks of a run; after a failure, those of its partial staging folder."""
    for candidate in (report_dir / "notebooks", report_dir.with_name(f".{report_dir.name}.partial") / "notebooks"):
        if candidate.is_dir():
            return candidate
    return None


def stage_durations(notebooks: Path | None) -> dict[str, float | None]:
    """Seconds per stage notebook as papermill recorded them (None for a stage that did not finish)."""
    if notebooks is None:
        return {}
    durations = {}
    for path in sorted(notebooks.glob("*.ipynb")):
        papermill = json.loads(path.read_text()).get("metadata", {}).get("papermill", {})
        durations[path.stem] = papermill.get("duration")
    return durations


def stopped_where(notebooks: Path | None) -> str:
    """Which stage a failed or stopped run was in, from papermill's record of each notebook."""
    finished = []
    for path in sorted(notebooks.glob("*.ipynb")) if notebooks else []:
        papermill = json.loads(path.read_text()).get("metadata", {}).get("papermill", {})
        if papermill.get("exception") or papermill.get("duration") is None:
            return f"in {path.stem}"
        finished.append(path.stem)
    return f"after {finished[-1]}" if finished else "before the first stage"


def slowest_cells(notebooks: Path | None, count: int = SLOWEST_CELLS) -> list[dict]:
    """The ``count`` slowest cells of a run, with their stage and first line of code."""
    if notebooks is None:
        return []
    cells = []
    for path in sorted(notebooks.glob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text()).get("cells", [])):
            seconds = cell.get("metadata", {}).get("papermill", {}).get("duration")
            if cell.get("cell_type") == "code" and seconds:
                source = "".join(cell.get("source", "")).strip().splitlines()
                cells.append(
                    {
                        "stage": path.stem,
                        "cell": number,
                        "seconds": round(seconds, 2),
                        "code": source[0][:70] if source else "",
                    }
                )
    return sorted(cells, key=lambda c: -c["seconds"])[:count]


def html_bytes(report_dir: Path) -> int:
    """Total size of every HTML page the report wrote (analyst and business views, landing page)."""
    return sum(path.stat().st_size for path in report_dir.rglob("*.html"))


# --- the steps for one size ------------------------------------------------------------


@dataclass
class SizeResult:
    rows: int
    synth: Run
    report: Run = field(default_factory=lambda: Run("skipped"))
    html_bytes: int | None = None
    stages: dict[str, float | None] = field(default_factory=dict)
    slowest_cells: list[dict] = field(default_factory=list)
    score: Run = field(default_factory=lambda: Run("skipped"))
    score_model_rows: int | None = None  # rows of the report whose model scored this size
    score_own_rate: float | None = (
        None  # customers per second as the scorer reports it: without interpreter start-up and model load
    )
    seed: Run = field(default_factory=lambda: Run("skipped"))
    seed_phases: dict[str, float] = field(default_factory=dict)


def synthesize(rows: int, work: Path, timeout: float) -> tuple[Run, Path]:
    data = work / f"customers_{rows}.parquet"
    data.unlink(missing_ok=True)  # a stale file must not pass for this run's output
    command = helpers_cli("synth", "--rows", str(rows), "--seed", "1", "--out", str(data))
    return measure(command, work / "logs" / f"synth_{rows}.log", timeout), data


def synthesize_dataset(rows: int, work: Path, timeout: float) -> tuple[Run, int, int]:
    """``helpers synth`` into a dataset folder (issue 25: 100,000,000 customers in bounded memory): the run, the
    folder's parts and its bytes on disk. The folder is removed afterwards; it is the command that is measured."""
    folder = work / f"lake_{rows}"
    shutil.rmtree(folder, ignore_errors=True)
    command = helpers_cli("synth", "--rows", str(rows), "--seed", "1", "--out", str(folder))
    run = measure(command, work / "logs" / f"synth_dataset_{rows}.log", timeout)
    parts = sorted(folder.glob("part.*.parquet")) if run.ok else []
    size = sum(part.stat().st_size for part in parts)
    shutil.rmtree(folder, ignore_errors=True)
    return run, len(parts), size


def dataset_line(rows: int, run: Run, parts: int, size: int) -> str:
    if not run.ok:
        return f"synth into a dataset folder, {rows:,} customers: {run.status} ({run.detail})"
    return (
        f"synth into a dataset folder, {rows:,} customers: {run.wall:.1f} s, peak {run.peak_rss / GIB:.2f} GiB "
        f"resident, {parts:,} parts, {size / GIB:.2f} GiB on disk (others used {run.others_share:.0%} of the CPU)"
    )


def run_report(result: SizeResult, data: Path, work: Path, timeout: float) -> Path:
    """Run the report into ``work/report_<rows>`` and record its figures in ``result``."""
    out = work / f"report_{result.rows}"
    # Earlier runs' outputs would otherwise be read as this run's figures.
    for stale in (out, out.with_name(f".{out.name}.partial"), out.with_name(f".{out.name}.previous")):
        shutil.rmtree(stale, ignore_errors=True)
    command = helpers_cli("report", "--data", str(data), "--out", str(out), *cell_timeout(timeout))
    result.report = measure(command, work / "logs" / f"report_{result.rows}.log", timeout)
    notebooks = executed_notebooks(out)
    result.stages = stage_durations(notebooks)
    result.slowest_cells = slowest_cells(notebooks)
    if result.report.ok:
        result.html_bytes = html_bytes(out)
    else:
        result.report.detail += f" ({stopped_where(notebooks)})"
    return out / "artifacts" / "model.skops"


def run_scorer(result: SizeResult, data: Path, model: Path, model_rows: int, work: Path, timeout: float) -> None:
    scored = work / f"scored_{result.rows}.parquet"
    scored.unlink(missing_ok=True)
    command = helpers_cli("score", "--model", str(model), "--data", str(data), "--out", str(scored))
    log = work / "logs" / f"score_{result.rows}.log"
    result.score = measure(command, log, timeout)
    result.score_model_rows = model_rows
    if result.score.ok and (rate := SCORER_RATE.search(log.read_text())):
        result.score_own_rate = float(rate.group(1).replace(",", ""))


def run_seed_method(result: SizeResult, data: Path, work: Path, timeout: float) -> None:
    """Time the seed method on the same customers, as the CSV it read (written outside the timing)."""
    csv = work / f"customers_{result.rows}.csv"
    # index=True: the Rakamin file starts with the pandas index, which the seed then read back.
    pd.read_parquet(data).to_csv(csv, index=True, lineterminator="\n")
    log = work / "logs" / f"seed_{result.rows}.log"
    result.seed = measure([sys.executable, str(SEED_METHOD), "--data", str(csv)], log, timeout)
    if result.seed.ok:
        report_line = [line for line in log.read_text().splitlines() if line.startswith("{")][-1]
        result.seed_phases = json.loads(report_line)["seconds"]


def benchmark_size(
    rows: int, work: Path, options: argparse.Namespace, fallback_model: tuple[Path, int] | None
) -> SizeResult:
    """Every step for one size; a step whose input is missing is skipped, not fatal."""
    synth, data = synthesize(rows, work, options.step_timeout)
    result = SizeResult(rows, synth)
    progress(rows, "synth", synth)
    if not synth.ok:
        return result
    model = run_report(result, data, work, options.report_timeout)
    progress(rows, "report", result.report)
    # Scoring speed does not depend on which report trained the model, so a size
    # whose report failed is scored with the largest model that exists.
    if result.report.ok:
        run_scorer(result, data, model, rows, work, options.step_timeout)
    elif fallback_model is not None:
        run_scorer(result, data, *fallback_model, work, options.step_timeout)
    progress(rows, "score", result.score)
    if not options.skip_seed and rows <= SEED_METHOD_MAX_ROWS:
        run_seed_method(result, data, work, options.seed_timeout)
        progress(rows, "seed method", result.seed)
    return result


def progress(rows: int, step: str, run: Run) -> None:
    """One line per finished step on stderr, so a long run shows where it is."""
    figures = ""
    if run.wall is not None:
        figures = f" {run.wall:.1f} s, peak {run.peak_rss / GIB:.2f} GiB, others used {run.others_share:.0%} of the CPU"
    detail = f" ({run.detail})" if run.detail else ""
    print(f"[{rows:,} rows] {step}: {run.status}{figures}{detail}", file=sys.stderr, flush=True)


# --- pandas against Dask on one large Parquet input ---------------------------------------

DASK_DEFAULT_ROWS = 2_000_000


@dataclass
class DaskScoring:
    """The same customers scored Parquet to Parquet by the single-process scorer and by Dask on a
    LocalCluster of two single-threaded workers started by the command."""

    rows: int
    pandas: Run = field(default_factory=lambda: Run("skipped"))
    pandas_own_rate: float | None = None
    dask: Run = field(default_factory=lambda: Run("skipped"))
    dask_own_rate: float | None = None


def scorer_rate(log: Path) -> float | None:
    rate = SCORER_RATE.search(log.read_text())
    return float(rate.group(1).replace(",", "")) if rate else None


def run_dask_scoring(rows: int, work: Path, model: Path, timeout: float) -> DaskScoring:
    result = DaskScoring(rows)
    data = work / f"customers_{rows}.parquet"
    if not data.is_file():  # made by the sizes above when they include this one
        synth, data = synthesize(rows, work, timeout)
        progress(rows, "synth for Dask scoring", synth)
        if not synth.ok:
            return result
    for engine in ("pandas", "dask"):
        out = work / f"scored_{rows}_{engine}" if engine == "dask" else work / f"scored_{rows}_pandas.parquet"
        # An earlier run's output must not pass for this one's.
        if out.is_dir():
            shutil.rmtree(out)
        out.unlink(missing_ok=True)
        log = work / "logs" / f"score_{rows}_{engine}.log"
        command = helpers_cli(
            "score", "--model", str(model), "--data", str(data), "--out", str(out), "--engine", engine
        )
        run = measure(command, log, timeout)
        setattr(result, engine, run)
        setattr(result, f"{engine}_own_rate", scorer_rate(log) if run.ok else None)
        progress(rows, f"score ({engine})", run)
    return result


def dask_table(result: DaskScoring, markdown: bool) -> str:
    def rate(run: Run, own: float | None) -> list[str]:
        return [timed(run), f"{result.rows / run.wall:,.0f}" if run.ok else "–", f"{own:,.0f}" if own else "–"]

    ratio = (
        f"{result.dask_own_rate / result.pandas_own_rate:.0%}"
        if result.dask_own_rate and result.pandas_own_rate
        else "–"
    )
    headings = [
        "rows", "pandas s", "pandas rows/s", "pandas own rows/s", "pandas peak RSS GiB",
        "dask s", "dask rows/s", "dask own rows/s", "dask / pandas (own)", "dask peak RSS GiB (all)",
        "dask peak RSS GiB (largest worker)",
    ]  # fmt: skip
    worker = result.dask.peak_rss_child
    row = [
        f"{result.rows:,}", *rate(result.pandas, result.pandas_own_rate), gib(result.pandas),
        *rate(result.dask, result.dask_own_rate), ratio, gib(result.dask),
        f"{worker / GIB:.2f}" if result.dask.ok and worker else "–",
    ]  # fmt: skip
    return markdown_table(headings, [row]) if markdown else plain_table(headings, [row])


# --- the machine and the table ---------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def code_version() -> str:
    """The commit benchmarked; --no-optional-locks so the check never takes git's index lock."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        clean = subprocess.run(["git", "--no-optional-locks", "diff", "--quiet", "HEAD"], cwd=ROOT).returncode == 0
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit if clean else f"{commit} with uncommitted changes"


def header_lines() -> list[str]:
    physical = psutil.cpu_count(logical=False)
    cores = f"{os.cpu_count()} logical cores" + (f" ({physical} physical)" if physical else "")
    memory = psutil.virtual_memory().total / GIB
    return [
        f"date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine: {cpu_model()}, {cores}, {memory:.1f} GiB RAM; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}",
        f"code: {code_version()}",
    ]


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def timed(run: Run) -> str:
    """A run's wall time, or why there is none."""
    return seconds(run.wall) if run.ok else run.status


def gib(run: Run) -> str:
    return f"{run.peak_rss / GIB:.2f}" if run.ok and run.peak_rss else "–"


def seed_ratio(result: SizeResult) -> str:
    if not result.report.ok or result.seed.status in ("skipped", "failed"):
        return "–"
    ratio = result.seed.wall / result.report.wall
    return f"{ratio:.1f}" if result.seed.ok else f"> {ratio:.1f}"  # timed out: at least this


def table(results: list[SizeResult], stages: list[str]) -> tuple[list[str], list[list[str]]]:
    """Column headings and one row of cells per size."""
    headings = [
        "rows", "synth s", "report wall s", "report peak RSS GiB", "HTML MB",
        *[f"{stage[:2]} s" for stage in stages], "other s",
        "score s", "score rows/s", "scorer's own rows/s", "score peak RSS GiB", "seed method s", "seed/report",
    ]  # fmt: skip
    rows = []
    for r in results:
        stage_seconds = [r.stages.get(stage) for stage in stages]
        other = r.report.wall - sum(stage_seconds) if r.report.ok and None not in stage_seconds else None
        rows.append(
            [
                f"{r.rows:,}", timed(r.synth), timed(r.report), gib(r.report),
                f"{r.html_bytes / MB:.1f}" if r.html_bytes is not None else "–",
                *[seconds(s) for s in stage_seconds], seconds(other),
                timed(r.score), f"{r.rows / r.score.wall:,.0f}" if r.score.ok else "–",
                f"{r.score_own_rate:,.0f}" if r.score_own_rate else "–", gib(r.score),
                timed(r.seed), seed_ratio(r),
            ]
        )  # fmt: skip
    return headings, rows


def plain_table(headings: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(headings, *rows)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headings, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def markdown_table(headings: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "|".join(" ---: " for _ in headings) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio_lines(results: list[SizeResult]) -> list[str]:
    """Growth between sizes ten times apart, where both ran."""
    by_rows = {r.rows: r for r in results}
    lines = []
    small, large = by_rows.get(100_000), by_rows.get(1_000_000)
    if small and large and small.report.ok and large.report.ok:
        lines.append(f"report wall time, 1,000,000 / 100,000 rows: {large.report.wall / small.report.wall:.1f}x")
    small, large = by_rows.get(1_000_000), by_rows.get(TEN_MILLION)
    if small and large and small.score.ok and large.score.ok:
        lines.append(
            f"scorer peak RSS, 10,000,000 / 1,000,000 rows: {large.score.peak_rss / small.score.peak_rss:.2f}x"
        )
    return lines


def note_lines(results: list[SizeResult]) -> list[str]:
    """What did not run normally, and where the report spent its time."""
    lines = []
    for r in results:
        steps = {"synth": r.synth, "report": r.report, "score": r.score, "seed method": r.seed}
        busy = []
        for step, run in steps.items():
            if run.status in ("failed", "timed out"):
                lines.append(f"{r.rows:,} rows, {step} {run.status}: {run.detail}; log {run.log}")
            if run.others_share is not None and run.others_share > BUSY_MACHINE:
                busy.append(f"{step} {run.others_share:.0%}")
        if busy:
            lines.append(
                f"{r.rows:,} rows, times inflated: other processes used this share of the CPU meanwhile: "
                f"{', '.join(busy)}"
            )
        if r.report.peak_rss_main:
            lines.append(
                f"{r.rows:,} rows, report peak RSS of the CLI process alone (no kernels): "
                f"{r.report.peak_rss_main / GIB:.2f} GiB"
            )
        if r.score.status != "skipped" and r.score_model_rows != r.rows:
            lines.append(f"{r.rows:,} rows: scored with the model of the {r.score_model_rows:,}-row report")
        if r.seed_phases:
            phases = ", ".join(f"{name} {value:.1f}" for name, value in r.seed_phases.items())
            lines.append(f"{r.rows:,} rows, seed method seconds by phase: {phases}")
        if r.slowest_cells:
            cells = "; ".join(
                f"{c['stage'][:2]} cell {c['cell']} {c['seconds']:.1f} s `{c['code']}`" for c in r.slowest_cells
            )
            lines.append(f"{r.rows:,} rows, slowest report cells: {cells}")
    return lines


def render(results: list[SizeResult], stages: list[str], header: list[str], markdown: bool) -> str:
    headings, rows = table(results, stages)
    notes = ratio_lines(results) + note_lines(results)
    if not markdown:
        return "\n".join([*header, "", plain_table(headings, rows), "", *notes])
    return "\n".join(
        [*(f"- {line}" for line in header), "", markdown_table(headings, rows), "", *(f"- {line}" for line in notes)]
    )


# --- entry point -----------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive integers, got {text}")
    return sizes


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated row counts (default: 2240,100000,1000000)",
    )
    parser.add_argument(
        "--with-10m", action="store_true", help="also run 10,000,000 rows, and score 10,000,000 with Dask"
    )
    parser.add_argument(
        "--dask-rows",
        type=int,
        default=DASK_DEFAULT_ROWS,
        help=f"customers scored by pandas and by Dask for their comparison (default: {DASK_DEFAULT_ROWS:,}; "
        "0 skips it)",
    )
    parser.add_argument(
        "--dask-report-sizes",
        type=lambda text: [] if text.strip() in ("", "0") else parse_sizes(text),
        default=[200_000, 1_000_000],
        help="customers of the report on pandas beside Dask (default: 200000,1000000; 0 skips it)",
    )
    parser.add_argument(
        "--dask-memory-rows",
        type=int,
        default=0,
        help="customers of a report on Dask alone (LocalCluster of 2 workers), for the peak of the command, its "
        "kernels and its workers (issue 38: 5000000, each below 2 GiB but the workers; default 0 skips it)",
    )
    parser.add_argument(
        "--dask-worker-memory",
        default="4GiB",
        help="memory of each of the 2 workers of the --dask-memory-rows report (default 4GiB), or 'machine' for "
        "the cluster the command sizes from the machine, as a user's run without --workers or --memory-limit",
    )
    parser.add_argument(
        "--synth-dataset-rows",
        type=int,
        default=0,
        help="customers `helpers synth` writes into a dataset folder, for its time and peak memory (issue 25: "
        "100000000; default 0 skips it)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "outputs" / "bench",
        help="folder for data, reports and logs (default: outputs/bench)",
    )
    parser.add_argument("--skip-seed", action="store_true", help="do not time the seed method")
    parser.add_argument("--markdown", action="store_true", help="also print the results as Markdown")
    parser.add_argument("--report-timeout", type=float, default=30 * 60, help="seconds (default: 1800)")
    parser.add_argument("--seed-timeout", type=float, default=20 * 60, help="seconds (default: 1200)")
    parser.add_argument(
        "--step-timeout", type=float, default=30 * 60, help="seconds for synth and score (default: 1800)"
    )
    arguments = parser.parse_args(argv)
    if arguments.with_10m and TEN_MILLION not in arguments.sizes:
        arguments.sizes.append(TEN_MILLION)
    if arguments.with_10m:
        arguments.dask_rows = max(arguments.dask_rows, TEN_MILLION)
    arguments.sizes = sorted(set(arguments.sizes))
    return arguments


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(argv)
    work = options.work.expanduser().resolve()
    work.mkdir(parents=True, exist_ok=True)
    header = header_lines()
    stages = sorted(path.stem for path in (ROOT / "notebooks").glob("*.ipynb"))
    results: list[SizeResult] = []
    fallback_model = None
    for rows in options.sizes:
        result = benchmark_size(rows, work, options, fallback_model)
        results.append(result)
        if result.report.ok:
            fallback_model = (work / f"report_{rows}" / "artifacts" / "model.skops", rows)
        # Written after every size, so an interrupted run keeps what it measured.
        (work / "results.json").write_text(
            json.dumps({"header": header, "results": [asdict(r) for r in results]}, indent=1)
        )
    dask = None
    if options.dask_rows and fallback_model is not None:
        dask = run_dask_scoring(options.dask_rows, work, fallback_model[0], options.step_timeout)
        (work / "results.json").write_text(
            json.dumps({"header": header, "results": [asdict(r) for r in results], "dask": asdict(dask)}, indent=1)
        )
    engines = []
    if options.dask_report_sizes:
        import dask_report  # imports this module: loaded only when it runs

        engines = dask_report.run(
            options.dask_report_sizes, dask_report.DEFAULT_SAMPLE_ROWS, work, options.report_timeout
        )
    if options.dask_memory_rows:
        import dask_report

        engines += dask_report.run(
            [options.dask_memory_rows],
            dask_report.DEFAULT_SAMPLE_ROWS,
            work,
            options.report_timeout,
            runs=(dask_report.RUNS[1],),
            worker_memory=options.dask_worker_memory,
        )
    dataset = (
        synthesize_dataset(options.synth_dataset_rows, work, options.step_timeout)
        if options.synth_dataset_rows
        else None
    )
    print(render(results, stages, header, markdown=False))
    if dataset is not None:
        print("\n" + dataset_line(options.synth_dataset_rows, *dataset))
    if dask is not None:
        print("\nScoring Parquet to Parquet, pandas against Dask (LocalCluster of 2 workers):\n")
        print(dask_table(dask, markdown=False))
    if engines:
        print("\nThe report, pandas beside Dask (a Parquet folder; the default learning sample):\n")
        print(dask_report.table(engines, markdown=False))
    if options.markdown:
        print("\n" + render(results, stages, header, markdown=True))
        if dask is not None:
            print("\n" + dask_table(dask, markdown=True))
        if engines:
            print("\n" + dask_report.table(engines, markdown=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
