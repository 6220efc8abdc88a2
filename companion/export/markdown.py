"""Markdown notes: one section per call, for a day or a range, ready to paste or archive.

The wording comes from core.call_text (the same as the recap and the saved-call view);
everything the rep typed goes through `escape_inline` (single-line fields) or
`escape_block` (free notes), so a note can never add structure to the document and reads
the same in CommonMark, GitHub-flavoured and Python-Markdown renderers.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Iterable, TextIO

from sqlite_utils import Database

from companion.core.call import Call
from companion.core.call_text import call_text
from companion.core.display_names import DisplayNames
from companion.export.call_reader import StoredCall, iter_calls
from companion.export.markdown_escape import escape_block, escape_inline
from companion.export.selection import CallSelection

__all__ = ["call_section", "escape_block", "escape_inline", "write_markdown", "write_markdown_calls"]

def call_section(call: Call, tz: tzinfo | None = None, names: DisplayNames | None = None) -> str:
    """The Markdown section of one call, starting with its level-2 heading."""
    text = call_text(call, names, tz)
    who = escape_inline(text.contact) + (f", {escape_inline(text.company)}" if text.company else "")
    lines = [f"## {who}: {text.started}", ""]
    lines += [f"- **{name}:** {escape_inline(value)}" for name, value in text.facts]
    if text.agreed:
        lines += ["", "### Agreed yes moments", ""]
        lines += [f"- **{escape_inline(a.label)}**" + (f": {escape_inline(a.note)}" if a.note else "")
                  for a in text.agreed]
    if text.objections:
        lines += ["", "### Objections", ""]
        lines += [f"- {escape_inline(o)}" for o in text.objections]
    if text.closes:
        lines += ["", "### Closes tried", ""]
        lines += [f"- {escape_inline(str(tried))}" for tried in text.closes]
    if text.step:
        lines += ["", "### Next step", ""]
        lines += [f"- **{name}:** {escape_inline(value)}" for name, value in text.step]
    elif call.outcome == "no_connect":
        lines += ["", "### What happened", "", text.without_step]
    else:
        lines += ["", "### Next step", "", text.without_step]
    notes = escape_block(text.notes)
    if notes:
        lines += ["", "### Notes", "", notes]
    return "\n".join(lines) + "\n"


def write_markdown_calls(calls: Iterable[StoredCall], out: TextIO, *, title: str,
                         tz: tzinfo | None = None, names: DisplayNames | None = None) -> int:
    out.write(f"# Call notes: {escape_inline(title)}\n")
    count = 0
    for stored in calls:
        out.write("\n")
        out.write(call_section(stored.call, tz, names))
        count += 1
    if count == 0:
        out.write("\nNo calls.\n")
    return count


def write_markdown(db: Database, selection: CallSelection, out: TextIO, *,
                   tz: tzinfo | None = None, names: DisplayNames | None = None, **_options) -> int:
    return write_markdown_calls(iter_calls(db, selection), out, title=selection.describe(), tz=tz,
                                names=names)
