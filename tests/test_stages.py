"""The stage modules: each stage's steps exist once, in its module, and hand over the same whatever the row order."""

import ast

import numpy as np
import pandas as pd
import pytest

from helpers.config import PROJECT_ROOT
from helpers.data import cleaning, features
from helpers.engine.seam import engine_for
from helpers.report import check
from helpers.stages import exploration, modeling, preparation

REFERENCE_YEAR = 2023
PANDAS = engine_for("pandas")
STAGES_DIR = PROJECT_ROOT / "helpers" / "stages"


class Refused(Exception):
    """Raised by a stand-in for a step, to show who calls it."""


def _refuse(*args, **kwargs):
    raise Refused


@pytest.fixture
def customers(synthetic_customers):
    """Synthetic customers with what cleaning has to deal with: missing incomes and a customer entered twice."""
    table = synthetic_customers.copy()
    table.loc[[3, 40, 41, 300], "Income"] = np.nan
    twice = table.iloc[[10, 40]].assign(ID=table["ID"].max() + np.arange(1, 3))
    return pd.concat([table, twice], ignore_index=True)


def _stage_one(customers, impute_income=False, n_clusters=4):
    """Stage 1 after reading, as its notebook runs it: what it hands over."""
    assessment = preparation.assess(PANDAS, customers, REFERENCE_YEAR)
    cleaned = preparation.clean(PANDAS, customers, assessment, REFERENCE_YEAR, n_clusters, impute_income)
    every_customer = preparation.engineer(PANDAS, customers, cleaned, REFERENCE_YEAR)
    prepared = preparation.analysed(PANDAS, every_customer, cleaned)
    return (
        prepared,
        every_customer,
        preparation.summary(PANDAS, customers, assessment, cleaned, None, None, customers, prepared),
    )


@pytest.mark.parametrize("step", ["read", "assess", "clean"])
def test_check_runs_the_stage_one_steps(step, synthetic_csv, monkeypatch):
    monkeypatch.setattr(preparation, step, _refuse)
    with pytest.raises(Refused):
        check.check_report(synthetic_csv, None, REFERENCE_YEAR, 4)


def test_check_prints_the_stage_one_figures(synthetic_csv):
    checked = preparation.checks(synthetic_csv, None, None, REFERENCE_YEAR, 4, impute_income=False)
    text = check.check_report(synthetic_csv, None, REFERENCE_YEAR, 4)
    kept, read = checked.cleaned.rows_kept, checked.assessment.rows
    assert f"{kept:,} of {read:,} customers are analysed" in text


def test_check_refuses_what_the_stage_refuses(synthetic_csv):
    # The synthetic customers enrolled up to 2014: counted to 2010 their memberships would be negative.
    with pytest.raises(Exception) as by_stage:
        preparation.checks(synthetic_csv, None, None, 2010, 4, impute_income=False)
    with pytest.raises(Exception) as by_check:
        check.check_report(synthetic_csv, None, 2010, 4)
    assert type(by_check.value) is type(by_stage.value) and str(by_check.value) == str(by_stage.value)


def test_the_cleaning_filters_on_the_assessment_fences_without_computing_them_again(customers, monkeypatch):
    assessment = preparation.assess(PANDAS, customers, REFERENCE_YEAR)
    monkeypatch.setattr(cleaning, "iqr_bounds", _refuse)
    cleaned = preparation.clean(PANDAS, customers, assessment, REFERENCE_YEAR, 4, impute_income=False)
    pd.testing.assert_frame_equal(cleaned.bounds, assessment.bounds)
    assert cleaned.exclusions["outside_fences"] == assessment.counts()["iqr_outliers"]


def test_the_assessment_fences_are_the_iqr_fences(customers):
    assessment = preparation.assess(PANDAS, customers, REFERENCE_YEAR)
    pd.testing.assert_frame_equal(assessment.bounds, cleaning.iqr_bounds(customers))


def test_features_are_engineered_once_per_run(customers, monkeypatch):
    calls = []
    engineer_features = features.engineer_features

    def counted(table, reference_year):
        calls.append(len(table))
        return engineer_features(table, reference_year)

    monkeypatch.setattr(features, "engineer_features", counted)
    _stage_one(customers)
    assert calls == [len(customers)]


