"""Saving and reading calls. One transaction per save; no Qt.

`CallStore` is handed a `Database` by whoever opened it; it never opens one itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from sqlite_utils import Database

from companion.core.call import Call, NextStep, from_iso, from_iso_required, to_iso, utcnow
from companion.store import outbox
from companion.store.call_rows import CALL_COLUMNS, complete_calls
from companion.store.db import write_transaction
from companion.store.problems import store_api


@dataclass(frozen=True)
class ContactHistoryEntry:
    call_id: str
    started_at: datetime
    outcome: str | None
    next_step: NextStep | None


@store_api
class CallStore:
    def __init__(self, db: Database, db_path: Path | None = None,
                 after_write: list[Callable[[Call, str], None]] | None = None):
        self.db = db
        self.db_path = db_path or Path("calls.sqlite3")   # named in error messages
        # Called as hook(call, updated_at) inside save_call's transaction (e.g. the webhook
        # outbox), so what they write lands, or fails, together with the call.
        self.after_write = after_write if after_write is not None else []

    # -- writing -----------------------------------------------------------------------
    def save_call(self, call: Call, *, delete_draft: bool = True, updated_at: str | None = None) -> None:
        """Write the whole call (replacing any earlier version) and drop its draft, atomically.

        `updated_at` is for imports, which keep the time of the edit they carry."""
        with write_transaction(self.db):
            stamp = updated_at or to_iso(utcnow())
            self._write_call(call, updated_at=stamp)
            for hook in self.after_write:
                hook(call, stamp)
            if delete_draft:
                self.db.execute("DELETE FROM drafts WHERE id = ?", [call.id])

    def _write_call(self, call: Call, updated_at: str) -> None:
        db = self.db
        db.execute(
            # An upsert, not REPLACE: the row keeps its rowid, so search triggers see an update.
            "INSERT INTO calls (id, contact, company, playbook, started_at, ended_at,"
            " outcome, disposition, notes, deal_value, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET contact = excluded.contact, company = excluded.company,"
            " playbook = excluded.playbook, started_at = excluded.started_at,"
            " ended_at = excluded.ended_at, outcome = excluded.outcome,"
            " disposition = excluded.disposition, notes = excluded.notes,"
            " deal_value = excluded.deal_value, updated_at = excluded.updated_at",
            [call.id, call.contact, call.company, call.playbook_id, to_iso(call.started_at),
             to_iso(call.ended_at), call.outcome, call.disposition, call.notes,
             call.deal_value, updated_at],
        )
        for table in ("call_moments", "call_objections", "close_attempts", "next_steps"):
            db.execute(f"DELETE FROM {table} WHERE call_id = ?", [call.id])
        db.conn.executemany(
            "INSERT INTO call_moments (call_id, moment_id, label, stage, agreed_at, note)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(call.id, m.moment_id, m.label, m.stage, to_iso(m.agreed_at), m.note)
             for m in call.agreed_in_order()],
        )
        db.conn.executemany(
            "INSERT INTO call_objections (call_id, objection_id, label, raised_at, resolved_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(call.id, o.objection_id, o.label, to_iso(o.raised_at), to_iso(o.resolved_at))
             for o in call.objections.values()],
        )
        db.conn.executemany(
            "INSERT INTO close_attempts (call_id, close_id, result, at) VALUES (?, ?, ?, ?)",
            [(call.id, a.close_id, a.result, to_iso(a.at)) for a in call.close_attempts],
        )
        step = call.next_step
        if step is not None and not step.is_empty:
            db.execute(
                "INSERT INTO next_steps (call_id, action, owner, customer_action, due_at, status,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [call.id, step.action, step.owner, step.customer_action, to_iso(step.due),
                 step.status, updated_at],
            )

    def delete_call(self, call_id: str) -> None:
        with write_transaction(self.db):
            for table in ("call_moments", "call_objections", "close_attempts", "next_steps"):
                self.db.execute(f"DELETE FROM {table} WHERE call_id = ?", [call_id])
            # A call the rep deleted must not reach the CRM afterwards, nor stay in the database
            # (and every later backup) as a delivered copy.
            outbox.delete_for_call(self.db, call_id)
            self.db.execute("DELETE FROM calls WHERE id = ?", [call_id])

    # -- reading -----------------------------------------------------------------------
    def load_call(self, call_id: str) -> Call | None:
        rows = self.db.execute(f"SELECT {CALL_COLUMNS} FROM calls c WHERE c.id = ?", [call_id]).fetchall()
        return complete_calls(self.db, rows)[0][0] if rows else None

    def count_calls(self) -> int:
        count: int = self.db.execute("SELECT count(*) FROM calls").fetchone()[0]
        return count

    def recent_values(self, column: str, prefix: str = "", limit: int = 50) -> list[str]:
        """Earlier contacts or companies, most recent first, for completion while typing."""
        if column not in ("contact", "company"):
            raise ValueError(f"no completions for {column!r}")
        # Walk the started_at index newest-first and stop early: cheap even with years of calls.
        rows = self.db.execute(
            f"SELECT {column} FROM calls WHERE {column} LIKE ? ESCAPE '\\' AND {column} != ''"
            f" ORDER BY started_at DESC LIMIT 2000",
            [_like_prefix(prefix)],
        )
        seen: dict[str, None] = {}
        for (value,) in rows:
            seen.setdefault(value, None)
            if len(seen) >= limit:
                break
        return list(seen)

    def contact_history(self, contact: str, limit: int = 20,
                        exclude_id: str | None = None) -> list[ContactHistoryEntry]:
        rows = self.db.execute(
            "SELECT c.id, c.started_at, c.outcome, s.action, s.owner, s.customer_action, s.due_at,"
            " s.status FROM calls c LEFT JOIN next_steps s ON s.call_id = c.id"
            " WHERE c.contact = ? COLLATE NOCASE AND c.id != ? ORDER BY c.started_at DESC LIMIT ?",
            [contact.strip(), exclude_id or "", limit],
        ).fetchall()
        history = []
        for call_id, started, outcome, action, owner, customer_action, due, status in rows:
            step: NextStep | None = None
            if status is not None:
                step = NextStep(action or "", owner, customer_action or "", from_iso(due), status)
            history.append(ContactHistoryEntry(call_id, from_iso_required(started), outcome, step))
        return history


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
