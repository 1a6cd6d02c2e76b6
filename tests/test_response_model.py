"""The response model learns only from what is known before a campaign and is judged only on customers it never saw."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from helpers.campaign import economics, response_model, targeting
from helpers.config import REAL_DATA
from helpers.data import cleaning, columns, features, loading

CASE_STUDY = {"contact_cost": 3.0, "revenue": 11.0}


@pytest.fixture(scope="module")
def base(synthetic_customers):
    return features.engineer_features(synthetic_customers.copy(), 2023)


def test_no_feature_is_the_outcome_its_economics_the_id_or_computed_from_them(base):
    assert not set(response_model.FEATURES) & set(response_model.NOT_FEATURES)
    rng = np.random.default_rng(0)
    scrambled = base.assign(
        Response=rng.permutation(base["Response"].to_numpy()),
        ID=rng.permutation(base["ID"].to_numpy()),
        Z_CostContact=7.0,
        Z_Revenue=np.nan,
    )
    pd.testing.assert_frame_equal(response_model.model_matrix(scrambled, 2023), response_model.model_matrix(base, 2023))


def test_features_keep_missing_incomes_and_read_both_label_languages(base):
    english = base.assign(Marital_Status=base["Marital_Status"].map({"Menikah": "Married", "Lajang": "Single"}))
    matrix = response_model.model_matrix(english, 2023)
    assert matrix["Income"].isna().sum() == base["Income"].isna().sum() > 0
    married, single = base["Marital_Status"].eq("Menikah"), base["Marital_Status"].eq("Lajang")
    assert (matrix.loc[married, "In_Couple"] == 1).all() and (matrix.loc[single, "In_Couple"] == 0).all()
    assert matrix.loc[~(married | single), "In_Couple"].isna().all()  # labels mapped to nothing are missing


def test_folds_are_stratified_and_never_split_a_customer_entered_twice(base):
    y = base["Response"].to_numpy(dtype=int)
    groups = cleaning.customer_groups(base.loc[:, list(columns.RAW)])
    assert len(np.unique(groups)) == len(base) - cleaning.duplicated_customers(base.loc[:, list(columns.RAW)]).sum()
    seen = np.zeros(len(y), dtype=int)
    for train, test in response_model._folds(y, groups, response_model.OUTER_FOLDS, 0):
        assert not set(groups[train]) & set(groups[test])
        assert abs(y[test].mean() - y.mean()) < 0.05
        seen[test] += 1
    assert (seen == 1).all()


def test_the_auc_interval_is_a_bootstrap_around_the_estimate():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 500)
    probability = np.clip(y * 0.3 + rng.random(500) * 0.7, 0, 1)
    low, high = response_model.bootstrap_auc_interval(y, probability, 0)
    assert low < roc_auc_score(y, probability) < high < 1
    assert response_model.bootstrap_auc_interval(y, y.astype(float), 0) == [1.0, 1.0]


def test_without_an_outcome_nothing_is_fitted(base):
    result = response_model.fit_and_evaluate(base.assign(Response=np.nan), 2023, CASE_STUDY, 5_000, 0)
    assert result.status == "no_outcome" and not result.fitted
    few = base.assign(Response=0.0)
    few.loc[few.index[:3], "Response"] = 1.0
    assert response_model.fit_and_evaluate(few, 2023, CASE_STUDY, 5_000, 0).status == "too_few"


def test_above_the_threshold_validation_samples_and_every_customer_is_predicted_out_of_fold(base):
    result = response_model.fit_and_evaluate(base, 2023, CASE_STUDY, 300, 0)
    assert result.fitted and result.sampled and result.evaluated == 300
    assert result.customers == len(base) and len(result.probability) == len(base)
    assert roc_auc_score(base["Response"], result.probability) > 0.7
    again = response_model.fit_and_evaluate(base, 2023, CASE_STUDY, 300, 0)
    np.testing.assert_array_equal(again.probability, result.probability)


@pytest.fixture(scope="module")
def real_base():
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    return features.engineer_features(loading.load_customers(REAL_DATA), 2023)


def test_with_the_response_shuffled_there_is_nothing_to_find_and_no_profit_promised(real_base):
    shuffled = real_base.assign(Response=np.random.default_rng(5).permutation(real_base["Response"].to_numpy()))
    costs = economics.resolve(shuffled)
    result = response_model.fit_and_evaluate(shuffled, 2023, costs, 5_000, 123)
    assert 0.4 < result.cv_auc < 0.6
    assert result.cv_auc_ci[0] < 0.5 + 0.02
    response = shuffled["Response"].to_numpy(dtype=bool)
    costs = economics.Economics.of(costs)
    chosen = costs.contact(result.probability)
    plan = targeting.plan_outcomes({"response_model": chosen}, response, costs, np.random.default_rng(0))
    assert plan["response_model"]["profit_low"] <= 0


@pytest.mark.parametrize("name", response_model.CANDIDATES)
def test_the_scorers_shortcut_gives_the_pipelines_probabilities(base, name):
    matrix = response_model.model_matrix(base, 2023)
    assert matrix.isna().any().any()  # missing incomes, imputed inside the model
    model = response_model.candidate(name, 0).fit(matrix, base["Response"].to_numpy(dtype=int))
    np.testing.assert_allclose(
        response_model.probability(model, matrix), model.predict_proba(matrix)[:, 1], rtol=1e-9, atol=1e-12
    )
