"""The pages around the drills: the closes to master, choosing them, and the closing summary."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QGridLayout, QListView, QPushButton

from companion.core.playbook import Playbook
from companion.core.practice.drills import FOCUS_SIZE
from companion.core.practice.progress import PracticeProgress
from companion.ui.practice.widgets import Page, mastery_bar, text
from companion.ui.style import section_title


def streak_text(progress: PracticeProgress) -> str:
    days = progress.streak_days
    streak = f"{days}-day streak" if days else "No streak yet"
    return f"Drills done: {progress.drills_done} · {streak}"


class StartPage(Page):
    start_requested = Signal()
    choose_requested = Signal()

    def show_focus(self, playbook: Playbook, focus: tuple[str, ...], progress: PracticeProgress,
                   note: str = "") -> None:
        self.clear()
        self.body.addWidget(text("Practice", "drillTitle"))
        self.body.addWidget(text("Five minutes of drills on the closes you want to come without "
                                 "thinking, from your own calls and the playbook.", "muted"))
        self.body.addWidget(section_title("Your closes to master"))
        mastery = {c.close_id: c.now for c in progress.closes}
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        row = 0
        for close_id in focus:
            close = playbook.close(close_id)
            name = close.name if close else close_id
            grid.addWidget(text(name, "bestName"), row, 0)
            grid.addWidget(mastery_bar(mastery.get(close_id, 0.0), name), row, 1)
            grid.addWidget(text(f"{round(mastery.get(close_id, 0.0) * 100)}%", "muted"), row, 2)
            if close is not None and close.when:
                grid.addWidget(text(close.when, "muted"), row + 1, 0, 1, 3)
            row += 2
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.body.addLayout(grid)
        self.body.addWidget(text(streak_text(progress), "muted"))
        if note:
            self.body.addWidget(text(note, "muted"))
        self.body.addStretch(1)
        start = QPushButton("Start practice   Enter")
        start.setObjectName("primary")
        start.setAccessibleName("Start practice")
        start.setToolTip("Start a 5-minute session (Enter)")
        start.clicked.connect(self.start_requested)
        choose = QPushButton("Choose closes…   C")
        choose.setAccessibleName("Choose closes")
        choose.setToolTip("Pick the three closes to master (C)")
        choose.clicked.connect(self.choose_requested)
        self.body.addWidget(start)
        self.body.addWidget(choose)
        self.body.addWidget(text("Ctrl+W closes · Esc during a drill ends the session", "muted"))


class ChooseClosesPage(Page):
    """Every close of the playbook with a check box; Space ticks, Enter keeps exactly three."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Closes to master")
        self.view.setWordWrap(True)
        self.message = text(name="muted")
        self.body.addWidget(text("Choose three closes to master", "drillTitle"))
        self.body.addWidget(text("Arrows move, Space ticks, Enter keeps them, Esc goes back.", "muted"))
        self.body.addWidget(self.view, 1)
        self.body.addWidget(self.message)

    def show_closes(self, playbook: Playbook, focus: tuple[str, ...]) -> None:
        self.model.clear()
        for close in playbook.closes:
            item = QStandardItem(f"{close.name}\n{close.when}" if close.when else close.name)
            item.setData(close.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if close.id in focus else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self.view.setCurrentIndex(self.model.index(0, 0))
        self.message.setText("")
        self.view.setFocus()

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.model.rowCount())
                     if self.model.item(r).checkState() == Qt.CheckState.Checked)

    def valid(self) -> bool:
        count = len(self.chosen())
        if count != FOCUS_SIZE:
            self.message.setText(f"Tick exactly {FOCUS_SIZE} closes ({count} ticked).")
            return False
        return True


class SummaryPage(Page):
    again_requested = Signal()
    close_requested = Signal()

    def show_summary(self, lines: list[str], progress: PracticeProgress, note: str = "") -> None:
        self.clear()
        self.body.addWidget(text("Session done", "drillTitle"))
        for line in lines or ["No drill rated."]:
            label = text(line)
            label.setAccessibleName("Summary line")
            self.body.addWidget(label)
        self.body.addWidget(text(streak_text(progress), "muted"))
        if note:
            self.body.addWidget(text(note, "muted"))
        self.body.addStretch(1)
        again = QPushButton("Practise again   R")
        again.setAccessibleName("Practise again")
        again.setToolTip("Another session (R)")
        again.clicked.connect(self.again_requested)
        done = QPushButton("Close   Enter")
        done.setObjectName("primary")
        done.setAccessibleName("Close")
        done.setToolTip("Close practice (Enter)")
        done.clicked.connect(self.close_requested)
        self.body.addWidget(again)
        self.body.addWidget(done)
