"""What in a page could run: the static checks the hostile-input and HTML tests share.

A page is safe to open when it has no script element, no event-handler attribute,
no ``javascript:`` URL where a browser follows one, no element that embeds or
redirects, and declares the report's Content-Security-Policy before anything else.
``EXECUTABLE_IN_DOM`` asks the same of a page as a browser parsed it (``tests/browser.py``),
which need not be how Python's parser reads a malformed page.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

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
