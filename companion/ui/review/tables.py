"""How the review's lists look and behave: one place, so every tab's table feels the same.

Sizes are set, never measured from the contents: measuring would read every loaded row.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from companion.ui.review.call_models import CallListModel

# Column widths in characters' worth of pixels, by header text.
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
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        header.resizeSection(column, _WIDTHS.get(title, 14) * unit)
