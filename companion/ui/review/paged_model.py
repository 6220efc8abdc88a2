"""A table model that reads its rows a page at a time, as the view scrolls.

Subclasses say what the columns show; a `fetch(after_row, limit)` function (a store query)
says where rows come from. The first page is read at once, so a list is never blank for a
frame; the rest arrive through canFetchMore/fetchMore when the view nears the end.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from companion.errors import DatabaseProblem
from companion.store.review_store import PAGE_SIZE

log = logging.getLogger(__name__)

Fetch = Callable[[Any, int], list]   # (last row so far or None, limit) -> next rows


class PagedTableModel(QAbstractTableModel):
    # Reading failed (locked or damaged database): the message is for the rep.
    failed = Signal(str)
    HEADERS: Sequence[str] = ()
    TOOLTIPS: Sequence[str] = ()

    def __init__(self, parent=None, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.page_size = page_size
        self._rows: list = []
        self._fetch: Fetch | None = None
        self._exhausted = True
        self._inserting = False
        self.limit: int | None = None      # stop after this many rows (the audit's "last N")

    # -- the source -------------------------------------------------------------------------
    def set_fetch(self, fetch: Fetch | None, limit: int | None = None) -> None:
        """Start over with a new source (another day, another search); reads the first page.

        A source that keeps state between pages may have `restart()` (called here) and an
        `exhausted` attribute (trusted instead of "a short page means the end")."""
        if fetch is not None and hasattr(fetch, "restart"):
            fetch.restart()
        self.beginResetModel()
        self._rows = []
        self._fetch = fetch
        self.limit = limit
        self._exhausted = fetch is None
        self._rows = self._read_page()
        self.endResetModel()

    def reload(self) -> None:
        """Read again, keeping as many rows as were loaded (after a change elsewhere)."""
        wanted = max(len(self._rows), 1)
        self.set_fetch(self._fetch, self.limit)
        while len(self._rows) < wanted and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def _read_page(self) -> list:
        if self._fetch is None or self._exhausted:
            return []
        limit = self.page_size
        if self.limit is not None:
            limit = min(limit, self.limit - len(self._rows))
        if limit <= 0:
            self._exhausted = True
            return []
        after = self._rows[-1] if self._rows else None
        try:
            page = self._fetch(after, limit)
        except DatabaseProblem as exc:
            log.warning("Review list could not be read: %s", exc)
            self._exhausted = True
            self.failed.emit(f"Could not read the calls: {exc}")
            return []
        ended = getattr(self._fetch, "exhausted", len(page) < limit)
        if ended or (self.limit is not None and len(self._rows) + len(page) >= self.limit):
            self._exhausted = True
        return page

    # -- lazy loading -----------------------------------------------------------------------
    def canFetchMore(self, parent=QModelIndex()) -> bool:
        # Not while a page is being inserted: whoever reacts to the insert (a view, Qt's
        # model tester) must not start a second, nested insert.
        return not parent.isValid() and not self._exhausted and not self._inserting

    def fetchMore(self, parent=QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._read_page()
        if not page:
            return
        first = len(self._rows)
        self._inserting = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._inserting = False

    # -- rows -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def row(self, index: QModelIndex | QPersistentModelIndex | int):
        number = index if isinstance(index, int) else index.row()
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rows(self) -> list:
        return list(self._rows)

    def replace_row(self, number: int, row) -> None:
        self._rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.columnCount() - 1))

    def remove_row(self, number: int) -> None:
        self.beginRemoveRows(QModelIndex(), number, number)
        del self._rows[number]
        self.endRemoveRows()

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TOOLTIPS):
            return self.TOOLTIPS[section] or None
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row, column: int, role: int):
        """What column `column` of `row` shows for `role`; None for nothing."""
        raise NotImplementedError

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
