"""The close coach: one ranking rule per test, each able to fail when the rule breaks."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from helpers.coach_fixtures import (
    FINAL_ASKS,
    MOMENTS,
    MONDAY_9,
    PRESSURE_CLOSES,
    STANDARD_CLOSE_IDS,
    agree,
    by_id,
    ids,
    make_playbook,
    new_call,
    standard_playbook,
    untuned_playbook,
)
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from companion.core.call import NextStep
from companion.core.coach import CoachSettings, last_chance_line, nudge, suggest
from companion.store.playbook_files import read_playbook_file

BUILTIN_PLAYBOOKS = sorted((Path(__file__).resolve().parents[2] / "resources" / "playbooks").glob("*.toml"))
assert BUILTIN_PLAYBOOKS, "the built-in playbooks are missing from resources/playbooks"
IN_THREE_MINUTES = MONDAY_9 + timedelta(minutes=3)
IN_TEN_MINUTES = MONDAY_9 + timedelta(minutes=10)


@pytest.fixture
def playbook():
    return standard_playbook()


def mid_call(playbook, **call_fields):
    """Four of six moments agreed, up to the value stage."""
    call = new_call(**call_fields)
    agree(call, playbook, "agenda", "pain", "pain_cost", "fit")
    return call


def late_call(playbook):
    """Everything agreed, the commitment stage reached."""
    call = new_call()
    agree(call, playbook, "agenda", "pain", "pain_cost", "fit", "gain", "next_meeting")
    return call


def position(suggestions, close_id):
    return ids(suggestions).index(close_id)


# ---------------------------------------------------------------- the list itself

def test_every_close_of_the_playbook_is_ranked_exactly_once(playbook):
    ranked = suggest(playbook, new_call(), IN_THREE_MINUTES)
    assert sorted(ids(ranked)) == sorted(STANDARD_CLOSE_IDS)


def test_reasons_say_how_many_yes_moments_are_agreed(playbook):
    ranked = suggest(playbook, mid_call(playbook), IN_TEN_MINUTES)
    assert "4 of 6 yes moments agreed" in by_id(ranked, "summary").reasons


def test_demoted_closes_come_last(playbook):
    ranked = suggest(playbook, mid_call(playbook), IN_TEN_MINUTES)
    flags = [s.demoted for s in ranked]
    assert True in flags
    assert flags == sorted(flags)


# ---------------------------------------------------------------- early in the call

def test_early_with_little_agreed_trial_ranks_above_every_final_ask(playbook):
    call = new_call()
    agree(call, playbook, "agenda")
    ranked = suggest(playbook, call, IN_THREE_MINUTES)
    assert all(position(ranked, "trial") < position(ranked, c) for c in FINAL_ASKS)


def test_early_in_the_call_a_heavily_weighted_final_ask_still_waits(playbook):
    heavy_direct = make_playbook(MOMENTS, """
[[closes]]
id = "trial"
name = "Trial close"
script = "Does this sound like it could help?"
stages = ["discovery", "value"]

