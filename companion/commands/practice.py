"""`companion practice`: a 5-minute practice session on its own, without the live window."""

from __future__ import annotations

NAME = "practice"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        NAME, help="open a 5-minute practice session",
        description="Practise the three closes you want to master: replays of your own calls "
        "that ended without a commitment, the objections you meet most, and drills from the "
        "playbook, on a spaced-repetition schedule. Respects --data-dir.")
    parser.set_defaults(run=run)


def run(args, paths) -> int:
    from companion import APP_NAME
    from companion.errors import EnvironmentProblem
    from companion.store.db import open_database
    from companion.ui.app import create_application, load_all_playbooks, show_problem

    app = create_application([])
    try:
        paths.ensure()
        db = open_database(paths.db_path)
    except EnvironmentProblem as exc:
        show_problem(f"{APP_NAME} cannot open practice", str(exc))
        return 2
    from companion.store.practice import PracticeStore
    from companion.store.settings_file import load_settings
    from companion.ui.practice.window import PracticeWindow

    window = PracticeWindow(PracticeStore(db, paths.db_path), load_all_playbooks(paths),
                            load_settings(paths.settings_path))
    window.show()
    code = app.exec()
    db.close()
    return code
