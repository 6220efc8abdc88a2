"""Global shortcuts for the Qt app: the platform layer's callbacks come from its own thread
(X11, Windows) or the main one (macOS); either way they reach the UI thread as `activated`.

The key thread touches nothing of Qt, not even a signal emit (a PySide object used from a
thread Qt does not know corrupts memory): it puts the action in a queue and writes one byte
to a socket pair, whose other end a QSocketNotifier watches on the UI thread.
"""

from __future__ import annotations

import logging
import queue
import socket
import weakref

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtGui import QGuiApplication

from companion.core.settings import Settings
from companion.core.shortcut_actions import effective_bindings
from companion.integrations.hotkeys.base import HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.shortcuts import GlobalShortcuts

log = logging.getLogger(__name__)


class GlobalShortcutService(QObject):
    activated = Signal(str)            # action id, always delivered on the UI thread
    results_changed = Signal()

    def __init__(self, backend: HotkeyBackend | None = None, parent: QObject | None = None):
        super().__init__(parent)
        if backend is None:
            from companion.integrations.hotkeys import open_backend

            backend = open_backend(QGuiApplication.platformName())
        self.backend = backend
        self._pending: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._wake_in, self._wake_out = socket.socketpair()
        for end in (self._wake_in, self._wake_out):
            end.setblocking(False)
        # Closed with the service however it goes (quit, or its window deleted).
        weakref.finalize(self, _close_all, self._wake_in, self._wake_out)
        self._notifier = QSocketNotifier(self._wake_in.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._deliver)
        self._shortcuts = GlobalShortcuts(backend, self._from_key_thread)

    def _from_key_thread(self, action: str) -> None:
        """Runs on the platform layer's thread: plain Python only."""
        self._pending.put(action)
        try:
            self._wake_out.send(b"\0")
        except OSError:              # the buffer is full of wake-ups already, or we are closing
            pass

    def _deliver(self, *_args) -> None:
        try:
            while self._wake_in.recv(4096):
                pass
        except OSError:
            pass
        while True:
            try:
                action = self._pending.get_nowait()
            except queue.Empty:
                return
            self.activated.emit(action)

    @property
    def available(self) -> bool:
        return self.backend.available

    @property
    def why_unavailable(self) -> str:
        return self.backend.why_unavailable

    def apply(self, settings: Settings) -> dict[str, RegisterResult]:
        results = self._shortcuts.apply(effective_bindings(settings.global_shortcuts))
        self.results_changed.emit()
        return results

    @property
    def results(self) -> dict[str, RegisterResult]:
        return self._shortcuts.results

    def problems(self) -> list[str]:
        if not self.backend.available:
            return [f"Global shortcuts are off: {self.backend.why_unavailable}"]
        return self._shortcuts.problems()

    def suspend(self) -> None:
        self._shortcuts.suspend()

    def resume(self) -> None:
        self._shortcuts.resume()
        self.results_changed.emit()

    def close(self) -> None:
        self._shortcuts.close()
        self._notifier.setEnabled(False)
        _close_all(self._wake_in, self._wake_out)


def _close_all(*sockets: socket.socket) -> None:
    for end in sockets:
        end.close()
