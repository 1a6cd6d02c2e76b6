from pathlib import Path

import pytest

from helpers.config import DEFAULT_DATA, REAL_DATA, RunSettings
from helpers.data.synthetic import generator


@pytest.fixture
def real_data() -> Path:
    """The seeds' real dataset; tests that need it skip on a clone without ../shared."""
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    return REAL_DATA


@pytest.fixture(scope="session")
def default_report(tmp_path_factory) -> Path:
    """One full report on the embedded default data, shared by the tests that only read it."""
    from helpers.report.runner import run_report

    out = tmp_path_factory.mktemp("default-run") / "report"
    run_report(RunSettings(data_path=str(DEFAULT_DATA), output_dir=str(out)), progress=False)
    return out


@pytest.fixture(scope="session")
def real_report(tmp_path_factory) -> Path:
    """One full report on the real dataset, shared by the tests that read it; they skip without the file."""
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    from helpers.report.runner import run_report

    out = tmp_path_factory.mktemp("real") / "report"
    run_report(RunSettings(data_path=str(REAL_DATA), output_dir=str(out)), progress=False)
    return out


@pytest.fixture(scope="session")
def synthetic_customers():
    """A small synthetic table in the canonical layout (fresh copy per use: call .copy())."""
    return generator.generate(600, seed=7)


@pytest.fixture
def synthetic_csv(tmp_path, synthetic_customers) -> Path:
    return generator.write_rakamin_csv(synthetic_customers, tmp_path / "customers.csv")
