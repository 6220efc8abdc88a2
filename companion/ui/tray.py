"""The tray icon (start a call, open the review or practice, quit) and the reminders behind it.

What is due and what to say is decided in companion.core.reminders; this module only
keeps time (a QTimer) and shows the result: a tray balloon where the desktop has a tray,
otherwise a message in the live window's status bar, which stays open and reachable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from companion import APP_NAME
from companion.core.call import utcnow
from companion.core.reminders import daily_notice, daily_reminder_due, due_notice
from companion.core.review import day_bounds_utc, summarize
from companion.core.settings import Settings
from companion.errors import DatabaseProblem
from companion.store.review_store import ReviewStore
from companion.ui.practice.launcher import PracticeLauncher
from companion.ui.review.launcher import ReviewLauncher
from companion.ui.services import AppServices
from companion.ui.style import icon

log = logging.getLogger(__name__)
CHECK_INTERVAL_MS = 30_000
NOTICE_MS = 15_000


class ReminderScheduler(QObject):
    """Checks every half minute: next steps that just fell due, and the daily review time."""

    notice = Signal(str, str)          # title, text

    def __init__(self, queries: ReviewStore, settings: Settings,
                 clock: Callable[[], datetime] = utcnow, parent=None):
        super().__init__(parent)
        self.queries = queries
        self.settings = settings
        self.clock = clock
        # Only steps falling due from now on: the overdue backlog belongs to the review.
        self.last_check = clock()
        self.daily_shown: date | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def check(self) -> None:
        now = self.clock()
        try:
            self._check_due(now)
            self._check_daily(now)
        except DatabaseProblem as exc:       # locked for a moment: try again next round
            log.warning("Reminder check skipped: %s", exc)

    def _check_due(self, now: datetime) -> None:
        since, self.last_check = self.last_check, now
        if not self.settings.due_reminders_enabled or now <= since:
            return
        notice = due_notice(self.queries.steps_due_between(since, now))
        if notice is not None:
            self.notice.emit(notice.title, notice.text)

    def _check_daily(self, now: datetime) -> None:
        local = now.astimezone()
        if not daily_reminder_due(self.settings, local, self.daily_shown):
            return
        self.daily_shown = local.date()
        start, end = day_bounds_utc(local.date())
        summary = summarize((outcome, step) for _, outcome, step
                            in self.queries.outcomes_between(start, end))
        notice = daily_notice(summary)
        self.notice.emit(notice.title, notice.text)


class CompanionTray(QObject):
    review_requested = Signal()
    practice_requested = Signal()
    start_requested = Signal()
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon("tray"), self)
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu()
        self.actions: dict[str, QAction] = {}
        for key, text, signal in (("start", "Start call", self.start_requested),
                                  ("review", "Open review", self.review_requested),
                                  ("practice", "Practice", self.practice_requested),
                                  ("show", "Show window", self.show_requested),
                                  ("quit", "Quit", self.quit_requested)):
            if key == "quit":
                self.menu.addSeparator()
            action = self.menu.addAction(text)
            action.triggered.connect(signal)
            self.actions[key] = action
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        # Clicking a reminder balloon opens what it talks about: the review.
        self.icon.messageClicked.connect(self.review_requested)
        self.icon.show()

    def _activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    def show_message(self, title: str, text: str) -> None:
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, NOTICE_MS)


@dataclass
class ReviewAndReminders:
    """What the bootstrap must keep alive."""

    launcher: ReviewLauncher
    scheduler: ReminderScheduler
    tray: CompanionTray | None
    practice: PracticeLauncher


def attach_review_and_reminders(window, services: AppServices,
                                clock: Callable[[], datetime] = utcnow,
                                tray_available: bool | None = None) -> ReviewAndReminders:
    """Wire the live window's review request, the tray (if the desktop has one) and reminders."""
    settings = services.settings
    launcher = ReviewLauncher(services.store, services.playbooks, clock, parent=window,
                              working_days=lambda: settings.working_days, settings=settings,
                              save_settings=services.persist_settings)
    window.review_requested.connect(lambda: launcher.open())
    window.call_saved.connect(lambda _call_id: launcher.refresh())
    # A playbook added or fixed while the app runs shows in the next review opened.
    services.playbook_listeners.append(lambda playbooks: setattr(launcher, "playbooks", playbooks))
    practice = PracticeLauncher(services, clock, parent=window)
    window.practice_requested.connect(practice.open)
    scheduler = ReminderScheduler(ReviewStore(services.db), settings, clock, parent=window)
    if tray_available is None:
        tray_available = QSystemTrayIcon.isSystemTrayAvailable()
    tray = None
    if tray_available:
        tray = CompanionTray(parent=window)
        tray.review_requested.connect(lambda: launcher.open())
        tray.practice_requested.connect(practice.open)
        tray.show_requested.connect(lambda: _bring_back(window))
        tray.start_requested.connect(lambda: (_bring_back(window), window.start_call()))
        tray.quit_requested.connect(window.request_quit)
        scheduler.notice.connect(tray.show_message)
        window.hide_to_tray_when_closed(tray.show_message)
        # The window may be hidden in the tray while the review closes: keep running.
        QApplication.setQuitOnLastWindowClosed(False)
    else:
        # No tray: the window stays the way back in, and carries the reminders.
        scheduler.notice.connect(
            lambda title, text: window.statusBar().showMessage(text, 10 * 60 * 1000))
        scheduler.notice.connect(lambda *_: QApplication.alert(window))
    scheduler.start()
    return ReviewAndReminders(launcher, scheduler, tray, practice)


def _bring_back(window) -> None:
    # The rep asked for the window: it comes with the keyboard (see live/focus_guard.py).
    window.presence.bring_forward()
