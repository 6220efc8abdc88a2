"""Global shortcuts for the Qt app: the platform layer's callbacks come from its own thread
(X11, Windows) or the main one (macOS); either way they reach the UI thread as `activated`.

The key thread touches nothing of Qt, not even a signal emit (a PySide object used from a
thread Qt does not know corrupts memory): it puts the action in a queue that a timer on the
UI thread drains.
"""

from __future__ import annotations

import logging
import queue

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from companion.core.settings import Settings
from companion.core.shortcut_actions import effective_bindings
from companion.integrations.hotkeys.base import HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.shortcuts import GlobalShortcuts

log = logging.getLogger(__name__)


# How often the UI thread picks up global key presses (well under what a person notices).
POLL_MS = 25

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
        # The UI thread collects key presses from the queue every few milliseconds: a plain
        # timer, so nothing outlives the window (a socket notifier whose descriptor closed
        # before it left the event loop crashed Qt).
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._deliver)
        if backend.available:
            self._poll.start()
        self._shortcuts = GlobalShortcuts(backend, self._from_key_thread)

    def _from_key_thread(self, action: str) -> None:
        """Runs on the platform layer's thread: plain Python only."""
        self._pending.put(action)

    def _deliver(self) -> None:
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
        self._poll.stop()

