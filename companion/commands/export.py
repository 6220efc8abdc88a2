"""`companion export`: write calls as Markdown, CSV, JSON or iCalendar, headless.

Exit codes: 0 done, 2 bad arguments, 1 anything else (with a one-line message).
No Qt is imported on this path, so it runs on a server or in cron without a display.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from companion.commands import EXIT_PROBLEM, add_command, fail

FORMAT_KEYS = ("md", "csv", "json", "ics")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "export", run, help="write calls as Markdown, CSV, JSON or iCalendar (no window needed)",
        description="Write the calls of a range of days (default: all calls) to a file or to "
        "standard output. Days are in local time and both ends are included.")
    parser.add_argument("-f", "--format", required=True, choices=FORMAT_KEYS,
                        help="md: notes per call; csv: one row per call for a CRM or spreadsheet; "
                        "json: everything, re-importable; ics: next steps for a calendar (open ones, "
                        "and closed ones marked done or cancelled)")
    parser.add_argument("--from", dest="first_day", type=_day, metavar="YYYY-MM-DD",
                        help="first day to include")
    parser.add_argument("--to", dest="last_day", type=_day, metavar="YYYY-MM-DD",
                        help="last day to include")
    parser.add_argument("--call", dest="call_ids", action="append", metavar="ID",
                        help="export this call (by id) instead of a range; repeat for more")
    parser.add_argument("--bom", action="store_true",
                        help="csv: start with a UTF-8 byte order mark, so spreadsheet programs "
                        "read accents and emoji correctly")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (atomically; a symbolic link's target, a FIFO or a "
                        "device is written into) instead of standard output; - means standard output")


def _fail(message: str, code: int = EXIT_PROBLEM) -> int:
    return fail("export", message, code)


def run(args, paths) -> int:
    from companion.errors import EnvironmentProblem
    from companion.export.destination import stdout_text
    from companion.export.formats import FORMATS, export_to_file, export_to_stream, installed_names
    from companion.export.selection import CallSelection
    from companion.store.db import open_database

    if args.call_ids and (args.first_day or args.last_day):
        return _fail("error: give either --call or --from/--to, not both", 2)
    if args.first_day and args.last_day and args.first_day > args.last_day:
        return _fail(f"error: --from {args.first_day} is after --to {args.last_day}", 2)
    if args.bom and args.format != "csv":
        return _fail("error: --bom only applies to --format csv", 2)
    if args.output == "":
        return _fail("error: -o needs a file name (or - for standard output)", 2)
    to_file = args.output not in (None, "-")
    if not paths.db_path.exists():
        return _fail(f"there is no database at {paths.db_path}; nothing to export "
                     "(use --data-dir to point at another folder)")
    selection = (CallSelection.of_calls(args.call_ids) if args.call_ids
                 else CallSelection.days(args.first_day, args.last_day))
    try:
        db = open_database(paths.db_path)
    except EnvironmentProblem as exc:
        return _fail(str(exc))
    try:
        names = installed_names(paths.playbooks_dir)
        if to_file:
            count = export_to_file(db, args.format, selection, args.output, bom=args.bom, names=names)
            print(f"Exported {FORMATS[args.format].counted(count)} to {args.output}", file=sys.stderr)
        else:
            with stdout_text(sys.stdout) as out:
                export_to_stream(db, args.format, selection, out, bom=args.bom, names=names)
    except EnvironmentProblem as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        return 1                      # the reader (e.g. `head`) went away: nothing to say
    finally:
        db.close()
    return 0
