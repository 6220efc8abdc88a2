"""SQLite's errors, turned into the project's own problem types at the store's edge.

The rest of the app catches `DatabaseProblem` (companion.errors) and shows its message;
it never sees `sqlite3.Error`. Errors are classified by SQLite's result code, not by the
wording of the message, which changes between SQLite versions. Errors that mean a bug
(wrong SQL, a broken constraint) are not environment problems and pass through unchanged
to the crash handler.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from companion.errors import DatabaseProblem

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY = 3, 5, 6, 7, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_AUTH, SQLITE_ERROR = 23, 1

KIND_BY_CODE = {
    SQLITE_BUSY: "busy",
    SQLITE_LOCKED: "busy",
    SQLITE_READONLY: "read_only",
    SQLITE_PERM: "read_only",
    SQLITE_AUTH: "read_only",
    SQLITE_FULL: "full",
    SQLITE_CORRUPT: "damaged",
    SQLITE_NOTADB: "damaged",
    SQLITE_CANTOPEN: "unavailable",
    SQLITE_IOERR: "unavailable",
    SQLITE_NOMEM: "unavailable",
}


def problem_kind(exc: sqlite3.Error) -> str | None:
    """"busy", "read_only", "full", "damaged", "unavailable"; None when it is a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        # A timer or a worker still asking while the app shuts the database: not a bug in
        # the query, and nothing to report beyond "not now".
        if isinstance(exc, sqlite3.ProgrammingError) and "closed database" in str(exc):
            return "unavailable"
        return None
    if code & 0xFF == SQLITE_ERROR and str(exc).startswith(("no such table", "no such column")):
        # Our own queries name only tables this version creates: one missing means the file
        # was damaged or changed by another program (a dropped search index, say), not a bug.
        return "damaged"
    return KIND_BY_CODE.get(code & 0xFF)


def describe(path: Path | str, exc: sqlite3.Error) -> str:
    """The message for the rep: what happened to which file, and what to do."""
    kind = problem_kind(exc)
    if kind == "busy":
        return (f"The database {path} is locked by another program. Close other Call Companion "
                "windows or imports and try again.")
    if kind == "read_only":
        return (f"The database {path} is read-only. Fix the permissions of its folder, or start "
                "with another data folder (--data-dir).")
    if kind == "full":
        return f"The disk holding {path} is full. Free some space and try again."
    if kind == "damaged":
        return (f"The database {path} is damaged ({exc}). It has not been changed. Restore a "
                "backup (companion restore FILE) or move the file aside to start a new one.")
    if kind == "unavailable":
        return (f"The database {path} cannot be opened or read ({exc}). Check that its folder exists "
                "and is writable, or start with another data folder (--data-dir).")
    return f"The database {path} could not be used: {exc}."


def database_problem(path: Path | str, exc: sqlite3.Error) -> DatabaseProblem:
    return DatabaseProblem(Path(path), describe(path, exc), kind=problem_kind(exc) or "other")


@contextmanager
def database_problems(source: Any, *, all_errors: bool = False) -> Iterator[None]:
    """Environment errors inside become DatabaseProblem naming the file (`source` is the
    database, its connection, or the path being opened). Bugs pass through unchanged, unless
    `all_errors`: for reads whose failure is only ever worth a line of text (a status poll).
    The file is looked up only when something went wrong, so the guard costs nothing on the
    way through."""
    try:
        yield
    except sqlite3.Error as exc:
        if problem_kind(exc) is None and not all_errors:
            raise
        path = Path(source) if isinstance(source, (Path, str)) else database_path(source)
        raise database_problem(path, exc) from exc


def database_path(db: Any) -> Path:
    """The file behind a sqlite-utils Database or a connection, for messages."""
    conn = getattr(db, "conn", db)
    try:
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    except sqlite3.Error:
        pass
    return Path("the database")


Store = TypeVar("Store", bound=type)


def store_api(cls: Store) -> Store:
    """Wrap every public method of a store class so SQLite's environment errors leave it as
    DatabaseProblem. The file named comes from `self.db_path`, else from the connection."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not callable(member):
            continue
        setattr(cls, name, _translating(member))
    return cls


Params = ParamSpec("Params")
Result = TypeVar("Result")


def _translating(method: Callable[Concatenate[object, Params], Result]
                 ) -> Callable[Concatenate[object, Params], Result]:
    @functools.wraps(method)
    def wrapper(self: object, /, *args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            if problem_kind(exc) is None:
                raise
            path = getattr(self, "db_path", None) or database_path(getattr(self, "db", None))
            raise database_problem(path, exc) from exc

    return wrapper
