"""`companion review`: open the end-of-day review on its own, without the live window."""

from __future__ import annotations

NAME = "review"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        NAME, help="open the end-of-day review window",
        description="Open the end-of-day review (today's calls, commitments, audit, closes, "
        "trend, search) on its own. Respects --data-dir.")
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
        show_problem(f"{APP_NAME} cannot open the review", str(exc))
        return 2
    from companion.store.calls import CallStore
    from companion.ui.review.window import ReviewWindow

    from companion.store.settings_file import load_settings, save_settings

    settings = load_settings(paths.settings_path)

    def keep_settings() -> None:
        try:
            save_settings(paths.settings_path, settings)
        except OSError:
            pass                 # the export itself is done; remembering its folder is a nicety

    window = ReviewWindow(CallStore(db, paths.db_path), load_all_playbooks(paths),
                          settings=settings, save_settings=keep_settings)
    window.show()
    code = app.exec()
    db.close()
    return code