@pytest.mark.parametrize("impute_income", [False, True])
def test_the_analysed_customers_are_their_cleaned_rows_with_features(customers, impute_income):
    prepared, every_customer, _ = _stage_one(customers, impute_income)
    analysed, cleaned = cleaning.clean(customers, impute_income)
    pd.testing.assert_frame_equal(prepared, features.engineer_features(analysed, REFERENCE_YEAR))
    assert len(prepared) == cleaned.rows_kept
    assert prepared["Income"].notna().all()
    assert every_customer["Income"].isna().sum() == customers["Income"].isna().sum()


def test_no_engineered_feature_reads_the_income(customers):
    # The analysed customers take their features from every customer's, incomes missing.
    without = features.engineer_features(customers.assign(Income=np.nan), REFERENCE_YEAR)
    with_income = features.engineer_features(customers.assign(Income=1.0), REFERENCE_YEAR)
    engineered = list(features.ENGINEERED)
    pd.testing.assert_frame_equal(without[engineered], with_income[engineered])
    assert list(without.columns) == [*customers.columns, *engineered]


@pytest.mark.parametrize("impute_income", [False, True])
def test_stage_one_hands_over_the_same_whatever_the_row_order(customers, impute_income):
    shuffled = customers.sample(frac=1, random_state=5).reset_index(drop=True)
    results = [_stage_one(table, impute_income) for table in (customers, shuffled)]
    (prepared, every_customer, summary), (prepared_shuffled, every_shuffled, summary_shuffled) = results

    def by_id(table):
        return table.sort_values("ID").reset_index(drop=True)

    pd.testing.assert_frame_equal(by_id(prepared), by_id(prepared_shuffled))
    pd.testing.assert_frame_equal(by_id(every_customer), by_id(every_shuffled))
    assert summary == summary_shuffled


def test_stage_one_refuses_fewer_customers_than_clusters(customers):
    assessment = preparation.assess(PANDAS, customers.head(6), REFERENCE_YEAR)
    with pytest.raises(Exception, match="too few for 10 clusters"):
        preparation.clean(PANDAS, customers.head(6), assessment, REFERENCE_YEAR, 10, impute_income=False)


def test_stage_two_hands_over_its_correlations(customers):
    prepared, _, _ = _stage_one(customers)
    cvr = exploration.cvr_correlations(prepared)
    income_spending = exploration.income_spending_correlation(prepared)
    summary = exploration.summary(cvr, income_spending)
    assert summary["cvr_correlations"]["Age"] == pytest.approx(prepared["Age"].corr(prepared["CVR"]))
    assert summary["income_spending_correlation"] == pytest.approx(prepared["Income"].corr(prepared["Total_Spending"]))


def test_stage_three_searches_k_and_scores_the_silhouette_on_the_same_sample(customers):
    prepared, _, _ = _stage_one(customers)
    projection = modeling.project(prepared, random_state=1)
    search = modeling.search_k(projection, sampling_threshold=200, random_state=1)
    segmentation = modeling.segment(projection, 3, random_state=1)
    sampling = modeling.sampling_check(projection, search, segmentation, 3, random_state=1)
    summary = modeling.summary(3, projection, search, segmentation, sampling)
    assert len(search.searched) == 200 and sampling == {**sampling, "sampled": True, "rows": len(prepared)}
    assert list(search.scores.index) == list(range(2, 11))
    assert summary["best_k"] == search.best_k and summary["elbow_k"] == search.elbow_k
    clusters = modeling.clusters(PANDAS, prepared, segmentation)
    assert list(clusters.columns) == [*prepared.columns, "segment", "PC1", "PC2"]
    # Every customer assigned as the fit labelled them, at the coordinates the projection gave them.
    pd.testing.assert_series_equal(clusters["segment"], segmentation.labels.astype("int32"))
    pd.testing.assert_frame_equal(clusters[["PC1", "PC2"]], projection.coordinates)
    assert clusters["segment"].nunique() == 3
    # A block without customers (as Dask describes a table's columns) gives the same columns, none assigned.
    empty = modeling.assigned_block(prepared.head(0), segmentation.model)
    assert list(empty.columns) == list(clusters.columns) and empty.dtypes.equals(clusters.dtypes)


def _imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module


@pytest.mark.parametrize("path", sorted(STAGES_DIR.glob("*.py")), ids=lambda p: p.stem)
def test_stages_import_neither_words_nor_pages(path):
    # The layers: data < segmentation < campaign < stages < story < report < cli.
    above = ("helpers.story", "helpers.report", "helpers.cli")
    assert not [module for module in _imported_modules(path) if module.startswith(above)]
