"""The review window as a rep uses it: keyboard and mouse in, database checked."""

from datetime import timedelta

import pytest
from helpers.review_fixtures import NOW, step
from PySide6.QtCore import Qt
from test_review_queries import HOSTILE

from companion.core.review import DONE, OVERDUE
from companion.core.settings import Settings
from companion.resources import resource_path
from companion.store.calls import CallStore
from companion.store.playbook_files import load_playbooks
from companion.ui.review.call_detail import DELETED, CallDetailDialog
from companion.ui.review.window import ReviewWindow


def clock():
    return NOW


@pytest.fixture
def playbooks():
    return load_playbooks(resource_path("playbooks"), None)


@pytest.fixture
def window(qtbot, store, playbooks):
    review = ReviewWindow(store, playbooks, clock=clock)
    qtbot.addWidget(review)
    review.show()
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    return review


def group_ids(model, group):
    return [row.call_id for row in model.rows_in(group)]


def test_mark_a_commitment_done_with_the_keyboard_moves_and_persists(qtbot, store, add_call, playbooks,
                                                                    db):
    late = add_call("Ann Smith", NOW - timedelta(days=3), step=step(due=NOW - timedelta(days=1)))
    add_call("Ben Okafor", NOW - timedelta(days=1), step=step(due=NOW + timedelta(days=2)))
    review = ReviewWindow(store, playbooks, clock=clock)
    qtbot.addWidget(review)
    review.show()
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    qtbot.keyClick(review, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)     # Commitments
    tab = review.commitments
    assert review.tabs.currentWidget() is tab
    assert tab.current_step().call_id == late.id            # overdue comes first, selected
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert late.id not in group_ids(tab.model, OVERDUE)
    assert late.id in group_ids(tab.model, DONE)
    assert tab.model.data(tab.model.header_index(OVERDUE)).endswith("· 0")
    assert db.execute("SELECT status FROM next_steps WHERE call_id = ?", [late.id]).fetchone() == ("done",)
    # A fresh review over the same database shows it done too.
    again = ReviewWindow(CallStore(db), playbooks, clock=clock)
    qtbot.addWidget(again)
    again.show_tab("commitments")
    assert late.id in group_ids(again.commitments.model, DONE)


def test_search_finds_a_call_by_a_word_in_its_notes(qtbot, window, add_call):
    wanted = add_call("Carla Jensen", notes="Their developers write C++ and want an SDK")
    add_call("Ben Okafor", notes="Budget frozen until April")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search
    assert window.search.box.hasFocus()
    qtbot.keyClicks(window.search.box, "sdk")
    model = window.search.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    assert model.call_at(0).call_id == wanted.id
    assert window.search.count_label.text() == "1 call"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_search_string_does_not_raise(qtbot, window, add_call, text):
    add_call(notes="Their developers write C++")
    window.show_tab("search", focus=True)
    window.search.box.setText(text)
    window.search.search()        # errors inside Qt slots would fail the test (pytest-qt)
    assert not window.search._failed, window.search.count_label.text()


def test_today_shows_totals_rate_and_industry_figure(window, add_call):
    add_call("A", NOW - timedelta(hours=3), "advance", step=step())
    add_call("B", NOW - timedelta(hours=2), "continuation")
    add_call("C", NOW - timedelta(hours=1), "no_connect")
    window.refresh_all()
    today = window.today
    assert (today.calls_value.text(), today.connects_value.text(), today.missing_value.text()) == ("3", "2", "1")
    assert today.rate_value.text() == "50%"
    assert "37%" in today.rate_verdict.text()


