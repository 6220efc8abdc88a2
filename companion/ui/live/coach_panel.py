"""The "Suggested close" area: the top close large with its line to say, two more below.

It only displays what the coach ranked; recording an attempt is reported upwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from companion.ui.style import rich

RESULT_CHOICES = (("accepted", "&Accepted"), ("deferred", "&Deferred"), ("declined", "Dec&lined"))


class CoachPanel(QWidget):
    attempt_recorded = Signal(str, str)      # close id, result
    copied = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._suggestions: list = []
        title = QLabel("SUGGESTED CLOSE")
        title.setObjectName("sectionTitle")
        self.nudge_label = QLabel()
        self.nudge_label.setObjectName("finding")
        self.nudge_label.setProperty("blocking", "false")
        self.nudge_label.setVisible(False)

        self.card = QFrame()
        self.card.setObjectName("coachCard")
        # The suggested close is read in a glance: the card is never squashed below its text.
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._compact = False
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setObjectName("coachName")
        self.script_label = QLabel()
        self.script_label.setTextFormat(Qt.TextFormat.PlainText)
        self.script_label.setObjectName("coachScript")
        self.script_label.setWordWrap(True)
        self.script_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons_label = QLabel()
        self.reasons_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons_label.setObjectName("coachReason")
        self.reasons_label.setWordWrap(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName("Copy the suggested line")
        self.copy_button.setToolTip("Copy the line to the clipboard (Ctrl+Shift+C)")
        self.copy_button.clicked.connect(self.copy_top)
        self.tried_button = QPushButton("Tried it…")
        self.tried_button.setAccessibleName("Record that you tried this close")
        self.tried_button.setToolTip(
            "Record the attempt, then press A (accepted), D (deferred) or L (declined) (Ctrl+T)")
        self.tried_button.clicked.connect(self.ask_result)
        for button in (self.copy_button, self.tried_button):
            button.setObjectName("compact")
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.name_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.tried_button)
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(8, 6, 8, 6)
        card_layout.setSpacing(3)
        card_layout.addLayout(buttons)
        card_layout.addWidget(self.script_label)
        card_layout.addWidget(self.reasons_label)

        self.minor_labels = [QLabel() for _ in range(2)]
        for label in self.minor_labels:
            label.setObjectName("coachMinor")
            label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(title)
        layout.addWidget(self.nudge_label)
        layout.addWidget(self.card)
        for label in self.minor_labels:
            layout.addWidget(label)
        self.declined_label = QLabel()
        self.declined_label.setTextFormat(Qt.TextFormat.PlainText)
        self.declined_label.setObjectName("coachReason")
        self.declined_label.setWordWrap(True)
        self.declined_label.setAccessibleName("Closes declined in this call")
        self.declined_label.setVisible(False)
        layout.addWidget(self.declined_label)

        for keys, slot in (("Ctrl+Shift+C", self.copy_top), ("Ctrl+T", self.ask_result)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def show_suggestions(self, suggestions: list, nudge: str | None = None) -> None:
        self._suggestions = list(suggestions)
        self.nudge_label.setText(nudge or "")
        self.nudge_label.setVisible(bool(nudge))
        if not suggestions:
            self.name_label.setText("No closes in this playbook")
            self.script_label.setText("")
            self.reasons_label.setText("")
            self.copy_button.setEnabled(False)
            self.tried_button.setEnabled(False)
        else:
            top = suggestions[0]
            self.name_label.setText(top.name)
            self.script_label.setText(f"“{top.script}”")
            self.reasons_label.setText(" · ".join(top.reasons))
            self.copy_button.setEnabled(True)
            self.tried_button.setEnabled(True)
        self._hold_text_height()
        for label, suggestion in zip(self.minor_labels, list(suggestions[1:3]) + [None, None]):
            if suggestion is None or self._compact:
                label.setText("")
                label.setVisible(False)
                continue
            reason = f" — {suggestion.reasons[0]}" if suggestion.reasons else ""
            label.setText(f"<b>{rich(suggestion.name)}</b>{rich(reason)}")
            label.setToolTip(f"<p>“{rich(suggestion.script)}”</p>")
            label.setVisible(True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._hold_text_height()

    def _hold_text_height(self) -> None:
        """Layouts do not pass a wrapped label's height-for-width up to the window, so the
        line to say could be squeezed to one clipped line: hold its full height instead and
        let the checklist above scroll."""
        margins = self.card.layout().contentsMargins()
        width = self.card.width() - margins.left() - margins.right()
        if width <= 0:
            return
        for label in (self.script_label, self.reasons_label):
            needed = label.heightForWidth(width) if label.text() else 0
            if label.minimumHeight() != needed:
                label.setMinimumHeight(max(needed, 0))

    def set_compact(self, compact: bool) -> None:
        """In a short window the runner-up closes give their room to the checklist."""
        if compact != self._compact:
            self._compact = compact
            self.show_suggestions(self._suggestions, self.nudge_label.text() or None)

    def show_declined(self, lines: list[str]) -> None:
        self.declined_label.setText(" · ".join(f"✖ {line}" for line in lines))
        self.declined_label.setVisible(bool(lines))

    def top_close_id(self) -> str | None:
        return self._suggestions[0].close_id if self._suggestions else None

    def copy_top(self) -> None:
        if self._suggestions:
            QGuiApplication.clipboard().setText(self._suggestions[0].script)
            self.copied.emit(self._suggestions[0].close_id)

    def ask_result(self) -> None:
        close_id = self.top_close_id()
        if close_id is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName("Result of the close")
        for result, text in RESULT_CHOICES:
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, r=result: self.attempt_recorded.emit(close_id, r))
        menu.popup(self.tried_button.mapToGlobal(self.tried_button.rect().bottomLeft()))
        self._result_menu = menu
