"""The audit: did a call end with a real next step?

A real next step has three marks: a specific action, a date, and something the customer
does. The audit judges each saved call against them and says, in one line, what was missing.
Specificity uses the wrap-up's own rules (check_wrapup), so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from companion.core.call import NextStep
from companion.core.wrapup import check_wrapup

REAL_NEXT_STEP = "Real next step"


@dataclass(frozen=True)
class AuditResult:
    specific: bool
    dated: bool
    customer_acts: bool
    verdict: str
    # False for calls the marks do not apply to (declined without a next step).
    applicable: bool = True

    @property
    def marks(self) -> int:
        return int(self.specific) + int(self.dated) + int(self.customer_acts)

    @property
    def passed(self) -> bool:
        return self.applicable and self.marks == 3


def audit_call(outcome: str | None, step: NextStep | None, started_at: datetime) -> AuditResult:
    """Judge one connected call. `started_at` anchors the wrap-up rules in the call's own time,
    so a date that has since passed is not held against it."""
    if outcome == "no_connect":
        return AuditResult(False, False, False, "Nobody reached: nothing to agree", applicable=False)
    if step is None or step.is_empty:
        if outcome == "no_sale":
            return AuditResult(False, False, False, "Declined: no next step needed",
                               applicable=False)
        if outcome == "continuation":
            return AuditResult(False, False, False, "Continuation: no specific action agreed")
        return AuditResult(False, False, False, "No next step agreed")

    action = step.action.strip()
    action_findings = [f for f in check_wrapup(outcome, "connected", step, started_at)
                       if f.field == "action"]
    specific = bool(action) and not action_findings
    dated = step.due is not None
    customer_acts = step.owner != "rep" and bool(step.customer_action.strip())

    problems = []
    if not action:
        problems.append("No action written down")
    elif not specific:
        # The wrap-up's own words ('"follow up" is vague: ...'), so the rep sees one voice.
        problems.append(action_findings[0].message.rstrip("."))
    if not dated:
        problems.append("No date agreed")
    if not customer_acts:
        problems.append("Only the rep has work to do")
    if not problems:
        return AuditResult(True, True, True, REAL_NEXT_STEP)
    verdict = problems[0] + "".join("; " + p[0].lower() + p[1:] for p in problems[1:])
    return AuditResult(specific, dated, customer_acts, verdict)


def audit_summary(results: list[AuditResult]) -> str:
    """'3 of 5 calls ended with a real next step.' Calls the marks do not apply to are left out."""
    judged = [r for r in results if r.applicable]
    if not judged:
        return "No calls to audit yet."
    passed = sum(r.passed for r in judged)
    noun = "call" if len(judged) == 1 else "calls"
    return f"{passed} of {len(judged)} {noun} ended with a real next step."
