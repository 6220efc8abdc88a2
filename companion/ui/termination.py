"""SIGTERM (logging out, `systemctl --user stop`, `kill PID`) ends the app the way Quit does:
the draft is written, the single-instance socket removed, the crash log closed.

Python runs a signal handler only when the interpreter gets control, which Qt's event loop
may not give it for a long time. The C-level handler writes the signal number to a socket
(signal.set_wakeup_fd); a QSocketNotifier on the other end wakes the event loop, and the
quit runs there, on the UI thread, like any other event.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)


class TerminationWatch(QObject):
    """Calls `on_terminate` once on the UI thread when SIGTERM arrives; `close()` undoes it."""

    def __init__(self, on_terminate: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._on_terminate = on_terminate
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        # A Python handler is needed so SIGTERM no longer kills the process outright; the
        # work itself happens when the wake-up byte reaches the event loop.
        self._previous_handler = signal.signal(signal.SIGTERM, lambda _signum, _frame: None)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        self._done = False

    def _woken(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        if signal.SIGTERM in received and not self._done:
            self._done = True
            log.info("SIGTERM received: saving the draft and quitting")
            self._on_terminate()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        signal.signal(signal.SIGTERM, self._previous_handler)
        self._reader.close()
        self._writer.close()
