"""`companion practice`: a 5-minute practice session on its own, without the live window."""

from __future__ import annotations

from companion.commands import add_command, run_window

NAME = "practice"


def register(subparsers) -> None:
    add_command(subparsers, NAME, run, help="open a 5-minute practice session",
                description="Practise the three closes you want to master: replays of your own calls "
                "that ended without a commitment, the objections you meet most, and drills from the "
                "playbook, on a spaced-repetition schedule.")


def run(args, paths) -> int:
    def build(db):
        from companion.store.practice import PracticeStore
        from companion.store.settings_file import load_settings
        from companion.ui.app import load_all_playbooks
        from companion.ui.practice.window import PracticeWindow

        return PracticeWindow(PracticeStore(db, paths.db_path), load_all_playbooks(paths),
                              load_settings(paths.settings_path))

    return run_window(paths, "practice", build)
