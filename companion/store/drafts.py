"""The live call's draft: the whole call as JSON, rewritten on every change.

A draft lives in the same database as saved calls, so saving a call and dropping its
draft happen in one transaction, and a SIGKILL at any moment leaves one or the other.
"""

from __future__ import annotations

import json
from contextlib import nullcontext

from sqlite_utils import Database

from companion.core.call import Call, to_iso, utcnow
from companion.core.call_codec import CallFormatError, call_from_dict, draft_to_dict
from companion.store.db import lock_wait, write_transaction
from companion.store.problems import store_api

# The draft is written on the UI thread: when another program (a long import) holds the
# write lock, wait about a frame, give up this try and let the saver retry shortly after,
# instead of freezing the window for the connection's usual 10 s.
DRAFT_LOCK_WAIT_MS = 12


@store_api
class DraftStore:
    def __init__(self, db: Database, lock_wait_ms: int | None = None):
        """With `lock_wait_ms` (the live window's store has DRAFT_LOCK_WAIT_MS), a save
        raises DatabaseProblem (kind "busy") after that long when another
        connection holds the write lock, and writes nothing; without, it waits as long as
        any write does."""
        self.db = db
        self.lock_wait_ms = lock_wait_ms

    def save(self, call: Call) -> None:
        body = json.dumps(draft_to_dict(call), ensure_ascii=False, separators=(",", ":"))
        waiting = (lock_wait(self.db, self.lock_wait_ms) if self.lock_wait_ms is not None
                   else nullcontext())
        with waiting, write_transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO drafts (id, body, updated_at) VALUES (?, ?, ?)",
                [call.id, body, to_iso(utcnow())],
            )

    def discard(self, call_id: str) -> None:
        with write_transaction(self.db):
            self.db.execute("DELETE FROM drafts WHERE id = ?", [call_id])

    def pending(self) -> list[Call]:
        """Drafts left by a call that never reached its wrap-up, newest first.

        A draft that cannot be read is kept in the table (never deleted silently) and skipped.
        """
        calls = []
        for draft_id, body in self.db.execute(
                "SELECT id, body FROM drafts ORDER BY updated_at DESC"):
            try:
                calls.append(call_from_dict(json.loads(body), where=f"draft {draft_id}"))
            except (ValueError, CallFormatError):
                continue
        return calls