[[closes]]
id = "direct"
name = "Direct close"
script = "Shall we go ahead?"
stages = ["value", "commitment"]
weight = 5
""")
    call = new_call()
    agree(call, heavy_direct, "agenda", "pain")
    ranked = suggest(heavy_direct, call, IN_THREE_MINUTES)
    assert ids(ranked) == ["trial", "direct"]
    assert ranked[1].reasons[0] == "Too early for a final ask: test readiness first"


def test_early_in_the_call_the_trial_close_says_why(playbook):
    call = new_call()
    agree(call, playbook, "agenda")
    trial = by_id(suggest(playbook, call, IN_THREE_MINUTES), "trial")
    assert trial.reasons[0] == "Little agreed yet: test readiness first"


def test_early_rule_holds_for_a_playbook_without_tuning_fields():
    playbook = untuned_playbook()
    call = new_call()
    agree(call, playbook, "agenda")
    ranked = suggest(playbook, call, IN_THREE_MINUTES)
    assert all(position(ranked, "trial") < position(ranked, c) for c in FINAL_ASKS)


# ---------------------------------------------------------------- summary close

def test_summary_close_rises_as_value_points_are_agreed(playbook):
    call = new_call()
    agree(call, playbook, "agenda")
    before = position(suggest(playbook, call, IN_THREE_MINUTES), "summary")
    agree(call, playbook, "pain", "pain_cost", "fit", "gain")
    after = position(suggest(playbook, call, IN_TEN_MINUTES), "summary")
    assert after < before
    assert after == 0


def test_more_points_to_recap_score_the_summary_close_higher(playbook):
    plain, noted = new_call(), new_call()
    agree(plain, playbook, "agenda", "pain", "fit")
    agree(noted, playbook, "agenda", "pain", "fit", notes={"pain": "loses a day a week on reports",
                                                          "fit": "likes the scheduled exports"})
    plain_summary = by_id(suggest(playbook, plain, IN_TEN_MINUTES), "summary")
    noted_summary = by_id(suggest(playbook, noted, IN_TEN_MINUTES), "summary")
    assert noted_summary.score > plain_summary.score
    assert "2 agreed points to recap" in noted_summary.reasons
    assert plain_summary.script == "So you said this would help your team. Shall we take the next step?"


def test_summary_script_recaps_agreed_points_in_the_reps_note_words(playbook):
    call = new_call()
    agree(call, playbook, "agenda", "pain", "fit", "gain", notes={
        "pain": "Manual reporting costs your team two days a month.",
        "gain": "you'd like it live before Q2",
    })
    summary = by_id(suggest(playbook, call, IN_TEN_MINUTES), "summary")
    assert summary.script == (
        "So you said manual reporting costs your team two days a month, this would help your team, "
        "and you'd like it live before Q2. Shall we take the next step?"
    )


# ---------------------------------------------------------------- alternative close and slots

def test_alternative_close_offers_the_next_two_working_days(playbook):
    alternative = by_id(suggest(playbook, mid_call(playbook), IN_TEN_MINUTES), "alternative")
    assert alternative.script == "Would Tuesday at 10:00 or Wednesday at 14:00 work better?"


def test_alternative_slots_skip_the_weekend(playbook):
    friday = MONDAY_9 + timedelta(days=4)
    call = new_call(started=friday)
    alternative = by_id(suggest(playbook, call, friday + timedelta(minutes=5)), "alternative")
    assert alternative.script == "Would Monday at 10:00 or Tuesday at 14:00 work better?"


def test_alternative_slots_follow_the_reps_working_days_and_hours(playbook):
    settings = CoachSettings(working_days=(1, 3), day_start=time(13),
                             day_end=time(18))
    alternative = by_id(suggest(playbook, mid_call(playbook), IN_TEN_MINUTES, settings), "alternative")
    assert alternative.script == "Would Tuesday at 13:00 or Thursday at 14:00 work better?"


def test_a_meeting_as_next_step_puts_the_alternative_close_first(playbook):
    call = mid_call(playbook)
    call.next_step = NextStep(action="Demo with the whole team")
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert ranked[0].close_id == "alternative"
    assert "Next step agreed: put a time on it" in ranked[0].reasons


# ---------------------------------------------------------------- objections

@pytest.mark.parametrize("objection, answers", [
    ("price", {"summary", "sharp_angle", "puppy_dog"}),
    ("authority", {"alternative", "question"}),
    ("need", {"trial"}),                      # the takeaway waits for a stalling call
    ("competitor", {"ben_franklin", "summary"}),
    ("status_quo", {"ben_franklin", "puppy_dog"}),
])
def test_an_open_objection_brings_up_the_closes_that_answer_it(playbook, objection, answers):
    call = mid_call(playbook)
    call.raise_objection(objection, MONDAY_9)
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert set(ids(ranked)[:len(answers)]) == answers


def test_reason_names_the_open_objection(playbook):
    call = mid_call(playbook)
    call.raise_objection("price", MONDAY_9)
    summary = by_id(suggest(playbook, call, IN_TEN_MINUTES), "summary")
    assert summary.reasons[0].startswith("Price objection open")


def test_a_resolved_objection_no_longer_lifts_its_closes(playbook):
    call = mid_call(playbook)
    call.raise_objection("need", MONDAY_9)
    call.resolve_objection("need", MONDAY_9 + timedelta(minutes=1))
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert set(ids(ranked)[:2]) != {"trial", "takeaway"}


def test_timing_objection_offers_a_smaller_step_first(playbook):
    call = mid_call(playbook)
    call.raise_objection("timing", MONDAY_9)
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert ranked[0].close_id == "alternative"
    assert "Timing objection open: offer a later, smaller step" in ranked[0].reasons


def test_timing_objection_brings_up_urgency_only_with_a_noted_deadline(playbook):
    call = mid_call(playbook)
    call.raise_objection("timing", MONDAY_9)
    call.set_notes("Their contract renewal is on 1 April.")
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert set(ids(ranked)[:2]) == {"alternative", "urgency"}
    assert not by_id(ranked, "urgency").demoted


def test_authority_objection_pushes_direct_and_assumptive_down(playbook):
    call = late_call(playbook)
    call.raise_objection("authority", MONDAY_9)
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    for close_id in ("direct", "assumptive"):
        close = by_id(ranked, close_id)
        assert close.demoted
        assert close.reasons[0].startswith("Authority objection open")


def test_objection_closes_list_in_the_playbook_is_used():
    playbook = make_playbook(MOMENTS, """
