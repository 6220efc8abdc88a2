from datetime import timedelta

from companion.core.call import NextStep, utcnow
from companion.core.wrapup import can_save, check_wrapup

NOW = utcnow()
GOOD = NextStep("Demo of the reporting module", "both", "Brings the CFO", NOW + timedelta(days=1))


def messages(findings):
    return [f.message for f in findings]


def test_outcome_is_required():
    findings = check_wrapup(None, None, GOOD, NOW)
    assert not can_save(findings)
    assert findings[0].field == "outcome"


def test_a_good_advance_has_no_findings():
    assert check_wrapup("advance", "connected", GOOD, NOW) == []


def test_advance_without_action_or_date_cannot_be_saved():
    findings = check_wrapup("advance", "connected", NextStep(), NOW)
    assert not can_save(findings)
    assert {f.field for f in findings if f.blocking} == {"action", "due"}


def test_order_without_date_cannot_be_saved():
    step = NextStep("Send the signed order form", "prospect", "Signs it")
    findings = check_wrapup("order", "connected", step, NOW)
    assert not can_save(findings)
    assert any(f.field == "due" and f.blocking for f in findings)


def test_continuation_is_allowed_but_labelled():
    findings = check_wrapup("continuation", "connected", None, NOW)
    assert can_save(findings)
    assert "Continuation: no defined commitment." in messages(findings)


def test_vague_step_is_warned_about_without_blocking():
    step = NextStep("Follow up next week", "rep", "", NOW + timedelta(days=7))
    findings = check_wrapup("advance", "connected", step, NOW)
    assert can_save(findings)
    text = " ".join(messages(findings))
    assert '"Follow up" is vague' in text
    assert "Nothing for the customer to do" in text


def test_missing_date_on_a_continuation_step_is_named():
    step = NextStep("Send the case study on reporting", "rep", "Reads it")
    findings = check_wrapup("continuation", "connected", step, NOW)
    assert can_save(findings)
    assert "No date agreed." in messages(findings)


def test_no_connect_needs_a_disposition():
    assert not can_save(check_wrapup("no_connect", None, None, NOW))
    assert not can_save(check_wrapup("no_connect", "connected", None, NOW))
    assert can_save(check_wrapup("no_connect", "left_voicemail", None, NOW))


def test_past_due_date_is_warned():
    step = NextStep("Demo of the reporting module", "both", "Brings the CFO", NOW - timedelta(days=1))
    findings = check_wrapup("advance", "connected", step, NOW)
    assert can_save(findings)
    assert "The due date is in the past." in messages(findings)
