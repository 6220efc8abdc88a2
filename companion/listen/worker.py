"""Listening off the window's thread: capture -> voice activity -> recognition -> matching.

Two daemon threads. The capture thread only reads the source (a device read blocks) and
reports levels; the recognition thread finds utterances, recognises and matches them.
Results go to callbacks, which the UI turns into queued Qt signals. Audio is held in memory
only as long as an utterance lasts and is never written anywhere.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from companion.core.heard_match import HeardSuggestion, match_utterance
from companion.core.playbook import Playbook
from companion.listen.endpoint import FRAME_SAMPLES, Endpointer
from companion.listen.sources import SAMPLE_RATE, AudioSource, SourceProblem, level

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Heard:
    text: str
    suggestions: list[HeardSuggestion]
    speech_s: float                 # length of the utterance
    ended_at: float                 # monotonic time the speech ended (by the audio clock)
    ready_at: float                 # monotonic time text and suggestions were ready
    timings: dict = field(default_factory=dict)

    @property
    def latency_s(self) -> float:
        return self.ready_at - self.ended_at


@dataclass
class ListenCallbacks:
    heard: Callable[[Heard], None] = lambda heard: None
    level: Callable[[float], None] = lambda value: None
    started: Callable[[], None] = lambda: None                 # the source is open: audio flows
    stopped: Callable[[str], None] = lambda reason: None     # "" when stopped on purpose or at the end


class ListenWorker:
    def __init__(self, source: AudioSource, playbook: Playbook, callbacks: ListenCallbacks,
                 engine_factory: Callable[[], tuple[object, object]]):
        """`engine_factory` returns (VoiceActivity, Recognizer); built on the worker thread, so
        loading the model never holds up the window."""
        self.source, self.playbook, self.callbacks = source, playbook, callbacks
        self._engine_factory = engine_factory
        self._chunks: queue.Queue = queue.Queue(maxsize=600)     # a minute of audio at most
        self._stop = threading.Event()
        self._paused = threading.Event()
        self.capturing = threading.Event()       # set once the source is open
        self._threads: list[threading.Thread] = []
        self._problem = ""

    def start(self) -> None:
        self._threads = [threading.Thread(target=self._recognise, name="listen-recognise", daemon=True)]
        self._threads[0].start()

    def pause(self, paused: bool) -> None:
        """While paused, audio is read and dropped: nothing is recognised."""
        (self._paused.set if paused else self._paused.clear)()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook      # one reference assignment: safe to swap from another thread

    # ------------------------------------------------------------------ threads

    def _capture(self) -> None:
        try:
            self.source.open()
        except SourceProblem as exc:
            self._problem = str(exc)
            self._chunks.put(None)
            return
        self.capturing.set()
        self.callbacks.started()
        try:
            while not self._stop.is_set():
                chunk = self.source.read_chunk()
                if chunk is None:
                    break
                self.callbacks.level(level(chunk))
                if not self._paused.is_set():
                    try:
                        self._chunks.put_nowait((chunk, time.monotonic()))
                    except queue.Full:
                        log.warning("Listening fell behind; a second of audio was skipped")
        except Exception as exc:          # a device unplugged mid-call must not kill the app
            log.exception("Audio capture stopped")
            self._problem = f"{self.source.name} stopped: {exc}"
        finally:
            self.source.close()
            self._chunks.put(None)

    def _recognise(self) -> None:
        try:
            vad, recognizer = self._engine_factory()
        except Exception as exc:
            log.exception("Speech models could not be loaded")
            self.callbacks.stopped(str(exc))
            return
        capture = threading.Thread(target=self._capture, name="listen-capture", daemon=True)
        self._threads.append(capture)
        capture.start()
        try:
            self._run(vad, recognizer)
        except Exception as exc:
            log.exception("Listening stopped")
            self._problem = self._problem or f"Listening stopped: {exc}"
        self._stop.set()
        capture.join(2.0)
        # The models' native thread pools must be released on this thread, not at interpreter
        # exit, where their destructors abort the process.
        del vad, recognizer
        self.callbacks.stopped(self._problem)

    def _run(self, vad, recognizer) -> None:
        import numpy as np

        endpointer = Endpointer()
        audio = np.zeros(0, dtype=np.float32)     # the open utterance plus the frames not yet read
        offset = 0                                # frame number of audio[0]
        pending = np.zeros(0, dtype=np.float32)
        last_time = time.monotonic()
        while True:
            item = self._chunks.get()
            if item is None:
                span = endpointer.flush()
                if span is not None:
                    self._finish(recognizer, audio, offset, span, last_time)
                return
            chunk, last_time = item
            samples = np.frombuffer(chunk, dtype="<i2").astype(np.float32) / 32768.0
            pending = np.concatenate([pending, samples])
            whole = len(pending) // FRAME_SAMPLES * FRAME_SAMPLES
            if not whole:
                continue
            frames, pending = pending[:whole], pending[whole:]
            first_new = offset + len(audio) // FRAME_SAMPLES
            audio = np.concatenate([audio, frames])
            for i, probability in enumerate(vad.probabilities(frames)):
                span = endpointer.push(float(probability))
                if span is not None:
                    frames_after = first_new + i + 1
                    # The speech ended a short silence before the frame that closed it.
                    ended = (last_time - endpointer.silence_s
                             - (offset + len(audio) // FRAME_SAMPLES - frames_after) * FRAME_SAMPLES / SAMPLE_RATE)
                    self._finish(recognizer, audio, offset, span, ended)
            if not endpointer.in_speech:
                # Keep a little audio before the next utterance (its pre-roll); drop the rest.
                keep = 16 * FRAME_SAMPLES
                drop = max(0, len(audio) - keep) // FRAME_SAMPLES
                audio = audio[drop * FRAME_SAMPLES:]
                offset += drop

    def _finish(self, recognizer, audio, offset: int, span, ended_at: float) -> None:
        first = max(0, span.first_frame - offset) * FRAME_SAMPLES
        last = max(0, span.end_frame - offset) * FRAME_SAMPLES
        utterance = audio[first:last]
        if not len(utterance):
            return
        started = time.monotonic()
        text = recognizer.transcribe(utterance)
        recognised = time.monotonic()
        suggestions = match_utterance(self.playbook, text) if text else []
        ready = time.monotonic()
        if text:
            self.callbacks.heard(Heard(text, suggestions, len(utterance) / SAMPLE_RATE, ended_at, ready,
                                       {"recognise_s": recognised - started, "match_s": ready - recognised}))
