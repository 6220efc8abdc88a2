"""Start call with a returning contact: Enter in the completion list starts the call."""

from datetime import timedelta

from PySide6.QtCore import Qt

from companion.core.call import Call, NextStep, utcnow
from companion.core.settings import Settings
from companion.store.calls import CallStore
from companion.ui.app import load_all_playbooks
from companion.ui.live.start_dialog import StartCallDialog
from companion.ui.services import build_services


def returning_contact(db, paths) -> CallStore:
    store = CallStore(db, paths.db_path)
    call = Call("Dana Whitfield", "Northwind Logistics", playbook_id="discovery",
                started_at=utcnow() - timedelta(days=3))
    call.ended_at = call.started_at + timedelta(minutes=25)
    call.outcome, call.disposition = "advance", "connected"
    call.next_step = NextStep("Demo of the reporting module", "both", "Brings the CFO",
                              utcnow() - timedelta(days=1))
    store.save_call(call)
    return store


def open_dialog(qtbot, paths, db):
    services = build_services(paths, db, Settings(), load_all_playbooks(paths))
    dialog = StartCallDialog(returning_contact(db, paths), services.playbooks, "discovery")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_enter_in_the_completion_list_starts_the_call(qtbot, paths, db):
    dialog = open_dialog(qtbot, paths, db)
    qtbot.keyClicks(dialog.contact_edit, "dana")
    popup = dialog.contact_edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == StartCallDialog.DialogCode.Accepted
    assert dialog.values()[:2] == ("Dana Whitfield", "Northwind Logistics")


def test_enter_with_the_list_open_and_nothing_picked_starts_with_what_was_typed(qtbot, paths, db):
    dialog = open_dialog(qtbot, paths, db)
    qtbot.keyClicks(dialog.contact_edit, "Dana Whitfield")
    popup = dialog.contact_edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == StartCallDialog.DialogCode.Accepted
    assert dialog.values()[0] == "Dana Whitfield"


def test_enter_does_nothing_while_the_form_is_not_valid(qtbot, paths, db):
    dialog = open_dialog(qtbot, paths, db)
    qtbot.keyClick(dialog.contact_edit, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert dialog.isVisible()


def test_the_dialog_grows_for_what_happened_last_time(qtbot, paths, db):
    dialog = open_dialog(qtbot, paths, db)
    before = dialog.height()
    qtbot.keyClicks(dialog.contact_edit, "Dana Whitfield")
    dialog.contact_edit.completer().popup().hide()
    qtbot.keyClick(dialog.contact_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.last_time.isVisible)
    qtbot.waitUntil(lambda: dialog.height() > before)
    qtbot.wait(50)
    for label in (dialog.last_time, dialog.history_label):
        if label.isVisible():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().bottomLeft()).y() <= dialog.height()
