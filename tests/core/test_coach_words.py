"""Words the coach fills in: relative time from the calendar, optional values, the CoachView."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers.coach_fixtures import MONDAY_9, agree, new_call

from companion.core.coach_view import coach_view
from companion.core.coach_words import fill_line, soon_words
from companion.core.settings import Settings
from companion.store.playbook_files import read_playbook_file

MON, TUE, WED, THU, FRI = (date(2025, 3, 3) + timedelta(days=i) for i in range(5))
WEEKDAYS = (0, 1, 2, 3, 4)
DISCOVERY = Path(__file__).resolve().parents[2] / "resources" / "playbooks" / "discovery.toml"


@pytest.mark.parametrize("today, first_slot, working_days, words", [
    (WED, THU, WEEKDAYS, "tomorrow"),
    (FRI, MON + timedelta(days=7), WEEKDAYS, "early next week"),
    (TUE, THU, (1, 3), "this week"),
    (THU, TUE + timedelta(days=7), (1, 3), "early next week"),
    (FRI, THU + timedelta(days=7), (3,), "early next week"),
    (MON, WED + timedelta(days=7), (2,), "early next week"),
])
def test_soon_is_true_for_today_and_the_first_slot(today, first_slot, working_days, words):
    assert soon_words(today, first_slot, working_days) == words


def test_a_line_needing_a_value_the_call_lacks_is_not_offered():
    assert fill_line("To be ready before {deadline}, shall we meet?", {"contact": "Jo"}) is None
    assert fill_line("To be ready before {deadline}, shall we meet?", {"deadline": "June"}) == \
        "To be ready before June, shall we meet?"


def test_the_coach_view_offers_moments_from_the_notes_to_tick():
    playbook = read_playbook_file(DISCOVERY, builtin=True)
    call = new_call()
    call.set_notes("It costs us about 6 hours a week. Happy to do a demo.")
    agree(call, playbook, "agenda_agreed")
    now = MONDAY_9 + timedelta(minutes=5)
    view = coach_view(playbook, call, now, Settings())
    offered = dict(view.detected_moments)
    assert offered["pain_costs"] == "Agrees pain is real"
    assert "demo_agreed" in offered and "agenda_agreed" not in offered
    dismissed = coach_view(playbook, call, now, Settings(), dismissed_moments={"pain_costs"})
    assert "pain_costs" not in dict(dismissed.detected_moments)
    assert view.state == "exploring" and view.state_label == "Exploring"
