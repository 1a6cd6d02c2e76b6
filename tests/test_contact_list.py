"""The contact list: the response model's plan customer by customer, as the report evaluates it and the pages say."""

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.engine import parquet_dataset


def _summary(out: Path) -> dict:
    return json.loads((out / "artifacts" / "summary.json").read_text())


@pytest.mark.parametrize("fixture", ["default_report", "real_report"])
def test_the_contact_list_is_the_plan_of_the_page_customer_by_customer(fixture, request):
    out = request.getfixturevalue(fixture)
    summary, targeting = _summary(out), _summary(out)["targeting"]
    contacts = pd.read_csv(out / "artifacts" / "contact_list.csv")
    assert list(contacts.columns) == [
        "ID",
        "persona_key",
        "persona",
        "probability",
        "contact",
        "expected_profit",
        "rank",
    ]
    assert len(contacts) == targeting["customers"] == summary["rows_read"] and contacts["ID"].is_unique
    assert (contacts["contact"] == "yes").sum() == targeting["plan"]["customers"]
    assert list(contacts["rank"]) == list(range(1, len(contacts) + 1))
    assert contacts["expected_profit"].is_monotonic_decreasing
    # The held-out probabilities the plan was judged on, and its rule: contact when the revenue it may bring
    # exceeds the contact's cost.
    held_out = parquet_dataset.read_dataset(out / "artifacts" / "response_predictions.parquet")
    joined = contacts.merge(held_out, on="ID", suffixes=("", "_held_out"), validate="one_to_one")
    assert len(joined) == len(contacts)
    assert (joined["probability"] - joined["probability_held_out"]).abs().max() < 1e-4
    decided = joined["probability_held_out"] * targeting["revenue"] > targeting["contact_cost"]
    assert (decided == (joined["contact"] == "yes")).all()
    assert set(contacts["persona_key"]) <= {persona["key"] for persona in summary["personas"]}
    spreadsheet = pd.read_excel(out / "artifacts" / "contact_list.xlsx")
    pd.testing.assert_frame_equal(spreadsheet, contacts)
    page = (out / "html" / "05_recommendations.business.html").read_text()
    assert f"<strong>{targeting['plan']['customers']:,}</strong> marked <em>yes</em>" in page
    assert 'href="../artifacts/contact_list.csv"' in page
    assert 'href="artifacts/contact_list.csv"' in (out / "index.html").read_text()


def test_an_indonesian_contact_list_says_ya_and_tidak_and_names_personas_in_indonesian(indonesian_report):
    out = indonesian_report
    contacts = pd.read_csv(out / "artifacts" / "contact_list.csv")
    assert set(contacts["contact"]) == {"ya", "tidak"}
    assert set(contacts["persona"]) <= {persona["name"] for persona in _summary(out)["personas"]}
    contacted = _summary(out)["targeting"]["plan"]["customers"]
    page = (out / "html" / "05_recommendations.business.html").read_text()
    assert f"<strong>{contacted:,}".replace(",", ".") + "</strong> pelanggan bertanda <em>ya</em>" in page


def test_a_plan_within_a_budget_keeps_to_it_and_the_list_marks_it(indonesian_report, default_report):
    out = indonesian_report
    targeting = _summary(out)["targeting"]
    budget, plan = targeting["budget"], targeting["plan"]
    assert (budget["amount"], budget["max_contacts"], budget["contacts_allowed"]) == (300, None, 100)
    assert budget["customers"] * targeting["contact_cost"] <= budget["amount"]
    assert budget["customers"] <= plan["customers"] and budget["expected_profit"] <= plan["expected_profit"]
    low, high = budget["expected_profit_ci"]
    assert low <= budget["expected_profit"] <= high
    contacts = pd.read_csv(out / "artifacts" / "contact_list.csv")
    within = contacts["within_budget"] == "ya"
    # The best customers by expected profit, each of them one the plan without a limit contacts too.
    assert within.sum() == budget["customers"]
    assert list(contacts.loc[within, "rank"]) == list(range(1, within.sum() + 1))
    assert (contacts.loc[within, "contact"] == "ya").all()
    page = (out / "html" / "05_recommendations.business.html").read_text()
    assert "<strong>Dalam anggaran 300 (100 kontak dengan biaya 3 per kontak)</strong>" in page
    assert "Model respons dalam anggaran" in page and "bertanda <em>ya</em> pada <code>within_budget</code>" in page
    assert _summary(default_report)["targeting"]["budget"] is None
    assert "within_budget" not in pd.read_csv(default_report / "artifacts" / "contact_list.csv", nrows=1)
