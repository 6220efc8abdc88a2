"""Audit verdicts and reminder timing, without Qt."""

from datetime import date, datetime, timedelta, timezone

import pytest

from companion.core.audit import REAL_NEXT_STEP, audit_call, audit_summary
from companion.core.call import NextStep
from companion.core.reminders import daily_notice, daily_reminder_due, due_notice, next_daily_reminder
from companion.core.review import DaySummary, StepRow
from companion.core.settings import Settings

STARTED = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)
DUE = STARTED + timedelta(days=3)


# -- audit ---------------------------------------------------------------------------------------
def test_a_real_next_step_passes_all_three_marks():
    result = audit_call("advance", NextStep("Demo of the reporting module for finance", "both",
                                            "Brings the CFO", DUE), STARTED)
    assert (result.specific, result.dated, result.customer_acts) == (True, True, True)
    assert result.passed and result.verdict == REAL_NEXT_STEP


def test_no_date_agreed():
    result = audit_call("continuation", NextStep("Demo of the reporting module", "both",
                                                 "Sends the numbers", None), STARTED)
    assert result.verdict == "No date agreed"
    assert not result.dated and result.specific and result.customer_acts


@pytest.mark.parametrize("owner, customer", [("rep", "Sends the numbers"), ("both", ""), ("both", "   ")])
def test_only_the_rep_has_work_to_do(owner, customer):
    result = audit_call("advance", NextStep("Send the pricing sheet for 40 seats", owner, customer, DUE),
                        STARTED)
    assert result.verdict == "Only the rep has work to do"
    assert result.marks == 2


def test_a_vague_action_is_named_in_the_wrapups_own_words():
    result = audit_call("advance", NextStep("Follow up next week", "both", "Reads the proposal", DUE),
                        STARTED)
    assert not result.specific
    assert result.verdict.startswith('"Follow up" is vague')


def test_several_problems_in_one_line():
    result = audit_call("continuation", NextStep("Send info", "rep", "", None), STARTED)
    assert result.marks == 0
    assert result.verdict == ("Could be more specific: what, and about what?; no date agreed; "
                              "only the rep has work to do")


def test_a_date_since_passed_is_not_held_against_the_call():
    result = audit_call("advance", NextStep("Demo of the reporting module for finance", "both",
                                            "Brings the CFO", STARTED + timedelta(hours=2)), STARTED)
    assert result.passed


def test_calls_without_a_next_step():
    assert audit_call("advance", None, STARTED).verdict == "No next step agreed"
    assert audit_call("continuation", None, STARTED).verdict == "Continuation: no specific action agreed"
    declined = audit_call("no_sale", None, STARTED)
    assert not declined.applicable and not declined.passed


def test_audit_summary_leaves_out_calls_the_marks_do_not_apply_to():
    good = audit_call("advance", NextStep("Demo of the reporting module", "both", "Brings the CFO", DUE),
                      STARTED)
    bad = audit_call("advance", None, STARTED)
    declined = audit_call("no_sale", None, STARTED)
    assert audit_summary([good, bad, declined]) == "1 of 2 calls ended with a real next step."
    assert audit_summary([]) == "No calls to audit yet."


# -- reminders -------------------------------------------------------------------------------
def row(contact, action):
    return StepRow("id-" + contact, contact, "Acme", NextStep(action, due=DUE))


def test_one_step_due_names_contact_company_and_action():
    notice = due_notice([row("Ann Smith", "Send the proposal")])
    assert notice.title == "Next step due"
    assert notice.text == "Ann Smith (Acme): Send the proposal"
    assert due_notice([]) is None


def test_many_steps_due_are_folded_into_one_notice():
    notice = due_notice([row(f"Contact {i}", f"Action {i}") for i in range(5)])
    assert notice.title == "5 next steps due"
    assert notice.text.count("•") == 3 and "… and 2 more" in notice.text


def test_daily_notice_wording():
    assert daily_notice(DaySummary(6, 4, 2)).text == "End-of-day review: 6 calls, 2 without a commitment"
    assert "every connect" in daily_notice(DaySummary(3, 2, 2)).text
    assert "no calls today" in daily_notice(DaySummary()).text


def local(hour, minute=0, day=10):
    return datetime(2026, 3, day, hour, minute)


def test_daily_reminder_fires_once_from_the_set_time():
    settings = Settings(review_reminder_time="17:30")
    assert not daily_reminder_due(settings, local(17, 29), None)
    assert daily_reminder_due(settings, local(17, 30), None)
    assert daily_reminder_due(settings, local(19, 0), date(2026, 3, 9))
    assert not daily_reminder_due(settings, local(19, 0), date(2026, 3, 10))     # already shown
    assert not daily_reminder_due(settings, local(23, 0), None)                  # too late now


def test_daily_reminder_can_be_turned_off():
    settings = Settings(review_reminder_enabled=False)
    assert not daily_reminder_due(settings, local(17, 45), None)
    assert next_daily_reminder(settings, local(12), None) is None


def test_next_daily_reminder_moves_to_tomorrow_once_shown():
    settings = Settings(review_reminder_time="17:30")
    assert next_daily_reminder(settings, local(12), None) == local(17, 30)
    assert next_daily_reminder(settings, local(18), date(2026, 3, 10)) == local(17, 30, day=11)
