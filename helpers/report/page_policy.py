"""What a generated page may contain: no script at all, nothing fetched, markup from an allow-list.

The report's pages are shared by mail and on intranets, and what they show comes
from files nobody here controls. The text is escaped where it is written (Markdown
through ``helpers.story.inert``, HTML through templates that escape by default);
this module is the defence behind it, for anything an escape missed:

- ``CONTENT_SECURITY_POLICY``, which every page declares in a ``<meta http-equiv>``:
  no script runs (inline, event handler or ``javascript:`` link), nothing is loaded
  from anywhere, and only inline styles and ``data:`` images (the embedded figures)
  are allowed.
- ``clean_html``, the sanitiser the stage pages pass rendered Markdown and HTML
  outputs through: nbconvert's own (bleach, via its ``SanitizeHTML``), with an
  allow-list of the markup the notebooks produce. nbconvert's default list is for
  untrusted notebooks and has no headings, paragraphs or table headers, so it
  would print a page's structure as text.
"""

from __future__ import annotations

from nbconvert.preprocessors.sanitize import SanitizeHTML

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# Markdown (mistune: headings with anchors, lists, tables, code, definition lists), pandas
# tables, and pygments' highlighted code in the analyst view.
_TAGS = (
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "style", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
)  # fmt: skip
_ATTRIBUTES = {
    "*": ["class", "id", "title"],
    "a": ["href", "title", "class"],
    "style": ["scoped"],
    "table": ["border", "class"],
    "tr": ["style"],
    # data-label: the column a cell belongs to, shown beside it when a phone stacks the rows (phone_tables).
    "th": ["style", "colspan", "rowspan", "halign", "valign", "data-label"],
    "td": ["style", "colspan", "rowspan", "data-label"],
}
# Inline styles pandas writes on its tables.
_STYLES = ("text-align", "vertical-align")
# Disallowed tags are escaped rather than dropped: a reader sees what was there, inert.
_SANITIZER = SanitizeHTML(tags=list(_TAGS), attributes=_ATTRIBUTES, styles=list(_STYLES), strip=False)


def clean_html(html) -> str:
    """``html`` with only allowed tags and attributes; links keep http(s), mailto and relative targets."""
    return _SANITIZER.sanitize_html_tags(html.decode() if isinstance(html, bytes) else str(html))
