"""Audit: the last N connected calls, each judged against the three marks of a real next step."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QSpinBox, QVBoxLayout, QWidget

from companion.core.audit import audit_summary
from companion.store.review_store import ReviewStore
from companion.ui.review.call_models import AuditModel, audited
from companion.ui.review.tables import CallTable, char_width
from companion.ui.style import muted

DEFAULT_COUNT = 5
MAX_COUNT = 10_000
# The headline counts at most this many calls in one read; the list itself pages freely.
SUMMARY_LIMIT = 1_000


class AuditTab(QWidget):
    open_requested = Signal(str)

    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.queries = queries
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, MAX_COUNT)
        self.count_spin.setValue(DEFAULT_COUNT)
        self.count_spin.setAccessibleName("How many recent calls to audit")
        self.count_spin.setToolTip("How many of the most recent connected calls to audit (Alt+N)")
        self.count_spin.setKeyboardTracking(False)
        self.count_spin.valueChanged.connect(lambda _: self.refresh())
        count_label = QLabel("Audit the last &N")
        count_label.setBuddy(self.count_spin)
        calls_label = QLabel("connected calls")
        self.summary = QLabel()
        self.summary.setObjectName("auditSummary")
        self.summary.setAccessibleName("Audit result")
        explain = muted("A real next step has three marks: a specific action, a date, and "
                        "something the customer does. Calls that reached nobody are left out.")
        self.model = AuditModel(clock, self)
        self.table = CallTable(self.model, "Audited calls")
        self.table.open_requested.connect(self.open_requested)
        # The verdict is what this tab is for: it takes the spare width, and it and the next
        # step wrap onto a second line rather than being cut (the list is a handful of calls).
        header = self.table.horizontalHeader()
        step = AuditModel.COLUMNS.index("step")
        header.setSectionResizeMode(step, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(step, 18 * char_width(self.table))
        header.setSectionResizeMode(AuditModel.COLUMNS.index("contact"), QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuditModel.COLUMNS.index("verdict"), QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self._two_line_rows()

        bar = QHBoxLayout()
        bar.addWidget(count_label)
        bar.addWidget(self.count_spin)
        bar.addWidget(calls_label)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        count = self.count_spin.value()
        self.model.set_fetch(
            lambda after, limit: audited(self.queries.recent_connected(
                after[0].key if after else None, limit)),
            limit=count)
        if count <= self.model.rowCount() or not self.model.canFetchMore():
            results = self.model.results()
            prefix = ""
        else:
            judged = min(count, SUMMARY_LIMIT)
            results = [r for _, r in audited(self.queries.recent_connected(None, judged))]
            prefix = "" if judged == count else f"Of the last {judged:,}: "
        self.summary.setText(prefix + audit_summary(results))
        if self.model.rowCount():
            self.table.selectRow(0)

    def _two_line_rows(self) -> None:
        self.table.verticalHeader().setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 10)

    def showEvent(self, event) -> None:
        # The style sheet's font is known only once shown: two of its lines per row.
        super().showEvent(event)
        self._two_line_rows()
