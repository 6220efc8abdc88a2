"""One saved call, all of it: read it, correct it (with the wrap-up's own rules), or delete it.

Deleting hands the call back to the review window, which keeps it for Undo until it closes.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.core.call import DISPOSITION_LABELS, DISPOSITIONS, OUTCOME_LABELS, OUTCOMES, Call, NextStep
from companion.core.call_text import during_the_call
from companion.core.deal_value import format_deal_value, parse_deal_value
from companion.core.display_names import DisplayNames
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.core.wrapup import Finding, can_save, check_wrapup
from companion.errors import DatabaseProblem
from companion.store.calls import CallStore
from companion.store.review_store import ReviewStore
from companion.ui.controls import push_button
from companion.ui.fit_screen import cap_to_screen, scrolling
from companion.ui.next_step_form import FindingsView, NextStepFields, is_plain_enter, never_default
from companion.ui.review.history_panel import HistoryPanel
from companion.ui.style import muted, section_title

DELETED = 2        # dialog result: the call was deleted


def what_happened(call: Call, names: DisplayNames | None = None) -> str:
    """The parts of a call that are a record, not a form: moments, objections, closes."""
    return during_the_call(call, names)


class CallDetailDialog(QDialog):
    def __init__(self, store: CallStore, queries: ReviewStore, call: Call,
                 clock: Callable[[], datetime], parent=None, working_days=DEFAULT_WORKING_DAYS,
                 names: DisplayNames | None = None):
        super().__init__(parent)
        self.names = names or DisplayNames()
        self.store = store
        self.clock = clock
        self.original = call
        self.deleted_call: Call | None = None
        self.setWindowTitle(f"Call with {call.contact}")
        self.setAccessibleName("Saved call")

        self.contact_edit = QLineEdit(call.contact)
        self.contact_edit.setAccessibleName("Contact")
        self.company_edit = QLineEdit(call.company)
        self.company_edit.setAccessibleName("Company")
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName("Outcome")
        for outcome in OUTCOMES:
            self.outcome_combo.addItem(OUTCOME_LABELS[outcome], outcome)
        self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(call.outcome))
        self.disposition_combo = QComboBox()
        self.disposition_combo.setAccessibleName("Disposition")
        for disposition in DISPOSITIONS:
            if disposition != "connected":
                self.disposition_combo.addItem(DISPOSITION_LABELS[disposition], disposition)
        self.disposition_combo.setCurrentIndex(self.disposition_combo.findData(call.disposition))
        self.value_edit = QLineEdit(format_deal_value(call.deal_value))
        self.value_edit.setPlaceholderText("none")
        self.value_edit.setAccessibleName("Deal value")

        self.step_fields = NextStepFields(clock, working_days, with_status=True, parent=self)
        self.step_fields.load(call.next_step)
        self.notes_edit = QPlainTextEdit(call.notes)
        self.notes_edit.setAccessibleName("Call notes")
        self.notes_edit.setTabChangesFocus(True)

        self.findings_view = FindingsView()
        for signal in (self.contact_edit.textChanged, self.outcome_combo.currentIndexChanged,
                       self.disposition_combo.currentIndexChanged, self.value_edit.textChanged,
                       self.step_fields.changed):
            signal.connect(lambda *_: self._refresh())

        self.delete_button = push_button("Delete call…", "Delete this call; Undo in the review brings it back",
                                         self.confirm_delete, keys="Ctrl+Shift+Del")
        self.cancel_button = push_button("Close", "Close without saving changes", self.reject,
                                         keys="Esc", bind_keys=False)
        self.save_button = push_button("Save", "Save the changes", self.try_save, keys="Ctrl+S",
                                       bind_keys=False, primary=True)
        never_default(self.delete_button, self.cancel_button, self.save_button)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.try_save)

        self.history = HistoryPanel(queries, clock)
        row = queries.call_row(call.id)
        self.history.show_call(row)
        self.history.table.open_requested.connect(self._open_other)
        self.history.table.setToolTip("Earlier calls with this contact")
        self.open_other_id: str | None = None

        self._build_layout(call)
        self.resize(1000, 680)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        cap_to_screen(self)
        self._refresh()

    def _build_layout(self, call: Call) -> None:
        started = call.started_at.astimezone()
        minutes = round(call.duration_seconds() / 60) if call.ended_at else None
        header = QLabel(call.contact)
        header.setObjectName("contactName")
        sub = muted(" · ".join(p for p in (
            call.company, f"{started:%A %d %B %Y, %H:%M}",
            f"{minutes} min" if minutes is not None else "",
            self.names.playbook(call.playbook_id) if call.playbook_id else "") if p))
        # One form for the call and its next step, so the labels line up.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (("C&ontact", self.contact_edit), ("Co&mpany", self.company_edit),
                ("Outcom&e", self.outcome_combo), ("D&isposition", self.disposition_combo),
                ("Deal &value", self.value_edit), (None, section_title("Next step")))
        for text, field in rows:
            if text is None:
                form.addRow(field)
            else:
                label = QLabel(text)
                label.setBuddy(field)
                form.addRow(label, field)
        self.step_fields.add_rows(form)

        left = QVBoxLayout()
        left.addLayout(form)
        notes_label = section_title("Notes")
        left.addWidget(notes_label)
        left.addWidget(self.notes_edit, 1)
        left.addWidget(self.findings_view)

        record = QLabel(what_happened(call, self.names))
        record.setWordWrap(True)
        record.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        record.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(record)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right = QVBoxLayout()
        right.addWidget(section_title("During the call"))
        right.addWidget(scroll, 1)
        right.addWidget(self.history, 1)

        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(columns, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(sub)
        # The form scrolls only on a screen too small for it; Save never leaves the screen.
        layout.addWidget(scrolling(body), 1)
        layout.addLayout(buttons)

    # -- the edited call ------------------------------------------------------------------------
    def outcome(self) -> str | None:
        return self.outcome_combo.currentData()

    def disposition(self) -> str | None:
        if self.outcome() == "no_connect":
            return self.disposition_combo.currentData()
        return "connected" if self.outcome() else None

    def next_step(self) -> NextStep:
        return self.step_fields.next_step()

    def deal_value(self) -> tuple[float | None, bool]:
        try:
            return parse_deal_value(self.value_edit.text()), True
        except ValueError:
            return None, False

    def findings(self) -> list[Finding]:
        findings = self.step_fields.add_due_findings(
            check_wrapup(self.outcome(), self.disposition(), self.next_step(), self.clock()))
        if not " ".join(self.contact_edit.text().split()):
            findings.insert(0, Finding("contact", "Who was the call with?", True))
        if not self.deal_value()[1]:
            findings.append(Finding("deal_value", "Deal value: type an amount such as 25000, 25k or 1.2m.", True))
        return findings

    def _refresh(self) -> None:
        self.disposition_combo.setEnabled(self.outcome() == "no_connect")
        findings = self.findings()
        self.findings_view.show_findings(findings)
        self.save_button.setEnabled(can_save(findings))

    def edited_call(self) -> Call:
        call = copy.deepcopy(self.original)
        call.contact = " ".join(self.contact_edit.text().split())
        call.company = " ".join(self.company_edit.text().split())
        call.outcome = self.outcome()
        call.disposition = self.disposition()
        value, valid = self.deal_value()
        if valid:
            call.set_deal_value(value)
        call.notes = self.notes_edit.toPlainText()
        step = self.next_step()
        call.next_step = None if step.is_empty else step
        return call

    # -- actions ------------------------------------------------------------------------------
    def try_save(self) -> None:
        if not can_save(self.findings()):
            self._refresh()
            return
        try:
            self.store.save_call(self.edited_call(), delete_draft=False)
        except DatabaseProblem as exc:
            QMessageBox.warning(self, "Not saved", f"The call could not be saved: {exc}\n\n"
                                "Your changes are still here; try Save again.")
            return
        self.accept()

    def ask_to_delete(self) -> bool:
        call = self.original
        when = call.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete call?",
                          f"Delete the call with {call.contact} on {when}, with its notes and "
                          "next step?\n\nUndo (Ctrl+Z) in the review brings it back until you "
                          "close the review.", parent=self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is delete

    def confirm_delete(self) -> None:
        call = self.original
        if not self.ask_to_delete():
            return
        try:
            self.store.delete_call(call.id)
        except DatabaseProblem as exc:
            QMessageBox.warning(self, "Not deleted", f"The call could not be deleted: {exc}")
            return
        self.deleted_call = call
        self.done(DELETED)

    def has_changes(self) -> bool:
        return self.edited_call() != self.original

    def reject(self) -> None:
        """Closing never drops edits silently."""
        if self.has_changes():
            answer = QMessageBox.question(
                self, "Discard changes?", "You changed this call. Close without saving?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                self.open_other_id = None
                return
        super().reject()

    def _open_other(self, call_id: str) -> None:
        """An earlier call was chosen: close this one and let the review open that one."""
        self.open_other_id = call_id
        self.reject()

    def keyPressEvent(self, event):
        # Enter moves on through the form; only Ctrl+S saves and only the button deletes.
        if is_plain_enter(event):
            self.focusNextChild()
            return
        super().keyPressEvent(event)
