"""Two processes saving calls into one data folder at the same moment: nothing lost, no
"database is locked" reaching anyone. Both start on a folder with no database yet, so
they also race to create and migrate it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from companion.store.calls import CallStore
from companion.store.db import SCHEMA_VERSION, open_database, schema_version

pytestmark = pytest.mark.slow

CALLS_PER_PROCESS = 400
REPO = Path(__file__).resolve().parents[2]

# Qt-free, like an import or a second window's save: open, then save call after call,
# each in its own transaction, with a draft written between saves.
WORKER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from companion.core.call import Call
    from companion.store.calls import CallStore
    from companion.store.db import open_database
    from companion.store.drafts import DraftStore
    from companion.errors import DatabaseProblem

    name, start_at, count, db_path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    while time.time() < start_at:
        time.sleep(0.001)
    db = open_database(db_path)               # both open (and race to migrate) at start_at...
    store, drafts = CallStore(db, db_path), DraftStore(db)
    while time.time() < start_at + 0.5:       # ...then both start saving at the same moment
        time.sleep(0.001)
    for i in range(count):
        call = Call(contact=f"{{name}} contact {{i}}", company=name, playbook_id="discovery")
        call.set_notes("notes " * 50)
        drafts.save(call)
        call.agree("pain_confirmed", label="Agrees pain is real", stage="discovery")
        store.save_call(call)
        print(call.id, time.time(), flush=True)
    db.close()
""").format(repo=str(REPO))


def test_two_processes_saving_at_once_lose_nothing(paths):
    start_at = time.time() + 1.0          # both are ready well before: they start together
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, name, str(start_at), str(CALLS_PER_PROCESS),
                          str(paths.db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ))
        for name in ("first", "second")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
    rows = [[line.split() for line in out.splitlines()] for out, _ in outputs]
    saved_ids = [call_id for lines in rows for call_id, _ in lines]
    assert len(saved_ids) == 2 * CALLS_PER_PROCESS
    spans = [(float(lines[0][1]), float(lines[-1][1])) for lines in rows]
    assert max(s for s, _ in spans) < min(e for _, e in spans), f"the saves did not overlap: {spans}"

    db = open_database(paths.db_path)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        store = CallStore(db)
        assert store.count_calls() == 2 * CALLS_PER_PROCESS
        stored = {row[0] for row in db.execute("SELECT id FROM calls")}
        assert stored == set(saved_ids)
        # Each save dropped its own draft in the same transaction: none left behind.
        assert db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
        moments = db.execute("SELECT count(*) FROM call_moments").fetchone()[0]
        assert moments == 2 * CALLS_PER_PROCESS
        applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert applied == SCHEMA_VERSION          # each step ran once, not once per process
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
