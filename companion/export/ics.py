"""Open next steps as an iCalendar file (RFC 5545), built with the icalendar package.

Each open step becomes a to-do (VTODO with DUE) or, when it is a meeting, an event
(VEVENT at the due time). UIDs come from the call id, so importing a later export into
the same calendar updates the entries instead of adding copies; SEQUENCE and
LAST-MODIFIED follow the call's last save, for clients that compare them.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Iterable, TextIO

from icalendar import Calendar, Event, Todo
from sqlite_utils import Database

from companion import __version__
from companion.core.call import OUTCOME_LABELS, OWNER_LABELS, Call, NextStep, from_iso, utcnow
from companion.export.call_reader import StoredCall, iter_calls
from companion.export.selection import CallSelection

PRODID = f"-//Call Companion//Next steps {__version__}//EN"
UID_DOMAIN = "call-companion"
MEETING_MINUTES = 30
# A step both sides take part in, described with one of these words, is a meeting.
_MEETING_WORDS = re.compile(
    r"\b(meet|meeting|demo|presentation|workshop|visit|walkthrough|walk-through|session|"
    r"call|lunch|onsite|on-site|webinar|review)\b", re.IGNORECASE)
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def is_meeting(step: NextStep) -> bool:
    return step.owner == "both" and step.due is not None and bool(_MEETING_WORDS.search(step.action))


def step_uid(call_id: str, meeting: bool) -> str:
    # The kind is part of the UID: a client may refuse to turn a to-do into an event.
    return f"{call_id}-{'meeting' if meeting else 'todo'}@{UID_DOMAIN}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _summary(call: Call, step: NextStep) -> str:
    who = _one_line(call.contact) + (f", {_one_line(call.company)}" if call.company.strip() else "")
    action = _one_line(step.action)
    return f"{action} ({who})" if action else f"Next step with {who}"


def _description(call: Call, step: NextStep, tz: tzinfo | None) -> str:
    lines = []
    if step.customer_action.strip():
        lines.append(f"Customer will: {step.customer_action.strip()}")
    lines.append(f"Owner: {OWNER_LABELS.get(step.owner, step.owner)}")
    started = call.started_at.astimezone(tz).strftime("%a %d %b %Y %H:%M")
    outcome = f" (outcome: {OUTCOME_LABELS.get(call.outcome, call.outcome)})" if call.outcome else ""
    lines.append(f"Agreed on the call of {started}{outcome}.")
    return "\n".join(lines)


def step_component(call: Call, updated_at: str, stamp: datetime, tz: tzinfo | None = None):
    """The VTODO or VEVENT for the call's open next step, or None when it has none."""
    step = call.next_step
    if step is None or step.is_empty or step.status != "open":
        return None
    meeting = is_meeting(step)
    component = Event() if meeting else Todo()
    component.add("uid", step_uid(call.id, meeting))
    component.add("dtstamp", stamp)
    modified = from_iso(updated_at)
    component.add("last-modified", modified)
    component.add("sequence", max(0, int((modified - _SEQUENCE_EPOCH).total_seconds())))
    component.add("summary", _summary(call, step))
    component.add("description", _description(call, step, tz))
    if meeting:
        component.add("dtstart", step.due)
        component.add("dtend", step.due + timedelta(minutes=MEETING_MINUTES))
        component.add("status", "CONFIRMED")
    else:
        if step.due is not None:
            component.add("due", step.due)
        component.add("status", "NEEDS-ACTION")
    return component


def build_calendar(calls: Iterable[StoredCall], stamp: datetime | None = None,
                   tz: tzinfo | None = None) -> tuple[Calendar, int]:
    stamp = stamp or utcnow()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Call Companion next steps")
    count = 0
    for stored in calls:
        component = step_component(stored.call, stored.updated_at, stamp, tz)
        if component is not None:
            calendar.add_component(component)
            count += 1
    return calendar, count


def write_ics(db: Database, selection: CallSelection, out: TextIO, *,
              tz: tzinfo | None = None, now: datetime | None = None, **_options) -> int:
    """Returns the number of entries written (calls without an open step have none)."""
    calendar, count = build_calendar(iter_calls(db, selection), now, tz)
    # to_ical() gives CRLF line ends, as RFC 5545 requires; the stream must not translate them.
    out.write(calendar.to_ical().decode("utf-8"))
    return count