[[closes]]
id = "roi_story"
name = "ROI story"
script = "Teams like yours got it back in four months."

[[closes]]
id = "other"
name = "Other"
script = "Anything else?"
weight = 3

[[objections]]
id = "price"
label = "Price"
keywords = ["expensive"]
responses = []
closes = ["roi_story"]
""")
    call = new_call()
    call.raise_objection("price", MONDAY_9)
    assert suggest(playbook, call, IN_THREE_MINUTES)[0].close_id == "roi_story"


def test_close_answers_field_in_the_playbook_is_used():
    playbook = make_playbook(MOMENTS, """
[[closes]]
id = "other"
name = "Other"
script = "Anything else?"
weight = 3

[[closes]]
id = "roi_story"
name = "ROI story"
script = "Teams like yours got it back in four months."
answers = ["price"]
""")
    call = new_call()
    call.raise_objection("price", MONDAY_9)
    assert suggest(playbook, call, IN_THREE_MINUTES)[0].close_id == "roi_story"


def test_standard_answers_fill_in_when_the_playbook_names_none():
    playbook = untuned_playbook()
    call = mid_call(playbook)
    call.raise_objection("price", MONDAY_9)
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert set(ids(ranked)[:3]) == {"summary", "sharp_angle", "puppy_dog"}


# ---------------------------------------------------------------- pressure and deadlines

def test_pressure_closes_are_pushed_down_on_a_large_deal(playbook):
    call = late_call(playbook)
    call.set_notes("Go-live deadline is the end of the quarter.")
    call.set_deal_value(60000)
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    usable = [s.close_id for s in ranked if not s.demoted]
    for close_id in PRESSURE_CLOSES:
        close = by_id(ranked, close_id)
        assert close.demoted and any(r.startswith("Large deal") for r in close.reasons)
        assert close_id not in usable


def test_pressure_closes_are_not_pushed_down_below_the_threshold(playbook):
    call = late_call(playbook)
    call.set_deal_value(49999)
    assert not by_id(suggest(playbook, call, IN_TEN_MINUTES), "direct").demoted


def test_large_deal_threshold_comes_from_the_settings(playbook):
    call = late_call(playbook)
    call.set_deal_value(20000)
    ranked = suggest(playbook, call, IN_TEN_MINUTES, CoachSettings(large_deal_threshold=10000))
    assert by_id(ranked, "direct").demoted


def test_a_custom_pressure_close_is_pushed_down_on_a_large_deal_too():
    playbook = make_playbook(MOMENTS, """
[[closes]]
id = "now_or_never"
name = "Now or never"
script = "Sign today?"
pressure = true
weight = 5

