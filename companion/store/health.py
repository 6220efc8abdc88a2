"""Checking a database file without changing it: damaged? ours? which schema?

Plain functions over a read-only connection, used before a start, a backup and a restore,
and by `companion doctor`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from companion.errors import DatabaseProblem


def connect_existing(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """Open without ever creating an empty database where a file was expected."""
    mode = "ro" if read_only else "rw"
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def integrity_problem(db_path: Path, *, quick: bool = False) -> str | None:
    """None when SQLite's integrity check passes, else what it (or opening) reported."""
    try:
        conn = connect_existing(db_path, read_only=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(5)")]
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    return None if rows == ["ok"] else "; ".join(rows)


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_damaged(db_path: Path, *, whole_file: bool = True) -> bool:
    """True for a corrupt or non-database file; False for locked, missing or fine ones.

    whole_file=True runs PRAGMA quick_check, which reads every page: thorough, but 0.9 s on
    1,000,000 calls (benchmarks/RESULTS.md). The app's start passes whole_file=False: then
    only the header, the schema, each table's root page and the file's length are read, at
    a cost that does not grow with the history; the whole-file check follows with the daily
    backup, on a worker thread after the window is up (take_daily_backup).
    """
    try:
        conn = connect_existing(db_path, read_only=True)
        try:
            if not whole_file:
                return _structure_damaged(conn, Path(db_path))
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(1)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    except (sqlite3.Error, OSError):
        # Locked, missing or unreadable is not "damaged": opening it says what is wrong.
        return False
    return rows != ["ok"]


def _structure_damaged(conn: sqlite3.Connection, db_path: Path) -> bool:
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    page_count = conn.execute("PRAGMA page_count").fetchone()[0]
    wal = Path(f"{db_path.resolve()}-wal")
    # Pages still in a write-ahead log are not in the file yet; without one, a file shorter
    # than its page count has lost its end.
    if not (wal.is_file() and wal.stat().st_size) and db_path.stat().st_size < page_count * page_size:
        return True
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")]
    for table in tables:            # reads each table's root page (and one leaf)
        quoted = table.replace('"', '""')
        # NOT INDEXED: the table's own b-tree, not a smaller index the planner would prefer.
        conn.execute(f'SELECT 1 FROM "{quoted}" NOT INDEXED LIMIT 1').fetchall()
    return False


def foreign_wal_problem(db_path: Path) -> str | None:
    """Why a write-ahead log beside `db_path` cannot be its own, or None.

    SQLite replays any valid -wal it finds once the database is in WAL mode, whichever
    database wrote it. Ours always sits beside a database whose header says WAL mode
    (bytes 18-19 are 2) with the same page size; anything else came from elsewhere (a
    copy, a sync tool) and applying it would overwrite the database with other pages.
    """
    db_path = Path(db_path)
    wal = Path(f"{db_path}-wal")
    try:
        if wal.stat().st_size == 0:
            return None
        with open(wal, "rb") as handle:
            wal_header = handle.read(32)
    except OSError:
        return None
    try:
        with open(db_path, "rb") as handle:
            db_header = handle.read(100)
    except FileNotFoundError:
        return "there is no database beside it"
    except OSError:
        return None          # unreadable: opening the database reports that
    if len(db_header) < 100:
        return "the database beside it is empty"
    if db_header[18:20] != b"\x02\x02":
        return "the database beside it is not in write-ahead-log mode"
    db_page = int.from_bytes(db_header[16:18], "big")
    db_page = 65536 if db_page == 1 else db_page
    wal_page = int.from_bytes(wal_header[8:12], "big") if len(wal_header) >= 12 else 0
    if wal_page != db_page:
        return f"its page size ({wal_page}) is not the database's ({db_page})"
    return None


def inspect_database_file(path: Path) -> int:
    """The schema version of a Call Companion database file, or DatabaseProblem saying why not.

    Opens read-only; call it on a copy when the file may be in WAL mode with a -wal beside it.
    """
    from companion.store.db import MIGRATION_SET, SCHEMA_VERSION

    path = Path(path)
    if not path.is_file():
        raise DatabaseProblem(path, f"{path} does not exist or is not a file.")
    try:
        conn = connect_existing(path, read_only=True)
        try:
            version: int = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            ours = "_sqlite_migrations" in tables and conn.execute(
                "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?",
                [MIGRATION_SET]).fetchone()[0] > 0
            check = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseProblem(path, f"{path} is not a Call Companion database ({exc}).") from exc
    if not ours or not {"calls", "drafts"} <= tables:
        raise DatabaseProblem(path, f"{path} is an SQLite file but not a Call Companion database.")
    if version > SCHEMA_VERSION:
        raise DatabaseProblem(
            path, f"{path} was written by a newer version of Call Companion (schema {version}; "
                  f"this version knows schema {SCHEMA_VERSION}). Update Call Companion first.")
    if check != ["ok"]:
        raise DatabaseProblem(path, f"{path} is damaged ({'; '.join(check)}). Choose another backup.")
    return version


def check_read_only(db_path: Path, max_errors: int = 10) -> tuple[int, list[str]]:
    """The schema version and SQLite's integrity check of a database file, read without
    writing anything (for `doctor`); DatabaseProblem when the file cannot be read."""
    from companion.store.problems import database_problem

    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            result = [row[0] for row in conn.execute(f"PRAGMA integrity_check({int(max_errors)})")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise database_problem(db_path, exc) from exc
    return version, result
