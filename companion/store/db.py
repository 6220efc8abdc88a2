"""Opening the database: connection settings, schema migrations, and clear errors.

The schema version is the number of migrations applied, mirrored in `PRAGMA user_version`
so a newer database can be refused before anything touches it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from companion.errors import DatabaseProblem
from companion.private_files import PRIVATE_FILE_MODE, make_private
from companion.store.problems import database_problem

MIGRATION_SET = "companion"
migrations = Migrations(MIGRATION_SET)
SchemaStep = Callable[[Database], None]


def _schema_step(version: int, name: str) -> Callable[[SchemaStep], SchemaStep]:
    """Register a migration that also records its version, inside the same transaction."""

    def register(func: SchemaStep) -> SchemaStep:
        def step(db: Database) -> None:
            func(db)
            db.execute(f"PRAGMA user_version = {version}")

        migrations(name=f"{version:04d}_{name}")(step)
        return func

    return register


@_schema_step(1, "initial")
def _initial(db: Database) -> None:
    db.table("calls").create(
        {
            "id": str, "contact": str, "company": str, "playbook": str,
            "started_at": str, "ended_at": str, "outcome": str, "disposition": str,
            "notes": str, "deal_value": float, "updated_at": str,
        },
        pk="id", not_null={"contact", "started_at", "updated_at"},
    )
    db.table("call_moments").create(
        {"call_id": str, "moment_id": str, "label": str, "stage": str, "agreed_at": str, "note": str},
        pk=("call_id", "moment_id"), foreign_keys=[("call_id", "calls", "id")],
    )
    db.table("call_objections").create(
        {"call_id": str, "objection_id": str, "label": str, "raised_at": str, "resolved_at": str},
        pk=("call_id", "objection_id"), foreign_keys=[("call_id", "calls", "id")],
    )
    db.table("close_attempts").create(
        {"id": int, "call_id": str, "close_id": str, "result": str, "at": str},
        pk="id", foreign_keys=[("call_id", "calls", "id")],
    )
    db.table("next_steps").create(
        {
            "call_id": str, "action": str, "owner": str, "customer_action": str,
            "due_at": str, "status": str, "updated_at": str,
        },
        pk="call_id", foreign_keys=[("call_id", "calls", "id")],
    )
    db.table("drafts").create({"id": str, "body": str, "updated_at": str}, pk="id")
    db.table("calls").create_index(["started_at"])
    # NOCASE so "ann smith" finds the history of "Ann Smith" through the index.
    db.execute("CREATE INDEX idx_calls_contact ON calls (contact COLLATE NOCASE, started_at)")
    db.table("calls").create_index(["company"])
    db.table("close_attempts").create_index(["call_id"])
    db.table("close_attempts").create_index(["at"])
    db.table("next_steps").create_index(["status", "due_at"])
    db.table("next_steps").create_index(["due_at"])


@_schema_step(2, "search")
def _search(db: Database) -> None:
    # Full-text search for the review; triggers keep it in step with every write.
    db.table("calls").enable_fts(["contact", "company", "notes"], create_triggers=True, tokenize="unicode61")
    db.table("next_steps").enable_fts(["action", "customer_action"], create_triggers=True,
                                tokenize="unicode61")


@_schema_step(3, "outbox")
def _outbox(db: Database) -> None:
    # Calls waiting to be pushed to a webhook; written in the same transaction as the call.
    db.table("outbox").create(
        {
            "id": int, "call_id": str, "payload": str, "created_at": str, "status": str,
            "attempts": int, "next_attempt_at": str, "last_error": str, "delivered_at": str,
        },
        pk="id", not_null={"call_id", "payload", "created_at", "status"},
        defaults={"status": "pending", "attempts": 0},
    )
    db.table("outbox").create_index(["status", "next_attempt_at"])
    db.table("outbox").create_index(["call_id"])



@_schema_step(4, "practice")
def _practice(db: Database) -> None:
    # Practice drills: the closes the rep chose to master, each drill's place in the
    # spaced-repetition schedule, every rating given, and the sessions. Saved calls are
    # only ever read by practice.
    db.table("practice_focus").create({"slot": int, "close_id": str, "chosen_at": str}, pk="slot",
                                not_null={"close_id", "chosen_at"})
    db.table("practice_cards").create(
        {
            "key": str, "close_id": str, "due_at": str, "state": str, "step": int,
            "stability": float, "difficulty": float, "last_review_at": str,
            "reviews": int, "lapses": int,
        },
        pk="key", not_null={"close_id", "due_at", "state"}, defaults={"reviews": 0, "lapses": 0},
    )
    db.table("practice_sessions").create(
        {"id": str, "started_at": str, "ended_at": str, "seed": int, "closes": str},
        pk="id", not_null={"started_at", "seed", "closes"},
    )
    db.table("practice_reviews").create(
        {
            "id": int, "session_id": str, "card_key": str, "close_id": str, "kind": str,
            "rating": str, "right_pick": int, "line_ok": int, "reviewed_at": str,
            "next_due_at": str, "stability": float,
        },
        pk="id", not_null={"session_id", "card_key", "close_id", "rating", "reviewed_at"},
        foreign_keys=[("session_id", "practice_sessions", "id")],
    )
    db.table("practice_cards").create_index(["due_at"])
    db.table("practice_reviews").create_index(["reviewed_at"])
    db.table("practice_reviews").create_index(["session_id"])

SCHEMA_VERSION = len(migrations._migrations)


def connect(path: Path | str) -> sqlite3.Connection:
    # A generous busy timeout: another process (an import, a second window) may hold
    # the write lock briefly, and waiting beats showing "database is locked".
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def schema_version(db: Database) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) and migrate. Environment problems raise DatabaseProblem."""
    path = Path(path)
    _refuse_foreign_wal(path)
    _private_database_files(path)
    db = None
    try:
        db = Database(connect(path), execute_plugins=False)
        found = schema_version(db)
        if found > SCHEMA_VERSION:
            raise DatabaseProblem(
                path,
                f"The database {path} was written by a newer version of Call Companion "
                f"(schema {found}; this version knows schema {SCHEMA_VERSION}). "
                "It has not been changed. Update Call Companion, or start with another "
                "data folder (--data-dir).",
                kind="newer",
            )
        _enable_wal(db)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        if migrations.pending(db):
            _migrate(db, path)
        return db
    except BaseException as exc:
        # Whatever went wrong, the file is not left open (a later restore may need to replace it).
        if db is not None:
            db.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise database_problem(path, exc) from exc
        raise


