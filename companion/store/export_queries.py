"""The reads behind every export: which calls, in what order, whole or as CSV rows.

An export is one read snapshot (`read_snapshot`): all its queries see the database as it was
at one moment, so a call's notes and its yes moments always come from the same save, even
while another program keeps saving. Reads are chunked, so memory stays bounded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from companion.core.call import Call
from companion.store.call_rows import CALL_COLUMNS, complete_calls
from companion.store.problems import database_problems

CHUNK_SIZE = 500
CSV_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class CallFilter:
    """The calls named in `call_ids`, or those starting in [starts_from, starts_before)
    (UTC ISO-8601, either end optional). With nothing set, every call."""

    call_ids: tuple[str, ...] | None = None
    starts_from: str | None = None
    starts_before: str | None = None

    def where(self, alias: str = "c") -> tuple[str, list[str]]:
        """An SQL condition on `calls AS alias`, with its parameters."""
        if self.call_ids is not None:
            # One parameter however many ids: no SQL variable limit, no string building.
            return f"{alias}.id IN (SELECT value FROM json_each(?))", [json.dumps(list(self.call_ids))]
        conditions: list[str] = []
        params: list[str] = []
        # Stored times are UTC ISO-8601 of one width, so text order is time order (and the
        # started_at index serves the range).
        if self.starts_from is not None:
            conditions.append(f"{alias}.started_at >= ?")
            params.append(self.starts_from)
        if self.starts_before is not None:
            conditions.append(f"{alias}.started_at < ?")
            params.append(self.starts_before)
        return (" AND ".join(conditions) or "1"), params


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Everything read inside sees one committed state of the database.

    Without it each statement sees the latest commit: a chunk's moments read after the main
    cursor finished could belong to a newer save than its notes. Inside a transaction already
    (a caller's snapshot or write), that transaction is the snapshot.
    """
    if db.conn.in_transaction:
        yield
        return
    with database_problems(db):
        db.execute("BEGIN")
    try:
        yield
    finally:
        if db.conn.in_transaction:
            # Nothing was written in it; COMMIT rather than ROLLBACK so that can never lose a write.
            db.conn.commit()


def count_calls(db: Database, calls: CallFilter) -> int:
    where, params = calls.where("c")
    with database_problems(db):
        return int(db.execute(f"SELECT count(*) FROM calls c WHERE {where}", params).fetchone()[0])


def iter_stored_calls(db: Database, calls: CallFilter,
                      chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[Call, str]]:
    """Whole calls with their updated_at, in start order (ties by id), chunk by chunk."""
    where, params = calls.where("c")
    with read_snapshot(db), database_problems(db):
        cursor = db.execute(
            f"SELECT {CALL_COLUMNS} FROM calls c WHERE {where} ORDER BY c.started_at, c.id", params)
        while True:
            rows = cursor.fetchmany(chunk_size)
            if not rows:
                return
            yield from complete_calls(db, rows)


# The CSV rows, with their lists joined in SQL. benchmarks/bench_export.py runs this same
# query through `sqlite3 -csv` as the yardstick, so the two stay in step.
CSV_ROWS_SQL = (
    "SELECT c.id, c.started_at, c.ended_at, c.contact, c.company, c.playbook, c.outcome,"
    " c.disposition, c.deal_value,"
    " (SELECT group_concat(label, '; ') FROM"
    "   (SELECT label FROM call_moments WHERE call_id = c.id ORDER BY agreed_at, moment_id)),"
    " (SELECT group_concat(label || CASE WHEN resolved_at IS NULL THEN '' ELSE ' (resolved)' END, '; ')"
    "   FROM (SELECT label, resolved_at FROM call_objections WHERE call_id = c.id"
    "         ORDER BY raised_at, objection_id)),"
    " (SELECT group_concat(close_id || ': ' || result, '; ') FROM"
    "   (SELECT close_id, result FROM close_attempts WHERE call_id = c.id ORDER BY id)),"
    " s.action, s.owner, s.customer_action, s.due_at, s.status, c.notes"
    " FROM calls c LEFT JOIN next_steps s ON s.call_id = c.id"
    " WHERE {where} ORDER BY c.started_at, c.id"
)


def iter_csv_rows(db: Database, calls: CallFilter,
                  chunk_size: int = CSV_CHUNK_SIZE) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of CSV_ROWS_SQL, a list of up to `chunk_size` at a time (one statement,
    so one snapshot by itself)."""
    where, params = calls.where("c")
    with read_snapshot(db), database_problems(db):
        cursor: sqlite3.Cursor = db.execute(CSV_ROWS_SQL.format(where=where), params)
        while True:
            rows = cursor.fetchmany(chunk_size)
            if not rows:
                return
            yield rows
