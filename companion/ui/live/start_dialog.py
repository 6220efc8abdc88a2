"""Start a call: who, which company, which playbook; and what happened last time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from companion.core.call import OUTCOME_LABELS, utcnow
from companion.core.playbook import PlaybookSet
from companion.core.review import describe_due, history_line
from companion.store.calls import CallStore
from companion.ui.fit_screen import cap_to_screen, grow_to_content

EARLIER_SHOWN = 3
HISTORY_READ = 20


def describe_last_call(store: CallStore, contact: str) -> str:
    history = store.contact_history(contact, limit=1) if contact.strip() else []
    if not history:
        return ""
    last = history[0]
    when = last.started_at.astimezone().strftime("%a %d %b")
    text = f"Last time ({when}): {OUTCOME_LABELS.get(last.outcome or '', 'not saved')}"
    step = last.next_step
    if step is not None:
        due = f" by {step.due.astimezone():%a %H:%M}" if step.due else ""
        text += f"; agreed to {step.action}{due} — {step.status}"
    return text


def describe_earlier_calls(store: CallStore, contact: str, now=None) -> str:
    """The calls before the last one, and what is still open with this contact, compactly."""
    history = store.contact_history(contact, limit=HISTORY_READ) if contact.strip() else []
    now = now or utcnow()
    lines = []
    earlier = history[1:]
    if earlier:
        more = "+" if len(history) == HISTORY_READ else ""
        lines.append(f"Earlier calls ({len(earlier)}{more}):")
        lines += [f"• {history_line(e.started_at, e.outcome, e.next_step, now)}"
                  for e in earlier[:EARLIER_SHOWN]]
    open_steps = [e.next_step for e in history if e.next_step is not None
                  and e.next_step.status == "open" and e.next_step.action]
    if open_steps:
        lines.append(f"Open with them ({len(open_steps)}):")
        lines += [f"• {s.action} ({describe_due(s.due, now)}"
                  f"{', overdue' if s.due is not None and s.due < now else ''})"
                  for s in open_steps[:EARLIER_SHOWN]]
    return "\n".join(lines)


class StartCallDialog(QDialog):
    def __init__(self, store: CallStore, playbooks: PlaybookSet, default_playbook: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Start call")
        self.store = store
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("Who are you calling?")
        self.contact_edit.setAccessibleName("Contact name")
        self.contact_edit.setCompleter(self._completer("contact"))
        self.company_edit = QLineEdit()
        self.company_edit.setPlaceholderText("Company")
        self.company_edit.setAccessibleName("Company")
        self.company_edit.setCompleter(self._completer("company"))
        self.playbook_combo = QComboBox()
        self.playbook_combo.setAccessibleName("Playbook")
        for playbook in playbooks.playbooks:
            self.playbook_combo.addItem(playbook.name, playbook.id)
        preferred = playbooks.default(default_playbook)
        if preferred is not None:
            self.playbook_combo.setCurrentIndex(self.playbook_combo.findData(preferred.id))
        self.last_time = QLabel()
        self.last_time.setTextFormat(Qt.TextFormat.PlainText)     # the rep's own notes, as typed
        self.last_time.setObjectName("lastTime")
        self.last_time.setWordWrap(True)
        self.last_time.setVisible(False)
        self.history_label = QLabel()
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.history_label.setObjectName("lastTime")
        self.history_label.setWordWrap(True)
        self.history_label.setAccessibleName("Earlier calls with this contact")
        self.history_label.setVisible(False)
        self.contact_edit.editingFinished.connect(self._show_last_time)
        self.contact_edit.textChanged.connect(self._update_ok)

        form = QFormLayout()
        form.addRow("&Contact", self.contact_edit)
        form.addRow("C&ompany", self.company_edit)
        form.addRow("&Playbook", self.playbook_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Start call")
        self.ok_button.setToolTip("Start the call and its timer (Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Do not start (Esc)")
        self.buttons.accepted.connect(self.try_start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.last_time)
        layout.addWidget(self.history_label)
        layout.addWidget(self.buttons)
        self._update_ok()
        for edit in (self.contact_edit, self.company_edit):
            edit.completer().popup().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # The completion list takes Enter to pick the highlighted name; Enter also means
        # "start the call", so once the name is in, the call starts (when the form allows).
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QTimer.singleShot(0, self, self.try_start)
        return super().eventFilter(watched, event)

    def try_start(self) -> None:
        if not self.ok_button.isEnabled():
            return
        for edit in (self.contact_edit, self.company_edit):
            edit.completer().popup().hide()
        if not self.company_edit.text():
            self._show_last_time()            # a returning contact's company, as on Tab
        self.accept()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        cap_to_screen(self)

    def _completer(self, column: str) -> QCompleter:
        completer = QCompleter(self.store.recent_values(column, limit=500), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.contact_edit.text().strip())
                                  and self.playbook_combo.count() > 0)

    def _show_last_time(self) -> None:
        text = describe_last_call(self.store, self.contact_edit.text())
        self.last_time.setText(text)
        self.last_time.setVisible(bool(text))
        earlier = describe_earlier_calls(self.store, self.contact_edit.text())
        self.history_label.setText(earlier)
        self.history_label.setVisible(bool(earlier))
        QTimer.singleShot(0, self, lambda: grow_to_content(self))
        if text and not self.company_edit.text():
            history = self.store.contact_history(self.contact_edit.text(), limit=1)
            if history:
                previous = self.store.load_call(history[0].call_id)
                if previous is not None:
                    self.company_edit.setText(previous.company)

    def values(self) -> tuple[str, str, str]:
        return (" ".join(self.contact_edit.text().split()),
                " ".join(self.company_edit.text().split()),
                self.playbook_combo.currentData())


def ask_for_call(parent, store, playbooks, default_playbook: str | None):
    """The Start call dialog; the new Call, or None when the rep cancelled."""
    from PySide6.QtWidgets import QMessageBox

    from companion.core.call import Call

    if not playbooks.playbooks:
        QMessageBox.warning(parent, "No playbook", "No playbook could be loaded, so a call cannot start. "
                            "See the playbook errors shown at start-up.")
        return None
    dialog = StartCallDialog(store, playbooks, default_playbook, parent)
    if dialog.exec() != StartCallDialog.DialogCode.Accepted:
        return None
    contact, company, playbook_id = dialog.values()
    return Call(contact=contact, company=company, playbook_id=playbook_id)
