"""Reload playbooks when the user's playbook folder changes, without a restart.

Editors save in bursts (temp file, rename, chmod), so changes are coalesced; the folder
and every file in it are watched, because some editors replace files rather than write them.
A call in progress keeps the playbook it started with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from companion.core.playbook import PlaybookSet

RELOAD_DELAY_MS = 400


class PlaybookWatcher(QObject):
    reloaded = Signal(object)      # the new PlaybookSet

    def __init__(self, folder: Path, load: Callable[[], PlaybookSet], parent=None):
        super().__init__(parent)
        self.folder = folder
        self._load = load
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._schedule)
        self._watcher.fileChanged.connect(self._schedule)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self._watch_files()

    def _watch_files(self) -> None:
        if not self.folder.is_dir():
            return
        wanted = {str(self.folder)} | {str(p) for p in self.folder.glob("*.toml")}
        watched = set(self._watcher.directories()) | set(self._watcher.files())
        for stale in watched - wanted:
            self._watcher.removePath(stale)
        missing = sorted(wanted - watched)
        if missing:
            self._watcher.addPaths(missing)

    def _schedule(self, *_args) -> None:
        self._timer.start()

    def reload(self) -> PlaybookSet:
        self._watch_files()
        playbooks = self._load()
        self.reloaded.emit(playbooks)
        return playbooks
