"""What listening shows in the live window: that it is on, the heard-phrase chips, and
(if the rep wants it) the last minute of words.

The panel only draws; ListenController decides what is in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.ui.style import repolish

CONFIRM_KEY, DISMISS_KEY, PAUSE_KEY = "Alt+Y", "Alt+X", "Ctrl+Shift+L"
_STATES = {
    "starting": "● Listening starts…",
    "listening": "● Listening",
    "paused": "Ⅱ Listening paused",
    "off": "Not listening",
}


class ListenPanel(QWidget):
    confirm_requested = Signal(int)     # chip index, 0 = newest
    dismiss_requested = Signal(int)
    pause_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.status_label = QLabel()
        self.status_label.setObjectName("listening")
        self.status_label.setAccessibleName("Listening status")
        self.level_bar = QProgressBar()
        self.level_bar.setObjectName("level")
        self.level_bar.setRange(0, 100)
        self.level_bar.setTextVisible(False)
        self.level_bar.setFixedSize(48, 6)
        self.level_bar.setAccessibleName("Audio level")
        self.pause_button = QToolButton()
        self.pause_button.setAutoRaise(True)
        self.pause_button.setAccessibleName("Pause or resume listening")
        self.pause_button.setToolTip(f"Pause or resume listening ({PAUSE_KEY})")
        self.pause_button.clicked.connect(self.pause_requested.emit)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.status_label, 1)
        header.addWidget(self.level_bar)
        header.addWidget(self.pause_button)
        self._chip_box = QVBoxLayout()
        self._chip_box.setContentsMargins(0, 0, 0, 0)
        self._chip_box.setSpacing(3)
        self.chip_frames: list[QFrame] = []
        self.transcript_label = QLabel()
        self.transcript_label.setObjectName("transcript")
        self.transcript_label.setWordWrap(True)
        self.transcript_label.setAccessibleName("Last minute heard (on screen only)")
        self.transcript_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(header)
        layout.addLayout(self._chip_box)
        layout.addWidget(self.transcript_label)
        self.show_state("off")

    def show_state(self, state: str, detail: str = "") -> None:
        text = _STATES[state] + (f" · {detail}" if detail else "")
        self.status_label.setText(text)
        self.status_label.setToolTip(
            "Audio is processed on this computer only, never stored or sent. "
            f"{PAUSE_KEY} pauses and resumes.")
        self.status_label.setProperty("state", state)
        repolish(self.status_label)
        self.pause_button.setText("Resume" if state == "paused" else "Pause")
        self.pause_button.setEnabled(state in ("listening", "paused"))
        self.level_bar.setVisible(state == "listening")
        if state != "listening":
            self.level_bar.setValue(0)

    def show_level(self, value: float) -> None:
        # Ten reports a second: repaint only for a change the eye can see.
        level = round(value * 20) * 5
        if level != self.level_bar.value():
            self.level_bar.setValue(level)

    def show_chips(self, texts: list[str]) -> None:
        """One row per chip, newest first: the words heard, then ✓ and ✗."""
        for frame in self.chip_frames:
            frame.deleteLater()
        self.chip_frames = []
        for index, text in enumerate(texts):
            frame = QFrame()
            frame.setObjectName("heardChip")
            row = QHBoxLayout(frame)
            row.setContentsMargins(6, 2, 2, 2)
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)      # what was heard, never markup
            label.setObjectName("heardText")
            label.setWordWrap(True)
            row.addWidget(label, 1)
            for symbol, verb, signal, key in (("✓", "Confirm", self.confirm_requested, CONFIRM_KEY),
                                              ("✗", "Dismiss", self.dismiss_requested, DISMISS_KEY)):
                button = QToolButton()
                button.setText(symbol)
                button.setAutoRaise(True)
                button.setAccessibleName(f"{verb}: {text}")
                button.setToolTip(f"{verb}" + (f" ({key})" if index == 0 else "") +
                                  ("; nothing is ticked or flagged until you confirm" if verb == "Confirm" else ""))
                button.clicked.connect(lambda _=False, i=index, s=signal: s.emit(i))
                row.addWidget(button)
            self._chip_box.addWidget(frame)
            self.chip_frames.append(frame)

    def show_transcript(self, text: str | None) -> None:
        """None hides it; the rep turns it on in Settings."""
        self.transcript_label.setVisible(text is not None)
        self.transcript_label.setText(text or "")
