"""Techniques: how each close fared over a chosen period, "your three closes", the
closes never tried, and how practice on them is going."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.core.playbook import PlaybookSet
from companion.core.review import MIN_TRIES_FOR_BEST, TechniqueReport, TechniqueStat, technique_report
from companion.store.practice import PracticeStore
from companion.store.review_store import ReviewStore
from companion.ui.review import tones
from companion.ui.review.cell_fonts import cell_font
from companion.ui.review.practice_progress import PracticeProgressPanel
from companion.ui.review.tables import apply_widths, char_width
from companion.ui.style import muted, section_title

PERIODS = (("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90), ("Last 12 months", 365))
DEFAULT_PERIOD = 2
HEADERS = ("Close", "Tried", "Accepted", "Deferred", "Declined", "Accepted %", "Results")
RESULTS_COLUMN = 6
_ROLE = Qt.ItemDataRole


class TechniqueModel(QAbstractTableModel):
    """A dozen rows at most: read whole, no paging needed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report = TechniqueReport((), (), ())

    def set_report(self, report: TechniqueReport) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.report.stats)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=_ROLE.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == _ROLE.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def stat(self, row: int) -> TechniqueStat | None:
        stats = self.report.stats
        return stats[row] if 0 <= row < len(stats) else None

    def data(self, index: QModelIndex, role=_ROLE.DisplayRole):
        stat = self.stat(index.row()) if index.isValid() else None
        if stat is None:
            return None
        column = index.column()
        best = stat.close_id in self.report.best
        if role == _ROLE.DisplayRole:
            if column == 0:
                return ("★ " if best else "") + stat.name
            if column == 5:
                rate = stat.acceptance_rate
                return "–" if rate is None else f"{round(rate * 100)}%"
            if column == RESULTS_COLUMN:
                return None
            return str((stat.tried, stat.accepted, stat.deferred, stat.declined)[column - 1])
        if role == _ROLE.UserRole and column == RESULTS_COLUMN:
            return (stat.accepted, stat.deferred, stat.declined)
        if role == _ROLE.TextAlignmentRole and 0 < column < RESULTS_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _ROLE.FontRole and best:
            return cell_font("bold")
        if role == _ROLE.ForegroundRole and stat.tried == 0:
            return QGuiApplication.palette().placeholderText().color()
        if role == _ROLE.ToolTipRole:
            if best:
                return "One of your three closes: accepted most often, on enough tries to trust"
            if stat.tried == 0:
                return "Never tried in this period"
            if stat.tried < MIN_TRIES_FOR_BEST:
                return f"Tried fewer than {MIN_TRIES_FOR_BEST} times: too few to rank"
        if role == _ROLE.AccessibleTextRole and column == RESULTS_COLUMN:
            return f"{stat.accepted} accepted, {stat.deferred} deferred, {stat.declined} declined"
        return None


class ResultsBarDelegate(QStyledItemDelegate):
    """A thin stacked bar: accepted, deferred, declined, in proportion to the tries."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        counts = index.data(_ROLE.UserRole)
        if not counts or not sum(counts):
            return
        total = sum(counts)
        area = option.rect.adjusted(4, option.rect.height() // 2 - 5, -4, -(option.rect.height() // 2 - 5))
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        x = area.left()
        colours = (tones.good(), tones.warn(), tones.bad())
        for number, (count, colour) in enumerate(zip(counts, colours)):
            width = round(area.width() * count / total) if number < 2 else area.right() - x + 1
            if width > 0:
                painter.setBrush(colour)
                painter.drawRect(QRect(x, area.top(), width, area.height()))
            x += width
        painter.restore()


class TechniquesTab(QWidget):
    def __init__(self, queries: ReviewStore, playbooks: PlaybookSet, clock: Callable[[], datetime],
                 parent=None):
        super().__init__(parent)
        self.queries = queries
        self.clock = clock
        self.closes = {}
        for playbook in playbooks.playbooks:
            for close in playbook.closes:
                self.closes.setdefault(close.id, close)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        self.period_combo.setToolTip("Which calls to count (Alt+P)")
        for text, days in PERIODS:
            self.period_combo.addItem(text, days)
        self.period_combo.setCurrentIndex(DEFAULT_PERIOD)
        self.period_combo.currentIndexChanged.connect(lambda _: self.refresh())
        period_label = QLabel("&Period")
        period_label.setBuddy(self.period_combo)

        self.best_row = QHBoxLayout()
        self.best_row.setSpacing(8)
        self.best_cards: list[QFrame] = []
        self.best_empty = muted()
        self.model = TechniqueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("How each close fared")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegateForColumn(RESULTS_COLUMN, ResultsBarDelegate(self.table))
        apply_widths(self.table.horizontalHeader(), self.model, char_width(self.table))
        for column, width in ((0, 22), (1, 7), (2, 9), (3, 9), (4, 9), (5, 11)):
            self.table.horizontalHeader().resizeSection(column, width * char_width(self.table))
        self.never_label = muted()
        legend = muted("Results bar: green accepted, amber deferred, red declined. Your three closes are "
                       f"ranked by how surely they get a yes (at least {MIN_TRIES_FOR_BEST} tries).")

        bar = QHBoxLayout()
        bar.addWidget(section_title("Your three closes"))
        bar.addStretch(1)
        bar.addWidget(period_label)
        bar.addWidget(self.period_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(self.best_row)
        layout.addWidget(self.best_empty)
        layout.addWidget(section_title("Every close"))
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addWidget(self.never_label)
        self.practice = PracticeProgressPanel(PracticeStore(queries.db),
                                              {cid: c.name for cid, c in self.closes.items()})
        layout.addWidget(self.practice)

    def refresh(self) -> None:
        now = self.clock()
        days = self.period_combo.currentData()
        counts = self.queries.close_counts(now - timedelta(days=days), now)
        names = {cid: close.name for cid, close in self.closes.items()}
        report = technique_report(counts, names)
        self.model.set_report(report)
        self._show_best(report)
        if report.never_tried:
            listed = ", ".join(names.get(c, c) for c in report.never_tried)
            first = self.closes.get(report.never_tried[0])
            tip = f" Worth a try? {first.name}: {first.when}" if first is not None and first.when else ""
            self.never_label.setText(f"Never tried in this period: {listed}.{tip}")
        else:
            self.never_label.setText("You tried every close in this period.")
        self.practice.refresh(now)

    def _show_best(self, report: TechniqueReport) -> None:
        for card in self.best_cards:
            card.deleteLater()
        self.best_cards = []
        for close_id in report.best:
            stat = report.stat(close_id)
            card = QFrame()
            card.setObjectName("bestCard")
            name = QLabel(f"★ {stat.name}")
            name.setObjectName("bestName")
            numbers = QLabel(f"Accepted {stat.accepted} of {stat.tried} "
                             f"({round((stat.acceptance_rate or 0) * 100)}%)")
            close = self.closes.get(close_id)
            hint = muted(close.description if close is not None else "")
            card_layout = QVBoxLayout(card)
            card_layout.setContentsMargins(12, 8, 12, 8)
            card_layout.setSpacing(2)
            card_layout.addWidget(name)
            card_layout.addWidget(numbers)
            card_layout.addWidget(hint)
            card.setAccessibleName(f"{stat.name}: accepted {stat.accepted} of {stat.tried}")
            self.best_row.addWidget(card, 1)
            self.best_cards.append(card)
        self.best_empty.setVisible(not report.best)
        self.best_empty.setText(
            f"Not enough closes tried in this period to rank them (each needs {MIN_TRIES_FOR_BEST} tries). "
            "Record them during calls with Ctrl+T.")
