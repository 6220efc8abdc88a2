"""A whole practice session by keyboard, as a rep would, then the ratings and the next review
dates found in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers.practice_fixtures import NOW, builtin_playbooks, missed_call
from PySide6.QtCore import Qt

from companion.core.call import from_iso
from companion.core.settings import Settings
from companion.store.calls import CallStore
from companion.store.practice import PracticeStore
from companion.ui.practice.window import WINDOW_SIZE, PracticeWindow

KEYS = {"again": Qt.Key.Key_1, "hard": Qt.Key.Key_2, "good": Qt.Key.Key_3, "easy": Qt.Key.Key_4}


@pytest.fixture
def practice(db, paths):
    calls = CallStore(db, paths.db_path)
    calls.save_call(missed_call())
    calls.save_call(missed_call("Bo Lindqvist", "Quokka Analytics", days_ago=4))
    return PracticeStore(db, paths.db_path)


def _window(qtbot, practice, clock):
    window = PracticeWindow(practice, builtin_playbooks(), Settings(), clock=lambda: clock[0], seed=21)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def press(qtbot, window, key):
    """Where a person's key press lands: the focused widget (or the window)."""
    target = window.focusWidget() or window
    qtbot.keyClick(target, key)


def test_a_whole_session_by_keyboard_saves_ratings_and_next_reviews(qtbot, practice, db):
    clock = [NOW]
    window = _window(qtbot, practice, clock)
    assert (window.width(), window.height()) == WINDOW_SIZE
    assert window.stack.currentWidget() is window.start_page
    press(qtbot, window, Qt.Key.Key_Return)
    session = window.session
    assert session is not None and window.stack.currentWidget() is window.situation_page
    ratings = ["again", "good", "good", "hard", "good", "easy", "good", "good"]
    given, lines = [], []
    while not session.finished:
        drill = session.current
        press(qtbot, window, Qt.Key.Key_Return)                     # situation -> closes
        assert window.stack.currentWidget() is window.pick_page
        press(qtbot, window, Qt.Key.Key_1 + drill.offered.index(drill.close_id))   # the right one
        assert window.pick_page.feedback_widgets[0].text() == "Right."
        press(qtbot, window, Qt.Key.Key_Return)                     # -> say it
        assert window.focusWidget() is window.say_page.edit
        line = "Would Tuesday at 10:00 or Thursday at 14:00 work for you?"
        qtbot.keyClicks(window.say_page.edit, line)
        press(qtbot, window, Qt.Key.Key_Return)                     # -> feedback
        assert window.stack.currentWidget() is window.feedback_page
        rating = ratings[len(given)]
        clock[0] += timedelta(seconds=40)
        press(qtbot, window, KEYS[rating])
        given.append((drill.key, rating))
        lines.append(line)
    assert window.stack.currentWidget() is window.summary_page
    # "again" on the first drill brought it back later in the same session.
    assert given[0][0] in [key for key, _ in given[2:]]
    summary = [w.text() for w in window.summary_page.findChildren(type(window.pick_page.feedback))
               if w.accessibleName() == "Summary line"]
    assert summary and all(" right; next review " in line for line in summary)

    rows = db.execute("SELECT card_key, rating, reviewed_at, next_due_at FROM practice_reviews"
                      " ORDER BY id").fetchall()
    assert [(key, rating) for key, rating, _, _ in rows] == given
    for _key, rating, reviewed, due in rows:
        gap = from_iso(due) - from_iso(reviewed)
        if rating == "again":
            assert gap <= timedelta(minutes=2)
        if rating in ("good", "easy"):
            assert gap >= timedelta(days=1)
    cards = practice.cards()
    for key, _ in given:
        assert cards[key].due == from_iso([r for r in rows if r[0] == key][-1][3])
    assert db.execute("SELECT ended_at FROM practice_sessions").fetchone()[0] is not None

    press(qtbot, window, Qt.Key.Key_Return)                         # closes the window
    assert not window.isVisible()


def test_choosing_three_closes_by_keyboard(qtbot, practice):
    clock = [NOW]
    window = _window(qtbot, practice, clock)
    press(qtbot, window, Qt.Key.Key_C)
    assert window.stack.currentWidget() is window.choose_page
    view = window.choose_page.view
    names = [window.choose_page.model.item(r).data(Qt.ItemDataRole.UserRole)
             for r in range(window.choose_page.model.rowCount())]
    # Untick the first (trial), tick question, then keep.
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Return)
    assert "Tick exactly 3" in window.choose_page.message.text()
    for _ in range(names.index("question")):
        press(qtbot, window, Qt.Key.Key_Down)
    assert view.currentIndex().row() == names.index("question")
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.start_page
    assert practice.focus() == ("alternative", "summary", "question")