def test_the_date_switcher_goes_back_a_day(qtbot, window, add_call):
    yesterday = add_call("Yesterday", NOW - timedelta(days=1))
    add_call("Today", NOW - timedelta(hours=1))
    window.refresh_all()
    window.today.table.setFocus()
    qtbot.keyClick(window.today, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    # A button's shortcut "animates" the click: it lands a moment later.
    qtbot.waitUntil(lambda: window.today.day == (NOW - timedelta(days=1)).astimezone().date())
    assert window.today.model.call_at(0).call_id == yesterday.id
    assert window.today.today_button.isEnabled()


def test_editing_a_call_uses_the_wrapup_rules_and_saves(qtbot, store, window, add_call):
    call = add_call("Ann Smith", outcome="continuation")
    dialog = CallDetailDialog(store, window.queries, store.load_call(call.id), clock, window)
    qtbot.addWidget(dialog)
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("advance"))
    assert not dialog.save_button.isEnabled()                 # an advance needs a step and a date
    assert "needs a due date" in dialog.findings_view.text()
    qtbot.keyClicks(dialog.step_fields.action_edit, "Demo of the reporting module for finance")
    qtbot.keyClicks(dialog.step_fields.customer_edit, "Brings the CFO")
    qtbot.keyClicks(dialog.step_fields.due_field.edit, "tomorrow 14:00")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = store.load_call(call.id)
    assert saved.outcome == "advance" and saved.next_step.action.startswith("Demo of the reporting")
    assert saved.ended_with_commitment


def test_delete_asks_then_undo_brings_the_call_back(qtbot, store, window, add_call, monkeypatch):
    call = add_call("Ann Smith", notes="keep me", step=step(), closes=[("trial", "accepted")])
    original = store.load_call(call.id)
    dialog = CallDetailDialog(store, window.queries, original, clock, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "ask_to_delete", lambda: False)
    dialog.confirm_delete()
    assert store.load_call(call.id) is not None                # "Keep" keeps it
    monkeypatch.setattr(dialog, "ask_to_delete", lambda: True)
    dialog.confirm_delete()
    assert dialog.result() == DELETED and store.load_call(call.id) is None
    window._deleted(dialog.deleted_call)
    assert window.undo_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.load_call(call.id) == original
    assert not window.undo_button.isVisible()


def test_switching_tabs_reads_each_tab_once_until_something_changes(window, add_call, monkeypatch):
    reads = []
    monkeypatch.setattr(window.trend, "refresh", lambda: reads.append("trend"))
    window.show_tab("trend")
    window.show_tab("today")
    window.show_tab("trend")
    assert reads == ["trend"]
    window.refresh_all()
    window.show_tab("trend")
    assert reads == ["trend", "trend"]


def test_audit_of_the_last_calls(qtbot, window, add_call):
    add_call("Good", NOW - timedelta(hours=4), step=step())
    add_call("No date", NOW - timedelta(hours=3), "continuation", step=step(due=None))
    add_call("Rep only", NOW - timedelta(hours=2), step=step(owner="rep", customer=""))
    window.show_tab("audit")
    audit = window.audit
    assert audit.summary.text() == "1 of 3 calls ended with a real next step."
    verdicts = [audit.model.index(r, 7).data() for r in range(audit.model.rowCount())]
    assert verdicts == ["Only the rep has work to do", "No date agreed",
                        "Real next step"]
    audit.count_spin.setValue(1)
    assert audit.model.rowCount() == 1


def test_techniques_highlight_your_three_closes(window, add_call):
    for _ in range(4):
        add_call(closes=[("alternative", "accepted"), ("summary", "accepted"), ("trial", "accepted"),
                         ("urgency", "declined")])
    window.show_tab("techniques")
    tab = window.techniques
    assert set(tab.model.report.best) == {"alternative", "summary", "trial"}
    assert len(tab.best_cards) == 3
    assert "Ben Franklin close" in tab.never_label.text()


def test_trend_chart_gets_thirty_days(window, add_call):
    add_call(NOW - timedelta(days=2))
    window.show_tab("trend")
    points = window.trend.chart.points
    assert len(points) == 30 and points[-1].day == NOW.astimezone().date()
    assert window.trend.chart.grab().width() > 0


def test_review_opens_once_from_the_live_window(qtbot, paths, db, playbooks):
    from companion.ui.app import build_main_window
    from companion.ui.services import build_services
    from companion.ui.tray import attach_review_and_reminders

    live = build_main_window(build_services(paths, db, Settings(), playbooks))
    qtbot.addWidget(live)
    wiring = attach_review_and_reminders(live, live.services, clock, tray_available=False)
    live.review_requested.emit()
    first = wiring.launcher.window
    assert first is not None and first.isVisible()
    live.review_requested.emit()
    assert wiring.launcher.window is first
    first.close()
    qtbot.waitUntil(lambda: wiring.launcher.window is None, timeout=5000)


