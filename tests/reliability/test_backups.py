"""Backups: consistent while writing, rotated (7 days + 4 weeks), restored with a safety copy."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.cli import main as cli_main
from companion.core.call import Call
from companion.store import backup, restore
from companion.store.backup import BackupFile, backups_to_keep, daily_backup_due, list_backups
from companion.store.calls import CallStore
from companion.store.db import open_database


def _file(folder: Path, when: datetime, kind: str = "daily") -> BackupFile:
    return BackupFile(folder / f"calls-{when:%Y%m%dT%H%M%SZ}-{kind}.sqlite3", when, kind)


def test_rotation_keeps_the_last_7_days_and_the_last_4_weeks(tmp_path):
    # Noon UTC stays on the same local date in any time zone from UTC-11 to UTC+11.
    today = datetime(2024, 6, 28, 12, tzinfo=timezone.utc)
    backups = [_file(tmp_path, today - timedelta(days=d)) for d in range(60)]
    backups.append(_file(tmp_path, today - timedelta(days=1, hours=1), "manual"))   # same day, older
    keep = backups_to_keep(backups)
    kept_days = sorted((today - b.taken_at).days for b in backups if b.path in keep)
    # Days 0-6; then the newest of each of the 4 newest ISO weeks (this one, and 3 before).
    assert kept_days[:7] == [0, 1, 2, 3, 4, 5, 6]
    weeks = {(b.taken_at.astimezone().isocalendar()[:2]) for b in backups if b.path in keep}
    assert len(weeks) == 4
    assert len(keep) <= 7 + 4
    assert backups[-1].path not in keep            # the older of two on one day goes


def test_rotation_after_a_long_break_keeps_the_old_backups(tmp_path):
    now = datetime(2024, 6, 28, 12, tzinfo=timezone.utc)
    old = [_file(tmp_path, now - timedelta(days=90 + d)) for d in range(10)]
    fresh = _file(tmp_path, now)
    keep = backups_to_keep([fresh, *old])
    assert fresh.path in keep
    assert len([b for b in old if b.path in keep]) >= 6      # not all swept away by age


def test_safety_copies_are_kept_apart_from_the_rotation(tmp_path):
    now = datetime(2024, 6, 28, 12, tzinfo=timezone.utc)
    safety = [_file(tmp_path, now - timedelta(days=d), "pre-restore") for d in range(8)]
    keep = backups_to_keep(safety)
    assert {b.path for b in safety[:backup.KEEP_SAFETY]} == keep


def test_daily_backup_is_due_once_a_day(tmp_path):
    now = datetime(2024, 6, 28, 12, tzinfo=timezone.utc)
    assert daily_backup_due([], now)
    assert not daily_backup_due([_file(tmp_path, now - timedelta(minutes=5))], now)
    assert daily_backup_due([_file(tmp_path, now - timedelta(days=1))], now)
    assert daily_backup_due([_file(tmp_path, now, "pre-restore")], now)


def test_take_daily_backup_then_prunes(paths, db):
    CallStore(db).save_call(Call(contact="Ann"))
    old = datetime.now(timezone.utc) - timedelta(days=200)
    for day in range(12):
        backup.make_backup(paths.db_path, paths.backups_dir, kind="daily", now=old - timedelta(days=day))
    made = backup.take_daily_backup(paths.db_path, paths.backups_dir)
    assert made is not None and made.exists()
    assert backup.take_daily_backup(paths.db_path, paths.backups_dir) is None    # not twice a day
    remaining = list_backups(paths.backups_dir)
    assert remaining[0].path == made
    assert len(remaining) <= 7 + 4


def test_backup_while_another_connection_writes_is_consistent(paths, db):
    store = CallStore(db, paths.db_path)
    writer_db = open_database(paths.db_path)
    writer = CallStore(writer_db, paths.db_path)
    stop = threading.Event()
    written = []

    def keep_writing():
        while not stop.is_set():
            call = Call(contact=f"Contact {len(written)}", company="Busy Ltd")
            call.set_notes("x" * 2000)
            writer.save_call(call)
            written.append(call.id)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = [backup.make_backup(paths.db_path, paths.backups_dir) for _ in range(5)]
    finally:
        stop.set()
        thread.join()
        writer_db.close()
    counts = []
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"   # one file, no -wal
        # Every call in a copy is whole: its moments table agrees and FTS is in step.
        counts.append(conn.execute("SELECT count(*) FROM calls").fetchone()[0])
        assert conn.execute("SELECT count(*) FROM calls_fts").fetchone()[0] == counts[-1]
        conn.close()
    assert counts == sorted(counts) and counts[-1] > 0
    assert store.count_calls() == len(written)
    assert not list(paths.backups_dir.glob(".*.tmp"))


def test_cli_backup_list_and_restore(paths, db, capsys):
    store = CallStore(db, paths.db_path)
    store.save_call(Call(contact="Kept"))
    assert cli_main(["backup"]) == 0
    made = list_backups(paths.backups_dir)[0].path
    assert str(made) in capsys.readouterr().out
    store.save_call(Call(contact="Added after the backup"))
    assert cli_main(["backup", "--list"]) == 0
    assert made.name in capsys.readouterr().out

    assert cli_main(["restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "kept in" in out
    contacts = {row[0] for row in db.execute("SELECT contact FROM calls")}
    assert contacts == {"Kept"}                   # the open connection sees the restored data
    safety = [b for b in list_backups(paths.backups_dir) if b.kind == "pre-restore"]
    assert len(safety) == 1
    conn = sqlite3.connect(safety[0].path)
    assert {r[0] for r in conn.execute("SELECT contact FROM calls")} == {"Kept", "Added after the backup"}
    conn.close()


def test_cli_restore_refuses_with_a_clear_message(paths, db, tmp_path, capsys):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a database")
    assert cli_main(["restore", str(stranger)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was restored" in err and str(stranger) in err and "not a Call Companion database" in err
    assert cli_main(["restore", "--latest"]) == 1
    assert "no backup" in capsys.readouterr().err.lower()


def test_cli_backup_without_a_database_says_so(paths, capsys):
    assert cli_main(["backup"]) == 1
    assert "nothing to back up" in capsys.readouterr().err


@pytest.mark.parametrize("when", ["before", "after"])
def test_restoring_an_older_schema_backup_is_upgraded_on_next_open(paths, when):
    import shutil

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    older = paths.data_dir / "old-backup.sqlite3"
    shutil.copyfile(fixtures / "schema-1.sqlite3", older)
    if when == "after":
        open_database(paths.db_path).close()      # a current database exists and is replaced
    result = restore.restore_backup(older, paths.db_path, paths.backups_dir)
    assert result.schema_version == 1
    db = open_database(paths.db_path)
    try:
        assert CallStore(db).count_calls() == 3
    finally:
        db.close()


def test_the_app_takes_its_daily_backup_after_the_window_shows(paths, db, qtbot):
    from companion.core.settings import Settings
    from companion.ui.app import build_main_window, load_all_playbooks, schedule_daily_backup
    from companion.ui.services import build_services

    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    schedule_daily_backup(window, paths, delay_ms=10)
    assert list_backups(paths.backups_dir) == []           # not before the window is up
    qtbot.waitUntil(lambda: [b.kind for b in list_backups(paths.backups_dir)] == ["daily"], timeout=5000)
