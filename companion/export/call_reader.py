"""Read many calls at once: a handful of queries per chunk instead of five per call.

`load_call` in the store is right for one call; an export of a year (or of the
100,000-call benchmark) reads calls in chunks, each chunk's moments, objections,
closes and next steps with one query per table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterator, NamedTuple

from sqlite_utils import Database

from companion.core.call import AgreedMoment, Call, CloseAttempt, NextStep, RaisedObjection, from_iso
from companion.export.selection import CallSelection

CHUNK_SIZE = 500


class StoredCall(NamedTuple):
    call: Call
    updated_at: str     # when it was last saved (UTC ISO-8601): imports compare it


def count_calls(db: Database, selection: CallSelection) -> int:
    where, params = selection.where("c")
    return db.execute(f"SELECT count(*) FROM calls c WHERE {where}", params).fetchone()[0]


def iter_calls(db: Database, selection: CallSelection,
               chunk_size: int = CHUNK_SIZE) -> Iterator[StoredCall]:
    """The selected calls in start order (ties by id), each complete, in bounded memory."""
    where, params = selection.where("c")
    cursor = db.execute(
        "SELECT c.id, c.contact, c.company, c.playbook, c.started_at, c.ended_at, c.outcome,"
        " c.disposition, c.notes, c.deal_value, c.updated_at"
        f" FROM calls c WHERE {where} ORDER BY c.started_at, c.id", params)
    while True:
        rows = cursor.fetchmany(chunk_size)
        if not rows:
            return
        yield from _complete_chunk(db, rows)


def _complete_chunk(db: Database, rows: list[tuple]) -> list[StoredCall]:
    calls: dict[str, Call] = {}
    stored = []
    for (call_id, contact, company, playbook, started, ended, outcome, disposition, notes,
         deal_value, updated_at) in rows:
        call = Call(
            id=call_id, contact=contact, company=company or "", playbook_id=playbook or "",
            started_at=from_iso(started), ended_at=from_iso(ended), outcome=outcome,
            disposition=disposition, notes=notes or "", deal_value=deal_value,
        )
        calls[call_id] = call
        stored.append(StoredCall(call, updated_at))
    ids = json.dumps(list(calls))
    in_chunk = "call_id IN (SELECT value FROM json_each(?))"

    # Secondary sort keys make the order of equal times the same on every machine, so an
    # export, imported elsewhere and exported again, comes out byte for byte the same.
    for call_id, moment_id, label, stage, agreed_at, note in db.execute(
            "SELECT call_id, moment_id, label, stage, agreed_at, note FROM call_moments"
            f" WHERE {in_chunk} ORDER BY call_id, agreed_at, moment_id", [ids]):
        call = calls[call_id]
        call.moments[moment_id] = AgreedMoment(moment_id, label, stage, from_iso(agreed_at), note or "")
        if note:
            call.moment_notes[moment_id] = note
    for call_id, objection_id, label, raised_at, resolved_at in db.execute(
            "SELECT call_id, objection_id, label, raised_at, resolved_at FROM call_objections"
            f" WHERE {in_chunk} ORDER BY call_id, raised_at, objection_id", [ids]):
        calls[call_id].objections[objection_id] = RaisedObjection(
            objection_id, label, from_iso(raised_at), from_iso(resolved_at))
    attempts = defaultdict(list)
    for call_id, close_id, result, at in db.execute(
            f"SELECT call_id, close_id, result, at FROM close_attempts WHERE {in_chunk} ORDER BY id",
            [ids]):
        attempts[call_id].append(CloseAttempt(close_id, result, from_iso(at)))
    for call_id, call_attempts in attempts.items():
        calls[call_id].close_attempts = call_attempts
    for call_id, action, owner, customer_action, due_at, status in db.execute(
            "SELECT call_id, action, owner, customer_action, due_at, status FROM next_steps"
            f" WHERE {in_chunk}", [ids]):
        calls[call_id].next_step = NextStep(action or "", owner, customer_action or "",
                                            from_iso(due_at), status)
    return stored
