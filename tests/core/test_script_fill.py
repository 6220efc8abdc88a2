"""Filling a close's line with what the call produced; never raising on a playbook's typo."""

from __future__ import annotations

import pytest
from helpers.coach_fixtures import MONDAY_9, agree, new_call, standard_playbook
from hypothesis import given
from hypothesis import strategies as st

from companion.core.script_fill import (
    fill_script,
    first_name,
    join_naturally,
    recap_points,
    script_values,
)

VALUES = {"contact": "Jane", "company": "Acme", "agreed_points": "it hurts", "slot_1": "Tuesday at 10:00",
          "slot_2": "Wednesday at 14:00"}


def test_known_placeholders_are_filled():
    line = fill_script("{contact}, would {slot_1} or {slot_2} suit {company}?", VALUES)
    assert line == "Jane, would Tuesday at 10:00 or Wednesday at 14:00 suit Acme?"


def test_unknown_placeholders_are_left_as_written():
    assert fill_script("Hello {contatc}, see {budget}.", VALUES) == "Hello {contatc}, see {budget}."


@pytest.mark.parametrize("template", ["Price {", "} then {", "{contact", "{0} and {}", "{contact!r}",
                                      "{company:>10}", "{{{"])
def test_malformed_placeholders_are_left_as_text(template):
    assert fill_script(template, VALUES) == template.replace("{{", "{")


def test_doubled_braces_are_literal_braces():
    assert fill_script("{{contact}}", VALUES) == "{contact}"


@given(st.text())
def test_any_text_fills_without_raising(template):
    fill_script(template, VALUES)
    fill_script(template, {**VALUES, "contact": ""})


@given(st.text(alphabet=st.characters(blacklist_characters="{}")))
def test_text_without_braces_is_unchanged(template):
    assert fill_script(template, VALUES) == template


@pytest.mark.parametrize("template, expected", [
    ("Does that work for you, {contact}?", "Does that work for you?"),
    ("{contact}, shall we book it?", "Shall we book it?"),
    ("Great. {contact}, shall we book it?", "Great. Shall we book it?"),
    ("Thanks {contact}, that helps.", "Thanks, that helps."),
    ("I'll send {contact} the deck.", "I'll send you the deck."),
])
def test_without_a_contact_name_the_line_still_reads_well(template, expected):
    assert fill_script(template, {**VALUES, "contact": ""}) == expected


@pytest.mark.parametrize("contact, expected", [
    ("Jane Smith", "Jane"),
    ("  jane  ", "jane"),
    ("Dr. Jane Smith", "Jane"),
    ("Dr. Smith", "Dr. Smith"),
    ("Jane Smith, CFO", "Jane"),
    ("", ""),
])
def test_contact_is_addressed_by_first_name(contact, expected):
    assert first_name(contact) == expected


@pytest.mark.parametrize("items, expected", [
    ([], ""),
    (["budget is set"], "budget is set"),
    (["pain", "budget"], "pain and budget"),
    (["a", "b", "c"], "a, b, and c"),
    (["reporting takes two days a month", "they want it before Q2"],
     "reporting takes two days a month, and they want it before Q2"),
])
def test_points_are_joined_naturally(items, expected):
    assert join_naturally(items) == expected


def test_recap_uses_the_moment_note_over_its_label():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "pain", notes={"pain": "Reporting eats two days a month."})
    assert recap_points(call, playbook) == ["reporting eats two days a month"]


def test_recap_uses_the_moments_recap_phrase_when_there_is_no_note():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "pain")
    assert recap_points(call, playbook) == ["this is a real problem for your team"]


def test_a_moment_without_a_note_or_recap_phrase_has_nothing_to_say_back():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "gain")
    assert recap_points(call, playbook) == []


def test_recap_keeps_acronyms_at_the_start_of_a_note():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "gain", notes={"gain": "CFO wants it live before Q2"})
    assert recap_points(call, playbook) == ["CFO wants it live before Q2"]


def test_recap_follows_the_order_moments_were_agreed():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "fit", "pain", notes={"fit": "likes the sync", "pain": "loses a day a week"})
    assert recap_points(call, playbook) == ["you like the sync", "you lose a day a week"]


def test_recap_leaves_out_opening_and_commitment_moments_even_with_a_note():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "agenda", "pain", "next_meeting",
          notes={"agenda": "hard stop at 10:00", "next_meeting": "will bring Tom"})
    assert recap_points(call, playbook) == ["this is a real problem for your team"]


def test_values_fall_back_when_company_is_missing_and_leave_out_points_without_any():
    values = script_values(new_call(contact="", company=""), standard_playbook())
    assert (values["contact"], values["company"]) == ("", "your company")
    assert "agreed_points" not in values


def test_values_carry_the_slots_in_order():
    values = script_values(new_call(), standard_playbook(), ["Tuesday at 10:00", "Wednesday at 14:00"])
    assert (values["slot_1"], values["slot_2"]) == ("Tuesday at 10:00", "Wednesday at 14:00")


def test_an_agreed_moment_missing_from_the_playbook_still_counts():
    call = new_call()
    call.agree("retired_moment", MONDAY_9, label="Agrees on scope", stage="value", note="wants both sites covered")
    assert recap_points(call, standard_playbook()) == ["you want both sites covered"]



def test_recap_says_a_third_person_note_back_to_the_prospect():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "pain", "gain",
          notes={"pain": "Has two people on reporting.", "gain": "wants it live before Q2"})
    assert recap_points(call, playbook) == ["you have two people on reporting",
                                            "you want it live before Q2"]


def test_recap_keeps_at_most_three_points_preferring_numbers_and_value_ones():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "pain", "pain_cost", "fit", "gain", notes={
        "pain": "re-keys every booking", "pain_cost": "loses 6 hours a week",
        "fit": "likes the billing sync", "gain": "about 1,200 a month"})
    points = recap_points(call, playbook)
    # "about 1,200 a month" alone would be a fragment: the gain moment here has no phrase to carry it.
    assert points == ["you re-key every booking", "you lose 6 hours a week", "you like the billing sync"]


def test_recap_stays_short_enough_to_say():
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "pain", "pain_cost", "fit", notes={
        "pain": "front desk re-keys every booking into the billing system by hand",
        "pain_cost": "loses about 6 hours a week on it across two people",
        "fit": "likes that bookings flow straight into billing without anyone touching them"})
    points = recap_points(call, playbook)
    assert 1 <= len(points) < 3
    assert sum(len(p.split()) for p in points) <= 22


def test_a_name_the_rep_typed_keeps_its_capital_and_the_contact_is_spoken_to():
    playbook = standard_playbook()
    call = new_call(contact="Maria Lopez")
    agree(call, playbook, "pain", "fit", notes={"pain": "Maria loses 6 hours a week",
                                               "fit": "Tom likes the billing sync"})
    assert recap_points(call, playbook) == ["you lose 6 hours a week", "Tom likes the billing sync"]


@pytest.mark.parametrize("aside", ["she didn't say how much", "ask about SSO?", "check pricing with Tom"])
def test_the_reps_own_asides_are_never_said_back(aside):
    playbook = standard_playbook()
    call = new_call()
    agree(call, playbook, "gain", notes={"gain": aside})
    assert recap_points(call, playbook) == []
