"""Listening during a call, wired to the live window.

Starts a listener when a call starts (only if the rep turned listening on and the speech
extra is there), carries what the listening threads report onto the UI thread through
a plain queue the UI thread drains (the threads never touch a Qt object, so a report that
arrives after the window is gone cannot reach freed memory), keeps the call's heard-phrase
chips, and applies a confirmed chip through the live call session, so the checklist,
objections, coach and draft all follow. Nothing is ticked or flagged without the rep's
confirmation.
"""

from __future__ import annotations

import logging
import queue
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut

from companion.core.heard_queue import HeardQueue, settled_in
from companion.core.live_call import LiveCallSession, SessionChange
from companion.core.settings import Settings
from companion.ui.live.listen_panel import CONFIRM_KEY, DISMISS_KEY, PAUSE_KEY, ListenPanel

log = logging.getLogger(__name__)
TRANSCRIPT_S = 60.0


# How often the UI thread collects what the listening threads reported.
INBOX_MS = 40


class ListenController(QObject):

    def __init__(self, window, panel: ListenPanel, settings: Settings,
                 start: Callable | None = None, clock: Callable[[], float] = time.monotonic):
        """`start(settings, playbook, callbacks)` returns a running worker; tests pass one
        that plays WAV files instead of opening sound devices."""
        super().__init__(window)
        self.window, self.panel, self.settings = window, panel, settings
        self.start_worker = start     # None: the sound devices chosen in Settings
        self._clock = clock
        self.session: LiveCallSession | None = None
        self.queue: HeardQueue | None = None
        self.worker = None
        self.transcript: deque[tuple[float, str]] = deque()
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._inbox_timer = QTimer(self)
        self._inbox_timer.setInterval(INBOX_MS)
        self._inbox_timer.timeout.connect(self._drain_inbox)
        panel.confirm_requested.connect(self.confirm)
        panel.dismiss_requested.connect(self.dismiss)
        panel.pause_requested.connect(self.toggle_pause)
        panel.setVisible(False)
        for keys, slot in ((CONFIRM_KEY, lambda: self.confirm(0)), (DISMISS_KEY, lambda: self.dismiss(0)),
                           (PAUSE_KEY, self.toggle_pause)):
            QShortcut(QKeySequence(keys), window).activated.connect(slot)

    # -- call life ---------------------------------------------------------------------------
    def call_started(self, session: LiveCallSession) -> None:
        self.call_finished()
        if not self.settings.listen_enabled:
            return
        from companion.listen.model_files import speech_extra_missing

        self.session = session
        self.queue = HeardQueue(session.playbook, lambda: settled_in(session.call))
        session.subscribe(self._session_changed)
        self.panel.setVisible(True)
        self.panel.show_chips([])
        self.panel.show_transcript("" if self.settings.listen_show_transcript else None)
        missing = speech_extra_missing()
        if missing and self.start_worker is None:
            self.panel.show_state("off", "speech extra not installed (see Settings › Listening)")
            return
        from companion.listen.worker import ListenCallbacks

        worker_ref = [None]       # the stop report names its worker: an old call's may come late
        inbox = self._inbox       # the threads hold the queue only, never this QObject
        callbacks = ListenCallbacks(heard=lambda heard: inbox.put(("heard", heard)),
                                    level=lambda level: inbox.put(("level", level)),
                                    started=lambda: inbox.put(("started", worker_ref[0])),
                                    stopped=lambda problem: inbox.put(("stopped", worker_ref[0], problem)))
        self._inbox_timer.start()
        self.panel.show_state("starting")
        start = self.start_worker or _start_from_settings
        try:
            self.worker = worker_ref[0] = start(self.settings, session.playbook, callbacks)
        except Exception as exc:        # a bad device choice must not stop the call
            log.exception("Listening could not start")
            self.panel.show_state("off", str(exc))
            return
        if self.worker.capturing.is_set():
            self._on_started(self.worker)

    def call_finished(self) -> None:
        """The call is saved: stop listening and forget everything heard."""
        if self.worker is not None:
            self.worker.stop(timeout=0)      # the threads wind down on their own
        self.worker, self.session, self.queue = None, None, None
        self.transcript.clear()
        self.panel.show_chips([])
        self.panel.show_transcript(None)
        self.panel.show_state("off")
        self.panel.setVisible(False)

    # -- the rep's keys ----------------------------------------------------------------------
    def confirm(self, index: int) -> None:
        if self.queue is None or self.session is None:
            return
        confirmed = self.queue.confirm(index, self.session)
        self._show_chips()
        if confirmed is not None:
            self.window.statusBar().showMessage(f"Confirmed from what was heard: {confirmed.label}", 4000)

    def dismiss(self, index: int) -> None:
        if self.queue is not None and self.queue.dismiss(index, self._clock()) is not None:
            self._show_chips()

    def toggle_pause(self) -> None:
        if self.worker is None:
            return
        paused = not self.worker.paused
        self.worker.pause(paused)
        self.panel.show_state("paused" if paused else "listening", getattr(self.worker.source, "name", ""))

    # -- reports from the listening threads -----------------------------------------------------
    def _drain_inbox(self) -> None:
        while True:
            try:
                kind, *payload = self._inbox.get_nowait()
            except queue.Empty:
                break
            if kind == "heard":
                self._on_heard(*payload)
            elif kind == "level":
                self.panel.show_level(*payload)
            elif kind == "started":
                self._on_started(*payload)
            elif kind == "stopped":
                self._on_stopped(*payload)
        if self.worker is None:
            self._inbox_timer.stop()      # nothing more will come until the next call listens

    def _on_heard(self, heard) -> None:
        if self.queue is None:
            return      # the call ended while the last words were being recognised
        now = self._clock()
        self.queue.offer(heard.suggestions, now)
        self._show_chips()
        if self.settings.listen_show_transcript:
            self.transcript.append((now, heard.text))
            while self.transcript and self.transcript[0][0] < now - TRANSCRIPT_S:
                self.transcript.popleft()
            self.panel.show_transcript(" ".join(text for _t, text in self.transcript))

    def _on_started(self, worker) -> None:
        if worker is self.worker and worker is not None:
            self.panel.show_state("paused" if worker.paused else "listening", getattr(worker.source, "name", ""))

    def _on_stopped(self, worker, problem: str) -> None:
        if worker is not self.worker or worker is None:
            return      # an earlier call's listener finishing
        self.worker = None
        self.panel.show_state("off", problem or "the audio source ended")

    def _session_changed(self, change: SessionChange) -> None:
        # Runs on every tick of a moment: redraw the chips only when one went away.
        if self.queue is not None and change.what in ("moment", "objection"):
            before = len(self.queue.chips)
            self.queue.forget_settled()
            if len(self.queue.chips) != before:
                self._show_chips()

    def _show_chips(self) -> None:
        self.panel.show_chips([chip.text for chip in self.queue.chips] if self.queue else [])


def _start_from_settings(settings, playbook, callbacks):
    from companion.listen.setup import start_listening

    return start_listening(settings, playbook, callbacks)
