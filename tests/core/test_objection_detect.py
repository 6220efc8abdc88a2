"""Objections and deadlines found in typed notes, and which closes answer an objection."""

from __future__ import annotations

import pytest
from helpers.coach_fixtures import MOMENTS, make_playbook, new_call, standard_playbook

from companion.core.deadline_detect import find_deadline, noted_deadline
from companion.core.objection_detect import (
    answering_closes,
    detect_moments,
    detect_objections,
    keyword_patterns,
)

OBJECTIONS = """
[[closes]]
id = "summary"
name = "Summary"
script = "So?"

[[objections]]
id = "price"
label = "Price"
keywords = ["expensive", "no budget", "can't afford", "$$$"]
responses = []

[[objections]]
id = "timing"
label = "Timing"
keywords = ["next quarter", "not now"]
responses = []

[[objections]]
id = "silent"
label = "Has no keywords"
keywords = []
responses = []
"""


@pytest.fixture(scope="module")
def builtin_discovery():
    from pathlib import Path

    from companion.store.playbook_files import read_playbook_file
    return read_playbook_file(Path(__file__).resolve().parents[2] / "resources/playbooks/discovery.toml",
                              builtin=True)


@pytest.fixture(scope="module")
def playbook():
    return make_playbook(MOMENTS, OBJECTIONS)


def test_a_keyword_is_found_whatever_its_case(playbook):
    assert detect_objections(playbook, "They said it's EXPENSIVE.", set()) == ["price"]


def test_a_keyword_inside_a_longer_word_is_not_a_match(playbook):
    assert detect_objections(playbook, "An inexpensive fix; expensiveness aside", set()) == []


def test_a_phrase_matches_across_a_line_break_and_extra_spaces(playbook):
    assert detect_objections(playbook, "maybe next\n   quarter", set()) == ["timing"]


def test_a_curly_apostrophe_matches_a_straight_one(playbook):
    assert detect_objections(playbook, "we can\u2019t afford it", set()) == ["price"]


def test_a_keyword_made_of_symbols_matches(playbook):
    assert detect_objections(playbook, "looks $$$ to them", set()) == ["price"]


def test_objections_already_raised_or_dismissed_are_left_out(playbook):
    assert detect_objections(playbook, "expensive, and not now", {"price"}) == ["timing"]


def test_several_objections_come_back_in_playbook_order(playbook):
    assert detect_objections(playbook, "not now; also expensive", set()) == ["price", "timing"]


def test_empty_notes_find_nothing(playbook):
    assert detect_objections(playbook, "", set()) == []


def test_patterns_are_compiled_once_per_playbook(playbook):
    assert keyword_patterns(playbook) is keyword_patterns(playbook)


def test_an_equal_but_separate_playbook_gets_its_own_patterns():
    first, second = make_playbook(MOMENTS, OBJECTIONS), make_playbook(MOMENTS, OBJECTIONS)
    assert keyword_patterns(first) is not keyword_patterns(second)


def test_both_directions_of_the_playbook_data_say_which_closes_answer():
    playbook = make_playbook(MOMENTS, """
[[closes]]
id = "story"
name = "Story"
script = "S"
answers = ["price"]

[[closes]]
id = "pilot"
name = "Pilot"
script = "P"

[[objections]]
id = "price"
label = "Price"
keywords = ["expensive"]
responses = []
closes = ["pilot"]
""")
    assert answering_closes(playbook)["price"] == {"story", "pilot"}


def test_standard_answers_apply_only_where_the_playbook_is_silent():
    answers = answering_closes(standard_playbook())
    assert answers["authority"] == {"alternative", "question"}


@pytest.mark.parametrize("text, when", [
    ("Needs it by the end of June", "the end of June"),
    ("must be live before Q2", "Q2"),
    ("before the new clinic opens in May", "May"),
    ("contract ends in June, then we'll see", "June"),
    ("need the numbers by the 15th", "the 15th"),
    ("go-live 2025-04-01", "1 April"),
    ("board meets on 14 May", "14 May"),
    ("board meets March 3rd", "March 3rd"),
    ("live by end of quarter", "the end of the quarter"),
    ("decision by Friday", "Friday"),
])
def test_date_like_deadlines_are_found(text, when):
    assert find_deadline(text).when == when


def test_the_deadline_keeps_the_words_around_it_for_the_reason():
    assert find_deadline("Budget fine. Contract ends in June, then we'll see").said == "Contract ends in June"


@pytest.mark.parametrize("text", [
    "No real deadline",
    "there is no hard deadline yet",
    "any deadline?",
    "Deadline? none really",
    "team keeps missing deadlines",
    "renewal rates dropping",
    "licence expires soon",
    "we may 3 times a week",
    "support is 24/7",
    "just exploring options",
    "on Friday we talked to IT",
    "No deadline in May",
    "June decides with Tom",
])
def test_text_without_a_date_like_deadline_finds_none(text):
    assert find_deadline(text) is None


def test_a_deadline_in_a_moment_note_is_noted_for_the_call():
    call = new_call()
    call.set_moment_note("gain", "their renewal is due in April")
    assert noted_deadline(call).when == "April"


# ---------------------------------------------------------------- reading like a person

@pytest.mark.parametrize("notes", [
    "not too expensive really",
    "I don't think it's expensive",
    "spending too much time on manual reports",
    "mistakes are expensive for them",
    "no need to rush, take your time",
])
def test_negated_words_and_pain_statements_raise_no_objection(builtin_discovery, notes):
    assert detect_objections(builtin_discovery, notes) == []


@pytest.mark.parametrize("notes, expected", [
    ("honestly it looks expensive", ["price"]),
    ("can you just send me some info?", ["stall"]),
    ("let me think about it", ["stall"]),
    ("not a priority right now", ["stall"]),
    ("not a priority this quarter", ["timing"]),
    ("switching is a hassle for the team", ["status_quo"]),
    ("I'd have to run it by my boss", ["authority"]),
])
def test_objections_and_stalls_are_recognised(builtin_discovery, notes, expected):
    assert detect_objections(builtin_discovery, notes) == expected


def test_moments_are_offered_from_their_keywords_unless_ticked_or_negated(builtin_discovery):
    assert "pain_costs" in detect_moments(builtin_discovery, "it costs us 6 hours a week")
    assert "pain_costs" not in detect_moments(builtin_discovery, "it costs us 6 hours a week", {"pain_costs"})
    assert "demo_agreed" not in detect_moments(builtin_discovery, "not happy to do a demo yet")
