"""Rerun with next month's data: who moved, how far the base drifted, whether the last plan paid off, and
earlier reports that cannot be compared with refused before anything runs."""

import json
import math
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.campaign import payoff
from helpers.config import DEFAULT_DATA, PROJECT_ROOT
from helpers.data import drift, loading
from helpers.data.synthetic import next_period
from helpers.engine.seam import engine_for
from helpers.report.previous_report import open_previous
from helpers.segmentation import continuity
from helpers.story import phrases, since_previous

PANDAS = engine_for("pandas")
SINCE_PREVIOUS_KEYS = {
    "previous_report", "agreement_ari", "changed_persona_percent", "moved_customers_percent", "share_change_points",
    "migration", "psi", "payoff",
}  # fmt: skip
PAYOFF_KEYS = {"contacted", "predicted_profit", "predicted_profit_ci", "realised_profit", "within_interval"}


def _helpers(*arguments) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "helpers", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)


# Migration


def test_migration_counts_movers_newcomers_and_leavers_by_id():
    earlier = pd.DataFrame({"ID": [1, 2, 3, 4, 5, 6], "persona_then": ["A", "A", "B", "B", "B", "C"]})
    later = pd.DataFrame({"ID": [6, 5, 4, 2, 1, 7, 8], "persona_now": ["C", "A", "B", "B", "A", "C", "A"]})
    moves = continuity.migration(engine_for("pandas"), earlier, later, order=["A", "B", "C"])
    expected = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 0, 1], [0, 0, 1, 0], [1, 0, 1, 0]],
        index=["A", "B", "C", "new"],
        columns=["A", "B", "C", "left"],
    )
    pd.testing.assert_frame_equal(moves, expected)
    # Five customers are in both files (1, 2, 4, 5, 6); two moved: 2 (A to B) and 5 (B to A).
    assert continuity.moved_percent(moves) == pytest.approx(100 * 2 / 5)


def test_same_customers_in_another_order_give_no_migration(default_report):
    earlier = open_previous(default_report)
    customers = earlier.customers(PANDAS)
    shuffled = customers.sample(frac=1, random_state=3).reset_index(drop=True)
    currency = earlier.summary["data"]["currency"]
    then = continuity.earlier_personas(earlier.model, customers, currency)
    now = continuity.earlier_personas(earlier.model, shuffled, currency)
    moves = continuity.migration(
        engine_for("pandas"),
        pd.DataFrame({"ID": customers["ID"], "persona_then": then}),
        pd.DataFrame({"ID": shuffled["ID"], "persona_now": now}),
        order=earlier.model["persona_keys"],
    )
    both = moves.drop(index="new", columns="left")
    assert np.count_nonzero(both.to_numpy() - np.diag(np.diag(both.to_numpy()))) == 0
    assert moves.loc["new"].sum() == 0 and moves["left"].sum() == 0
    assert continuity.moved_percent(moves) == 0


def test_the_same_personas_keep_their_names_and_different_ones_do_not():
    earlier = pd.Series(["A"] * 50 + ["B"] * 50)
    same = continuity.compare(pd.crosstab(pd.Series(["x"] * 50 + ["y"] * 50), earlier))
    assert same.keep_previous and same.agreement_ari == pytest.approx(1.0)
    assert same.keys == {"x": "A", "y": "B"} and same.changed_persona_percent == 0
    mixed = continuity.compare(pd.crosstab(pd.Series(["x", "y"] * 50), earlier))
    assert not mixed.keep_previous and mixed.keys == {"x": "x", "y": "y"}
    assert mixed.changed_persona_percent == pytest.approx(50)


