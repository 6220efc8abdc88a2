"""A call as plain JSON-ready data, and back, with errors that say where.

One shape serves the live-call draft, the JSON export and its import, so a call
never changes on its way through any of them. The shape is documented in the README
("JSON format").
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any, Literal, overload

from companion.core.call import (
    CLOSE_RESULTS,
    DISPOSITIONS,
    OUTCOMES,
    OWNERS,
    STEP_STATUSES,
    AgreedMoment,
    Call,
    CloseAttempt,
    NextStep,
    RaisedObjection,
    to_iso,
)


class CallFormatError(ValueError):
    """A value in call data has the wrong type or value; `where` is a path like calls[3].moments[0]."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


def call_to_dict(call: Call) -> dict[str, Any]:
    step = call.next_step
    return {
        "id": call.id,
        "started_at": to_iso(call.started_at),
        "ended_at": to_iso(call.ended_at),
        "contact": call.contact,
        "company": call.company,
        "playbook": call.playbook_id,
        "outcome": call.outcome,
        "disposition": call.disposition,
        "deal_value": call.deal_value,
        "notes": call.notes,
        "moments": [
            {
                "id": m.moment_id,
                "label": m.label,
                "stage": m.stage,
                "agreed_at": to_iso(m.agreed_at),
                "note": m.note,
            }
            for m in call.agreed_in_order()
        ],
        "objections": [
            {
                "id": o.objection_id,
                "label": o.label,
                "raised_at": to_iso(o.raised_at),
                "resolved_at": to_iso(o.resolved_at),
            }
            for o in sorted(call.objections.values(), key=lambda o: o.raised_at)
        ],
        "close_attempts": [
            {"close": a.close_id, "result": a.result, "at": to_iso(a.at)}
            for a in call.close_attempts
        ],
        "next_step": None
        if step is None
        else {
            "action": step.action,
            "owner": step.owner,
            "customer_action": step.customer_action,
            "due": to_iso(step.due),
            "status": step.status,
        },
    }


def draft_to_dict(call: Call) -> dict[str, Any]:
    """A draft also keeps notes typed against moments that are not ticked (yet)."""
    data = call_to_dict(call)
    data["moment_notes"] = dict(call.moment_notes)
    if call.wrapup_due_text:
        data["wrapup_due_text"] = call.wrapup_due_text
    return data


# -- decoding ----------------------------------------------------------------------------


class _Reader:
    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise CallFormatError(where, f"expected an object, found {_kind(data)}")
        self.data = data
        self.where = where

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key, None if required else default)
        if value is None and not required:
            return default
        if not isinstance(value, str):
            raise CallFormatError(f"{self.where}.{key}", f"expected text, found {_kind(value)}")
        _check_encodable(value, f"{self.where}.{key}")
        return value

    @overload
    def choice(self, key: str, allowed: tuple[str, ...], *, nullable: Literal[False]) -> str: ...
    @overload
    def choice(self, key: str, allowed: tuple[str, ...], *, nullable: bool) -> str | None: ...

    def choice(self, key: str, allowed: tuple[str, ...], *, nullable: bool) -> str | None:
        value = self.data.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str) or value not in allowed:
            raise CallFormatError(
                f"{self.where}.{key}", f"expected one of {', '.join(allowed)}, found {value!r}"
            )
        return value

    @overload
    def time(self, key: str, *, nullable: Literal[False] = False) -> datetime: ...
    @overload
    def time(self, key: str, *, nullable: bool) -> datetime | None: ...

    def time(self, key: str, *, nullable: bool = False) -> datetime | None:
        value = self.data.get(key)
        # "" for a time that may be unknown means unknown; where a time is required it is refused.
        if (value is None or value == "") and nullable:
            return None
        return aware_time(value, f"{self.where}.{key}")

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise CallFormatError(f"{self.where}.{key}", f"expected a list, found {_kind(value)}")
        return value


def parse_time(value: Any, where: str, what: str = "an ISO-8601 time with an offset") -> str:
    """A time as stored (UTC ISO-8601 to the second), or CallFormatError naming `where`."""
    return to_iso(aware_time(value, where, what))