[[closes]]
id = "gentle"
name = "Gentle"
script = "What do you think?"
""")
    call = new_call()
    call.set_deal_value(100000)
    ranked = suggest(playbook, call, IN_THREE_MINUTES)
    assert ids(ranked) == ["gentle", "now_or_never"]


def test_urgency_without_a_noted_deadline_is_demoted_with_the_reason(playbook):
    ranked = suggest(playbook, late_call(playbook), IN_TEN_MINUTES)
    urgency = by_id(ranked, "urgency")
    assert urgency.demoted
    assert urgency.reasons[0] == "No real deadline noted"


def test_a_deadline_in_a_moment_note_counts(playbook):
    call = late_call(playbook)
    call.set_moment_note("gain", "They have to be live before Q2")
    assert not by_id(suggest(playbook, call, IN_TEN_MINUTES), "urgency").demoted


def test_a_negated_deadline_does_not_count(playbook):
    call = late_call(playbook)
    call.set_notes("No real deadline, they're just looking.")
    assert by_id(suggest(playbook, call, IN_TEN_MINUTES), "urgency").demoted


# ---------------------------------------------------------------- close attempts

def test_a_declined_close_drops_with_the_local_time_it_was_declined(playbook):
    call = mid_call(playbook)
    call.record_close_attempt("summary", "declined", datetime(2025, 3, 3, 13, 32, tzinfo=timezone.utc))
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    summary = by_id(ranked, "summary")
    assert summary.demoted
    assert summary.reasons[0] == "Declined at 14:32"


def test_a_close_declined_and_then_accepted_is_no_longer_demoted(playbook):
    call = mid_call(playbook)
    call.record_close_attempt("summary", "declined", MONDAY_9 + timedelta(minutes=5))
    call.record_close_attempt("summary", "accepted", MONDAY_9 + timedelta(minutes=6))
    assert not any(r.startswith("Declined") for r in by_id(suggest(playbook, call, IN_TEN_MINUTES), "summary").reasons)


def test_a_deferred_close_moves_down_without_being_demoted(playbook):
    call = mid_call(playbook)
    assert suggest(playbook, call, IN_TEN_MINUTES)[0].close_id == "summary"
    call.record_close_attempt("summary", "deferred", MONDAY_9 + timedelta(minutes=8))
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    usable = [s.close_id for s in ranked if not s.demoted]
    assert usable[-1] == "summary"                 # below every other usable close for a while
    assert "Deferred at 09:08: give it a few minutes" in by_id(ranked, "summary").reasons
    later = suggest(playbook, call, IN_TEN_MINUTES + timedelta(minutes=5))
    assert position(later, "summary") < len([s for s in later if not s.demoted]) - 1


def test_an_accepted_close_moves_the_coach_to_locking_in_the_next_step(playbook):
    call = mid_call(playbook)
    call.record_close_attempt("summary", "accepted", MONDAY_9 + timedelta(minutes=8))
    ranked = suggest(playbook, call, IN_TEN_MINUTES)
    assert ranked[0].close_id == "alternative"
    assert ranked[0].reasons[0] == "Next step agreed: put a time on it"
    assert by_id(ranked, "summary").demoted             # asked and answered: not again


def test_lock_in_stops_once_the_next_step_is_dated(playbook):
    call = mid_call(playbook)
    call.record_close_attempt("summary", "accepted", MONDAY_9 + timedelta(minutes=8))
    call.next_step = NextStep(action="Demo", due=MONDAY_9 + timedelta(days=1))
    alternative = by_id(suggest(playbook, call, IN_TEN_MINUTES), "alternative")
    assert not any("lock in" in reason for reason in alternative.reasons)


# ---------------------------------------------------------------- closes the engine does not know

def test_unknown_closes_are_ranked_by_their_weight():
    playbook = make_playbook(MOMENTS, """
[[closes]]
id = "alpha"
name = "Alpha"
script = "A?"

