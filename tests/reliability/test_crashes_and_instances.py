"""Bugs shown once with Copy details; hard crashes in a log the next start mentions; one
instance per data folder, a stale socket no obstacle, two folders side by side."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from companion.crashlog import read_crash_report, start_crash_log
from companion.errors import DatabaseProblem
from companion.ui import single_instance
from companion.ui.crash_dialog import CrashHandler, mention_previous_crash

REPO = Path(__file__).resolve().parents[2]


def _exc_info(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


# -- the exception hook -----------------------------------------------------------------------


def test_a_bug_is_logged_and_shown_once_with_copy_details(qtbot, caplog, tmp_path):
    handler = CrashHandler(log_file=tmp_path / "companion.log")
    handler.wait_when_no_event_loop = False        # as inside the app's running event loop
    with caplog.at_level(logging.ERROR):
        handler.handle(*_exc_info(ZeroDivisionError("first bug")))
    dialog = handler.dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert "ZeroDivisionError: first bug" in dialog.details_view.toPlainText()
    assert str(tmp_path / "companion.log") in dialog.layout().itemAt(0).widget().text()
    assert "first bug" in caplog.text and "Traceback" in caplog.text

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "ZeroDivisionError: first bug" in QGuiApplication.clipboard().text()

    handler.handle(*_exc_info(KeyError("second bug")))
    assert handler.dialog is dialog                         # no second dialog
    assert "second bug" in caplog.text                      # but it is logged
    dialog.close()


def test_an_environment_problem_is_a_message_not_a_bug_report(qtbot, caplog):
    handler = CrashHandler()
    handler.wait_when_no_event_loop = False
    handler.handle(*_exc_info(DatabaseProblem(Path("/x/calls.sqlite3"), "The disk holding /x is full.")))
    assert handler.dialog is None and not handler.shown
    assert "Traceback" not in caplog.text


def test_install_routes_uncaught_exceptions_through_the_hook():
    handler = CrashHandler()
    previous = sys.excepthook
    handler.install()
    try:
        assert sys.excepthook == handler.handle
    finally:
        handler.uninstall()
    assert sys.excepthook is previous


# -- hard crashes -----------------------------------------------------------------------------


def _crash_in_subprocess(crash_log: Path) -> subprocess.CompletedProcess:
    code = ("import sys, faulthandler; from pathlib import Path; "
            f"sys.path.insert(0, {str(REPO)!r}); "
            "from companion.crashlog import start_crash_log; "
            f"log = start_crash_log(Path({str(crash_log)!r})); faulthandler._sigsegv()")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30)


def test_a_hard_crash_is_written_and_mentioned_once_at_next_start(tmp_path, monkeypatch, qapp):
    crash_log = tmp_path / "logs" / "crash.log"
    crash_log.parent.mkdir()
    done = _crash_in_subprocess(crash_log)
    assert done.returncode == -signal.SIGSEGV
    assert "Segmentation fault" in read_crash_report(crash_log)

    started = start_crash_log(crash_log)           # the next start
    try:
        previous = started.previous
        assert previous is not None and "Segmentation fault" in previous.excerpt
        assert previous.log_file.exists() and previous.log_file != crash_log
        shown = []
        from companion.ui import crash_dialog

        monkeypatch.setattr(crash_dialog.QMessageBox, "information",
                            staticmethod(lambda parent, title, text: shown.append(text)))
        mention_previous_crash(None, previous)
        assert str(previous.log_file) in shown[0] and "crash" in shown[0]
    finally:
        started.close()
    again = start_crash_log(crash_log)              # and the start after: nothing to mention
    again.close()
    assert again.previous is None


def test_a_clean_run_leaves_nothing_to_mention(tmp_path):
    crash_log = tmp_path / "crash.log"
    start_crash_log(crash_log).close()
    assert read_crash_report(crash_log) == ""
    second = start_crash_log(crash_log)
    second.close()
    assert second.previous is None


# -- one instance per data folder ---------------------------------------------------------------


def test_socket_name_depends_on_user_and_folder(tmp_path):
    a = single_instance.server_name(tmp_path / "a", user="ann")
    assert a == single_instance.server_name(tmp_path / "a", user="ann")
    assert a != single_instance.server_name(tmp_path / "b", user="ann")
    assert a != single_instance.server_name(tmp_path / "a", user="bob")
    assert len(a) < 60 and "/" not in a


def test_second_claim_wakes_the_first(tmp_path, qtbot):
    server = single_instance.claim_single_instance(tmp_path / "data")
    assert server is not None
    try:
        with qtbot.waitSignal(server.activation_requested, timeout=3000):
            assert single_instance.claim_single_instance(tmp_path / "data") is None
        other = single_instance.claim_single_instance(tmp_path / "other-data")
        assert other is not None                        # another folder runs side by side
        other.close()
    finally:
        server.close()


def test_a_stale_socket_from_a_killed_run_does_not_block(tmp_path, qtbot):
    folder = tmp_path / "data"
    code = (f"import os, sys; sys.path.insert(0, {str(REPO)!r}); "
            "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
            "from companion.ui.single_instance import claim_single_instance; "
            f"server = claim_single_instance({str(folder)!r}); assert server.server.isListening(); "
            "print(server.server.fullServerName(), flush=True); os.kill(os.getpid(), 9)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    socket_file = Path(done.stdout.strip())
    assert done.returncode == -signal.SIGKILL and socket_file.exists(), done.stderr
    server = single_instance.claim_single_instance(folder)
    try:
        assert server is not None and server.server.isListening()
        with qtbot.waitSignal(server.activation_requested, timeout=3000):
            assert single_instance.ask_running_instance_to_activate(server.name)
    finally:
        server.close()
    assert not socket_file.exists()          # closing removes it: nothing left behind


@pytest.mark.slow
def test_launching_the_app_again_brings_the_running_window_forward(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "companion", "--data-dir"]
    first = subprocess.Popen([*command, str(tmp_path / "a")], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    beside = None
    try:
        log_file = tmp_path / "a" / "logs" / "companion.log"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (log_file.exists() and (tmp_path / "a" / "calls.sqlite3").exists()):
            time.sleep(0.05)
        time.sleep(0.3)
        second = subprocess.run([*command, str(tmp_path / "a")], cwd=REPO, env=env,
                                capture_output=True, timeout=20)
        assert second.returncode == 0
        assert first.poll() is None                                   # the first runs on
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "bringing it to the front" not in log_file.read_text():
            time.sleep(0.05)
        assert "bringing it to the front" in log_file.read_text()
        beside = subprocess.Popen([*command, str(tmp_path / "b")], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.5)
        assert beside.poll() is None                                  # its own folder: its own window
    finally:
        for proc in (first, beside):
            if proc is not None:
                proc.kill()
                proc.wait(timeout=10)
        from PySide6.QtNetwork import QLocalServer

        for folder in ("a", "b"):          # the killed apps' sockets: leave the folder as it was
            QLocalServer.removeServer(single_instance.instance_address(tmp_path / folder))
