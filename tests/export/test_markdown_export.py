"""Markdown: one section per call, and nothing the rep typed changes the document's structure."""

from __future__ import annotations

import io
import re
from datetime import timezone

from helpers.call_samples import HOSTILE_TEXTS, save_all, varied_calls

from companion.core.call import Call, NextStep
from companion.export.markdown import call_section, escape_block, escape_inline, write_markdown
from companion.export.selection import CallSelection

# Lines CommonMark/GFM would read as block structure (up to three spaces of indent allowed).
BLOCK_STARTS = re.compile(
    r"^ {0,3}(#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|```|~~~|<|=+\s*$|-+\s*$|([-*_]\s*){3,}$)"
    r"|^ {4}|^\t")
UNESCAPED_LINK = re.compile(r"(?<!\\)\[|(?<!\\)<")


def structure(text: str) -> list[str]:
    """The headings of a document, in order."""
    return [line for line in text.splitlines() if re.match(r"^ {0,3}#{1,6}\s", line)]


def test_hostile_notes_keep_the_heading_structure(store, db):
    calls = []
    for index, text in enumerate(HOSTILE_TEXTS):
        call = Call(contact=f"Contact {index}", company="Acme")
        call.notes = text
        call.agree("pain", label="Pain", note=text)
        call.next_step = NextStep(action=text[:100], customer_action=text[:50])
        calls.append(call)
    save_all(store, calls)
    out = io.StringIO()
    count = write_markdown(db, CallSelection.everything(), out, tz=timezone.utc)
    text = out.getvalue()
    assert count == len(HOSTILE_TEXTS)
    headings = structure(text)
    assert headings[0] == "# Call notes: all calls"
    assert len([h for h in headings if h.startswith("## ")]) == len(HOSTILE_TEXTS)
    assert all(h.startswith(("# ", "## ", "### ")) for h in headings)
    assert {h for h in headings if h.startswith("### ")} <= {
        "### Agreed yes moments", "### Next step", "### Notes"}


def test_escaped_user_text_starts_no_block_and_no_link():
    for text in HOSTILE_TEXTS:
        for line in escape_block(text).splitlines() + [escape_inline(text)]:
            assert not BLOCK_STARTS.match(line), line
            assert not UNESCAPED_LINK.search(line.replace("\\\\", "")), line


def test_escaping_keeps_the_words():
    assert escape_inline("Price *too* high [see](x)") == r"Price \*too\* high \[see\](x)"
    assert escape_inline("1. first") == r"1\. first"
    assert escape_inline("- dash") == r"\- dash"
    assert escape_block("a\nb\n\nc") == "a  \nb\n\nc"


def test_section_has_the_call_details(store):
    call = varied_calls(3)[1]
    call.outcome, call.disposition = "advance", "connected"
    call.next_step = NextStep("Demo meeting", "both", "Brings the CFO", call.started_at, "open")
    section = call_section(call, tz=timezone.utc)
    assert section.startswith("## ")
    assert "- **Outcome:** Advance" in section
    assert "- **Disposition:** Connected" in section
    assert "- **Action:** Demo meeting" in section
    assert "- **Customer will:** Brings the CFO" in section
    for moment in call.agreed_in_order():
        assert escape_inline(moment.label) in section


def test_day_title_and_empty_day(db):
    from datetime import date

    out = io.StringIO()
    assert write_markdown(db, CallSelection.days(date(2024, 5, 14), date(2024, 5, 14)), out) == 0
    assert out.getvalue() == "# Call notes: Tue 14 May 2024\n\nNo calls.\n"
