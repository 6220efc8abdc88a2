"""Global shortcuts, compact mode, on-top and the shortcut recorder in the live window
(offscreen, platform layer faked; tests/desktop drives the same on a real X11 desktop)."""

import re

from PySide6.QtCore import Qt

from companion.core.call import Call
from companion.core.settings import Settings
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.global_shortcut_service import GlobalShortcutService
from companion.ui.live.global_actions import connect_global_shortcuts
from companion.ui.services import build_services
from companion.ui.shortcut_settings import ShortcutSettings
from tests.hotkeys.test_bindings_and_shortcuts import FakeBackend


def live_window(qtbot, paths, db, settings=None, taken=()):
    settings = settings or Settings()
    window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
    # The draft is written within a second of a change: write it before the test's
    # database closes, not into a closed one after the test.
    qtbot.addWidget(window, before_close_func=lambda w: w.draft_saver.flush())
    backend = FakeBackend(taken=taken)
    service = GlobalShortcutService(backend, parent=window)
    connect_global_shortcuts(window, settings, service)
    window.show()
    return window, backend


def press(qtbot, window, backend, keys):
    """A global shortcut pressed: the platform layer calls back, the window acts on its own thread."""
    with qtbot.waitSignal(window.global_shortcuts.activated, timeout=3000):
        backend.press(keys)


def draft_of(db, window):
    return next(c for c in DraftStore(db).pending() if c.id == window.call.id)


def test_global_shortcuts_change_the_call_save_the_draft_and_say_what_happened(qtbot, paths, db):
    window, backend = live_window(qtbot, paths, db)
    window.begin(Call(contact="Dana"))
    first, second = window.session.moment_ids[:2]
    press(qtbot, window, backend, "Ctrl+Alt+1")
    label = window.playbook.moment(first).label
    assert window.statusBar().currentMessage() == f"Agreed: {label}"
    assert window.checklist_row(first).property("flashing") is True
    qtbot.waitUntil(lambda: window.checklist_row(first).property("flashing") is False, timeout=3000)
    press(qtbot, window, backend, "Ctrl+Alt+2")
    press(qtbot, window, backend, "Ctrl+Alt+Shift+1")
    press(qtbot, window, backend, "Ctrl+Alt+Shift+A")
    window.draft_saver.flush()
    draft = draft_of(db, window)
    assert set(draft.moments) == {first, second}
    objection = window.session.objection_ids[0]
    assert draft.objections[objection].is_open
    assert [a.result for a in draft.close_attempts] == ["accepted"]
    assert window.statusBar().currentMessage().startswith("Tried: ")


def test_copy_shortcut_copies_the_suggested_line(qtbot, paths, db):
    from PySide6.QtGui import QGuiApplication

    window, backend = live_window(qtbot, paths, db)
    window.begin(Call(contact="Dana"))
    QGuiApplication.clipboard().setText("")
    press(qtbot, window, backend, "Ctrl+Alt+Shift+C")
    assert QGuiApplication.clipboard().text() == window.session.coach_view().suggestions[0].script
    assert window.statusBar().currentMessage().startswith("Copied: ")


def test_the_key_threads_callback_only_queues_the_action_for_the_window(qtbot, paths, db):
    """The platform layer calls back on its own thread (X11, Windows): the callback must not
    touch the window, only queue the action; the UI thread runs it. (tests/desktop runs the
    real X11 thread.)"""
    window, backend = live_window(qtbot, paths, db)
    window.begin(Call(contact="Dana"))
    third = window.session.moment_ids[2]
    backend.press("Ctrl+Alt+3")                      # what the key thread runs
    assert third not in window.call.moments          # nothing changed on the caller's stack
    qtbot.waitUntil(lambda: third in window.call.moments, timeout=3000)
    assert window.statusBar().currentMessage().startswith("Agreed: ")


def test_a_taken_shortcut_is_named_at_start_and_in_settings(qtbot, paths, db):
    window, backend = live_window(qtbot, paths, db, taken=["Ctrl+Alt+3"])
    assert "Ctrl+Alt+3 is taken by another application" in window.statusBar().currentMessage()
    section = ShortcutSettings(window.settings, window.global_shortcuts)
    qtbot.addWidget(section)
    assert section.notes["moment_3"].text() == "Ctrl+Alt+3 is taken by another application"
    assert not section.notes["moment_3"].isHidden() and section.notes["moment_2"].isHidden()


def test_without_a_call_a_shortcut_says_how_to_start_one(qtbot, paths, db):
    window, backend = live_window(qtbot, paths, db)
    press(qtbot, window, backend, "Ctrl+Alt+1")
    assert window.statusBar().currentMessage() == "No call running (start one with Ctrl+Alt+Shift+N)"


def test_on_top_by_default_and_the_pin_choice_is_kept(qtbot, paths, db):
    settings = Settings()
    window, _ = live_window(qtbot, paths, db, settings)
    window.begin(Call(contact="Dana"))
    assert window.presence.is_on_top() and window.pin_button.isChecked()
    window.pin_button.click()
    assert not window.presence.is_on_top() and settings.keep_on_top is False
    assert Settings.from_dict(settings.to_dict()).keep_on_top is False


