"""The live window is on screen before the database layer loads, and works once it has."""

from PySide6.QtCore import QTimer

from companion.ui import app as bootstrap


def test_window_is_painted_first_then_gets_its_database(paths, qapp, monkeypatch):
    seen = []
    real_finish = bootstrap.finish_start

    def finish(app, window, *args):
        seen.append(("before", window.isVisible(), window.ready, window.start_button.isEnabled()))
        db = real_finish(app, window, *args)
        seen.append(("after", window.ready, window.start_button.isEnabled(),
                     bool(window.playbooks.playbooks)))
        QTimer.singleShot(0, app.quit)
        return db

    monkeypatch.setattr(bootstrap, "finish_start", finish)
    assert bootstrap.run_app(paths, []) == 0
    assert seen == [("before", True, False, False), ("after", True, True, True)]
    assert paths.db_path.exists()


def test_a_database_that_cannot_open_ends_the_start_with_a_message(paths, qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(bootstrap, "show_problem", lambda title, message: shown.append(message))
    paths.db_path.write_bytes(b"")                       # make the path unusable: a folder
    paths.db_path.unlink()
    paths.db_path.mkdir()
    assert bootstrap.run_app(paths, []) == 2
    assert shown and str(paths.db_path) in shown[0]
