"""Listening in a child process, for the app.

The capture, voice activity, recognition and matching of ListenWorker run in a process of
their own: the speech libraries never share the window's interpreter lock, their native
thread pools and their imports stay out of the Qt process (Qt's import hook is not safe
for imports from other threads), and a crash in them cannot take the call with it. The
child sends what it hears, the level and its end over a pipe; a reader thread here turns
those into the same callbacks ListenWorker takes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading

from companion.core.playbook import Playbook
from companion.listen.sources import AudioSource
from companion.listen.worker import ListenCallbacks

log = logging.getLogger(__name__)


# How long a listening process may take to stop by itself before it is ended.
STOP_GRACE_S = 3.0

class ListenProcess:
    def __init__(self, source: AudioSource, playbook: Playbook, callbacks: ListenCallbacks,
                 model_folder: str = ""):
        self.source, self.playbook, self.callbacks = source, playbook, callbacks
        self.model_folder = model_folder
        self.capturing = threading.Event()
        self.paused = False
        self._stopping = False
        context = multiprocessing.get_context("spawn")     # never fork a process running Qt
        self._conn, child_conn = context.Pipe()
        self.process = context.Process(target=_child_main, args=(child_conn, source, playbook, model_folder),
                                       name="companion-listen", daemon=True)
        self._child_conn = child_conn
        self._reader = threading.Thread(target=self._read, name="listen-reader", daemon=True)

    def start(self) -> None:
        self.process.start()
        self._child_conn.close()       # the child has its own copy; EOF here then means it ended
        self._reader.start()

    def pause(self, paused: bool) -> None:
        self.paused = paused
        self._send(("pause", paused))

    def stop(self, timeout: float = 0.0) -> None:
        self._stopping = True
        self._send(("stop",))
        # A child busy recognising (at low priority, on a loaded machine) may take a while to
        # read the request: it is ended for sure, so nothing keeps listening after the call.
        threading.Thread(target=self._end_child, name="listen-reaper", daemon=True).start()
        if timeout:
            self.process.join(timeout)

    def _end_child(self, grace_s: float = STOP_GRACE_S) -> None:
        self.process.join(grace_s)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()

    def _send(self, message) -> None:
        try:
            self._conn.send(message)
        except (OSError, EOFError, BrokenPipeError):
            pass        # the child has already ended

    def _read(self) -> None:
        reason = ""
        while True:
            try:
                kind, *payload = self._conn.recv()
            except (EOFError, OSError):
                if not self._stopping and not reason:
                    reason = "Listening stopped unexpectedly; see the log."
                break
            if kind == "heard":
                self.callbacks.heard(payload[0])
            elif kind == "level":
                self.callbacks.level(payload[0])
            elif kind == "capturing":
                self.capturing.set()
                self.callbacks.started()
            elif kind == "stopped":
                reason = payload[0]
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
        self.callbacks.stopped(reason)


def _child_main(conn, source: AudioSource, playbook: Playbook, model_folder: str) -> None:
    # Background work: on a busy machine the window and the call itself come first.
    os.nice(5)
    from companion.listen.engine import Recognizer, VoiceActivity
    from companion.listen.model_files import verified_model
    from companion.listen.worker import ListenWorker

    lock = threading.Lock()

    def send(*message) -> None:
        with lock:
            try:
                conn.send(message)
            except (OSError, BrokenPipeError):
                pass

    done = threading.Event()
    callbacks = ListenCallbacks(heard=lambda heard: send("heard", heard),
                                level=lambda value: send("level", value),
                                started=lambda: send("capturing"),
                                stopped=lambda reason: (send("stopped", reason), done.set()))
    worker = ListenWorker(source, playbook, callbacks,
                          lambda: (VoiceActivity(), Recognizer(verified_model(model_folder))))
    worker.start()

    def commands() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                worker.stop(timeout=0)        # the app is gone: stop too
                return
            if message[0] == "pause":
                worker.pause(message[1])
            elif message[0] == "stop":
                worker.stop(timeout=0)
                return

    threading.Thread(target=commands, daemon=True).start()
    done.wait()
    conn.close()
