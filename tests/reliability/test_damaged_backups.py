"""A damaged or empty database never pushes a good backup out of the rotation."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from companion.cli import main as cli_main
from companion.core.call import Call
from companion.store import backup
from companion.store.backup import list_backups
from companion.store.calls import CallStore
from companion.store.db import open_database


def database_with_calls(paths) -> None:
    db = open_database(paths.db_path)
    store = CallStore(db, paths.db_path)
    store.save_call(Call(contact="Zebulon Quux", company="Good Data Ltd"))
    store.save_call(Call(contact="Ann Other"))
    db.close()


def flip_one_byte_in_a_row(paths) -> None:
    """Damage only a table row: quick_check still passes, integrity_check does not."""
    conn = sqlite3.connect(paths.db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(paths.db_path.read_bytes())
    start = (root - 1) * page_size
    at = data.index(b"Zebulon", start, start + page_size)
    data[at] ^= 0x01
    paths.db_path.write_bytes(bytes(data))
    conn = sqlite3.connect(paths.db_path)
    try:   # the premise of the test: only the whole check notices
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    finally:
        conn.close()


def empty_the_database(paths) -> None:
    for suffix in ("-wal", "-shm"):
        (paths.db_path.parent / f"{paths.db_path.name}{suffix}").unlink(missing_ok=True)
    paths.db_path.write_bytes(b"")


DAMAGE = {"one byte in a row": flip_one_byte_in_a_row, "0 bytes": empty_the_database}


@pytest.mark.parametrize("how", DAMAGE)
def test_backup_of_a_damaged_database_is_refused_and_keeps_the_good_one(paths, how, capsys):
    database_with_calls(paths)
    assert cli_main(["backup"]) == 0
    good = list_backups(paths.backups_dir)[0].path
    capsys.readouterr()
    DAMAGE[how](paths)

    assert cli_main(["doctor"]) == 1
    assert "Not healthy" in capsys.readouterr().out

    assert cli_main(["backup"]) == 1
    err = capsys.readouterr().err
    assert str(paths.db_path) in err and "no backup was made" in err
    assert [b.path for b in list_backups(paths.backups_dir)] == [good]
    assert not [p for p in paths.backups_dir.iterdir() if p.name.endswith("tmp")]

    assert cli_main(["restore", "--latest"]) == 0
    out = capsys.readouterr().out
    assert "moved, unchanged" in out
    db = open_database(paths.db_path)
    try:
        assert CallStore(db).count_calls() == 2
    finally:
        db.close()


@pytest.mark.parametrize("how", DAMAGE)
def test_daily_backup_refuses_a_damaged_database_and_prunes_nothing(paths, how):
    database_with_calls(paths)
    long_ago = datetime.now(timezone.utc) - timedelta(days=40)
    older = [backup.make_backup(paths.db_path, paths.backups_dir, kind="daily",
                                now=long_ago - timedelta(days=d)) for d in range(12)]
    before = sorted(p.name for p in paths.backups_dir.iterdir())
    DAMAGE[how](paths)
    with pytest.raises(backup.BackupProblem, match="no backup was made"):
        backup.take_daily_backup(paths.db_path, paths.backups_dir)
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == before
    assert all(p.exists() for p in older)


def test_two_backups_in_the_same_second_keep_the_one_just_made(paths):
    database_with_calls(paths)
    moment = datetime(2026, 3, 2, 12, 0, 0, tzinfo=timezone.utc)
    first = backup.make_backup(paths.db_path, paths.backups_dir, now=moment)
    second = backup.make_backup(paths.db_path, paths.backups_dir, now=moment)
    assert first != second
    assert list_backups(paths.backups_dir)[0].path == second       # the newer one sorts first
    removed = backup.prune_backups(paths.backups_dir, just_made=second)
    assert second.exists(), "the backup just printed was rotated away"
    assert removed == [first]


def test_an_emptied_database_with_backups_is_not_started_as_new(paths, qapp):
    from companion.ui.startup_problems import QUIT, RESTORE, open_database_at_start

    database_with_calls(paths)
    backup.make_backup(paths.db_path, paths.backups_dir)
    empty_the_database(paths)
    asked = []
    assert open_database_at_start(paths, ask=lambda p: asked.append(p) or QUIT) is None
    assert asked and paths.db_path.stat().st_size == 0          # asked, and nothing changed
    told = []
    db = open_database_at_start(paths, ask=lambda p: RESTORE, tell=told.append)
    try:
        assert CallStore(db).count_calls() == 2
    finally:
        db.close()
    assert "Restored" in told[0]


def test_a_first_start_that_stopped_early_is_simply_continued(paths, qapp):
    from companion.ui.startup_problems import open_database_at_start

    paths.db_path.write_bytes(b"")                 # no backups: nothing was ever in it
    db = open_database_at_start(paths, ask=lambda p: pytest.fail("asked about a new database"))
    db.close()
