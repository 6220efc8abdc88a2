"""The words the coach fills into a line: times from the calendar, the noted deadline, the pain.

Relative time words are worked out from the rep's calendar and working days, never written
into a playbook as fixed text: on a Friday afternoon the next meeting is "early next week",
not "this week". A line whose placeholder has no value (no deadline noted, no pain in the
rep's words) is not offered at all, so no line ever says something the call did not produce.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from companion.core.call import Call
from companion.core.deadline_detect import Deadline
from companion.core.playbook import Playbook
from companion.core.schedule import format_slot, next_slots
from companion.core.script_fill import PLACEHOLDER, fill_script, script_values

# A check-in after a timing objection: far enough out to be a genuinely later, smaller step.
LATER_CHECK_IN = timedelta(weeks=3)
# Placeholders that may have no value in a given call; a line using one then is not offered.
OPTIONAL_PLACEHOLDERS = frozenset({"agreed_points", "deadline", "pain"})
KNOWN_PLACEHOLDERS = frozenset({"contact", "company", "agreed_points", "slot_1", "slot_2", "soon",
                                "later_slot", "deadline", "pain"})

# Once the next step is agreed, the minor point close helps confirm what is missing. These are
# the words when a playbook's close has no [closes.lines] entry for it.
DEFAULT_STEP_LINES = {
    "confirm_when": "Great. Which suits you better, {slot_1} or {slot_2}?",
    "confirm_who": "Great. Who else from {company} should be there, so nobody has to pass it on afterwards?",
    "confirm_customer_action": "Before we meet, what could you get ready on your side, "
                               "so we make the most of the time?",
    "step_complete": "Thanks, {contact}. I'll send the invite with everything we agreed right after this call.",
}


def coach_values(call: Call, playbook: Playbook, now: datetime, *, working_days: tuple[int, ...],
                 day_start: time, day_end: time, tz: tzinfo | None, points: list[str],
                 pain: str | None, deadline: Deadline | None) -> dict[str, str]:
    """Every placeholder's value for this call at `now` (optional ones only when known)."""
    slots = next_slots(now, working_days, day_start, day_end, tz=tz)
    values = script_values(call, playbook, [format_slot(slot, now) for slot in slots], points)
    local_now = now.astimezone(tz or now.tzinfo)
    values["soon"] = soon_words(local_now.date(), slots[0].date(), working_days)
    later = next_slots(now + LATER_CHECK_IN - timedelta(days=1), working_days, day_start, day_end,
                       tz=tz, count=1)[0]
    values["later_slot"] = format_slot(later, now)
    if deadline is not None:
        values["deadline"] = deadline.when
    if pain:
        values["pain"] = pain
    return values


def soon_words(today: date, first_slot: date, working_days: tuple[int, ...]) -> str:
    """How to say when the next slot is, in words that are true on `today`'s calendar:
    "tomorrow", "this week", "early next week" or "next week"."""
    if (first_slot - today).days == 1:
        return "tomorrow"
    week = today.isocalendar()[:2]
    if first_slot.isocalendar()[:2] == week:
        return "this week"
    next_week_start = today + timedelta(days=7 - today.weekday())
    working_next_week = [next_week_start + timedelta(days=i) for i in range(7)
                         if (next_week_start + timedelta(days=i)).weekday() in working_days]
    if first_slot in working_next_week[:2]:
        return "early next week"
    return "next week" if first_slot < next_week_start + timedelta(days=7) else "soon"


def fill_line(template: str, values: Mapping[str, str]) -> str | None:
    """The template filled in, or None when it needs an optional value this call lacks."""
    if any(name not in values for name in _optional_in(template)):
        return None
    return _filled(template, tuple(values.items()))


@lru_cache(maxsize=512)
def _optional_in(template: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in PLACEHOLDER.finditer(template) if m.group(1) in OPTIONAL_PLACEHOLDERS)


@lru_cache(maxsize=1024)      # one call's values stay the same between most re-ranks
def _filled(template: str, values: tuple[tuple[str, str], ...]) -> str:
    return tidy(fill_script(template, dict(values)))


def tidy(line: str) -> str:
    """One space between words and a capital at the start, whatever was filled in."""
    line = re.sub(r"\s+([,.;?!])", r"\1", " ".join(line.split()))
    return line[:1].upper() + line[1:]
