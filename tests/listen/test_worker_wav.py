"""Spoken WAV files through voice activity, recognition and matching, off the calling thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers.speech_helpers import require_speech_tools, spoken_wav

from companion.core.heard_match import MOMENT, OBJECTION
from companion.listen.wav_source import WavFileSource
from companion.listen.worker import ListenCallbacks, ListenWorker
from companion.store.playbook_files import read_playbook_file

DISCOVERY = Path(__file__).resolve().parents[2] / "resources" / "playbooks" / "discovery.toml"


@pytest.fixture(scope="module")
def engines():
    require_speech_tools()
    from companion.listen.engine import Recognizer, VoiceActivity
    from companion.listen.model_files import verified_model

    return Recognizer(verified_model()), VoiceActivity


def listen_to(source, playbook, engines, timeout=120):
    recognizer, vad_class = engines
    heard, stopped, threads = [], threading.Event(), set()
    reasons = []

    def on_heard(h):
        threads.add(threading.get_ident())
        heard.append(h)

    callbacks = ListenCallbacks(heard=on_heard, stopped=lambda reason: (reasons.append(reason), stopped.set()))
    worker = ListenWorker(source, playbook, callbacks, lambda: (vad_class(), recognizer))
    worker.start()
    assert stopped.wait(timeout), "listening did not finish"
    assert threading.get_ident() not in threads      # never on the caller's thread
    return heard, reasons[0]


def test_spoken_phrases_become_suggestions_with_their_words(tmp_path, engines):
    wav = spoken_wav(tmp_path, "call", [
        "Honestly, it takes us forever, it is really frustrating.",
        "The weather was lovely in Lisbon last week.",
        "Well, we would need to check with our CFO before we sign anything.",
    ])
    heard, problem = listen_to(WavFileSource(wav), read_playbook_file(DISCOVERY), engines)
    assert problem == ""
    assert len(heard) == 3, [h.text for h in heard]
    found = [[s.key for s in h.suggestions] for h in heard]
    assert (MOMENT, "pain_confirmed") in found[0]
    assert found[1] == []
    assert (OBJECTION, "authority") in found[2]
    assert "CFO" in heard[2].text
    assert all(h.latency_s >= 0 for h in heard)


def test_a_negated_objection_is_heard_but_not_suggested(tmp_path, engines):
    wav = spoken_wav(tmp_path, "neg", ["It is not that we would need to check with our CFO."])
    heard, _ = listen_to(WavFileSource(wav), read_playbook_file(DISCOVERY), engines)
    assert [h.suggestions for h in heard] == [[]], [h.text for h in heard]


def test_a_source_that_cannot_be_opened_stops_with_its_message(tmp_path, engines):
    (tmp_path / "bad.wav").write_text("not audio")
    heard, problem = listen_to(WavFileSource(tmp_path / "bad.wav"), read_playbook_file(DISCOVERY), engines)
    assert heard == [] and "bad.wav: cannot be read as a WAV file" in problem


def test_paused_listening_recognises_nothing(tmp_path, engines):
    recognizer, vad_class = engines
    wav = spoken_wav(tmp_path, "p", ["It is really frustrating."])
    heard, stopped = [], threading.Event()
    worker = ListenWorker(WavFileSource(wav), read_playbook_file(DISCOVERY),
                          ListenCallbacks(heard=heard.append, stopped=lambda r: stopped.set()),
                          lambda: (vad_class(), recognizer))
    worker.pause(True)
    worker.start()
    assert stopped.wait(60)
    assert heard == []
