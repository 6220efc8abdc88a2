"""The live checklist: the playbook's yes moments grouped by stage, each tickable with
one key, with the time it was ticked and an optional one-line note."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.call import STAGE_LABELS
from companion.core.playbook import Moment, Playbook
from companion.ui.style import literal_mnemonic, rich


class MomentRow(QWidget):
    toggled = Signal(str, bool)
    note_edited = Signal(str, str)

    def __init__(self, moment: Moment, number: int | None, parent=None):
        super().__init__(parent)
        self.moment = moment
        key_hint = f"Key {number} (Alt+{number} while typing)" if number else "Click or Space"
        label = literal_mnemonic(moment.label)
        self.check = QCheckBox(f"{number}  {label}" if number else f"    {label}")
        self.check.setObjectName("moment")
        self.check.setAccessibleName(f"Yes moment: {moment.label}")
        self.check.setToolTip(f"<b>{rich(moment.label)}</b><br>{rich(moment.prompt)}<br><i>{key_hint}</i>")
        self.check.toggled.connect(lambda on: self.toggled.emit(moment.id, on))
        self.time_label = QLabel()
        self.time_label.setObjectName("momentTime")
        self.note_button = QToolButton()
        self.note_button.setText("✎")
        self.note_button.setAutoRaise(True)
        self.note_button.setAccessibleName(f"Note for {moment.label}")
        self.note_button.setToolTip("Add a short note to this moment, e.g. \"budget ~20k\" "
                                    "(N: the moment just ticked, or the one with focus)")
        self.note_button.clicked.connect(self.open_note)
        self.prompt_label = QLabel(moment.prompt)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setObjectName("momentPrompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setVisible(False)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note, e.g. budget ~20k  (Enter to keep, Esc to leave)")
        self.note_edit.setAccessibleName(f"Note text for {moment.label}")
        self.note_edit.setMaxLength(200)
        self.note_edit.setVisible(False)
        self.note_edit.textEdited.connect(lambda text: self.note_edited.emit(moment.id, text))
        self.note_edit.returnPressed.connect(self._note_done)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.check, 1)
        top.addWidget(self.time_label)
        top.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        indent = QHBoxLayout()
        indent.setContentsMargins(22, 0, 0, 2)
        inner = QVBoxLayout()
        inner.setSpacing(1)
        inner.addWidget(self.prompt_label)
        inner.addWidget(self.note_edit)
        indent.addLayout(inner)
        layout.addLayout(indent)

    def show_state(self, agreed_at: datetime | None, note: str, is_next: bool) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(agreed_at is not None)
        self.check.blockSignals(False)
        self.time_label.setText(agreed_at.astimezone().strftime("%H:%M") if agreed_at else "")
        if self.note_edit.text() != note and not self.note_edit.hasFocus():
            self.note_edit.setText(note)
        self.note_edit.setVisible(bool(note) or self.note_edit.hasFocus())
        self.prompt_label.setVisible(is_next)

    def open_note(self) -> None:
        self.note_edit.setVisible(True)
        self.note_edit.setFocus()

    def _note_done(self) -> None:
        self.note_edit.setVisible(bool(self.note_edit.text()))
        self.check.setFocus()


# A stage longer than this scrolls rather than pushing End call off a small screen.
STAGE_ROOM_LIMIT = 320


class Checklist(QScrollArea):
    """Shows the state of a call's moments; reports the rep's ticks and notes."""

    toggled = Signal(str, bool)
    note_edited = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Yes moments checklist")
        self.rows: list[MomentRow] = []
        self.stage_headers: dict[str, QToolButton] = {}
        # The moment ticked last by its key, and the row focus went to then: while focus
        # stays there, N opens that moment's note (its row may have folded away).
        self._ticked: str | None = None
        self._focus_at_tick: QWidget | None = None
        note_key = QShortcut(QKeySequence("N"), self)
        note_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        note_key.activated.connect(self.open_note)
        # Finished stages fold to one line to leave room for what is still to earn,
        # unless the rep opened them again.
        self._expanded: set[str] = set()

    def set_playbook(self, playbook: Playbook) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.rows = []
        self.stage_headers = {}
        self._expanded = set()
        self._ticked, self._focus_at_tick = None, None
        for stage, moments in playbook.moments_by_stage():
            header = QToolButton()
            header.setObjectName("stageHeader")
            header.setText(STAGE_LABELS[stage].upper())
            header.setAutoRaise(True)
            header.setAccessibleName(f"Stage {STAGE_LABELS[stage]}")
            header.setToolTip("A finished stage folds away; click to show or hide its moments")
            header.clicked.connect(lambda _=False, st=stage: self._toggle_stage(st))
            layout.addWidget(header)
            self.stage_headers[stage] = header
            for moment in moments:
                number = len(self.rows) + 1
                row = MomentRow(moment, number if number <= 9 else None)
                row.toggled.connect(self.toggled)
                row.note_edited.connect(self.note_edited)
                layout.addWidget(row)
                self.rows.append(row)
        layout.addStretch(1)
        self.setWidget(body)

    def ordered_moment_ids(self) -> list[str]:
        """The order in which keys 1-9 address moments (grouped by stage, as shown)."""
        return [row.moment.id for row in self.rows]

    def show_call(self, agreed: dict[str, datetime], notes: dict[str, str]) -> None:
        self._agreed = dict(agreed)
        next_row = next((r for r in self.rows if r.moment.id not in agreed), None)
        for row in self.rows:
            row.show_state(agreed.get(row.moment.id), notes.get(row.moment.id, ""), row is next_row)
        for stage, header in self.stage_headers.items():
            rows = [r for r in self.rows if r.moment.stage == stage]
            done = sum(r.moment.id in agreed for r in rows)
            complete = done == len(rows)
            if not complete:
                self._expanded.discard(stage)
            folded = complete and stage not in self._expanded
            label = STAGE_LABELS[stage].upper()
            header.setText(f"{label}  ✓ {done}/{len(rows)}" + ("  ▸" if folded else "") if complete
                           else f"{label}  {done}/{len(rows)}")
            for row in rows:
                row.setVisible(not folded)
        self._keep_focus_visible(next_row)
        self._keep_stage_in_view(next_row)

    def _keep_stage_in_view(self, next_row: MomentRow | None) -> None:
        """The stage being worked on stays whole on screen: the checklist asks for at least
        its header and rows (the coach card and chips give way first), and scrolls to it.
        Measured once the rows are laid out (a prompt may just have appeared)."""
        self._stage_in_view = next_row.moment.stage if next_row is not None else None
        QTimer.singleShot(0, self, self._fit_stage)

    def _fit_stage(self) -> None:
        stage = getattr(self, "_stage_in_view", None)
        body = self.widget()
        if stage is None or body is None:
            self.setMinimumHeight(0)
            return
        body.layout().activate()
        rows = [r for r in self.rows if r.moment.stage == stage and not r.isHidden()]
        header = self.stage_headers[stage]
        if not rows:
            return
        width = self.viewport().width()
        spacing = body.layout().spacing()
        needed = header.sizeHint().height() + 2 * self.frameWidth() + 12 + sum(
            max(r.sizeHint().height(), r.heightForWidth(width)) + spacing for r in rows)
        self.setMinimumHeight(max(0, min(needed, STAGE_ROOM_LIMIT, self._room_in_page())))
        # Scroll once the window has given the checklist its new height.
        QTimer.singleShot(0, self, self._scroll_to_stage)

    def _scroll_to_stage(self) -> None:
        # Looked up again: a new call may have replaced the rows since this was scheduled.
        stage = getattr(self, "_stage_in_view", None)
        rows = [r for r in self.rows if r.moment.stage == stage and not r.isHidden()]
        if stage is None or not rows or stage not in self.stage_headers:
            return
        self.ensureWidgetVisible(rows[-1], 0, 0)
        self.ensureWidgetVisible(self.stage_headers[stage], 0, 0)

    def _room_in_page(self) -> int:
        """The most the checklist can ask for without pushing the rest of the page (chips,
        notes, the coach, End call) below the window's edge."""
        page = self.parentWidget()
        layout = page.layout() if page is not None else None
        if layout is None or page.height() <= 0:
            return STAGE_ROOM_LIMIT
        own = max(self.minimumHeight(), self.minimumSizeHint().height())
        others = layout.minimumSize().height() - own
        return page.height() - others

    def _keep_focus_visible(self, next_row: MomentRow | None) -> None:
        """Focus never stays on a row that just folded away (keys would go nowhere): it
        moves to the next moment to earn, else to the last row still shown."""
        focused = QApplication.focusWidget()
        hidden = next((r for r in self.rows if r.isHidden() and focused is not None
                       and (focused is r or r.isAncestorOf(focused))), None)
        if hidden is None:
            return
        visible = [r for r in self.rows if not r.isHidden()]
        target = next_row if next_row is not None and not next_row.isHidden() else (visible[-1] if visible else None)
        if target is not None:
            target.check.setFocus()
            if self._ticked == hidden.moment.id:
                self._focus_at_tick = target.check
        else:
            self.setFocus()

    def row_for(self, moment_id: str) -> MomentRow | None:
        return next((r for r in self.rows if r.moment.id == moment_id), None)

    def ticked_by_key(self, moment_id: str) -> None:
        """A moment was ticked with its number: focus follows it (or the next moment, if its
        stage folded), so N and the arrow keys start from there."""
        row = self.row_for(moment_id)
        if row is None:
            return
        target = row if not row.isHidden() else next((r for r in self.rows if not r.isHidden()
                                                      and r.moment.id not in getattr(self, "_agreed", {})), None)
        if target is not None:
            target.check.setFocus()
        self._ticked = moment_id
        self._focus_at_tick = target.check if target is not None else None

    def open_note(self) -> None:
        """N: the note of the moment just ticked while focus has not moved on, else of the
        moment with focus."""
        focused = QApplication.focusWidget()
        if self._ticked is not None and focused is self._focus_at_tick:
            row = self.row_for(self._ticked)
        else:
            row = next((r for r in self.rows if focused is not None and r.isAncestorOf(focused)), None)
        if row is None:
            return
        if row.isHidden():                                 # its stage folded: open it again
            self._expanded.add(row.moment.stage)
            self._toggle_refresh()
        self._ticked, self._focus_at_tick = None, None
        row.open_note()
        self.ensureWidgetVisible(row, 0, 40)

    def _toggle_stage(self, stage: str) -> None:
        if stage in self._expanded:
            self._expanded.discard(stage)
        else:
            self._expanded.add(stage)
        self._toggle_refresh()

    def _toggle_refresh(self) -> None:
        self.show_call(getattr(self, "_agreed", {}), {r.moment.id: r.note_edit.text() for r in self.rows})

    def focus_first(self) -> None:
        visible = [r for r in self.rows if r.isVisibleTo(self)]
        if visible:
            visible[0].check.setFocus()
        else:
            self.setFocus()
