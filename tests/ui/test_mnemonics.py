"""No two controls that can be reached at the same time share an Alt+letter.

Walks every window and dialog of the app in each of its states (wrap-up outcomes, export
with a selection, every settings and review tab) and collects the underlined letters of
buttons, labels with a buddy, tabs and menus, plus Alt+letter shortcuts, of everything
visible at that moment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

from companion.core.call import Call, NextStep, utcnow
from companion.core.settings import Settings
from companion.store.calls import CallStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _alt_letter(sequence: QKeySequence) -> str | None:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    match = re.fullmatch(r"Alt\+([A-Za-z0-9])", text)
    return match.group(1).lower() if match else None


def reachable_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """letter -> the controls that answer Alt+letter in `window` as it is shown now."""
    found: dict[str, list[str]] = defaultdict(list)

    def shown(widget: QWidget) -> bool:
        return widget is window or widget.isVisibleTo(window)

    for button in window.findChildren(QAbstractButton):
        if shown(button) and button.isEnabled():
            # The underlined letter and a key given to the button itself (quick picks' Alt+1).
            for letter in {mnemonic(button.text()), _alt_letter(button.shortcut())} - {None}:
                found[letter].append(f"button “{button.text()}”")
    for label in window.findChildren(QLabel):
        if shown(label) and label.buddy() is not None and (letter := mnemonic(label.text())):
            found[letter].append(f"label “{label.text()}”")
    for box in window.findChildren(QGroupBox):
        if shown(box) and (letter := mnemonic(box.title())):
            found[letter].append(f"group “{box.title()}”")
    for bar in window.findChildren(QTabBar):
        if shown(bar):
            for index in range(bar.count()):
                if letter := mnemonic(bar.tabText(index)):
                    found[letter].append(f"tab “{bar.tabText(index)}”")
    for bar in window.findChildren(QMenuBar):
        if shown(bar):
            for action in bar.actions():
                if letter := mnemonic(action.text()):
                    found[letter].append(f"menu “{action.text()}”")
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and shown(parent):
            if letter := _alt_letter(shortcut.key()):
                found[letter].append(f"shortcut {shortcut.key().toString()}")
    for widget in [window, *window.findChildren(QWidget)]:
        if not shown(widget):
            continue
        for action in QWidget.actions(widget):
            if isinstance(action, QAction) and action.isEnabled():
                for sequence in action.shortcuts():
                    if letter := _alt_letter(sequence):
                        found[letter].append(f"action “{action.text()}” {sequence.toString()}")
    return found


def assert_no_shared_mnemonic(window: QWidget, state: str) -> None:
    clashes = {letter: owners for letter, owners in reachable_mnemonics(window).items()
               if len(set(owners)) > 1}
    assert not clashes, f"{type(window).__name__} ({state}): Alt+ shared by {clashes}"


@pytest.fixture
def services(paths, db):
    return build_services(paths, db, Settings(), load_all_playbooks(paths))


@pytest.fixture
def saved_call(db, paths):
    call = Call("Dana Whitfield", "Northwind", playbook_id="discovery",
                started_at=utcnow() - timedelta(hours=1))
    call.ended_at = call.started_at + timedelta(minutes=20)
    call.outcome, call.disposition = "advance", "connected"
    call.next_step = NextStep("Demo of the reporting module", "both", "Brings the CFO",
                              utcnow() + timedelta(days=2))
    CallStore(db, paths.db_path).save_call(call)
    return call


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_live_window_idle_and_during_a_call(qtbot, services):
    window = show(qtbot, build_main_window(services))
    assert_no_shared_mnemonic(window, "idle")
    window.begin(Call("Dana Whitfield", "Northwind"))
    assert_no_shared_mnemonic(window, "during a call")


def test_wrapup_in_every_outcome(qtbot):
    from companion.ui.wrapup import WrapUpDialog

    dialog = show(qtbot, WrapUpDialog(Call("Dana Whitfield"), lambda c: None, last_chance="Tuesday or Thursday?"))
    for button in dialog.outcome_group.buttons():
        button.setChecked(True)
        dialog.step_fields.due_field.edit.setText("1/1/2020")      # shows the confirmation box
        assert_no_shared_mnemonic(dialog, button.property("outcome"))


def test_start_call(qtbot, services):
    from companion.ui.live.start_dialog import StartCallDialog

    dialog = show(qtbot, StartCallDialog(services.store, services.playbooks, "discovery"))
    assert_no_shared_mnemonic(dialog, "empty")


def test_export_dialog_with_and_without_a_selection(qtbot, db, saved_call):
    from companion.ui.export_dialog import ExportDialog

    for ids in ([], [saved_call.id]):
        dialog = show(qtbot, ExportDialog(db, Settings(), call_ids=ids))
        for index in range(dialog.format_combo.count()):
            dialog.format_combo.setCurrentIndex(index)
            assert_no_shared_mnemonic(dialog, f"{dialog.format_key}, {len(ids)} selected")


def test_settings_every_tab(qtbot, services, paths):
    from companion.ui.settings_dialog import SettingsDialog

    dialog = show(qtbot, SettingsDialog(Settings(), services.playbooks, paths.playbooks_dir,
                                        services.reload_playbooks))
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        assert_no_shared_mnemonic(dialog, dialog.tabs.tabText(index))


def test_review_every_tab_and_its_dialogs(qtbot, services, saved_call):
    from companion.ui.review.call_detail import CallDetailDialog
    from companion.ui.review.reschedule_dialog import RescheduleDialog
    from companion.ui.review.window import ReviewWindow

    review = show(qtbot, ReviewWindow(services.store, services.playbooks))
    for index in range(review.tabs.count()):
        review.tabs.setCurrentIndex(index)
        assert_no_shared_mnemonic(review, review.tabs.tabText(index))
    editor = show(qtbot, CallDetailDialog(review.store, review.queries, review.store.load_call(saved_call.id),
                                          utcnow))
    for outcome in ("advance", "no_connect"):
        editor.outcome_combo.setCurrentIndex(editor.outcome_combo.findData(outcome))
        assert_no_shared_mnemonic(editor, outcome)
    editor.done(0)               # closed without the "discard changes?" question
    reschedule = show(qtbot, RescheduleDialog("Dana: demo", None, utcnow()))
    reschedule.due_field.edit.setText("1/1/2020")
    assert_no_shared_mnemonic(reschedule, "past date")


def test_the_checker_finds_a_clash(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QPushButton("&Today"))
    layout.addWidget(QPushButton("Save &to"))
    show(qtbot, window)
    with pytest.raises(AssertionError, match="Alt\\+ shared"):
        assert_no_shared_mnemonic(window, "made up")
