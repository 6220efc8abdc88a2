"""Commitments: every next step by group; mark done, reschedule, cancel, edit. Saved at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QTableView, QToolButton, QVBoxLayout, QWidget

from companion.core.due_text import format_due
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.store.review_store import ReviewStore
from companion.ui.review.commitments_model import ACTION_COLUMN, HEADER, MORE, STEP, CommitmentsModel
from companion.ui.review.reschedule_dialog import RescheduleDialog
from companion.ui.review.tables import char_width, configure_list
from companion.ui.style import muted


class CommitmentsView(QTableView):
    """The grouped list: Enter folds a group, reads more, or opens the call."""

    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid() \
                and self.state() != QAbstractItemView.State.EditingState:
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class CommitmentsTab(QWidget):
    open_requested = Signal(str)
    message = Signal(str)          # for the status bar

    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None,
                 working_days: Callable[[], Iterable[int]] = lambda: DEFAULT_WORKING_DAYS):
        super().__init__(parent)
        self.clock = clock
        self.working_days = working_days
        self.model = CommitmentsModel(queries, clock, self)
        self.model.failed.connect(self.message)
        self.table = CommitmentsView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Next steps by group")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        configure_list(self.table)
        # Due ("Tue 24 Nov 15:30 · 2 days late") and Status fit their words; Next step takes the rest.
        for column, chars in ((1, 14), (2, 15), (4, 24)):
            self.table.horizontalHeader().resizeSection(column, chars * char_width(self.table))
        self.table.clicked.connect(self._clicked)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.activated_row.connect(self._activated)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

        self.actions: dict[str, QAction] = {}
        bar = QHBoxLayout()
        for key, text, keys, slot, tip in (
            ("done", "Mark done", "Ctrl+D", lambda: self.set_status("done"), "Mark the selected next step done"),
            ("reschedule", "Reschedule…", "Ctrl+L", self.reschedule, "Pick a new due date"),
            ("edit", "Edit text", "F2", self.edit_text, "Edit what will happen"),
            ("cancel", "Cancel step", "Ctrl+Shift+X", lambda: self.set_status("cancelled"),
             "It will not happen: cancel the next step"),
            ("reopen", "Reopen", "Ctrl+Shift+O", lambda: self.set_status("open"), "Open it again"),
            ("open", "Open call", "Ctrl+O", self.open_call, "Read or edit the whole call"),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} ({keys})")
            action.triggered.connect(slot)
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(text.rstrip("…"))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
            self.actions[key] = action
        bar.addStretch(1)
        self.hint = muted("Saved at once · double-click text to edit")
        self.hint.setWordWrap(False)
        bar.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._update_actions()

    # -- showing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.current_step()
        self.model.reload()
        if selected is not None:
            self.select(selected.call_id)
        if not self.table.currentIndex().isValid():
            self._select_first()
        self._update_actions()

    def _select_first(self) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.model.kind_at(index) == STEP:
                self.table.setCurrentIndex(index)
                return

    def select(self, call_id: str) -> bool:
        index = self.model.locate(call_id)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        return index.isValid()

    def toggle_group(self, name: str) -> None:
        group = self.model.groups[[g.name for g in self.model.groups].index(name)]
        self.model.set_collapsed(name, not group.collapsed)
        self.table.setCurrentIndex(self.model.header_index(name))

    def current_step(self):
        return self.model.step_at(self.table.currentIndex())

    def _update_actions(self) -> None:
        row = self.current_step()
        status = row.step.status if row else None
        self.actions["done"].setEnabled(status == "open")
        self.actions["cancel"].setEnabled(status == "open")
        self.actions["reopen"].setEnabled(status in ("done", "cancelled"))
        self.actions["reschedule"].setEnabled(row is not None)
        self.actions["edit"].setEnabled(row is not None)
        self.actions["open"].setEnabled(row is not None)

    # -- changing ---------------------------------------------------------------------------
    def set_status(self, status: str) -> None:
        row = self.current_step()
        if row is None or row.step.status == status:
            return
        index = self.table.currentIndex()
        neighbour = self._neighbour(index)
        if self.model.set_status(row.call_id, status):
            verb = {"done": "Marked done", "cancelled": "Cancelled", "open": "Reopened"}[status]
            self.message.emit(f"{verb}: {row.contact} — {row.step.action}")
            self._after_move(neighbour, row.call_id)

    def reschedule(self) -> None:
        row = self.current_step()
        if row is None:
            return
        dialog = RescheduleDialog(f"{row.contact}: {row.step.action}", row.step.due, self.clock(), self,
                                  working_days=self.working_days())
        if dialog.exec() != RescheduleDialog.DialogCode.Accepted:
            return
        neighbour = self._neighbour(self.table.currentIndex())
        if self.model.set_due(row.call_id, dialog.due()):
            self.message.emit(f"Rescheduled: {row.contact} — {format_due(dialog.due(), self.clock())}")
            self._after_move(neighbour, row.call_id, follow=True)

    def edit_text(self) -> None:
        index = self.table.currentIndex()
        if self.model.step_at(index) is not None:
            self.table.edit(index.siblingAtColumn(ACTION_COLUMN))

    def open_call(self) -> None:
        row = self.current_step()
        if row is not None:
            self.open_requested.emit(row.call_id)

    def _clicked(self, index: QModelIndex) -> None:
        kind = self.model.kind_at(index)
        if kind in (HEADER, MORE):
            self._activated(index)

    def _activated(self, index: QModelIndex) -> None:
        kind, name = self.model.kind_at(index), self.model.group_name_at(index)
        if kind == HEADER:
            self.toggle_group(name)
        elif kind == MORE:
            self.model.load_more(name)
        elif kind == STEP:
            self.open_call()

    def _double_clicked(self, index: QModelIndex) -> None:
        # Text columns edit in place (the view handles that); other step cells open the call.
        if self.model.kind_at(index) == STEP and not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.open_call()

    def _neighbour(self, index: QModelIndex) -> str | None:
        """The step to select once this one has moved away: the next one, else the previous."""
        for row in (index.row() + 1, index.row() - 1):
            step = self.model.step_at(self.model.index(row, 0)) if row >= 0 else None
            if step is not None:
                return step.call_id
        return None

    def _after_move(self, neighbour: str | None, moved: str, follow: bool = False) -> None:
        # Keep the rep's place in the list they are working through, unless they asked to follow.
        for call_id in ((moved, neighbour) if follow else (neighbour, moved)):
            if call_id is not None and self.select(call_id):
                break
        self._update_actions()