[[closes]]
id = "beta"
name = "Beta"
script = "B?"
weight = 2.5
""")
    ranked = suggest(playbook, new_call(), IN_THREE_MINUTES)
    assert ids(ranked) == ["beta", "alpha"]
    assert not any(s.demoted for s in ranked)


# ---------------------------------------------------------------- nudge

def test_no_nudge_before_the_share_of_the_call_is_gone(playbook):
    assert nudge(playbook, mid_call(playbook), MONDAY_9 + timedelta(minutes=17)) is None


def test_nudge_to_ask_for_the_next_step_after_the_share_without_commitment(playbook):
    assert nudge(playbook, mid_call(playbook), MONDAY_9 + timedelta(minutes=18)) == "Ask for the next step"


def test_no_nudge_once_a_commitment_moment_is_agreed(playbook):
    assert nudge(playbook, late_call(playbook), MONDAY_9 + timedelta(minutes=25)) is None


def test_nudge_share_comes_from_the_settings(playbook):
    later = CoachSettings(nudge_share=0.9)
    assert nudge(playbook, mid_call(playbook), MONDAY_9 + timedelta(minutes=20), later) is None


# ---------------------------------------------------------------- last chance at wrap-up

def test_last_chance_line_is_the_filled_alternative_close(playbook):
    line = last_chance_line(playbook, mid_call(playbook), MONDAY_9 + timedelta(minutes=30))
    assert line == "Would Tuesday at 10:00 or Wednesday at 14:00 work better?"


def test_no_last_chance_line_when_the_next_step_is_dated(playbook):
    call = mid_call(playbook)
    call.next_step = NextStep(action="Demo", due=MONDAY_9 + timedelta(days=2))
    assert last_chance_line(playbook, call, MONDAY_9 + timedelta(minutes=30)) is None


def test_no_last_chance_line_without_a_close_that_offers_slots():
    playbook = make_playbook(MOMENTS, '[[closes]]\nid = "alpha"\nname = "Alpha"\nscript = "A?"\n')
    assert last_chance_line(playbook, new_call(), MONDAY_9 + timedelta(minutes=30)) is None


# ---------------------------------------------------------------- settings

@pytest.mark.parametrize("bad", [
    {"working_days": ()},
    {"working_days": (7,)},
    {"day_start": time(17), "day_end": time(9)},
    {"nudge_share": 0},
])
def test_settings_that_cannot_work_are_refused(bad):
    with pytest.raises(ValueError):
        CoachSettings(**bad)


# ---------------------------------------------------------------- any call state

call_states = st.fixed_dictionaries({
    "moments": st.sets(st.sampled_from(["agenda", "pain", "pain_cost", "fit", "gain", "next_meeting"])),
    "objections": st.sets(st.sampled_from(["price", "timing", "authority", "need", "competitor", "status_quo"])),
    "attempts": st.lists(st.tuples(st.sampled_from(STANDARD_CLOSE_IDS),
                                   st.sampled_from(["accepted", "deferred", "declined"])), max_size=4),
    "deal_value": st.none() | st.floats(min_value=0, max_value=1e7),
    "notes": st.sampled_from(["", "renewal in March", "no deadline", "Price is {high}"]),
    "minutes": st.integers(min_value=0, max_value=120),
    "contact": st.sampled_from(["", "Jane Smith", "Dr. Who"]),
})


@hypothesis_settings(max_examples=150, deadline=None)
@given(state=call_states)
def test_any_call_state_gives_a_complete_well_formed_ranking(state):
    playbook = standard_playbook()
    call = new_call(contact=state["contact"])
    agree(call, playbook, *sorted(state["moments"]))
    for objection_id in sorted(state["objections"]):
        call.raise_objection(objection_id, MONDAY_9)
    for minute, (close_id, result) in enumerate(state["attempts"]):
        call.record_close_attempt(close_id, result, MONDAY_9 + timedelta(minutes=minute))
    call.set_deal_value(state["deal_value"])
    call.set_notes(state["notes"])
    ranked = suggest(playbook, call, MONDAY_9 + timedelta(minutes=state["minutes"]))

    assert sorted(ids(ranked)) == sorted(STANDARD_CLOSE_IDS)
    assert [s.demoted for s in ranked] == sorted(s.demoted for s in ranked)
    assert all(s.reasons for s in ranked if s.demoted)
    assert all(math.isfinite(s.score) for s in ranked)
    assert not any("{slot_" in s.script or "{contact}" in s.script or "{agreed_points}" in s.script
                   for s in ranked)
    declined = {c for c, r in state["attempts"] if r == "declined"}
    last_result = {c: r for c, r in state["attempts"]}
    assert all(by_id(ranked, c).demoted for c in declined if last_result[c] == "declined")


# ---------------------------------------------------------------- the built-in playbooks

@pytest.fixture(params=BUILTIN_PLAYBOOKS, ids=lambda path: path.stem)
def builtin(request):
    return read_playbook_file(request.param, builtin=True)


def first_moment(playbook, stage):
    return next((m.id for m in playbook.moments if m.stage == stage), None)


def agree_all(call, playbook):
    agree(call, playbook, *(m.id for m in playbook.moments))


def test_builtin_early_call_puts_trial_above_every_final_ask(builtin):
    assert builtin.close("trial") is not None
    call = new_call()
    opening = first_moment(builtin, "opening")
    if opening:
        agree(call, builtin, opening)
    ranked = suggest(builtin, call, IN_THREE_MINUTES)
    assert all(position(ranked, "trial") < position(ranked, c) for c in FINAL_ASKS if c in ids(ranked))


def test_builtin_ranks_every_close_with_filled_scripts(builtin):
    call = new_call()
    agree_all(call, builtin)
    ranked = suggest(builtin, call, IN_TEN_MINUTES)
    assert sorted(ids(ranked)) == sorted(c.id for c in builtin.closes)
    assert not any("{" in s.script for s in ranked)


def test_builtin_large_deal_puts_pressure_closes_below_the_rest(builtin):
    call = new_call()
    agree_all(call, builtin)
    call.set_notes("Their deadline is the end of the quarter.")
    call.set_deal_value(250000)
    ranked = suggest(builtin, call, IN_TEN_MINUTES)
    pressure = [s for s in ranked if builtin.close(s.close_id).pressure or builtin.close(s.close_id).asks == "order"]
    assert pressure and all(s.demoted and any(r.startswith("Large deal") for r in s.reasons) for s in pressure)


def test_builtin_open_objection_puts_its_answers_first(builtin):
    call = new_call()
    agree_all(call, builtin)
    for objection in builtin.objections:
        call.raise_objection(objection.id, MONDAY_9)
        ranked = suggest(builtin, call, IN_TEN_MINUTES)
        answers = set(objection.closes) | {c.id for c in builtin.closes if objection.id in c.answers}
        usable = {s.close_id for s in ranked if s.close_id in answers and not s.demoted}
        assert set(ids(ranked)[:len(usable)]) == usable, objection.id
        call.resolve_objection(objection.id, MONDAY_9)


def test_builtin_accepted_close_puts_the_alternative_close_first(builtin):
    assert builtin.close("alternative") is not None
    call = new_call()
    agree(call, builtin, *(m.id for m in builtin.moments if not m.step_part))
    call.record_close_attempt("summary" if builtin.close("summary") else builtin.closes[0].id,
                              "accepted", MONDAY_9 + timedelta(minutes=5))
    top = suggest(builtin, call, IN_TEN_MINUTES)[0]
    assert top.close_id == "alternative"
    assert top.reasons[0] == "Next step agreed: put a time on it"


def test_builtin_urgency_without_deadline_is_demoted(builtin):
    assert builtin.close("urgency") is not None
    call = new_call()
    agree_all(call, builtin)
    assert by_id(suggest(builtin, call, IN_TEN_MINUTES), "urgency").demoted


def test_playbook_can_turn_a_standard_pressure_close_calm():
    from companion.core.call import Call
    from companion.core.coach import CoachSettings, suggest
    from companion.core.playbook import parse_playbook

    text = """
