"""SIGTERM ends the app cleanly (draft written, socket removed), and the single-instance
socket lives in a folder only this user can enter."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer

from companion.crashlog import read_crash_report
from companion.ui import single_instance

REPO = Path(__file__).resolve().parents[2]

# The window as the app builds it, a call begun and a note typed; SIGTERM follows at once,
# before the draft saver's 300 ms debounce would have written the note.
DRIVER = """
import os, sys
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QTimer
from companion.core.call import Call
from companion.core.settings import Settings
from companion.paths import AppPaths
from companion.store.db import open_database
from companion.ui.app import build_main_window, create_application, load_all_playbooks, watch_for_termination
from companion.ui.services import build_services

paths = AppPaths.resolve(sys.argv[1])
paths.ensure()
app = create_application([])
db = open_database(paths.db_path)
window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
window.show()
watch = watch_for_termination(app, window)
window.begin(Call(contact="Ann Fischer", company="Nordlicht GmbH", playbook_id="discovery"))

def type_and_tell():
    window.notes_edit.setPlainText("typed just before SIGTERM")
    print("TYPED", flush=True)

QTimer.singleShot(200, type_and_tell)
code = app.exec()
print("EXITED", code, flush=True)
db.close()
"""


@pytest.fixture
def runtime_dir():
    """A short one, as $XDG_RUNTIME_DIR is (/run/user/1000): socket paths end at ~100 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="cc-run-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def env_with_runtime(runtime: Path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime),
                PYTHONPATH=str(REPO))


@pytest.mark.slow
def test_sigterm_during_a_call_writes_the_draft_and_exits_cleanly(tmp_path, runtime_dir):
    data = tmp_path / "data"
    running = subprocess.Popen([sys.executable, "-c", DRIVER.format(repo=str(REPO)), str(data)],
                               cwd=REPO, env=env_with_runtime(runtime_dir),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert running.stdout.readline().strip() == "TYPED", running.stderr.read()
        running.send_signal(signal.SIGTERM)
        out, err = running.communicate(timeout=20)
    finally:
        running.kill()
    assert running.returncode == 0, err
    assert "EXITED 0" in out
    conn = sqlite3.connect(data / "calls.sqlite3")
    try:
        (body,) = conn.execute("SELECT body FROM drafts").fetchone()
    finally:
        conn.close()
    assert json.loads(body)["notes"] == "typed just before SIGTERM"


@pytest.mark.slow
def test_sigterm_to_the_app_removes_its_socket_and_leaves_no_crash(tmp_path, runtime_dir):
    data = tmp_path / "data"
    env = env_with_runtime(runtime_dir)
    socket_file = Path(env["XDG_RUNTIME_DIR"]) / "call-companion" / single_instance.socket_file_name(data)
    app = subprocess.Popen([sys.executable, "-m", "companion", "--data-dir", str(data)], cwd=REPO,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (socket_file.exists() and (data / "calls.sqlite3").exists()):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.05)
        time.sleep(1.0)                       # past the start: the window is up
        assert stat.S_ISSOCK(os.lstat(socket_file).st_mode)
        assert stat.S_IMODE(os.stat(socket_file.parent).st_mode) == 0o700
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=20)
    finally:
        app.kill()
    assert app.returncode == 0, err
    assert not socket_file.exists()
    assert read_crash_report(data / "logs" / "crash.log") == ""
    assert "SIGTERM received" in (data / "logs" / "companion.log").read_text()


def test_a_squatter_on_the_old_tmp_name_does_not_stop_the_app(tmp_path, runtime_dir, qtbot, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
    data = tmp_path / "data"
    # Another user listening where the app used to put its socket (the shared temp folder).
    squatter = QLocalServer()
    old_name = single_instance.server_name(data)
    assert squatter.listen(old_name), squatter.errorString()
    try:
        assert Path(squatter.fullServerName()).parent == Path(QDir.tempPath())
        server = single_instance.claim_single_instance(data)
        assert server is not None, "the app would have exited, fooled by the squatter"
        try:
            where = Path(server.server.fullServerName())
            assert where.parent == runtime_dir / "call-companion"
            assert stat.S_IMODE(os.stat(where.parent).st_mode) == 0o700
        finally:
            server.close()
    finally:
        squatter.close()


def test_a_runtime_folder_someone_else_owns_is_not_used(runtime_dir, monkeypatch):
    tmp_path = runtime_dir
    run = runtime_dir / "run"
    run.mkdir(mode=0o700)
    taken = run / "call-companion"
    taken.mkdir(mode=0o777)
    os.chmod(taken, 0o777)                 # made by someone else, open to everyone
    monkeypatch.setattr(single_instance.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    chosen = single_instance.private_runtime_folder({"XDG_RUNTIME_DIR": str(run)})
    assert chosen == tmp_path / "tmp" / f"call-companion-{os.getuid()}"
    assert stat.S_IMODE(os.stat(chosen).st_mode) == 0o700
    # And when the temp folder's one is not ours either, none is used (the data folder is).
    monkeypatch.setattr(single_instance.os, "getuid", lambda: os.geteuid() + 12345)
    assert single_instance.private_runtime_folder({}) is None
