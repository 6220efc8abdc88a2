"""Text the rep typed, made to read as typed in every common Markdown renderer.

CommonMark and GitHub-flavoured renderers honour a backslash before any punctuation;
Python-Markdown (MkDocs, many wikis) honours it only before \\ ` * _ { } [ ] ( ) > # + - . !
and shows the backslash before anything else. So a backslash is used only before those;
the other characters that could be read as structure become character references
(`&lt;`, `&#61;`...), which every renderer shows as the character itself. Characters are
escaped only where a renderer would read them as structure, so the file stays readable.

Nothing typed can add a heading, a list, a quote, a code block, a table, raw HTML, an
entity, a link or an autolink (URLs, www. addresses, e-mail addresses and bare domain
names, which GitHub-flavoured renderers with autolinking would turn into links).
"""

from __future__ import annotations

import re

# Control characters have no place in a text document (tab and newline are handled apart).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Read as inline structure anywhere: emphasis, code spans, links and images.
_INLINE = re.compile(r"([\\`*_\[\]])")
# "&copy;", "&#169;", "&#xA9;": an entity that a renderer would decode.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What an autolinker would take for a link: scheme://..., mailto: and the like, www.,
# e-mail addresses and bare domain names (word.word where the last part has letters).
_LINK_LIKE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://\S*|//\S+"
    r"|\b(?:mailto|xmpp|tel|sms|callto|sip):\S+"
    r"|\bwww\.\S*"
    r"|[^\s@<>()\[\]]+@[^\s@<>()\[\]]+"
    r"|[\w-]+(?:\.[\w-]+)*\.[^\W\d_][\w-]*", re.IGNORECASE)
# Block structure a line can start with (after our escaping of the inline characters).
_HEADING_QUOTE_LIST = re.compile(r"^([#>+-])")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])")
_SETEXT_EQUALS = re.compile(r"^=+$")
# A GFM (or Python-Markdown) table's delimiter row: |---|:--:| and the like.
_TABLE_DELIMITER = re.compile(r"^[\s|:-]*\|[\s|:-]*$|^[\s:]*-+[\s:]*\|")


def _plain(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    if text.count("~") >= 2:            # a pair could strike through or open a ~~~ fence
        text = text.replace("~", "&#126;")
    return text


def _unlinked(text: str) -> str:
    """A link-like run that no autolinker will find, shown exactly as typed.

    Dots are escaped and colons written as references, which stops the autolinkers that read
    the source (cmark-gfm's URL and www. rules, markdown-it's linkify). cmark-gfm finds
    e-mail addresses in the decoded text, so an empty HTML comment (shown by no renderer,
    dropped by GitHub's sanitiser) goes before each "@" to keep the address apart."""
    return (_plain(text).replace(".", "\\.").replace(":", "&#58;")
            .replace("@", "<!-- -->&#64;"))


def escape_line(line: str) -> str:
    """One line of user text (no newlines), escaped to be shown as typed."""
    parts, last = [], 0
    for match in _LINK_LIKE.finditer(line):
        parts.append(_plain(line[last:match.start()]))
        parts.append(_unlinked(match.group()))
        last = match.end()
    parts.append(_plain(line[last:]))
    escaped = "".join(parts)
    if _TABLE_DELIMITER.match(line):
        escaped = escaped.replace("-", "\\-")
    if _SETEXT_EQUALS.match(escaped):
        return "&#61;" + escaped[1:]
    escaped = _HEADING_QUOTE_LIST.sub(r"\\\1", escaped)
    return _ORDERED_ITEM.sub(r"\1\\\2", escaped)


def escape_inline(text: str) -> str:
    """One-line user text: whitespace (newlines included) collapsed, then escaped."""
    return escape_line(" ".join(_CONTROL.sub(" ", text).split()))


def escape_block(text: str) -> str:
    """Multi-line user text as paragraphs: each line kept (a hard line break), blank lines kept
    as paragraph breaks, leading indentation dropped (four spaces would start a code block)."""
    paragraphs, current = [], []
    for raw_line in _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        line = escape_inline(raw_line)
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    # Two spaces before the newline: the hard line break that CommonMark, GitHub and
    # Python-Markdown all honour (a trailing backslash is shown as is by Python-Markdown).
    return "\n\n".join("  \n".join(lines) for lines in paragraphs)
