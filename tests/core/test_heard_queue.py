"""Heard-phrase chips: shown newest first, confirmed into the call, dismissed quietly."""

from __future__ import annotations

import pytest
from test_heard_match import PLAYBOOK

from companion.core.heard_match import MOMENT, OBJECTION
from companion.core.heard_queue import MAX_SHOWN, QUIET_AFTER_DISMISS_S, HeardQueue
from companion.core.playbook import parse_playbook


class FakeSession:
    def __init__(self):
        self.moments, self.objections = set(), set()

    def set_moment(self, moment_id, agreed):
        (self.moments.add if agreed else self.moments.discard)(moment_id)

    def accept_detected_objection(self, objection_id):
        self.objections.add(objection_id)

    def settled(self):
        return {(MOMENT, m) for m in self.moments} | {(OBJECTION, o) for o in self.objections}


@pytest.fixture
def session():
    return FakeSession()


@pytest.fixture
def queue(session):
    return HeardQueue(parse_playbook(PLAYBOOK), session.settled)


def test_heard_phrase_becomes_a_chip_and_nothing_changes_until_confirmed(queue, session):
    [chip] = queue.hear("We'd need to check with our CFO.", now=10.0)
    assert chip.text == "Heard: 'We'd need to check with our CFO.' → Authority?"
    assert queue.chips == [chip]
    assert session.objections == set() and session.moments == set()


def test_confirm_flags_the_objection_through_the_session(queue, session):
    queue.hear("We'd need to check with our CFO.", now=10.0)
    confirmed = queue.confirm(0, session)
    assert confirmed.key == (OBJECTION, "authority")
    assert session.objections == {"authority"}
    assert queue.chips == []
    # Flagged now: the same words are not offered again.
    assert queue.hear("We'd need to check with our CFO.", now=20.0) == []


def test_confirm_ticks_the_moment(queue, session):
    queue.hear("It is really frustrating.", now=1.0)
    queue.confirm(0, session)
    assert session.moments == {"pain"}


def test_dismiss_changes_nothing_and_keeps_it_quiet_for_a_while(queue, session):
    queue.hear("It is really frustrating.", now=1.0)
    dismissed = queue.dismiss(0, now=2.0)
    assert dismissed.key == (MOMENT, "pain")
    assert session.moments == set() and queue.chips == []
    assert queue.hear("It is really frustrating.", now=2.0 + QUIET_AFTER_DISMISS_S - 1) == []
    assert len(queue.hear("It is really frustrating.", now=2.0 + QUIET_AFTER_DISMISS_S + 1)) == 1


def test_newest_chip_first_and_at_most_a_few(queue):
    queue.hear("It is really frustrating.", now=1.0)
    queue.hear("It's too expensive.", now=2.0)
    assert [c.suggestion.target_id for c in queue.chips] == ["price", "pain"]
    queue.hear("Sounds good, let's do that. Not right now though. We'd need to check with our CFO.", now=3.0)
    assert len(queue.chips) == MAX_SHOWN
    assert queue.chips[-1].suggestion.target_id != "pain"    # the oldest went


def test_same_target_is_not_shown_twice(queue):
    queue.hear("It is really frustrating.", now=1.0)
    assert queue.hear("We do it all by hand.", now=2.0) == []
    assert len(queue.chips) == 1


def test_chip_settled_another_way_goes(queue, session):
    queue.hear("It is really frustrating.", now=1.0)
    session.set_moment("pain", True)       # the rep pressed the moment's number key instead
    queue.forget_settled()
    assert queue.chips == []


def test_confirm_or_dismiss_without_a_chip_does_nothing(queue, session):
    assert queue.confirm(0, session) is None
    assert queue.dismiss(2, now=1.0) is None
    assert session.moments == set()
