"""SQLite's errors leave the store as the project's own problem types, classified by code."""

from __future__ import annotations

import sqlite3

import pytest

from companion.core.call import Call
from companion.errors import DatabaseProblem
from companion.store.drafts import DraftStore
from companion.store.problems import problem_kind, store_api


def coded(message: str, code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize("code, kind", [
    (5, "busy"), (6, "busy"), (8, "read_only"), (13, "full"), (11, "damaged"), (26, "damaged"),
    (14, "unavailable"), (10 | (12 << 8), "unavailable"),     # an extended I/O error code
    (1, None), (19, None),                                     # SQL error, constraint: bugs
])
def test_kinds_come_from_the_result_code_not_the_wording(code, kind):
    assert problem_kind(coded("something unrelated", code)) == kind


def test_a_table_gone_from_the_file_is_damage_not_a_bug():
    assert problem_kind(coded("no such table: calls_fts", 1)) == "damaged"
    assert problem_kind(coded('near "SELEC": syntax error', 1)) is None


def test_a_locked_database_reaches_the_caller_as_a_busy_problem(paths, db):
    other = sqlite3.connect(paths.db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    db.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(DatabaseProblem) as raised:
            DraftStore(db).save(Call(contact="Dana"))
    finally:
        other.rollback()
        other.close()
    assert raised.value.kind == "busy"
    assert str(paths.db_path) in str(raised.value)
    assert "locked by another program" in str(raised.value)


def test_bugs_are_not_disguised_as_environment_problems(db):
    @store_api
    class Broken:
        def __init__(self, database):
            self.db = database

        def query(self):
            return self.db.execute("SELEC nonsense").fetchall()

    with pytest.raises(sqlite3.OperationalError):
        Broken(db).query()


def test_a_database_closed_under_a_timer_is_unavailable_not_a_bug(paths, db):
    from companion.store.problems import database_problems

    db.close()
    with pytest.raises(DatabaseProblem) as raised, database_problems(db):
        db.execute("SELECT 1")
    assert raised.value.kind == "unavailable"
