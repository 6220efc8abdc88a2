"""`companion restore FILE`: put a backup back, after backing up the current state."""

from __future__ import annotations

from companion.commands import add_command

NAME = "restore"


def register(subparsers) -> None:
    parser = add_command(
        subparsers, NAME, run, help="put a backup back (the current database is backed up first)",
        description="Replace the database with FILE (a backup, see `companion backup --list`). "
        "The current database is backed up first, or moved aside untouched if it is damaged. "
        "FILE must be a Call Companion database of this version or older.")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("file", nargs="?", metavar="FILE", help="the backup to put back")
    target.add_argument("--latest", action="store_true", help="put back the newest backup")


def run(args, paths) -> int:
    import sys
    from pathlib import Path

    from companion.errors import EnvironmentProblem
    from companion.store.backup import LOCK_PATIENCE_S, latest_backup
    from companion.store.restore import restore_backup

    try:
        if args.latest:
            newest = latest_backup(paths.backups_dir)
            if newest is None:
                print(f"There is no backup in {paths.backups_dir} to restore.", file=sys.stderr)
                return 1
            source = newest.path
        else:
            source = Path(args.file).expanduser().resolve()
        paths.ensure()
        result = restore_backup(source, paths.db_path, paths.backups_dir, on_wait=lambda: print(
            f"The database {paths.db_path} is in use by another program; waiting up to "
            f"{LOCK_PATIENCE_S:.0f} s for it…", file=sys.stderr, flush=True))
    except EnvironmentProblem as exc:
        print(f"Nothing was restored. {exc}", file=sys.stderr)
        return 1
    print(f"Restored {source}\n    into {paths.db_path} (schema {result.schema_version}).")
    if result.safety_backup:
        print(f"The database as it was is kept in {result.safety_backup}")
    if result.set_aside:
        print(f"The damaged database was moved, unchanged, to {result.set_aside}")
    return 0
