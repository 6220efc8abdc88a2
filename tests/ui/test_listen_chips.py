"""Heard-phrase chips in the live window: shown while listening, confirmed or dismissed
with one key, and a confirmed one reaches the call and its draft."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from companion.core.call import Call
from companion.core.heard_match import match_utterance
from companion.core.settings import Settings
from companion.listen.worker import Heard
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.live.listen_controller import ListenController
from companion.ui.services import build_services


class FakeWorker:
    """Stands in for the listening threads: the test decides what is heard, from another thread."""

    def __init__(self, playbook, callbacks):
        self.playbook, self.callbacks = playbook, callbacks
        self.source = type("Source", (), {"name": "Call audio"})()
        self.paused = False
        self.stopped = False
        self.capturing = threading.Event()
        self.capturing.set()

    def say(self, text):
        heard = Heard(text, match_utterance(self.playbook, text), 2.0, 0.0, 0.5)
        thread = threading.Thread(target=self.callbacks.heard, args=(heard,))
        thread.start()
        thread.join()

    def pause(self, paused):
        self.paused = paused

    def stop(self, timeout=0):
        self.stopped = True


@pytest.fixture
def listening(qtbot, paths, db):
    def open_call(**settings):
        settings.setdefault("listen_enabled", True)
        window = build_main_window(build_services(paths, db, Settings(**settings), load_all_playbooks(paths)))
        qtbot.addWidget(window)
        controller = window.findChild(ListenController)
        workers = []

        def start(settings, playbook, callbacks):
            workers.append(FakeWorker(playbook, callbacks))
            return workers[-1]

        controller.start_worker = start
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.begin(Call("Dana Whitfield", "Northwind Logistics", "discovery"))
        return window, controller, workers
    return open_call


def chip_texts(window):
    return [frame.findChild(type(window.call_page.listen_panel.status_label), "heardText").text()
            for frame in window.call_page.listen_panel.chip_frames]


def test_listening_is_shown_and_a_heard_phrase_becomes_a_chip_that_changes_nothing(qtbot, listening):
    window, controller, [worker] = listening()
    panel = window.call_page.listen_panel
    assert panel.isVisible() and panel.status_label.text() == "● Listening · Call audio"
    worker.say("Well, we'd need to check with our CFO before we sign.")
    qtbot.waitUntil(lambda: len(panel.chip_frames) == 1)
    assert chip_texts(window) == ["Heard: 'Well, we'd need to check with our CFO before we sign.' → Authority?"]
    assert window.call.objections == {}


def test_alt_y_confirms_the_newest_chip_into_the_call_and_its_draft(qtbot, listening, db):
    window, controller, [worker] = listening()
    worker.say("Honestly it takes us forever, it is really frustrating.")
    worker.say("We'd need to check with our CFO.")
    qtbot.waitUntil(lambda: len(window.call_page.listen_panel.chip_frames) == 2)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert window.call.objections["authority"].is_open
    assert window.objection_bar.buttons["authority"].property("state") == "open"
    assert not window.call.is_agreed("pain_confirmed")
    assert chip_texts(window) == [
        "Heard: 'Honestly it takes us forever, it is really frustrating.' → Confirms the pain?"]
    window.draft_saver.flush()
    assert "authority" in DraftStore(db).pending()[0].objections


def test_alt_x_dismisses_and_the_same_words_stay_quiet(qtbot, listening):
    window, controller, [worker] = listening()
    worker.say("It is really frustrating.")
    qtbot.waitUntil(lambda: len(window.call_page.listen_panel.chip_frames) == 1)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    assert window.call_page.listen_panel.chip_frames == []
    worker.say("It is really frustrating.")
    qtbot.wait(50)
    assert window.call_page.listen_panel.chip_frames == [] and not window.call.is_agreed("pain_confirmed")


def test_ticking_the_moment_by_its_key_removes_its_chip(qtbot, listening):
    window, controller, [worker] = listening()
    worker.say("It is really frustrating.")
    qtbot.waitUntil(lambda: len(window.call_page.listen_panel.chip_frames) == 1)
    number = window.checklist.ordered_moment_ids().index("pain_confirmed") + 1
    window.toggle_moment_number(number)
    assert window.call_page.listen_panel.chip_frames == []


def test_ctrl_shift_l_pauses_and_resumes(qtbot, listening):
    window, controller, [worker] = listening()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert worker.paused and "paused" in window.call_page.listen_panel.status_label.text()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not worker.paused


def test_rolling_transcript_only_when_asked_and_gone_after_the_call(qtbot, listening):
    window, controller, [worker] = listening(listen_show_transcript=True)
    worker.say("Good morning.")
    worker.say("It is really frustrating.")
    label = window.call_page.listen_panel.transcript_label
    qtbot.waitUntil(lambda: label.text() == "Good morning. It is really frustrating.")
    controller.call_finished()
    assert label.text() == "" and controller.transcript == deque_empty() and worker.stopped


def deque_empty():
    from collections import deque
    return deque()


def test_indicator_waits_for_the_audio_to_flow(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(listen_enabled=True), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    controller = window.findChild(ListenController)
    started = []

    def start(settings, playbook, callbacks):
        worker = FakeWorker(playbook, callbacks)
        worker.capturing.clear()
        started.append((worker, callbacks))
        return worker

    controller.start_worker = start
    window.begin(Call("Dana Whitfield", "", "discovery"))
    status = window.call_page.listen_panel.status_label
    assert status.text() == "● Listening starts…"
    worker, callbacks = started[0]
    threading.Thread(target=callbacks.started).start()
    qtbot.waitUntil(lambda: status.text() == "● Listening · Call audio")


def test_off_by_default_nothing_starts(qtbot, listening):
    window, controller, workers = listening(listen_enabled=False)
    assert workers == [] and not window.call_page.listen_panel.isVisible()
