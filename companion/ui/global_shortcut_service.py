"""Global shortcuts for the Qt app: the platform layer's callbacks come from its own thread
(X11, Windows) or the main one (macOS); either way they reach the UI as a queued signal."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
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
        # Emitting a signal from another thread queues it to the receiver's thread.
        self._shortcuts = GlobalShortcuts(backend, self.activated.emit)

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
