"""Global shortcuts on X11: passive key grabs on the root window (XGrabKey, python-xlib).

A grabbed combination goes to us only, never to the window that has the focus, and the
X server answers BadAccess when another client already holds it: that is how "taken by
another application" is known. One thread waits on the X connection; every call into
python-xlib holds one lock, since the library is not thread-safe.
"""

from __future__ import annotations

import logging
import os
import select
import threading
from collections.abc import Callable

from companion.integrations.hotkeys.base import OK, TAKEN, UNSUPPORTED, HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.binding import Binding

log = logging.getLogger(__name__)

_KEYSYM_NAMES = {"Space": "space", "PgUp": "Prior", "PgDown": "Next"}


class X11Backend(HotkeyBackend):
    name = "x11"

    def __init__(self, display_name: str | None = None):
        """Raises Xlib.error.DisplayError (or OSError) when no X server answers."""
        from Xlib import XK, X, error
        from Xlib import display as xdisplay

        self._X, self._XK, self._error = X, XK, error
        self._display = xdisplay.Display(display_name)
        self._root = self._display.screen().root
        self._lock = threading.Lock()
        self._grabs: dict[tuple[int, int], Callable[[], None]] = {}
        self._last_release: dict[int, int] = {}
        self._masks = self._modifier_masks()
        self._wake_read, self._wake_write = os.pipe()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="x11-global-shortcuts", daemon=True)
        self._thread.start()

    # -- the interface ------------------------------------------------------------------
    def register(self, binding: Binding, callback: Callable[[], None]) -> RegisterResult:
        keycode = self._keycode(binding.key)
        if not keycode:
            return RegisterResult(UNSUPPORTED, binding, f"no key on this keyboard types {binding.key}")
        mods = self._mods(binding)
        with self._lock:
            catcher = self._error.CatchError(self._error.BadAccess)
            for extra in self._lock_variants():
                self._root.grab_key(keycode, mods | extra, True, self._X.GrabModeAsync,
                                    self._X.GrabModeAsync, onerror=catcher)
            self._display.sync()
            if catcher.get_error() is not None:
                self._ungrab(keycode, mods)
                return RegisterResult(TAKEN, binding)
            self._grabs[(keycode, mods)] = callback
        self._wake()
        return RegisterResult(OK, binding)

    def unregister(self, binding: Binding) -> None:
        keycode = self._keycode(binding.key)
        mods = self._mods(binding)
        with self._lock:
            if self._grabs.pop((keycode, mods), None) is not None:
                self._ungrab(keycode, mods)

    def close(self) -> None:
        self._stopping = True
        self._wake()
        self._thread.join(timeout=2)
        with self._lock:
            for keycode, mods in list(self._grabs):
                self._ungrab(keycode, mods)
            self._grabs.clear()
            try:
                self._display.close()
            except Exception:                     # the server may already be gone
                log.debug("X display closed with an error", exc_info=True)
        for fd in (self._wake_read, self._wake_write):
            os.close(fd)

    # -- X details ----------------------------------------------------------------------
    def _keycode(self, key: str) -> int:
        name = _KEYSYM_NAMES.get(key, key.lower() if len(key) == 1 else key)
        keysym = self._XK.string_to_keysym(name)
        if not keysym:
            return 0
        with self._lock:
            return self._display.keysym_to_keycode(keysym)

    def _modifier_masks(self) -> dict[str, int]:
        """Which ModN bit Alt, Super and NumLock sit on (usually Mod1, Mod4, Mod2)."""
        X, XK = self._X, self._XK
        masks = {"Ctrl": X.ControlMask, "Shift": X.ShiftMask, "Alt": X.Mod1Mask,
                 "Super": X.Mod4Mask, "NumLock": X.Mod2Mask}
        wanted = {"Alt": ("Alt_L", "Alt_R", "Meta_L"), "Super": ("Super_L", "Super_R"),
                  "NumLock": ("Num_Lock",)}
        mapping = self._display.get_modifier_mapping()
        for name, keysyms in wanted.items():
            codes = {self._display.keysym_to_keycode(XK.string_to_keysym(k)) for k in keysyms} - {0}
            for index, keycodes in enumerate(mapping):
                if index >= 3 and codes & set(keycodes):
                    masks[name] = 1 << index
                    break
        return masks

    def _mods(self, binding: Binding) -> int:
        mask = 0
        for name in binding.modifiers:
            mask |= self._masks[name]
        return mask

    def _lock_variants(self) -> tuple[int, ...]:
        # A grab matches the exact modifier state: Caps Lock or Num Lock being on must
        # not switch the shortcut off.
        caps, num = self._X.LockMask, self._masks["NumLock"]
        return (0, caps, num, caps | num)

    def _ignored_bits(self) -> int:
        return self._X.LockMask | self._masks["NumLock"]

    def _ungrab(self, keycode: int, mods: int) -> None:
        for extra in self._lock_variants():
            self._root.ungrab_key(keycode, mods | extra)
        self._display.sync()

    def _wake(self) -> None:
        try:
            os.write(self._wake_write, b"x")
        except OSError:
            pass

    def _run(self) -> None:
        fd = self._display.fileno()
        while not self._stopping:
            try:
                ready, _, _ = select.select([fd, self._wake_read], [], [], 1.0)
                if self._wake_read in ready:
                    os.read(self._wake_read, 512)
                with self._lock:
                    events = []
                    while self._display.pending_events():
                        events.append(self._display.next_event())
            except (self._error.ConnectionClosedError, OSError, ValueError):
                if not self._stopping:
                    log.warning("Lost the X server connection: global shortcuts stop working")
                return
            for event in events:
                callback = self._callback_for(event)
                if callback is not None:
                    callback()

    def _callback_for(self, event) -> Callable[[], None] | None:
        X = self._X
        if event.type == X.KeyRelease:
            self._last_release[event.detail] = event.time
            return None
        if event.type != X.KeyPress:
            return None
        # A held key repeats as release+press pairs with one timestamp: act once per press.
        if self._last_release.get(event.detail) == event.time:
            return None
        mods = event.state & 0xFF & ~self._ignored_bits()
        return self._grabs.get((event.detail, mods))
