"""The Techniques tab's practice section: mastery per close over the last weeks, drills done,
and the streak, read from practice's tables."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from companion.core.practice.progress import WEEKS_SHOWN, PracticeProgress, meter, progress, week_start
from companion.errors import DatabaseProblem
from companion.store.practice import PracticeStore
from companion.ui.style import muted, section_title


class PracticeProgressPanel(QWidget):
    def __init__(self, store: PracticeStore, names: dict[str, str], parent=None):
        super().__init__(parent)
        self.store = store
        self.names = names
        self.headline = muted()
        self.headline.setAccessibleName("Practice totals")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(section_title(f"Practice: mastery over the last {WEEKS_SHOWN} weeks"))
        layout.addWidget(self.headline)
        layout.addLayout(self.grid)

    def refresh(self, now: datetime) -> None:
        try:
            entries = self.store.review_entries(now - timedelta(weeks=WEEKS_SHOWN))
            focus = self.store.focus()
        except DatabaseProblem as exc:
            self.headline.setText(str(exc))
            return
        practised = tuple(dict.fromkeys(e.close_id for e in entries))
        closes = tuple(dict.fromkeys(focus + practised))
        self.show_progress(progress(entries, closes, now), now)

    def show_progress(self, report: PracticeProgress, now: datetime) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if not report.drills_done:
            self.headline.setText("No practice yet. Ctrl+P in the live window, Practice in the tray, "
                                  "or `companion practice` starts a 5-minute session.")
            return
        days = report.streak_days
        last = report.last_practice.astimezone()
        self.headline.setText(
            f"Drills done: {report.drills_done} in {WEEKS_SHOWN} weeks · "
            f"{f'{days}-day streak' if days else 'no streak today'} · last practised {last:%a %d %b}")
        first_week = week_start(now.astimezone().date()) - timedelta(weeks=WEEKS_SHOWN - 1)
        for column, title in enumerate(("Close", f"Weeks from {first_week:%d %b}", "Mastery now")):
            self.grid.addWidget(muted(title), 0, column)
        for row, close in enumerate(report.closes, start=1):
            name = self.names.get(close.close_id, close.close_id)
            trend = QLabel(close.sparkline())
            # Block characters read as bars only when large; spaced so each week stands apart.
            trend.setStyleSheet("font-size: 15pt; letter-spacing: 3px;")
            weeks = ", ".join("–" if m is None else f"{round(m * 100)}%" for m in close.weekly)
            trend.setToolTip(f"{name}, mastery at the end of each week: {weeks}")
            trend.setAccessibleName(f"{name} mastery by week: {weeks}")
            now_label = QLabel(f"{meter(close.now)} {round(close.now * 100)}%")
            now_label.setAccessibleName(f"{name} mastery now {round(close.now * 100)}%")
            self.grid.addWidget(QLabel(name), row, 0)
            self.grid.addWidget(trend, row, 1)
            self.grid.addWidget(now_label, row, 2)
        self.grid.setColumnStretch(3, 1)
