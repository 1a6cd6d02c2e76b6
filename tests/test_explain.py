"""A shallow tree explains persona membership in rules a marketer can apply by hand."""

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from helpers.data import cleaning, features, loading
from helpers.data.currency import RUPIAH
from helpers.data.synthetic import generator
from helpers.segmentation import explain, personas, pipeline
from helpers.story import membership_rules, persona_words


@pytest.fixture(scope="module")
def personas_found(tmp_path_factory):
    path = generator.write_rakamin_csv(generator.generate(1500, 8), tmp_path_factory.mktemp("d") / "c.csv")
    prepared = features.engineer_features(cleaning.clean(loading.load_customers(path))[0], 2023)
    matrix = pipeline.clustering_matrix(prepared)
    labels = pipeline.segment_labels(pipeline.segmentation_pipeline(4, 123).fit(matrix), matrix)
    table = persona_words.named(personas.identify_personas(prepared, labels), RUPIAH, "en")
    return prepared, personas.persona_of(labels, table), table


def test_the_tree_mostly_agrees_with_k_means(personas_found):
    prepared, persona_ids, _ = personas_found
    explanation = explain.explain_membership(prepared, persona_ids, random_state=1)
    assert explanation.agreement > 0.8
    assert explanation.tree.get_depth() <= explain.MAX_DEPTH
    assert explanation.importances.sum() == pytest.approx(1)


def test_rules_are_words_with_money_in_the_datas_currency(personas_found):
    prepared, persona_ids, table = personas_found
    explanation = explain.explain_membership(prepared, persona_ids, random_state=1)
    rules = membership_rules.worded(explain.rules(explanation), table["persona"], RUPIAH)
    assert rules["customers"].sum() == len(prepared)
    assert set(rules["persona_id"]) <= set(table.index)
    assert all(rule.startswith("**") and " — " in rule for rule in rules["rule"])
    assert any("Rp " in rule for rule in rules["rule"])
    # Thresholds in words a marketer applies by hand: whole numbers for counts, no column names, no half units.
    assert not any(re.search(r"\d\.5\b|Total_|NumWeb", rule) for rule in rules["rule"])
    assert rules["customers"].min() >= explain.MIN_RULE_SHARE * len(prepared)


def test_rules_show_persona_names_as_text(personas_found):
    prepared, persona_ids, table = personas_found
    explanation = explain.explain_membership(prepared, persona_ids, random_state=1)
    hostile = table["persona"].map(lambda name: f"<img src=x onerror=alert(1)>[{name}](javascript:alert(1))")
    rules = membership_rules.worded(explain.rules(explanation), hostile, RUPIAH)
    for rule, persona_id in zip(rules["rule"], rules["persona_id"]):
        page = BeautifulSoup(markdown2html_mistune(rule), "html.parser")
        assert [element.name for element in page.find_all(True)] == ["p", "strong"]
        assert page.strong.get_text() == hostile[persona_id]


def test_rules_are_conditions_with_whole_bounds_for_counts(personas_found):
    prepared, persona_ids, _ = personas_found
    rules = explain.rules(explain.explain_membership(prepared, persona_ids, random_state=1))
    conditions = [condition for found in rules["conditions"] for condition in found]
    assert conditions and all(isinstance(condition, explain.Condition) for condition in conditions)
    for condition in conditions:
        assert condition.feature in explain.FEATURES
        assert condition.whole == (condition.feature in explain.WHOLE_FEATURES)
        if condition.whole:
            assert all(bound is None or float(bound).is_integer() for bound in (condition.low, condition.high))
    # Every customer of a leaf meets its conditions (a whole "low" is inclusive, a measured one exclusive).
    for row in rules.itertuples():
        inside = pd.Series(True, index=prepared.index)
        for condition in row.conditions:
            values = prepared[condition.feature]
            if condition.low is not None:
                inside &= values >= condition.low if condition.whole else values > condition.low
            if condition.high is not None:
                inside &= values <= condition.high
        assert inside.sum() == row.customers
