"""Whether a next step is a meeting: the one rule the coach and the calendar export share.

A step "names a meeting" when its words say both sides get together (a demo, a call, a
visit, a follow-up...). The calendar goes one step further: only a dated step that both
sides take part in becomes an event at its due time; every other step is a to-do.
"""

from __future__ import annotations

import re

from companion.core.call import NextStep

# Words (and their plurals) that describe both sides getting together.
MEETING_WORDS = re.compile(
    r"\b(?:meet|meeting|demo|presentation|workshop|visit|walk-?through|session|call|lunch|"
    r"on-?site|webinar|review|follow[- ]?up)s?\b", re.IGNORECASE)


def names_a_meeting(text: str) -> bool:
    return bool(MEETING_WORDS.search(text))


def is_calendar_meeting(step: NextStep) -> bool:
    """An event in the calendar (rather than a to-do): both of us, a due time, meeting words."""
    return step.owner == "both" and step.due is not None and names_a_meeting(step.action)
