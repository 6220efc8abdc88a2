"""Shared test set-up: Qt without a screen, and a fresh data folder for every test."""

import os

# Must be set before any QApplication exists: without a display Qt would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from companion.paths import DATA_DIR_ENV, AppPaths  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """No test may touch the real user folders."""
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def paths(isolated_data_dir) -> AppPaths:
    resolved = AppPaths.resolve()
    resolved.ensure()
    return resolved


@pytest.fixture
def db(paths):
    from companion.store.db import open_database

    database = open_database(paths.db_path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def no_real_file_dialogs(request, monkeypatch):
    """A native file dialog would wait for a person forever: fail the test instead."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QFileDialog

    def refuse(*_args, **_kwargs):
        raise AssertionError("the test opened a real file dialog")

    for name in ("getSaveFileName", "getOpenFileName", "getOpenFileNames", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse))
