"""Compact mode: a slim strip (about 360x180) for small screens and screen sharing.

It shows only what a glance needs: the timer, the next moment to earn, the top suggested
line and the open objections. Everything else stays one button (or shortcut) away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget

STRIP_SIZE = (360, 180)
# Longer texts are cut with "…" (the whole text is in the tooltip), so three lines of the
# suggested line and one of each other fit the strip at any scale: nothing is clipped.
_LINE_CHARS, _SHORT_CHARS = 110, 44


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


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
        # The timer never gives way; a long name does (its whole text is in the tooltip).
        self.timer_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.contact_label = _label("contactName")
        self.contact_label.setAccessibleName("Contact")
        self.contact_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.expand_button = QToolButton()
        self.expand_button.setText("⤢")
        self.expand_button.setAutoRaise(True)
        self.expand_button.setAccessibleName("Full window")
        self.expand_button.setToolTip("Back to the full window (Ctrl+Shift+M)")
        self.start_button = QPushButton("Start call")
        self.start_button.setObjectName("primary")
        self.start_button.setToolTip("Start a call (Ctrl+N)")
        self.start_button.setAccessibleName("Start call")
        self.next_label = _label("momentPrompt")
        self.next_label.setAccessibleName("Next yes moment to earn")
        self.line_label = _label("coachScript", wrap=True)
        self.line_label.setAccessibleName("Suggested line")
        self.objections_label = _label("muted")
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
        self.start_button.setVisible(False)
        self.contact_label.setText(_cut(contact, _SHORT_CHARS // 2))
        self.contact_label.setToolTip(contact)
        self.next_label.setText(_cut(f"Next: {next_moment}", _SHORT_CHARS) if next_moment
                                else "Every yes moment is agreed")
        self.next_label.setToolTip(next_moment or "")
        line = line or ""
        self.line_label.setText(f"“{_cut(line, _LINE_CHARS)}”" if line else "")
        self.line_label.setToolTip(line)
        objections = "Open: " + ", ".join(open_objections) if open_objections else "No open objections"
        self.objections_label.setText(_cut(objections, _SHORT_CHARS))
        self.objections_label.setToolTip(objections)
        for label in (self.next_label, self.line_label, self.objections_label):
            label.setVisible(True)
        self.line_label.setVisible(bool(line))
