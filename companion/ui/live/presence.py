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


def set_widget_flag_quietly(widget, flag, on: bool) -> None:
    """Keep the widget's idea of its flags equal to its window's, without recreating it."""
    flags = widget.windowFlags()
    widget.overrideWindowFlags(flags | flag if on else flags & ~flag)


def _geometry_attribute(compact: bool) -> str:
    return "compact_geometry" if compact else "window_geometry"


class WindowPresence(QObject):
    def __init__(self, window, settings: Settings):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.in_call = False
        self.focus = FocusGuard(window)
        self._size_for_mode(settings.compact)
        window_placement.restore(window, settings, _geometry_attribute(settings.compact))

    # -- on top ---------------------------------------------------------------------------
    @property
    def on_top(self) -> bool:
        return self.in_call and self.settings.on_top_during_call

    def set_in_call(self, in_call: bool) -> None:
        self.in_call = in_call
        self.apply_on_top()

    def apply_on_top(self) -> None:
        window, on = self.window, self.on_top
        handle = window.windowHandle()
        if handle is None or not window.isVisible():
            window.setWindowFlag(_ON_TOP, on)       # before the first show: no window to update yet
            return
        if bool(handle.flags() & _ON_TOP) != on:
            # On the QWindow: X11 and the others change the stacking in place, without the
            # unmap and map a widget flag change costs (which could hand it the focus).
            handle.setFlag(_ON_TOP, on)
            set_widget_flag_quietly(window, _ON_TOP, on)

    def is_on_top(self) -> bool:
        handle = self.window.windowHandle()
        flags = handle.flags() if handle is not None else self.window.windowFlags()
        return bool(flags & _ON_TOP)

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
