"""Objection flags: one click (or Ctrl+1..6) cycles none -> open -> resolved -> none.

Also shows objections detected in the notes as dashed chips the rep confirms with a
click; nothing is flagged without the rep saying so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.playbook import Playbook
from companion.ui.style import literal_mnemonic, repolish, rich

_COLUMNS = 3


class ObjectionBar(QWidget):
    cycled = Signal(str)          # objection id: advance its state by one step
    suggestion_accepted = Signal(str)
    suggestion_dismissed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.buttons: dict[str, QToolButton] = {}
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(4)
        self._chips = QHBoxLayout()
        self._chips.setContentsMargins(0, 0, 0, 0)
        self._chips.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._grid)
        layout.addLayout(self._chips)
        self._chip_buttons: dict[str, QToolButton] = {}

    def set_playbook(self, playbook: Playbook) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for index, objection in enumerate(playbook.objections):
            button = QToolButton()
            button.setObjectName("objection")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setText(literal_mnemonic(objection.label))
            shortcut = f"Ctrl+{index + 1}" if index < 9 else ""
            button.setAccessibleName(f"Objection: {objection.label}")
            responses = "".join(f"<li>{rich(r)}</li>" for r in objection.responses[:3])
            button.setToolTip(
                f"<b>{rich(objection.label)}</b> ({shortcut or 'click'}): click once when raised, again when "
                f"resolved, a third time to clear.<ul>{responses}</ul>")
            button.clicked.connect(lambda _=False, oid=objection.id: self.cycled.emit(oid))
            button.setProperty("state", "none")
            button.setProperty("label", objection.label)
            self._grid.addWidget(button, index // _COLUMNS, index % _COLUMNS)
            self.buttons[objection.id] = button

    def ordered_ids(self) -> list[str]:
        return list(self.buttons)

    def show_states(self, states: dict[str, str]) -> None:
        """states: objection id -> "open" | "resolved" (absent means not raised)."""
        for objection_id, button in self.buttons.items():
            state = states.get(objection_id, "none")
            if button.property("state") != state:
                button.setProperty("state", state)
                label = button.property("label")
                button.setText({"open": f"! {label}", "resolved": f"✓ {label}"}.get(state, label))
                button.setAccessibleDescription(state)
                repolish(button)

    def show_suggestions(self, suggestions: list[tuple[str, str]]) -> None:
        """Detected objections as chips: (objection id, label)."""
        wanted = dict(suggestions)
        for objection_id in list(self._chip_buttons):
            if objection_id not in wanted:
                self._chip_buttons.pop(objection_id).deleteLater()
        for objection_id, label in suggestions:
            if objection_id in self._chip_buttons:
                continue
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setText(f"{label}? Flag it")
            chip.setAccessibleName(f"Detected objection: {label}. Click to flag it")
            chip.setToolTip("Your notes mention this objection. Click to flag it; right-click to dismiss.")
            chip.clicked.connect(lambda _=False, oid=objection_id: self.suggestion_accepted.emit(oid))
            chip.setContextMenuPolicy(chip.contextMenuPolicy().CustomContextMenu)
            chip.customContextMenuRequested.connect(
                lambda _pos, oid=objection_id: self.suggestion_dismissed.emit(oid))
            self._chips.insertWidget(self._chips.count() - 1, chip)
            self._chip_buttons[objection_id] = chip
