"""How the review's lists look and behave: one place, so every tab's table feels the same.

Columns of short, known words (times, due dates, outcomes, status, verdicts) fit their
contents, measured over the first rows only (the view never reads a whole long list to
size a column); the free-text column ("Next step", "Match") takes the spare width, so
nothing short is elided while a wide window is left half empty.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from companion.ui.review.call_models import CallListModel

# Fitted to their contents (and header), by header text.
FIT_COLUMNS = {"Time", "When", "Outcome", "Due", "Status", "Commitment", "Specific", "Dated",
               "Customer acts", "Verdict"}
# The one column per table that takes what is left.
STRETCH_COLUMNS = {"Next step", "Match"}
# Rows looked at when fitting a column: a screenful and then some, never the whole list.
FIT_PRECISION = 60
# Column widths in characters' worth of pixels, by header text (for the other columns).
_WIDTHS = {
    "Time": 6, "When": 15, "Contact": 16, "Company": 17, "Outcome": 14, "Next step": 32,
    "Due": 16, "Status": 11, "Commitment": 15, "Specific": 8, "Dated": 7, "Customer acts": 12,
    "Verdict": 24, "Match": 24, "Customer will": 28,
}


def char_width(widget) -> int:
    return widget.fontMetrics().horizontalAdvance("n") + 1


class CallTable(QTableView):
    """A list of calls; Enter or a double-click asks to open the call."""

    open_requested = Signal(str)

    def __init__(self, model: CallListModel, accessible_name: str, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        configure_list(self)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(lambda index: self._request(index.row()))
        self.setToolTip("Enter or double-click opens the call")

    def _request(self, row: int) -> None:
        call = self.model().call_at(row)
        if call is not None:
            self.open_requested.emit(call.call_id)

    def current_call_id(self) -> str | None:
        index = self.currentIndex()
        call = self.model().call_at(index.row()) if index.isValid() else None
        return call.call_id if call else None

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._request(self.currentIndex().row())
            return
        super().keyPressEvent(event)


def configure_list(view: QTableView) -> None:
    """One row per line, fixed row heights (the view never measures rows, so a long list
    costs what a short one does), whole-row selection."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setShowGrid(False)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
    apply_widths(view.horizontalHeader(), view.model(), char_width(view))


def apply_widths(header: QHeaderView, model, unit: int) -> None:
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(FIT_PRECISION)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    titles = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
    stretched = any(title in STRETCH_COLUMNS for title in titles)
    for column, title in enumerate(titles):
        header.resizeSection(column, _WIDTHS.get(title, 14) * unit)
        if title in FIT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        elif title in STRETCH_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if not stretched:
        header.setStretchLastSection(True)


def rows_height(view: QTableView, rows: int) -> int:
    """The height that shows `rows` rows of `view` with its header and frame, no more."""
    header = view.horizontalHeader().sizeHint().height() if view.horizontalHeader().isVisible() else 0
    return header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() + 2
