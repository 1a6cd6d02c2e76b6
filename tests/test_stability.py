"""How far to trust each persona: Hennig's clusterwise stability and the agreement across seeds."""

import json

import numpy as np
import pandas as pd
import pytest

from helpers.segmentation import stability
from helpers.segmentation.pipeline import kmeans


def _assessed(points: np.ndarray, labels: np.ndarray, k: int) -> stability.Stability:
    index = pd.RangeIndex(len(points))
    return stability.assess(pd.DataFrame(points, index=index), pd.Series(labels, index=index), k, random_state=7)


def test_a_planted_well_separated_segment_is_highly_stable():
    rng = np.random.default_rng(0)
    # Three overlapping groups and, far from them, a fourth of 150 customers.
    crowd = rng.normal(0, 1, size=(600, 2))
    planted = rng.normal(12, 0.5, size=(150, 2))
    points = np.vstack([crowd, planted])
    labels = kmeans(4, 7).fit_predict(points)
    trust = _assessed(points, labels, 4)
    planted_label = np.bincount(labels[600:]).argmax()
    assert trust.jaccard[planted_label] > 0.85 and trust.readings()[planted_label] == "highly_stable"
    assert trust.resamples == stability.RESAMPLES and trust.customers == 750


def test_a_random_split_of_uniform_noise_is_not_to_be_trusted():
    rng = np.random.default_rng(1)
    points = rng.uniform(0, 1, size=(800, 2))
    labels = rng.integers(0, 4, size=800)
    trust = _assessed(points, labels, 4)
    assert (trust.jaccard < 0.6).all() and set(trust.readings()) == {"unstable"}
    assert trust.seed_agreement_ari_min < 0.1


def test_separated_groups_come_back_with_every_seed():
    rng = np.random.default_rng(2)
    centres = np.array([[0, 0], [10, 0], [0, 10]])
    points = np.vstack([rng.normal(centre, 0.5, size=(100, 2)) for centre in centres])
    labels = kmeans(3, 7).fit_predict(points)
    trust = _assessed(points, labels, 3)
    assert trust.seed_agreement_ari_min == pytest.approx(1.0) and (trust.jaccard > 0.95).all()


@pytest.mark.parametrize(
    ("jaccard", "reading"),
    [(0.97, "highly_stable"), (0.85, "stable"), (0.8, "stable"), (0.75, "pattern"), (0.6, "unstable"), (0, "unstable")],
)
def test_hennigs_reading(jaccard, reading):
    assert stability.reading(jaccard) == reading


def test_the_best_match_is_the_most_similar_group_of_the_refit():
    labels = np.array([0, 0, 0, 1, 1, 1])
    refit = np.array([5, 5, 6, 6, 6, 6])  # label 0: {0,1} of {0,1,2} -> 2/3; label 1: {3,4,5} in {2,3,4,5} -> 3/4
    assert stability.best_match_jaccard(labels, refit).to_dict() == pytest.approx({0: 2 / 3, 1: 3 / 4})


@pytest.mark.parametrize(("fixture", "words"), [("default_report", "stability"), ("indonesian_report", "stabilitas")])
def test_the_report_says_how_far_to_trust_each_persona(fixture, words, request):
    out = request.getfixturevalue(fixture)
    summary = json.loads((out / "artifacts" / "summary.json").read_text())
    found = summary["stability"]
    assert set(found) == {"method", "resamples", "seeds", "customers", "seed_agreement_ari_min", "jaccard"}
    assert set(found["jaccard"]) == {persona["key"] for persona in summary["personas"]}
    assert all(0 < value <= 1 for value in found["jaccard"].values()) and 0 < found["seed_agreement_ari_min"] <= 1
    assert found["customers"] == summary["sample"]["analysed_sampled"]
    landing = (out / "index.html").read_text()
    assert landing.count(f"<dt>{words}</dt>") == len(summary["personas"])
    page = (out / "html" / "04_persona_analysis.business.html").read_text()
    assert "Jaccard" in page and "Hennig" in page
