"""Successive `companion export --format ics` files imported into one calendar, as a rep would:
each step stays one entry whatever happens to it, and closed steps close in the calendar."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from helpers.calendar_model import PARSERS, CalendarModel

from companion.cli import main
from companion.core.call import Call, NextStep
from companion.export.call_reader import StoredCall
from companion.export.ics import write_calendar

DUE = datetime(2030, 5, 20, 9, 0, tzinfo=timezone.utc)


def export_ics(paths, tmp_path, name: str) -> str:
    target = tmp_path / name
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "ics", "-o", str(target)]) == 0
    return target.read_bytes().decode("utf-8")


def save_step(store, call: Call, step: NextStep) -> None:
    call.next_step = step
    store.save_call(call)


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_a_step_stays_one_entry_through_kind_changes_and_closing(store, paths, tmp_path, parser):
    calendar = CalendarModel(PARSERS[parser])
    proposal, demo, pricing = Call(contact="Ann"), Call(contact="Bob"), Call(contact="Cy")
    save_step(store, proposal, NextStep("Send the proposal", "rep", "Reads it", DUE))
    save_step(store, demo, NextStep("Demo with the CFO", "both", "", DUE + timedelta(days=1)))
    save_step(store, pricing, NextStep("Send the pricing", "rep", "", DUE + timedelta(days=2)))
    calendar.import_file(export_ics(paths, tmp_path, "monday.ics"))
    assert calendar.shown() == [("VEVENT", "Demo with the CFO (Bob)"), ("VTODO", "Send the pricing (Cy)"),
                                ("VTODO", "Send the proposal (Ann)")]

    # The to-do becomes a meeting, the meeting is cancelled, the pricing is sent.
    save_step(store, proposal, NextStep("Proposal walkthrough meeting", "both", "Reads it", DUE))
    save_step(store, demo, NextStep("Demo with the CFO", "both", "", DUE + timedelta(days=1), "cancelled"))
    save_step(store, pricing, NextStep("Send the pricing", "rep", "", DUE + timedelta(days=2), "done"))
    calendar.import_file(export_ics(paths, tmp_path, "tuesday.ics"))
    assert calendar.shown() == [("VEVENT", "Proposal walkthrough meeting (Ann)")]
    assert len(calendar.entries) == 3          # one entry per step, never a stale copy

    # ...and back: the meeting is turned into a to-do again.
    save_step(store, proposal, NextStep("Send the revised proposal", "rep", "", DUE))
    calendar.import_file(export_ics(paths, tmp_path, "wednesday.ics"))
    assert calendar.shown() == [("VTODO", "Send the revised proposal (Ann)")]
    assert len(calendar.entries) == 3


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_control_characters_never_reach_the_file(store, paths, tmp_path, parser):
    hostile = "Ann\x00\x07\x1b[31m\x0b\x7f\u2028Smith"
    save_step(store, Call(contact=hostile, company="Acme\x1f Ltd"),
              NextStep("Send\x08 the\x0c proposal", "rep", "Reads\x01 it\r\nall", DUE))
    text = export_ics(paths, tmp_path, "steps.ics")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028]", text)
    assert re.fullmatch(r"(?:[^\r\n]*\r\n)+", text)          # CRLF line ends only, no bare CR or LF
    (entry,) = PARSERS[parser](text)
    assert entry.summary == "Send the proposal (Ann [31m Smith, Acme Ltd)"


def test_the_calendar_is_written_while_the_steps_are_read():
    """Entries leave one by one: the file never waits for (or holds) the whole calendar."""
    out = io.StringIO(newline="")
    seen_before_next = []

    def calls():
        for number in range(3):
            seen_before_next.append(out.getvalue().count("BEGIN:VTODO"))
            call = Call(contact=f"Contact {number}")
            call.next_step = NextStep("Send the proposal", "rep", "", DUE)
            yield StoredCall(call, "2030-01-01T00:00:00+00:00")

    assert write_calendar(calls(), out) == 3
    assert seen_before_next == [0, 1, 2]
    assert out.getvalue().startswith("BEGIN:VCALENDAR\r\n")
    assert out.getvalue().endswith("END:VCALENDAR\r\n")
