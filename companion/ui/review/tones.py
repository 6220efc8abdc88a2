"""Status colours for text in the review's lists, readable in the light and the dark scheme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication

from companion.ui.style import BAD, GOOD, TEXT_ON_DARK, WARN
from companion.ui.theme import is_dark as palette_is_dark

__all__ = ["good", "warn", "bad", "is_dark"]


def is_dark() -> bool:
    return palette_is_dark(QGuiApplication.palette())


def _text(hex_colour: str) -> QColor:
    return QColor(TEXT_ON_DARK.get(hex_colour, hex_colour) if is_dark() else hex_colour)


def good() -> QColor:
    # No lighter tone is defined for green; on dark backgrounds lighten it the same way.
    return QColor(GOOD).lighter(170) if is_dark() else QColor(GOOD)


def warn() -> QColor:
    return _text(WARN)


def bad() -> QColor:
    return _text(BAD)
