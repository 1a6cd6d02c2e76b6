"""How each figure of a report was counted, for the analyst: exact over every customer, approximate (and by how
much), or learned from the learning sample. The lists follow the run: what the learning sample left out, and
the bins the approximate figures are read from, come from the run's record and the code's own constants."""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import Markdown

from helpers.campaign.holdout import AUC_BINS
from helpers.campaign.response_model import MAX_FIT_ROWS
from helpers.campaign.targeting import CALIBRATION_BINS, CURVE_POINTS
from helpers.story import phrases
from helpers.story.narrative import is_sampled
from helpers.story.numbers import count


def figures_counted(
    engine: str, sample: Mapping, sampling_threshold: int, lang: str, compared: bool = False
) -> Markdown | None:
    """For a Dask run, or a run whose learning sample leaves customers out (``sample``: summary.json's record),
    which figures count every customer exactly, which are approximate, and which come from the sample (with
    ``compared``, the comparison with a previous report among the exact ones); nothing for a run on pandas of a
    file no larger than the sample, where every figure is the in-memory one."""
    sampled = is_sampled(sample, of="customers")
    if engine != "dask" and not sampled:
        return None
    lines = [phrases.text("provenance_heading", lang), "", phrases.text("provenance_exact", lang)]
    if compared:
        lines.append(phrases.text("provenance_previous", lang))
    if sampled:
        lines.append(
            phrases.text(
                "provenance_approximate",
                lang,
                auc_bins=count(AUC_BINS, lang),
                curve_bins=count(CURVE_POINTS, lang),
                calibration_bins=count(CALIBRATION_BINS, lang),
            )
        )
        lines.append(
            phrases.text(
                "provenance_sampled",
                lang,
                sampled=count(sample["customers_sampled"], lang),
                rows=count(sample["customers_in_file"], lang),
                threshold=count(sampling_threshold, lang),
                fit=count(MAX_FIT_ROWS, lang),
            )
        )
    else:
        lines.append(phrases.text("provenance_unsampled", lang))
    return Markdown("\n".join(lines))