def test_escape_ends_the_session_and_keeps_what_was_rated(qtbot, practice, db):
    clock = [NOW]
    window = _window(qtbot, practice, clock)
    press(qtbot, window, Qt.Key.Key_Return)
    drill = window.session.current
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return)        # an empty line: checked, and fails
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.summary_page
    assert db.execute("SELECT card_key, line_ok FROM practice_reviews").fetchall() == [(drill.key, 0)]


def test_ctrl_p_in_the_live_window_and_the_tray_open_one_practice_window(qtbot, paths, db, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from companion.ui.app import build_main_window, load_all_playbooks
    from companion.ui.services import build_services
    from companion.ui.tray import CompanionTray, attach_review_and_reminders

    monkeypatch.setattr(CompanionTray, "show_message", lambda *args: None)
    quit_when_last_closed = QApplication.quitOnLastWindowClosed()
    live = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(live)
    try:
        wiring = attach_review_and_reminders(live, live.services, lambda: NOW, tray_available=True)
        live.show()
        live.activateWindow()
        qtbot.waitUntil(live.isActiveWindow)
        assert live.menu_actions["Practice"].toolTip() == "Practice (Ctrl+P)"
        qtbot.keyClick(live.focusWidget() or live, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        practice_window = wiring.practice.window
        assert practice_window is not None and practice_window.isVisible()
        assert practice_window.stack.currentWidget() is practice_window.start_page
        wiring.tray.actions["practice"].trigger()
        assert wiring.practice.window is practice_window          # raised, not a second one
        practice_window.close()
    finally:
        QApplication.setQuitOnLastWindowClosed(quit_when_last_closed)


def test_the_techniques_tab_shows_mastery_over_weeks_drills_done_and_streak(qtbot, practice, db):
    from companion.core.practice.drills import build_session
    from companion.core.practice.session import PracticeSession
    from companion.store.practice import practice_data
    from companion.ui.review.window import ReviewWindow

    playbooks = builtin_playbooks()
    for days_ago, rating in ((15, "good"), (1, "easy"), (0, "good")):
        at = NOW - timedelta(days=days_ago)
        data = practice_data(practice, playbooks, at)
        session = PracticeSession(f"s{days_ago}", build_session(data, at, days_ago), dict(data.cards), at)
        practice.start_session(session.session_id, at, days_ago, data.focus)
        while not session.finished:
            drill = session.current
            session.show_closes()
            session.pick(drill.close_id)
            session.say(drill.suggestion(drill.close_id).script)
            at += timedelta(seconds=30)
            practice.record_rating(session.session_id, *session.rate(rating, at))
    window = ReviewWindow(CallStore(db), playbooks, clock=lambda: NOW + timedelta(hours=1))
    qtbot.addWidget(window)
    window.show_tab("techniques")
    panel = window.techniques.practice
    assert panel.headline.text().startswith("Drills done: 15 in 8 weeks · 2-day streak")
    labels = {w.accessibleName(): w for w in panel.findChildren(type(panel.headline))}
    by_week = [name for name in labels if name.startswith("Summary close mastery by week")]
    assert by_week, labels.keys()
    values = by_week[0].split(": ", 1)[1].split(", ")
    assert values[:5] == ["–"] * 5                        # nothing practised before then
    assert values[-1] != "–" and int(values[-1].rstrip("%")) > int(values[-2].rstrip("%"))
    assert any(name.startswith("Summary close mastery now") for name in labels)


def test_with_no_calls_at_all_the_drills_come_from_the_playbook(qtbot, db, paths):
    window = _window(qtbot, PracticeStore(db, paths.db_path), [NOW])
    from PySide6.QtWidgets import QLabel

    notes = [w.text() for w in window.start_page.findChildren(QLabel)]
    assert any("No call to replay yet" in text for text in notes)
    press(qtbot, window, Qt.Key.Key_Return)
    assert len(window.session.drills) == 5
    assert {d.kind for d in window.session.drills} <= {"objection", "playbook"}
    assert db.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
