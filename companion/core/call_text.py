"""A call in words: the one place that decides what a written call says and how.

The recap (plain text for an email or a CRM note), the saved-call view and the Markdown
export all take their wording from here; each only lays the pieces out (and Markdown
escapes what the rep typed). Nothing here shows an internal id: playbooks, closes,
outcomes, dispositions and owners appear by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from companion.core.call import DISPOSITION_LABELS, OUTCOME_LABELS, OWNER_LABELS, Call
from companion.core.deal_value import format_deal_value
from companion.core.display_names import DisplayNames

STATUS_LABELS = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}
DAY_AND_TIME = "%a %d %b %Y %H:%M"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """"1 yes moment", "2 yes moments": every count in a sentence reads right."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def when(moment: datetime | None, tz: tzinfo | None = None, fmt: str = DAY_AND_TIME) -> str:
    return moment.astimezone(tz).strftime(fmt) if moment else ""


@dataclass(frozen=True)
class Agreed:
    label: str
    note: str


@dataclass(frozen=True)
class Tried:
    close: str           # the close's name
    result: str          # accepted, deferred or declined
    at: str              # local time, HH:MM

    def __str__(self) -> str:
        return f"{self.close}: {self.result} at {self.at}"


@dataclass(frozen=True)
class CallText:
    """The parts of a written call. Text the rep typed is kept as typed (not escaped)."""

    contact: str
    company: str
    started: str                                  # "Tue 14 May 2024 10:00"
    facts: tuple[tuple[str, str], ...]            # ("Outcome", "Advance"), ...
    agreed: tuple[Agreed, ...]
    objections: tuple[str, ...]                   # "Price (resolved)"
    closes: tuple[Tried, ...]
    step: tuple[tuple[str, str], ...]             # ("Action", ...), empty without a step
    without_step: str                             # what to say instead when there is no step
    notes: str

    @property
    def who(self) -> str:
        return self.contact + (f", {self.company}" if self.company else "")


def outcome_words(call: Call) -> str:
    """"Advance", or for a dial that reached nobody what happened: "No connect: left voicemail"."""
    if not call.outcome:
        return ""
    words = OUTCOME_LABELS.get(call.outcome, call.outcome)
    if call.outcome == "no_connect" and call.disposition and call.disposition != "connected":
        words += ": " + DISPOSITION_LABELS.get(call.disposition, call.disposition).lower()
    return words


def _without_step(call: Call) -> str:
    if call.outcome == "no_connect":
        if call.disposition and call.disposition != "connected":
            return DISPOSITION_LABELS.get(call.disposition, call.disposition) + "."
        return "No one was reached."
    return "None agreed."


def call_text(call: Call, names: DisplayNames | None = None, tz: tzinfo | None = None) -> CallText:
    names = names or DisplayNames()
    contact = " ".join(call.contact.split()) or "(no name)"
    company = " ".join(call.company.split())
    span = when(call.started_at, tz)
    if call.ended_at:
        minutes = round(call.duration_seconds() / 60)
        span += f" to {when(call.ended_at, tz, '%H:%M')} ({minutes} min)"
    facts = [("When", span), ("Contact", contact)]
    if company:
        facts.append(("Company", company))
    if call.playbook_id:
        facts.append(("Playbook", names.playbook(call.playbook_id)))
    if call.outcome:
        facts.append(("Outcome", OUTCOME_LABELS.get(call.outcome, call.outcome)))
    if call.disposition:
        facts.append(("Disposition", DISPOSITION_LABELS.get(call.disposition, call.disposition)))
    if call.deal_value is not None:
        facts.append(("Deal value", format_deal_value(call.deal_value)))

    step_lines: list[tuple[str, str]] = []
    step = call.next_step
    if step is not None and not step.is_empty:
        step_lines.append(("Action", " ".join(step.action.split()) or "(not written down)"))
        step_lines.append(("Owner", OWNER_LABELS.get(step.owner, step.owner)))
        if step.customer_action.strip():
            step_lines.append(("Customer will", " ".join(step.customer_action.split())))
        step_lines.append(("Due", when(step.due, tz) or "no date"))
        step_lines.append(("Status", STATUS_LABELS.get(step.status, step.status)))

    return CallText(
        contact=contact, company=company, started=when(call.started_at, tz), facts=tuple(facts),
        agreed=tuple(Agreed(m.label, m.note.strip()) for m in call.agreed_in_order()),
        objections=tuple(o.label + ("" if o.is_open else " (resolved)")
                         for o in sorted(call.objections.values(), key=lambda o: o.raised_at)),
        closes=tuple(Tried(names.close(a.close_id), a.result, when(a.at, tz, "%H:%M"))
                     for a in call.close_attempts),
        step=tuple(step_lines), without_step=_without_step(call), notes=call.notes.strip(),
    )


def during_the_call(call: Call, names: DisplayNames | None = None, tz: tzinfo | None = None) -> str:
    """The parts of a call that are a record, not a form: moments, objections, closes."""
    text = call_text(call, names, tz)
    lines = [f"{counted(len(text.agreed), 'yes moment')} agreed:" if text.agreed else "No yes moments recorded."]
    lines += [f"  ✔ {a.label}" + (f" — {a.note}" if a.note else "") for a in text.agreed]
    if text.objections:
        lines.append("Objections:")
        lines += [f"  • {o}" for o in text.objections]
    if text.closes:
        lines.append("Closes tried:")
        lines += [f"  • {tried}" for tried in text.closes]
    return "\n".join(lines)
