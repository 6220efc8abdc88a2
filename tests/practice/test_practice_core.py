"""Practice without a screen: drills from the rep's data and the playbook, deterministic for a
seed; anonymised replays; the line checks; the scheduler behind the ratings; the summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from helpers.practice_fixtures import NOW, builtin_playbooks, missed_call

from companion.core.practice import line_checks as lc
from companion.core.practice.anonymise import anonymised, safe_first_name, scrub
from companion.core.practice.drills import (
    OBJECTION,
    PLAYBOOK,
    REPLAY,
    PracticeData,
    build_session,
    default_focus,
)
from companion.core.practice.progress import ReviewEntry, meter, progress, streak
from companion.core.practice.schedule import AGAIN, GOOD, new_card, review
from companion.core.practice.session import PracticeSession
from companion.core.script_fill import recap_points

FOCUS = ("alternative", "summary", "trial")


def _data(**changes) -> PracticeData:
    playbooks = builtin_playbooks()
    data = PracticeData(
        playbook=playbooks.get("discovery"), focus=FOCUS,
        playbooks={p.id: p for p in playbooks.playbooks},
        replays=(missed_call(), missed_call("Bo Lindqvist", "Quokka Analytics", 5, notes=("zebra budget",))),
        objection_counts=(("authority", 9), ("price", 4)))
    return replace(data, **changes)


def _texts(drill) -> list[str]:
    s = drill.situation
    texts = [s.title, s.prospect_says, *s.agreed_points, *s.open_objections, s.call.contact,
             s.call.company, s.call.notes]
    texts += [m.note for m in s.call.moments.values()]
    for suggestion in drill.ranking:
        texts += [suggestion.script, *suggestion.reasons]
    return texts


def _shape(drills) -> list[tuple]:
    return [(d.key, d.offered, d.situation.title, d.situation.agreed_points,
             d.situation.open_objections, d.situation.deal_value, d.situation.minutes_gone,
             d.situation.prospect_says, d.suggestion(d.close_id).script) for d in drills]


# -- generation --------------------------------------------------------------------------------
def test_the_same_seed_builds_the_same_session_and_other_seeds_vary():
    data = _data()
    first = _shape(build_session(data, NOW, seed=11))
    assert first == _shape(build_session(_data(), NOW, seed=11))
    assert len(first) == 5
    variants = {tuple(map(str, _shape(build_session(data, NOW, seed=s)))) for s in range(8)}
    assert len(variants) > 1


def test_drills_use_only_the_reps_calls_and_the_playbook():
    data = _data()
    playbook = data.playbook
    allowed_points = set()
    for call in data.replays:
        allowed_points |= set(recap_points(anonymised(call), playbook))
    for moment in playbook.moments:
        allowed_points |= set(recap_points(_one_moment_call(moment), playbook))
    objection_labels = {o.label for o in playbook.objections} | {"Price"}
    keywords = {k for o in playbook.objections for k in o.keywords}
    kinds = set()
    for seed in range(6):
        for drill in build_session(data, NOW, seed):
            kinds.add(drill.kind)
            s = drill.situation
            assert set(s.agreed_points) <= allowed_points
            assert set(s.open_objections) <= objection_labels
            assert s.deal_value in (None, 64000.0)
            if s.prospect_says:
                assert any(k in s.prospect_says for k in keywords)
            assert set(drill.offered) <= {c.id for c in playbook.closes} and len(drill.offered) == 4
            # The close to say is the coach's best of the four offered.
            assert drill.close_id == min(drill.offered, key=drill.rank)
            # The call's free notes (a deal note) never reach a drill.
            assert not any("lock-in" in t or "1234567" in t for t in _texts(drill))
    assert kinds == {REPLAY, OBJECTION, PLAYBOOK}


def _one_moment_call(moment):
    from companion.core.call import Call

    call = Call(contact="")
    call.agree(moment.id, NOW, label=moment.label, stage=moment.stage)
    return call


def test_objection_drills_follow_the_objections_the_rep_logs_most():
    drills = build_session(_data(), NOW, seed=2)
    objection_drills = [d for d in drills if d.kind == OBJECTION]
    assert objection_drills
    # Authority is logged most and answered by none of the three closes, price by summary.
    titles = {d.situation.title for d in objection_drills}
    assert titles <= {"Objection: Authority", "Objection: Price", "Objection: Timing",
                      "Objection: Need"}
    summary = [d for d in objection_drills if d.key.startswith("summary/")]
    for drill in summary:
        assert drill.situation.title == "Objection: Price"


def test_an_empty_history_still_gives_a_full_session_from_the_playbook():
    drills = build_session(_data(replays=(), objection_counts=()), NOW, seed=4)
    assert len(drills) == 5
    assert {d.kind for d in drills} <= {OBJECTION, PLAYBOOK}
    assert all(d.situation.call.contact == "" for d in drills)


def test_default_focus_is_your_three_closes_else_alternative_summary_trial():
    playbook = builtin_playbooks().get("discovery")
    assert default_focus(("question", "summary", "direct"), playbook) == ("question", "summary", "direct")
    assert default_focus(("question",), playbook) == ("alternative", "summary", "trial")


# -- anonymisation ---------------------------------------------------------------------------------
def test_a_replay_shows_the_first_name_only_and_never_surname_company_or_deal_notes():
    raw = missed_call("Dr. Ann Fischer", "Nordlicht GmbH",
                      notes=("mail ann.fischer@nordlicht.de", "Fischer wants it live at Nordlicht",
                             "Nordlicht GmbH board meets monthly"))
    data = _data(replays=(raw,), focus=("summary", "alternative", "trial"))
    replays = [d for s in range(5) for d in build_session(data, NOW, s) if d.kind == REPLAY]
    assert replays
    for drill in replays:
        joined = " ".join(_texts(drill))
        assert "Ann" in drill.situation.title
        for secret in ("Fischer", "fischer", "Nordlicht", "GmbH", "@", "lock-in", "1234567"):
            assert secret not in joined, secret
        assert "Ann wants it live at their company" in joined or "you want it live" in joined


def test_a_title_with_only_a_surname_shows_no_name():
    assert safe_first_name("Dr. Fischer") == ""
    assert safe_first_name("Ann Fischer") == "Ann"
    assert anonymised(missed_call("Dr. Fischer")).contact == ""
    assert scrub("Call Fischer on +49 170 1234567", "Dr. Fischer", "") == "Call the contact on [phone]"


def test_the_replay_stops_at_the_last_yes_moment_with_what_was_open_then():
    raw = missed_call()
    raw.resolve_objection("price", raw.started_at + timedelta(minutes=25))   # after the stop
    data = _data(replays=(raw,))
    drill = next(d for s in range(5) for d in build_session(data, NOW, s) if d.kind == REPLAY)
    s = drill.situation
    assert s.minutes_gone == 16          # the third yes moment, 16 minutes in
    assert s.open_objections == ("Price",)
    assert s.deal_value == 64000.0
    assert s.agreed_points[0] == "3 people spend 2 days"


# -- line checks: each can fail -------------------------------------------------------------------
def test_a_line_without_a_question_fails():
    assert not lc.asks_question("We should meet Tuesday.").passed
    assert lc.asks_question("Shall we meet Tuesday?").passed


def test_the_alternative_close_needs_two_concrete_options():
    assert lc.offers_two_options("Would Tuesday at 10:00 or Thursday at 14:00 work?").passed
    assert not lc.offers_two_options("Would you like to meet or not?").passed
    assert not lc.offers_two_options("When would suit you?").passed


def test_the_summary_close_recaps_agreed_points():
    points = ["3 people spend 2 days", "you want it live before Q2", "you see how it would help"]
    assert lc.recaps_points("So 3 people spend 2 days and you want it live before Q2; shall we?", points).passed
    failed = lc.recaps_points("So, shall we book a session?", points)
    assert not failed.passed and "3 people spend 2 days" in failed.message


def test_no_pressure_close_on_a_large_deal_or_with_authority_open():
    calm = "Who else should see this before we talk again?"
    assert lc.no_pressure(calm, False, True, False).passed
    assert not lc.no_pressure("Can you sign it today?", False, True, False).passed
    assert not lc.no_pressure(calm, True, False, True).passed
    checks = lc.check_line("Sign today and I'll add a discount?", "direct", points=[],
                           close_is_pressure=True, large_deal=True, authority_open=False)
    assert [c.name for c in checks if not c.passed] == ["no pressure"]
    # On a small deal with the decider present the rule does not apply at all.
    checks = lc.check_line("Can we book it?", "direct", points=[], close_is_pressure=True,
                           large_deal=False, authority_open=False)
    assert "no pressure" not in [c.name for c in checks]


def test_a_line_over_forty_words_fails():
    assert lc.short_enough(" ".join(["word"] * 40) + "?").passed
    assert not lc.short_enough(" ".join(["word"] * 41) + "?").passed
    assert not lc.short_enough("   ").passed


# -- the scheduler ---------------------------------------------------------------------------------
def test_good_pushes_the_next_review_later_and_again_brings_it_back_soon():
    card = new_card("summary/playbook", "summary", NOW)
    good = review(card, GOOD, NOW)
    again = review(card, AGAIN, NOW)
    assert good.due >= NOW + timedelta(days=1)
    assert again.due <= NOW + timedelta(minutes=5)
    later = review(good, GOOD, good.due)
    assert later.due - good.due > good.due - NOW          # intervals grow
    lapsed = review(good, AGAIN, good.due)
    assert lapsed.lapses == 1 and lapsed.due <= good.due + timedelta(minutes=5)
    with pytest.raises(ValueError):
        review(card, "perfect", NOW)


def _run(session, ratings, start=NOW, line="Would Tuesday at 10:00 or Thursday at 14:00 work?"):
    seen, at = [], start
    for rating in ratings:
        drill = session.current
        seen.append(drill.key)
        session.show_closes()
        session.pick(drill.close_id)
        session.say(line)
        at += timedelta(seconds=40)
        session.rate(rating, at)
    return seen


def test_again_brings_the_drill_back_in_the_same_session_and_good_does_not():
    drills = build_session(_data(), NOW, seed=5)
    session = PracticeSession("s", drills, {}, NOW)
    seen = _run(session, [AGAIN] + [GOOD] * 5)
    assert seen[0] in seen[1:]                     # came back
    assert seen.index(seen[0], 1) >= 2             # after other drills, not straight away
    assert session.finished
    assert len(session.results) == 6
    assert session.results[0].returns and not session.results[1].returns
    assert [r.key for r in session.results].count(seen[1]) == 1


def test_the_session_stops_after_five_minutes_and_sums_up_per_close():
    drills = build_session(_data(), NOW, seed=5)
    session = PracticeSession("s", drills, {}, NOW)
    drill = session.current
    session.show_closes()
    session.pick(drill.close_id)
    session.say("Would Tuesday at 10:00 or Thursday at 14:00 work?")
    session.rate(GOOD, NOW + timedelta(minutes=6))
    assert session.finished
    names = {c.id: c.name for c in _data().playbook.closes}
    [line] = session.summary(NOW + timedelta(minutes=6), names)
    close_name = names[drill.close_id]
    assert line.startswith(f"{close_name}: ")
    assert " of 1 right; next review " in line
    assert line.endswith("Friday") or line.endswith("Saturday")   # two days after Wednesday


def test_steps_must_come_in_order():
    session = PracticeSession("s", build_session(_data(), NOW, seed=1), {}, NOW)
    with pytest.raises(RuntimeError):
        session.say("Hello?")
    session.show_closes()
    with pytest.raises(ValueError):
        session.pick("no_such_close")


# -- progress --------------------------------------------------------------------------------------
def test_streak_mastery_over_weeks_and_the_meter():
    day = timedelta(days=1)
    entries = [ReviewEntry(NOW - 15 * day, "summary/playbook", "summary", "good", 2.3),
               ReviewEntry(NOW - 2 * day, "summary/playbook", "summary", "good", 10.5),
               ReviewEntry(NOW - 1 * day, "trial/playbook", "trial", "again", 0.2),
               ReviewEntry(NOW, "summary/replay", "summary", "easy", 21.0)]
    report = progress(entries, ("summary", "trial", "alternative"), NOW, weeks=4)
    summary, trial, alternative = report.closes
    assert summary.weekly[0] is None and summary.weekly[1] == pytest.approx(2.3 / 21)
    assert summary.now == pytest.approx((10.5 + 21.0) / 2 / 21)
    assert alternative.now == 0 and set(alternative.weekly) == {None}
    assert report.drills_done == 4
    assert streak(entries, NOW) == 3
    assert streak(entries, NOW + 2 * day) == 0
    assert meter(0.3) == "▰▰▰▱▱▱▱▱▱▱"
