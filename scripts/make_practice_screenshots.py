"""Screenshots of a practice session over realistic demo data (not a test; run by hand).

    xvfb-run -a env QT_QPA_PLATFORM=xcb python scripts/make_practice_screenshots.py [OUT_DIR]

Demo calls, the clock and the session's seed are pinned, so the pictures are the same on
every run: `docs/screenshots/practice-<page>.png`, and the review's Techniques tab with the
practice progress (`review-techniques.png`).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from companion.core.demo_data import DemoCalls, outline
from companion.core.settings import Settings
from companion.resources import resource_path
from companion.store.calls import CallStore
from companion.store.db import open_database
from companion.store.playbook_files import load_playbooks
from companion.store.practice import PracticeStore
from companion.ui.app import create_application

NOW = datetime(2026, 11, 26, 17, 40, tzinfo=timezone.utc)
SEED = 3
# A first try at the drill's close, one rule short, so the feedback shows a check failing.
LINES = {"alternative": "Great, shall we set up a session with your team next week?",
         "summary": "So you see it would save your team time. Shall we walk your CFO through it next?"}
OTHER_LINE = "From what we covered, does this sound like it could help your team?"


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    playbooks = load_playbooks(resource_path("playbooks"), None)
    clock = [NOW]
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "calls.sqlite3")
        store = CallStore(db)
        with db.atomic():
            for call in DemoCalls([outline(p) for p in playbooks.playbooks], seed=7).days(30, NOW):
                store.save_call(call)
        from companion.ui.practice.window import PracticeWindow

        practice = PracticeStore(db)
        _earlier_weeks(practice, playbooks, clock)
        window = PracticeWindow(practice, playbooks, Settings(), clock=lambda: clock[0], seed=SEED)
        window.show()

        def snap(name: str) -> None:
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(out_dir / f"practice-{name}.png"))

        def key(k) -> None:
            page = window.stack.currentWidget()
            QTest.keyClick(page.focusWidget() if page.focusWidget() is not None else page, k)
            app.processEvents()

        snap("start")
        key(Qt.Key.Key_Return)
        while window.session.current.kind != "replay":      # rate drills until a replay comes up
            for k in (Qt.Key.Key_Return, Qt.Key.Key_1, Qt.Key.Key_Return):
                key(k)
            QTest.keyClicks(window.say_page.edit, "Does Tuesday at 10:00 or Thursday at 14:00 suit you?")
            for k in (Qt.Key.Key_Return, Qt.Key.Key_3):
                key(k)
        snap("replay")
        key(Qt.Key.Key_Return)
        key(Qt.Key.Key_2)
        snap("pick")
        key(Qt.Key.Key_Return)
        QTest.keyClicks(window.say_page.edit, LINES.get(window.session.current.close_id, OTHER_LINE))
        key(Qt.Key.Key_Return)
        snap("feedback")
        key(Qt.Key.Key_3)
        while not window.session.finished:                  # the rest, picking the right close
            drill = window.session.current
            for k in (Qt.Key.Key_Return, Qt.Key.Key_1 + drill.offered.index(drill.close_id),
                      Qt.Key.Key_Return):
                key(k)
            QTest.keyClicks(window.say_page.edit, "Does Tuesday at 10:00 or Thursday at 14:00 suit you?")
            for k in (Qt.Key.Key_Return, Qt.Key.Key_3):
                key(k)
        snap("summary")
        window.close()
        from companion.ui.review.window import ReviewWindow

        review = ReviewWindow(store, playbooks, clock=lambda: NOW)
        review.resize(1180, 740)
        review.show()
        review.show_tab("techniques")
        for _ in range(5):
            app.processEvents()
        review.grab().save(str(out_dir / "review-techniques.png"))
        db.close()


def _earlier_weeks(practice: PracticeStore, playbooks, clock) -> None:
    """A few weeks of earlier sessions, so the meters and the Techniques tab have a history."""
    from companion.core.practice.drills import build_session
    from companion.core.practice.session import PracticeSession
    from companion.store.practice import practice_data

    for week in range(5, 0, -1):
        at = NOW - timedelta(weeks=week, hours=2)
        data = practice_data(practice, playbooks, at)
        session = PracticeSession(f"earlier-{week}", build_session(data, at, week), dict(data.cards), at)
        practice.start_session(session.session_id, at, week, data.focus)
        while not session.finished:
            drill = session.current
            session.show_closes()
            session.pick(drill.close_id)
            session.say(drill.suggestion(drill.close_id).script)
            at += timedelta(seconds=50)
            practice.record_rating(session.session_id, *session.rate(("good", "hard", "again")[week % 3], at))
        practice.finish_session(session.session_id, at)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
