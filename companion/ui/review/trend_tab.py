"""Trend: the daily commitment rate over the last 30 days, with the calls per day."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from companion.core.call_text import counted
from companion.core.review import (
    INDUSTRY_COMMITMENT_RATE,
    DayPoint,
    DaySummary,
    day_bounds_utc,
    format_rate,
)
from companion.store.review_store import ReviewStore
from companion.ui.review.trend_chart import TrendChart
from companion.ui.style import muted

TREND_DAYS = 30


class TrendTab(QWidget):
    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.queries = queries
        self.clock = clock
        self.headline = QLabel()
        self.headline.setObjectName("trendHeadline")
        self.headline.setAccessibleName("Commitment rate over 30 days")
        self.detail = muted()
        self.chart = TrendChart()
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        layout.addWidget(self.chart, 1)

    def refresh(self) -> None:
        today = self.clock().astimezone().date()
        days = [today - timedelta(days=TREND_DAYS - 1 - i) for i in range(TREND_DAYS)]
        bounds = [day_bounds_utc(day)[0] for day in days] + [day_bounds_utc(today)[1]]
        points = [DayPoint(day, summary)
                  for day, summary in zip(days, self.queries.daily_summaries(bounds))]
        self.chart.set_points(points)
        total = DaySummary(sum(p.summary.calls for p in points),
                           sum(p.summary.connects for p in points),
                           sum(p.summary.committed for p in points))
        industry = round(INDUSTRY_COMMITMENT_RATE * 100)
        self.headline.setText(f"{format_rate(total.commitment_rate)} of your connects ended with a "
                              f"commitment in the last {TREND_DAYS} days (industry ≈{industry}%)")
        active = sum(1 for p in points if p.summary.calls)
        self.detail.setText(f"{counted(total.calls, 'call')} on {counted(active, 'day')}, "
                            f"{counted(total.connects, 'connect')}, "
                            f"{total.committed} with a dated order or advance. Hover a day for its numbers.")
