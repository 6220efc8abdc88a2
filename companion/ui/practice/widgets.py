"""Small building blocks shared by the practice pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

PRACTICE_STYLE = """
QLabel#drillTitle { font-size: 12pt; font-weight: 600; }
QLabel#askNow { font-size: 12pt; font-weight: 600; }
QLabel#verdict { font-size: 11pt; font-weight: 600; }
QLabel#coachLine { padding: 6px; border-radius: 4px; background: palette(alternate-base); }
QLabel#prospectSays { font-size: 11pt; font-style: italic; }
QPushButton#option { text-align: left; padding: 6px 8px; }
QProgressBar#mastery { max-height: 10px; }
"""


def text(value: str = "", name: str = "") -> QLabel:
    label = QLabel(value)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def mastery_bar(value: float, label: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setObjectName("mastery")
    bar.setRange(0, 100)
    bar.setValue(round(value * 100))
    bar.setTextVisible(False)
    bar.setAccessibleName(f"{label} mastery {round(value * 100)}%")
    bar.setToolTip(f"Mastery {round(value * 100)}%: grows as the schedule trusts you to remember it "
                   "for longer (full at three weeks)")
    return bar


def key_button(number_or_key: str, label: str, tooltip: str, slot) -> QPushButton:
    """A button that shows its key ("1  Alternative close") and does what the key does."""
    button = QPushButton(f"{number_or_key}   {label}")
    button.setObjectName("option")
    button.setAccessibleName(label)
    button.setToolTip(f"{tooltip} ({number_or_key})")
    button.clicked.connect(slot)
    return button


class Page(QWidget):
    """A page that takes the keyboard focus itself, so its keys reach the window."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 10, 12, 10)
        self.body.setSpacing(6)

    def clear(self, layout=None) -> None:
        layout = layout or self.body
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()          # gone from the screen now, freed on the next loop
                item.widget().deleteLater()
            elif item.layout() is not None:
                self.clear(item.layout())
