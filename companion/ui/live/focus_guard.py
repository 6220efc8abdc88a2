"""Keep the keyboard in the call app while the rep clicks the companion (X11).

The live window is marked "does not accept focus", so a window manager leaves the focus
where it is when the rep clicks a moment, an objection, Copy or the pin. The focus is
taken only when it is wanted:
- a click into a text field (notes, deal value, a moment's note): typing needs it;
- the window manager offers the focus without a click on us (Alt+Tab, a taskbar entry):
  X11 tells us through WM_TAKE_FOCUS; a click on us sends the same message, followed at
  once by the click itself, so the guard waits a moment to tell the two apart;
- the global "show" shortcut, a call starting or ending (their dialogs need typing).
Once the rep goes back to another window, the window stops accepting focus again.
"""

from __future__ import annotations

import ctypes
import logging
import time

from PySide6.QtCore import QAbstractNativeEventFilter, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

log = logging.getLogger(__name__)
_NO_FOCUS = Qt.WindowType.WindowDoesNotAcceptFocus
_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
_XCB_CLIENT_MESSAGE = 33
# A click that follows WM_TAKE_FOCUS arrives within milliseconds; allow for a loaded machine.
_CLICK_WINDOW_S = 0.35
_LOAD_DELAY_MS = 300
_SHORTCUT_QUIET_S = 1.0


def is_x11() -> bool:
    return QApplication.platformName() == "xcb"


class _TakeFocusFilter(QAbstractNativeEventFilter):
    """Sees X client messages before Qt does; reports WM_TAKE_FOCUS for our window."""

    def __init__(self, guard: "FocusGuard", protocols_atom: int, take_focus_atom: int):
        super().__init__()
        self._guard, self._protocols, self._take_focus = guard, protocols_atom, take_focus_atom

    def nativeEventFilter(self, event_type, message):
        if bytes(event_type) == b"xcb_generic_event_t":
            address = int(message)
            if ctypes.c_uint8.from_address(address).value & 0x7F == _XCB_CLIENT_MESSAGE:
                window, kind, data0 = (ctypes.c_uint32 * 3).from_address(address + 4)
                if kind == self._protocols and data0 == self._take_focus:
                    try:
                        self._guard.focus_offered(window)
                    except RuntimeError:         # the window (and its guard) is gone
                        pass
        return False, 0


