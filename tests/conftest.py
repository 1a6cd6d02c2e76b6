from pathlib import Path

import pytest

from helpers import synth
from helpers.paths import PROJECT_ROOT

REAL_DATA = PROJECT_ROOT.parent / "shared" / "data" / "marketing_campaign_data.csv"


@pytest.fixture
def real_data() -> Path:
    """The seeds' real dataset; tests that need it skip on a clone without ../shared."""
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    return REAL_DATA


@pytest.fixture(scope="session")
def default_report(tmp_path_factory) -> Path:
    """One full report on the embedded default data, shared by the tests that only read it."""
    from helpers.paths import DEFAULT_DATA
    from helpers.report import ReportParameters, run_report

    out = tmp_path_factory.mktemp("default-run") / "report"
    run_report(ReportParameters(data_path=DEFAULT_DATA, output_dir=out), progress=False)
    return out


@pytest.fixture(scope="session")
def synthetic_customers():
    """A small synthetic table in the canonical layout (fresh copy per use: call .copy())."""
    return synth.generate(600, seed=7)


@pytest.fixture
def synthetic_csv(tmp_path, synthetic_customers) -> Path:
    return synth.write_rakamin_csv(synthetic_customers, tmp_path / "customers.csv")
