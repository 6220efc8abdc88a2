"""Markdown notes: one section per call, for a day or a range, ready to paste or archive.

Everything the rep typed goes through `escape_inline` (single-line fields) or
`escape_block` (free notes), so a note can never add a heading, a list, a quote, a code
block, a table, raw HTML or a link to the document: its structure is ours alone.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Iterable, TextIO

from sqlite_utils import Database

from companion.core.call import DISPOSITION_LABELS, OUTCOME_LABELS, OWNER_LABELS, Call
from companion.export.call_reader import StoredCall, iter_calls
from companion.export.selection import CallSelection

STATUS_LABELS = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}
RESULT_LABELS = {"accepted": "accepted", "deferred": "deferred", "declined": "declined"}

# Characters that start inline structure anywhere in a line: emphasis, code spans, links and
# images, raw HTML and autolinks, GFM tables and strikethrough, heading closers.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|~#])")
# What makes a line a list item, a setext underline or a thematic break once it starts it
# (# > * _ ` ~ are already escaped inline).
_LINE_START = re.compile(r"^([-+=])")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """One-line user text: whitespace (newlines included) collapsed, specials escaped."""
    line = _INLINE_SPECIALS.sub(r"\\\1", " ".join(text.split()))
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED_ITEM.sub(r"\1\\\2", line)


def escape_block(text: str) -> str:
    """Multi-line user text as paragraphs: lines kept (as hard breaks), blank lines kept as
    paragraph breaks, leading indentation dropped (four spaces would start a code block)."""
    paragraphs, current = [], []
    for raw_line in text.splitlines():
        line = escape_inline(raw_line)
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    # A backslash at the end of a line is CommonMark's visible hard line break.
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs)


def _when(moment: datetime | None, tz: tzinfo | None, fmt: str = "%a %d %b %Y %H:%M") -> str:
    return moment.astimezone(tz).strftime(fmt) if moment else ""


def close_name(close_id: str) -> str:
    return close_id.replace("_", " ").capitalize() + " close"


def call_section(call: Call, tz: tzinfo | None = None) -> str:
    """The Markdown section of one call, starting with its level-2 heading."""
    who = (escape_inline(call.contact) or "(no name)") + (
        f", {escape_inline(call.company)}" if call.company.strip() else "")
    lines = [f"## {who}: {_when(call.started_at, tz)}", ""]
    when = _when(call.started_at, tz)
    if call.ended_at:
        minutes = round(call.duration_seconds() / 60)
        when += f" to {_when(call.ended_at, tz, '%H:%M')} ({minutes} min)"
    facts = [("When", when), ("Contact", escape_inline(call.contact))]
    if call.company.strip():
        facts.append(("Company", escape_inline(call.company)))
    if call.playbook_id:
        facts.append(("Playbook", escape_inline(call.playbook_id)))
    if call.outcome:
        facts.append(("Outcome", OUTCOME_LABELS.get(call.outcome, escape_inline(call.outcome))))
    if call.disposition:
        facts.append(("Disposition", DISPOSITION_LABELS.get(call.disposition, escape_inline(call.disposition))))
    if call.deal_value is not None:
        facts.append(("Deal value", f"{call.deal_value:,.2f}"))
    lines += [f"- **{name}:** {value}" for name, value in facts]

    agreed = call.agreed_in_order()
    if agreed:
        lines += ["", "### Agreed yes moments", ""]
        lines += [f"- **{escape_inline(m.label)}**" + (f": {escape_inline(m.note)}" if m.note.strip() else "")
                  for m in agreed]
    if call.objections:
        lines += ["", "### Objections", ""]
        lines += [f"- {escape_inline(o.label)}" + ("" if o.is_open else " (resolved)")
                  for o in sorted(call.objections.values(), key=lambda o: o.raised_at)]
    if call.close_attempts:
        lines += ["", "### Closes tried", ""]
        lines += [f"- {escape_inline(close_name(a.close_id))}: {RESULT_LABELS.get(a.result, a.result)}"
                  f" at {_when(a.at, tz, '%H:%M')}" for a in call.close_attempts]
    step = call.next_step
    lines += ["", "### Next step", ""]
    if step is None or step.is_empty:
        lines.append("None agreed.")
    else:
        details = [("Action", escape_inline(step.action) or "(not written down)"),
                   ("Owner", OWNER_LABELS.get(step.owner, step.owner))]
        if step.customer_action.strip():
            details.append(("Customer will", escape_inline(step.customer_action)))
        details.append(("Due", _when(step.due, tz) or "no date"))
        details.append(("Status", STATUS_LABELS.get(step.status, step.status)))
        lines += [f"- **{name}:** {value}" for name, value in details]
    notes = escape_block(call.notes)
    if notes:
        lines += ["", "### Notes", "", notes]
    return "\n".join(lines) + "\n"


def write_markdown_calls(calls: Iterable[StoredCall], out: TextIO, *, title: str,
                         tz: tzinfo | None = None) -> int:
    out.write(f"# Call notes: {escape_inline(title)}\n")
    count = 0
    for stored in calls:
        out.write("\n")
        out.write(call_section(stored.call, tz))
        count += 1
    if count == 0:
        out.write("\nNo calls.\n")
    return count


def write_markdown(db: Database, selection: CallSelection, out: TextIO, *,
                   tz: tzinfo | None = None, **_options) -> int:
    return write_markdown_calls(iter_calls(db, selection), out, title=selection.describe(), tz=tz)