def aware_time(value: Any, where: str, what: str = "an ISO-8601 time with an offset") -> datetime:
    """A time in UTC, or CallFormatError naming `where`.

    The offset is required: a time without one could be any of 26 hours, and guessing UTC
    would shift a call made elsewhere. Times that cannot be shown in UTC (year 1 at +14:00)
    are refused too."""
    if not isinstance(value, str):
        raise CallFormatError(where, f"expected {what}, found {_kind(value)}")
    if not value.strip():
        raise CallFormatError(where, f"expected {what}, found an empty text")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CallFormatError(where, f"not an ISO-8601 time: {_short(value)}") from None
    if parsed.tzinfo is None:
        raise CallFormatError(where, f"{_short(value)} has no UTC offset; add one, e.g. "
                              "2024-05-14T08:30:00+00:00 (UTC) or +02:00")
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:
        raise CallFormatError(where, f"{_short(value)} is out of range (before year 1 or after "
                              "year 9999 in UTC)") from None


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _check_encodable(text: str, where: str) -> None:
    """Text that cannot be written as UTF-8 (a lone surrogate such as "\ud800" from JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CallFormatError(where, f"contains {exc.object[exc.start]!a}, half of a character "
                              "pair, which is not text") from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def call_from_dict(data: Any, where: str = "call") -> Call:
    r = _Reader(data, where)
    call_id = r.text("id")
    if not call_id.strip():
        raise CallFormatError(f"{where}.id", "must not be empty")
    deal_value = r.data.get("deal_value")
    if deal_value is not None and (isinstance(deal_value, bool) or not isinstance(deal_value, (int, float))):
        raise CallFormatError(f"{where}.deal_value", f"expected a number, found {_kind(deal_value)}")
    if deal_value is not None:
        try:
            deal_value = float(deal_value)
        except OverflowError:
            deal_value = math.inf
        if not math.isfinite(deal_value):
            # 1e400 reads as infinity, which JSON cannot write back.
            raise CallFormatError(f"{where}.deal_value", "too large to be an amount of money")
    call = Call(
        contact=r.text("contact"),
        company=r.text("company", required=False),
        playbook_id=r.text("playbook", required=False),
        id=call_id,
        started_at=r.time("started_at"),
        ended_at=r.time("ended_at", nullable=True),
        notes=r.text("notes", required=False),
        deal_value=deal_value,
        outcome=r.choice("outcome", OUTCOMES, nullable=True),
        disposition=r.choice("disposition", DISPOSITIONS, nullable=True),
    )
    for i, raw in enumerate(r.items("moments")):
        m = _Reader(raw, f"{where}.moments[{i}]")
        moment = AgreedMoment(
            moment_id=m.text("id"),
            label=m.text("label", required=False),
            stage=m.text("stage", required=False, default="discovery"),
            agreed_at=m.time("agreed_at"),
            note=m.text("note", required=False),
        )
        moment.label = moment.label or moment.moment_id
        call.moments[moment.moment_id] = moment
        if moment.note:
            call.moment_notes[moment.moment_id] = moment.note
    for i, raw in enumerate(r.items("objections")):
        o = _Reader(raw, f"{where}.objections[{i}]")
        objection = RaisedObjection(
            objection_id=o.text("id"),
            label=o.text("label", required=False),
            raised_at=o.time("raised_at"),
            resolved_at=o.time("resolved_at", nullable=True),
        )
        objection.label = objection.label or objection.objection_id
        call.objections[objection.objection_id] = objection
    for i, raw in enumerate(r.items("close_attempts")):
        a = _Reader(raw, f"{where}.close_attempts[{i}]")
        call.close_attempts.append(
            CloseAttempt(a.text("close"), a.choice("result", CLOSE_RESULTS, nullable=False), a.time("at"))
        )
    step = r.data.get("next_step")
    if step is not None:
        s = _Reader(step, f"{where}.next_step")
        call.next_step = NextStep(
            action=s.text("action", required=False),
            owner=s.choice("owner", OWNERS, nullable=False),
            customer_action=s.text("customer_action", required=False),
            due=s.time("due", nullable=True),
            status=s.choice("status", STEP_STATUSES, nullable=False),
        )
    due_text = r.data.get("wrapup_due_text")
    if isinstance(due_text, str):
        call.wrapup_due_text = due_text
    extra_notes = r.data.get("moment_notes", {})
    if isinstance(extra_notes, dict):
        for key, value in extra_notes.items():
            if isinstance(key, str) and isinstance(value, str):
                call.moment_notes[key] = value
    return call
