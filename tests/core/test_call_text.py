"""A call in words: the recap, the saved-call view and the Markdown export say the same things
in the same words, by name (never an internal id), with counts that read right."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from companion.core.call import Call, NextStep
from companion.core.call_text import call_text, counted, during_the_call
from companion.core.display_names import DisplayNames, close_name, playbook_name
from companion.core.next_step_kind import is_calendar_meeting, names_a_meeting
from companion.core.recap import recap_text
from companion.export.markdown import call_section

START = datetime(2024, 5, 14, 9, 0, tzinfo=timezone.utc)
NAMES = DisplayNames({"discovery": "Discovery call"}, {"summary": "Summary close", "own": "My own close"})


def sample_call() -> Call:
    call = Call(contact="Ann", company="Acme", playbook_id="discovery", started_at=START,
                ended_at=START + timedelta(minutes=1))
    call.agree("pain", START, label="Pain confirmed", note="costs 5k a month")
    call.raise_objection("price", START, label="Price")
    call.record_close_attempt("summary", "declined", START + timedelta(seconds=30))
    call.record_close_attempt("ben_franklin", "accepted", START + timedelta(seconds=40))
    call.outcome = "advance"
    call.deal_value = 25000
    call.next_step = NextStep("Demo with the CFO", "both", "Brings the CFO", START + timedelta(days=2))
    return call


def test_copy_recap_has_the_deal_value_and_names():
    recap = recap_text(sample_call(), timezone.utc)
    assert "Deal value: 25,000" in recap
    assert "Outcome: Advance" in recap


def test_the_three_written_forms_use_the_same_words():
    call = sample_call()
    record = during_the_call(call, NAMES, timezone.utc)
    section = call_section(call, timezone.utc, NAMES)
    for words in ("Summary close: declined at 09:00", "Ben Franklin close: accepted at 09:00"):
        assert words in record and words in section
    assert "- **Playbook:** Discovery call" in section
    assert "discovery" not in section.replace("Discovery", "")
    assert "summary" not in (record + section).replace("Summary", "")
    assert "ben_franklin" not in record + section
    assert record.startswith("1 yes moment agreed:\n")
    assert "(1 min)" in section
    assert "Pain confirmed" in recap_text(call, timezone.utc, NAMES)


def test_no_connect_says_what_happened_everywhere():
    call = Call(contact="Di", started_at=START, outcome="no_connect", disposition="left_voicemail")
    assert call_text(call).without_step == "Left voicemail."
    assert "Outcome: No connect: left voicemail" in recap_text(call, timezone.utc)
    assert "None agreed" not in call_section(call, timezone.utc)


@pytest.mark.parametrize(("count", "words"), [(0, "0 calls"), (1, "1 call"), (2, "2 calls")])
def test_counts_read_right(count, words):
    assert counted(count, "call") == words


def test_names_never_show_ids():
    assert close_name("minor_point") == "Minor point close"
    assert close_name("my_pitch") == "My pitch close"
    assert close_name("final-close") == "Final close"
    assert close_name("own", NAMES.closes) == "My own close"
    assert playbook_name("discovery", NAMES.playbooks) == "Discovery call"
    assert playbook_name("renewal_call") == "Renewal call"


def test_one_meeting_rule():
    # Words the calendar used to count alone, and the one the coach used to count alone.
    for action in ("Lunch with the team", "Onsite visit", "Webinar for the buyers", "Contract review",
                   "Follow-up on the pilot"):
        assert names_a_meeting(action)
        assert is_calendar_meeting(NextStep(action, "both", "", START))
    assert not is_calendar_meeting(NextStep("Lunch with the team", "rep", "", START))
    assert not is_calendar_meeting(NextStep("Lunch with the team", "both", "", None))
    assert not names_a_meeting("Send the contract")
