"""An export is one read snapshot: a call's notes and its yes moments come from the same save,
even when another connection saves the call between the export's queries."""

from __future__ import annotations

import io
import json

from helpers.call_samples import varied_calls

from companion.export.formats import export_to_stream
from companion.export.selection import CallSelection
from companion.store import export_queries
from companion.store.calls import CallStore
from companion.store.db import open_database


def _versioned(call, version: int):
    """Notes and every moment note say which save they belong to."""
    call.notes = f"save {version}"
    for moment in call.moments.values():
        moment.note = f"save {version}"
        call.moment_notes[moment.moment_id] = moment.note
    return call


def test_a_save_between_the_main_query_and_the_child_rows_does_not_tear_the_export(db, store, paths,
                                                                                      monkeypatch):
    calls = [call for call in varied_calls(12) if call.moments][:3]
    for call in calls:
        store.save_call(_versioned(call, 1))
    other = open_database(paths.db_path)                # another window or process
    real_complete = export_queries.complete_calls

    def save_elsewhere_then_complete(conn_db, rows):
        # The main cursor has handed over the last chunk; now someone else saves every call.
        for call in calls:
            CallStore(other).save_call(_versioned(call, 2))
        return real_complete(conn_db, rows)

    monkeypatch.setattr(export_queries, "complete_calls", save_elsewhere_then_complete)
    out = io.StringIO()
    export_to_stream(db, "json", CallSelection.everything(), out)
    other.close()
    for record in json.loads(out.getvalue())["calls"]:
        if record["moments"]:
            assert {m["note"] for m in record["moments"]} == {record["notes"]}, record["id"]
    # The snapshot ended with the export: the next read sees the newer saves.
    assert store.load_call(calls[0].id).notes == "save 2"
    assert not db.conn.in_transaction
