"""Calls > Import…: pick a JSON export, merge it in the background, say what happened.

The import runs on a thread of its own with its own database connection; the window keeps
drawing and answering (the progress dialog is not modal: a call can go on meanwhile) while
the dialog follows the file (by bytes read) and offers Cancel, which rolls the whole import
back. Quitting during an import cancels it the same way.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from companion.errors import DatabaseProblem, EnvironmentProblem
from companion.export.importer import ImportResult, import_file
from companion.store.db import open_database

log = logging.getLogger(__name__)
FILE_FILTER = "Call Companion export (*.json);;All files (*)"
PROGRESS_STEPS = 1000
_running = False                        # one import at a time: a second request is told to wait
SHOW_PROGRESS_AFTER_MS = 300            # a small file is done before a dialog would flash up


def ask_for_export_file(parent: QWidget | None) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Import calls", str(Path.home()), FILE_FILTER)
    return path


def show_message(parent: QWidget | None, ok: bool, title: str, text: str) -> None:
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    QMessageBox(icon, title, text, parent=parent).exec()


class _Cancelled(Exception):
    pass


class ImportThread(QThread):
    """import_file on its own connection. After `finished`: `result`, `problem` (a message
    for the user), `cancelled`, or `bug` (re-raised on the UI thread for the crash dialog)."""

    progressed = Signal(int)            # 0..PROGRESS_STEPS

    def __init__(self, db_path: Path, path: str, parent=None):
        super().__init__(parent)
        self.db_path, self.path = db_path, path
        self.result: ImportResult | None = None
        self.problem: tuple[str, str] | None = None
        self.cancelled = False
        self.bug: BaseException | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, size: int) -> None:
        if self._cancel.is_set():
            raise _Cancelled()
        self.progressed.emit(min(PROGRESS_STEPS, done * PROGRESS_STEPS // max(size, 1)))

    def run(self) -> None:
        try:
            db = open_database(self.db_path)
            try:
                self.result = import_file(db, self.path, progress=self._progress)
            finally:
                db.close()
        except _Cancelled:
            self.cancelled = True
        except DatabaseProblem as exc:          # locked, read-only, full: rolled back whole
            self.problem = ("Import failed", f"{exc} Nothing was imported.")
        except EnvironmentProblem as exc:       # not a valid export, unreadable file
            self.problem = ("Import refused", str(exc))
        except BaseException as exc:            # a bug: shown by the crash handler, on the UI thread
            self.bug = exc


def _progress_dialog(parent: QWidget | None, name: str) -> QProgressDialog:
    dialog = QProgressDialog(f"Importing calls from {name}…", "Cancel", 0, PROGRESS_STEPS, parent)
    dialog.setWindowTitle("Import calls")
    dialog.setAccessibleName("Import progress")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    return dialog


def run_import(parent: QWidget | None, db, db_path: Path, *,
               choose_file: Callable[[QWidget | None], str] = ask_for_export_file,
               tell: Callable[[QWidget | None, bool, str, str], None] = show_message,
               on_progress_dialog: Callable[[QProgressDialog], None] | None = None) -> ImportResult | None:
    """The whole flow; returns the result, or None when cancelled or refused.

    `db` is the window's connection (unused while importing: the import writes over its own);
    the window's event loop keeps running until the import thread is done."""
    global _running
    if _running:
        tell(parent, False, "Import calls", "An import is already running; wait for it to finish.")
        return None
    path = choose_file(parent)
    if not path:
        return None
    _running = True
    try:
        return _import_in_background(parent, Path(db_path), path, tell, on_progress_dialog)
    finally:
        _running = False


def _import_in_background(parent, db_path: Path, path: str, tell, on_progress_dialog) -> ImportResult | None:
    dialog = _progress_dialog(parent, Path(path).name)
    thread = ImportThread(db_path, path)
    thread.progressed.connect(dialog.setValue)
    dialog.canceled.connect(thread.cancel)
    if on_progress_dialog is not None:
        on_progress_dialog(dialog)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.start()
    if not thread.isFinished():
        loop.exec()
    if not thread.isFinished():
        thread.cancel()         # the app is quitting (which ends every event loop): roll back
    thread.wait()
    dialog.close()
    if thread.bug is not None:
        raise thread.bug
    if thread.cancelled:
        tell(parent, False, "Import cancelled", f"{Path(path).name}: nothing was imported.")
        return None
    if thread.problem is not None:
        tell(parent, False, *thread.problem)
        return None
    result = thread.result
    log.info("Imported %s: %s", path, result.summary())
    tell(parent, True, "Import done", f"{Path(path).name}: {result.summary()}")
    return result
