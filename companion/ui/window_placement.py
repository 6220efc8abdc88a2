"""Qt side of window placement: per-screen-set-up geometry and the off-screen rescue.

The rules live in `companion.core.placement`; this module only reads Qt's screens and
the window's geometry. Geometry is Qt's own `saveGeometry()` blob (it carries the
maximised state and the frame), base64-encoded, one per screen set-up, all kept in the
single `settings.window_geometry` string.
"""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import QByteArray, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from companion.core import placement
from companion.core.placement import Rect
from companion.core.settings import Settings


def _rect(qrect: QRect) -> Rect:
    return Rect(qrect.x(), qrect.y(), qrect.width(), qrect.height())


def _screens() -> list[QScreen]:
    return list(QGuiApplication.screens())


def current_setup_key() -> str:
    # Full geometries, not available ones: a panel that auto-hides should not count as
    # another set-up.
    return placement.setup_key([_rect(s.geometry()) for s in _screens()])


def restore(window: QWidget, settings: Settings, attribute: str = "window_geometry") -> None:
    """Put the window where it was last time with these screens, then make sure it is reachable.

    `attribute` names the setting that holds the geometries (compact mode keeps its own)."""
    saved = placement.read_saved(getattr(settings, attribute))
    encoded = placement.saved_for(saved, current_setup_key())
    if encoded:
        try:
            window.restoreGeometry(QByteArray(base64.b64decode(encoded, validate=True)))
        except (ValueError, binascii.Error):
            pass   # a damaged value: the default size and place will do
    bring_on_screen(window)


def remember(window: QWidget, settings: Settings, attribute: str = "window_geometry") -> None:
    encoded = base64.b64encode(bytes(window.saveGeometry())).decode("ascii")
    saved = placement.read_saved(getattr(settings, attribute))
    setattr(settings, attribute, placement.remember(saved, current_setup_key(), encoded))


def bring_on_screen(window: QWidget) -> bool:
    """Move the window onto the primary screen if it is not reachable. True if it moved."""
    if window.isMaximized() or window.isFullScreen():
        return False
    primary = QGuiApplication.primaryScreen()
    if primary is None:
        return False
    frame = _rect(window.frameGeometry())
    available = [_rect(s.availableGeometry()) for s in _screens()]
    target = placement.rescue(frame, available, _rect(primary.availableGeometry()))
    if target == frame:
        return False
    # The frame may be larger than the client area (title bar, borders): shrink the client
    # by the same margins so the whole frame fits.
    extra_w = frame.width - window.width()
    extra_h = frame.height - window.height()
    window.resize(max(target.width - extra_w, window.minimumWidth()),
                  max(target.height - extra_h, window.minimumHeight()))
    window.move(target.x, target.y)
    return True


class _ScreenWatcher(QObject):
    """A child of the window, so the connections end when the window is destroyed."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        app = QGuiApplication.instance()
        app.screenRemoved.connect(self.screens_changed)
        app.primaryScreenChanged.connect(self.screens_changed)

    def screens_changed(self, *_args) -> None:
        # Qt updates the remaining screens' geometry after the signal; check once it settled.
        QTimer.singleShot(0, self, self.check)

    def check(self) -> None:
        bring_on_screen(self._window)


def watch_screens(window: QWidget) -> None:
    """Rescue the window when a monitor goes away or the primary one changes while it runs."""
    _ScreenWatcher(window)
