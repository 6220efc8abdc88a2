"""A damaged or newer-schema database: a clear message, and the file byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from companion.errors import DatabaseProblem
from companion.store import backup, restore
from companion.store.calls import CallStore
from companion.store.db import SCHEMA_VERSION, open_database
from companion.ui import startup_problems
from companion.ui.startup_problems import QUIT, RESTORE, START_NEW, open_database_at_start

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_database(paths) -> None:
    """The frozen schema-3 file, opened once by the app (so in WAL mode, as users have it)."""
    shutil.copyfile(FIXTURES / f"schema-{SCHEMA_VERSION}.sqlite3", paths.db_path)
    open_database(paths.db_path).close()


def damage(paths, how: str) -> None:
    real_database(paths)
    data = bytearray(paths.db_path.read_bytes())
    if how == "garbage":
        data = bytearray(b"\x13\x37not sqlite at all" * 300)
    elif how == "truncated":
        data = data[: len(data) // 3]
    elif how == "page overwritten":
        conn = sqlite3.connect(paths.db_path)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        start = (root - 1) * page_size
        data[start:start + 64] = b"\xff" * 64          # the b-tree page header of the calls table
    paths.db_path.write_bytes(bytes(data))


DAMAGE = ("garbage", "truncated", "page overwritten")


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_database_quit_leaves_it_byte_for_byte(paths, how, qapp):
    damage(paths, how)
    before = digest(paths.db_path)
    asked = []
    assert open_database_at_start(paths, ask=lambda p: asked.append(p) or QUIT) is None
    assert asked, "the rep was not asked what to do"
    assert digest(paths.db_path) == before
    message = startup_problems.damaged_database_message(paths, None)
    assert str(paths.db_path) in message and "damaged" in message and "kept, unchanged" in message


@pytest.mark.parametrize("how", ("garbage", "truncated"))
def test_opening_a_damaged_file_names_it_and_changes_nothing(paths, how):
    damage(paths, how)
    before = digest(paths.db_path)
    with pytest.raises(DatabaseProblem) as info:
        open_database(paths.db_path)
    assert str(paths.db_path) in str(info.value) and "damaged" in str(info.value)
    assert digest(paths.db_path) == before


@pytest.mark.parametrize("how", DAMAGE)
def test_start_new_keeps_the_damaged_file_aside(paths, how, qapp):
    damage(paths, how)
    before = digest(paths.db_path)
    told = []
    db = open_database_at_start(paths, ask=lambda p: START_NEW, tell=told.append)
    try:
        assert CallStore(db).count_calls() == 0
    finally:
        db.close()
    aside = [p for p in paths.data_dir.glob("calls-damaged-*.sqlite3")]
    assert len(aside) == 1 and digest(aside[0]) == before
    assert str(aside[0]) in told[0]


def test_restore_latest_backup_keeps_the_damaged_file_aside(paths, qapp):
    real_database(paths)
    made = backup.make_backup(paths.db_path, paths.backups_dir, kind="daily")
    damage(paths, "page overwritten")
    before = digest(paths.db_path)
    db = open_database_at_start(paths, ask=lambda p: RESTORE, tell=lambda message: None)
    try:
        assert CallStore(db).count_calls() == 3               # the fixture's calls are back
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    aside = list(paths.data_dir.glob("calls-damaged-*.sqlite3"))
    assert len(aside) == 1 and digest(aside[0]) == before
    assert made.exists()                                      # the backup itself is kept


def newer_schema_database(paths) -> None:
    real_database(paths)
    conn = sqlite3.connect(paths.db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def test_newer_schema_at_start_is_refused_not_treated_as_damage(paths, qapp):
    newer_schema_database(paths)
    before = digest(paths.db_path)
    with pytest.raises(DatabaseProblem) as info:
        open_database_at_start(paths, ask=lambda p: pytest.fail("a newer database is not damaged"))
    message = str(info.value)
    assert f"schema {SCHEMA_VERSION + 1};" in message and f"knows schema {SCHEMA_VERSION})" in message
    assert "not been changed" in message and str(paths.db_path) in message
    assert digest(paths.db_path) == before


@pytest.mark.parametrize("kind", ("newer schema", "another SQLite file", "not SQLite", "damaged"))
def test_restore_refuses_a_file_that_is_not_one_of_ours(paths, tmp_path, kind):
    real_database(paths)
    current = digest(paths.db_path)
    candidate = tmp_path / "candidate.sqlite3"
    if kind == "newer schema":
        shutil.copyfile(paths.db_path, candidate)
        conn = sqlite3.connect(candidate)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 2}")
        conn.commit()
        conn.close()
    elif kind == "another SQLite file":
        conn = sqlite3.connect(candidate)
        conn.execute("CREATE TABLE calls (id)")
        conn.commit()
        conn.close()
    elif kind == "not SQLite":
        candidate.write_text("id,contact\n1,Ann\n")
    else:
        shutil.copyfile(paths.db_path, candidate)
        data = bytearray(candidate.read_bytes())
        data[len(data) // 2: len(data) // 2 + 2000] = b"\x00" * 2000
        data[4096:4096 + 64] = b"\xee" * 64
        candidate.write_bytes(bytes(data))
    source_digest = digest(candidate)
    with pytest.raises(DatabaseProblem) as info:
        restore.restore_backup(candidate, paths.db_path, paths.backups_dir)
    assert str(candidate) in str(info.value)
    if kind == "newer schema":
        assert f"schema {SCHEMA_VERSION + 2}" in str(info.value)
    assert digest(paths.db_path) == current            # nothing restored
    assert digest(candidate) == source_digest          # and the offered file untouched
    assert not list(paths.backups_dir.glob(".restore-incoming*"))