def _comparison(psi: dict, ari: float = 0.6):
    moves = pd.DataFrame([[40, 10, 2], [5, 45, 3], [4, 6, 0]], index=["A", "B", "new"], columns=["A", "B", "left"])
    return SimpleNamespace(
        previous=SimpleNamespace(shown_name="outputs/report", started=datetime(2026, 11, 6, tzinfo=UTC)),
        continuity=continuity.Continuity(ari, 20.0, ari >= continuity.SAME_PERSONAS_ARI, {"x": "x", "y": "y"}),
        analysed=100,
        moves=moves,
        psi=pd.Series(psi),
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_refit_that_regroups_stable_customers_is_called_a_regrouping(lang):
    regrouped = since_previous.continuity(_comparison({"Income": 0.01, "Recency": 0.02}), lang).data
    moved = since_previous.continuity(_comparison({"Income": 0.01, "Recency": 0.3}), lang).data
    regrouping, regrouped_share, moved_share, feature = {
        "en": ("a regrouping of much the same customers", "20.0%", "15.0%", "Days since last purchase"),
        "id": ("pengelompokan ulang atas pelanggan", "20,0%", "15,0%", "Hari sejak pembelian terakhir"),
    }[lang]
    # Two movements, each named: 20% regrouped by the refit, 15 of the 100 customers in both files moved persona.
    assert regrouping in regrouped and regrouped_share in regrouped and moved_share in regrouped
    assert regrouping not in moved and feature in moved and feature not in regrouped


def test_the_record_names_both_movements():
    comparison = _comparison({"Income": 0.01})
    shares = pd.DataFrame({"change": [1.0, -1.0]}, index=["A", "B"])
    record = continuity.record("outputs/report", "2026-11-06", comparison.continuity, shares, comparison.moves, {})
    assert record["changed_persona_percent"] == 20.0
    assert record["moved_customers_percent"] == pytest.approx(100 * 15 / 100)


# Drift


def test_stability_index_of_a_known_shift():
    then = np.arange(1000) + 0.5  # ten bins of a hundred customers
    # Half as many customers in each of the lower five bins, half as many again in the upper five.
    now = np.concatenate([np.full(n, 100 * b + 50) for b, n in enumerate([50] * 5 + [150] * 5)])
    expected = 5 * (0.05 - 0.1) * math.log(0.5) + 5 * (0.15 - 0.1) * math.log(1.5)
    assert drift.psi(then, now) == pytest.approx(expected, rel=1e-9)
    assert drift.reading(drift.psi(then, now)) == "major"
    assert drift.psi(then, then) == pytest.approx(0.0)
    assert drift.reading(0.05) == "stable" and drift.reading(0.2) == "moderate"


# Payoff

PREDICTIONS = pd.DataFrame({"ID": range(1, 11), "probability": [0.5] * 4 + [0.1] * 6})
ECONOMICS = {"contact_cost": 3.0, "revenue": 11.0}
# The earlier report promised +2 per contact on its four chosen customers, with an interval of −1 to +5 each.
PLAN = {"customers": 4, "expected_profit": 8.0, "expected_profit_ci": [-4.0, 20.0]}


def _outcome(responses: dict) -> pd.DataFrame:
    return pd.DataFrame({"ID": list(responses), "Response": list(responses.values())})


def test_a_plan_that_earned_what_it_promised():
    # Customer 4 has left; of the three chosen still here two accepted; one passed-over customer accepted.
    outcome = _outcome({1: 1, 2: 1, 3: 0, 5: 0, 6: 1, 7: 0, 8: 0, 9: 0, 10: 0})
    result = payoff.evaluate(PANDAS, PREDICTIONS, ECONOMICS, PLAN, outcome)
    assert (result.planned, result.contacted, result.realised_responders) == (4, 3, 2)
    assert result.realised_profit == 2 * 11 - 3 * 3
    assert result.predicted_profit == pytest.approx(6.0)
    assert result.predicted_profit_ci == pytest.approx((-3.0, 15.0))
    assert result.within_interval
    assert (result.passed_over, result.passed_over_responders, result.passed_over_profit) == (6, 1, 11 - 18)
    assert result.passed_over_predicted_responders == pytest.approx(0.6)
    assert set(result.record()) == PAYOFF_KEYS


def test_a_plan_that_fell_short_says_so():
    outcome = _outcome(dict.fromkeys(range(1, 11), 0))
    result = payoff.evaluate(PANDAS, PREDICTIONS, ECONOMICS, PLAN, outcome)
    assert result.realised_profit == -12 and not result.within_interval
    earlier = SimpleNamespace(summary={"response_model": {"status": "fitted"}})
    assert "below the promised interval" in since_previous.payoff(earlier, result, "en").data
    assert "di bawah interval yang dijanjikan" in since_previous.payoff(earlier, result, "id").data


def test_no_outcome_yet_means_no_payoff():
    outcome = pd.DataFrame({"ID": range(1, 11), "Response": [np.nan] * 10})
    assert payoff.evaluate(PANDAS, PREDICTIONS, ECONOMICS, PLAN, outcome) is None


# The generator's next period


def test_next_period_keeps_most_customers_under_their_ids_and_adds_new_ones():
    earlier = loading.read_customers(DEFAULT_DATA).customers
    later = next_period.next_period(earlier, seed=1)
    pd.testing.assert_frame_equal(later, next_period.next_period(earlier, seed=1))
    stayed = later["ID"].isin(earlier["ID"])
    assert 0.9 < stayed.sum() / len(earlier) < 0.99
    assert later["ID"].is_unique and later.loc[~stayed, "ID"].min() > earlier["ID"].max()
    # The last campaign becomes the fifth earlier one; a new outcome is drawn for everyone.
    kept = earlier.set_index("ID").loc[later.loc[stayed, "ID"]]
    assert (later.loc[stayed, "AcceptedCmp5"].to_numpy() == kept["Response"].to_numpy()).all()
    assert 0.05 < later["Response"].mean() < 0.35


# End to end, and the refusals


@pytest.fixture(scope="module")
def next_month(default_report, tmp_path_factory) -> Path:
    """An Indonesian report on the default data a period later, compared with the default report."""
    folder = tmp_path_factory.mktemp("next-month")
    data = folder / "next.csv"
    assert _helpers("synth", "--next-period-of", DEFAULT_DATA, "--out", data, "--seed", 2).returncode == 0
    out = folder / "report"
    result = _helpers("report", "--data", data, "--previous", default_report, "--out", out, "--lang", "id")
    assert result.returncode == 0, result.stderr
    return out


def test_the_rerun_records_what_changed(next_month, default_report):
    summary = json.loads((next_month / "artifacts" / "summary.json").read_text())
    since = summary["since_previous"]
    assert set(since) == SINCE_PREVIOUS_KEYS
    assert since["previous_report"]["folder"] == f"{default_report.parent.name}/{default_report.name}"
    assert set(since["payoff"]) == PAYOFF_KEYS
    # The earlier report is in English, this one in Indonesian: both know the earlier personas by the same keys.
    previous_summary = json.loads((default_report / "artifacts" / "summary.json").read_text())
    earlier = {p["key"] for p in previous_summary["personas"]}
    assert set(since["share_change_points"]) <= earlier
    assert set(since["migration"]) == earlier | {"new"}
    assert all(set(row) == earlier | {"left"} for row in since["migration"].values())
    customers = pd.read_csv(next_month / "artifacts" / "segments.csv")
    assert sum(since["migration"]["new"].values()) > 0
    assert sum(n for row in since["migration"].values() for n in row.values()) >= len(customers)


def test_the_landing_page_panel_links_to_the_sections(next_month):
    page = BeautifulSoup((next_month / "index.html").read_text(), "html.parser")
    heading = page.find("h2", string=since_previous.heading_text("personas", "id"))
    assert heading is not None
    links = heading.find_parent("section").find_all("a")
    assert len(links) == 2
    for link in links:
        target, anchor = link["href"].split("#")
        stage = BeautifulSoup((next_month / target).read_text(), "html.parser")
        assert stage.find(id=anchor) is not None, link["href"]


def test_without_previous_nothing_is_compared(default_report):
    summary = json.loads((default_report / "artifacts" / "summary.json").read_text())
    assert "since_previous" not in summary
    page = (default_report / "html" / "04_persona_analysis.business.html").read_text()
    assert since_previous.heading_text("personas", "en") not in page


def _refused(previous: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    out = tmp_path / "out"
    result = _helpers("report", "--previous", previous, "--out", out)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    return result


def test_a_folder_that_is_not_a_report_is_refused(tmp_path):
    (tmp_path / "notes").mkdir()
    assert "not a report folder" in _refused(tmp_path / "notes", tmp_path).stderr


def test_a_report_of_an_incompatible_version_is_refused(default_report, tmp_path):
    copy = shutil.copytree(default_report, tmp_path / "old")
    summary_path = copy / "artifacts" / "summary.json"
    summary = json.loads(summary_path.read_text())
    summary["project_version"] = "0.1.0"
    summary_path.write_text(json.dumps(summary))
    assert "incompatible version" in _refused(copy, tmp_path).stderr


def test_a_model_that_does_not_match_its_card_is_refused(default_report, tmp_path):
    copy = shutil.copytree(default_report, tmp_path / "edited")
    with open(copy / "artifacts" / "model.skops", "ab") as model:
        model.write(b"\0")
    before = sorted(p.name for p in copy.rglob("*"))
    assert "does not match its model card" in _refused(copy, tmp_path).stderr
    assert sorted(p.name for p in copy.rglob("*")) == before


def test_the_earlier_personas_are_named_in_this_reports_language(next_month, default_report):
    previous_summary = json.loads((default_report / "artifacts" / "summary.json").read_text())
    english = {p["name"] for p in previous_summary["personas"]}
    page = (next_month / "html" / "04_persona_analysis.business.html").read_text()
    for persona in previous_summary["personas"]:
        assert phrases.persona_name(persona["key"], "id") in page
    assert not any(name in page for name in english)


def test_a_missing_folder_is_named_as_missing(tmp_path):
    assert "no such folder" in _refused(tmp_path / "nowhere", tmp_path).stderr


def test_the_new_report_may_not_replace_the_one_it_compares_with(default_report, tmp_path):
    copy = shutil.copytree(default_report, tmp_path / "report")
    before = {p.name: p.stat().st_mtime_ns for p in copy.rglob("*")}
    result = _helpers("report", "--previous", copy, "--out", copy)
    assert result.returncode == 2 and "the same folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert {p.name: p.stat().st_mtime_ns for p in copy.rglob("*")} == before
