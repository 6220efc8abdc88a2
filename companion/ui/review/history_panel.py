"""A contact's earlier calls and what is still open with them: shown under the day's list
and in a call's detail, so the rep sees the whole relationship before judging one call."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from companion.core.review import CallRow, describe_due
from companion.store.review_store import ReviewStore
from companion.ui.review.call_models import HistoryModel
from companion.ui.review.tables import CallTable
from companion.ui.style import muted, section_title


class HistoryPanel(QWidget):
    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.queries = queries
        self.clock = clock
        self.title = section_title("Earlier calls")
        self.open_steps = muted()
        self.model = HistoryModel(clock, self)
        self.table = CallTable(self.model, "Earlier calls with this contact")
        self.open_requested = self.table.open_requested
        self.empty = muted("Select a call to see the earlier calls with that contact.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.open_steps)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.show_call(None)

    def natural_height(self) -> int:
        """What the panel needs to show its title, note and (up to a few) earlier calls."""
        from companion.ui.review.tables import rows_height

        margins = self.layout().contentsMargins()
        height = margins.top() + margins.bottom() + self.title.sizeHint().height()
        for label in (self.open_steps, self.empty):
            if not label.isHidden():
                height += label.sizeHint().height() + self.layout().spacing()
        if not self.table.isHidden():
            height += rows_height(self.table, min(max(1, self.model.rowCount()), 4)) + self.layout().spacing()
        return height

    def show_call(self, call: CallRow | None) -> None:
        """The calls with this call's contact that came before it, newest first."""
        if call is None or not call.contact.strip():
            self.title.setText("EARLIER CALLS")
            self.open_steps.setVisible(False)
            self.table.setVisible(False)
            self.empty.setVisible(True)
            self.model.set_fetch(None)
            return
        contact = call.contact
        self.model.set_fetch(
            lambda after, limit: self.queries.contact_calls(
                contact, after.key if after else call.key, limit))
        count = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.title.setText(f"EARLIER CALLS WITH {contact.upper()} · {count}{more}")
        self.open_steps.setText(self._open_steps_text(contact))
        self.open_steps.setVisible(True)
        self.table.setVisible(count > 0)
        self.empty.setText(f"First call with {contact}.")
        self.empty.setVisible(count == 0)

    def _open_steps_text(self, contact: str) -> str:
        steps = self.queries.open_steps_with(contact)
        if not steps:
            return "Nothing open with them."
        now = self.clock()
        lines = []
        for row in steps[:4]:
            due = row.step.due
            late = " — overdue" if due is not None and due < now else ""
            lines.append(f"• {row.step.action} ({describe_due(due, now)}{late})")
        if len(steps) > 4:
            lines.append(f"… and {len(steps) - 4} more")
        noun = "next step" if len(steps) == 1 else "next steps"
        return f"Open with them: {len(steps)} {noun}\n" + "\n".join(lines)
