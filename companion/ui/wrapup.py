"""The 20-second wrap-up: outcome, next step, inline rules, save in one go."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.call import DISPOSITION_LABELS, DISPOSITIONS, Call, utcnow
from companion.core.recap import recap_text
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.core.wrapup import Finding, can_save, check_wrapup, ticked_on_no_connect
from companion.errors import EnvironmentProblem
from companion.ui.controls import push_button
from companion.ui.fit_screen import cap_to_screen, grow_to_content, scrolling
from companion.ui.next_step_form import FindingsView, NextStepFields, is_plain_enter, never_default
from companion.ui.style import section_title

# Most dials that reach nobody simply ring out: the disposition starts there.
DEFAULT_DISPOSITION = "no_answer"

OUTCOME_CHOICES = (
    ("order", "&Order", "Firm commitment to buy"),
    ("advance", "&Advance", "An agreed action that moves the sale forward"),
    ("continuation", "&Continuation", "Talk goes on, but no specific action agreed"),
    ("no_sale", "No &sale", "They declined"),
    ("no_connect", "No co&nnect", "Reached nobody"),
)


class WrapUpDialog(QDialog):
    def __init__(self, call: Call, save: Callable[[Call], None], parent=None,
                 last_chance: str | None = None, working_days=DEFAULT_WORKING_DAYS):
        super().__init__(parent)
        self.call = call
        self._save = save
        self._last_chance = last_chance
        self.setWindowTitle(f"Wrap up: {call.contact}")
        self.setAccessibleName("Wrap-up")

        self.outcome_group = QButtonGroup(self)
        outcome_box = QGridLayout()
        outcome_box.setSpacing(2)
        for index, (outcome, text, hint) in enumerate(OUTCOME_CHOICES):
            radio = QRadioButton(text)
            radio.setProperty("outcome", outcome)
            radio.setToolTip(f"{hint} (Alt+{text[text.index('&') + 1].upper()})")
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
        self.disposition_combo.setCurrentIndex(self.disposition_combo.findData(DEFAULT_DISPOSITION))
        self.disposition_combo.currentIndexChanged.connect(lambda *_: self._refresh())
        self.disposition_row = QWidget()
        disposition_layout = QHBoxLayout(self.disposition_row)
        disposition_layout.setContentsMargins(0, 0, 0, 0)
        disposition_label = QLabel("D&isposition")
        disposition_label.setBuddy(self.disposition_combo)
        disposition_layout.addWidget(disposition_label)
        disposition_layout.addWidget(self.disposition_combo, 1)

        self.step_fields = NextStepFields(utcnow, working_days, parent=self)
        self.step_fields.changed.connect(self._refresh)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.step_fields.add_rows(form)

        self.last_chance_label = QLabel(f"Last chance — try: “{last_chance}”" if last_chance else "")
        self.last_chance_label.setObjectName("lastTime")
        self.last_chance_label.setWordWrap(True)
        self.last_chance_label.setVisible(False)
        self.findings_view = FindingsView()

        content = QWidget()
        fields = QVBoxLayout(content)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(section_title("How did it end?"))
        fields.addLayout(outcome_box)
        fields.addWidget(self.disposition_row)
        fields.addWidget(section_title("Next step"))
        fields.addLayout(form)
        fields.addWidget(self.last_chance_label)
        fields.addWidget(self.findings_view)
        fields.addStretch(1)
        # The fields scroll only on a screen too small for them; the buttons never do.
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(content), 1)
        layout.addLayout(self._build_buttons())
        self._load(call)
        self._refresh()

    def _build_buttons(self) -> QHBoxLayout:
        self.copy_button = push_button("Copy recap", "Copy a plain-text recap for an email or your CRM",
                                       self.copy_recap, keys="Ctrl+Shift+C")
        self.cancel_button = push_button("Back to call", "Return to the live call; nothing is lost",
                                         self.reject, keys="Esc", bind_keys=False)
        self.save_button = push_button("Save", "Save the call", self.try_save, keys="Ctrl+S or Ctrl+Return",
                                       bind_keys=False, primary=True)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.try_save)
        never_default(self.copy_button, self.cancel_button, self.save_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    # -- state ---------------------------------------------------------------------------
    def _load(self, call: Call) -> None:
        for button in self.outcome_group.buttons():
            if button.property("outcome") == call.outcome:
                button.setChecked(True)
        if call.disposition and call.disposition != "connected":
            self.disposition_combo.setCurrentIndex(self.disposition_combo.findData(call.disposition))
        if call.next_step is not None:
            self.step_fields.load(call.next_step)
        if call.wrapup_due_text:
            # Text typed before Esc (or a crash) comes back as typed, readable or not; a
            # date in the past or far ahead is confirmed again.
            self.step_fields.due_field.set_text(call.wrapup_due_text)

    def outcome(self) -> str | None:
        button = self.outcome_group.checkedButton()
        return button.property("outcome") if button else None

    def disposition(self) -> str | None:
        if self.outcome() == "no_connect":
            return self.disposition_combo.currentData()
        return "connected" if self.outcome() else None

    def findings(self) -> list[Finding]:
        findings = check_wrapup(self.outcome(), self.disposition(), self.step_fields.next_step(), utcnow())
        findings += ticked_on_no_connect(self.outcome(), len(self.call.moments))
        if self.outcome() == "no_connect":
            return findings
        return self.step_fields.add_due_findings(findings)

    def _refresh(self) -> None:
        no_connect = self.outcome() == "no_connect"
        self.disposition_row.setVisible(no_connect)
        findings = self.findings()
        self.findings_view.show_findings(findings)
        self.save_button.setEnabled(can_save(findings))
        undated = self.step_fields.due_field.due() is None
        self.last_chance_label.setVisible(bool(self._last_chance) and undated and not no_connect)
        # Grow once the new messages have been laid out.
        QTimer.singleShot(0, self, lambda: grow_to_content(self))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        cap_to_screen(self)
        grow_to_content(self)

    # -- actions -------------------------------------------------------------------------
    def _keep_typed(self) -> Call:
        """Everything chosen and typed goes into the call itself, so it is in the draft (and
        survives a crash) and the wrap-up shows it again when reopened."""
        call = self.call
        call.outcome = self.outcome()
        call.disposition = self.disposition()
        step = self.step_fields.next_step()
        call.next_step = None if step.is_empty else step
        call.wrapup_due_text = self.step_fields.due_field.text().strip()
        return call

    def _apply_to_call(self) -> Call:
        call = self._keep_typed()
        call.wrapup_due_text = ""
        call.ended_at = call.ended_at or utcnow()
        return call

    def copy_recap(self) -> None:
        QGuiApplication.clipboard().setText(recap_text(self._apply_to_call()))

    def try_save(self) -> None:
        if not can_save(self.findings()):
            self._refresh()
            return
        if self.outcome() == "no_connect" and self.call.moments and not self._clear_ticks_with_consent():
            return
        try:
            self._save(self._apply_to_call())
        except EnvironmentProblem as exc:
            QMessageBox.warning(self, "Not saved yet", f"{exc}\n\nThe call is kept; try Save again.")
            return
        self.accept()

    def _clear_ticks_with_consent(self) -> bool:
        """Nobody was reached, yet yes moments are ticked: clear them only if the rep agrees."""
        count = len(self.call.moments)
        box = QMessageBox(QMessageBox.Icon.Question, "Clear the ticked yes moments?",
                          f"{count} yes moment{'' if count == 1 else 's'} "
                          f"{'is' if count == 1 else 'are'} ticked, but the call reached nobody.\n\n"
                          "Clear the ticks and save it as No connect?", parent=self)
        clear = box.addButton("C&lear ticks and save", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        if box.clickedButton() is not clear:
            return False
        for moment_id in list(self.call.moments):
            self.call.unagree(moment_id)
        return True

    def reject(self) -> None:
        self._keep_typed()
        super().reject()

    def keyPressEvent(self, event):
        # Enter in a field must not close the dialog by accident; only Save does.
        if is_plain_enter(event):
            self.focusNextChild()
            return
        super().keyPressEvent(event)
