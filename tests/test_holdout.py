"""The response model on the customers it never saw: the AUC read from score bins, and the figures a report states."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from helpers.campaign import holdout
from helpers.engine.seam import engine_for


def _scored(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    score = rng.uniform(size=n)
    return pd.DataFrame({"probability": score, "Response": (rng.uniform(size=n) < score**2).astype("float64")})


def test_the_auc_of_score_bins_is_the_auc_of_the_scores_they_bin():
    scored = _scored(5_000, 1)
    exact = roc_auc_score(scored["Response"], scored["probability"])
    engine = engine_for("pandas")
    binned = holdout.auc_from_bins(engine.score_bins(scored, "probability", holdout.AUC_BINS, ["Response"]))
    # Customers within a bin count as tied: the AUC moves, by little at 100 bins.
    assert binned == pytest.approx(exact, abs=0.005)
    # Bins that each hold one score: exactly the AUC.
    few = scored.assign(probability=(scored["probability"] * 7).round() / 7)
    every_score = engine.score_bins(few, "probability", holdout.AUC_BINS, ["Response"])
    assert (every_score["score_min"] == every_score["score_max"]).all()
    assert holdout.auc_from_bins(every_score) == pytest.approx(roc_auc_score(few["Response"], few["probability"]))


def test_without_both_kinds_of_response_there_is_no_auc():
    bins = pd.DataFrame({"customers": [5, 5], "Response_sum": [0.0, 0.0]})
    assert holdout.auc_from_bins(bins) is None
    assert holdout.auc_from_bins(bins.assign(Response_sum=[5.0, 5.0])) is None


def test_a_report_of_a_file_no_larger_than_the_sample_holds_nobody_out(default_report):
    import json

    targeting = json.loads((default_report / "artifacts" / "summary.json").read_text())["targeting"]
    assert targeting["holdout_customers"] == 0 and targeting["holdout_auc"] is None
    page = (default_report / "html" / "05_recommendations.business.html").read_text()
    assert "The customers the model never saw" not in page
