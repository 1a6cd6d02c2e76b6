"""The analyst's list of how each figure was counted follows the run: the engine and what the sample left out."""

from helpers.campaign.holdout import AUC_BINS
from helpers.story import provenance

SAMPLED = {"customers_sampled": 200, "customers_in_file": 450, "analysed_sampled": 190, "analysed": 430}
WHOLE = {"customers_sampled": 450, "customers_in_file": 450, "analysed_sampled": 430, "analysed": 430}


def test_a_pandas_run_of_a_file_within_the_sample_has_nothing_to_list():
    assert provenance.figures_counted("pandas", WHOLE, 5000, "en") is None


def test_a_sampled_run_lists_the_exact_the_approximate_and_the_sampled_figures_on_either_engine():
    for engine in ("pandas", "dask"):
        text = provenance.figures_counted(engine, SAMPLED, 5000, "en").data
        assert "**Exact, over every customer**" in text and "the contact list" in text
        assert f"read from {AUC_BINS} groups by probability" in text
        assert "**From the learning sample** (200 of the 450 customers" in text and "at most 5,000" in text
    indonesian = provenance.figures_counted("dask", SAMPLED, 5000, "id").data
    assert "**Dari sampel pembelajaran** (200 dari 450 pelanggan" in indonesian and "paling banyak 5.000" in indonesian


def test_a_dask_run_of_a_file_within_the_sample_says_nothing_came_from_a_sample():
    text = provenance.figures_counted("dask", WHOLE, 5000, "en").data
    assert "**Nothing from a sample:**" in text and "Approximate" not in text and "learning sample**" not in text


def test_a_rerun_lists_its_comparison_with_the_previous_report_among_the_exact_figures():
    assert "of both files" not in provenance.figures_counted("dask", SAMPLED, 5000, "en").data
    text = provenance.figures_counted("dask", SAMPLED, 5000, "en", compared=True).data
    assert "**Exact, over every customer of both files** (joined by ID)" in text and "the payoff of its plan" in text
    indonesian = provenance.figures_counted("dask", SAMPLED, 5000, "id", compared=True).data
    assert "**Tepat, atas setiap pelanggan kedua berkas**" in indonesian
