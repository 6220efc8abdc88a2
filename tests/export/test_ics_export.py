"""iCalendar: valid, re-parsable, stable UIDs, to-dos and meetings."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from helpers.call_samples import save_all, varied_calls
from icalendar import Calendar

from companion.core.call import Call, NextStep
from companion.core.next_step_kind import is_calendar_meeting as is_meeting
from companion.export.ics import write_ics
from companion.export.selection import CallSelection

DUE = datetime(2024, 5, 20, 9, 0, tzinfo=timezone.utc)


def export_calendar(db, now=None) -> tuple[int, str]:
    out = io.StringIO(newline="")
    count = write_ics(db, CallSelection.everything(), out, now=now)
    return count, out.getvalue()


def test_open_steps_become_todos_and_meetings(store, db):
    todo = Call(contact='Ann "=cmd" Smith;\nnew line', company="Acme, Inc")
    todo.next_step = NextStep("Send the proposal, v2; final", "rep", "Reads it", DUE)
    meeting = Call(contact="Bob")
    meeting.next_step = NextStep("Demo with the CFO", "both", "Brings the CFO", DUE + timedelta(days=1))
    done = Call(contact="Cy")
    done.next_step = NextStep("Old step", "rep", "", DUE, "done")
    none = Call(contact="Di")
    save_all(store, [todo, meeting, done, none])
    count, text = export_calendar(db)
    assert count == 3                  # the done step is written closed, none for the call without one
    assert "\r\n" in text
    calendar = Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert "Call Companion" in str(calendar["PRODID"])
    todos, events = calendar.walk("VTODO"), calendar.walk("VEVENT")
    assert len(todos) == 2 and len(events) == 1
    assert sorted(str(t["STATUS"]) for t in todos) == ["COMPLETED", "NEEDS-ACTION"]
    for component in todos + events:
        assert component.get("UID") and component.get("DTSTAMP")
    open_todo = next(t for t in todos if str(t["STATUS"]) == "NEEDS-ACTION")
    assert open_todo.decoded("DUE") == DUE
    assert str(open_todo["SUMMARY"]) == 'Send the proposal, v2; final (Ann "=cmd" Smith; new line, Acme, Inc)'
    assert events[0].decoded("DTSTART") == DUE + timedelta(days=1)
    assert str(events[0]["UID"]).startswith(meeting.id)


def test_uids_are_stable_across_exports_and_edits(store, db):
    calls = varied_calls(20)
    save_all(store, calls)
    _count, first = export_calendar(db, now=datetime(2024, 6, 1, tzinfo=timezone.utc))
    for call in calls:
        if call.next_step is not None:
            call.next_step.action += " (moved)"
        store.save_call(call)
    _count, second = export_calendar(db, now=datetime(2024, 6, 2, tzinfo=timezone.utc))
    uids = [sorted(str(c["UID"]) for c in Calendar.from_ical(t).subcomponents) for t in (first, second)]
    assert uids[0] and len(set(uids[0])) == len(uids[0])
    assert uids[1] == uids[0]          # the same entries, updated: no copies in the calendar


def test_meeting_rule():
    assert is_meeting(NextStep("Demo for the team", "both", "", DUE))
    assert not is_meeting(NextStep("Demo for the team", "rep", "", DUE))
    assert not is_meeting(NextStep("Demo for the team", "both", "", None))
    assert not is_meeting(NextStep("Send the contract", "both", "", DUE))
