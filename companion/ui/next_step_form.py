"""The next-step fields and the wrap-up's checks, shared by the wrap-up and the saved-call
editor so both ask the same questions in the same words and apply the same rules."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.call import OWNER_LABELS, OWNERS, STEP_STATUSES, NextStep
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.core.wrapup import Finding
from companion.ui.due_field import DueField


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
        self.due_field = DueField(clock, self.working_days)
        self.status_combo = None
        if with_status:
            self.status_combo = QComboBox()
            self.status_combo.setAccessibleName("Next step status")
            for status in STEP_STATUSES:
                self.status_combo.addItem(status.capitalize(), status)
        signals = [self.action_edit.textChanged, self.customer_edit.textChanged,
                   self.owner_combo.currentIndexChanged, self.due_field.changed]
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
        due_label = QLabel("&Due")
        due_label.setBuddy(self.due_field.edit)
        form.addRow(due_label, self.due_field)
        form.addRow("", self.due_field.quick_buttons)
        if self.status_combo is not None:
            label = QLabel("S&tatus")
            label.setBuddy(self.status_combo)
            form.addRow(label, self.status_combo)

    def load(self, step: NextStep | None) -> None:
        step = step or NextStep()
        self.action_edit.setText(step.action)
        self.owner_combo.setCurrentIndex(OWNERS.index(step.owner))
        self.customer_edit.setText(step.customer_action)
        self.due_field.set_due(step.due)
        if self.status_combo is not None:
            self.status_combo.setCurrentIndex(STEP_STATUSES.index(step.status))

    def next_step(self) -> NextStep:
        due = self.due_field.due()
        status = self.status_combo.currentData() if self.status_combo is not None else "open"
        return NextStep(action=" ".join(self.action_edit.text().split()),
                        owner=self.owner_combo.currentData(),
                        customer_action=" ".join(self.customer_edit.text().split()),
                        due=due, status=status)

    def pick_due(self, kind: str) -> None:
        self.due_field.pick(kind)

    def add_due_findings(self, findings: list[Finding]) -> list[Finding]:
        """The form's own reading of the due date comes first; the general "needs a due
        date" is dropped while the typed text is the problem."""
        own = self.due_field.findings()
        if not own:
            return findings
        return own + [f for f in findings if f.field != "due"]


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
