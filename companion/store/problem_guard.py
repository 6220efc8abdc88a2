"""SQLite errors turned into the project's own problem type at the store's edge.

Code outside `store/` catches `DatabaseProblem` (an EnvironmentProblem with a message for the
user), never `sqlite3.Error`; the functions of this package raise it through `database_problems`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from companion.errors import DatabaseProblem
from companion.store.db import describe_sqlite_error


def database_file(conn: sqlite3.Connection) -> Path:
    """The file behind a connection, for messages ("calls.sqlite3" when it cannot be told)."""
    try:
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    except sqlite3.Error:
        pass
    return Path("calls.sqlite3")


@contextmanager
def database_problems(source: Database | sqlite3.Connection | Path | str) -> Iterator[None]:
    """Re-raise any SQLite error inside as a DatabaseProblem naming the database file
    (`source` is the database, its connection, or the path of a file being opened)."""
    try:
        yield
    except sqlite3.Error as exc:
        if isinstance(source, (Path, str)):
            path = Path(source)
        else:
            path = database_file(source.conn if isinstance(source, Database) else source)
        raise DatabaseProblem(path, describe_sqlite_error(path, exc)) from exc
