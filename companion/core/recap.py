"""A plain-text recap of one call, for an email or a CRM note (wording from call_text)."""

from __future__ import annotations

from datetime import tzinfo

from companion.core.call import Call
from companion.core.call_text import call_text, outcome_words
from companion.core.display_names import DisplayNames


def recap_text(call: Call, tz: tzinfo | None = None, names: DisplayNames | None = None) -> str:
    """A plain-text recap of one call, for an email or a CRM note."""
    text = call_text(call, names, tz)
    who = text.contact + (f" ({text.company})" if text.company else "")
    lines = [f"Call with {who}, {text.started}"]
    if call.outcome:
        lines.append(f"Outcome: {outcome_words(call)}")
    value = dict(text.facts).get("Deal value")
    if value:
        lines.append(f"Deal value: {value}")
    if text.agreed:
        lines += ["", "Agreed:"]
        lines += [f"- {a.label}" + (f": {a.note}" if a.note else "") for a in text.agreed]
    if text.objections:
        lines += ["", "Objections:"]
        lines += [f"- {o}" for o in text.objections]
    if text.step:
        details = dict(text.step)
        lines += ["", f"Next step: {details['Action']}"]
        if call.next_step is not None and call.next_step.due is not None:
            lines.append(f"Due: {details['Due']}")
        lines.append(f"Owner: {details['Owner']}")
        if "Customer will" in details:
            lines.append(f"Customer will: {details['Customer will']}")
    if text.notes:
        lines += ["", "Notes:", text.notes]
    return "\n".join(lines) + "\n"
