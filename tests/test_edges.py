"""Every business page true at the edges of what a marketing team brings: a file without a responder, one where
every customer responded, one with a handful of responders. Each number is a number, and no section introduces
what the data cannot give."""

import json
import subprocess
import sys

import numpy as np
import pytest
from bs4 import BeautifulSoup

from helpers.config import MIN_PERSONA_CUSTOMERS, PROJECT_ROOT
from helpers.data.synthetic import generator
from helpers.report.run_folder import RunLayout
from tests import page_checks

ROWS = 240
RESPONSES = {
    "no-responder": lambda rows: np.zeros(rows, dtype=int),
    "every-customer-responded": lambda rows: np.ones(rows, dtype=int),
    "a-handful": lambda rows: (np.arange(rows) % 48 == 0).astype(int),  # 5 responders
}
# Eight personas of 240 customers: several fall below the minimum size to act on.
PERSONAS = {"a-handful": 8}


@pytest.fixture(scope="module")
def edge_reports(tmp_path_factory) -> dict[str, RunLayout]:
    """The three reports, run side by side as three commands: each runs its stages one after another, so
    together they keep both cores busy and the suite short."""
    folder = tmp_path_factory.mktemp("edges")
    runs = {}
    for name, responses in RESPONSES.items():
        customers = generator.generate(ROWS, seed=11)
        customers["Response"] = responses(ROWS)
        data = generator.write_rakamin_csv(customers, folder / f"{name}.csv")
        command = [sys.executable, "-m", "helpers", "report", "--data", str(data), "--out", str(folder / name)]
        command += ["--k", str(PERSONAS[name])] if name in PERSONAS else []
        runs[name] = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for run in runs.values():
        _, err = run.communicate(timeout=900)
        assert run.returncode == 0, err.decode()
    return {name: RunLayout(folder / name) for name in RESPONSES}


@pytest.fixture(params=list(RESPONSES))
def edge_report(request, edge_reports) -> RunLayout:
    return edge_reports[request.param]


def _business_pages(layout: RunLayout):
    return [layout.index, *sorted((layout.root / "html").glob("*.business.html"))]


def test_every_number_on_a_business_page_is_a_number(edge_report):
    for page in _business_pages(edge_report):
        assert not page_checks.unreadable_values(page.read_text(encoding="utf-8")), page.name


def test_no_section_introduces_what_the_data_cannot_give(edge_report):
    for page in _business_pages(edge_report):
        assert not page_checks.empty_sections(page.read_text(encoding="utf-8")), page.name


def test_the_checks_find_what_they_look_for():
    page = (
        "<h2>What drives response</h2><h2>Recommendations</h2><p>Are the probabilities right?:</p><h3>Next</h3>"
        "<table><tr><th>lift</th></tr><tr><td>NaN.00×</td><td></td></tr></table>"
    )
    assert len(page_checks.empty_sections(page)) == 2
    assert len(page_checks.unreadable_values(page)) == 2


def _text(page) -> str:
    return " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())


def test_a_persona_too_small_to_act_on_says_so_and_is_never_planned(edge_reports):
    layout = edge_reports["a-handful"]
    summary = json.loads(layout.summary.read_text())
    small = [persona for persona in summary["personas"] if persona["too_small"]]
    assert small and all(persona["customers"] < MIN_PERSONA_CUSTOMERS for persona in small)
    assert all(persona["customers"] >= MIN_PERSONA_CUSTOMERS for persona in summary["personas"] if persona not in small)
    small_ids = {persona["id"] for persona in small}
    assert not small_ids & set(summary["targeting_plan"]["persona_ids"])
    landing = _text(layout.index)
    assert landing.count(f"Too small to act on (fewer than {MIN_PERSONA_CUSTOMERS} customers)") == len(small)
    recommendations = _text(layout.root / "html" / "05_recommendations.business.html")
    assert recommendations.count("unreliable") >= len(small)
    persona_page = _text(layout.root / "html" / "04_persona_analysis.business.html")
    assert f"fewer than {MIN_PERSONA_CUSTOMERS} customers, too small to act on" in persona_page


def test_the_pages_say_exactly_why_no_response_model_is_fitted(edge_report):
    record = json.loads(edge_report.summary.read_text())["response_model"]
    responders, decliners = record["responders"], record["customers"] - record["responders"]
    assert record["status"] == "too_few" and min(responders, decliners) < 10
    modeling = _text(edge_report.root / "html" / "03_modeling.business.html")
    assert f"{responders:,} accepted the last campaign and {decliners:,} declined" in modeling
    assert "needs at least 10 of each" in modeling
    landing = _text(edge_report.index)
    noun = "customer" if responders == 1 else "customers"
    assert f"{responders:,} {noun} accepted the last campaign and {decliners:,} declined" in landing
