"""The live call session: every way of driving a call (window, global keys, tests) goes
through it, so its rules are tested here without a screen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from companion.core.call import Call
from companion.core.live_call import DEAL_VALUE_HINT, LiveCallSession
from companion.core.settings import Settings
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks


class Clock:
    def __init__(self):
        from companion.core.call import utcnow

        self.now = utcnow()

    def __call__(self):
        self.now += timedelta(seconds=7)
        return self.now


@pytest.fixture
def session(tmp_path):
    playbook = load_playbooks(resource_path("playbooks"), tmp_path).get("discovery")
    changes = []
    live = LiveCallSession(Call(contact="Dana Whitfield"), playbook, Settings(), Clock())
    live.subscribe(changes.append)
    live.changes = changes
    return live


def test_numbers_address_moments_in_stage_order(session):
    by_stage = [m.id for _stage, moments in session.playbook.moments_by_stage() for m in moments]
    change = session.toggle_moment_number(3)
    assert change is not None and change.subject == by_stage[2] and change.checklist_changed
    assert session.call.is_agreed(by_stage[2])
    assert session.changes == [change]
    session.toggle_moment_number(3)
    assert not session.call.is_agreed(by_stage[2])
    assert session.toggle_moment_number(len(by_stage) + 1) is None
    assert session.toggle_moment_number(0) is None
    assert len(session.changes) == 2


def test_a_tick_records_the_moments_label_stage_and_time(session):
    moment_id = session.moment_id_for_number(1)
    moment = session.playbook.moment(moment_id)
    session.set_moment(moment_id, True)
    agreed = session.call.moments[moment_id]
    assert (agreed.label, agreed.stage) == (moment.label, moment.stage)
    assert agreed.agreed_at is not None
    # Ticking what is already ticked changes nothing and tells nobody.
    assert session.set_moment(moment_id, True) is None
    assert len(session.changes) == 1


def test_objection_key_cycles_raised_resolved_cleared(session):
    objection_id = session.objection_id_for_number(1)
    label = session.playbook.objection(objection_id).label
    messages = [session.cycle_objection_number(1).message for _ in range(3)]
    assert messages == [f"Objection raised: {label}", f"Objection resolved: {label}",
                        f"Objection cleared: {label}"]
    assert objection_id not in session.call.objections
    session.cycle_objection_number(1)
    assert session.objection_states() == {objection_id: "open"}
    assert session.cycle_objection_number(99) is None


def test_a_detected_objection_is_flagged_only_when_the_rep_accepts_it(session):
    session.set_notes("Honestly it is too expensive for us right now")
    detected = [oid for oid, _label in session.coach_view().detected_objections]
    assert "price" in detected and "price" not in session.call.objections
    session.dismiss_detected_objection("price")
    assert "price" not in [oid for oid, _ in session.coach_view().detected_objections]
    session.accept_detected_objection("price")
    assert session.call.objections["price"].is_open
    # Accepting again does not cycle it on to resolved.
    assert session.accept_detected_objection("price") is None
    assert session.call.objections["price"].is_open


def test_close_attempts_are_named_for_people(session):
    change = session.record_close_attempt("summary", "declined")
    assert change.message == "Summary close declined"
    assert [(a.close_id, a.result) for a in session.call.close_attempts] == [("summary", "declined")]


def test_deal_value_typed_as_said_or_refused_with_a_hint(session):
    assert session.set_deal_value_text("25k").message == ""
    assert session.call.deal_value == 25_000
    refused = session.set_deal_value_text("25.000")
    assert refused.message == DEAL_VALUE_HINT
    assert session.call.deal_value == 25_000          # unchanged, nothing half-read
    assert session.deal_value_text == "25,000"
    assert [c.what for c in session.changes] == ["deal_value"]


def test_end_and_resume_the_wrap_up(session):
    session.end()
    assert session.call.ended_at is not None
    session.resume()
    assert session.call.ended_at is None


def test_elapsed_time_reads_like_a_clock(session):
    start = session.call.started_at
    assert session.elapsed_text(start + timedelta(seconds=65)) == "01:05"
    assert session.elapsed_text(start + timedelta(hours=1, seconds=5)) == "1:00:05"
