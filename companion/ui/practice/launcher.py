"""One practice window per app: opened from the live window's menu (Ctrl+P) or the tray."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, Qt

from companion.core.call import utcnow
from companion.ui.services import AppServices


class PracticeLauncher(QObject):
    def __init__(self, services: AppServices, clock: Callable[[], datetime] = utcnow, parent=None):
        super().__init__(parent)
        self.services = services
        self.clock = clock
        self.window = None

    def open(self) -> None:
        from companion.store.practice import PracticeStore
        from companion.ui.practice.window import PracticeWindow  # built on first use only

        if self.window is None:
            services = self.services
            self.window = PracticeWindow(PracticeStore(services.db, services.paths.db_path),
                                         services.playbooks, services.settings, self.clock)
            # Closed means gone: the next request starts from the start page with fresh data.
            self.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.window.destroyed.connect(self._forget)
        self.window.show()
        self.window.setWindowState(self.window.windowState() & ~Qt.WindowState.WindowMinimized)
        self.window.raise_()
        self.window.activateWindow()

    def _forget(self, *_):
        self.window = None
