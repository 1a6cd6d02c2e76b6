"""The saved model assigns new customers as the training run did, refuses what it must, and writes whole files."""

import json

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.cluster import KMeans
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from helpers.cli import main
from helpers.config import DEFAULT_DATA
from helpers.errors import InputDataError, ModelFileError
from helpers.scoring.pandas_engine import (
    NO_RESPONSE_PART,
    OUTPUT_COLUMNS,
    RESPONSE_COLUMNS,
    ScoringOptions,
    score_file,
)
from helpers.segmentation import model_store
from tests import layouts


@pytest.fixture
def model(default_report):
    return default_report / "artifacts" / "model.skops"


def _score(model, data, out, *extra):
    return main(["score", "--model", str(model), "--data", str(data), "--out", str(out), *extra])


def test_scoring_the_training_file_reproduces_its_segments(default_report, model, tmp_path):
    assert _score(model, DEFAULT_DATA, tmp_path / "scored.csv") == 0
    scored = pd.read_csv(tmp_path / "scored.csv").set_index("ID")
    segments = pd.read_csv(default_report / "artifacts" / "segments.csv").set_index("ID")
    pd.testing.assert_frame_equal(
        scored.loc[segments.index, ["persona_id", "persona"]], segments[["persona_id", "persona"]]
    )
    assert not scored.loc[segments.index, "outside_training_range"].any()


def test_customers_the_training_run_filtered_still_get_a_flagged_persona(default_report, model, tmp_path):
    score_file(model, DEFAULT_DATA, tmp_path / "scored.csv")
    scored = pd.read_csv(tmp_path / "scored.csv")
    summary = json.loads((default_report / "artifacts" / "summary.json").read_text())
    assert len(scored) == summary["rows_read"]
    assert scored["outside_training_range"].sum() == summary["rows_read"] - summary["rows_used"]
    assert scored["persona"].notna().all() and scored["action"].str.len().gt(0).all()


def test_chunked_scoring_equals_whole_file_scoring_in_every_format(model, tmp_path):
    whole = tmp_path / "whole.csv"
    score_file(model, DEFAULT_DATA, whole)
    parquet_in = tmp_path / "customers.parquet"
    layouts.read_rakamin(DEFAULT_DATA).to_parquet(parquet_in)
    score_file(model, parquet_in, tmp_path / "chunked.parquet", ScoringOptions(chunk_rows=97))
    score_file(model, DEFAULT_DATA, tmp_path / "chunked.csv", ScoringOptions(chunk_rows=300))
    expected = pd.read_csv(whole)
    # Parquet keeps persona and action dictionary-encoded; pandas reads them back as categoricals.
    chunked_parquet = pd.read_parquet(tmp_path / "chunked.parquet").astype(
        {"persona": "str", "persona_key": "str", "action": "str"}
    )
    pd.testing.assert_frame_equal(chunked_parquet, expected, check_dtype=False)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "chunked.csv"), expected)


def test_another_layout_of_the_same_customers_scores_the_same(model, tmp_path):
    original = layouts.write(
        layouts.as_original(layouts.read_rakamin(DEFAULT_DATA)), tmp_path / "original.tsv", sep="\t"
    )
    score_file(model, DEFAULT_DATA, tmp_path / "a.csv")
    score_file(model, original, tmp_path / "b.csv")
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv"))


def _with_bad_rows(tmp_path):
    table = layouts.read_rakamin(DEFAULT_DATA).astype({"Income": object})
    table.iloc[3, table.columns.get_loc("Income")] = "lots"
    table.iloc[2000, table.columns.get_loc("MntFishProducts")] = -10
    return layouts.write(table, tmp_path / "bad.csv", index=True)


def test_bad_rows_stop_the_run_and_nothing_is_written(model, tmp_path, capsys):
    out = tmp_path / "scored.csv"
    out.write_text("previous result\n")
    assert _score(model, _with_bad_rows(tmp_path), out, "--chunk-rows", "500") == 2
    err = capsys.readouterr().err
    assert "line 5: Income must be numeric ('lots')" in err and "--on-error skip" in err
    assert out.read_text() == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "scored.csv"]


