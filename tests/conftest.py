import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from helpers.config import DEFAULT_DATA, REAL_DATA, RunSettings
from helpers.data.synthetic import generator
from tests.browser import CHROMIUM, Browser


@pytest.hookimpl(optionalhook=True)  # xdist's hook: without xdist (-p no:xdist) the tests run in one process
def pytest_xdist_make_scheduler(config, log):
    """Two test processes (pyproject.toml: ``--numprocesses 2 --dist loadfile``): each takes whole modules, so that a
    module's report fixtures run once, and the notebooks go to one of them together, in order, as they hand over
    through one folder. (xdist's ``loadgroup`` would say so with marks, but its marks are lost with pytest 9.)"""
    from xdist.scheduler import LoadFileScheduling

    class ModulesAndTheNotebooksTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "notebooks" if module.endswith(".ipynb") else module

    return ModulesAndTheNotebooksTogether(config, log)


@pytest.fixture
def real_data() -> Path:
    """The seeds' real dataset; tests that need it skip on a clone without ../shared."""
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    return REAL_DATA


def _once_per_run(tmp_path_factory, name: str, settings: Callable[[Path], RunSettings]) -> Path:
    """The report ``settings(out)`` describes, run once for the whole test run: xdist's two processes each hold
    the session's fixtures, and a report both need is made by whichever asks first while the other waits for it
    (a lock in the run's shared temporary folder), not twice."""
    from helpers.report.runner import run_report

    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: the session is the run
        out = tmp_path_factory.mktemp(name) / "report"
        run_report(settings(out), progress=False)
        return out
    shared = tmp_path_factory.getbasetemp().parent / name  # basetemp is <run>/popen-gwN under xdist
    out, made = shared / "report", shared / "made"
    shared.mkdir(exist_ok=True)
    with FileLock(shared.with_suffix(".lock")):
        if not made.exists():  # a report that failed in one process is tried again, and fails again, in the other
            run_report(settings(out), progress=False)
            made.touch()
    return out


@pytest.fixture(scope="session")
def default_report(tmp_path_factory) -> Path:
    """One full report on the embedded default data, shared by the tests that only read it."""
    return _once_per_run(
        tmp_path_factory, "default-run", lambda out: RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out))
    )


@pytest.fixture(scope="session")
def indonesian_report(tmp_path_factory) -> Path:
    """The same report in Indonesian, with a plan within a budget (300: a hundred contacts at 3), for the tests of
    what an Indonesian reader sees."""
    return _once_per_run(
        tmp_path_factory,
        "indonesian-run",
        lambda out: RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out), lang="id", budget=300.0),
    )


@pytest.fixture(scope="session")
def real_report(tmp_path_factory) -> Path:
    """One full report on the real dataset, shared by the tests that read it; they skip without the file."""
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    return _once_per_run(
        tmp_path_factory, "real", lambda out: RunSettings(data_path=str(REAL_DATA), output_dir=str(out))
    )


@pytest.fixture(scope="session")
def synthetic_customers():
    """A small synthetic table in the canonical layout (fresh copy per use: call .copy())."""
    return generator.generate(600, seed=7)


@pytest.fixture
def synthetic_csv(tmp_path, synthetic_customers) -> Path:
    return generator.write_rakamin_csv(synthetic_customers, tmp_path / "customers.csv")


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Chromium for the session (``tests/browser.py``); tests that need it skip where it is absent."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with Browser(tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium
