"""One review window per app: opened on first request, raised on the next ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject, Qt

from companion.core.call import utcnow
from companion.core.playbook import PlaybookSet
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.store.calls import CallStore


class ReviewLauncher(QObject):
    def __init__(self, store: CallStore, playbooks: PlaybookSet,
                 clock: Callable[[], datetime] = utcnow, parent=None,
                 working_days: Callable[[], Iterable[int]] = lambda: DEFAULT_WORKING_DAYS,
                 settings=None, save_settings: Callable[[], None] = lambda: None):
        super().__init__(parent)
        self.settings = settings
        self.save_settings = save_settings
        self.store = store
        self.working_days = working_days
        self.playbooks = playbooks
        self.clock = clock
        self.window = None

    def open(self, tab: str | None = None) -> None:
        from companion.ui.review.window import ReviewWindow  # built on first use only

        if self.window is None:
            self.window = ReviewWindow(self.store, self.playbooks, self.clock,
                                       working_days=self.working_days, settings=self.settings,
                                       save_settings=self.save_settings)
            # Closed means gone: the next request builds a fresh one over fresh data.
            self.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.window.destroyed.connect(self._forget)
        else:
            self.window.refresh_all()
        if tab:
            self.window.show_tab(tab)
        self.window.show()
        self.window.setWindowState(self.window.windowState() & ~Qt.WindowState.WindowMinimized)
        self.window.raise_()
        self.window.activateWindow()

    def refresh(self) -> None:
        """A call was saved elsewhere: an open review reads again when its tabs are shown."""
        if self.window is not None:
            self.window.refresh_all()

    def _forget(self, *_):
        self.window = None