def test_bad_rows_can_be_skipped_and_counted(model, tmp_path, capsys):
    out = tmp_path / "scored.csv"
    assert _score(model, _with_bad_rows(tmp_path), out, "--on-error", "skip", "--chunk-rows", "500") == 0
    captured = capsys.readouterr()
    assert "skipped 2 bad rows" in captured.out
    assert "line 2002: MntFishProducts must not be negative (-10)" in captured.err
    assert len(pd.read_csv(out)) == 2240 - 2


def test_a_chunk_whose_every_row_is_skipped_does_not_stop_the_others(model, tmp_path, capsys):
    table = layouts.read_rakamin(DEFAULT_DATA).head(6).astype({"Income": object})
    table.iloc[2, table.columns.get_loc("Income")] = "lots"
    bad = layouts.write(table, tmp_path / "bad.csv", index=True)
    out = tmp_path / "scored.parquet"
    assert _score(model, bad, out, "--on-error", "skip", "--chunk-rows", "1") == 0
    assert "skipped 1 bad rows" in capsys.readouterr().out
    assert pd.read_parquet(out)["ID"].tolist() == table["ID"].drop(index=table.index[2]).tolist()


def _refused(model_path, tmp_path, capsys, message):
    assert _score(model_path, DEFAULT_DATA, tmp_path / "out.csv") == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_a_file_that_is_not_a_model_is_refused(tmp_path, capsys):
    fake = tmp_path / "model.skops"
    fake.write_bytes(DEFAULT_DATA.read_bytes()[:1000])
    _refused(fake, tmp_path, capsys, "is not a model file")


def test_unexpected_types_are_refused_before_loading(tmp_path, capsys):
    hostile = tmp_path / "model.skops"
    sio.dump({"model_format": 1, "pipeline": FunctionTransformer(func=eval)}, hostile)
    _refused(hostile, tmp_path, capsys, "unexpected types builtins.eval")


def test_a_model_of_an_incompatible_version_is_refused(model, tmp_path, capsys):
    old = tmp_path / "model.skops"
    bundle = model_store.load(model)
    sio.dump({**bundle, "model_format": model_store.MODEL_FORMAT + 1}, old)
    _refused(old, tmp_path, capsys, "incompatible version of the project")


def test_a_model_card_that_does_not_match_is_an_error(model, tmp_path, capsys):
    copy = tmp_path / "model.skops"
    copy.write_bytes(model.read_bytes())
    card = json.loads(model_store.card_path(model).read_text())
    model_store.card_path(copy).write_text(json.dumps({**card, "model_sha256": "0" * 64}))
    _refused(copy, tmp_path, capsys, "does not match its model card")


def test_the_model_card_describes_the_training_run(default_report, model):
    card = json.loads(model_store.card_path(model).read_text())
    summary = json.loads((default_report / "artifacts" / "summary.json").read_text())
    assert card["training_data"]["sha256"] == summary["data"]["sha256"]
    assert card["training_data"]["rows_used"] == summary["rows_used"]
    assert [p["name"] for p in card["personas"]] == [p["name"] for p in summary["personas"]]
    assert {"scikit-learn", "numpy", "pandas", "skops"} <= set(card["library_versions"])


def test_score_file_raises_the_projects_errors(model, tmp_path):
    with pytest.raises(ModelFileError):
        score_file(tmp_path / "missing.skops", DEFAULT_DATA, tmp_path / "o.csv")
    with pytest.raises(InputDataError):
        score_file(model, tmp_path / "missing.csv", tmp_path / "o.csv")


def test_an_output_path_that_is_a_folder_is_refused_and_a_missing_folder_is_created(model, tmp_path, capsys):
    assert _score(model, DEFAULT_DATA, tmp_path) == 2
    assert f"{tmp_path} is a folder" in capsys.readouterr().err
    nested = tmp_path / "new" / "scored.parquet"
    assert _score(model, DEFAULT_DATA, nested) == 0 and len(pd.read_parquet(nested)) == 2240


