"""A button that records a key combination: click it (or press Enter), then press the keys.

Esc cancels, Backspace or Delete turns the shortcut off. The combination is checked as a
global shortcut would be (Ctrl+Alt+3 yes; a bare letter, which would stop that letter
from typing anywhere, no) and the reason is shown when it is refused.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton

from companion.integrations.hotkeys.binding import Binding, normalise_key

_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta,
                  Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock,
                  Qt.Key.Key_NumLock}
_NAMED = {
    Qt.Key.Key_Space: "Space", Qt.Key.Key_Insert: "Insert", Qt.Key.Key_Delete: "Delete",
    Qt.Key.Key_Home: "Home", Qt.Key.Key_End: "End", Qt.Key.Key_PageUp: "PgUp",
    Qt.Key.Key_PageDown: "PgDown", Qt.Key.Key_Left: "Left", Qt.Key.Key_Right: "Right",
    Qt.Key.Key_Up: "Up", Qt.Key.Key_Down: "Down", Qt.Key.Key_Pause: "Pause",
}
# With Shift held, the digit keys report their symbol; on US and UK keyboards these are they.
_SHIFTED_DIGITS = dict(zip("!@#$%^&*()", "1234567890")) | {'"': "2", "£": "3", "§": "3"}


def key_name(event: QKeyEvent) -> str | None:
    """Our name for the key pressed (ignoring modifiers), or None for keys we do not bind."""
    key = event.key()
    if Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F12.value:
        return f"F{key - Qt.Key.Key_F1.value + 1}"
    if key in _NAMED:
        return _NAMED[key]
    if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value or Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value:
        return chr(key)
    # Qt's codes for printable ASCII keys are the characters themselves ("!" for Shift+1).
    text = chr(key) if 0x20 < key < 0x7F else event.text()
    if text in _SHIFTED_DIGITS:
        return _SHIFTED_DIGITS[text]
    return normalise_key(text) if text else None


def modifier_names(modifiers: Qt.KeyboardModifier, mac: bool = sys.platform == "darwin") -> set[str]:
    # On a Mac, Qt reports Command as Control and Control as Meta.
    control, meta = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.MetaModifier
    names = set()
    if modifiers & control:
        names.add("Super" if mac else "Ctrl")
    if modifiers & meta:
        names.add("Ctrl" if mac else "Super")
    if modifiers & Qt.KeyboardModifier.AltModifier:
        names.add("Alt")
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        names.add("Shift")
    return names


class KeyRecorder(QPushButton):
    changed = Signal(str)              # the new combination, "" when turned off
    recording_changed = Signal(bool)   # True while waiting for keys
    refused = Signal(str)              # why a combination cannot be used

    def __init__(self, text: str, label: str, parent=None):
        super().__init__(parent)
        self.binding_text = text
        self.recording = False
        self.setAccessibleName(f"Shortcut for {label}")
        self.setToolTip(f"{label}: click, then press the new keys (Esc cancels, Backspace turns it off)")
        self.clicked.connect(self.start_recording)
        self._show()

    def _show(self) -> None:
        if self.recording:
            self.setText("Press the keys…")
        else:
            self.setText(self.binding_text or "None")

    def start_recording(self) -> None:
        self.recording = True
        self._show()
        self.grabKeyboard()                 # Tab, Esc and Enter must reach us, not the dialog
        self.recording_changed.emit(True)

    def stop_recording(self) -> None:
        if self.recording:
            self.recording = False
            self.releaseKeyboard()
            self._show()
            self.recording_changed.emit(False)

    def focusOutEvent(self, event) -> None:
        self.stop_recording()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.recording:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in _MODIFIER_KEYS:
            return                               # wait for the key that completes the combination
        modifiers = modifier_names(event.modifiers())
        if not modifiers and key == Qt.Key.Key_Escape:
            self.stop_recording()
            return
        if not modifiers and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_binding("")
            return
        name = key_name(event)
        if name is None:
            self.refused.emit(f"{event.text() or 'That key'} cannot be part of a global shortcut; "
                              "use letters, digits, F1-F12, Space or the arrow keys")
            return
        binding = Binding(frozenset(modifiers), name)
        problem = binding.problem()
        if problem:
            self.refused.emit(problem)
            return
        self.set_binding(str(binding))

    def show_binding(self, text: str) -> None:
        """Set the combination shown without announcing a change (reset, a refused clash)."""
        self.binding_text = text
        self.stop_recording()
        self._show()

    def set_binding(self, text: str) -> None:
        self.binding_text = text
        self.stop_recording()
        self.changed.emit(text)
