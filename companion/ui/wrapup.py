"""The 20-second wrap-up: outcome, next step, inline rules, save in one go."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.call import DISPOSITION_LABELS, DISPOSITIONS, OWNER_LABELS, OWNERS, Call, NextStep, utcnow
from companion.core.recap import recap_text
from companion.core.schedule import DEFAULT_WORKING_DAYS, quick_pick_due
from companion.core.wrapup import Finding, can_save, check_wrapup
from companion.errors import EnvironmentProblem

OUTCOME_CHOICES = (
    ("order", "&Order", "Firm commitment to buy"),
    ("advance", "&Advance", "An agreed action that moves the sale forward"),
    ("continuation", "&Continuation", "Talk goes on, but no specific action agreed"),
    ("no_sale", "No &sale", "They declined"),
    ("no_connect", "No co&nnect", "Reached nobody"),
)
DEFAULT_HOUR = 10


def quick_due(kind: str, base: datetime, working_days=DEFAULT_WORKING_DAYS) -> datetime:
    """Quick picks land at 10:00 local on a working day: a time people actually keep."""
    return quick_pick_due(kind, base.astimezone(), working_days, hour=DEFAULT_HOUR)


class WrapUpDialog(QDialog):
    def __init__(self, call: Call, save: Callable[[Call], None], parent=None,
                 last_chance: str | None = None, working_days=DEFAULT_WORKING_DAYS):
        super().__init__(parent)
        self.call = call
        self.working_days = tuple(working_days)
        self._save = save
        self.setWindowTitle(f"Wrap up: {call.contact}")
        self.setAccessibleName("Wrap-up")

        self.outcome_group = QButtonGroup(self)
        outcome_box = QGridLayout()
        outcome_box.setSpacing(2)
        for index, (outcome, text, hint) in enumerate(OUTCOME_CHOICES):
            radio = QRadioButton(text)
            radio.setProperty("outcome", outcome)
            shortcut_letter = text[text.index("&") + 1].upper()
            radio.setToolTip(f"{hint} (Alt+{shortcut_letter})")
            radio.setAccessibleName(f"Outcome: {text.replace('&', '')}")
            self.outcome_group.addButton(radio, index)
            outcome_box.addWidget(radio, index // 2, index % 2)
        self.outcome_group.buttonToggled.connect(lambda *_: self._refresh())

        self.disposition_combo = QComboBox()
        self.disposition_combo.setAccessibleName("Disposition")
        self.disposition_combo.setToolTip("What happened on a call that reached nobody (Alt+I)")
        for disposition in DISPOSITIONS:
            if disposition != "connected":
                self.disposition_combo.addItem(DISPOSITION_LABELS[disposition], disposition)
        self.disposition_combo.setCurrentIndex(-1)
        self.disposition_combo.currentIndexChanged.connect(lambda *_: self._refresh())

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
        self.due_edit.setDateTime(QDateTime(quick_due("tomorrow", utcnow(), self.working_days).replace(tzinfo=None)))
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        for widget_signal in (self.action_edit.textChanged, self.customer_edit.textChanged,
                              self.owner_combo.currentIndexChanged, self.due_check.toggled,
                              self.due_edit.dateTimeChanged):
            widget_signal.connect(lambda *_: self._refresh())
        quick = QHBoxLayout()
        quick.setSpacing(4)
        for kind, text, keys in (("tomorrow", "Tomorrow", "Alt+1"), ("two_days", "In 2 days", "Alt+2"),
                                 ("next_week", "Next week", "Alt+3")):
            button = QPushButton(text)
            button.setToolTip(f"Due {text.lower()} (working days) at {DEFAULT_HOUR}:00 ({keys})")
            button.setAccessibleName(f"Due {text.lower()}")
            button.setShortcut(QKeySequence(keys))
            button.clicked.connect(lambda _=False, k=kind: self.pick_due(k))
            quick.addWidget(button)

        # Two labels so each kind keeps its colour in light and dark schemes.
        self.blocking_label = QLabel()
        self.blocking_label.setObjectName("finding")
        self.blocking_label.setProperty("blocking", "true")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("finding")
        self.warning_label.setProperty("blocking", "false")
        for label in (self.blocking_label, self.warning_label):
            label.setWordWrap(True)
            label.setAccessibleName("Wrap-up checks")
        self.last_chance_label = QLabel(f"Last chance — try: “{last_chance}”" if last_chance else "")
        self.last_chance_label.setObjectName("lastTime")
        self.last_chance_label.setWordWrap(True)
        self.last_chance_label.setVisible(False)
        self._last_chance = last_chance

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (("Ne&xt step", self.action_edit), ("O&wner", self.owner_combo),
                             ("C&ustomer will", self.customer_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        form.addRow(due_row)
        quick_widget = QWidget()
        quick_widget.setLayout(quick)
        form.addRow(quick_widget)

        self.copy_button = QPushButton("Copy recap")
        self.copy_button.setToolTip("Copy a plain-text recap for an email or your CRM (Ctrl+Shift+C)")
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_button.clicked.connect(self.copy_recap)
        self.cancel_button = QPushButton("Back to call")
        self.cancel_button.setToolTip("Return to the live call; nothing is lost (Esc)")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip("Save the call (Ctrl+S or Ctrl+Return)")
        self.save_button.clicked.connect(self.try_save)
        self.save_button.setAutoDefault(False)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.try_save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        title = QLabel("HOW DID IT END?")
        title.setObjectName("sectionTitle")
        step_title = QLabel("NEXT STEP")
        step_title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(outcome_box)
        self.disposition_row = QWidget()
        disposition_layout = QHBoxLayout(self.disposition_row)
        disposition_layout.setContentsMargins(0, 0, 0, 0)
        disposition_label = QLabel("D&isposition")
        disposition_label.setBuddy(self.disposition_combo)
        disposition_layout.addWidget(disposition_label)
        disposition_layout.addWidget(self.disposition_combo, 1)
        layout.addWidget(self.disposition_row)
        layout.addWidget(step_title)
        layout.addLayout(form)
        layout.addWidget(self.last_chance_label)
        layout.addWidget(self.blocking_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._load(call)
        self._refresh()

    # -- state ---------------------------------------------------------------------------
    def _load(self, call: Call) -> None:
        for button in self.outcome_group.buttons():
            if button.property("outcome") == call.outcome:
                button.setChecked(True)
        if call.disposition and call.disposition != "connected":
            self.disposition_combo.setCurrentIndex(self.disposition_combo.findData(call.disposition))
        step = call.next_step
        if step is not None:
            self.action_edit.setText(step.action)
            self.owner_combo.setCurrentIndex(OWNERS.index(step.owner))
            self.customer_edit.setText(step.customer_action)
            if step.due is not None:
                self.due_check.setChecked(True)
                self.due_edit.setDateTime(QDateTime(step.due.astimezone().replace(tzinfo=None)))

    def outcome(self) -> str | None:
        button = self.outcome_group.checkedButton()
        return button.property("outcome") if button else None

    def disposition(self) -> str | None:
        if self.outcome() == "no_connect":
            return self.disposition_combo.currentData()
        return "connected" if self.outcome() else None

    def next_step(self) -> NextStep:
        due = None
        if self.due_check.isChecked():
            due = self.due_edit.dateTime().toPython().astimezone().replace(second=0, microsecond=0)
        return NextStep(action=" ".join(self.action_edit.text().split()),
                        owner=self.owner_combo.currentData(),
                        customer_action=" ".join(self.customer_edit.text().split()), due=due)

    def findings(self) -> list[Finding]:
        return check_wrapup(self.outcome(), self.disposition(), self.next_step(), utcnow())

    def pick_due(self, kind: str) -> None:
        self.due_check.setChecked(True)
        self.due_edit.setDateTime(QDateTime(quick_due(kind, utcnow(), self.working_days).replace(tzinfo=None)))

    def _refresh(self) -> None:
        no_connect = self.outcome() == "no_connect"
        self.disposition_row.setVisible(no_connect)
        findings = self.findings()
        blocking = [f"✖ {f.message}" for f in findings if f.blocking]
        warnings = [f"⚠ {f.message}" for f in findings if not f.blocking]
        self.blocking_label.setText("\n".join(blocking))
        self.blocking_label.setVisible(bool(blocking))
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        self.save_button.setEnabled(can_save(findings))
        needs_date = self._last_chance and not self.due_check.isChecked() and not no_connect
        self.last_chance_label.setVisible(bool(needs_date))

    # -- actions -------------------------------------------------------------------------
    def _apply_to_call(self) -> Call:
        call = self.call
        call.outcome = self.outcome()
        call.disposition = self.disposition()
        step = self.next_step()
        call.next_step = None if step.is_empty else step
        call.ended_at = call.ended_at or utcnow()
        return call

    def copy_recap(self) -> None:
        QGuiApplication.clipboard().setText(recap_text(self._apply_to_call()))

    def try_save(self) -> None:
        if not can_save(self.findings()):
            self._refresh()
            return
        try:
            self._save(self._apply_to_call())
        except EnvironmentProblem as exc:
            QMessageBox.warning(self, "Not saved yet", f"{exc}\n\nThe call is kept; try Save again.")
            return
        self.accept()

    def keyPressEvent(self, event):
        # Enter in a field must not close the dialog by accident; only Save does.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)
