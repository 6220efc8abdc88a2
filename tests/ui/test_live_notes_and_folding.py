"""N notes the moment just ticked (or focused), every typed note is saved, and focus never
sits on a row that folded away; the card says when a close was declined; the saved banner
shows the year of a due date that is not this year."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from companion.core.call import Call, NextStep, utcnow
from companion.core.settings import Settings
from companion.store.calls import CallStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services


def live_window(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.begin(Call("Dana Whitfield", "Northwind"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_three_then_n_opens_the_note_of_moment_three_and_the_note_is_kept(qtbot, paths, db):
    window = live_window(qtbot, paths, db)
    rows = window.checklist.rows
    press(qtbot, Qt.Key.Key_3)
    assert window.call.is_agreed(rows[2].moment.id)
    press(qtbot, Qt.Key.Key_N)
    assert QApplication.focusWidget() is rows[2].note_edit
    qtbot.keyClicks(rows[2].note_edit, "budget ~20k")
    qtbot.keyClick(rows[2].note_edit, Qt.Key.Key_Return)
    assert window.call.moments[rows[2].moment.id].note == "budget ~20k"
    assert not rows[0].note_edit.isVisible()
    window._save_call(window.call)
    saved = CallStore(db).load_call(window.call.id)
    assert saved.moments[rows[2].moment.id].note == "budget ~20k"


def test_a_note_on_a_moment_that_is_not_ticked_is_saved_with_the_call(qtbot, paths, db):
    window = live_window(qtbot, paths, db)
    first = window.checklist.rows[0]
    assert QApplication.focusWidget() is first.check
    press(qtbot, Qt.Key.Key_N)
    qtbot.keyClicks(first.note_edit, "asked about SSO")
    qtbot.keyClick(first.note_edit, Qt.Key.Key_Return)
    assert not window.call.is_agreed(first.moment.id)
    window._save_call(window.call)
    saved = CallStore(db).load_call(window.call.id)
    assert f"{first.moment.label} (not ticked): asked about SSO" in saved.notes


def test_focus_leaves_a_stage_that_folds_and_n_still_reaches_the_ticked_moment(qtbot, paths, db):
    window = live_window(qtbot, paths, db)
    rows = window.checklist.rows
    first_stage = [r for r in rows if r.moment.stage == rows[0].moment.stage]
    for number in range(1, len(first_stage) + 1):
        press(qtbot, getattr(Qt.Key, f"Key_{number}"))
    assert all(r.isHidden() for r in first_stage)          # the finished stage folded
    focused = QApplication.focusWidget()
    assert not any(r.isAncestorOf(focused) or r is focused for r in first_stage)
    assert focused is rows[len(first_stage)].check          # the next moment to earn
    press(qtbot, Qt.Key.Key_N)                              # the moment just ticked
    assert QApplication.focusWidget() is first_stage[-1].note_edit
    assert not first_stage[-1].isHidden()
    qtbot.keyClick(first_stage[-1].note_edit, Qt.Key.Key_Escape)
    window.checklist.rows[len(first_stage)].check.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is not rows[len(first_stage)].check


def test_a_declined_close_shows_when_it_was_declined(qtbot, paths, db):
    window = live_window(qtbot, paths, db)
    top = window.coach_panel.top_close_id()
    window.session.record_close_attempt(top, "declined")
    close = window.session.playbook.close(top)
    assert window.statusBar().currentMessage() == f"{close.name} declined"
    text = window.coach_panel.declined_label.text()
    assert window.coach_panel.declined_label.isVisible()
    assert f"{close.name} declined at {utcnow().astimezone():%H}" in text


def test_the_saved_banner_shows_the_year_when_it_is_not_this_year(qtbot, paths, db):
    window = live_window(qtbot, paths, db)
    call = window.call
    call.outcome, call.disposition = "advance", "connected"
    due = (utcnow() + timedelta(days=400)).replace(hour=10, minute=0)
    call.next_step = NextStep("Renewal talk with the board", "both", "Brings the CFO", due)
    window._finish(call)
    assert str(due.astimezone().year) in window.last_saved_label.text()
