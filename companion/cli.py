"""Command line: `companion` opens the app; subcommands run headless.

Each subcommand lives in `companion/commands/` as a module with `register(subparsers)`
and `run(args, paths) -> int`; heavy imports happen inside `run`, so `companion --help`
and the GUI start stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from companion import APP_NAME, __version__
from companion.display import WINDOW_COMMANDS, missing_display, no_display_message

# Subcommand modules, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "export", "import_calls", "review", "practice", "demo_data", "backup", "restore", "doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description=f"{APP_NAME}: a small window beside your sales calls. "
        "Without a subcommand, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help="keep the database, settings and logs in DIR (default: your user data folder; "
        "the environment variable COMPANION_DATA_DIR does the same)",
    )
    parser.add_argument(
        "--self-test", action="store_true",
        help="check that this installation works (playbooks, database, coach, window) "
        "without a display or your data, then exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"companion.commands.{name}")
        module.register(subparsers)
    return parser


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def main(argv: list[str] | None = None) -> int:
    from companion.private_files import use_private_umask

    # Before any file is created: the database, its -wal/-shm, logs and backups are private
    # (0600) even when the user's umask would let others read them.
    use_private_umask()
    parser = build_parser()
    args, qt_args = parser.parse_known_args(argv)
    if args.self_test:
        from companion.self_test import run_self_test

        return run_self_test()
    if args.command is not None and qt_args:
        parser.error(f"unrecognized arguments: {' '.join(qt_args)}")
    from companion.paths import AppPaths

    if args.data_dir is not None and args.data_dir.strip() == "":
        parser.error("--data-dir needs a folder; an empty name would fall back to your real data folder")
    paths = AppPaths.resolve(args.data_dir)
    if args.command in (None, *WINDOW_COMMANDS) and missing_display(os.environ, qt_args):
        print(no_display_message(n for n in command_names(parser) if n not in WINDOW_COMMANDS),
              file=sys.stderr)
        return 2
    if args.command is None:
        from companion.ui.app import run_app

        return run_app(paths, qt_args)
    return args.run(args, paths)


if __name__ == "__main__":
    sys.exit(main())
