"""Every released schema upgrades to the current one with its data intact, safely."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sqlite3
from pathlib import Path

import pytest

from companion.errors import DatabaseProblem
from companion.store import db as db_module
from companion.store.backup import backups_dir_for, list_backups
from companion.store.calls import CallStore
from companion.store.db import SCHEMA_VERSION, open_database, schema_version
from companion.store.drafts import DraftStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _fixture_module():
    script = Path(__file__).resolve().parents[2] / "scripts" / "make_schema_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_schema_fixtures", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FROZEN = _fixture_module()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_frozen_file_exists_for_every_schema_version():
    # Adding migration N without freezing schema-N.sqlite3 fails here.
    for version in range(1, SCHEMA_VERSION + 1):
        assert (FIXTURES / f"schema-{version}.sqlite3").is_file(), f"freeze schema {version}"


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_frozen_database_upgrades_with_its_data_intact(version, paths):
    frozen = FIXTURES / f"schema-{version}.sqlite3"
    frozen_digest = _digest(frozen)
    shutil.copyfile(frozen, paths.db_path)
    db = open_database(paths.db_path)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        store = CallStore(db, paths.db_path)
        assert store.count_calls() == len(FROZEN.EXPECTED_CALLS)
        for expected in FROZEN.EXPECTED_CALLS:
            call = store.load_call(expected["id"])
            assert call.contact == expected["contact"]
            assert call.notes == expected["notes"]
            assert call.outcome == expected["outcome"]
            assert call.deal_value == expected["deal_value"]
            assert sorted(call.moments) == sorted(m[0] for m in expected["moments"])
            assert {m: a.note for m, a in call.moments.items()} == {m[0]: m[4] for m in expected["moments"]}
            assert sorted(call.objections) == sorted(o[0] for o in expected["objections"])
            assert [(a.close_id, a.result) for a in call.close_attempts] == \
                [(c, r) for c, r, _ in expected["attempts"]]
            if expected["next_step"]:
                assert call.next_step.action == expected["next_step"][0]
                assert call.next_step.status == expected["next_step"][4]
            else:
                assert call.next_step is None
        assert [c.contact for c in DraftStore(db).pending()] == ["Dev Patel"]
        # Search added by schema 2 covers rows written before it existed.
        hits = db.execute("SELECT rowid FROM calls_fts WHERE calls_fts MATCH 'reporting'").fetchall()
        assert len(hits) == 1
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()

    assert _digest(frozen) == frozen_digest
    backups = list_backups(backups_dir_for(paths.db_path))
    if version == SCHEMA_VERSION:
        assert backups == []            # nothing to upgrade, nothing copied
        return
    assert [b.kind for b in backups] == [f"pre-migration-v{version}"]
    copy = sqlite3.connect(backups[0].path)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == version
    assert copy.execute("SELECT count(*) FROM calls").fetchone()[0] == len(FROZEN.EXPECTED_CALLS)
    copy.close()


def test_a_failing_step_leaves_the_old_schema_complete(paths, monkeypatch):
    shutil.copyfile(FIXTURES / "schema-2.sqlite3", paths.db_path)
    step = next(m for m in db_module.migrations._migrations if m.name == "0003_outbox")
    real = step.fn

    def half_done(db):
        real(db)                      # creates the outbox table and sets user_version 3...
        raise sqlite3.OperationalError("database or disk is full")   # ...then the disk fills

    monkeypatch.setattr(step, "fn", half_done)
    with pytest.raises(DatabaseProblem, match="full"):
        open_database(paths.db_path)
    conn = sqlite3.connect(paths.db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "outbox" not in tables
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert "0003_outbox" not in applied
    assert conn.execute("SELECT count(*) FROM calls").fetchone()[0] == len(FROZEN.EXPECTED_CALLS)
    conn.close()
    monkeypatch.setattr(step, "fn", real)
    db = open_database(paths.db_path)         # and the next start upgrades it properly
    assert schema_version(db) == SCHEMA_VERSION
    db.close()


def test_no_upgrade_without_its_backup(paths, monkeypatch):
    from companion.store import backup

    shutil.copyfile(FIXTURES / "schema-1.sqlite3", paths.db_path)

    def refuse(*args, **kwargs):
        raise backup.BackupProblem(paths.backups_dir, "No backup could be written (the disk is full).")

    monkeypatch.setattr(backup, "make_backup", refuse)
    with pytest.raises(backup.BackupProblem):
        open_database(paths.db_path)
    conn = sqlite3.connect(paths.db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    assert list_backups(paths.backups_dir) == []


def test_newer_schema_is_refused_naming_both_versions_and_left_byte_for_byte(paths):
    shutil.copyfile(FIXTURES / f"schema-{SCHEMA_VERSION}.sqlite3", paths.db_path)
    conn = sqlite3.connect(paths.db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 4}")
    conn.commit()
    conn.close()
    before = _digest(paths.db_path)
    with pytest.raises(DatabaseProblem) as info:
        open_database(paths.db_path)
    message = str(info.value)
    assert f"schema {SCHEMA_VERSION + 4}" in message and f"schema {SCHEMA_VERSION}" in message
    assert str(paths.db_path) in message
    assert _digest(paths.db_path) == before
    assert not paths.backups_dir.exists() or list_backups(paths.backups_dir) == []
