"""`companion import FILE.json`: restore a JSON export, merging calls by id.

Exit codes: 0 done, 2 bad arguments, 1 anything else (with a one-line message).
"""

from __future__ import annotations

import sys

from companion.commands import add_command


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "import", run, help="restore calls from a JSON export (merges by call id)",
        description="Read a JSON export and merge its calls into the database in one "
        "transaction. A call already here is replaced only by a more recent edit; importing "
        "the same file twice changes nothing. An invalid file is refused whole.")
    parser.add_argument("file", metavar="FILE.json", help="a file written by `companion export --format json`")


def run(args, paths) -> int:
    from companion.errors import DatabaseProblem, EnvironmentProblem
    from companion.export.importer import import_file
    from companion.store.db import open_database

    try:
        paths.ensure()
        db = open_database(paths.db_path)
    except EnvironmentProblem as exc:
        print(f"companion import: {exc}", file=sys.stderr)
        return 1
    try:
        result = import_file(db, args.file)
    except DatabaseProblem as exc:          # locked, read-only, disk full: rolled back whole
        print(f"companion import: {exc} Nothing was imported.", file=sys.stderr)
        return 1
    except EnvironmentProblem as exc:      # ImportRefused included: the file is not valid
        print(f"companion import: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(f"Imported {args.file}: {result.summary()}")
    return 0
