"""Persist the live call's draft shortly after every change.

Changes arrive in bursts (typing); coalescing them into one write every 300 ms keeps the
UI thread free while guaranteeing the draft is never more than a second old.
If the disk refuses (full, read-only), the call stays in memory and the next change, or
the retry timer, tries again; the window shows that it is not yet saved.
When another program holds the database's write lock (an import of 100,000 calls holds it
for half a minute), each try waits only about a frame (the DraftStore the bootstrap builds
has a short lock wait) and the
next comes soon after: the window never freezes, and says it is waiting for the database.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from companion.core.call import Call
from companion.errors import DatabaseProblem

if TYPE_CHECKING:          # the store (and sqlite-utils) loads after the window is painted
    from companion.store.drafts import DraftStore

log = logging.getLogger(__name__)
DEBOUNCE_MS = 300
RETRY_MS = 2000
LOCKED_RETRY_MS = 250
WAITING_MESSAGE = ("Waiting for the database… (another program is writing to it); "
                   "the call is kept in memory.")


class DraftSaver(QObject):
    status_changed = Signal(bool, str)     # saved?, message

    def __init__(self, drafts: DraftStore | None, parent=None):
        super().__init__(parent)
        self.drafts = drafts
        self.call: Call | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._failing = False
        self.last_error = ""

    def track(self, call: Call | None) -> None:
        self.call = call
        if self._failing:
            # The call was saved (or dropped) another way: the old warning no longer applies.
            self._failing = False
            self.last_error = ""
            self.status_changed.emit(True, "")

    def changed(self) -> None:
        if not self._timer.isActive():
            self._timer.start(DEBOUNCE_MS)

    def flush(self) -> bool:
        self._timer.stop()
        if self.call is None or self.drafts is None:
            return True
        try:
            self.drafts.save(self.call)
        except DatabaseProblem as exc:
            locked = exc.kind == "busy"
            if not (locked and self._failing):       # one log line per wait, not one per try
                log.warning("Draft not saved yet: %s", exc)
            self._failing = True
            self.last_error = str(exc)
            self.status_changed.emit(False, WAITING_MESSAGE if locked else
                                     f"Not saved to disk yet, kept in memory and retrying: {exc}")
            self._timer.start(LOCKED_RETRY_MS if locked else RETRY_MS)
            return False
        if self._failing:
            self._failing = False
            self.last_error = ""
            self.status_changed.emit(True, "Saved to disk again.")
        return True