def _refuse_foreign_wal(path: Path) -> None:
    from companion.store.health import foreign_wal_problem

    problem = foreign_wal_problem(path)
    if problem is not None:
        wal = Path(f"{path}-wal")
        raise DatabaseProblem(
            path, f"The write-ahead log {wal} does not belong to the database {path} ({problem}). "
                  "It was not applied and nothing was changed. Move it out of the folder (or put "
                  "back the database it came with), then start again.")


def _private_database_files(path: Path) -> None:
    """The database file is created 0600 before SQLite opens it: SQLite gives its -wal and
    -shm the database's own permissions. Files left 0644 by an older version are tightened."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            make_private(file)
    except OSError:
        pass        # a missing or read-only folder: SQLite's own open says so, with its message


def _enable_wal(db: Database, patience_s: float = 10.0) -> None:
    """Switch to WAL once; later opens find it set and skip the exclusive lock it needs.

    SQLite does not run the busy handler for this switch, so when two processes open a
    brand-new database at the same moment one gets "database is locked" at once: wait
    and retry, as the busy timeout would.
    """
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + patience_s
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(db: Database, path: Path) -> None:
    """Apply pending steps under one write lock, after a backup of the existing data.

    BEGIN IMMEDIATE makes a second process starting at the same moment wait, then find
    nothing left to do, instead of failing on "table already exists". Each step runs in
    its own savepoint (Migrations.apply uses db.atomic()), and the whole upgrade commits
    at once, so a crash or a full disk leaves the old schema, complete.
    """
    from companion.store.backup import backup_before_migration

    db.execute("BEGIN IMMEDIATE")
    try:
        if migrations.pending(db):
            found = schema_version(db)
            if found > 0:       # a brand-new file has nothing worth a backup
                backup_before_migration(path, found)
            migrations.apply(db)
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock up front (BEGIN IMMEDIATE).

    With a plain BEGIN, a write that finds another process committed since this one began
    reading fails at once with "database is locked" (the busy timeout cannot help then).
    Taking the lock first makes a second process wait its turn instead. Nested use falls
    back to a savepoint inside the outer transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    else:
        db.conn.commit()


@contextmanager
def lock_wait(db: Database, milliseconds: int) -> Iterator[Database]:
    """Wait at most `milliseconds` for another program's lock during the block (instead of
    the connection's 10 s): for writes on the UI thread, which must not freeze the window
    and retry shortly instead."""
    before = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(before)}")
