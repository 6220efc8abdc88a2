"""The due date as the rep types it, read back in words, with the same quick picks and the
same confirmation wherever a due date is set (wrap-up, saved-call editor, Reschedule)."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from companion.core.due_text import (
    DEFAULT_HOUR,
    QUICK_PICKS,
    DueReading,
    field_text,
    format_due,
    needs_confirmation,
    parse_due,
    quick_due,
)
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.core.wrapup import Finding


def locale_is_month_first() -> bool:
    """12/03 is 3 December where the rep's own short dates put the month first."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat).lower()
    return pattern.find("m") < pattern.find("d")


class DueField(QWidget):
    """A line to type the due date in, what it was read as, and (for a date in the past or
    far ahead) a box to confirm it. An empty line means no due date."""

    changed = Signal()

    def __init__(self, clock: Callable[[], datetime], working_days=DEFAULT_WORKING_DAYS,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = clock
        self.working_days = tuple(working_days)
        self.month_first = locale_is_month_first()
        self._loaded: datetime | None = None      # a saved date shown again needs no confirmation
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("none yet, e.g. tomorrow 14:00, fri, 12/03 9am")
        self.edit.setAccessibleName("Next step due date and time")
        self.edit.setToolTip("Type a date and time, or use the quick picks (Alt+1 to Alt+4); "
                             "empty means no due date")
        self.reading_label = QLabel()
        self.reading_label.setObjectName("muted")
        self.reading_label.setAccessibleName("Due date as read")
        self.reading_label.setWordWrap(True)
        self.confirm_check = QCheckBox()
        self.confirm_check.setAccessibleName("Confirm the due date")
        self.confirm_check.setVisible(False)
        self.quick_buttons = QWidget()
        quick = QHBoxLayout(self.quick_buttons)
        quick.setContentsMargins(0, 0, 0, 0)
        quick.setSpacing(4)
        self.pick_buttons: dict[str, QPushButton] = {}
        for number, (kind, text) in enumerate(QUICK_PICKS, start=1):
            keys = f"Alt+{number}"
            button = QPushButton(f"{text}")
            when = "on the hour" if kind == "in_hour" else f"at {DEFAULT_HOUR}:00, in working days"
            button.setToolTip(f"Due {text.lower()}, {when} ({keys})")
            button.setAccessibleName(f"Due {text.lower()}")
            button.setShortcut(QKeySequence(keys))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=kind: self.pick(k))
            quick.addWidget(button)
            self.pick_buttons[kind] = button
        quick.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.reading_label)
        layout.addWidget(self.confirm_check)
        self.edit.textChanged.connect(self._typed)
        self.confirm_check.toggled.connect(lambda *_: self.changed.emit())
        self._show_reading()

    # -- values ------------------------------------------------------------------------------
    def reading(self) -> DueReading:
        return parse_due(self.edit.text(), self.clock(), month_first=self.month_first,
                         working_days=self.working_days)

    def due(self) -> datetime | None:
        return self.reading().when

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Text as the rep typed it: whatever it reads as is new, so it is confirmed anew."""
        self._loaded = None
        self.edit.setText(text)
        self._show_reading()

    def set_due(self, when: datetime | None) -> None:
        """Show a saved due date; keeping it as it is asks no confirmation."""
        self._loaded = when.replace(second=0, microsecond=0) if when else None
        self.edit.setText(field_text(when) if when else "")

    def pick(self, kind: str) -> None:
        self.edit.setText(field_text(quick_due(kind, self.clock(), self.working_days)))

    def confirmation_reason(self) -> str:
        when = self.due()
        if when is None or (self._loaded is not None and when == self._loaded):
            return ""
        return needs_confirmation(when, self.clock())

    def findings(self) -> list[Finding]:
        """What blocks saving about the due date: text that cannot be read, or a date that
        needs a confirmation it has not had."""
        reading = self.reading()
        if reading.problem:
            return [Finding("due", f"Due: {reading.problem}", True)]
        reason = self.confirmation_reason()
        if reason and not self.confirm_check.isChecked():
            return [Finding("due", f"{reason} Tick “Yes, keep this date” or change it.", True)]
        return []

    # -- display -----------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        # A new date needs its own confirmation; the old tick does not carry over.
        self.confirm_check.setChecked(False)
        self._show_reading()
        self.changed.emit()

    def _show_reading(self) -> None:
        reading = self.reading()
        if reading.problem:
            self.reading_label.setText(f"✖ {reading.problem}")
        elif reading.when is None:
            self.reading_label.setText("No due date")
        else:
            self.reading_label.setText(f"→ {format_due(reading.when, self.clock())}")
        reason = self.confirmation_reason()
        self.confirm_check.setText(f"Yes, &keep this date ({reason.rstrip('.')})" if reason else "")
        self.confirm_check.setVisible(bool(reason))
