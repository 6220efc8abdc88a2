"""The two faces of the live window: waiting for a call, and the call itself.

Only layout lives here; the window wires the controls to what they do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.live.checklist import Checklist
from companion.ui.live.coach_panel import CoachPanel
from companion.ui.live.listen_panel import ListenPanel
from companion.ui.live.objection_bar import ObjectionBar
from companion.ui.live.window_actions import menu_button
from companion.ui.style import icon, rich


def compact_button() -> QToolButton:
    button = QToolButton()
    button.setText("⤡")
    button.setAutoRaise(True)
    button.setAccessibleName("Compact strip")
    button.setToolTip("Shrink to a slim strip: timer, next moment, the line to say, open objections "
                      "(Ctrl+Shift+M)")
    return button


def _label(object_name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)       # contact and company are shown as typed
    return label


class IdlePage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.start_button = QPushButton("Start call")
        self.start_button.setObjectName("primary")
        self.start_button.setIcon(icon("start", on_fill=True))
        self.start_button.setToolTip("Start a call (Ctrl+N)")
        self.start_button.setAccessibleName("Start call")
        self.idle_label = _label("muted", "No call running.\nPress Ctrl+N when you dial.")
        self.idle_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.last_saved_label = _label("lastTime")
        self.last_saved_label.setWordWrap(True)
        self.last_saved_label.setVisible(False)
        self.menu_button = menu_button()
        self.compact_button = compact_button()
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.compact_button)
        top.addWidget(self.menu_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addWidget(self.idle_label)
        layout.addWidget(self.start_button)
        layout.addWidget(self.last_saved_label)
        layout.addStretch(2)


class CallPage(QWidget):
    """Header, checklist, objections and deal value, notes, the coach, End call."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.contact_label = _label("contactName")
        self.company_label = _label("muted")
        self.timer_label = _label("timer", "00:00")
        self.timer_label.setAccessibleName("Call duration")
        self.pin_button = QToolButton()
        self.pin_button.setIcon(icon("pin"))
        self.pin_button.setText("Pin")
        self.pin_button.setCheckable(True)
        self.pin_button.setAutoRaise(True)
        self.pin_button.setAccessibleName("Keep on top")
        self.pin_button.setToolTip("Keep this window above other windows, the video call too (Ctrl+Shift+T)")
        self.menu_button = menu_button()
        self.compact_button = compact_button()
        self.checklist = Checklist()
        self.objection_bar = ObjectionBar()
        self.listen_panel = ListenPanel()       # hidden unless listening is on
        self.deal_edit = QLineEdit()
        self.deal_edit.setPlaceholderText("Deal value")
        self.deal_edit.setAccessibleName("Deal value")
        self.deal_edit.setToolTip("Deal value, e.g. 25k or 40,000: large deals hold back pushy closes (Ctrl+D)")
        self.deal_edit.setMaximumWidth(110)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Notes (Ctrl+E). Esc returns to the checklist.")
        self.notes_edit.setAccessibleName("Call notes")
        self.notes_edit.setToolTip("Free notes (Ctrl+E)")
        self.notes_edit.setTabChangesFocus(True)
        # Three lines: the checklist, not the notes, gets the height of a small window.
        self.notes_edit.setMaximumHeight(62)
        self.coach_panel = CoachPanel()
        self.end_button = QPushButton("End call")
        self.end_button.setObjectName("endCall")
        self.end_button.setIcon(icon("end", on_fill=True))
        self.end_button.setToolTip("End the call and wrap up (Ctrl+Return)")
        self.end_button.setAccessibleName("End call")
        self._lay_out()

    def _lay_out(self) -> None:
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.contact_label)
        names.addWidget(self.company_label)
        header = QHBoxLayout()
        header.addLayout(names, 1)
        header.addWidget(self.timer_label)
        header.addWidget(self.pin_button)
        header.addWidget(self.compact_button)
        header.addWidget(self.menu_button)
        objections_row = QHBoxLayout()
        objections_row.addWidget(_label("sectionTitle", "OBJECTIONS"), 1)
        objections_row.addWidget(self.deal_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.listen_panel)
        layout.addLayout(objections_row)
        layout.addWidget(self.objection_bar)
        layout.addWidget(self.notes_edit)
        layout.addWidget(self.coach_panel)
        layout.addWidget(self.end_button)

    def show_new_call(self, call, playbook, deal_value_text: str) -> None:
        """Fill the page for a call that starts (or is resumed from its draft)."""
        self.contact_label.setText(call.contact)
        self.company_label.setText(call.company or playbook.name)
        self.company_label.setToolTip(f"<p>Playbook: {rich(playbook.name)}</p>")
        self.checklist.set_playbook(playbook)
        self.objection_bar.set_playbook(playbook)
        self.notes_edit.blockSignals(True)         # the notes shown are not a change by the rep
        self.notes_edit.setPlainText(call.notes)
        self.notes_edit.blockSignals(False)
        self.deal_edit.setText(deal_value_text)
