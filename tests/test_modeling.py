import numpy as np
import pandas as pd
from sklearn.metrics import silhouette_score

from helpers.data import cleaning, columns, features, loading
from helpers.segmentation import k_search, pipeline


def _prepared(path):
    return features.engineer_features(cleaning.clean(loading.load_customers(path))[0], 2023)


def test_clustering_matrix_is_the_seeds_32_columns(synthetic_csv):
    matrix = pipeline.clustering_matrix(_prepared(synthetic_csv))
    assert matrix.shape[1] == 32
    assert "ID" not in matrix and "Year_Birth" not in matrix
    assert list(matrix.columns) == list(columns.CLUSTERING)


def test_fitting_twice_gives_identical_labels(synthetic_csv):
    matrix = pipeline.clustering_matrix(_prepared(synthetic_csv))
    first = pipeline.segment_labels(pipeline.segmentation_pipeline(4, 123).fit(matrix), matrix)
    second = pipeline.segment_labels(pipeline.segmentation_pipeline(4, 123).fit(matrix), matrix)
    assert first.equals(second)


def test_the_model_built_on_the_fitted_projection_is_the_model_fitted_from_scratch(synthetic_csv):
    matrix = pipeline.clustering_matrix(_prepared(synthetic_csv))
    projection = pipeline.fit_projection(matrix, 123)
    reused = pipeline.segmentation_model(projection, pipeline.pca_coordinates(projection, matrix), 4, 123)
    from_scratch = pipeline.segmentation_pipeline(4, 123).fit(matrix)
    np.testing.assert_array_equal(reused.predict(matrix), from_scratch.predict(matrix))
    np.testing.assert_allclose(reused[-1].cluster_centers_, from_scratch[-1].cluster_centers_)


def test_the_lean_projection_fit_learns_what_the_pipelines_own_fit_learns(synthetic_csv):
    matrix = pipeline.clustering_matrix(_prepared(synthetic_csv)).assign(
        Income=lambda m: m["Income"].mask(m.index % 7 == 0)
    )
    untouched = matrix.copy()
    lean, plain = pipeline.fit_projection(matrix, 123), pipeline.projection_pipeline(123).fit(matrix)
    np.testing.assert_array_equal(lean.named_steps["impute"].statistics_, plain.named_steps["impute"].statistics_)
    assert list(lean.named_steps["impute"].feature_names_in_) == list(matrix.columns)
    np.testing.assert_allclose(lean.transform(matrix), plain.transform(matrix))
    pd.testing.assert_frame_equal(
        matrix, untouched
    )  # the steps after the imputer work in place, never on the caller's table


def test_k_scores_are_computed_on_the_pca_coordinates_alone(synthetic_csv):
    matrix = pipeline.clustering_matrix(_prepared(synthetic_csv))
    coordinates = pipeline.pca_coordinates(pipeline.projection_pipeline(123).fit(matrix), matrix)
    scores = k_search.score_k_range(coordinates, 123, k_range=range(2, 5))
    labels = pipeline.kmeans(3, 123).fit_predict(coordinates)
    assert scores.loc[3, "silhouette"] == silhouette_score(coordinates, labels)
    assert set(k_search.best_k_by_score(scores).values()) <= {2, 3, 4}


def test_the_pipeline_imputes_a_missing_income_when_assigning_new_customers(synthetic_csv):
    prepared = _prepared(synthetic_csv)
    model = pipeline.segmentation_pipeline(3, 123).fit(pipeline.clustering_matrix(prepared))
    newcomer = pipeline.clustering_matrix(prepared.head(1)).assign(Income=np.nan)
    assert model.predict(newcomer).shape == (1,)


def test_sampling_only_above_the_threshold_and_personas_do_not_depend_on_it(synthetic_csv):
    matrix = pipeline.clustering_matrix(_prepared(synthetic_csv))
    model = pipeline.segmentation_pipeline(4, 123).fit(matrix)
    coordinates = pipeline.pca_coordinates(model, matrix)
    labels = pipeline.segment_labels(model, matrix)

    exact = k_search.search_sample(coordinates, len(coordinates), 123)
    assert exact is coordinates
    assert k_search.sampling_check(coordinates, exact, labels, 4, 123)["sampled"] is False

    sample = k_search.search_sample(coordinates, 300, 123)
    check = k_search.sampling_check(coordinates, sample, labels, 4, 123)
    assert len(sample) == 300 and sample.index.isin(coordinates.index).all()
    assert check["sampled"] and check["sample_rows"] == 300 and check["rows"] == len(coordinates)
    assert check["adjusted_rand_index"] > 0.8
    # the final model is always fitted on every customer: the sample only informs the k search
    assert k_search.search_sample(coordinates, 300, 123).equals(sample)