id = "calm"
name = "Calm"
[[moments]]
id = "a"
label = "A"
stage = "commitment"
[[closes]]
id = "direct"
name = "Direct close"
script = "Shall we go ahead?"
pressure = false
min_agreed = 0
"""
    playbook = parse_playbook(text, "calm.toml")
    call = Call("Ann")
    call.agree("a", stage="commitment")
    call.set_deal_value(1_000_000)
    [direct] = suggest(playbook, call, call.started_at, CoachSettings())
    assert not direct.demoted
    assert not any("Large deal" in r for r in direct.reasons)


# ---------------------------------------------------------------- counts read right

def test_counts_in_reasons_read_right_in_the_singular():
    playbook = make_playbook(MOMENTS, """
[[closes]]
id = "question"
name = "Question close"
script = "What would you need to see?"
min_agreed = 1
""")
    question = by_id(suggest(playbook, new_call(), IN_THREE_MINUTES), "question")
    assert "Needs 1 yes moment (0 so far)" in question.reasons
    assert not any("1 yes moments" in r for r in question.reasons)


def test_a_next_step_agreed_stops_the_nudge_and_the_asking(playbook):
    call = mid_call(playbook)
    late = MONDAY_9 + timedelta(minutes=25)
    assert nudge(playbook, call, late) == "Ask for the next step"
    call.record_close_attempt("alternative", "accepted", late)
    assert nudge(playbook, call, late) is None
    ranked = suggest(playbook, call, late)
    assert all(s.demoted for s in ranked[1:])
    assert all("Next step agreed at 09:25" in s.reasons[0] for s in ranked[1:])


def test_an_accepted_trial_close_is_readiness_not_a_next_step(playbook):
    call = new_call()
    agree(call, playbook, "agenda")
    call.record_close_attempt("trial", "accepted", IN_THREE_MINUTES)
    ranked = suggest(playbook, call, IN_THREE_MINUTES)
    assert not any("Next step agreed" in r for s in ranked for r in s.reasons)
    assert by_id(ranked, "alternative").demoted
