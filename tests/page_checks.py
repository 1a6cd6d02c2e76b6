"""What in a page could run: the static checks the hostile-input and HTML tests share.

A page is safe to open when it has no script element, no event-handler attribute,
no ``javascript:`` URL where a browser follows one, no element that embeds or
redirects, and declares the report's Content-Security-Policy before anything else.
``EXECUTABLE_IN_DOM`` asks the same of a page as a browser parsed it (``tests/browser.py``),
which need not be how Python's parser reads a malformed page. ``business_pages`` and ``visible_text``
give what a reader of the business view sees, for the language tests.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from helpers.config import STAGE_IDS
from helpers.report import html_export

# Attributes whose value a browser follows as a URL, where a javascript: URL would run.
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "background")
# Elements that run, embed or redirect something, whatever their attributes.
_ACTIVE_ELEMENTS = ("script", "iframe", "object", "embed", "base", "form", "frame", "applet")
# Browsers drop whitespace and control characters inside a scheme, so "java\tscript:" runs too.
_JAVASCRIPT_URL = re.compile(r"^[\s\x00-\x1f]*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)

EXECUTABLE_IN_DOM = """[...document.querySelectorAll('*')].flatMap(element =>
  (element.matches('script, iframe, object, embed, base, form, frame') ? [element.tagName] : []).concat(
  [...element.attributes].filter(a => a.name.startsWith('on') || /^[\\s\\x00-\\x1f]*javascript:/i.test(a.value))
    .map(a => element.tagName + ' ' + a.name)))"""


def executable_markup(html: str) -> list[str]:
    """Everything in a page that could run: script elements, event handlers, javascript: URLs, embedding elements."""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<{element.name}>" for element in soup.find_all(_ACTIVE_ELEMENTS)]
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attribute.lower().startswith("on"):
                found.append(f"<{element.name} {attribute}>")
            elif attribute.lower() in _URL_ATTRIBUTES and _JAVASCRIPT_URL.match(value):
                found.append(f"<{element.name} {attribute}={value!r}>")
    if soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.IGNORECASE)}):
        found.append("<meta http-equiv=refresh>")
    return found


def declared_policy(html: str) -> str | None:
    """The page's Content-Security-Policy when it is the first element of its head (so it covers the rest)."""
    first = BeautifulSoup(html, "html.parser").head.find(True)
    return first.get("content") if first.get("http-equiv", "").lower() == "content-security-policy" else None


# What a business reader must never meet: a number that is not one.
_NOT_A_NUMBER = re.compile(r"\bNaN\b|\bnan\b|\binf\b|∞")
_BLOCKS = ["h1", "h2", "h3", "h4", "p", "table", "img", "ul", "ol", "pre"]
_SHOWN = ("img", "table", "ul", "ol", "pre")


def unreadable_values(html: str) -> list[str]:
    """NaN, inf and empty table cells in a page's visible text, each with its context; empty tables too."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["style", "script"]):
        hidden.decompose()
    text = soup.get_text(" ", strip=True)
    found = [f"{match.group()} in …{text[max(0, match.start() - 60) : match.end() + 20]}…" for match in
             _NOT_A_NUMBER.finditer(text)]  # fmt: skip
    for table in soup.find_all("table"):
        cells = table.find_all("td")
        if not cells:
            found.append(f"a table without rows: {table.get_text(' ', strip=True)[:80]}")
        elif any(not cell.get_text(strip=True) for cell in cells):
            found.append(f"an empty cell in: {table.get_text(' ', strip=True)[:80]}")
    return found


def empty_sections(html: str) -> list[str]:
    """A lead-in ending with a colon with no figure, table or list after it before the next heading, and a
    heading followed directly by another heading of its level or above."""
    blocks = BeautifulSoup(html, "html.parser").find_all(_BLOCKS)
    found = []
    for i, block in enumerate(blocks):
        text = block.get_text(" ", strip=True)
        if block.name == "p" and text.endswith(":"):
            following = []
            for after in blocks[i + 1 :]:
                if after.name.startswith("h"):
                    break
                following.append(after.name)
            if not set(following) & set(_SHOWN):
                found.append(f"a lead-in that shows nothing: …{text[-80:]}")
        if block.name in ("h2", "h3", "h4") and i + 1 < len(blocks):
            after = blocks[i + 1]
            if after.name.startswith("h") and int(after.name[1]) <= int(block.name[1]):
                found.append(f"a heading with nothing under it: {text[:60]}")
    return found


def business_pages(report: Path) -> list[Path]:
    """The landing page and each stage's business view of the report in ``report``."""
    layout = html_export.RunLayout(report)
    return [layout.index, *(html_export.page_path(layout, html_export.BUSINESS, stage) for stage in STAGE_IDS)]


def visible_text(page: Path) -> str:
    """A page's visible text, less code: commands and file names are not prose."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for element in soup.find_all(["code", "pre", "style"]):
        element.decompose()
    text = soup.get_text(" ")
    return re.sub(r"\S+\.(csv|json|skops|parquet|tsv)\b", " ", text)
