"""Read many calls at once for an export: a handful of queries per chunk, one read snapshot.

`load_call` in the store is right for one call; an export of a year (or of the
100,000-call benchmark) reads calls in chunks through store.export_queries.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from sqlite_utils import Database

from companion.core.call import Call
from companion.export.selection import CallSelection
from companion.store import export_queries

CHUNK_SIZE = export_queries.CHUNK_SIZE


class StoredCall(NamedTuple):
    call: Call
    updated_at: str     # when it was last saved (UTC ISO-8601): imports compare it


def count_calls(db: Database, selection: CallSelection) -> int:
    return export_queries.count_calls(db, selection.to_filter())


def iter_calls(db: Database, selection: CallSelection,
               chunk_size: int = CHUNK_SIZE) -> Iterator[StoredCall]:
    """The selected calls in start order (ties by id), each complete, in bounded memory."""
    for call, updated_at in export_queries.iter_stored_calls(db, selection.to_filter(), chunk_size):
        yield StoredCall(call, updated_at)
