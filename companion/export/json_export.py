"""The JSON export: every call, full fidelity, in a documented and versioned envelope.

    {"format": "call-companion", "version": 1, "exported_at": "...", "calls": [...]}

Each call is the shape of companion.core.call_codec (the one per-call JSON shape) plus
"updated_at", the time it was last saved, which an import compares to keep newer edits.
The README's "JSON format" section documents every field.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable, TextIO

from sqlite_utils import Database

from companion.core.call import Call, to_iso, utcnow
from companion.core.call_codec import call_to_dict
from companion.export.call_reader import StoredCall, iter_calls
from companion.export.selection import CallSelection

FORMAT_NAME = "call-companion"
FORMAT_VERSION = 1


def call_record(call: Call, updated_at: str) -> dict[str, Any]:
    record = call_to_dict(call)
    record["updated_at"] = updated_at
    return record


def export_document(records: list[dict[str, Any]], exported_at: datetime | None = None) -> dict[str, Any]:
    """The whole envelope as one object: for small documents such as a webhook payload."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": to_iso(exported_at or utcnow()),
        "calls": records,
    }


def write_json_calls(calls: Iterable[StoredCall], out: TextIO,
                     exported_at: datetime | None = None) -> int:
    """Stream the document, one call per line: constant memory, and diffs stay readable."""
    header = export_document([], exported_at)
    del header["calls"]
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
    out.write('  "calls": [')
    count = 0
    for stored in calls:
        out.write(",\n    " if count else "\n    ")
        out.write(json.dumps(call_record(stored.call, stored.updated_at), ensure_ascii=False))
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def write_json(db: Database, selection: CallSelection, out: TextIO, **options) -> int:
    return write_json_calls(iter_calls(db, selection), out, exported_at=options.get("now"))
