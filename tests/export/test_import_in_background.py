"""Calls > Import… of a large file: the window keeps answering while a progress bar follows
the file, and Cancel rolls the whole import back."""

from __future__ import annotations

import json

from helpers.call_samples import varied_calls
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from companion.core.call import to_iso
from companion.export.json_export import call_record, export_document
from companion.store.db import open_database
from companion.ui.import_flow import PROGRESS_STEPS, run_import

CALLS = 1500


def big_export(tmp_path):
    calls = varied_calls(CALLS, seed=11)
    path = tmp_path / "year.json"
    records = [call_record(call, to_iso(call.started_at)) for call in calls]
    path.write_text(json.dumps(export_document(records)), encoding="utf-8")
    return path


class Watcher:
    """What a person would see while the import runs: timer ticks (the window answering),
    the progress bar's values and whether the dialog was on screen."""

    def __init__(self, on_tick=None):
        self.ticks = 0
        self.values: list[int] = []
        self.dialog = None
        self.dialog_seen = False
        self.on_tick = on_tick
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)

    def attach(self, dialog) -> None:
        self.dialog = dialog
        dialog.findChild(QProgressBar).valueChanged.connect(self.values.append)
        self.timer.start()

    def tick(self) -> None:
        self.ticks += 1
        self.dialog_seen = self.dialog_seen or self.dialog.isVisible()
        if self.on_tick:
            self.on_tick(self)


def test_a_large_import_runs_in_the_background_with_a_progress_bar(qtbot, paths, db, tmp_path, monkeypatch):
    from companion.export import json_stream

    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 64 * 1024)     # many progress steps
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    path = big_export(tmp_path)
    told, second = [], []

    def try_a_second_import(watcher):
        # The window answers, so the menu can be used again: a second import is told to wait.
        if not second and watcher.values:
            second.append(run_import(window, db, paths.db_path, choose_file=lambda _parent: str(path),
                                     tell=lambda _parent, ok, title, text: told.append((ok, text))))

    watcher = Watcher(try_a_second_import)
    result = run_import(window, db, paths.db_path, choose_file=lambda _parent: str(path),
                        tell=lambda _parent, ok, title, text: told.append((ok, title)),
                        on_progress_dialog=watcher.attach)
    watcher.timer.stop()
    assert second == [None]
    assert told == [(False, "An import is already running; wait for it to finish."), (True, "Import done")]
    assert result.added == CALLS
    assert db.execute("SELECT count(*) FROM calls").fetchone()[0] == CALLS
    # The window's event loop ran all along (before, it froze until the import was done).
    assert watcher.ticks > 20
    assert watcher.dialog_seen
    assert watcher.values == sorted(watcher.values) and len(set(watcher.values)) > 5
    assert watcher.values[-1] == PROGRESS_STEPS


def test_cancel_rolls_the_whole_import_back(qtbot, paths, db, tmp_path, monkeypatch):
    from companion.export import json_stream

    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 16 * 1024)
    path = big_export(tmp_path)

    def cancel_once_started(watcher):
        # As a person would: the Cancel button, once the dialog is up and the bar moves.
        if watcher.dialog.isVisible() and watcher.values and watcher.values[-1] > 0:
            button = watcher.dialog.findChild(QPushButton)
            assert button.text() == "Cancel"
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    watcher, told = Watcher(cancel_once_started), []
    result = run_import(None, db, paths.db_path, choose_file=lambda _parent: str(path),
                        tell=lambda _parent, ok, title, text: told.append((ok, title, text)),
                        on_progress_dialog=watcher.attach)
    watcher.timer.stop()
    assert result is None
    assert told == [(False, "Import cancelled", "year.json: nothing was imported.")]
    other = open_database(paths.db_path)
    assert other.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    other.close()
