"""Merging imported calls: one write transaction that compares versions inside it.

The versions already here are read after the write lock is taken, so two imports running at
once cannot both decide from the same old state: the second waits, then sees what the first
wrote, and an older copy never overwrites a newer one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from companion.core.call import Call, from_iso, to_iso
from companion.store.calls import CallStore
from companion.store.db import write_transaction
from companion.store.problems import database_problems

_LOOKUP_CHUNK = 5000


@dataclass
class MergeCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0      # the same edit is already here
    kept_newer: int = 0     # a later edit is here: the file's older one was skipped


def existing_versions(db: Database, call_ids: list[str]) -> dict[str, str]:
    """updated_at of the calls already here (normalised to UTC ISO), looked up in bulk."""
    found: dict[str, str] = {}
    with database_problems(db):
        for start in range(0, len(call_ids), _LOOKUP_CHUNK):
            chunk = json.dumps(call_ids[start:start + _LOOKUP_CHUNK])
            for call_id, updated_at in db.execute(
                    "SELECT id, updated_at FROM calls WHERE id IN (SELECT value FROM json_each(?))", [chunk]):
                found[call_id] = (to_iso(from_iso(updated_at)) if updated_at else None) or ""
    return found


class CallMerger:
    """Adds batches of (call, updated_at) inside the merge transaction; counts what happened."""

    def __init__(self, db: Database):
        self.db = db
        # No after_write hooks: restoring an export is not a new save to push anywhere.
        self.store = CallStore(db)
        self.counts = MergeCounts()

    def add(self, records: list[tuple[Call, str]]) -> None:
        here = existing_versions(self.db, [call.id for call, _ in records])
        with database_problems(self.db):
            for call, updated_at in records:
                current = here.get(call.id)
                if current == updated_at:
                    self.counts.unchanged += 1
                    continue
                if current is not None and current > updated_at:
                    self.counts.kept_newer += 1
                    continue
                self.store.save_call(call, delete_draft=False, updated_at=updated_at)
                here[call.id] = updated_at
                if current is None:
                    self.counts.added += 1
                else:
                    self.counts.updated += 1


@contextmanager
def merge_transaction(db: Database) -> Iterator[CallMerger]:
    """All of an import lands, or none: an exception inside rolls everything back."""
    with database_problems(db), write_transaction(db):
        yield CallMerger(db)
