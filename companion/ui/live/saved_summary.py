"""The line the live window shows after a call is saved: who, the outcome, the next step."""

from __future__ import annotations

from datetime import datetime

from companion.core.call import OUTCOME_LABELS, Call
from companion.core.due_text import format_due


def saved_summary(call: Call, now: datetime) -> str:
    summary = f"Saved: {call.contact} — {OUTCOME_LABELS.get(call.outcome or '', '')}"
    step = call.next_step
    if step is not None and step.action:
        summary += f"\nNext: {step.action}"
        if step.due:
            summary += f", {format_due(step.due, now)}"      # with the year when not this year
    return summary
