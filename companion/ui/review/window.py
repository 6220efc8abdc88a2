"""The end-of-day review: six tabs over the saved calls, each read only when shown.

Opened from the live window (Ctrl+R), the tray, or `companion review`. Edits made here
(a step marked done, a call corrected or deleted) mark the other tabs stale; a stale tab
reads again when it is next shown, so switching tabs stays instant.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from companion import APP_NAME
from companion.core.call import Call, utcnow
from companion.core.display_names import DisplayNames
from companion.core.playbook import PlaybookSet
from companion.core.schedule import DEFAULT_WORKING_DAYS
from companion.core.settings import Settings
from companion.errors import DatabaseProblem
from companion.store.calls import CallStore
from companion.store.review_store import ReviewStore
from companion.ui.controls import push_button
from companion.ui.review.audit_tab import AuditTab
from companion.ui.review.call_detail import DELETED, CallDetailDialog
from companion.ui.review.commitments_tab import CommitmentsTab
from companion.ui.review.search_tab import SearchTab
from companion.ui.review.techniques_tab import TechniquesTab
from companion.ui.review.today_tab import TodayTab
from companion.ui.review.trend_tab import TrendTab
from companion.ui.style import ACCENT, BAD, GOOD, icon

log = logging.getLogger(__name__)

REVIEW_STYLE = f"""
QFrame#statCard, QFrame#industryCard, QFrame#bestCard {{ border: 1px solid palette(mid);
    border-radius: 6px; background: palette(base); }}
