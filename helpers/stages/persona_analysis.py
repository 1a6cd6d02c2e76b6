"""Stage 4, persona analysis: personas identified from the segments, compared with an earlier report, profiled
and explained, and every analysed customer assigned.

Everything is by persona id (the persona table's index) and persona key; the notebook names the personas in
the report's language (``helpers.story.persona_words``) and shows the tables by those names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from helpers.data import columns
from helpers.engine.seam import Engine
from helpers.segmentation import continuity, explain, k_search, personas, stability
from helpers.segmentation.continuity import Comparison


@dataclass(frozen=True)
class Personas:
    """The personas (by persona id: key, tier, trait, size, profile), each analysed customer's persona id (on the
    index of the analysed customers), and the comparison with an earlier report (None without one)."""

    table: pd.DataFrame
    persona_ids: pd.Series
    comparison: Comparison | None


def identify(
    engine: Engine,
    clusters: pd.DataFrame,
    every_assigned,
    previous,
    read_every_customer: Callable[[], object],
    currency: str,
) -> Personas:
    """The personas of the modeling stage's segments, sized, profiled and named over every analysed customer
    (``every_assigned``, a table of ``engine``'s kind; ``personas.segment_figures``), each of the learning
    sample's analysed customers (``clusters``) given their persona;
    with an earlier report (``previous``), re-keyed after its personas when the refit finds the same groups,
    compared on ``engine``'s side with every customer of the file (``read_every_customer``, a table of its kind,
    read only then)."""
    table = personas.personas_from(personas.segment_figures(engine, every_assigned))
    persona_ids = personas.persona_of(clusters["segment"], table)
    if previous is None:
        return Personas(table, persona_ids, None)
    table, comparison = continuity.since_previous(
        engine, previous, every_assigned, table, read_every_customer(), currency
    )
    return Personas(table, persona_ids, comparison)


def profiles(found: Personas) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The median and the mean of every profile feature over every analysed customer (as
    ``personas.segment_figures`` measured them), one row per persona id in the personas' order."""
    features = list(personas.PROFILE_FEATURES)
    medians = found.table.loc[:, [f"median_{feature}" for feature in features]].set_axis(features, axis=1)
    means = found.table.loc[:, [f"mean_{feature}" for feature in features]].set_axis(features, axis=1)
    return medians, means


def stability_of(
    clusters: pd.DataFrame, found: Personas, n_clusters: int, sampling_threshold: int, random_state: int
) -> stability.Stability:
    """How far to trust each persona (``stability.assess``), by persona id in the personas' order: K-Means refitted
    on the PCA coordinates of the analysed customers of the learning sample, at most ``sampling_threshold`` of them
    (the k search's sample)."""
    coordinates = k_search.search_sample(clusters[["PC1", "PC2"]], sampling_threshold, random_state)
    found_stability = stability.assess(coordinates, clusters["segment"], n_clusters, random_state)
    persona_of_segment = pd.Series(found.table.index, index=found.table["segment"])
    by_persona = found_stability.jaccard.rename(index=persona_of_segment).reindex(found.table.index)
    return replace(found_stability, jaccard=by_persona)


def explanation(clusters: pd.DataFrame, found: Personas, random_state: int) -> tuple[explain.Explanation, pd.DataFrame]:
    """The shallow tree that tells the personas apart, and its rules as conditions."""
    tree = explain.explain_membership(clusters, found.persona_ids, random_state)
    return tree, explain.rules(tree)


def hand_over(engine: Engine, every_assigned, named: pd.DataFrame) -> tuple:
    """What the stage hands over, for every analysed customer (``every_assigned``, a table of ``engine``'s kind),
    block by block: their persona id (assignments) and segments' rows (with the persona's name and key and the key
    features). ``named`` is the persona table with the personas' names."""
    segments = engine.map_blocks(every_assigned, functools.partial(_segments_block, named=named))
    return engine.map_blocks(segments, _assignments_block), segments


def _segments_block(block: pd.DataFrame, named: pd.DataFrame) -> pd.DataFrame:
    return personas.segments_table(block, personas.persona_of(block["segment"], named), named)


def _assignments_block(segments: pd.DataFrame) -> pd.DataFrame:
    return segments.loc[:, [columns.ID, "persona_id"]]


def summary(
    found: Personas, named: pd.DataFrame, tree: explain.Explanation, lang: str, trust: stability.Stability
) -> dict:
    """What the persona analysis records in summary.json (``named``: the persona table with names; ``trust``: how
    far to trust each persona, by persona id)."""
    return {
        "personas": personas.persona_records(named),
        "lang": lang,
        "tree_agreement": tree.agreement,
        "stability": trust.record(named["persona_key"]),
        **({} if found.comparison is None else {"since_previous": found.comparison.record()}),
    }