class FocusGuard(QObject):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.enabled = is_x11()
        self._last_click = 0.0
        self._offer_timer = QTimer(self)
        self._offer_timer.setSingleShot(True)
        self._offer_timer.setInterval(int(_CLICK_WINDOW_S * 1000))
        self._offer_timer.timeout.connect(self._decide_offer)
        self._offered_at = 0.0
        self._filter = None
        self._tries_left = 0
        self._wants_focus = False
        self._own_show_at = 0.0
        self._last_global_key = 0.0
        self._active_at_offer: int | None = None
        self._x = None
        self._watch = QTimer(self)
        self._watch.setInterval(150)
        self._watch.timeout.connect(self._check_still_ours)
        if not self.enabled:
            return
        window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        window.setWindowFlag(_NO_FOCUS, True)
        QApplication.instance().installEventFilter(self)
        # When a dialog of ours closes and the window manager hands the focus straight to
        # another app, the window itself never sees a deactivation: watch the whole app.
        QApplication.instance().focusWindowChanged.connect(self._focus_window_changed)
        # python-xlib takes tens of milliseconds to load: not before the window's first paint.
        QTimer.singleShot(_LOAD_DELAY_MS, self, self._install_native_filter)

    def _install_native_filter(self) -> None:
        if self._filter is None and self.enabled:
            self._filter = self._make_native_filter()
            if self._filter is not None:
                QApplication.instance().installNativeEventFilter(self._filter)

    def _make_native_filter(self) -> _TakeFocusFilter | None:
        try:
            from Xlib import display
        except ImportError:
            log.warning("python-xlib is missing: Alt+Tab will raise the window without the focus")
            return None
        try:
            self._x = display.Display()
        except Exception:                          # no X server reachable by that name
            log.warning("Cannot reach the X server; Alt+Tab raises the window without the focus")
            return None
        self._active_atom = self._x.intern_atom("_NET_ACTIVE_WINDOW")
        return _TakeFocusFilter(self, self._x.intern_atom("WM_PROTOCOLS"),
                                self._x.intern_atom("WM_TAKE_FOCUS"))

    def _active_window_id(self) -> int | None:
        """The window manager's active window, straight from the X server."""
        try:
            prop = self._x.screen().root.get_full_property(self._active_atom, 0)
        except Exception:
            return None
        return int(prop.value[0]) if prop is not None and len(prop.value) else None

    def _our_window_ids(self) -> set[int]:
        # The QWindow's id, not QWidget.winId(): Qt on X11 makes a new X window when the
        # on-top hint changed while hidden, and the widget keeps the old id.
        return {int(w.windowHandle().winId()) for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowHandle() is not None}

    def really_active(self) -> bool:
        """Whether one of our windows has the focus. Qt's own answer can be stale on X11."""
        if self._x is None:
            return self.window.isActiveWindow()
        return self._active_window_id() in self._our_window_ids()

    def _check_still_ours(self) -> None:
        # Qt can miss the focus leaving (a dialog of ours closed and the window manager
        # gave the focus straight to another app), so ask the X server itself.
        if not self.accepting() or self._x is None:
            self._watch.stop()
            return
        active = self._active_window_id()
        if active is not None and active not in self._our_window_ids():
            self.release()

    # -- wanted focus ---------------------------------------------------------------------
    def take_focus(self, tries: int = 10) -> None:
        """Accept the focus and ask for it (a text field, the show shortcut, a dialog to type in)."""
        self._accepting(True)
        self.window.raise_()
        self.window.activateWindow()
        self._tries_left = tries - 1
        if self.enabled and self._tries_left > 0:
            # A window that was just shown is mapped a little later, and a window manager
            # ignores activation requests for unmapped windows: ask again until it took
            # (and never after: by then the rep may have gone back to the call).
            QTimer.singleShot(100, self, self._retry_focus)

    def _retry_focus(self) -> None:
        if self._tries_left <= 0:
            return
        if not self.really_active() and self.window.isVisible() and self.accepting() \
                and QApplication.activeModalWidget() is None:
            self.take_focus(self._tries_left)

    def release(self) -> None:
        """Stop accepting focus: the next click on a button leaves the keyboard where it is."""
        self._accepting(False)

    def accepting(self) -> bool:
        handle = self.window.windowHandle()
        return not self.enabled or handle is None or not bool(handle.flags() & _NO_FOCUS)

    def _accepting(self, on: bool) -> None:
        handle = self.window.windowHandle()
        if not self.enabled or handle is None:
            return
        # On the QWindow, not the widget: X11 updates the input hint in place, while a
        # widget flag change would unmap and map the window again.
        self._wants_focus = on
        handle.setFlag(_NO_FOCUS, not on)
        if on and self._x is not None:
            self._watch.start()

    def reapply(self) -> None:
        """After a widget-level flag change (on top), which gives the window the widget's
        flags again (not accepting focus): put back what the guard had decided."""
        if self.enabled and self._wants_focus:
            self._accepting(True)

    def global_shortcut_pressed(self) -> None:
        self._last_global_key = time.monotonic()

    def expect_own_show(self) -> None:
        """The window is about to be shown again by us: the window manager's offer of the
        focus that follows is not the rep asking for it."""
        self._own_show_at = time.monotonic()

    # -- what the window manager and the mouse tell us ----------------------------------------
    def focus_offered(self, window_id: int) -> None:
        handle = self.window.windowHandle()
        if handle is None or window_id != int(handle.winId()) or self.accepting() or self.really_active():
            return
        self._offered_at = time.monotonic()
        if self._offered_at - self._own_show_at < 1.0:
            return
        self._active_at_offer = self._active_window_id()
        self._offer_timer.start()

    def _decide_offer(self) -> None:
        clicked = abs(self._last_click - self._offered_at) < _CLICK_WINDOW_S
        # Another window got the focus since the offer: the rep has moved on, the offer is stale.
        now = self._active_window_id()
        moved_on = now not in (self._active_at_offer, None, 0) and now not in self._our_window_ids()
        # While a global shortcut holds the keyboard, the call app loses the focus for a
        # moment and the window manager may offer it to the topmost window: us. Not wanted.
        after_shortcut = abs(time.monotonic() - self._last_global_key) < _SHORTCUT_QUIET_S
        if not clicked and not moved_on and not after_shortcut and not self.really_active():
            self.take_focus()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget) \
                and watched.window() is self.window:
            self._last_click = time.monotonic()
            if isinstance(watched, _TEXT_FIELDS) or isinstance(watched.parent(), _TEXT_FIELDS):
                self.take_focus()
        elif kind == QEvent.Type.WindowDeactivate and watched is self.window:
            # A dialog of ours (wrap-up, settings) keeps the window accepting; another app does not.
            QTimer.singleShot(0, self._release_if_elsewhere)
        return False

    def _focus_window_changed(self, focus_window) -> None:
        if focus_window is None:
            self.release()
        else:
            self._tries_left = 0

    def _release_if_elsewhere(self) -> None:
        if QApplication.activeWindow() is None:
            self.release()

    def close(self) -> None:
        if self._filter is not None:
            QApplication.instance().removeNativeEventFilter(self._filter)
            self._filter = None
        self._watch.stop()
        if self._x is not None:
            self._x.close()
            self._x = None
        QApplication.instance().removeEventFilter(self)
        QApplication.instance().focusWindowChanged.disconnect(self._focus_window_changed)
