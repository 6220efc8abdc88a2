"""`companion demo-data --days 30 [--seed N]`: fill the database with realistic made-up calls,
to try the review or take screenshots. Writes through the normal store, one call at a time."""

from __future__ import annotations

import argparse

from companion.commands import add_command, fail

NAME = "demo-data"


def register(subparsers) -> None:
    parser = add_command(
        subparsers, NAME, run, help="add realistic made-up calls (to try the review)",
        description="Add made-up calls for the last DAYS days (working days, today included) "
        "to the database, with next steps (some overdue), closes tried and yes moments. "
        "Use --data-dir to keep them away from your real calls.")
    parser.add_argument("--days", type=_positive, default=30, help="how many days back (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same calls (default 1)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 3650:
        raise argparse.ArgumentTypeError("days must be between 1 and 3650")
    return value


def run(args, paths) -> int:
    from companion.core.call import utcnow
    from companion.core.call_text import counted
    from companion.core.demo_data import DemoCalls, outline
    from companion.errors import EnvironmentProblem
    from companion.resources import resource_path
    from companion.store.calls import CallStore
    from companion.store.db import open_database, write_transaction
    from companion.store.playbook_files import load_playbooks

    try:
        paths.ensure()
        db = open_database(paths.db_path)
    except EnvironmentProblem as exc:
        return fail(NAME, str(exc))
    # Built-in playbooks only: the demo must look the same on every machine.
    playbooks = load_playbooks(resource_path("playbooks"), None).playbooks
    calls = DemoCalls([outline(p) for p in playbooks], seed=args.seed).days(args.days, utcnow())
    store = CallStore(db, paths.db_path)
    with write_transaction(db):
        for call in calls:
            store.save_call(call, delete_draft=False)
    total = store.count_calls()
    db.close()
    print(f"Added {counted(len(calls), 'demo call')} over {counted(args.days, 'day')} to {paths.db_path} "
          f"({counted(total, 'call')} in total).")
    return 0
