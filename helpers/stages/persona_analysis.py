"""Stage 4, persona analysis: personas identified from the segments, compared with an earlier report, profiled
and explained, and every analysed customer assigned.

Everything is by persona id (the persona table's index) and persona key; the notebook names the personas in
the report's language (``helpers.story.persona_words``) and shows the tables by those names.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.segmentation import continuity, explain, personas
from helpers.segmentation.continuity import Comparison


@dataclass(frozen=True)
class Personas:
    """The personas (by persona id: key, tier, trait, size, profile), each analysed customer's persona id (on the
    index of the analysed customers), and the comparison with an earlier report (None without one)."""

    table: pd.DataFrame
    persona_ids: pd.Series
    comparison: Comparison | None


def identify(clusters: pd.DataFrame, previous, every_customer: pd.DataFrame, currency: str) -> Personas:
    """The personas of the modeling stage's segments; with an earlier report (``previous``), re-keyed after its
    personas when the refit finds the same groups."""
    table = personas.identify_personas(clusters, clusters["segment"])
    persona_ids = personas.persona_of(clusters["segment"], table)
    table, comparison = continuity.since_previous(previous, clusters, persona_ids, every_customer, table, currency)
    return Personas(table, persona_ids, comparison)


def profiles(clusters: pd.DataFrame, found: Personas) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The median and the mean of every profile feature, one row per persona id in the personas' order."""
    medians = personas.profile(clusters, found.persona_ids, "median").loc[found.table.index]
    means = personas.profile(clusters, found.persona_ids, "mean").loc[found.table.index]
    return medians, means


def explanation(clusters: pd.DataFrame, found: Personas, random_state: int) -> tuple[explain.Explanation, pd.DataFrame]:
    """The shallow tree that tells the personas apart, and its rules as conditions."""
    tree = explain.explain_membership(clusters, found.persona_ids, random_state)
    return tree, explain.rules(tree)


def hand_over(clusters: pd.DataFrame, found: Personas, named: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the stage hands over: each analysed customer's persona id (assignments) and segments.csv's rows (with
    the persona's name and key and the key features). ``named`` is ``found.table`` with the personas' names."""
    return (
        personas.assignments(clusters, found.persona_ids),
        personas.segments_table(clusters, found.persona_ids, named),
    )


def summary(found: Personas, named: pd.DataFrame, tree: explain.Explanation, lang: str) -> dict:
    """What the persona analysis records in summary.json (``named``: the persona table with names)."""
    return {
        "personas": personas.persona_records(named),
        "lang": lang,
        "tree_agreement": tree.agreement,
        **({} if found.comparison is None else {"since_previous": found.comparison.record()}),
    }