def test_reminders_speak_when_a_step_falls_due_and_at_review_time(qtbot, queries, add_call):
    from companion.ui.tray import ReminderScheduler

    now = [NOW]
    add_call("Ann Smith", NOW - timedelta(hours=2), step=step(due=NOW + timedelta(minutes=1)))
    local_time = (NOW + timedelta(minutes=2)).astimezone()
    settings = Settings(review_reminder_time=f"{local_time:%H:%M}")
    scheduler = ReminderScheduler(queries, settings, lambda: now[0])
    heard = []
    scheduler.notice.connect(lambda title, text: heard.append(text))
    scheduler.check()
    assert heard == []
    now[0] = NOW + timedelta(minutes=2)
    scheduler.check()
    assert heard[0] == "Ann Smith (Acme): Demo of the reporting module for finance"
    assert heard[1].startswith("End-of-day review: 1 call")
    scheduler.check()
    assert len(heard) == 2                        # each said once


def test_tray_menu_opens_the_review_and_reminders_go_to_the_tray(qtbot, paths, db, playbooks, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from companion.ui.app import build_main_window
    from companion.ui.services import build_services
    from companion.ui.tray import CompanionTray, attach_review_and_reminders

    shown = []
    monkeypatch.setattr(CompanionTray, "show_message", lambda self, title, text: shown.append(text))
    quit_when_last_closed = QApplication.quitOnLastWindowClosed()
    live = build_main_window(build_services(paths, db, Settings(), playbooks))
    qtbot.addWidget(live)
    try:
        wiring = attach_review_and_reminders(live, live.services, clock, tray_available=True)
        assert [a.text() for a in wiring.tray.menu.actions() if a.text()] == [
            "Start call", "Open review", "Practice", "Show window", "Quit"]
        assert not QApplication.quitOnLastWindowClosed()     # the tray keeps the app running
        wiring.tray.actions["review"].trigger()
        assert wiring.launcher.window is not None and wiring.launcher.window.isVisible()
        wiring.scheduler.notice.emit("Next step due", "Ann Smith (Acme): Demo")
        assert shown == ["Ann Smith (Acme): Demo"]
        wiring.launcher.window.close()
    finally:
        QApplication.setQuitOnLastWindowClosed(quit_when_last_closed)


def test_search_survives_a_damaged_index(window, add_call, db):
    add_call(notes="pilot with finance")
    db.execute("DROP TABLE calls_fts")
    window.show_tab("search")
    window.search.box.setText("pilot")
    window.search.search()
    assert window.search.model.rowCount() == 0
    assert window.search.count_label.text().startswith("Could not read")


def test_review_date_picks_follow_the_reps_working_days(qtbot, paths, db, playbooks, add_call):
    from companion.core.schedule import quick_pick_date
    from companion.ui.app import build_main_window
    from companion.ui.review.reschedule_dialog import RescheduleDialog
    from companion.ui.services import build_services
    from companion.ui.tray import attach_review_and_reminders

    settings = Settings(working_days=[1, 2, 3])          # Tuesday to Thursday only
    live = build_main_window(build_services(paths, db, settings, playbooks))
    qtbot.addWidget(live)
    wiring = attach_review_and_reminders(live, live.services, clock, tray_available=False)
    live.review_requested.emit()
    review = wiring.launcher.window
    call = add_call("Ann Smith", outcome="continuation")
    editor = CallDetailDialog(review.store, review.queries, review.store.load_call(call.id), clock, review,
                              working_days=review.working_days())
    qtbot.addWidget(editor)
    editor.step_fields.pick_due("tomorrow")
    picked = editor.step_fields.next_step().due.astimezone().date()
    assert picked == quick_pick_date("tomorrow", NOW.astimezone().date(), [1, 2, 3])
    assert picked.weekday() in (1, 2, 3)
    reschedule = RescheduleDialog("Ann", None, NOW, review, working_days=review.working_days())
    qtbot.addWidget(reschedule)
    assert reschedule.working_days == (1, 2, 3)
    review.close()
