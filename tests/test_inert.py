"""Text from the input reads as text: in the report's Markdown (as nbconvert renders it) and on a terminal."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from helpers.config import LANGUAGES
from helpers.story import inert, narrative

# Raw HTML, Markdown links, images and autolinks, bare URLs, code, emphasis, tables, maths, entities, headings.
HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "x](javascript:alert(1))",
    "[click](javascript:alert(1))",
    "![i](x)",
    "<https://evil.example>",
    "https://evil.example/login",
    "`code` **bold** _it_ ~~gone~~ $x$ | a |",
    "&lt;script&gt; &#106;avascript:",
    "Name ##",
    "back\\slash\\",
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _elements(markdown: str) -> tuple[list[str], BeautifulSoup]:
    page = BeautifulSoup(markdown2html_mistune(markdown), "html.parser")
    return [element.name for element in page.find_all(True)], page


@given(st.text())
def test_any_text_renders_as_exactly_its_characters(text):
    elements, page = _elements(f"Before {inert.markdown(text)} after")
    assert elements == ["p"]
    assert page.p.get_text() == f"Before {_CONTROLS.sub(' ', text)} after"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_emphasis_stays_inside_it(text):
    elements, page = _elements(f"The file is **{inert.markdown(text)}**.")
    assert elements == ["p", "strong"]
    assert page.strong.get_text() == text


def _shows_as_text(markdown, name: str, allowed=frozenset({"p", "strong", "em", "ul", "li", "h3"})) -> None:
    """The narrative's Markdown renders ``name`` as text, with no element a name could have made.

    A heading gets nbconvert's anchor, a link to itself within the page.
    """
    elements, page = _elements(markdown.data)
    anchors = page.select('a.anchor-link[href^="#"]')
    assert set(elements) - {"a"} <= allowed and elements.count("a") == len(anchors), elements
    assert name in page.get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", HOSTILE[:4])
def test_the_narrative_shows_names_from_the_input_as_text(name, lang):
    layout = SimpleNamespace(name="rakamin", currency="rupiah", extra_columns=(name,))
    for identity in (
        SimpleNamespace(size_bytes=1_000, as_record=lambda: {"file": name}),
        SimpleNamespace(size_bytes=1_000, as_record=lambda: {"file": name, "input": "folder", "files": 3}),
    ):
        _shows_as_text(narrative.file_overview(identity, layout, lang), name)
        _shows_as_text(narrative.data_overview(identity, 10, layout, lang), name)
    _shows_as_text(narrative.cvr_findings(pd.Series({name: 0.5, "Income": 0.1}), lang), name)
    personas = pd.DataFrame(
        {"persona": [name, "Low"], "description": [name, "few"], "share_percent": [60.0, 40.0], "too_small": True},
        index=[1, 2],
    )
    _shows_as_text(narrative.persona_overview(personas, lang), name)
    plan = {
        "persona_ids": [1],
        "customers": 100,
        "customers_share": 0.6,
        "responders_share": 0.7,
        "expected_profit": 10.0,
        "too_small_ids": [1],
    }
    _shows_as_text(narrative.targeting({**plan, "everyone_profit": 5.0}, personas, lang), name)
    economics = pd.Series(
        {"expected_profit": 10.0, "customers": 6, "profit_low": 1.0, "profit_high": 20.0, "contact_cost": 3.0,
         "revenue": 11.0, "response_rate": 0.2, "lift": 1.5, "too_small": True}
    )  # fmt: skip
    brief = narrative.persona_brief(
        pd.Series({"persona": name, "description": name, "median_Total_Spending": 1_000.0}),
        pd.DataFrame({"action": ["Call them."], "evidence": ["spending 2 against 1"]}),
        economics,
        "rupiah",
        lang,
    )
    _shows_as_text(SimpleNamespace(data=brief), name)


def test_the_terminal_sees_control_characters_spelled_out():
    assert inert.terminal("a\x1b[2Jb\x07\r\u202ec") == "a\\x1b[2Jb\\x07\\r\\u202ec"
    assert inert.terminal("one\ntwo") == "one\\ntwo"
    assert inert.terminal("one\ntwo", keep_newlines=True) == "one\ntwo"
    readable = "Rp 1.116.000 — Pembelanja Hemat, café <b> ✓"
    assert inert.terminal(readable) == readable
    assert inert.terminal(inert.terminal("\x1b")) == inert.terminal("\x1b")