QFrame#industryCard {{ border-style: dashed; }}
QFrame#statCard[level="good"] {{ border: 2px solid {GOOD}; }}
QFrame#statCard[level="low"] {{ border: 2px solid {BAD}; }}
QLabel#statValue {{ font-size: 20pt; font-weight: 600; }}
QLabel#statCaption {{ font-size: 9pt; color: palette(placeholder-text); }}
QLabel#dayTitle, QLabel#trendHeadline, QLabel#auditSummary {{ font-size: 13pt; font-weight: 600; }}
QLabel#bestName {{ font-size: 11pt; font-weight: 600; color: {ACCENT}; }}
"""

TABS = (("today", "&Today", "Ctrl+1"), ("commitments", "&Commitments", "Ctrl+2"),
        ("audit", "&Audit", "Ctrl+3"), ("techniques", "Tec&hniques", "Ctrl+4"),
        ("trend", "T&rend", "Ctrl+5"), ("search", "&Search", "Ctrl+6"))


class ReviewWindow(QMainWindow):
    def __init__(self, store: CallStore, playbooks: PlaybookSet,
                 clock: Callable[[], datetime] = utcnow, parent=None,
                 working_days: Callable[[], Iterable[int]] = lambda: DEFAULT_WORKING_DAYS,
                 settings: Settings | None = None, save_settings: Callable[[], None] = lambda: None):
        """`working_days` is read each time a date is picked, so a settings change applies.
        `settings` hold the export choices (the last folder, format...)."""
        super().__init__(parent)
        self.settings = settings if settings is not None else Settings()
        self.save_settings = save_settings
        self.store = store
        self.working_days = working_days
        self.names = DisplayNames.of(playbooks.playbooks)
        self.queries = ReviewStore(store.db)
        self.clock = clock
        self.deleted: list[Call] = []        # this session's deletions, newest last, for Undo
        self.setWindowTitle(f"End-of-day review — {APP_NAME}")
        self.setWindowIcon(icon("review"))
        self.setStyleSheet(REVIEW_STYLE)
        self.resize(1100, 720)

        self.today = TodayTab(self.queries, clock)
        self.commitments = CommitmentsTab(self.queries, clock, working_days=working_days)
        self.audit = AuditTab(self.queries, clock)
        self.techniques = TechniquesTab(self.queries, playbooks, clock)
        self.trend = TrendTab(self.queries, clock)
        self.search = SearchTab(self.queries, clock)
        self.pages = {"today": self.today, "commitments": self.commitments, "audit": self.audit,
                      "techniques": self.techniques, "trend": self.trend, "search": self.search}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Review sections")
        for key, text, keys in TABS:
            number = self.tabs.addTab(self.pages[key], text.replace("&", ""))
            self.tabs.setTabToolTip(number, f"{text.replace('&', '')} ({keys})")
        self.setCentralWidget(self.tabs)
        for page in (self.today, self.commitments, self.audit, self.search):
            page.open_requested.connect(self.open_call)
        self.commitments.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.commitments.model.step_changed.connect(lambda _: self._changed(keep=self.commitments))

        # Ctrl+Z is the window's Undo action, which also works while the button is hidden.
        self.undo_button = push_button("Undo delete", "Bring back the call you deleted", self.undo_delete,
                                       keys="Ctrl+Z", bind_keys=False)
        self.undo_button.setVisible(False)
        self.statusBar().addPermanentWidget(self.undo_button)
        from companion.ui.outbox_status import OutboxStatus

        # Where calls are pushed to a CRM, the rep sees pending, delivered and failed here.
        self.outbox_status = OutboxStatus(store.db, hide_when_idle=True)
        self.statusBar().addPermanentWidget(self.outbox_status)
        self._build_menu()

        # Only the first tab reads now; the others read when first shown.
        self.stale = set(self.pages.values())
        self.tabs.currentChanged.connect(self._tab_shown)
        self._tab_shown(self.tabs.currentIndex())

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Review")
        entries = [(text.replace("&", ""), keys, lambda _=False, k=key: self.show_tab(k))
                   for key, text, keys in TABS]
        entries += [("Find…", "Ctrl+F", lambda: self.show_tab("search", focus=True)),
                    ("Export…", "Ctrl+Shift+E", self.export),
                    ("Undo delete", "Ctrl+Z", self.undo_delete),
                    ("Refresh", "F5", self.refresh_all),
                    ("Close", "Ctrl+W", self.close)]
        self.menu_actions: dict[str, QAction] = {}
        for text, keys, slot in entries:
            action = menu.addAction(text)
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text.rstrip('…')} ({keys})")
            action.triggered.connect(slot)
            self.menu_actions[text.rstrip("…")] = action
        self.menu_actions["Undo delete"].setEnabled(False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        from companion.ui.fit_screen import cap_to_screen

        cap_to_screen(self)           # 1100x720 is more than a small screen at 1.5x or 2x

    def export(self) -> None:
        """The day shown on Today, or the call selected in the list (Ctrl+Shift+E)."""
        from companion.ui.review.export_action import export_from_review

        message = export_from_review(self, self.settings, self.save_settings)
        if message:
            self.statusBar().showMessage(message, 10000)

    # -- tabs ---------------------------------------------------------------------------------
    def show_tab(self, key: str, focus: bool = False) -> None:
        self.tabs.setCurrentWidget(self.pages[key])
        if focus and key == "search":
            self.search.focus_box()

    def _tab_shown(self, number: int) -> None:
        page = self.tabs.widget(number)
        if page in self.stale:
            self.stale.discard(page)
            page.refresh()

    def refresh_all(self) -> None:
        """F5, or a call saved in the live window: every tab reads again when next shown."""
        self.stale = set(self.pages.values())
        self._tab_shown(self.tabs.currentIndex())

    def _changed(self, keep=None) -> None:
        self.stale = {page for page in self.pages.values() if page is not keep}
        current = self.tabs.currentWidget()
        if current is not keep:
            self._tab_shown(self.tabs.currentIndex())

    # -- one call -------------------------------------------------------------------------------
    def open_call(self, call_id: str) -> None:
        while call_id:
            call = self.store.load_call(call_id)
            if call is None:
                self.statusBar().showMessage("That call no longer exists.", 6000)
                self.refresh_all()
                return
            dialog = CallDetailDialog(self.store, self.queries, call, self.clock, self,
                                      working_days=self.working_days(), names=self.names)
            result = dialog.exec()
            if result == DELETED and dialog.deleted_call is not None:
                self._deleted(dialog.deleted_call)
            elif result == CallDetailDialog.DialogCode.Accepted:
                self.statusBar().showMessage(f"Saved: call with {call.contact}", 6000)
                self._changed()
            call_id = dialog.open_other_id       # an earlier call picked from its history

    def _deleted(self, call: Call) -> None:
        self.deleted.append(call)
        self._show_undo()
        self.statusBar().showMessage(f"Deleted: call with {call.contact}. Undo with Ctrl+Z.", 10000)
        self._changed()

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        call = self.deleted.pop()
        try:
            self.store.save_call(call, delete_draft=False)
        except DatabaseProblem as exc:      # keep the call for another try
            self.deleted.append(call)
            log.warning("Undo delete failed: %s", exc)
            QMessageBox.warning(self, "Not restored", f"The call could not be restored: {exc}")
            return
        self._show_undo()
        self.statusBar().showMessage(f"Restored: call with {call.contact}", 6000)
        self._changed()

    def _show_undo(self) -> None:
        has = bool(self.deleted)
        self.undo_button.setVisible(has)
        self.menu_actions["Undo delete"].setEnabled(has)
        if has:
            self.undo_button.setText(f"Undo delete ({self.deleted[-1].contact})")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.tabs.currentWidget() is self.search \
                and self.search.box.hasFocus() and self.search.box.text():
            self.search.box.clear()
            return
        super().keyPressEvent(event)
