"""A plain-text recap of one call, for an email or a CRM note."""

from __future__ import annotations

from datetime import tzinfo

from companion.core.call import DISPOSITION_LABELS, OUTCOME_LABELS, OWNER_LABELS, Call


def recap_text(call: Call, tz: tzinfo | None = None) -> str:
    started = call.started_at.astimezone(tz)
    who = call.contact + (f" ({call.company})" if call.company else "")
    lines = [f"Call with {who}, {started:%a %d %b %Y %H:%M}"]
    if call.outcome:
        outcome = OUTCOME_LABELS.get(call.outcome, call.outcome)
        if call.outcome == "no_connect" and call.disposition:
            outcome += f": {DISPOSITION_LABELS.get(call.disposition, call.disposition)}"
        lines.append(f"Outcome: {outcome}")
    agreed = call.agreed_in_order()
    if agreed:
        lines.append("")
        lines.append("Agreed:")
        lines += [f"- {m.label}" + (f": {m.note}" if m.note else "") for m in agreed]
    if call.objections:
        lines.append("")
        lines.append("Objections:")
        lines += [f"- {o.label}" + ("" if o.is_open else " (resolved)") for o in call.objections.values()]
    step = call.next_step
    if step is not None and not step.is_empty:
        lines.append("")
        lines.append(f"Next step: {step.action or '(no action)'}")
        if step.due is not None:
            lines.append(f"Due: {step.due.astimezone(tz):%a %d %b %Y %H:%M}")
        lines.append(f"Owner: {OWNER_LABELS.get(step.owner, step.owner)}")
        if step.customer_action:
            lines.append(f"Customer will: {step.customer_action}")
    if call.notes.strip():
        lines.append("")
        lines.append("Notes:")
        lines.append(call.notes.strip())
    return "\n".join(lines) + "\n"
