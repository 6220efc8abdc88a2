"""Search: one box over contacts, companies, notes and next-step text (SQLite FTS5).

Whatever is typed is made safe by fts_query first, so quotes, dashes or "C++" never
reach FTS5 as syntax. Results come from two full-text indexes read side by side, a page
from each at a time, a call found by both shown once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from companion.store.review_store import ReviewStore, fts_query
from companion.ui.review.call_models import SearchModel
from companion.ui.review.tables import CallTable
from companion.ui.style import muted

TYPING_PAUSE_MS = 250


class SearchSource:
    """Pages of (call, snippet), merging the calls index and the next-steps index."""

    def __init__(self, queries: ReviewStore, query: str):
        self.queries = queries
        self.query = query
        self.restart()

    def restart(self) -> None:
        self.calls_before: int | None = None
        self.steps_before: int | None = None
        self.calls_done = self.steps_done = False
        self.seen: set[str] = set()

    @property
    def exhausted(self) -> bool:
        return self.calls_done and self.steps_done

    def __call__(self, _after, limit: int) -> list:
        half = max(1, limit // 2)
        page: list = []
        # Keep reading until something new turns up or both indexes run dry.
        while not page and not self.exhausted:
            found = []
            if not self.calls_done:
                rows = self.queries.search_calls(self.query, self.calls_before, half)
                self.calls_done = len(rows) < half
                if rows:
                    self.calls_before = rows[-1][0].key[1]
                found += rows
            if not self.steps_done:
                rows = self.queries.search_steps(self.query, self.steps_before, half)
                self.steps_done = len(rows) < half
                if rows:
                    self.steps_before = rows[-1][0]
                found += [(call, snippet) for _, call, snippet in rows]
            for call, snippet in found:
                if call.call_id not in self.seen:
                    self.seen.add(call.call_id)
                    page.append((call, snippet))
        page.sort(key=lambda pair: pair[0].started_at, reverse=True)
        return page


class SearchTab(QWidget):
    open_requested = Signal(str)

    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.queries = queries
        self.box = QLineEdit()
        self.box.setPlaceholderText("Search contacts, companies, notes and next steps")
        self.box.setAccessibleName("Search calls")
        self.box.setToolTip("Type any words: names, companies, what was said or agreed (Ctrl+F)")
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(lambda _: self.typing_timer.start())
        self.box.returnPressed.connect(self._enter)
        self.typing_timer = QTimer(self)
        self.typing_timer.setSingleShot(True)
        self.typing_timer.setInterval(TYPING_PAUSE_MS)
        self.typing_timer.timeout.connect(self.search)
        self.count_label = muted()
        self.model = SearchModel(clock, self)
        self.model.rowsInserted.connect(lambda *_: self._show_count())
        # A damaged index, say: the model stops reading and says so here; nothing raises.
        self._failed = False
        self.model.failed.connect(self._show_failure)
        self.table = CallTable(self.model, "Search results")
        self.table.open_requested.connect(self.open_requested)
        self.hint = muted("Matches in the notes show with «the words» marked. "
                          "Enter moves to the results; Enter again opens a call.")
        label = QLabel("&Find")
        label.setBuddy(self.box)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.box, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.refresh()

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def refresh(self) -> None:
        self.search()

    def search(self) -> None:
        self.typing_timer.stop()
        self._failed = False
        query = fts_query(self.box.text())
        if query is None:
            self.model.set_fetch(None)
            self.count_label.setText("")
            return
        self.model.set_fetch(SearchSource(self.queries, query))
        if not self._failed:
            self._show_count()

    def _show_failure(self, message: str) -> None:
        self._failed = True
        self.count_label.setText(message)

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if not self.box.text().strip():
            self.count_label.setText("")
        elif count == 0:
            self.count_label.setText("No calls found")
        else:
            more = "+" if self.model.canFetchMore() else ""
            self.count_label.setText(f"{count:,}{more} call{'s' if count != 1 or more else ''}")

    def _enter(self) -> None:
        self.search()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
