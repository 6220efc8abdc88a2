"""Settings › Shortcuts: the global shortcuts, each recorded by pressing it, with what the
desktop said about it ("Ctrl+Alt+3 is taken by another application") and, where the
desktop offers no global shortcuts at all, a plain sentence saying so."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.core.settings import Settings
from companion.core.shortcut_actions import ACTIONS, DEFAULTS, effective_bindings, label
from companion.ui.key_recorder import KeyRecorder


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class ShortcutSettings(QWidget):
    def __init__(self, settings: Settings, service=None, parent=None):
        """`service` is the running GlobalShortcutService (None where none runs, e.g. tests)."""
        super().__init__(parent)
        self.service = service
        self.on_top_check = QCheckBox("Keep the window above other windows (the video call never covers it)")
        self.on_top_check.setChecked(settings.keep_on_top)
        self.on_top_check.setAccessibleName("Keep on top")
        self.status_label = _muted()
        self.status_label.setAccessibleName("Global shortcuts status")
        self.message_label = QLabel()
        self.message_label.setObjectName("finding")
        self.message_label.setProperty("blocking", "true")
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        self.recorders: dict[str, KeyRecorder] = {}
        self.notes: dict[str, QLabel] = {}
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        bindings = effective_bindings(settings.global_shortcuts)
        for row, action in enumerate(ACTIONS):
            recorder = KeyRecorder(bindings[action.id], action.label)
            recorder.changed.connect(lambda text, a=action.id: self._changed(a, text))
            recorder.refused.connect(self._say)
            recorder.recording_changed.connect(self._recording)
            note = QLabel()
            note.setObjectName("finding")
            note.setProperty("blocking", "true")
            note.setVisible(False)
            grid.addWidget(QLabel(action.label), 2 * row, 0)
            grid.addWidget(recorder, 2 * row, 1)
            grid.addWidget(note, 2 * row + 1, 0, 1, 2)
            self.recorders[action.id], self.notes[action.id] = recorder, note
        grid.setColumnStretch(0, 1)
        self._previous = dict(bindings)          # to go back to when a new choice clashes
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(grid_host)
        reset = QPushButton("Reset to defaults")
        reset.setAccessibleName("Reset shortcuts to defaults")
        reset.setToolTip("Put back the keys Call Companion comes with")
        reset.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(reset)
        layout = QVBoxLayout(self)
        layout.addWidget(self.on_top_check)
        layout.addWidget(self.status_label)
        layout.addWidget(self.message_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.show_results()

    # -- what the desktop said --------------------------------------------------------------
    def show_results(self) -> None:
        service = self.service
        if service is None:
            self.status_label.setText("Global shortcuts work while Call Companion runs; another app "
                                      "can keep the keyboard.")
        elif not service.available:
            self.status_label.setText(f"Global shortcuts are not available here: {service.why_unavailable}. "
                                      "The window's own keys (1-9, Ctrl+1-6, Ctrl+T...) still work "
                                      "once it has the focus (Alt+Tab).")
        else:
            self.status_label.setText("These keys work while another app (the call) has the keyboard. "
                                      "Click one, then press the new keys.")
        results = service.results if service is not None else {}
        for action_id, note in self.notes.items():
            result = results.get(action_id)
            current = self.recorders[action_id].binding_text
            problem = result.message() if result is not None and not result.ok else ""
            if result is not None and result.binding is not None and str(result.binding) != current:
                problem = ""                     # changed since: judged again on Save
            note.setText(problem)
            note.setVisible(bool(problem))

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    def _recording(self, on: bool) -> None:
        # While recording, the old combinations must reach the recorder, not run their action.
        if self.service is not None:
            (self.service.suspend if on else self.service.resume)()
        if on:
            self._say("")

    def _changed(self, action_id: str, text: str) -> None:
        clash = next((a for a, r in self.recorders.items() if a != action_id and text
                      and r.binding_text == text), None)
        if clash is not None:
            self.recorders[action_id].show_binding(self._previous[action_id])
            self._say(f"{text} is already used for \"{label(clash)}\"; press another combination.")
            return
        self._previous[action_id] = text
        self._say("")
        self.show_results()

    def reset(self) -> None:
        for action_id, recorder in self.recorders.items():
            recorder.show_binding(DEFAULTS[action_id])
            self._previous[action_id] = DEFAULTS[action_id]
        self._say("")
        self.show_results()

    # -- saving -------------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        """Only what differs from the defaults is kept, so better defaults reach the rep later."""
        return {a: r.binding_text for a, r in self.recorders.items() if r.binding_text != DEFAULTS[a]}

    def save(self, settings: Settings) -> None:
        settings.global_shortcuts = self.values()
        settings.keep_on_top = self.on_top_check.isChecked()
