"""Text from the input made inert before a reader sees it: in the report's Markdown, or on a terminal.

Customer files come from exports nobody here controls. A file name, a column
header, a category label or a model card can hold HTML, Markdown links or terminal
escape sequences; shown as they are, they would run in a reader's browser, link to
anywhere, or rewrite what a terminal displays. Every string that comes from the
input passes through ``markdown`` before the narrative puts it into Markdown, and
through ``terminal`` before the command line prints it. Both keep the text readable:
the reader sees the original characters, never what they would have done.
"""

from __future__ import annotations

import unicodedata

# HTML as character references, which every Markdown renderer decodes back to the characters
# but never reads as markup; the Markdown punctuation that makes links, images, autolinks,
# code, emphasis, tables, strikethrough, maths or a closing heading marker gets a backslash.
_MARKDOWN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {character: "\\" + character for character in "\\`*_[]()!#|~$:"}
)
# Characters that reorder or hide the text around them (bidirectional overrides and isolates).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS


def markdown(value) -> str:
    """``value`` as Markdown that renders to exactly its characters: no HTML, no link, no code, no emphasis.

    Line breaks and other control characters become spaces, so a value cannot start
    a new block (a heading, a list, raw HTML) of the text it is put into.
    """
    text = "".join(" " if _is_control(character) else character for character in str(value))
    return text.translate(_MARKDOWN)


def terminal(text, keep_newlines: bool = False) -> str:
    """``text`` safe to print: control characters (ANSI escapes, carriage returns, bidi overrides) spelled out.

    ``\\x1b[2J`` prints as those five characters instead of clearing the screen. Line
    breaks are spelled out too unless ``keep_newlines`` (for output whose lines are
    its own, such as a table), so a file name cannot forge a line of its own.
    """
    return "".join(
        character.encode("unicode_escape").decode("ascii")
        if _is_control(character) and not (keep_newlines and character == "\n")
        else character
        for character in str(text)
    )
