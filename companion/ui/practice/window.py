"""The practice window: a 5-minute session of drills, keyboard first, 360x640 like the live window.

Start -> (choose closes) -> for each drill: situation -> pick the close -> say it -> rate ->
closing summary. The session logic is core's PracticeSession; this window shows it, and saves
each rating through the store the moment it is given.
"""

from __future__ import annotations

import logging
import random
import uuid
from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from companion import APP_NAME
from companion.core.call import utcnow
from companion.core.playbook import PlaybookSet
from companion.core.practice.drills import PracticeData, build_session
from companion.core.practice.progress import progress as practice_progress
from companion.core.practice.schedule import RATINGS
from companion.core.practice.session import DONE, PICK, RATE, SAY, SITUATION, PracticeSession
from companion.core.settings import Settings
from companion.errors import DatabaseProblem
from companion.store.practice import PracticeStore, practice_data
from companion.ui.practice.drill_pages import FeedbackPage, PickPage, SayPage, SituationPage
from companion.ui.practice.home_pages import ChooseClosesPage, StartPage, SummaryPage
from companion.ui.practice.widgets import PRACTICE_STYLE
from companion.ui.style import icon

log = logging.getLogger(__name__)
WINDOW_SIZE = (360, 640)


class PracticeWindow(QMainWindow):
    def __init__(self, store: PracticeStore, playbooks: PlaybookSet, settings: Settings,
                 clock: Callable[[], datetime] = utcnow, seed: int | None = None, parent=None):
        """`seed` fixes the drills (tests, screenshots); by default each session differs."""
        super().__init__(parent)
        self.store = store
        self.playbooks = playbooks
        self.settings = settings
        self.clock = clock
        self.seed = seed
        self.session: PracticeSession | None = None
        self.data: PracticeData | None = None
        self.unsaved: list[tuple] = []         # ratings the database refused, retried next time
        self.setWindowTitle(f"Practice — {APP_NAME}")
        self.setWindowIcon(icon("app"))
        self.setStyleSheet(PRACTICE_STYLE)
        self.resize(*WINDOW_SIZE)

        self.start_page, self.choose_page = StartPage(), ChooseClosesPage()
        self.situation_page, self.pick_page = SituationPage(), PickPage()
        self.say_page, self.feedback_page, self.summary_page = SayPage(), FeedbackPage(), SummaryPage()
        self.stack = QStackedWidget()
        for page in (self.start_page, self.choose_page, self.situation_page, self.pick_page,
                     self.say_page, self.feedback_page, self.summary_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.start_page.start_requested.connect(self.start_session)
        self.start_page.choose_requested.connect(self.choose_closes)
        self.pick_page.picked.connect(self.pick)
        self.say_page.edit.submitted.connect(self.say)
        self.feedback_page.rated.connect(self.rate)
        self.summary_page.again_requested.connect(self.show_start)
        self.summary_page.close_requested.connect(self.close)
        close = QShortcut(QKeySequence("Ctrl+W"), self)
        close.activated.connect(self.close)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.show_start()

    # -- pages ------------------------------------------------------------------------------------
    def _show(self, page, focus=None) -> None:
        self.stack.setCurrentWidget(page)
        (focus or page).setFocus()

    def _names(self) -> dict[str, str]:
        return {c.id: c.name for p in self.playbooks.playbooks for c in p.closes}

    def _progress(self, now: datetime):
        focus = self.data.focus if self.data else ()
        return practice_progress(self.store.review_entries(now - timedelta(weeks=8)), focus, now)

    def show_start(self) -> None:
        now = self.clock()
        note = ""
        try:
            kept = self.store.close_interrupted()
            if kept:
                note = f"Your last session stopped early; its {kept} rating{'s' if kept != 1 else ''} are kept."
            self.data = practice_data(self.store, self.playbooks, now,
                                      default_playbook=self.settings.default_playbook,
                                      large_deal=self.settings.large_deal_threshold)
        except DatabaseProblem as exc:
            self.statusBar().showMessage(str(exc))
            return
        if self.data is None:
            self.statusBar().showMessage("No playbook to practise from: add one in Settings › Playbooks.")
            return
        if not self.data.replays:
            note = (note + " " if note else "") + ("No call to replay yet: today's drills come "
                                                    "from the playbook.")
        self.start_page.show_focus(self.data.playbook, self.data.focus, self._progress(now), note)
        self._show(self.start_page)

    def choose_closes(self) -> None:
        if self.data is None:
            return
        self.choose_page.show_closes(self.data.playbook, self.data.focus)
        self._show(self.choose_page, self.choose_page.view)

    def keep_chosen_closes(self) -> None:
        if not self.choose_page.valid():
            return
        try:
            self.store.set_focus(self.choose_page.chosen(), self.clock())
        except DatabaseProblem as exc:
            self.statusBar().showMessage(str(exc))
            return
        self.show_start()

    # -- the session ---------------------------------------------------------------------------
    def start_session(self) -> None:
        if self.data is None:
            return
        now = self.clock()
        seed = self.seed if self.seed is not None else random.SystemRandom().randrange(1 << 31)
        drills = build_session(self.data, now, seed)
        self.session = PracticeSession(str(uuid.uuid4()), drills, dict(self.data.cards), now,
                                       large_deal=self.data.large_deal)
        try:
            self.store.start_session(self.session.session_id, now, seed, self.data.focus)
        except DatabaseProblem as exc:
            self.statusBar().showMessage(str(exc))
        self.timer.start()
        self._next_drill()

    def _next_drill(self) -> None:
        session = self.session
        if session.finished:
            self._finish()
            return
        number, total = session.position
        self.situation_page.show_drill(session.current, number, total)
        self._tick()
        self._show(self.situation_page)

    def to_pick(self) -> None:
        self.session.show_closes()
        self.pick_page.show_drill(self.session.current)
        self._show(self.pick_page)

    def pick(self, close_id: str) -> None:
        if self.session is None or self.session.stage != PICK:
            return
        self.pick_page.show_feedback(self.session.pick(close_id))
        self.pick_page.setFocus()

    def to_say(self) -> None:
        self.say_page.show_drill(self.session.current)
        self._show(self.say_page, self.say_page.edit)

    def say(self) -> None:
        if self.session is None or self.session.stage != SAY:
            return
        drill = self.session.current
        feedback = self.session.say(self.say_page.edit.toPlainText())
        self.feedback_page.show_feedback(feedback, self._names().get(drill.close_id, drill.close_id))
        self._show(self.feedback_page)

    def rate(self, rating: str) -> None:
        if self.session is None or self.session.stage != RATE:
            return
        result, card = self.session.rate(rating, self.clock())
        self.unsaved.append((self.session.session_id, result, card))
        self._save_ratings()
        self._next_drill()

    def _save_ratings(self) -> None:
        while self.unsaved:
            try:
                self.store.record_rating(*self.unsaved[0])
            except DatabaseProblem as exc:
                log.warning("Practice rating not saved yet: %s", exc)
                self.statusBar().showMessage(f"Not saved yet, kept for the next try: {exc}")
                return
            self.unsaved.pop(0)
        self.statusBar().clearMessage()

    def end_session(self) -> None:
        if self.session is not None and not self.session.finished:
            self.session.stop()
            self._finish()

    def _finish(self) -> None:
        self.timer.stop()
        now = self.clock()
        self._save_ratings()
        try:
            self.store.finish_session(self.session.session_id, now)
            progress = self._progress(now)
        except DatabaseProblem as exc:
            self.statusBar().showMessage(str(exc))
            progress = practice_progress([], (), now)
        note = "" if not self.unsaved else "Some ratings are not saved yet; they are retried next session."
        self.summary_page.show_summary(self.session.summary(now, self._names()), progress, note)
        self._show(self.summary_page)

    def _tick(self) -> None:
        if self.session is None or self.session.finished:
            return
        left = self.session.length - self.session.elapsed(self.clock())
        seconds = max(0, int(left.total_seconds()))
        self.setWindowTitle(f"Practice {seconds // 60}:{seconds % 60:02d} left — {APP_NAME}")

    # -- keys --------------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key, page = event.key(), self.stack.currentWidget()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        number = key - Qt.Key.Key_0 if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 else None
        stage = self.session.stage if self.session is not None else DONE
        if page is self.start_page and enter:
            self.start_session()
        elif page is self.start_page and key == Qt.Key.Key_C:
            self.choose_closes()
        elif page is self.choose_page and enter:
            self.keep_chosen_closes()
        elif page is self.choose_page and key == Qt.Key.Key_Escape:
            self.show_start()
        elif page is self.situation_page and enter and stage == SITUATION:
            self.to_pick()
        elif page is self.pick_page and number and stage == PICK:
            choice = self.pick_page.choice_for_key(number)
            if choice:
                self.pick(choice)
        elif page is self.pick_page and enter and stage == SAY:
            self.to_say()
        elif page is self.feedback_page and number and number <= len(RATINGS):
            self.rate(RATINGS[number - 1])
        elif page is self.summary_page and enter:
            self.close()
        elif page is self.summary_page and key == Qt.Key.Key_R:
            self.show_start()
        elif key == Qt.Key.Key_Escape and self.session is not None and not self.session.finished:
            self.end_session()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        # Every rating is already saved; closing mid-session just ends it where it stands.
        if self.session is not None and not self.session.finished:
            self.session.stop()
            self._save_ratings()
            try:
                self.store.finish_session(self.session.session_id, self.clock())
            except DatabaseProblem as exc:
                log.warning("Practice session not closed: %s", exc)
        self.timer.stop()
        super().closeEvent(event)
