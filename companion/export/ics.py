"""Next steps as an iCalendar file (RFC 5545), built with the icalendar package.

Each next step becomes a to-do (VTODO with DUE) or, when it is a meeting, an event (VEVENT
at the due time). A step keeps one UID for its whole life, taken from its call and not from
its kind, so a calendar that imports a later export updates the entry (even when a to-do
became a meeting) instead of keeping a stale copy beside it. Steps that are done or
cancelled are written too, closed (COMPLETED or CANCELLED), so an entry imported while it
was open gets closed rather than left behind. SEQUENCE and LAST-MODIFIED follow the call's
last save, for clients that compare them.

The file is written one entry at a time: memory stays flat however many steps there are.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Iterable, TextIO

from icalendar import Calendar, Event, Todo
from sqlite_utils import Database

from companion import __version__
from companion.core.call import OUTCOME_LABELS, OWNER_LABELS, Call, NextStep, from_iso, utcnow
from companion.core.next_step_kind import is_calendar_meeting
from companion.export.call_reader import StoredCall, iter_calls
from companion.export.selection import CallSelection

PRODID = f"-//Call Companion//Next steps {__version__}//EN"
UID_DOMAIN = "call-companion"
MEETING_MINUTES = 30
CALENDAR_NAME = "Call Companion next steps"
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
# RFC 5545 allows no control character in text but the tab; line and paragraph separators
# would break a line in some readers. Each becomes a space.
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def step_uid(call_id: str) -> str:
    """The one UID of a call's next step, whatever its kind or status."""
    return f"{call_id}-step@{UID_DOMAIN}"


def _text(text: str) -> str:
    return _NOT_IN_TEXT.sub(" ", text)


def _one_line(text: str) -> str:
    return " ".join(_text(text).split())


def _summary(call: Call, step: NextStep) -> str:
    who = _one_line(call.contact) + (f", {_one_line(call.company)}" if call.company.strip() else "")
    action = _one_line(step.action)
    return f"{action} ({who})" if action else f"Next step with {who}"


def _description(call: Call, step: NextStep, tz: tzinfo | None) -> str:
    lines = []
    if step.customer_action.strip():
        lines.append(f"Customer will: {_one_line(step.customer_action)}")
    lines.append(f"Owner: {OWNER_LABELS.get(step.owner, step.owner)}")
    started = call.started_at.astimezone(tz).strftime("%a %d %b %Y %H:%M")
    outcome = f" (outcome: {OUTCOME_LABELS.get(call.outcome, call.outcome)})" if call.outcome else ""
    lines.append(f"Agreed on the call of {started}{outcome}.")
    return "\n".join(lines)


def step_component(call: Call, updated_at: str, stamp: datetime, tz: tzinfo | None = None):
    """The VTODO or VEVENT for the call's next step (open or closed), or None when it has none."""
    step = call.next_step
    if step is None or step.is_empty:
        return None
    meeting = is_calendar_meeting(step)
    component = Event() if meeting else Todo()
    component.add("uid", step_uid(call.id))
    component.add("dtstamp", stamp)
    modified = from_iso(updated_at)
    component.add("last-modified", modified)
    component.add("sequence", max(0, int((modified - _SEQUENCE_EPOCH).total_seconds())))
    component.add("summary", _summary(call, step))
    component.add("description", _description(call, step, tz))
    if meeting:
        component.add("dtstart", step.due)
        component.add("dtend", step.due + timedelta(minutes=MEETING_MINUTES))
        # A meeting that is done took place: it stays in the calendar as it was.
        component.add("status", "CANCELLED" if step.status == "cancelled" else "CONFIRMED")
    else:
        if step.due is not None:
            component.add("due", step.due)
        if step.status == "done":
            component.add("status", "COMPLETED")
            component.add("completed", modified)
            component.add("percent-complete", 100)
        else:
            component.add("status", "CANCELLED" if step.status == "cancelled" else "NEEDS-ACTION")
    return component


def calendar_frame() -> tuple[str, str]:
    """The VCALENDAR's opening (with its properties) and its closing line, as text."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    whole = calendar.to_ical().decode("utf-8")
    closing = "END:VCALENDAR\r\n"
    if not whole.endswith(closing):
        raise RuntimeError("icalendar wrote an unexpected calendar frame")
    return whole[: -len(closing)], closing


def write_calendar(calls: Iterable[StoredCall], out: TextIO, *, stamp: datetime | None = None,
                   tz: tzinfo | None = None) -> int:
    """Stream the calendar of the calls' next steps to `out`; returns the entries written."""
    stamp = stamp or utcnow()
    opening, closing = calendar_frame()
    # to_ical() gives CRLF line ends, as RFC 5545 requires; the stream must not translate them.
    out.write(opening)
    count = 0
    for stored in calls:
        component = step_component(stored.call, stored.updated_at, stamp, tz)
        if component is not None:
            out.write(component.to_ical().decode("utf-8"))
            count += 1
    out.write(closing)
    return count


def write_ics(db: Database, selection: CallSelection, out: TextIO, *,
              tz: tzinfo | None = None, now: datetime | None = None, **_options) -> int:
    """Returns the number of entries written (calls without a next step have none)."""
    return write_calendar(iter_calls(db, selection), out, stamp=now, tz=tz)
