"""Calls > Import…: pick a JSON export, merge it, say what happened (or why not)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from companion.errors import EnvironmentProblem
from companion.export.importer import ImportResult, import_file
from companion.store.db import describe_sqlite_error

log = logging.getLogger(__name__)
FILE_FILTER = "Call Companion export (*.json);;All files (*)"


def ask_for_export_file(parent: QWidget | None) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Import calls", str(Path.home()), FILE_FILTER)
    return path


def show_message(parent: QWidget | None, ok: bool, title: str, text: str) -> None:
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    QMessageBox(icon, title, text, parent=parent).exec()


def run_import(parent: QWidget | None, db, db_path: Path, *,
               choose_file: Callable[[QWidget | None], str] = ask_for_export_file,
               tell: Callable[[QWidget | None, bool, str, str], None] = show_message) -> ImportResult | None:
    """The whole flow; returns the result, or None when cancelled or refused."""
    path = choose_file(parent)
    if not path:
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = import_file(db, path)
    except EnvironmentProblem as exc:           # not a valid export, unreadable file
        QGuiApplication.restoreOverrideCursor()
        tell(parent, False, "Import refused", str(exc))
        return None
    except sqlite3.Error as exc:                # locked, read-only, full: rolled back whole
        QGuiApplication.restoreOverrideCursor()
        tell(parent, False, "Import failed", f"{describe_sqlite_error(db_path, exc)} Nothing was imported.")
        return None
    except BaseException:
        QGuiApplication.restoreOverrideCursor()     # a bug goes to the crash dialog, not a stuck cursor
        raise
    QGuiApplication.restoreOverrideCursor()
    log.info("Imported %s: %s", path, result.summary())
    tell(parent, True, "Import done", f"{Path(path).name}: {result.summary()}")
    return result
