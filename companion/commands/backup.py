"""`companion backup`: back up the database now, or list the backups kept."""

from __future__ import annotations

from companion.commands import add_command

NAME = "backup"


def register(subparsers) -> None:
    parser = add_command(
        subparsers, NAME, run, help="back up the database now (or --list the backups)",
        description="Copy the database into the backups folder now, consistently even while "
        "the app runs. Backups rotate: the last 7 days and the last 4 weeks are kept.")
    parser.add_argument("--list", action="store_true", help="list the backups kept, newest first")


def run(args, paths) -> int:
    import sys

    from companion.errors import EnvironmentProblem
    from companion.store import backup

    if args.list:
        return _list(paths)
    try:
        # The copy is checked before anything is rotated out: a damaged or empty database
        # is refused (exit 1) and every older backup stays.
        made = backup.make_backup(paths.db_path, paths.backups_dir, kind="manual")
        backup.prune_backups(paths.backups_dir, just_made=made)
    except EnvironmentProblem as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Backed up {paths.db_path}\n       to {made}")
    return 0


def _list(paths) -> int:
    import sys

    from companion.errors import EnvironmentProblem
    from companion.store.backup import list_backups

    try:
        backups = list_backups(paths.backups_dir)
    except EnvironmentProblem as exc:
        print(exc, file=sys.stderr)
        return 1
    if not backups:
        print(f"No backups in {paths.backups_dir} yet.")
        return 0
    for item in backups:
        size = item.path.stat().st_size // 1024
        print(f"{item.taken_at.astimezone():%Y-%m-%d %H:%M}  {item.kind:<17} {size:>7} KB  {item.path}")
    return 0
