"""The subcommands: one module each, with `register(subparsers)` and `run(args, paths) -> int`.

What every subcommand shares lives here: how it is added to the parser, and its exit codes,
which mean the same in every subcommand:

- 0 (`EXIT_OK`): done;
- 1 (`EXIT_PROBLEM`): the environment or the input stopped it (a locked or damaged database,
  an unwritable destination, an invalid import file, an unhealthy `doctor`), with a message;
- 2 (`EXIT_USAGE`): bad arguments (argparse uses 2 as well).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def add_command(subparsers: Any, name: str, run: Callable[..., int], *, help: str,
                description: str) -> argparse.ArgumentParser:
    """Add a subcommand; every one works on the folders `--data-dir` names."""
    parser = subparsers.add_parser(name, help=help, description=f"{description} Respects --data-dir.")
    parser.set_defaults(run=run)
    return parser


def fail(command: str, message: str, code: int = EXIT_PROBLEM) -> int:
    """Say what stopped the command on standard error, in one line, and return its exit code."""
    print(f"companion {command}: {message}", file=sys.stderr)
    return code


def run_window(paths: Any, what: str, build: Callable[[Any], Any]) -> int:
    """Open a window of the app on its own (`companion review`, `companion practice`):
    a Qt application, the database, then `build(db)`'s window until it is closed."""
    from companion import APP_NAME
    from companion.errors import EnvironmentProblem
    from companion.store.db import open_database
    from companion.ui.app import create_application, show_problem

    app = create_application([])
    try:
        paths.ensure()
        db = open_database(paths.db_path)
    except EnvironmentProblem as exc:
        show_problem(f"{APP_NAME} cannot open {what}", str(exc))
        return EXIT_PROBLEM
    window = build(db)
    window.show()
    code = app.exec()
    db.close()
    return code
