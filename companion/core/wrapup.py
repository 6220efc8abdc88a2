"""The wrap-up's rules: what blocks saving, and what only deserves a warning.

The same checks run in the wrap-up dialog (shown inline as the rep types) and wherever a
saved call is edited later, so the rules can never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from companion.core.call import COMMITMENT_OUTCOMES, NextStep

# Phrases that sound like a plan but commit nobody to anything.
_VAGUE = re.compile(
    r"\b(follow(ing)?[\s-]?up|touch(ing)? base|check(ing)?[\s-]in|circle back|keep in touch|"
    r"reach(ing)? out|get back to|stay in touch|ping|sync up|think about it|see how it goes)\b",
    re.IGNORECASE,
)
_MIN_SPECIFIC_WORDS = 3


@dataclass(frozen=True)
class Finding:
    field: str          # "outcome", "disposition", "action", "due", "customer_action"
    message: str
    blocking: bool


def check_wrapup(outcome: str | None, disposition: str | None, step: NextStep | None,
                 now: datetime) -> list[Finding]:
    findings: list[Finding] = []
    if outcome is None:
        return [Finding("outcome", "Choose how the call ended.", True)]
    if outcome == "no_connect":
        if disposition in (None, "connected"):
            findings.append(Finding("disposition", "Say what happened: voicemail, no answer, busy...", True))
        return findings
    step = step or NextStep()
    action = step.action.strip()
    if outcome in COMMITMENT_OUTCOMES:
        if not action:
            findings.append(Finding(
                "action", f"An {_article_outcome(outcome)} needs a next step: what will happen?", True))
        if step.due is None:
            findings.append(Finding("due", f"An {_article_outcome(outcome)} needs a due date for the next step.", True))
    if outcome == "continuation":
        findings.append(Finding("outcome", "Continuation: no defined commitment.", False))
    if outcome == "no_sale" and step.is_empty:
        return findings
    if action:
        vague = _VAGUE.search(action)
        if vague:
            findings.append(Finding("action", f'"{vague.group(0)}" is vague: say what exactly will happen.', False))
        elif len(action.split()) < _MIN_SPECIFIC_WORDS:
            findings.append(Finding("action", "Could be more specific: what, and about what?", False))
    if step.due is None and outcome not in COMMITMENT_OUTCOMES and action:
        findings.append(Finding("due", "No date agreed.", False))
    if step.due is not None and step.due < now:
        findings.append(Finding("due", "The due date is in the past.", False))
    if (action or outcome in COMMITMENT_OUTCOMES) and (
            step.owner == "rep" or not step.customer_action.strip()):
        findings.append(Finding("customer_action", "Nothing for the customer to do: ask for their part too.", False))
    return findings


def ticked_on_no_connect(outcome: str | None, ticked: int) -> list[Finding]:
    """Yes moments cannot have been agreed on a call that reached nobody; saving asks first."""
    if outcome != "no_connect" or not ticked:
        return []
    moments = "1 yes moment is" if ticked == 1 else f"{ticked} yes moments are"
    return [Finding("moments", f"{moments} ticked: saving as No connect asks to clear "
                               f"{'it' if ticked == 1 else 'them'}.", False)]


def can_save(findings: list[Finding]) -> bool:
    return not any(f.blocking for f in findings)


def _article_outcome(outcome: str) -> str:
    return "order" if outcome == "order" else "advance"
