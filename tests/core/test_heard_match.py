"""Spoken phrases -> suggested yes moments and objections: exact, fuzzy, negated, questions."""

from __future__ import annotations

import pytest

from companion.core.heard_match import MOMENT, OBJECTION, match_utterance, words_of
from companion.core.playbook import parse_playbook
from companion.errors import PlaybookError

PLAYBOOK = """
id = "heard"
name = "Heard"

[[moments]]
id = "pain"
label = "Confirms the pain"
stage = "discovery"
phrases = ["it is really frustrating", "we do it all by hand"]

[[moments]]
id = "demo"
label = "Agrees to a demo"
stage = "commitment"
phrases = ["sounds good let's do that"]

[[objections]]
id = "authority"
label = "Authority"
keywords = ["run it by"]
responses = []
phrases = ["we'd need to check with our CFO"]

[[objections]]
id = "price"
label = "Price"
keywords = ["too expensive"]
responses = []

[[objections]]
id = "timing"
label = "Timing"
keywords = []
responses = []
phrases = ["not right now"]
"""


@pytest.fixture
def playbook():
    return parse_playbook(PLAYBOOK)


def found(playbook, text, skip=()):
    return [(s.kind, s.target_id) for s in match_utterance(playbook, text, skip)]


def test_phrases_are_read_from_moments_and_objections(playbook):
    assert playbook.moment("pain").phrases == ("it is really frustrating", "we do it all by hand")
    assert playbook.objection("authority").phrases == ("we'd need to check with our CFO",)
    assert playbook.objection("price").phrases == ()


def test_phrases_must_be_a_list_of_texts():
    with pytest.raises(PlaybookError, match='moments #1: "phrases" must be a list of texts'):
        parse_playbook(PLAYBOOK.replace('phrases = ["it is really frustrating", "we do it all by hand"]',
                                        'phrases = "it is really frustrating"'))


def test_exact_phrase_suggests_the_objection_with_the_words_heard(playbook):
    [suggestion] = match_utterance(playbook, "Well, we'd need to check with our CFO first.")
    assert suggestion.key == (OBJECTION, "authority")
    assert suggestion.label == "Authority"
    assert suggestion.quote == "Well, we'd need to check with our CFO first."
    assert suggestion.similarity == 1.0


def test_contractions_and_long_forms_match_each_other(playbook):
    assert words_of("We'd can't it's") == ["we", "would", "can", "not", "it", "is"]
    assert found(playbook, "We would need to check with our CFO.") == [(OBJECTION, "authority")]


@pytest.mark.parametrize("misheard", [
    "we'd need to check with our see a fo",       # a word split in two
    "we need to check with our CFO",              # a word dropped
    "wed need to cheque with our CFO",            # words misspelt
])
def test_recognition_errors_still_match(playbook, misheard):
    assert found(playbook, misheard) == [(OBJECTION, "authority")]


def test_unrelated_speech_matches_nothing(playbook):
    assert found(playbook, "We need a new CRM for the sales team next year.") == []
    assert found(playbook, "The weather is lovely in Lisbon this week.") == []


def test_a_phrase_may_run_across_a_comma(playbook):
    assert found(playbook, "Sounds good, let's do that.") == [(MOMENT, "demo")]


@pytest.mark.parametrize("negated", [
    "It's not that we'd need to check with our CFO.",
    "Honestly it is not really frustrating.",
    "We never do it all by hand.",
])
def test_negated_phrase_is_not_suggested(playbook, negated):
    assert found(playbook, negated) == []


def test_negation_in_an_earlier_clause_does_not_reach(playbook):
    assert found(playbook, "No, it is really frustrating.") == [(MOMENT, "pain")]


def test_negated_keyword_from_the_coach_detection_is_not_suggested(playbook):
    assert found(playbook, "It's too expensive.") == [(OBJECTION, "price")]
    assert found(playbook, "It is not that it's too expensive.") == []


def test_phrase_that_carries_its_own_negation_matches(playbook):
    assert found(playbook, "Not right now, sorry.") == [(OBJECTION, "timing")]


def test_a_question_does_not_confirm_a_moment(playbook):
    assert found(playbook, "Is it really frustrating?") == []
    # ... but a question can still raise an objection.
    assert found(playbook, "Would I need to run it by my boss?") == [(OBJECTION, "authority")]


def test_skip_leaves_out_settled_and_dismissed_targets(playbook):
    text = "It is really frustrating and it's too expensive."
    assert found(playbook, text) == [(MOMENT, "pain"), (OBJECTION, "price")]
    assert found(playbook, text, skip={(MOMENT, "pain")}) == [(OBJECTION, "price")]
    assert found(playbook, text, skip={(OBJECTION, "price")}) == [(MOMENT, "pain")]


def test_long_utterance_is_quoted_short(playbook):
    text = "So as I said " + "and then " * 10 + "we do it all by hand."
    [suggestion] = match_utterance(playbook, text)
    assert suggestion.quote.endswith("…")
    assert len(suggestion.quote.split()) == 12
