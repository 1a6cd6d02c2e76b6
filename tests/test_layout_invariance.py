"""The same customers in any layout get the same segments and persona shares (real data, skipped without it)."""

import pandas as pd
import pytest

from helpers.config import REAL_DATA
from helpers.data import cleaning, features, loading
from helpers.segmentation import personas, pipeline
from helpers.story import persona_words
from tests import layouts


def _labels(prepared, k):
    matrix = pipeline.clustering_matrix(prepared)
    return pipeline.segment_labels(pipeline.segmentation_pipeline(k, 123).fit(matrix), matrix)


def _segments(path) -> pd.DataFrame:
    loaded = loading.read_customers(path)
    prepared = features.engineer_features(cleaning.clean(loaded.customers)[0], 2023)
    labels = _labels(prepared, 4)
    table = persona_words.named(personas.identify_personas(prepared, labels), loaded.layout.currency, "en")
    return personas.segments_table(prepared, personas.persona_of(labels, table), table).set_index("ID")[
        ["persona_id", "persona"]
    ]


@pytest.fixture(scope="module")
def reference(request):
    if not REAL_DATA.is_file():
        pytest.skip(f"real dataset not found at {REAL_DATA}")
    return layouts.read_rakamin(REAL_DATA), _segments(REAL_DATA)


@pytest.mark.parametrize(
    ("convert", "options"),
    [
        (layouts.as_original, dict(sep="\t")),
        (lambda t: t, dict(sep=";", quoted=True, bom=True, crlf=True)),
        (lambda t: layouts.with_dates(t, "%Y-%m-%d"), dict(sep=",")),
        (lambda t: layouts.with_dates(layouts.as_original(t), "%d-%b-%y"), dict(sep=";")),
        (lambda t: layouts.with_dates(t, "%m/%d/%Y").sample(frac=1, random_state=1), dict(sep=",", quoted=True)),
    ],
    ids=["original-tab", "semicolon-quoted-bom-crlf", "iso-dates", "original-month-names", "us-dates-shuffled"],
)
def test_every_layout_gives_the_same_segments(tmp_path, reference, convert, options):
    table, expected = reference
    found = _segments(layouts.write(convert(table), tmp_path / "customers.csv", **options))
    pd.testing.assert_frame_equal(found.sort_index(), expected.sort_index())
