"""Every next step, grouped: overdue, due today, upcoming, open without a date, done.

One flat table (not a tree): each group is a header row, its steps, and, while the group
has unread steps, a "show more" row. A flat table with fixed row heights costs the view the
same whatever has been read; a tree re-lays out every loaded row on each change, which grows
without bound. Pages come from the store with keyset paging; scrolling to the end reads the
last open group's next page. A change (done, rescheduled, cancelled) moves the one step to
where its new group's query would put it, without re-reading anything.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from companion.core.review import (
    DONE,
    STEP_GROUP_LABELS,
    STEP_GROUPS,
    UNDATED,
    StepRow,
    day_bounds_utc,
    step_group,
)
from companion.errors import DatabaseProblem
from companion.store.review_store import PAGE_SIZE, ReviewStore, display_order
from companion.ui.review.commitment_cells import (
    ACTION_COLUMN,
    CUSTOMER_COLUMN,
    header_cell,
    more_cell,
    step_cell,
)

HEADERS = ("Due", "Contact", "Company", "Next step", "Customer will", "Status")
COUNT_CAP = 10_000
HEADER, STEP, MORE = "header", "step", "more"
_ROLE = Qt.ItemDataRole
_STEP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_TEXT_FLAGS = _STEP_FLAGS | Qt.ItemFlag.ItemIsEditable
_OTHER_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class _Group:
    def __init__(self, name: str):
        self.name = name
        self.rows: list[StepRow] = []
        self.count = 0
        self.exhausted = True
        self.collapsed = name == DONE          # the done pile starts folded away
        # What the header's arrow shows; it follows `collapsed` once the rows have moved,
        # so a row's text never changes in the middle of an insert or a removal.
        self.arrow_folded = self.collapsed

    @property
    def hidden(self) -> bool:
        # "Open, no date" shows only when there is something in it.
        return self.name == UNDATED and self.count == 0 and not self.rows

    @property
    def size(self) -> int:
        """Rows this group takes in the table."""
        if self.hidden:
            return 0
        if self.collapsed:
            return 1
        return 1 + len(self.rows) + (0 if self.exhausted else 1)

    def count_text(self) -> str:
        return f"{COUNT_CAP:,}+" if self.count > COUNT_CAP else f"{self.count:,}"

    def header_text(self) -> str:
        arrow = "▸" if self.arrow_folded else "▾"
        return f"{arrow} {STEP_GROUP_LABELS[self.name]} · {self.count_text()}"


class CommitmentsModel(QAbstractTableModel):
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
        self._inserting = False         # no nested fetch while rows go in

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
                group.rows, group.exhausted = self._read(group)
        except DatabaseProblem as exc:
            for group in self.groups:
                group.exhausted = True
            self.failed.emit(f"Could not read the next steps: {exc}")
        self.endResetModel()

    def _read(self, group: _Group) -> tuple[list[StepRow], bool]:
        """The group's next page, and whether it was the last."""
        after = group.rows[-1].key if group.rows else None
        page = self.store.step_page(group.name, self.now, self.end_of_today, after, self.page_size)
        # A short page is the last; so is one that reaches an exact (uncapped) count.
        counted_all = group.count <= COUNT_CAP and len(group.rows) + len(page) >= group.count
        return page, len(page) < self.page_size or counted_all

    def load_more(self, name: str) -> None:
        """Read a group's next page (its "show more" row, or scrolling to the end)."""
        number = STEP_GROUPS.index(name)
        group = self.groups[number]
        if group.exhausted or group.collapsed or self._inserting:
            return
        start = self._offset(number)
        try:
            page, ended = self._read(group)
        except DatabaseProblem as exc:
            self.failed.emit(f"Could not read the next steps: {exc}")
            page, ended = [], True
        with self._changing():
            if page:
                first = start + 1 + len(group.rows)       # where the "show more" row is
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                group.rows.extend(page)
                self.endInsertRows()
            if ended:                                    # the "show more" row goes
                gone = start + 1 + len(group.rows)
                self.beginRemoveRows(QModelIndex(), gone, gone)
                group.exhausted = True
                self.endRemoveRows()

    def _last_open_group(self) -> _Group | None:
        visible = [g for g in self.groups if g.size]
        last = visible[-1] if visible else None
        return last if last is not None and not last.collapsed and not last.exhausted else None

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._inserting and self._last_open_group() is not None

    def fetchMore(self, parent=QModelIndex()) -> None:
        group = self._last_open_group() if not parent.isValid() else None
        if group is not None:
            self.load_more(group.name)

    # -- structure -------------------------------------------------------------------------
    def _offset(self, number: int) -> int:
        return sum(g.size for g in self.groups[:number])

    def entry(self, row: int) -> tuple[str, _Group, int] | None:
        """(HEADER | STEP | MORE, group, index among the group's steps) for a table row."""
        for group in self.groups:
            size = group.size
            if row < size:
                if row == 0:
                    return HEADER, group, -1
                if row - 1 < len(group.rows):
                    return STEP, group, row - 1
                return MORE, group, -1
            row -= size
        return None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else sum(g.size for g in self.groups)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def step_at(self, index: QModelIndex) -> StepRow | None:
        found = self.entry(index.row()) if index.isValid() else None
        if found is None or found[0] != STEP:
            return None
        return found[1].rows[found[2]]

    def group_name_at(self, index: QModelIndex) -> str | None:
        found = self.entry(index.row()) if index.isValid() else None
        return found[1].name if found else None

    def kind_at(self, index: QModelIndex) -> str | None:
        found = self.entry(index.row()) if index.isValid() else None
        return found[0] if found else None

    def header_index(self, name: str) -> QModelIndex:
        return self.index(self._offset(STEP_GROUPS.index(name)), 0)

    def rows_in(self, name: str) -> list[StepRow]:
        return list(self.groups[STEP_GROUPS.index(name)].rows)

    def locate(self, call_id: str) -> QModelIndex:
        for number, group in enumerate(self.groups):
            for position, row in enumerate(group.rows):
                if row.call_id == call_id and not group.collapsed:
                    return self.index(self._offset(number) + 1 + position, 0)
        return QModelIndex()

    def set_collapsed(self, name: str, collapsed: bool) -> None:
        number = STEP_GROUPS.index(name)
        group = self.groups[number]
        if group.collapsed == collapsed or group.hidden:
            return
        start = self._offset(number)
        body = len(group.rows) + (0 if group.exhausted else 1)
        with self._changing():
            self._fold(group, start, body, collapsed)
        group.arrow_folded = collapsed
        header = self.index(start, 0)
        self.dataChanged.emit(header, header)

    def _fold(self, group: _Group, start: int, body: int, collapsed: bool) -> None:
        if collapsed:
            if body:
                self.beginRemoveRows(QModelIndex(), start + 1, start + body)
            group.collapsed = True
            if body:
                self.endRemoveRows()
        else:
            if body:
                self.beginInsertRows(QModelIndex(), start + 1, start + body)
            group.collapsed = False
            if body:
                self.endInsertRows()

    @contextmanager
    def _changing(self):
        """No fetching while rows move: whoever reacts to the move (a view, Qt's model
        tester) must not start a second, nested change."""
        self._inserting = True
        try:
            yield
        finally:
            self._inserting = False

    # -- showing ---------------------------------------------------------------------------
    def headerData(self, section, orientation, role=_ROLE.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == _ROLE.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=_ROLE.DisplayRole):
        found = self.entry(index.row()) if index.isValid() else None
        if found is None:
            return None
        kind, group, position = found
        column = index.column()
        if kind == HEADER:
            return header_cell(group.header_text(), group.name, group.count,
                               group.collapsed, group.count_text(), column, role)
        if kind == MORE:
            return more_cell(group.count - len(group.rows), group.count > COUNT_CAP,
                             self.page_size, column, role)
        return step_cell(group.rows[position], group.name, self.now, column, role)

    def flags(self, index: QModelIndex):
        found = self.entry(index.row()) if index.isValid() else None
        if found is None:
            return Qt.ItemFlag.NoItemFlags
        if found[0] == STEP and index.column() in (ACTION_COLUMN, CUSTOMER_COLUMN):
            return _TEXT_FLAGS
        return _STEP_FLAGS if found[0] == STEP else _OTHER_FLAGS

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
        except DatabaseProblem as exc:
            self.failed.emit(f"Not saved: {exc}. Nothing was changed; try again.")
            return False
        self.place(call_id, updated)
        self.step_changed.emit(call_id)
        return True

    def place(self, call_id: str, updated: StepRow | None) -> None:
        """Move one step to where it now belongs (or drop it, if it no longer exists)."""
        for number, group in enumerate(self.groups):
            position = next((i for i, r in enumerate(group.rows) if r.call_id == call_id), None)
            if position is None:
                continue
            if updated is not None and step_group(updated.step, self.now, self.end_of_today) == group.name:
                group.rows[position] = updated
                if not group.collapsed:
                    row = self._offset(number) + 1 + position
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                return
            with self._changing():
                self._remove(number, position)
            break
        if updated is not None:
            with self._changing():
                self._insert(updated)

    def _remove(self, number: int, position: int) -> None:
        group = self.groups[number]
        was_visible = group.size > 0
        if group.collapsed:
            del group.rows[position]
        else:
            row = self._offset(number) + 1 + position
            self.beginRemoveRows(QModelIndex(), row, row)
            del group.rows[position]
            self.endRemoveRows()
        self._count(number, -1, was_visible)

    def _insert(self, row: StepRow) -> None:
        name = step_group(row.step, self.now, self.end_of_today)
        number = STEP_GROUPS.index(name)
        group = self.groups[number]
        key = display_order(name, row.key)
        position = next((i for i, other in enumerate(group.rows)
                         if key < display_order(name, other.key)), len(group.rows))
        was_visible = group.size > 0
        if not was_visible:
            # A hidden group (Open, no date, when empty) appears whole: header and this step.
            start = self._offset(number)
            self.beginInsertRows(QModelIndex(), start, start + (0 if group.collapsed else 1))
            group.rows.insert(position, row)
            group.count += 1
            self.endInsertRows()
            return
        if position == len(group.rows) and not group.exhausted:
            self._count(number, +1, was_visible)
            return      # beyond the part read so far: its page will bring it
        if group.collapsed:
            group.rows.insert(position, row)
        else:
            at = self._offset(number) + 1 + position
            self.beginInsertRows(QModelIndex(), at, at)
            group.rows.insert(position, row)
            self.endInsertRows()
        self._count(number, +1, was_visible)

    def _count(self, number: int, delta: int, was_visible: bool) -> None:
        """Change a group's count; an emptied "Open, no date" group goes away."""
        group = self.groups[number]
        if was_visible and group.count + delta <= 0 and group.name == UNDATED and not group.rows:
            start = self._offset(number)
            self.beginRemoveRows(QModelIndex(), start, start)
            group.count = 0
            self.endRemoveRows()
            return
        group.count = max(0, group.count + delta)
        header = self.index(self._offset(number), 0)
        self.dataChanged.emit(header, header)
