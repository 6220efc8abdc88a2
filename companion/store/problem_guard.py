"""`database_problems`: store.problems' translation for code that holds a Database or a
connection rather than a path. The file is looked up only when something went wrong, so the
guard costs nothing on the way through (exports and the webhook status poll use it often).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from companion.store.problems import database_path, database_problem, problem_kind


@contextmanager
def database_problems(source: Database | sqlite3.Connection | Path | str,
                      *, all_errors: bool = False) -> Iterator[None]:
    """Environment errors inside become DatabaseProblem naming the file (`source` is the
    database, its connection, or the path being opened). Bugs pass through unchanged, unless
    `all_errors`: for reads whose failure is only ever worth a line of text (a status poll)."""
    try:
        yield
    except sqlite3.Error as exc:
        if problem_kind(exc) is None and not all_errors:
            raise
        path = Path(source) if isinstance(source, (Path, str)) else database_path(source)
        raise database_problem(path, exc) from exc
