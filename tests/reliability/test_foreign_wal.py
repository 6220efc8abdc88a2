"""A -wal beside the database that another database wrote is never applied."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from companion.errors import DatabaseProblem
from companion.store.db import open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_live_wal(tmp_path: Path) -> bytes:
    """The -wal of another database, copied while its writer still had it open."""
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE calls (id TEXT, contact TEXT)")
    conn.execute("INSERT INTO calls VALUES ('x', 'Someone Else')")
    conn.commit()
    data = Path(f"{other}-wal").read_bytes()
    conn.close()
    assert data
    return data


@pytest.mark.parametrize("beside", ["no database", "an empty file", "an older database"])
def test_a_foreign_wal_is_refused_and_nothing_changes(paths, tmp_path, beside):
    wal = Path(f"{paths.db_path}-wal")
    wal.write_bytes(a_live_wal(tmp_path))
    if beside == "an empty file":
        paths.db_path.write_bytes(b"")
    elif beside == "an older database":      # schema 1, not yet in WAL mode: it would be migrated
        shutil.copyfile(FIXTURES / "schema-1.sqlite3", paths.db_path)
    before = digest(paths.db_path) if paths.db_path.exists() else None
    wal_before = digest(wal)
    with pytest.raises(DatabaseProblem) as raised:
        open_database(paths.db_path).close()
    message = str(raised.value)
    assert str(wal) in message and "does not belong" in message and "nothing was changed" in message
    assert (digest(paths.db_path) if paths.db_path.exists() else None) == before
    assert digest(wal) == wal_before
    assert not paths.backups_dir.exists() or not any(paths.backups_dir.iterdir())


def test_the_database_s_own_wal_is_still_used(paths):
    db = open_database(paths.db_path)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("INSERT INTO drafts (id, body, updated_at) VALUES ('d', '{}', 'now')")
    db.conn.commit()
    copy = paths.data_dir / "copy"
    copy.mkdir()
    shutil.copyfile(paths.db_path, copy / "calls.sqlite3")
    shutil.copyfile(f"{paths.db_path}-wal", copy / "calls.sqlite3-wal")    # as after a power cut
    db.close()
    reopened = open_database(copy / "calls.sqlite3")
    try:
        assert reopened.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1
    finally:
        reopened.close()


def test_doctor_names_a_foreign_wal_as_a_problem(paths, tmp_path):
    from companion.doctor import PROBLEM, database_checks

    shutil.copyfile(FIXTURES / "schema-1.sqlite3", paths.db_path)
    Path(f"{paths.db_path}-wal").write_bytes(a_live_wal(tmp_path))
    before = digest(paths.db_path)
    (check,) = database_checks(paths.db_path)
    assert check.status == PROBLEM and "does not belong" in check.summary
    assert digest(paths.db_path) == before
