"""How the live window stands on the desktop: above other windows during a call, full or
compact, shown or hidden, and whether it takes the keyboard focus (see focus_guard)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from companion.core.settings import Settings
from companion.ui import window_placement
from companion.ui.live.compact_page import STRIP_SIZE
from companion.ui.live.focus_guard import FocusGuard

_ON_TOP = Qt.WindowType.WindowStaysOnTopHint
FULL_SIZE, FULL_MINIMUM = (360, 640), (320, 480)
COMPACT_MINIMUM = (300, 150)


def _geometry_attribute(compact: bool) -> str:
    return "compact_geometry" if compact else "window_geometry"


class WindowPresence(QObject):
    def __init__(self, window, settings: Settings):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.focus = FocusGuard(window)
        self._size_for_mode(settings.compact)
        window.setWindowFlag(_ON_TOP, self.on_top)
        window_placement.restore(window, settings, _geometry_attribute(settings.compact))

    # -- on top ---------------------------------------------------------------------------
    @property
    def on_top(self) -> bool:
        # Between calls too: flipping it at each call start would show the window anew,
        # and a window shown anew loses the keyboard it had.
        return self.settings.keep_on_top

    def apply_on_top(self) -> None:
        window, on = self.window, self.on_top
        if bool(window.windowFlags() & _ON_TOP) == on:
            return
        visible = window.isVisible()
        # Through the widget, so its flags and its window's stay one and the same (a QWindow
        # flag changed behind the widget's back corrupts memory later in PySide). Qt shows
        # the window again afterwards, which must not hand it the focus.
        self.focus.expect_own_show()
        window.setWindowFlag(_ON_TOP, on)
        if visible:
            window.show()
        self.focus.reapply()

    def is_on_top(self) -> bool:
        return bool(self.window.windowFlags() & _ON_TOP)

    # -- compact or full ---------------------------------------------------------------------
    def set_compact(self, compact: bool) -> None:
        if compact == self.settings.compact:
            return
        window = self.window
        window_placement.remember(window, self.settings, _geometry_attribute(self.settings.compact))
        self.settings.compact = compact
        self._size_for_mode(compact)
        window_placement.restore(window, self.settings, _geometry_attribute(compact))
        window.show_current_page()
        window.settings_changed.emit()

    def _size_for_mode(self, compact: bool) -> None:
        width, height = STRIP_SIZE if compact else FULL_SIZE
        self.window.setMinimumSize(*(COMPACT_MINIMUM if compact else FULL_MINIMUM))
        self.window.resize(width, height)

    def remember_geometry(self) -> None:
        window_placement.remember(self.window, self.settings, _geometry_attribute(self.settings.compact))

    # -- shown or hidden ----------------------------------------------------------------------
    def toggle_shown(self) -> None:
        window = self.window
        if window.isVisible() and not window.isMinimized():
            window.hide()
        else:
            self.bring_forward()

    def bring_forward(self) -> None:
        """Shown, raised and with the focus: the rep asked for the window itself."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        self.focus.take_focus()
