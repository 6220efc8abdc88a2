"""Global shortcuts on Windows: RegisterHotKey, through ctypes (no extra package).

RegisterHotKey posts WM_HOTKEY to the message queue of the thread that registered the
key, so one thread owns every registration and runs a message loop; register() hands it
the request and waits for the answer. ERROR_HOTKEY_ALREADY_REGISTERED means another
application holds the combination.
"""

from __future__ import annotations

import ctypes
import logging
import queue
import threading
from collections.abc import Callable

from companion.integrations.hotkeys.base import OK, TAKEN, UNSUPPORTED, HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.binding import Binding

log = logging.getLogger(__name__)

WM_HOTKEY, WM_APP, WM_QUIT = 0x0312, 0x8000, 0x0012
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
_MODIFIERS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Super": MOD_WIN}
_NAMED_VK = {"Space": 0x20, "PgUp": 0x21, "PgDown": 0x22, "End": 0x23, "Home": 0x24, "Left": 0x25,
             "Up": 0x26, "Right": 0x27, "Down": 0x28, "Insert": 0x2D, "Delete": 0x2E, "Pause": 0x13}


def virtual_key(key: str) -> int | None:
    if len(key) == 1 and (key.isdigit() or "A" <= key <= "Z"):
        return ord(key)                       # VK_0..VK_9 and VK_A..VK_Z are their ASCII codes
    if key.startswith("F") and key[1:].isdigit():
        return 0x70 + int(key[1:]) - 1        # VK_F1 = 0x70
    return _NAMED_VK.get(key)


def modifier_flags(binding: Binding) -> int:
    flags = MOD_NOREPEAT                      # a held key fires once, not at the repeat rate
    for name in binding.modifiers:
        flags |= _MODIFIERS[name]
    return flags


class _Msg(ctypes.Structure):
    _fields_ = [("hwnd", ctypes.c_void_p), ("message", ctypes.c_uint), ("wParam", ctypes.c_size_t),
                ("lParam", ctypes.c_ssize_t), ("time", ctypes.c_ulong), ("x", ctypes.c_long),
                ("y", ctypes.c_long)]


class WindowsBackend(HotkeyBackend):
    name = "windows"

    def __init__(self, user32=None, kernel32=None):
        """`user32`/`kernel32` are the system DLLs; tests pass fakes with the same calls."""
        self._user32 = user32 if user32 is not None else ctypes.WinDLL("user32", use_last_error=True)
        self._last_error = (kernel32.GetLastError if kernel32 is not None else ctypes.get_last_error)
        self._requests: queue.Queue = queue.Queue()
        self._ids: dict[Binding, int] = {}
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._next_id = 1
        self._ready = threading.Event()
        self._thread_id = 0
        self._thread = threading.Thread(target=self._run, name="windows-global-shortcuts", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def register(self, binding: Binding, callback: Callable[[], None]) -> RegisterResult:
        vk = virtual_key(binding.key)
        if vk is None:
            return RegisterResult(UNSUPPORTED, binding, f"Windows has no key code for {binding.key}")
        return self._ask("register", binding, vk, callback)

    def unregister(self, binding: Binding) -> None:
        self._ask("unregister", binding, 0, None)

    def close(self) -> None:
        self._user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)
        self._thread.join(timeout=2)

    def _ask(self, verb: str, binding: Binding, vk: int, callback) -> RegisterResult:
        answer: queue.Queue = queue.Queue(maxsize=1)
        self._requests.put((verb, binding, vk, callback, answer))
        # Wake the message loop, which runs the request on the registering thread.
        self._user32.PostThreadMessageW(self._thread_id, WM_APP, 0, 0)
        try:
            return answer.get(timeout=5)
        except queue.Empty:
            return RegisterResult(UNSUPPORTED, binding, "Windows did not answer in time")

    def _run(self) -> None:
        self._thread_id = self._user32.GetCurrentThreadId()
        message = _Msg()
        # Make sure this thread has a message queue before anyone posts to it.
        self._user32.PeekMessageW(ctypes.byref(message), None, 0, 0, 0)
        self._ready.set()
        while self._user32.GetMessageW(ctypes.byref(message), None, 0, 0) > 0:
            if message.message == WM_HOTKEY:
                callback = self._callbacks.get(int(message.wParam))
                if callback is not None:
                    callback()
            elif message.message == WM_APP:
                self._serve_requests()
        for hotkey_id in list(self._callbacks):
            self._user32.UnregisterHotKey(None, hotkey_id)

    def _serve_requests(self) -> None:
        while True:
            try:
                verb, binding, vk, callback, answer = self._requests.get_nowait()
            except queue.Empty:
                return
            if verb == "unregister":
                hotkey_id = self._ids.pop(binding, None)
                if hotkey_id is not None:
                    self._user32.UnregisterHotKey(None, hotkey_id)
                    self._callbacks.pop(hotkey_id, None)
                answer.put(RegisterResult(OK, binding))
                continue
            hotkey_id, self._next_id = self._next_id, self._next_id + 1
            if self._user32.RegisterHotKey(None, hotkey_id, modifier_flags(binding), vk):
                self._ids[binding] = hotkey_id
                self._callbacks[hotkey_id] = callback
                answer.put(RegisterResult(OK, binding))
            elif self._last_error() == ERROR_HOTKEY_ALREADY_REGISTERED:
                answer.put(RegisterResult(TAKEN, binding))
            else:
                answer.put(RegisterResult(UNSUPPORTED, binding, f"Windows refused it (error {self._last_error()})"))