def test_scoring_says_whom_to_contact_with_the_economics_the_model_was_trained_with(default_report, model, tmp_path):
    assert _score(model, DEFAULT_DATA, tmp_path / "scored.csv") == 0
    scored = pd.read_csv(tmp_path / "scored.csv")
    assert list(scored.columns) == [*OUTPUT_COLUMNS, *RESPONSE_COLUMNS]
    response = model_store.load(model)["response"]
    probability = scored["response_probability"]
    assert probability.between(0, 1).all() and probability.nunique() > 100
    expected = probability * response["revenue"] - response["contact_cost"]
    np.testing.assert_allclose(scored["expected_profit"], expected, rtol=1e-6, atol=1e-6)
    assert scored["contact"].equals(scored["expected_profit"] > 0)
    # the file keeps single precision: a customer within a rounding of the break-even may read either way
    assert (scored["contact"] == (probability > response["break_even_probability"])).mean() > 0.999
    # customers the segmentation filtered out are scored all the same
    assert probability[scored["outside_training_range"]].notna().all()
    card = json.loads(model_store.card_path(model).read_text())["response_model"]
    summary = json.loads((default_report / "artifacts" / "summary.json").read_text())["targeting"]
    assert card["cv_auc"] == pytest.approx(summary["cv_auc"], abs=1e-6) and card["model"] == summary["model"]
    assert (card["contact_cost"], card["revenue"]) == (summary["contact_cost"], summary["revenue"])
    assert card["break_even_probability"] == pytest.approx(summary["break_even_probability"], abs=1e-6)


def test_a_model_trained_without_response_says_it_has_no_response_part(model, tmp_path, capsys):
    personas_only = tmp_path / "model.skops"
    model_store.dump({**model_store.load(model), "response": None}, personas_only)
    assert _score(personas_only, DEFAULT_DATA, tmp_path / "scored.parquet") == 0
    assert NO_RESPONSE_PART in capsys.readouterr().err
    assert list(pd.read_parquet(tmp_path / "scored.parquet").columns) == list(OUTPUT_COLUMNS)


def test_a_response_model_of_unexpected_types_is_refused(model, tmp_path, capsys):
    bundle = model_store.load(model)
    hostile = tmp_path / "model.skops"
    evil = Pipeline([("model", FunctionTransformer(func=eval))])
    sio.dump({**bundle, "response": {**bundle["response"], "pipeline": evil}}, hostile)
    _refused(hostile, tmp_path, capsys, "unexpected types builtins.eval")
    other = tmp_path / "other.skops"
    sio.dump({**bundle, "response": {**bundle["response"], "pipeline": Pipeline([("model", KMeans())])}}, other)
    _refused(other, tmp_path, capsys, "does not hold the expected pipeline")


def test_models_trained_in_either_language_give_the_same_keys_and_names_in_the_language_asked(
    default_report, indonesian_report, tmp_path
):
    scored = {}
    for trained, report in (("en", default_report), ("id", indonesian_report)):
        for asked in ("en", "id"):
            out = tmp_path / f"{trained}-{asked}.csv"
            assert _score(report / "artifacts" / "model.skops", DEFAULT_DATA, out, "--lang", asked) == 0
            scored[trained, asked] = pd.read_csv(out)
    keys = scored["en", "en"]["persona_key"]
    assert keys.str.fullmatch(r"(high|mid|low)-value/[a-z-]+").all()
    for table in scored.values():
        pd.testing.assert_series_equal(table["persona_key"], keys)
    for column in ("persona", "action"):
        for asked in ("en", "id"):
            pd.testing.assert_series_equal(scored["en", asked][column], scored["id", asked][column])
        assert scored["en", "en"][column].ne(scored["en", "id"][column]).all()
    # Without --lang, English.
    assert _score(indonesian_report / "artifacts" / "model.skops", DEFAULT_DATA, tmp_path / "plain.csv") == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "plain.csv"), scored["en", "en"])
