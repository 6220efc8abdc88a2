"""A whole call driven by the keyboard, as a rep would, then checked in the database."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from companion.core.call import utcnow
from companion.core.schedule import quick_pick_date
from companion.core.settings import Settings
from companion.store.calls import CallStore
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.live.start_dialog import StartCallDialog
from companion.ui.services import build_services
from companion.ui.wrapup import WrapUpDialog


def when_modal_opens(qtbot, kind, action):
    """Run `action(dialog)` once a modal dialog of `kind` is open (exec() blocks the test)."""
    done = []

    def attempt():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            qtbot.waitUntil(dialog.isActiveWindow)
            action(dialog)
            done.append(True)
            # If the action failed to close the dialog, close it so the test fails instead of hanging.
            # Tied to the dialog, so the guard dies with it and cannot fire into a later test.
            QTimer.singleShot(3000, dialog, lambda: dialog.isVisible() and (done.append(False), dialog.reject()))
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)
    return done


def test_whole_call_by_keyboard_lands_in_the_database(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    def fill_start(dialog):
        qtbot.keyClicks(dialog.contact_edit, "Dana Whitfield")
        qtbot.keyClick(dialog.contact_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.company_edit, "Northwind Logistics")
        qtbot.keyClick(dialog.company_edit, Qt.Key.Key_Return)

    started = when_modal_opens(qtbot, StartCallDialog, fill_start)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert started == [True] and window.call is not None
    assert window.call.contact == "Dana Whitfield"
    ordered = window.checklist.ordered_moment_ids()
    qtbot.waitUntil(window.isActiveWindow)   # focus comes back from the closed dialog

    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_4):
        qtbot.keyClick(window.focusWidget(), key)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.notes_edit
    qtbot.keyClicks(window.notes_edit, "CFO signs off; 3 2 1")
    # Digits typed in the notes stay text; Alt+digit still ticks from inside the field.
    qtbot.keyClick(window.notes_edit, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.notes_edit, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.notes_edit, Qt.Key.Key_Escape)
    assert window.focusWidget() is not window.notes_edit

    def fill_wrapup(dialog):
        qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: dialog.outcome() == "advance")   # mnemonics click after a short animation
        qtbot.keyClick(dialog, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.focusWidget(), "Demo of the reporting module")
        qtbot.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.focusWidget(), "Brings the CFO")
        qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: dialog.step_fields.due_field.due() is not None)
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    wrapped = when_modal_opens(qtbot, WrapUpDialog, fill_wrapup)
    call_id = window.call.id
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wrapped == [True]
    assert window.call is None

    saved = CallStore(db).load_call(call_id)
    assert saved is not None
    assert set(saved.moments) == {ordered[0], ordered[1], ordered[3]}
    assert set(saved.objections) == {"price"} and saved.objections["price"].is_open
    assert saved.notes == "CFO signs off; 3 2 1"
    assert saved.outcome == "advance" and saved.disposition == "connected"
    step = saved.next_step
    assert step.action == "Demo of the reporting module"
    assert step.customer_action == "Brings the CFO"
    assert step.owner == "both" and step.status == "open"
    local_due = step.due.astimezone()
    assert local_due.date() == quick_pick_date("two_days", utcnow().astimezone().date())
    assert local_due.weekday() < 5 and (local_due.hour, local_due.minute) == (10, 0)
    assert saved.ended_at is not None and saved.ended_at >= saved.started_at
    assert DraftStore(db).pending() == []


def test_enter_in_wrapup_fields_never_presses_a_button(qtbot):
    from companion.core.call import Call

    saved = []
    dialog = WrapUpDialog(Call("Dana"), saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.clipboard().setText("sentinel")
    field = dialog.step_fields.action_edit
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.isVisible() and not saved
    assert QApplication.clipboard().text() == "sentinel"          # "Copy recap" was not pressed
    assert not any(b.isDefault() or b.autoDefault() for b in
                   (dialog.copy_button, dialog.cancel_button, dialog.save_button))
