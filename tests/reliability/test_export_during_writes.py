"""Exports taken while another process keeps saving: every call in every export is whole,
its notes and its yes moments from the same save (one read snapshot per export)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from companion.core.call import Call
from companion.export.formats import export_to_stream
from companion.export.selection import CallSelection
from companion.store.calls import CallStore
from companion.store.db import open_database

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CALLS = 30

# Saves the same calls over and over; each save writes its number into the notes and into
# every moment's note, so a torn read shows as two different numbers in one call.
WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from companion.store.calls import CallStore
    from companion.store.db import open_database

    db_path, seconds = sys.argv[1], float(sys.argv[2])
    db = open_database(db_path)
    store = CallStore(db)
    calls = [store.load_call(row[0]) for row in db.execute("SELECT id FROM calls ORDER BY id")]
    print("ready", flush=True)
    version, end = 1, time.monotonic() + seconds
    while time.monotonic() < end:
        version += 1
        for call in calls:
            call.notes = f"save {{version}}"
            for moment in call.moments.values():
                moment.note = call.notes
                call.moment_notes[moment.moment_id] = moment.note
            store.save_call(call)
    print(version, flush=True)
    db.close()
""").format(repo=str(REPO))


def test_exports_during_a_write_storm_are_never_torn(paths):
    db = open_database(paths.db_path)
    store = CallStore(db)
    for index in range(CALLS):
        call = Call(contact=f"Contact {index}", playbook_id="discovery")
        call.notes = "save 1"
        for number in range(3):
            call.agree(f"m{number}", label=f"Moment {number}", stage="discovery", note="save 1")
        store.save_call(call)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(paths.db_path), "4"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        exports, torn, seen_versions = 0, [], set()
        while writer.poll() is None:
            out = io.StringIO()
            export_to_stream(db, "json", CallSelection.everything(), out)
            exports += 1
            for record in json.loads(out.getvalue())["calls"]:
                notes = {m["note"] for m in record["moments"]}
                seen_versions.add(record["notes"])
                if notes != {record["notes"]}:
                    torn.append((record["id"], record["notes"], notes))
        saves = int(writer.stdout.readline())
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
        db.close()
    assert saves > 5 and exports > 5 and len(seen_versions) > 2    # the storm really overlapped
    assert torn == [], f"{len(torn)} torn calls in {exports} exports, e.g. {torn[:3]}"