def test_compact_mode_by_button_and_shortcut_keeps_a_size_for_each_mode(qtbot, paths, db):
    settings = Settings()
    window, backend = live_window(qtbot, paths, db, settings)
    window.begin(Call(contact="Dana"))
    window.call_page.compact_button.click()
    assert settings.compact and window.pages.currentWidget() is window.compact_page
    assert (window.width(), window.height()) == (360, 180)
    assert window.compact_page.next_label.text().startswith("Next: ")
    window.resize(400, 200)
    press(qtbot, window, backend, "Ctrl+Alt+Shift+M")                     # back to the full window
    assert not settings.compact and window.pages.currentWidget() is window.call_page
    assert window.height() >= 480
    window.resize(380, 700)
    window.compact_page.expand_button.click()             # the same button toggles back
    assert (window.width(), window.height()) == (400, 200)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (window.width(), window.height()) == (380, 700)


def test_compact_strip_shows_timer_next_moment_line_and_open_objections(qtbot, paths, db):
    settings = Settings(compact=True)
    window, backend = live_window(qtbot, paths, db, settings)
    assert window.compact_page.contact_label.text() == "No call running"
    window.begin(Call(contact="Dana"))
    press(qtbot, window, backend, "Ctrl+Alt+1")
    press(qtbot, window, backend, "Ctrl+Alt+Shift+2")
    page = window.compact_page
    second = window.playbook.moment(window.session.moment_ids[1]).label
    assert page.next_label.text() == f"Next: {second}"
    objection = window.playbook.objection(window.session.objection_ids[1]).label
    assert page.objections_label.text() == f"Open: {objection}"
    assert page.line_label.text().startswith("“")
    assert re.fullmatch(r"\d\d:\d\d", page.timer_label.text())


# -- recording a new combination ---------------------------------------------------------------
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def test_a_new_combination_is_recorded_by_pressing_it_and_saved(qtbot):
    settings = Settings()
    section = ShortcutSettings(settings)
    qtbot.addWidget(section)
    section.show()
    recorder = section.recorders["copy_line"]
    recorder.click()
    assert recorder.text() == "Press the keys…"
    qtbot.keyClick(recorder, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)   # waits for more
    assert recorder.recording
    qtbot.keyClick(recorder, Qt.Key.Key_Y, CTRL_ALT)
    assert recorder.text() == "Ctrl+Alt+Y" and not recorder.recording
    recorder.click()
    qtbot.keyClick(recorder, Qt.Key.Key_Backspace)          # turns the shortcut off
    assert recorder.text() == "None"
    section.recorders["moment_1"].click()
    qtbot.keyClick(section.recorders["moment_1"], Qt.Key.Key_Ampersand,
                   CTRL_ALT | Qt.KeyboardModifier.ShiftModifier)       # Shift+7 reports "&"
    section.save(settings)
    assert settings.global_shortcuts == {"copy_line": "", "moment_1": "Ctrl+Alt+Shift+7"}


def test_a_bare_key_or_a_combination_in_use_is_refused_with_the_reason(qtbot):
    section = ShortcutSettings(Settings())
    qtbot.addWidget(section)
    section.show()
    recorder = section.recorders["copy_line"]
    recorder.click()
    qtbot.keyClick(recorder, Qt.Key.Key_C)
    assert recorder.recording and "stop that key from typing" in section.message_label.text()
    qtbot.keyClick(recorder, Qt.Key.Key_2, CTRL_ALT)        # yes moment 2's keys
    assert section.recorders["copy_line"].binding_text == "Ctrl+Alt+Shift+C"
    assert 'Ctrl+Alt+2 is already used for "Tick or untick yes moment 2"' in section.message_label.text()
    recorder.click()
    qtbot.keyClick(recorder, Qt.Key.Key_Escape)             # cancels
    assert recorder.text() == "Ctrl+Alt+Shift+C"


def test_recording_lets_go_of_the_global_shortcuts_until_done(qtbot):
    backend = FakeBackend()
    service = GlobalShortcutService(backend)
    service.apply(Settings())
    assert backend.held
    section = ShortcutSettings(Settings(), service)
    qtbot.addWidget(section)
    section.show()
    section.recorders["moment_1"].click()
    assert backend.held == {}
    qtbot.keyClick(section.recorders["moment_1"], Qt.Key.Key_Escape)
    assert len(backend.held) == len(service.results)


def test_compact_strip_clips_nothing_with_long_texts(qtbot, paths, db):
    settings = Settings(compact=True)
    window, _ = live_window(qtbot, paths, db, settings)
    window.begin(Call(contact="Dana"))
    page = window.compact_page
    page.show_call("Alexandra Montgomery-Fitzgerald", "Agrees the pain is worth solving this quarter "
                   "rather than next year", "word " * 80, ["Price", "Timing", "Authority", "Competitor",
                                                          "Status quo"])
    qtbot.waitUntil(lambda: window.width() == 360 and window.height() == 180)
    page.layout().activate()
    for label in (page.contact_label, page.next_label, page.line_label, page.objections_label,
                  page.timer_label):
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        assert label.height() >= needed, f"{label.accessibleName()} is clipped"
        assert label.geometry().bottom() <= page.height()
        if not label.wordWrap() and label is not page.contact_label:
            assert label.sizeHint().width() <= label.width(), f"{label.accessibleName()} is cut off"
    assert page.contact_label.width() >= 100 and page.contact_label.toolTip().startswith("Alexandra")
    assert page.line_label.toolTip() == "word " * 80           # the whole line is one hover away
