"""Rows of the call tables back into whole calls: the one place that knows the mapping.

Used for one call (CallStore.load_call) and for thousands at a time (exports read in
chunks): a handful of queries for any number of calls, never five per call.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from companion.core.call import (
    AgreedMoment,
    Call,
    CloseAttempt,
    NextStep,
    RaisedObjection,
    from_iso,
    from_iso_required,
)

CALL_COLUMNS = ("c.id, c.contact, c.company, c.playbook, c.started_at, c.ended_at, c.outcome,"
                " c.disposition, c.notes, c.deal_value, c.updated_at")


def complete_calls(db: Database, rows: list[tuple[Any, ...]]) -> list[tuple[Call, str]]:
    """Whole calls (with their updated_at) from rows of CALL_COLUMNS, one query per child table."""
    calls: dict[str, Call] = {}
    stored: list[tuple[Call, str]] = []
    for (call_id, contact, company, playbook, started, ended, outcome, disposition, notes,
         deal_value, updated_at) in rows:
        call = Call(
            id=call_id, contact=contact, company=company or "", playbook_id=playbook or "",
            started_at=from_iso_required(started), ended_at=from_iso(ended), outcome=outcome,
            disposition=disposition, notes=notes or "", deal_value=deal_value,
        )
        calls[call_id] = call
        stored.append((call, updated_at))
    ids = json.dumps(list(calls))
    in_chunk = "call_id IN (SELECT value FROM json_each(?))"

    # Secondary sort keys make the order of equal times the same on every machine, so an
    # export, imported elsewhere and exported again, comes out byte for byte the same.
    for call_id, moment_id, label, stage, agreed_at, note in db.execute(
            "SELECT call_id, moment_id, label, stage, agreed_at, note FROM call_moments"
            f" WHERE {in_chunk} ORDER BY call_id, agreed_at, moment_id", [ids]):
        call = calls[call_id]
        call.moments[moment_id] = AgreedMoment(moment_id, label, stage, from_iso_required(agreed_at), note or "")
        if note:
            call.moment_notes[moment_id] = note
    for call_id, objection_id, label, raised_at, resolved_at in db.execute(
            "SELECT call_id, objection_id, label, raised_at, resolved_at FROM call_objections"
            f" WHERE {in_chunk} ORDER BY call_id, raised_at, objection_id", [ids]):
        calls[call_id].objections[objection_id] = RaisedObjection(
            objection_id, label, from_iso_required(raised_at), from_iso(resolved_at))
    attempts: defaultdict[str, list[CloseAttempt]] = defaultdict(list)
    for call_id, close_id, result, at in db.execute(
            f"SELECT call_id, close_id, result, at FROM close_attempts WHERE {in_chunk} ORDER BY id",
            [ids]):
        attempts[call_id].append(CloseAttempt(close_id, result, from_iso_required(at)))
    for call_id, call_attempts in attempts.items():
        calls[call_id].close_attempts = call_attempts
    for call_id, action, owner, customer_action, due_at, status in db.execute(
            "SELECT call_id, action, owner, customer_action, due_at, status FROM next_steps"
            f" WHERE {in_chunk}", [ids]):
        calls[call_id].next_step = NextStep(action or "", owner, customer_action or "",
                                            from_iso(due_at), status)
    return stored
