"""Compact mode: a slim strip (about 360x180) for small screens and screen sharing.

It shows only what a glance needs: the timer, the next moment to earn, the top suggested
line and the open objections. Everything else stays one button (or shortcut) away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

STRIP_SIZE = (360, 180)
_LINE_CHARS = 150          # longer lines are cut with "…" (the whole line is in the tooltip)


def _label(name: str, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class CompactPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.timer_label = _label("timer")
        self.timer_label.setAccessibleName("Call duration")
        self.contact_label = _label("contactName")
        self.expand_button = QToolButton()
        self.expand_button.setText("⤢")
        self.expand_button.setAutoRaise(True)
        self.expand_button.setAccessibleName("Full window")
        self.expand_button.setToolTip("Back to the full window (Ctrl+Shift+M)")
        self.start_button = QPushButton("Start call")
        self.start_button.setObjectName("primary")
        self.start_button.setToolTip("Start a call (Ctrl+N)")
        self.start_button.setAccessibleName("Start call")
        self.next_label = _label("momentPrompt", wrap=True)
        self.next_label.setAccessibleName("Next yes moment to earn")
        self.line_label = _label("coachScript", wrap=True)
        self.line_label.setAccessibleName("Suggested line")
        self.objections_label = _label("muted", wrap=True)
        self.objections_label.setAccessibleName("Open objections")
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.timer_label)
        top.addWidget(self.contact_label, 1)
        top.addWidget(self.expand_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.start_button)
        layout.addWidget(self.next_label)
        layout.addWidget(self.line_label, 1)
        layout.addWidget(self.objections_label)
        self.show_idle()

    def show_idle(self) -> None:
        self.timer_label.setText("--:--")
        self.contact_label.setText("No call running")
        self.start_button.setVisible(True)
        for label in (self.next_label, self.line_label, self.objections_label):
            label.setVisible(False)

    def show_session(self, session, view) -> None:
        """The running call as the strip shows it; `view` is the coach's current view."""
        call = session.call
        next_id = next((m for m in session.moment_ids if not call.is_agreed(m)), None)
        next_moment = session.playbook.moment(next_id) if next_id else None
        self.show_call(call.contact, next_moment.label if next_moment else None,
                       view.suggestions[0].script if view.suggestions else None,
                       [r.label or o for o, r in call.objections.items() if r.is_open])

    def show_call(self, contact: str, next_moment: str | None, line: str | None,
                  open_objections: list[str]) -> None:
        self.contact_label.setText(contact)
        self.start_button.setVisible(False)
        self.next_label.setText(f"Next: {next_moment}" if next_moment else "Every yes moment is agreed")
        line = line or ""
        short = line if len(line) <= _LINE_CHARS else line[:_LINE_CHARS - 1].rstrip() + "…"
        self.line_label.setText(f"“{short}”" if line else "")
        self.line_label.setToolTip(line)
        self.objections_label.setText("Open: " + ", ".join(open_objections) if open_objections
                                      else "No open objections")
        for label in (self.next_label, self.line_label, self.objections_label):
            label.setVisible(True)
        self.line_label.setVisible(bool(line))
