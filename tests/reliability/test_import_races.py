"""Two `companion import` processes at the same moment, one with an older copy of the calls
and one with a newer: whatever the order, the newer notes are what stays. The versions are
compared inside the import's write transaction, so the second import sees the first's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from companion.core.call import Call
from companion.export.json_export import FORMAT_NAME, FORMAT_VERSION, call_record
from companion.store.calls import CallStore
from companion.store.db import open_database

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CALLS = 1000
ROUNDS = 6

# Waits for a shared start time, then runs the real command line.
IMPORTER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from companion.cli import main
    start_at = float(sys.argv[1])
    while time.time() < start_at:
        time.sleep(0.0005)
    sys.exit(main(sys.argv[2:]))
""").format(repo=str(REPO))


def _export(calls: list[Call], updated_at: str, notes: str, path: Path) -> None:
    records = []
    for call in calls:
        call.notes = notes
        records.append(call_record(call, updated_at))
    path.write_text(json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION, "calls": records}))


def test_an_older_file_imported_at_the_same_time_never_overwrites_a_newer_one(tmp_path):
    base_folder = tmp_path / "base"
    base_folder.mkdir()
    db = open_database(base_folder / "calls.sqlite3")
    calls = [Call(contact=f"Contact {n}", playbook_id="discovery") for n in range(CALLS)]
    for call in calls:
        call.notes = "as first saved"
        CallStore(db).save_call(call, updated_at="2024-05-01T09:00:00+00:00")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    _export(calls, "2024-05-02T09:00:00+00:00", "older copy", old)
    _export(calls, "2024-05-03T09:00:00+00:00", "newer copy", new)

    outcomes = []
    for round_number in range(ROUNDS):
        folder = tmp_path / f"round-{round_number}"
        folder.mkdir()
        shutil.copy(base_folder / "calls.sqlite3", folder / "calls.sqlite3")
        start_at = time.time() + 0.8
        # Alternate which one is launched first, so neither always wins the start.
        files = (old, new) if round_number % 2 else (new, old)
        procs = [subprocess.Popen([sys.executable, "-c", IMPORTER, str(start_at), "--data-dir", str(folder),
                                   "import", str(file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
                 for file in files]
        results = [proc.communicate(timeout=120) for proc in procs]
        for proc, (_out, err) in zip(procs, results):
            assert proc.returncode == 0, err
        db = open_database(folder / "calls.sqlite3")
        notes = {row[0] for row in db.execute("SELECT notes FROM calls")}
        db.close()
        outcomes.append(notes)
        summaries = {str(file.name): out for file, (out, _) in zip(files, results)}
        # The newer file always lands; the older one either lands first and is then replaced,
        # or finds the newer one already here and keeps it.
        assert f"{CALLS} updated" in summaries["new.json"] or f"{CALLS} unchanged" in summaries["new.json"]
    assert outcomes == [{"newer copy"}] * ROUNDS, outcomes
