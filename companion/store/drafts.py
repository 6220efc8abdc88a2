"""The live call's draft: the whole call as JSON, rewritten on every change.

A draft lives in the same database as saved calls, so saving a call and dropping its
draft happen in one transaction, and a SIGKILL at any moment leaves one or the other.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from companion.core.call import Call, to_iso, utcnow
from companion.core.call_codec import CallFormatError, call_from_dict, draft_to_dict
from companion.store.db import write_transaction
from companion.store.problems import store_api


@store_api
class DraftStore:
    def __init__(self, db: Database):
        self.db = db

    def save(self, call: Call) -> None:
        body = json.dumps(draft_to_dict(call), ensure_ascii=False, separators=(",", ":"))
        with write_transaction(self.db):
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
