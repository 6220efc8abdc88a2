"""`companion doctor`: what Call Companion uses and whether it is healthy. Works headless."""

from __future__ import annotations

from companion.commands import add_command

NAME = "doctor"


def register(subparsers) -> None:
    add_command(
        subparsers, NAME, run, help="check the folders, database, backups, keyring and Qt; exit 1 if unhealthy",
        description="Print the paths in use, the schema version, the database's integrity "
        "check, the backups, the playbooks, the keyring and the Qt platform. Changes nothing. "
        "Exits 0 when healthy, 1 (with the reasons) when not.")


def run(args, paths) -> int:
    from companion import APP_NAME, __version__
    from companion.doctor import format_report, problems, run_checks

    checks = run_checks(paths)
    print(f"{APP_NAME} {__version__}")
    print(format_report(checks))
    return 1 if problems(checks) else 0
