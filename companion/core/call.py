"""The call model: what a call is, live and saved. Plain data, no Qt, no I/O.

Times are aware datetimes in UTC; the UI converts them to local time for display.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import overload

OUTCOMES = ("order", "advance", "continuation", "no_sale", "no_connect")
OUTCOME_LABELS = {
    "order": "Order",
    "advance": "Advance",
    "continuation": "Continuation",
    "no_sale": "No sale",
    "no_connect": "No connect",
}
DISPOSITIONS = (
    "connected",
    "left_voicemail",
    "left_live_message",
    "no_answer",
    "busy",
    "wrong_number",
)
DISPOSITION_LABELS = {
    "connected": "Connected",
    "left_voicemail": "Left voicemail",
    "left_live_message": "Left live message",
    "no_answer": "No answer",
    "busy": "Busy",
    "wrong_number": "Wrong number",
}
OWNERS = ("rep", "prospect", "both")
OWNER_LABELS = {"rep": "Me", "prospect": "Prospect", "both": "Both of us"}
STEP_STATUSES = ("open", "done", "cancelled")
CLOSE_RESULTS = ("accepted", "deferred", "declined")
STAGES = ("opening", "discovery", "value", "commitment")
STAGE_LABELS = {
    "opening": "Opening",
    "discovery": "Discovery",
    "value": "Value",
    "commitment": "Commitment",
}
COMMITMENT_OUTCOMES = ("order", "advance")


def is_defined_commitment(outcome: str | None, step: NextStep | None) -> bool:
    """A call "ended with a defined commitment": an order or an advance, with a next step
    that has an action and a date. The one definition (the store's SQL mirrors it, and
    tests/review/test_review_queries.py checks that the two agree)."""
    return (
        outcome in COMMITMENT_OUTCOMES
        and step is not None
        and bool(step.action.strip())
        and step.due is not None
    )


def utcnow() -> datetime:
    # Whole seconds: the stored form, so a call in memory equals the same call read back.
    return datetime.now(timezone.utc).replace(microsecond=0)


@overload
def to_iso(moment: datetime) -> str: ...
@overload
def to_iso(moment: datetime | None) -> str | None: ...


def to_iso(moment: datetime | None) -> str | None:
    """UTC ISO-8601 with offset, to the second: the one stored form of a time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a timezone first")
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    if text is None or text == "":
        return None
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def from_iso_required(text: str) -> datetime:
    """A time that is always stored (when a call started, when a moment was agreed...)."""
    parsed = from_iso(text)
    if parsed is None:
        raise ValueError("a time that is always stored is missing")
    return parsed


@dataclass
class AgreedMoment:
    moment_id: str
    label: str
    stage: str
    agreed_at: datetime
    note: str = ""


@dataclass
class RaisedObjection:
    objection_id: str
    label: str
    raised_at: datetime
    resolved_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


@dataclass
class CloseAttempt:
    close_id: str
    result: str
    at: datetime

    def __post_init__(self) -> None:
        if self.result not in CLOSE_RESULTS:
            raise ValueError(f"close result must be one of {CLOSE_RESULTS}, not {self.result!r}")


@dataclass
class NextStep:
    action: str = ""
    owner: str = "both"
    customer_action: str = ""
    due: datetime | None = None
    status: str = "open"

    def __post_init__(self) -> None:
        if self.owner not in OWNERS:
            raise ValueError(f"next step owner must be one of {OWNERS}, not {self.owner!r}")
        if self.status not in STEP_STATUSES:
            raise ValueError(f"next step status must be one of {STEP_STATUSES}, not {self.status!r}")

    @property
    def is_empty(self) -> bool:
        return not (self.action.strip() or self.customer_action.strip() or self.due)


@dataclass
class Call:
    """One call, from the first second of the live window to the saved record."""

    contact: str
    company: str = ""
    playbook_id: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started_at: datetime = field(default_factory=utcnow)
    ended_at: datetime | None = None
    moments: dict[str, AgreedMoment] = field(default_factory=dict)
    objections: dict[str, RaisedObjection] = field(default_factory=dict)
    close_attempts: list[CloseAttempt] = field(default_factory=list)
    notes: str = ""
    deal_value: float | None = None
    outcome: str | None = None
    disposition: str | None = None
    next_step: NextStep | None = None
    # Notes typed against a moment survive un-ticking it, so a mis-tick never costs text.
    moment_notes: dict[str, str] = field(default_factory=dict)
    # The due date as typed in the wrap-up, kept in the draft so a half-typed or not yet
    # readable date survives Esc and a crash; cleared when the call is saved.
    wrapup_due_text: str = ""

    # -- yes moments -------------------------------------------------------------------
    def agree(self, moment_id: str, at: datetime | None = None, *, label: str = "",
              stage: str = "discovery", note: str | None = None) -> AgreedMoment:
        if note is not None:
            self.moment_notes[moment_id] = note
        agreed = AgreedMoment(
            moment_id=moment_id,
            label=label or moment_id,
            stage=stage,
            agreed_at=at or utcnow(),
            note=self.moment_notes.get(moment_id, ""),
        )
        self.moments[moment_id] = agreed
        return agreed

    def unagree(self, moment_id: str) -> None:
        self.moments.pop(moment_id, None)

    def is_agreed(self, moment_id: str) -> bool:
        return moment_id in self.moments

    def set_moment_note(self, moment_id: str, note: str) -> None:
        note = " ".join(note.split())
        self.moment_notes[moment_id] = note
        if moment_id in self.moments:
            self.moments[moment_id].note = note

    def agreed_in_order(self) -> list[AgreedMoment]:
        return sorted(self.moments.values(), key=lambda m: m.agreed_at)

    # -- objections --------------------------------------------------------------------
    def raise_objection(self, objection_id: str, at: datetime | None = None, *,
                        label: str = "") -> RaisedObjection:
        existing = self.objections.get(objection_id)
        if existing is not None:
            existing.resolved_at = None
            return existing
        raised = RaisedObjection(objection_id, label or objection_id, at or utcnow())
        self.objections[objection_id] = raised
        return raised

    def resolve_objection(self, objection_id: str, at: datetime | None = None) -> None:
        if objection_id in self.objections:
            self.objections[objection_id].resolved_at = at or utcnow()

    def withdraw_objection(self, objection_id: str) -> None:
        """Undo a flag set by mistake (as opposed to resolving a real objection)."""
        self.objections.pop(objection_id, None)

    def open_objections(self) -> list[RaisedObjection]:
        return [o for o in self.objections.values() if o.is_open]

    # -- closes ------------------------------------------------------------------------
    def record_close_attempt(self, close_id: str, result: str,
                             at: datetime | None = None) -> CloseAttempt:
        attempt = CloseAttempt(close_id, result, at or utcnow())
        self.close_attempts.append(attempt)
        return attempt

    def last_attempt(self, close_id: str) -> CloseAttempt | None:
        for attempt in reversed(self.close_attempts):
            if attempt.close_id == close_id:
                return attempt
        return None

    # -- the rest ----------------------------------------------------------------------
    def set_deal_value(self, value: float | None) -> None:
        if value is not None and value < 0:
            raise ValueError("deal value cannot be negative")
        self.deal_value = value

    def set_notes(self, notes: str) -> None:
        self.notes = notes

    @property
    def ended_with_commitment(self) -> bool:
        return is_defined_commitment(self.outcome, self.next_step)

    def duration_seconds(self, now: datetime | None = None) -> int:
        end = self.ended_at or now or utcnow()
        return max(0, int((end - self.started_at).total_seconds()))
