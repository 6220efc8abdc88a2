"""Every next step, grouped: overdue, due today, upcoming, open without a date, done.

A two-level tree: the groups, and under each the steps, read a page at a time as the view
scrolls (keyset pages from the store). A change (done, rescheduled, cancelled) moves the one
step to where its new group's query would put it, without re-reading the lists.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication

from companion.core.call import OWNER_LABELS
from companion.core.review import (
    DONE, OVERDUE, STEP_GROUP_LABELS, STEP_GROUPS, TODAY, StepRow, day_bounds_utc, describe_due,
    overdue_text, step_group,
)
from companion.store.review_queries import PAGE_SIZE, ReviewStore, display_order
from companion.ui.review import tones

HEADERS = ("Due", "Contact", "Company", "Next step", "Customer will", "Status")
ACTION_COLUMN, CUSTOMER_COLUMN = 3, 4
COUNT_CAP = 10_000
_GROUP_ID = 0          # internalId of a group row; a step's is its group's number + 1
_ROLE = Qt.ItemDataRole


class _Group:
    def __init__(self, name: str):
        self.name = name
        self.rows: list[StepRow] = []
        self.count = 0
        self.exhausted = True


class CommitmentsModel(QAbstractItemModel):
    failed = Signal(str)
    step_changed = Signal(str)        # a call's next step was changed here

    def __init__(self, store: ReviewStore, clock: Callable[[], datetime], parent=None,
                 page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.page_size = page_size
        self.groups = [_Group(name) for name in STEP_GROUPS]
        self.now = clock()
        self.end_of_today = self.now
        self._inserting = False         # no nested fetch while a page goes in

    # -- reading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every group's first page and count again, as of now."""
        self.beginResetModel()
        self.now = self.clock()
        self.end_of_today = day_bounds_utc(self.now.astimezone().date())[1]
        try:
            for group in self.groups:
                group.count = self.store.step_count(group.name, self.now, self.end_of_today, COUNT_CAP)
                group.rows = []
                group.exhausted = False
                group.rows = self._read(group)
        except sqlite3.Error as exc:
            for group in self.groups:
                group.exhausted = True
            self.failed.emit(f"Could not read the next steps: {exc}")
        self.endResetModel()

    def _read(self, group: _Group) -> list[StepRow]:
        after = group.rows[-1].key if group.rows else None
        page = self.store.step_page(group.name, self.now, self.end_of_today, after, self.page_size)
        if len(page) < self.page_size:
            group.exhausted = True
        return page

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        group = self._group_of_header(parent)
        return group is not None and not group.exhausted and not self._inserting

    def fetchMore(self, parent=QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        group = self._group_of_header(parent)
        try:
            page = self._read(group)
        except sqlite3.Error as exc:
            group.exhausted = True
            self.failed.emit(f"Could not read the next steps: {exc}")
            return
        if page:
            first = len(group.rows)
            self._inserting = True
            try:
                self.beginInsertRows(parent, first, first + len(page) - 1)
                group.rows.extend(page)
                self.endInsertRows()
            finally:
                self._inserting = False

    # -- structure -------------------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP_ID)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.groups)
        group = self._group_of_header(parent)
        return len(group.rows) if group is not None and parent.column() == 0 else 0

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(HEADERS)

    def hasChildren(self, parent=QModelIndex()) -> bool:
        if not parent.isValid():
            return True
        group = self._group_of_header(parent)
        return group is not None and parent.column() == 0 and (bool(group.rows) or not group.exhausted)

    def _group_of_header(self, index: QModelIndex) -> _Group | None:
        if index.isValid() and index.internalId() == _GROUP_ID and 0 <= index.row() < len(self.groups):
            return self.groups[index.row()]
        return None

    def group_index(self, name: str) -> QModelIndex:
        return self.index(STEP_GROUPS.index(name), 0)

    def step_at(self, index: QModelIndex) -> StepRow | None:
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        rows = self.groups[index.internalId() - 1].rows
        return rows[index.row()] if index.row() < len(rows) else None

    def group_name_at(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        number = index.row() if index.internalId() == _GROUP_ID else index.internalId() - 1
        return STEP_GROUPS[number]

    def locate(self, call_id: str) -> QModelIndex:
        for number, group in enumerate(self.groups):
            for row_number, row in enumerate(group.rows):
                if row.call_id == call_id:
                    return self.index(row_number, 0, self.index(number, 0))
        return QModelIndex()

    def count_text(self, name: str) -> str:
        count = self.groups[STEP_GROUPS.index(name)].count
        return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"

    # -- showing ---------------------------------------------------------------------------
    def headerData(self, section, orientation, role=_ROLE.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == _ROLE.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: QModelIndex, role=_ROLE.DisplayRole):
        if not index.isValid():
            return None
        group = self._group_of_header(index)
        if group is not None:
            return self._group_data(group, index.column(), role)
        row = self.step_at(index)
        if row is None:
            return None
        return self._step_data(row, self.groups[index.internalId() - 1].name, index.column(), role)

    def _group_data(self, group: _Group, column: int, role: int):
        if column != 0:
            return None
        if role == _ROLE.DisplayRole:
            return f"{STEP_GROUP_LABELS[group.name]} · {self.count_text(group.name)}"
        if role == _ROLE.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == _ROLE.ForegroundRole and group.name == OVERDUE and group.count:
            return tones.bad()
        if role == _ROLE.AccessibleTextRole:
            return f"{STEP_GROUP_LABELS[group.name]}: {self.count_text(group.name)} next steps"
        return None

    def _step_data(self, row: StepRow, group: str, column: int, role: int):
        step = row.step
        if role in (_ROLE.DisplayRole, _ROLE.EditRole):
            if column == 0:
                text = describe_due(step.due, self.now)
                if group == OVERDUE:
                    text += f" · {overdue_text(step.due, self.now)}"
                return text
            return (row.contact, row.company, step.action, step.customer_action,
                    _status_text(step.status, step.owner))[column - 1]
        if role == _ROLE.ToolTipRole:
            if column == CUSTOMER_COLUMN and not step.customer_action.strip():
                return "Nothing for the customer to do yet: double-click to add their part"
            if column in (ACTION_COLUMN, CUSTOMER_COLUMN):
                return "Double-click or F2 to edit; saved at once"
            if column == 0 and step.due is not None:
                return f"{step.due.astimezone():%A %d %B %Y %H:%M}"
            return None
        if role == _ROLE.ForegroundRole:
            if group == OVERDUE and column in (0, 5):
                return tones.bad()
            if group == DONE:
                return QGuiApplication.palette().placeholderText().color()
            if group == TODAY and column == 0:
                return tones.warn()
            return None
        if role == _ROLE.FontRole:
            font = QFont()
            if group == OVERDUE and column == 0:
                font.setBold(True)
            if step.status == "cancelled" and column == ACTION_COLUMN:
                font.setStrikeOut(True)
            return font
        if role == _ROLE.UserRole:
            return row.call_id
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in (ACTION_COLUMN, CUSTOMER_COLUMN):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- changing ---------------------------------------------------------------------------
    def setData(self, index: QModelIndex, value, role=_ROLE.EditRole) -> bool:
        row = self.step_at(index)
        if row is None or role != _ROLE.EditRole or index.column() not in (ACTION_COLUMN, CUSTOMER_COLUMN):
            return False
        text = str(value)
        if index.column() == ACTION_COLUMN:
            if not text.strip():
                self.failed.emit("A next step needs an action; the text was not changed.")
                return False
            change = {"action": text}
        else:
            change = {"customer_action": text}
        return self._apply(row.call_id, lambda: self.store.set_step_text(row.call_id, self.clock(), **change))

    def set_status(self, call_id: str, status: str) -> bool:
        return self._apply(call_id, lambda: self.store.set_step_status(call_id, status, self.clock()))

    def set_due(self, call_id: str, due: datetime | None) -> bool:
        return self._apply(call_id, lambda: self.store.set_step_due(call_id, due, self.clock()))

    def _apply(self, call_id: str, write) -> bool:
        try:
            updated = write()
        except sqlite3.Error as exc:
            self.failed.emit(f"Not saved: {exc}. Nothing was changed; try again.")
            return False
        self.place(call_id, updated)
        self.step_changed.emit(call_id)
        return True

    def place(self, call_id: str, updated: StepRow | None) -> None:
        """Move one step to where it now belongs (or drop it, if it no longer exists)."""
        old = self.locate(call_id)
        if old.isValid():
            old_number = old.internalId() - 1
            group = self.groups[old_number]
            if updated is not None and step_group(updated.step, self.now, self.end_of_today) == group.name:
                group.rows[old.row()] = updated
                self.dataChanged.emit(self.index(old.row(), 0, old.parent()),
                                      self.index(old.row(), len(HEADERS) - 1, old.parent()))
                return
            self.beginRemoveRows(old.parent(), old.row(), old.row())
            del group.rows[old.row()]
            self.endRemoveRows()
            self._count(old_number, -1)
        if updated is not None:
            self._insert(updated)

    def _insert(self, row: StepRow) -> None:
        name = step_group(row.step, self.now, self.end_of_today)
        number = STEP_GROUPS.index(name)
        group = self.groups[number]
        self._count(number, +1)
        key = display_order(name, row.key)
        position = next((i for i, other in enumerate(group.rows)
                         if key < display_order(name, other.key)), len(group.rows))
        if position == len(group.rows) and not group.exhausted:
            return      # beyond the loaded part: the next page will bring it
        parent = self.index(number, 0)
        self.beginInsertRows(parent, position, position)
        group.rows.insert(position, row)
        self.endInsertRows()

    def _count(self, number: int, delta: int) -> None:
        self.groups[number].count = max(0, self.groups[number].count + delta)
        header = self.index(number, 0)
        self.dataChanged.emit(header, header)


def _status_text(status: str, owner: str) -> str:
    if status != "open":
        return status.capitalize()
    return f"Open · {OWNER_LABELS.get(owner, owner)}"
