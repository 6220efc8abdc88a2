"""Read many calls at once: a handful of queries per chunk instead of five per call.

`load_call` in the store is right for one call; an export of a year (or of the
100,000-call benchmark) reads calls in chunks, each chunk's moments, objections,
closes and next steps with one query per table.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from sqlite_utils import Database

from companion.core.call import Call
from companion.export.selection import CallSelection
from companion.store.call_rows import CALL_COLUMNS, complete_calls

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
        f"SELECT {CALL_COLUMNS} FROM calls c WHERE {where} ORDER BY c.started_at, c.id", params)
    while True:
        rows = cursor.fetchmany(chunk_size)
        if not rows:
            return
        yield from _complete_chunk(db, rows)


def _complete_chunk(db: Database, rows: list[tuple]) -> list[StoredCall]:
    return [StoredCall(call, updated_at) for call, updated_at in complete_calls(db, rows)]
