"""`companion review`: open the end-of-day review on its own, without the live window."""

from __future__ import annotations

from companion.commands import add_command, run_window

NAME = "review"


def register(subparsers) -> None:
    add_command(subparsers, NAME, run, help="open the end-of-day review window",
                description="Open the end-of-day review (today's calls, commitments, audit, closes, "
                "trend, search) on its own.")


def run(args, paths) -> int:
    def build(db):
        from companion.store.calls import CallStore
        from companion.store.settings_file import load_settings, save_settings
        from companion.ui.app import load_all_playbooks
        from companion.ui.review.window import ReviewWindow

        # Export (Ctrl+Shift+E) remembers its folder and format like the live window's.
        settings = load_settings(paths.settings_path)

        def keep_settings() -> None:
            try:
                save_settings(paths.settings_path, settings)
            except OSError:
                pass             # the export itself is done; remembering its folder is a nicety

        return ReviewWindow(CallStore(db, paths.db_path), load_all_playbooks(paths),
                            settings=settings, save_settings=keep_settings)

    return run_window(paths, "the review", build)
