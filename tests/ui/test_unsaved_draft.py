"""When the disk refuses the draft, the rep is told before anything can be lost."""

import sqlite3

from PySide6.QtWidgets import QMessageBox

from companion.core.call import Call
from companion.core.settings import Settings
from companion.store.problems import database_problem
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services


def failing_window(qtbot, paths, db, monkeypatch):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.begin(Call("Dana Whitfield", "Northwind"))
    drafts = window.draft_saver.drafts

    def disk_full(call):
        # What the store raises when SQLite reports SQLITE_FULL.
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13
        raise database_problem(paths.db_path, error)

    monkeypatch.setattr(drafts, "save", disk_full)
    return window


def test_quitting_while_the_draft_cannot_be_written_warns_and_stays(qtbot, paths, db, monkeypatch):
    window = failing_window(qtbot, paths, db, monkeypatch)
    warnings = []

    def answer(parent, title, text, *rest):
        warnings.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(answer))
    assert window.confirm_quit() is False
    assert "is full" in warnings[0] and "Dana Whitfield" in warnings[0]
    assert str(paths.db_path) in warnings[0]


def test_the_not_saved_warning_goes_once_the_call_is_saved(qtbot, paths, db, monkeypatch):
    window = failing_window(qtbot, paths, db, monkeypatch)
    window.session.set_moment(window.checklist.ordered_moment_ids()[0], True)
    assert window.draft_saver.flush() is False
    assert "Not saved to disk yet" in window.statusBar().currentMessage()
    window.draft_saver.track(None)            # what saving the call at wrap-up does
    assert window.statusBar().currentMessage() == ""
    assert window.draft_saver.last_error == ""


def test_a_resumed_draft_runs_again(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    call = Call("Dana Whitfield")
    call.ended_at = call.started_at
    window.begin(call)
    assert window.call.ended_at is None
