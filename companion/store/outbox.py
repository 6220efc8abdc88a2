"""The webhook outbox table: saves waiting to be pushed, and what became of each push.

Rows are written by the save's own transaction (`enqueue`), read and updated by the delivery
thread over its own connection (`OutboxConnection`), and counted for the status line.
Delivered rows are kept DELIVERED_KEEP_DAYS (the status line counts them), then deleted,
so old payloads do not linger in the database and every later backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from companion.store.db import connect, write_transaction
from companion.store.problems import database_problems

DELIVERED_KEEP_DAYS = 7


@dataclass(frozen=True)
class OutboxRow:
    id: int
    call_id: str
    payload: str
    attempts: int


@dataclass(frozen=True)
class OutboxCounts:
    pending: int = 0
    delivered: int = 0
    failed: int = 0
    last_error: str | None = None           # of the newest entry not delivered, if any


def enqueue(db: Database, call_id: str, payload: str, now: str, prune_before: str) -> None:
    """Queue one save. Run inside the save's transaction (CallStore.after_write)."""
    with database_problems(db):
        # A newer save supersedes what is still waiting (or gave up) for the same call.
        db.execute("DELETE FROM outbox WHERE call_id = ? AND status != 'delivered'", [call_id])
        db.execute(
            "INSERT INTO outbox (call_id, payload, created_at, status, attempts, next_attempt_at)"
            " VALUES (?, ?, ?, 'pending', 0, ?)", [call_id, payload, now, now])
        _prune(db.conn, prune_before)


def counts(db: Database) -> OutboxCounts:
    # A status poll: even a closed connection only makes the line say "unavailable".
    with database_problems(db, all_errors=True):
        by_status = dict(db.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())
        row = db.execute("SELECT last_error FROM outbox WHERE status != 'delivered'"
                         " AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    return OutboxCounts(by_status.get("pending", 0), by_status.get("delivered", 0),
                        by_status.get("failed", 0), row[0] if row else None)


def retry_failed(db: Database, now: str) -> int:
    """Entries that gave up start again from the first attempt; returns how many."""
    with database_problems(db), write_transaction(db):
        cursor = db.execute("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?"
                            " WHERE status = 'failed'", [now])
    return cursor.rowcount


def delete_for_call(db: Database, call_id: str) -> None:
    """Every row of a call, delivered ones included (run inside the delete's transaction)."""
    db.execute("DELETE FROM outbox WHERE call_id = ?", [call_id])


def _prune(conn: sqlite3.Connection, before: str) -> int:
    return conn.execute("DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < ?",
                        [before]).rowcount


class OutboxConnection:
    """The delivery thread's own connection (never the UI thread's), in autocommit mode:
    each update lands at once, so a crash mid-pass loses at most the request in flight."""

    def __init__(self, db_path: Path | str):
        self.db_path = db_path
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            with database_problems(self.db_path):
                self._conn = connect(self.db_path)
                self._conn.isolation_level = None
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def due(self, now: str, limit: int) -> list[OutboxRow]:
        with database_problems(self.conn):
            rows = self.conn.execute(
                "SELECT id, call_id, payload, attempts FROM outbox WHERE status = 'pending'"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?",
                [now, limit]).fetchall()
        return [OutboxRow(*row) for row in rows]

    def postpone(self, ids: list[int], problem: str, later: str) -> None:
        """Not an attempt (nothing was sent), but the reason is shown and looked at again later."""
        with database_problems(self.conn):
            self.conn.executemany("UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?",
                                  [(problem, later, outbox_id) for outbox_id in ids])

    def mark_delivered(self, outbox_id: int, attempts: int, now: str) -> None:
        with database_problems(self.conn):
            self.conn.execute("UPDATE outbox SET status = 'delivered', attempts = ?, delivered_at = ?,"
                              " last_error = NULL WHERE id = ?", [attempts, now, outbox_id])

    def mark_failed(self, outbox_id: int, attempts: int, error: str, later: str, gave_up: bool) -> None:
        with database_problems(self.conn):
            self.conn.execute(
                "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                ["failed" if gave_up else "pending", attempts, error[:500], later, outbox_id])

    def next_due(self) -> str | None:
        with database_problems(self.conn):
            row = self.conn.execute("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'").fetchone()
        return row[0] if row else None

    def prune_delivered(self, before: str) -> int:
        with database_problems(self.conn):
            return _prune(self.conn, before)
