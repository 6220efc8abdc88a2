"""Pick a new due date for a next step: type it, pick it on a calendar, or a quick pick.

The due line is the wrap-up's own (same reading, same quick picks on Alt+1 to Alt+4, same
confirmation for a date in the past or far ahead); the calendar writes into it.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from companion.core.due_text import field_text, quick_due
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.ui.due_field import DueField
from companion.ui.fit_screen import cap_to_screen, grow_to_content
from companion.ui.next_step_form import FindingsView


class RescheduleDialog(QDialog):
    def __init__(self, what: str, current: datetime | None, now: datetime, parent=None,
                 working_days=DEFAULT_WORKING_DAYS):
        super().__init__(parent)
        self.setWindowTitle("Reschedule next step")
        self.now = now
        self.working_days = tuple(working_days)
        self.due_field = DueField(lambda: now, self.working_days)
        # The old date is shown as a starting point, never kept by accident: a date in the
        # past has to be confirmed like any other.
        start = current if current is not None and current >= now else quick_due("tomorrow", now, self.working_days)
        self.due_field.set_text(field_text(start))
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName("Due date")
        self.calendar.setGridVisible(False)
        self.calendar.setSelectedDate(QDate(start.astimezone().date()))
        self.calendar.clicked.connect(self._day_clicked)
        self.calendar.activated.connect(self._day_clicked)
        self.findings_view = FindingsView()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Reschedule")
        self.ok_button.setToolTip("Save the new date (Ctrl+Return or Alt+R)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Keep the old date (Esc)")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

        title = QLabel(what)
        title.setObjectName("contactName")
        title.setWordWrap(True)
        form = QFormLayout()
        due_label = QLabel("&Due")
        due_label.setBuddy(self.due_field.edit)
        form.addRow(due_label, self.due_field)
        form.addRow("", self.due_field.quick_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.calendar)
        layout.addWidget(self.findings_view)
        layout.addWidget(self.buttons)
        self.due_field.changed.connect(self._refresh)
        self._refresh()

    def _day_clicked(self, day: QDate) -> None:
        """A day on the calendar keeps the time already typed (10:00 if none)."""
        current = self.due_field.due()
        at = current.astimezone().time() if current else time(10, 0)
        self.due_field.set_text(field_text(datetime.combine(day.toPython(), at).astimezone()))

    def _refresh(self) -> None:
        findings = self.due_field.findings()
        if not findings and self.due_field.due() is None:
            from companion.core.wrapup import Finding

            findings = [Finding("due", "Type the new due date, or pick one.", True)]
        self.findings_view.show_findings(findings)
        self.ok_button.setEnabled(not findings)
        due = self.due_field.due()
        if due is not None:
            self.calendar.blockSignals(True)
            self.calendar.setSelectedDate(QDate(due.astimezone().date()))
            self.calendar.blockSignals(False)
        grow_to_content(self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        cap_to_screen(self)

    def pick(self, kind: str) -> None:
        self.due_field.pick(kind)

    def try_accept(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()

    def due(self) -> datetime:
        """The chosen moment, as an aware datetime (local)."""
        due = self.due_field.due()
        assert due is not None, "accepted only with a readable due date"
        return due
