"""Calls set aside: drafts of calls that were not wrapped up ("Later" at start-up, a crash
with more than one call open). They stay in the database until the rep resumes them or,
asked first, discards them; Calls › Resume set-aside call… lists them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from companion.core.call import Call
from companion.core.call_text import counted
from companion.ui.fit_screen import cap_to_screen


def describe(call: Call) -> str:
    when = call.started_at.astimezone().strftime("%a %d %b %H:%M")
    who = call.contact + (f" ({call.company})" if call.company else "")
    return f"{who} — started {when}, {counted(len(call.moments), 'yes moment')} agreed"


class SetAsideDialog(QDialog):
    def __init__(self, calls: list[Call], discard, parent=None):
        """`discard(call_id)` removes a draft; it is called only after the rep said yes."""
        super().__init__(parent)
        self.setWindowTitle("Set-aside calls")
        self.setAccessibleName("Set-aside calls")
        self._discard = discard
        self.chosen: Call | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Calls not wrapped up yet")
        for call in calls:
            item = QListWidgetItem(describe(call))
            item.setData(Qt.ItemDataRole.UserRole, call)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda *_: self.resume())
        label = QLabel("&Calls not wrapped up yet:")
        label.setBuddy(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.resume_button = buttons.addButton("&Resume", QDialogButtonBox.ButtonRole.AcceptRole)
        self.resume_button.setToolTip("Continue the selected call where it was left (Enter)")
        self.resume_button.setDefault(True)
        self.discard_button = QPushButton("&Discard…")
        self.discard_button.setToolTip("Delete the selected call for good; asks first")
        self.discard_button.setAutoDefault(False)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.accepted.connect(self.resume)
        buttons.rejected.connect(self.reject)
        self.discard_button.clicked.connect(self.ask_to_discard)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        cap_to_screen(self)

    def current(self) -> Call | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def resume(self) -> None:
        self.chosen = self.current()
        if self.chosen is not None:
            self.accept()

    def ask_to_discard(self) -> None:
        call = self.current()
        if call is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Discard this call?",
                          f"Discard the call with {call.contact} and everything entered in it? "
                          "This cannot be undone.", parent=self)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is not discard:
            return
        self._discard(call.id)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.reject()


def set_aside_calls(window) -> list[Call]:
    drafts = window.draft_saver.drafts
    if drafts is None:
        return []
    running = window.call.id if window.call is not None else None
    return [call for call in drafts.pending() if call.id != running]


def resume_set_aside(window) -> None:
    """Calls › Resume set-aside call…: pick one and carry on with it."""
    calls = set_aside_calls(window)
    if not calls:
        window.statusBar().showMessage("No set-aside calls: every call was wrapped up.", 6000)
        return
    if window.call is not None:
        window.statusBar().showMessage(
            f"End the current call first (Ctrl+Return); {counted(len(calls), 'call')} set aside.", 6000)
        return
    dialog = SetAsideDialog(calls, window.draft_saver.drafts.discard, window)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
        window.begin(dialog.chosen)
