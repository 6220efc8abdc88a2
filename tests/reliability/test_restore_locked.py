"""Restoring while another program holds the write lock, and a restore killed half-way."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.core.call import Call
from companion.store import backup, restore
from companion.store.calls import CallStore
from companion.store.db import open_database

REPO = Path(__file__).resolve().parents[2]


def saved_calls(paths, *contacts: str) -> None:
    db = open_database(paths.db_path)
    try:
        for contact in contacts:
            CallStore(db, paths.db_path).save_call(Call(contact=contact))
    finally:
        db.close()


def contacts_in(db_path: Path) -> set[str]:
    conn = sqlite3.connect(db_path)
    try:
        return {row[0] for row in conn.execute("SELECT contact FROM calls")}
    finally:
        conn.close()


def hold_write_lock(db_path: Path) -> sqlite3.Connection:
    """What a long import does: a write transaction another process cannot enter."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("DELETE FROM drafts")
    return holder


def test_restore_gives_up_on_a_held_lock_with_a_message_and_changes_nothing(paths):
    saved_calls(paths, "In the backup")
    kept = backup.make_backup(paths.db_path, paths.backups_dir)
    saved_calls(paths, "Saved after the backup")
    holder = hold_write_lock(paths.db_path)
    try:
        started = time.monotonic()
        with pytest.raises(backup.BackupProblem) as raised:
            restore.restore_backup(kept, paths.db_path, paths.backups_dir, patience_s=1.0)
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    message = str(raised.value)
    assert "in use by another program" in message and "Nothing was restored" in message
    assert str(paths.db_path) in message
    assert waited < 8, f"restore waited {waited:.1f} s for a 1 s patience"
    assert contacts_in(paths.db_path) == {"In the backup", "Saved after the backup"}
    assert not [p for p in paths.backups_dir.iterdir() if p.name.startswith(".restore-incoming")]


@pytest.mark.slow
def test_a_killed_restore_leaves_nothing_behind_after_the_next_one(paths):
    saved_calls(paths, "In the backup")
    kept = backup.make_backup(paths.db_path, paths.backups_dir)
    saved_calls(paths, "Saved after the backup")
    command = [sys.executable, "-m", "companion", "--data-dir", str(paths.data_dir), "restore", str(kept)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    holder = hold_write_lock(paths.db_path)       # keeps the restore busy until it is killed
    try:
        running = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        # The restore says it waits (not a silent hang); at most its patience, then it exits.
        said = running.stderr.readline()
        assert b"in use by another program; waiting" in said, said + running.communicate()[1]
        assert list(paths.backups_dir.glob(".restore-incoming*"))
        running.send_signal(signal.SIGKILL)
        running.communicate(timeout=10)
    finally:
        holder.rollback()
        holder.close()
    assert list(paths.backups_dir.glob(".restore-incoming*")), "the kill left nothing to clean"

    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not list(paths.backups_dir.glob(".restore-incoming*"))
    assert contacts_in(paths.db_path) == {"In the backup"}


def test_a_restore_incoming_file_of_an_older_version_is_removed(paths):
    saved_calls(paths, "In the backup")
    kept = backup.make_backup(paths.db_path, paths.backups_dir)
    leftover = paths.backups_dir / ".restore-incoming.tmp"
    leftover.write_bytes(b"x" * 4096)
    restore.restore_backup(kept, paths.db_path, paths.backups_dir)
    assert not leftover.exists()
