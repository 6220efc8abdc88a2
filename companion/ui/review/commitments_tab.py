"""Commitments: every next step by group; mark done, reschedule, cancel, edit. Saved at once."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QToolButton, QTreeView, QVBoxLayout, QWidget

from companion.core.review import DONE, STEP_GROUPS, UNDATED
from companion.store.review_queries import ReviewStore
from companion.ui.review.commitments_model import ACTION_COLUMN, CommitmentsModel
from companion.ui.review.reschedule_dialog import RescheduleDialog
from companion.ui.review.views import char_width, muted, style_tree


class CommitmentsTab(QWidget):
    open_requested = Signal(str)
    message = Signal(str)          # for the status bar

    def __init__(self, queries: ReviewStore, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.clock = clock
        self.model = CommitmentsModel(queries, clock, self)
        self.model.failed.connect(self.message)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Next steps by group")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setObjectName("commitments")
        style_tree(self.tree)
        # Room for "Tue 24 Nov 15:30 · 2 days late" beside the tree's indentation.
        for column, chars in enumerate((30, 14, 15, 32, 24)):
            self.tree.header().resizeSection(column, chars * char_width(self.tree))
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

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
        self.hint = muted("Saved at once · double-click a step's text to edit it")
        bar.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        self._update_actions()

    # -- showing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.current_step()
        self.model.reload()
        for number, name in enumerate(STEP_GROUPS):
            group = self.model.groups[number]
            # "Open, no date" only when there are any; the done pile starts folded away.
            self.tree.setRowHidden(number, QModelIndex(), name == UNDATED and group.count == 0)
            self.tree.setExpanded(self.model.index(number, 0), name != DONE)
        for number in range(len(STEP_GROUPS)):
            self.tree.setFirstColumnSpanned(number, QModelIndex(), True)
        if selected is not None:
            self.select(selected.call_id)
        if not self.tree.currentIndex().isValid():
            self._select_first()
        self._update_actions()

    def _select_first(self) -> None:
        for number in range(len(STEP_GROUPS)):
            parent = self.model.index(number, 0)
            if self.model.rowCount(parent) and self.tree.isExpanded(parent):
                self.tree.setCurrentIndex(self.model.index(0, 0, parent))
                return

    def select(self, call_id: str) -> bool:
        index = self.model.locate(call_id)
        if index.isValid():
            self.tree.setExpanded(index.parent(), True)
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def current_step(self):
        return self.model.step_at(self.tree.currentIndex())

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
        index = self.tree.currentIndex()
        neighbour = self._neighbour(index)
        if self.model.set_status(row.call_id, status):
            verb = {"done": "Marked done", "cancelled": "Cancelled", "open": "Reopened"}[status]
            self.message.emit(f"{verb}: {row.contact} — {row.step.action}")
            self._after_move(neighbour, row.call_id)

    def reschedule(self) -> None:
        row = self.current_step()
        if row is None:
            return
        dialog = RescheduleDialog(f"{row.contact}: {row.step.action}", row.step.due, self.clock(), self)
        if dialog.exec() != RescheduleDialog.DialogCode.Accepted:
            return
        neighbour = self._neighbour(self.tree.currentIndex())
        if self.model.set_due(row.call_id, dialog.due()):
            self.message.emit(f"Rescheduled: {row.contact} — {dialog.due():%a %d %b %H:%M}")
            self._after_move(neighbour, row.call_id, follow=True)

    def edit_text(self) -> None:
        index = self.tree.currentIndex()
        if self.model.step_at(index) is not None:
            self.tree.edit(index.siblingAtColumn(ACTION_COLUMN))

    def open_call(self) -> None:
        row = self.current_step()
        if row is not None:
            self.open_requested.emit(row.call_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        # Text columns edit in place (the view handles that); the others open the call.
        if not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.open_call()

    def _neighbour(self, index: QModelIndex) -> str | None:
        """The step to select once this one has moved away: the next one, else the previous."""
        for row in (index.row() + 1, index.row() - 1):
            step = self.model.step_at(self.model.index(row, 0, index.parent())) if row >= 0 else None
            if step is not None:
                return step.call_id
        return None

    def _after_move(self, neighbour: str | None, moved: str, follow: bool = False) -> None:
        # Keep the rep's place in the list they are working through, unless they asked to follow.
        for call_id in ((moved, neighbour) if follow else (neighbour, moved)):
            if call_id is not None and self.select(call_id):
                break
        self._update_actions()
