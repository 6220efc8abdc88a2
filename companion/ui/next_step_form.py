"""The next-step fields and the wrap-up's checks, shared by the wrap-up and the saved-call
editor so both ask the same questions in the same words and apply the same rules."""

from __future__ import annotations

from datetime import datetime, time
from typing import Callable

from PySide6.QtCore import QDateTime, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.call import OWNER_LABELS, OWNERS, STEP_STATUSES, NextStep
from companion.core.schedule import DEFAULT_WORKING_DAYS, quick_pick_date
from companion.core.wrapup import Finding

DEFAULT_HOUR = 10
QUICK_PICKS = (("tomorrow", "Tomorrow", "Alt+1"), ("two_days", "In 2 days", "Alt+2"),
               ("next_week", "Next week", "Alt+3"))


def quick_due(kind: str, base: datetime, working_days=DEFAULT_WORKING_DAYS) -> datetime:
    """Quick picks land at 10:00 local on a working day: a time people actually keep.
    The naive local time is given its zone only on that day, so DST changes are respected."""
    day = quick_pick_date(kind, base.astimezone().date(), working_days)
    return datetime.combine(day, time(DEFAULT_HOUR, 0)).astimezone()


def _to_qt(moment: datetime) -> QDateTime:
    return QDateTime(moment.astimezone().replace(tzinfo=None))


class NextStepFields(QObject):
    """Action, owner, customer action, due date with quick picks, and (optionally) status."""

    changed = Signal()

    def __init__(self, clock: Callable[[], datetime], working_days=DEFAULT_WORKING_DAYS,
                 with_status: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = clock
        self.working_days = tuple(working_days)
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText("e.g. Demo of the reporting module for the finance team")
        self.action_edit.setAccessibleName("Next step action")
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName("Next step owner")
        for owner in OWNERS:
            self.owner_combo.addItem(OWNER_LABELS[owner], owner)
        self.owner_combo.setCurrentIndex(OWNERS.index("both"))
        self.customer_edit = QLineEdit()
        self.customer_edit.setPlaceholderText("e.g. Brings the CFO, sends last quarter's numbers")
        self.customer_edit.setAccessibleName("What the customer will do")
        self.due_check = QCheckBox("Due")
        self.due_check.setAccessibleName("Next step has a due date")
        self.due_edit = QDateTimeEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.due_edit.setAccessibleName("Next step due date and time")
        self.due_edit.setEnabled(False)
        self.due_edit.setDateTime(_to_qt(quick_due("tomorrow", clock(), self.working_days)))
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.status_combo = None
        if with_status:
            self.status_combo = QComboBox()
            self.status_combo.setAccessibleName("Next step status")
            for status in STEP_STATUSES:
                self.status_combo.addItem(status.capitalize(), status)
        self.quick_buttons = QWidget()
        quick = QHBoxLayout(self.quick_buttons)
        quick.setContentsMargins(0, 0, 0, 0)
        quick.setSpacing(4)
        for kind, text, keys in QUICK_PICKS:
            button = QPushButton(text)
            button.setToolTip(f"Due {text.lower()} (working days) at {DEFAULT_HOUR}:00 ({keys})")
            button.setAccessibleName(f"Due {text.lower()}")
            button.setShortcut(QKeySequence(keys))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=kind: self.pick_due(k))
            quick.addWidget(button)
        signals = [self.action_edit.textChanged, self.customer_edit.textChanged,
                   self.owner_combo.currentIndexChanged, self.due_check.toggled,
                   self.due_edit.dateTimeChanged]
        if self.status_combo is not None:
            signals.append(self.status_combo.currentIndexChanged)
        for signal in signals:
            signal.connect(lambda *_: self.changed.emit())

    def add_rows(self, form: QFormLayout) -> None:
        for text, widget in (("Ne&xt step", self.action_edit), ("O&wner", self.owner_combo),
                             ("C&ustomer will", self.customer_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        form.addRow(due_row)
        form.addRow(self.quick_buttons)
        if self.status_combo is not None:
            label = QLabel("S&tatus")
            label.setBuddy(self.status_combo)
            form.addRow(label, self.status_combo)

    def load(self, step: NextStep | None) -> None:
        step = step or NextStep()
        self.action_edit.setText(step.action)
        self.owner_combo.setCurrentIndex(OWNERS.index(step.owner))
        self.customer_edit.setText(step.customer_action)
        self.due_check.setChecked(step.due is not None)
        if step.due is not None:
            self.due_edit.setDateTime(_to_qt(step.due))
        if self.status_combo is not None:
            self.status_combo.setCurrentIndex(STEP_STATUSES.index(step.status))

    def next_step(self) -> NextStep:
        due = None
        if self.due_check.isChecked():
            due = self.due_edit.dateTime().toPython().astimezone().replace(second=0, microsecond=0)
        status = self.status_combo.currentData() if self.status_combo is not None else "open"
        return NextStep(action=" ".join(self.action_edit.text().split()),
                        owner=self.owner_combo.currentData(),
                        customer_action=" ".join(self.customer_edit.text().split()),
                        due=due, status=status)

    def pick_due(self, kind: str) -> None:
        self.due_check.setChecked(True)
        self.due_edit.setDateTime(_to_qt(quick_due(kind, self.clock(), self.working_days)))


def is_plain_enter(event) -> bool:
    """Return or Enter (also the number pad's) with no modifier held."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and modifiers == Qt.KeyboardModifier.NoModifier


def never_default(*buttons: QPushButton) -> None:
    """In a form, Enter must never press a button (delete, copy...) by accident."""
    for button in buttons:
        button.setAutoDefault(False)
        button.setDefault(False)


class FindingsView(QWidget):
    """What blocks saving (red) apart from what only deserves a second look (amber)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.blocking_label = QLabel()
        self.blocking_label.setObjectName("finding")
        self.blocking_label.setProperty("blocking", "true")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("finding")
        self.warning_label.setProperty("blocking", "false")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for label in (self.blocking_label, self.warning_label):
            label.setWordWrap(True)
            label.setAccessibleName("Checks before saving")
            layout.addWidget(label)

    def show_findings(self, findings: list[Finding]) -> None:
        blocking = [f"✖ {f.message}" for f in findings if f.blocking]
        warnings = [f"⚠ {f.message}" for f in findings if not f.blocking]
        self.blocking_label.setText("\n".join(blocking))
        self.blocking_label.setVisible(bool(blocking))
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))

    def text(self) -> str:
        return "\n".join(label.text() for label in (self.blocking_label, self.warning_label)
                         if label.text())
