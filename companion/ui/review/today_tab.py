"""Today (or any day): the day's calls, the totals, and the commitment rate beside the
industry figure. Selecting a call shows the earlier calls with that contact."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from companion.core.call_text import counted
from companion.core.review import (
    INDUSTRY_COMMITMENT_RATE,
    DaySummary,
    day_bounds_utc,
    format_rate,
    rate_verdict,
    summarize,
)
from companion.store.review_store import ReviewStore
from companion.ui.controls import push_button
from companion.ui.review.call_models import DayCallsModel
from companion.ui.review.history_panel import HistoryPanel
from companion.ui.review.tables import CallTable, rows_height
from companion.ui.style import muted, repolish


def stat_card(value: str, caption: str, name: str) -> tuple[QFrame, QLabel, QLabel]:
    card = QFrame()
    card.setObjectName("statCard")
    value_label = QLabel(value)
    value_label.setObjectName("statValue")
    value_label.setAccessibleName(name)
    caption_label = QLabel(caption)
    caption_label.setObjectName("statCaption")
    caption_label.setWordWrap(True)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.setSpacing(0)
    layout.addWidget(value_label)
    layout.addWidget(caption_label)
    return card, value_label, caption_label


class TodayTab(QWidget):
    open_requested = Signal(str)

    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.queries = queries
        self.clock = clock
        self.day: date = clock().astimezone().date()
        self.summary = DaySummary()

        self.previous_button = push_button("◀", "Previous day", lambda: self.show_day(self.day - timedelta(days=1)),
                                           keys="Alt+Left", name="Previous day")
        self.next_button = push_button("▶", "Next day", lambda: self.show_day(self.day + timedelta(days=1)),
                                       keys="Alt+Right", name="Next day")
        self.today_button = push_button("Today", "Back to today",
                                        lambda: self.show_day(self.clock().astimezone().date()), keys="Alt+Home")
        for arrow in (self.previous_button, self.next_button):
            arrow.setFixedWidth(self.previous_button.fontMetrics().horizontalAdvance("◀") + 28)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Day to review")
        self.date_edit.setToolTip("Pick a day (Alt+D, then F4 for the calendar)")
        self.date_edit.dateChanged.connect(lambda qdate: self.show_day(qdate.toPython()))
        self.day_title = QLabel()
        self.day_title.setObjectName("dayTitle")
        day_label = QLabel("&Day")
        day_label.setBuddy(self.date_edit)

        calls_card, self.calls_value, _ = stat_card("0", "calls", "Calls")
        connects_card, self.connects_value, self.connects_caption = stat_card("0", "connects", "Connects")
        missing_card, self.missing_value, _ = stat_card("0", "connects without a commitment",
                                                        "Connects without a commitment")
        rate_card, self.rate_value, self.rate_caption = stat_card("–", "commitment rate", "Commitment rate")
        industry = round(INDUSTRY_COMMITMENT_RATE * 100)
        industry_card, _, industry_caption = stat_card(
            f"{industry}%", "industry figure: conversations ending with a defined commitment",
            "Industry commitment rate")
        industry_card.setObjectName("industryCard")
        self.rate_card = rate_card
        self.rate_verdict = muted()
        industry_caption.setToolTip("The widely quoted figure: only about 37% of sales "
                                    "conversations end with a defined commitment.")

        self.model = DayCallsModel(clock, self)
        self.model.failed.connect(self._show_failure)
        self.table = CallTable(self.model, "The day's calls")
        self.table.open_requested.connect(self.open_requested)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty_label = muted()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.history = HistoryPanel(queries, clock)
        self.history.open_requested.connect(self.open_requested)

        bar = QHBoxLayout()
        bar.addWidget(self.day_title)
        bar.addStretch(1)
        bar.addWidget(day_label)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.date_edit)
        bar.addWidget(self.next_button)
        bar.addWidget(self.today_button)
        cards = QHBoxLayout()
        cards.setSpacing(8)
        for card in (calls_card, connects_card, missing_card, rate_card, industry_card):
            cards.addWidget(card, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter = splitter
        splitter.splitterMoved.connect(self._moved_by_hand)
        self._sized_by_hand = False
        splitter.addWidget(top)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(cards)
        layout.addWidget(self.rate_verdict)
        layout.addWidget(splitter, 1)

    # -- showing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.show_day(self.day, force=True)

    def show_day(self, day: date, force: bool = False) -> None:
        if day == self.day and not force and self.model.rowCount():
            return
        self.day = day
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        today = self.clock().astimezone().date()
        self.today_button.setEnabled(day != today)
        self.day_title.setText(_day_title(day, today))
        start, end = day_bounds_utc(day)
        self.model.set_fetch(lambda after, limit: self.queries.day_calls(
            start, end, after.key if after else None, limit))
        self.summary = summarize((outcome, step) for _, outcome, step
                                 in self.queries.outcomes_between(start, end))
        self._show_summary(day == today)
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.history.show_call(None)
        self._balance()

    def _show_summary(self, is_today: bool) -> None:
        s = self.summary
        self.calls_value.setText(str(s.calls))
        self.connects_value.setText(str(s.connects))
        self.connects_caption.setText("connect" if s.connects == 1 else "connects")
        self.missing_value.setText(str(s.without_commitment))
        rate = s.commitment_rate
        self.rate_value.setText(format_rate(rate))
        self.rate_caption.setText(f"commitment rate ({s.committed} of {counted(s.connects, 'connect')})"
                                  if s.connects else "commitment rate")
        level = "none" if rate is None else ("good" if rate > INDUSTRY_COMMITMENT_RATE else "low")
        self.rate_card.setProperty("level", level)
        repolish(self.rate_card)
        repolish(self.rate_value)
        self.rate_verdict.setText(
            rate_verdict(rate) + " A commitment: an order or advance with a dated next step.")
        when = "today" if is_today else "on this day"
        self.empty_label.setText(f"No calls {when}." if not s.calls else "")
        self.empty_label.setVisible(not s.calls)
        self.table.setVisible(bool(s.calls))

    def _current_changed(self, current, _previous) -> None:
        self.history.show_call(self.model.call_at(current.row()) if current.isValid() else None)
        self._balance()

    def _moved_by_hand(self, *_args) -> None:
        self._sized_by_hand = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._balance()

    def _balance(self) -> None:
        """The day's calls get the room they need first; the earlier calls with the selected
        contact get the rest, never less than their title and a few rows. Once the rep has
        moved the divider, it stays where they put it."""
        total = sum(self.splitter.sizes())
        if self._sized_by_hand or total <= 0 or not self.table.isVisibleTo(self):
            return
        calls = rows_height(self.table, max(1, self.model.rowCount()))
        history = self.history.natural_height()
        if calls + history <= total:
            top = calls
        else:
            top = max(total - history, total * 3 // 5)
        self.splitter.setSizes([top, total - top])

    def _show_failure(self, message: str) -> None:
        self.empty_label.setText(message)
        self.empty_label.setVisible(True)


def _day_title(day: date, today: date) -> str:
    if day == today:
        prefix = "Today, "
    elif day == today - timedelta(days=1):
        prefix = "Yesterday, "
    else:
        prefix = ""
    return f"{prefix}{day:%A %d %B %Y}"
