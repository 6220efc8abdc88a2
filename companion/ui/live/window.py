"""The live call window: small, beside the video call, keyboard-first."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QStackedWidget,
)

from companion import APP_NAME
from companion.core.call import Call, utcnow
from companion.core.live_call import LiveCallSession, SessionChange
from companion.core.moment_notes import with_unticked_notes
from companion.core.playbook import Playbook, PlaybookSet
from companion.core.settings import Settings
from companion.ui import window_placement
from companion.ui.live import quit_prompt
from companion.ui.live.compact_page import CompactPage
from companion.ui.live.draft_saver import DraftSaver
from companion.ui.live.pages import CallPage, IdlePage
from companion.ui.live.presence import WindowPresence
from companion.ui.live.saved_summary import saved_summary
from companion.ui.live.window_actions import build_calls_menu, install_shortcuts
from companion.ui.style import icon

if TYPE_CHECKING:
    # Loaded after the first paint (see attach()): sqlite-utils and the coach cost more
    # start-up time than the whole window.
    from companion.store.calls import CallStore
    from companion.ui.services import AppServices

log = logging.getLogger(__name__)


class LiveCallWindow(QMainWindow):
    call_saved = Signal(str)
    settings_changed = Signal()
    # Requests for other windows; the bootstrap decides what opens, so this window stays small.
    review_requested = Signal()
    practice_requested = Signal()
    export_requested = Signal()
    import_requested = Signal()
    settings_requested = Signal()
    # A call is shown (new or resumed) / saved: listening starts and stops with these.
    session_started = Signal(object)
    session_finished = Signal()

    def __init__(self, settings: Settings, parent=None):
        """The window is shown (and painted) before the database is open, for a fast start;
        until `attach()` hands over the services it shows its idle page with Start call
        disabled, and nothing that needs the database can be reached."""
        super().__init__(parent)
        self.services: AppServices | None = None
        self.settings = settings
        self.session: LiveCallSession | None = None
        self.draft_saver = DraftSaver(None, self)
        self.draft_saver.status_changed.connect(self._show_save_status)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.idle_page, self.call_page, self.compact_page = IdlePage(), CallPage(), CompactPage()
        self.pages = QStackedWidget()
        for page in (self.idle_page, self.call_page, self.compact_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.statusBar().setSizeGripEnabled(False)
        self._wire_pages()
        self.start_button.setEnabled(self.ready)
        self.calls_menu, self.menu_actions = build_calls_menu(self)
        self.idle_page.menu_button.setMenu(self.calls_menu)
        self.call_page.menu_button.setMenu(self.calls_menu)
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick_clock)
        install_shortcuts(self)
        self._tray_hint: Callable[[str, str], None] | None = None   # set when a tray icon exists
        self._quitting = False
        self.global_shortcuts = None      # the GlobalShortcutService, once the app runs one
        self.presence = WindowPresence(self, settings)   # size and place, on top, focus
        self.show_pin_state()
        self.show_current_page()
        window_placement.watch_screens(self)

    def _wire_pages(self) -> None:
        idle, page = self.idle_page, self.call_page
        # The controls the rest of the window (and its tests) works with.
        self.start_button, self.last_saved_label = idle.start_button, idle.last_saved_label
        self.contact_label, self.company_label = page.contact_label, page.company_label
        self.timer_label, self.pin_button = page.timer_label, page.pin_button
        self.checklist, self.objection_bar = page.checklist, page.objection_bar
        self.deal_edit, self.notes_edit = page.deal_edit, page.notes_edit
        self.coach_panel, self.end_button = page.coach_panel, page.end_button
        self.start_button.clicked.connect(self.start_call)
        self.compact_page.start_button.clicked.connect(self.start_call)
        self.pin_button.toggled.connect(self.set_always_on_top)
        page.compact_button.clicked.connect(self.toggle_compact)
        idle.compact_button.clicked.connect(self.toggle_compact)
        self.compact_page.expand_button.clicked.connect(self.toggle_compact)
        # What the rep does in the page goes to the running call's session, if there is one.
        self.checklist.toggled.connect(self._to_session("set_moment"))
        self.checklist.note_edited.connect(self._to_session("set_moment_note"))
        self.objection_bar.cycled.connect(self._to_session("cycle_objection"))
        self.objection_bar.suggestion_accepted.connect(self._to_session("accept_detected_objection"))
        self.objection_bar.suggestion_dismissed.connect(self._to_session("dismiss_detected_objection"))
        self.coach_panel.attempt_recorded.connect(self._to_session("record_close_attempt"))
        self.deal_edit.textEdited.connect(self._deal_value_edited)
        self.notes_edit.textChanged.connect(self._notes_changed)
        self.end_button.clicked.connect(self.end_call)

    # -- starting and ending ---------------------------------------------------------------
    # Below this height the runner-up closes are left out, so the card and checklist fit.
    COMPACT_BELOW = 720

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.coach_panel.set_compact(self.height() < self.COMPACT_BELOW)

    def start_call(self) -> None:
        if self.call is not None or not self.ready:
            return
        # The dialogs load when first opened, not with the window (benchmarks/bench_startup.py).
        from companion.ui.live.start_dialog import ask_for_call

        call = ask_for_call(self, self.store, self.playbooks, self.settings.default_playbook)
        if call is not None:
            self.begin(call)

    def attach(self, services: AppServices) -> None:
        """Hand over the open database and the rest; from now on a call can start."""
        self.services = services
        self.draft_saver.drafts = services.drafts
        self.start_button.setEnabled(True)
        self.compact_page.start_button.setEnabled(True)

    @property
    def ready(self) -> bool:
        return self.services is not None

    @property
    def store(self) -> CallStore | None:
        return self.services.store if self.services is not None else None

    @property
    def playbooks(self) -> PlaybookSet:
        """New calls use the latest set; a call in progress keeps the playbook it started with."""
        return self.services.playbooks if self.services is not None else PlaybookSet()

    def begin(self, call: Call) -> None:
        """Show a call (new, or resumed from a draft) and start persisting it."""
        playbook = self.playbooks.get(call.playbook_id) or self.playbooks.default(self.settings.default_playbook)
        if playbook is None:
            raise RuntimeError("begin() needs at least one playbook")
        call.ended_at = None       # a draft written during a wrap-up comes back as a running call
        self.session = LiveCallSession(call, playbook, self.settings)
        self.session.subscribe(self._session_changed)
        self.call_page.show_new_call(call, playbook, self.session.deal_value_text)
        self.show_current_page()
        self.draft_saver.track(call)
        self.draft_saver.flush()
        self._tick_clock()
        self.clock.start()
        self.refresh()
        if self.presence.focus.accepting():     # never pull the keyboard away from the call app
            self.activateWindow()
        self.checklist.focus_first()
        self.session_started.emit(self.session)

    @property
    def call(self) -> Call | None:
        return self.session.call if self.session is not None else None

    @property
    def playbook(self) -> Playbook | None:
        return self.session.playbook if self.session is not None else None

    def end_call(self) -> None:
        session = self.session
        if session is None:
            return
        call = session.call
        self.draft_saver.flush()
        session.end()
        view = session.coach_view()
        from companion.ui.wrapup import WrapUpDialog

        dialog = WrapUpDialog(call, self._save_call, self, last_chance=view.last_chance,
                              working_days=self.settings.working_days)
        if dialog.exec() == WrapUpDialog.DialogCode.Accepted:
            self._finish(call)
        else:
            session.resume()
            self.draft_saver.changed()

    def _save_call(self, call: Call) -> None:
        """The wrap-up's save; a DatabaseProblem reaches the wrap-up, which keeps the form open.
        Notes typed against moments that were not ticked go into the call's notes, so no
        typed note is lost (the live call itself is left as it is, for a retry)."""
        labels = {m.id: m.label for _stage, moments in self.session.playbook.moments_by_stage()
                  for m in moments} if self.session is not None else {}
        self.store.save_call(with_unticked_notes(call, labels))

    def _finish(self, call: Call) -> None:
        self.clock.stop()
        self.draft_saver.track(None)
        self.session = None
        self.session_finished.emit()
        self.last_saved_label.setText(saved_summary(call, utcnow()))
        self.last_saved_label.setVisible(True)
        self.show_current_page()
        self.start_button.setFocus()
        self.call_saved.emit(call.id)

    # -- live changes: all go through the session; the window redraws what it reports -------
    def toggle_moment_number(self, number: int) -> None:
        if self.session is not None:
            change = self.session.toggle_moment_number(number)
            if change is not None and self.session.call.is_agreed(change.subject):
                self.checklist.ticked_by_key(change.subject)

    def cycle_objection_number(self, number: int) -> None:
        if self.session is not None:
            self.session.cycle_objection_number(number)

    def _to_session(self, method: str):
        def forward(*args) -> None:
            if self.session is not None:
                getattr(self.session, method)(*args)
        return forward

    def _deal_value_edited(self, text: str) -> None:
        if self.session is not None:
            change = self.session.set_deal_value_text(text)
            if change.message:
                self.statusBar().showMessage(change.message, 4000)

    def _notes_changed(self) -> None:
        if self.session is not None:
            self.session.set_notes(self.notes_edit.toPlainText())

    def _session_changed(self, change: SessionChange) -> None:
        self.draft_saver.changed()
        self.refresh(refresh_checklist=change.checklist_changed)
        if change.what == "attempt":
            self.statusBar().showMessage(change.message, 4000)

    # -- showing -------------------------------------------------------------------------
    def refresh(self, refresh_checklist: bool = True) -> None:
        session = self.session
        if session is None:
            return
        call = session.call
        if refresh_checklist:
            self.checklist.show_call({m: a.agreed_at for m, a in call.moments.items()}, call.moment_notes)
        self.objection_bar.show_states(session.objection_states())
        view = session.coach_view(utcnow())
        self.coach_panel.show_suggestions(view.suggestions, view.nudge)
        self.coach_panel.show_declined(session.declined_lines())
        self.objection_bar.show_suggestions(view.detected_objections)
        self.compact_page.show_session(session, view)

    def show_current_page(self) -> None:
        if self.settings.compact:
            self.pages.setCurrentWidget(self.compact_page)
            if self.session is None:
                self.compact_page.show_idle()
        else:
            self.pages.setCurrentWidget(self.call_page if self.session is not None else self.idle_page)
        self.refresh()

    def show_feedback(self, message: str) -> None:
        """The small status line: what a global shortcut (or a click) just did."""
        self.statusBar().showMessage(message, 5000)

    def checklist_row(self, moment_id: str):
        """The widget that shows this moment in the current mode, to flash it."""
        if self.settings.compact:
            return self.compact_page.next_label
        return next((r for r in self.checklist.rows if r.moment.id == moment_id), None)

    def _tick_clock(self) -> None:
        if self.session is not None:
            elapsed = self.session.elapsed_text(utcnow())
            self.timer_label.setText(elapsed)
            self.compact_page.timer_label.setText(elapsed)

    def _show_save_status(self, saved: bool, message: str) -> None:
        self.statusBar().showMessage(message, 0 if not saved else 4000)

    # -- window state --------------------------------------------------------------------
    def set_always_on_top(self, on: bool) -> None:
        """The pin: above other windows (the video call must not cover it). Kept."""
        if self.settings.keep_on_top != on:
            self.settings.keep_on_top = on
            self.settings_changed.emit()
        self.show_pin_state()
        self.presence.apply_on_top()

    def show_pin_state(self) -> None:
        self.pin_button.blockSignals(True)
        self.pin_button.setChecked(self.settings.keep_on_top)
        self.pin_button.blockSignals(False)

    def toggle_compact(self) -> None:
        self.presence.set_compact(not self.settings.compact)

    def remember_geometry(self) -> None:
        self.presence.remember_geometry()
        self.settings_changed.emit()

    # -- closing: to the tray, or quitting -------------------------------------------------
    def hide_to_tray_when_closed(self, show_hint: Callable[[str, str], None]) -> None:
        """The bootstrap calls this when a tray icon exists: closing the window then hides it.

        `show_hint(title, text)` tells the rep once where the window went (a tray balloon).
        """
        self._tray_hint = show_hint

    def confirm_quit(self) -> bool:
        """Ask before quitting in the middle of a call. The draft is kept either way."""
        return quit_prompt.confirm_quit(self)

    def request_quit(self) -> bool:
        """The Quit action (menu or tray): ask if a call runs, save, end the app."""
        return quit_prompt.request_quit(self)

    def closeEvent(self, event) -> None:
        if quit_prompt.keep_open(self, event):
            event.ignore()
            return
        super().closeEvent(event)
