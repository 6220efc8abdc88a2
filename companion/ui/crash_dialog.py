"""Bugs: logged with their traceback, and shown once in a dialog with "Copy details".

Environment problems that escape to the top (a full disk during some action) are
not bugs: they get their own plain message, every time, with no traceback.
Only the first bug of a session opens the dialog: one bug often causes a cascade,
and a stack of identical dialogs would hide the window the rep needs.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion import APP_NAME
from companion.errors import EnvironmentProblem
from companion.ui.controls import push_button

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(f"{APP_NAME} hit a bug")
        where = f" The details were also written to {log_file}." if log_file else ""
        text = QLabel(
            "Something went wrong inside Call Companion. What you entered during a call is kept "
            "as a draft, so you can keep working, or restart the app and resume the call."
            f"{where} Sending the details to the developers helps fix it.")
        text.setWordWrap(True)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setAccessibleName("Error details")
        self.details_view.setMinimumHeight(160)
        buttons = QDialogButtonBox()
        self.copy_button = push_button("Copy details", "Copy the error details to the clipboard",
                                       self.copy_details, keys="Ctrl+Shift+C")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        close.setToolTip("Close this message (Esc)")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook) by the bootstrap."""

    def __init__(self, log_file: Path | None = None, parent_window=None):
        self.log_file = log_file
        self.parent_window = parent_window       # a callable returning the main window, or None
        self.dialog: CrashDialog | None = None
        self.shown = False
        # Without a running event loop (a bug during start-up) open() would show nothing
        # before the process ends, so the dialog waits for the reader; tests turn this off.
        self.wait_when_no_event_loop = True
        self._previous_hook = None

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            threading.excepthook = threading.__excepthook__

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QGuiApplication.quit()
            return
        if isinstance(exc, EnvironmentProblem):
            log.warning("%s", exc)
            self._show_environment_problem(str(exc))
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unhandled exception (a bug):\n%s", details)
        if self.shown:
            return
        self.shown = True
        self.dialog = CrashDialog(details, self.log_file, self._parent())
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        if self.wait_when_no_event_loop and QThread.currentThread().loopLevel() == 0:
            self.dialog.exec()
        else:
            # open(), not exec(): no nested event loop inside the hook; draft timers keep running.
            self.dialog.open()

    def _handle_thread(self, args) -> None:
        # Dialogs belong to the GUI thread; from elsewhere the traceback is logged only.
        details = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        log.error("Unhandled exception in thread %s:\n%s",
                  getattr(args.thread, "name", "?"), details)

    def _parent(self):
        return self.parent_window() if callable(self.parent_window) else None

    def _show_environment_problem(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message,
                          QMessageBox.StandardButton.Ok, self._parent())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def start_crash_reporting(paths) -> tuple:
    """faulthandler into the crash log, and this hook for Python exceptions."""
    from companion.crashlog import start_crash_log

    crash_log = start_crash_log(paths.crash_log_path)
    handler = CrashHandler(log_file=paths.log_dir / "companion.log")
    handler.install()
    return crash_log, handler


def mention_previous_crash(window: QWidget, previous) -> None:
    """Said once: the crash log is moved aside when it is read."""
    if previous is None:
        return
    QMessageBox.information(
        window, f"{APP_NAME} closed unexpectedly",
        f"Last time, {APP_NAME} stopped because of a crash. Anything typed during a call was "
        f"kept as a draft.\n\nThe details are in {previous.log_file}. If it happens again, "
        "please send that file to the developers with a note of what you were doing.")
