"""Pick a new due date for a next step: a calendar, a time, and quick picks."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
)

from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.ui.next_step_form import DEFAULT_HOUR, quick_due

QUICK_PICKS = (("in_hour", "In 1 hour", "Alt+1"), ("tomorrow", "Tomorrow", "Alt+2"),
               ("two_days", "In 2 days", "Alt+3"), ("next_week", "Next week", "Alt+4"))


def quick_pick(kind: str, now: datetime, working_days=DEFAULT_WORKING_DAYS) -> datetime:
    """Local, aware: the wrap-up's picks (10:00 on the day), plus "in an hour" on the hour."""
    if kind == "in_hour":
        return (now.astimezone() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return quick_due(kind, now, working_days)


class RescheduleDialog(QDialog):
    def __init__(self, what: str, current: datetime | None, now: datetime, parent=None,
                 working_days=DEFAULT_WORKING_DAYS):
        super().__init__(parent)
        self.setWindowTitle("Reschedule next step")
        self.now = now
        self.working_days = tuple(working_days)
        start = (current or quick_due("tomorrow", now, self.working_days)).astimezone()
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName("Due date")
        self.calendar.setGridVisible(False)
        self.calendar.setMinimumDate(QDate(now.astimezone().date()))
        self.calendar.setSelectedDate(QDate(max(start, now.astimezone()).date()))
        self.time_edit = QTimeEdit(QTime(start.hour, start.minute))
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName("Due time")
        time_label = QLabel("&Time")
        time_label.setBuddy(self.time_edit)

        picks = QHBoxLayout()
        for kind, text, keys in QUICK_PICKS:
            button = QPushButton(text)
            button.setAccessibleName(f"Due {text.lower()}")
            hint = "on the hour" if kind == "in_hour" else f"at {DEFAULT_HOUR}:00"
            button.setToolTip(f"{text}, {hint} ({keys})")
            button.setShortcut(QKeySequence(keys))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=kind: self.pick(k))
            picks.addWidget(button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Reschedule")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Save the new date (Enter)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Keep the old date (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        title = QLabel(what)
        title.setObjectName("contactName")
        title.setWordWrap(True)
        time_row = QHBoxLayout()
        time_row.addWidget(time_label)
        time_row.addWidget(self.time_edit)
        time_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(picks)
        layout.addWidget(self.calendar)
        layout.addLayout(time_row)
        layout.addWidget(buttons)

    def pick(self, kind: str) -> None:
        moment = quick_pick(kind, self.now, self.working_days)
        self.calendar.setSelectedDate(QDate(moment.date()))
        self.time_edit.setTime(QTime(moment.hour, moment.minute))

    def due(self) -> datetime:
        """The chosen local date and time, as an aware datetime."""
        day = self.calendar.selectedDate().toPython()
        at = self.time_edit.time().toPython()
        return datetime.combine(day, at).astimezone()
