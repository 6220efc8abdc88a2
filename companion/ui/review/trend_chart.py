"""The daily commitment rate with the calls per day, painted with QPainter (no chart library).

Bars: calls per day (right scale). Line: the commitment rate (left scale, 0-100%); a day
without connects leaves a gap rather than a false 0%. Dashed: the ~37% industry figure.
Hovering a day shows its numbers.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from companion.core.call_text import counted
from companion.core.review import INDUSTRY_COMMITMENT_RATE, DayPoint, format_rate
from companion.ui.review import tones
from companion.ui.style import ACCENT, TEXT_ON_DARK


class TrendChart(QWidget):
    MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 44, 52, 30
    RIGHT_AXIS_TITLE = "Calls"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[DayPoint] = []
        self.setMouseTracking(True)
        self.setMinimumSize(480, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Daily commitment rate chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        return QSize(760, 340)

    def set_points(self, points: list[DayPoint]) -> None:
        self.points = points
        rated = [p for p in points if p.summary.commitment_rate is not None]
        days = len(points)
        if rated:
            latest = rated[-1]
            self.setAccessibleDescription(
                f"{counted(days, 'day')}; latest rate {format_rate(latest.summary.commitment_rate)} on "
                f"{latest.day:%d %B}; industry figure {round(INDUSTRY_COMMITMENT_RATE * 100)}%.")
        else:
            self.setAccessibleDescription(f"{counted(days, 'day')} without connected calls.")
        self.update()

    # -- geometry ---------------------------------------------------------------------------
    def _plot(self) -> QRectF:
        return QRectF(self.MARGIN_LEFT, self.MARGIN_TOP,
                      max(1, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
                      max(1, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM))

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(1, len(self.points))

    def _max_calls(self) -> int:
        most = max((p.summary.calls for p in self.points), default=0)
        step = 5 if most <= 50 else 10 ** (len(str(most)) - 1)
        return max(step, math.ceil(most / step) * step)

    def day_at(self, x: float) -> DayPoint | None:
        plot = self._plot()
        if not self.points or not plot.left() <= x <= plot.right():
            return None
        number = int((x - plot.left()) / self._slot(plot))
        return self.points[min(number, len(self.points) - 1)]

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        faint = palette.placeholderText().color()
        plot = self._plot()
        painter.fillRect(self.rect(), palette.base())
        self._paint_grid(painter, plot, faint)
        self._paint_axis_titles(painter, plot, faint)
        if not self.points:
            painter.setPen(faint)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No calls in this period")
            return
        self._paint_bars(painter, plot)
        self._paint_industry(painter, plot)
        self._paint_rate(painter, plot)
        self._paint_x_labels(painter, plot, faint)
        self._paint_legend(painter, text)

    def _paint_grid(self, painter: QPainter, plot: QRectF, faint: QColor) -> None:
        grid = QColor(faint)
        grid.setAlpha(60)
        max_calls = self._max_calls()
        for quarter in range(5):
            y = plot.bottom() - plot.height() * quarter / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(faint)
            painter.drawText(QRectF(0, y - 8, self.MARGIN_LEFT - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{quarter * 25}%")
            painter.drawText(QRectF(plot.right() + 6, y - 8, self.MARGIN_RIGHT - 6, 16),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{round(max_calls * quarter / 4)}")

    def _paint_axis_titles(self, painter: QPainter, plot: QRectF, faint: QColor) -> None:
        """What each side's numbers count: the rate on the left, calls on the right."""
        painter.setPen(faint)
        above = QRectF(0, plot.top() - 22, self.MARGIN_LEFT + 40, 14)
        painter.drawText(above, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "  Rate")
        right = QRectF(plot.right() - 60, plot.top() - 22, self.MARGIN_RIGHT + 60 - 4, 14)
        painter.drawText(right, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.RIGHT_AXIS_TITLE)

    def _paint_bars(self, painter: QPainter, plot: QRectF) -> None:
        slot = self._slot(plot)
        max_calls = self._max_calls()
        calls_colour = QColor(self.palette().mid().color())
        calls_colour.setAlpha(150)
        connects_colour = QColor(self.palette().dark().color())
        connects_colour.setAlpha(110)
        width = max(2, round(slot * 0.62))
        bottom = round(plot.bottom())
        # Whole-pixel rectangles without antialiasing: crisp, and several times cheaper.
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for number, point in enumerate(self.points):
            x = round(plot.left() + slot * number + (slot - width) / 2)
            for value, colour in ((point.summary.calls, calls_colour),
                                  (point.summary.connects, connects_colour)):
                if value:
                    height = round(plot.height() * value / max_calls)
                    painter.fillRect(QRect(x, bottom - height, width, height), colour)
        painter.restore()

    def _rate_y(self, plot: QRectF, rate: float) -> float:
        return plot.bottom() - plot.height() * rate

    def _paint_industry(self, painter: QPainter, plot: QRectF) -> None:
        y = self._rate_y(plot, INDUSTRY_COMMITMENT_RATE)
        pen = QPen(tones.warn(), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.drawText(QRectF(plot.left() + 4, y - 18, 200, 16), Qt.AlignmentFlag.AlignLeft,
                         f"Industry ≈{round(INDUSTRY_COMMITMENT_RATE * 100)}%")

    def _accent(self) -> QColor:
        return QColor(TEXT_ON_DARK[ACCENT] if tones.is_dark() else ACCENT)

    def rate_segments(self, plot: QRectF) -> list[list[QPointF]]:
        """The rate line in pieces: a day without connected calls has no rate, and the line
        stops there rather than suggesting a trend across days nothing happened."""
        slot = self._slot(plot)
        segments: list[list[QPointF]] = []
        current: list[QPointF] = []
        for number, point in enumerate(self.points):
            rate = point.summary.commitment_rate
            if rate is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(QPointF(plot.left() + slot * (number + 0.5), self._rate_y(plot, rate)))
        if current:
            segments.append(current)
        return segments

    def _paint_rate(self, painter: QPainter, plot: QRectF) -> None:
        accent = self._accent()
        path = QPainterPath()
        dots = []
        for segment in self.rate_segments(plot):
            path.moveTo(segment[0])
            for spot in segment[1:]:
                path.lineTo(spot)
            dots += segment
        painter.setPen(QPen(accent, 2.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(accent)
        painter.setPen(QPen(self.palette().base().color(), 1.5))
        for spot in dots:
            painter.drawEllipse(spot, 3.5, 3.5)

    def _paint_x_labels(self, painter: QPainter, plot: QRectF, faint: QColor) -> None:
        slot = self._slot(plot)
        painter.setPen(faint)
        every = max(1, math.ceil(60 / slot))          # about one label per 60 pixels
        last = len(self.points) - 1
        for number, point in enumerate(self.points):
            if (last - number) % every:
                continue
            x = plot.left() + slot * (number + 0.5)
            painter.drawText(QRectF(x - 40, plot.bottom() + 6, 80, 18),
                             Qt.AlignmentFlag.AlignHCenter, f"{point.day:%d %b}")

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        x, y = float(self.MARGIN_LEFT), 8.0
        items = (("bar", self.palette().mid().color(), "Calls per day"),
                 ("bar", self.palette().dark().color(), "Connects"),
                 ("line", self._accent(), "Commitment rate"),
                 ("dash", tones.warn(), "Industry figure"))
        metrics = self.fontMetrics()
        for kind, colour, label in items:
            if kind == "bar":
                painter.fillRect(QRectF(x, y + 3, 12, 10), colour)
            else:
                style = Qt.PenStyle.DashLine if kind == "dash" else Qt.PenStyle.SolidLine
                painter.setPen(QPen(colour, 2, style))
                painter.drawLine(QPointF(x, y + 8), QPointF(x + 14, y + 8))
            painter.setPen(text)
            painter.drawText(QPointF(x + 18, y + 12), label)
            x += 18 + metrics.horizontalAdvance(label) + 18

    # -- hover -----------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:
        point = self.day_at(event.position().x())
        if point is None:
            QToolTip.hideText()
            return
        s = point.summary
        text = (f"{point.day:%a %d %b}: {counted(s.calls, 'call')}, {counted(s.connects, 'connect')}, "
                f"{s.committed} with a commitment ({format_rate(s.commitment_rate)})")
        QToolTip.showText(event.globalPosition().toPoint(), text, self)
