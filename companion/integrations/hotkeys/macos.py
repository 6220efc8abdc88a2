"""Global shortcuts on macOS: Carbon's RegisterEventHotKey, through ctypes.

It is the mechanism macOS keeps for exactly this (menu-bar utilities and launchers use
it), needs no Accessibility permission (unlike event taps), and delivers the key press
to the app's main event loop, which Qt runs. eventHotKeyExistsErr means another
application holds the combination.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable

from companion.integrations.hotkeys.base import OK, TAKEN, UNSUPPORTED, HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.binding import Binding

log = logging.getLogger(__name__)

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"


def four_cc(text: str) -> int:
    return int.from_bytes(text.encode("ascii"), "big")


K_EVENT_CLASS_KEYBOARD, K_EVENT_HOT_KEY_PRESSED = four_cc("keyb"), 5
K_EVENT_PARAM_DIRECT_OBJECT, TYPE_EVENT_HOT_KEY_ID = four_cc("----"), four_cc("hkid")
SIGNATURE = four_cc("CCmp")
EVENT_HOT_KEY_EXISTS_ERR = -9878
CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 0x100, 0x200, 0x800, 0x1000
_MODIFIERS = {"Super": CMD_KEY, "Shift": SHIFT_KEY, "Alt": OPTION_KEY, "Ctrl": CONTROL_KEY}
# Virtual key codes of an ANSI keyboard (Carbon's kVK_* constants).
_KEY_CODES = dict(zip("ASDFHGZXCV", (0, 1, 2, 3, 4, 5, 6, 7, 8, 9))) | {
    "B": 11, "Q": 12, "W": 13, "E": 14, "R": 15, "Y": 16, "T": 17, "O": 31, "U": 32, "I": 34,
    "P": 35, "L": 37, "J": 38, "K": 40, "N": 45, "M": 46,
    "1": 18, "2": 19, "3": 20, "4": 21, "6": 22, "5": 23, "9": 25, "7": 26, "8": 28, "0": 29,
    "Space": 49, "Delete": 117, "Home": 115, "End": 119, "PgUp": 116, "PgDown": 121,
    "Left": 123, "Right": 124, "Down": 125, "Up": 126,
    "F1": 122, "F2": 120, "F3": 99, "F4": 118, "F5": 96, "F6": 97, "F7": 98, "F8": 100,
    "F9": 101, "F10": 109, "F11": 103, "F12": 111,
}


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


HANDLER = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


def carbon_modifiers(binding: Binding) -> int:
    flags = 0
    for name in binding.modifiers:
        flags |= _MODIFIERS[name]
    return flags


class MacBackend(HotkeyBackend):
    name = "macos"

    def __init__(self, carbon=None):
        """`carbon` is the Carbon framework; tests pass a fake with the same functions."""
        self._carbon = carbon if carbon is not None else ctypes.CDLL(CARBON)
        self._refs: dict[Binding, tuple[int, ctypes.c_void_p]] = {}
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._next_id = 1
        self._target = self._carbon.GetApplicationEventTarget()
        # Kept as an attribute: ctypes must not free the C callback while Carbon holds it.
        self._handler = HANDLER(self._on_event)
        spec = EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOT_KEY_PRESSED)
        self._handler_ref = ctypes.c_void_p()
        status = self._carbon.InstallEventHandler(self._target, self._handler, 1, ctypes.byref(spec),
                                                  None, ctypes.byref(self._handler_ref))
        if status != 0:
            raise OSError(f"InstallEventHandler failed ({status})")

    def register(self, binding: Binding, callback: Callable[[], None]) -> RegisterResult:
        code = _KEY_CODES.get(binding.key)
        if code is None:
            return RegisterResult(UNSUPPORTED, binding, f"no Mac key code for {binding.key}")
        hotkey_id, self._next_id = self._next_id, self._next_id + 1
        ref = ctypes.c_void_p()
        status = self._carbon.RegisterEventHotKey(code, carbon_modifiers(binding),
                                                  EventHotKeyID(SIGNATURE, hotkey_id), self._target, 0,
                                                  ctypes.byref(ref))
        if status == EVENT_HOT_KEY_EXISTS_ERR:
            return RegisterResult(TAKEN, binding)
        if status != 0:
            return RegisterResult(UNSUPPORTED, binding, f"macOS refused it (error {status})")
        self._refs[binding] = (hotkey_id, ref)
        self._callbacks[hotkey_id] = callback
        return RegisterResult(OK, binding)

    def unregister(self, binding: Binding) -> None:
        entry = self._refs.pop(binding, None)
        if entry is not None:
            hotkey_id, ref = entry
            self._carbon.UnregisterEventHotKey(ref)
            self._callbacks.pop(hotkey_id, None)

    def close(self) -> None:
        for binding in list(self._refs):
            self.unregister(binding)
        self._carbon.RemoveEventHandler(self._handler_ref)

    def _on_event(self, _call_ref, event, _user_data) -> int:
        hotkey = EventHotKeyID()
        status = self._carbon.GetEventParameter(event, K_EVENT_PARAM_DIRECT_OBJECT, TYPE_EVENT_HOT_KEY_ID,
                                                None, ctypes.sizeof(hotkey), None, ctypes.byref(hotkey))
        if status == 0 and hotkey.signature == SIGNATURE:
            callback = self._callbacks.get(hotkey.id)
            if callback is not None:
                try:
                    callback()
                except Exception:            # never let an exception unwind into Carbon
                    log.exception("Global shortcut failed")
        return 0
