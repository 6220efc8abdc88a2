"""Read-only folders, full disks and locked databases: a clear message, nothing lost or
half-written, and a live call kept in memory until it can be saved.

The disk tests use real mounts in a private mount namespace: a read-only bind mount and a
small tmpfs. As root that is `unshare --mount`; as a normal user, an unprivileged user
namespace maps the user to root inside it (`unshare --user --map-root-user --mount`), which
Debian 12 allows by default. Only where neither works do these three tests fail, saying
why; the in-process tests below cover the same code paths through SQLite's own read-only
and locked errors.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from companion.core.call import Call
from companion.core.settings import Settings
from companion.errors import DatabaseProblem, DataDirError
from companion.paths import AppPaths

HERE = Path(__file__).resolve().parent


AS_ROOT = ["unshare", "--mount"]
AS_USER = ["unshare", "--user", "--map-root-user", "--mount"]


@functools.cache
def _unshare() -> tuple[list[str] | None, str]:
    """The command that gives a private mount namespace here, or None and the reason why not."""
    if sys.platform != "linux":
        return None, "real mounts need Linux mount namespaces"
    if shutil.which("unshare") is None:
        return None, "the unshare command (util-linux) is not installed"
    prefix = AS_ROOT if os.geteuid() == 0 else AS_USER
    probe = subprocess.run([*prefix, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, text=True)
    if probe.returncode == 0:
        return prefix, ""
    if prefix is AS_USER:
        return None, ("not root, and this kernel refuses unprivileged user namespaces "
                      f"({probe.stderr.strip()}); run as root or allow them "
                      "(sysctl kernel.unprivileged_userns_clone=1)")
    return None, f"mount namespaces are refused here ({probe.stderr.strip()})"


def needs_mounts(test):
    """These tests use real tiny and read-only file systems in a private mount namespace."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        prefix, reason = _unshare()
        assert prefix is not None, f"needs a private mount namespace: {reason}"
        return test(*args, **kwargs)

    return run


@pytest.fixture
def namespace_env():
    """Inside a user namespace the user is root, and a shared /tmp/call-companion-0 of the
    real root is not theirs: the app gets a runtime folder of its own, as a login would
    (short, because a socket path must fit in about 100 bytes)."""
    runtime = tempfile.mkdtemp(prefix="cc-run-")
    yield dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=runtime)
    shutil.rmtree(runtime, ignore_errors=True)


def _in_namespace(script: str, env: dict[str, str], timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*_unshare()[0], "sh", "-c", script], capture_output=True, text=True,
                          timeout=timeout, env=env, **kwargs)


# -- full disk ------------------------------------------------------------------------------


@needs_mounts
@pytest.mark.slow
def test_full_disk_mid_call_keeps_the_call_and_writes_nothing_partial(tmp_path, namespace_env):
    driver = HERE.parent / "helpers" / "full_disk_driver.py"
    done = _in_namespace(f"exec {sys.executable} {driver} {tmp_path / 'data'}", namespace_env)
    assert done.returncode == 0, done.stderr
    seen = {}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            seen.update(json.loads(line[len("RESULT "):]))
    assert seen["saved_during_trouble"] is False
    assert "Not saved to disk yet" in seen["status_during_trouble"]
    assert "full" in seen["status_during_trouble"]
    assert seen["in_memory_has_new_notes"] is True
    assert seen["draft_on_disk_unchanged"] is True          # the old draft, whole: no partial write
    assert seen["integrity_during_trouble"] == "ok"
    assert "disk is full" in seen["backup_on_full_disk"] and "calls.sqlite3" in seen["backup_on_full_disk"]
    assert seen["backup_leftovers"] == []                   # no half-written backup file
    assert seen["call_save_on_full_disk"].startswith("DatabaseProblem: The disk holding")
    assert seen["calls_unchanged_after_failed_save"] is True
    assert seen["status_after_trouble"] == "Saved to disk again."
    assert seen["draft_has_everything"] is True
    assert seen["integrity_after_trouble"] == "ok"


# -- read-only data folder ---------------------------------------------------------------------


def _remove_instance_socket(folder: Path) -> None:
    """A killed or early-returning app leaves its socket behind; leave the folder as it was."""
    from PySide6.QtNetwork import QLocalServer

    from companion.ui.single_instance import instance_address

    QLocalServer.removeServer(instance_address(folder))


def _read_only_data_folder(tmp_path: Path) -> Path:
    """A data folder with a real database in it, which the next command sees read-only."""
    folder = tmp_path / "data"
    paths = AppPaths.resolve(folder)
    paths.ensure()
    from companion.store.db import open_database

    open_database(paths.db_path).close()
    return folder


def _read_only_mount(folder: Path) -> str:
    return f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && "


@needs_mounts
@pytest.mark.slow
def test_read_only_data_folder_at_start_gives_a_clear_message(tmp_path, namespace_env):
    folder = _read_only_data_folder(tmp_path)
    before = (folder / "calls.sqlite3").read_bytes()
    app = subprocess.Popen(
        [*_unshare()[0], "sh", "-c",
         _read_only_mount(folder) + f"exec {sys.executable} -m companion --data-dir {folder}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=namespace_env, cwd=HERE.parents[1])
    try:
        # The message is printed, then shown in a dialog that waits for the rep: read the line.
        line = app.stderr.readline()
    finally:
        app.kill()
        app.wait(timeout=10)
        app.stderr.close()
        app.stdout.close()
        _remove_instance_socket(folder)
    assert str(folder) in line
    assert "cannot write to its data folder" in line and "Read-only file system" in line
    assert "--data-dir" in line                                     # what to do
    assert (folder / "calls.sqlite3").read_bytes() == before


@needs_mounts
@pytest.mark.slow
def test_read_only_data_folder_for_doctor_and_backup(tmp_path, namespace_env):
    folder = _read_only_data_folder(tmp_path)
    command = f"{sys.executable} -m companion --data-dir {folder}"
    done = _in_namespace(_read_only_mount(folder) + f"{command} doctor; echo doctor=$?; "
                         f"{command} backup; echo backup=$?", namespace_env, cwd=HERE.parents[1])
    assert "doctor=1" in done.stdout, done.stdout + done.stderr
    assert "cannot be written (Read-only file system)" in done.stdout
    assert "backup=1" in done.stdout
    assert "read-only" in done.stderr.lower() and str(folder) in done.stderr
    assert not (folder / "backups").exists() or not list((folder / "backups").iterdir())


def test_unusable_data_folder_at_start_is_named_with_what_to_do(tmp_path, monkeypatch, qapp):
    """Without mounts: a folder that cannot be created (its parent is a file)."""
    from companion.ui import app as app_module

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    paths = AppPaths.resolve(blocker / "data")
    shown = []
    monkeypatch.setattr(app_module, "show_problem", lambda title, message: shown.append(message))
    try:
        assert app_module.run_app(paths, []) == 2
    finally:
        _remove_instance_socket(paths.data_dir)
    assert str(blocker / "data") in shown[0] and "--data-dir" in shown[0]
    with pytest.raises(DataDirError):
        paths.ensure()


# -- a live call while the database refuses writes ------------------------------------------


@pytest.fixture
def live_window(paths, db, qtbot):
    from companion.ui.app import build_main_window, load_all_playbooks
    from companion.ui.services import build_services

    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.begin(Call(contact="Ann Fischer", company="Nordlicht GmbH", playbook_id="discovery"))
    yield window
    window.draft_saver.track(None)


def _draft_bodies(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("SELECT body FROM drafts")]
    finally:
        conn.close()


def test_database_turning_read_only_mid_call_keeps_the_call(live_window, paths, db, qtbot):
    window = live_window
    window.notes_edit.insertPlainText("Before. ")
    assert window.draft_saver.flush()
    before = _draft_bodies(paths.db_path)
    db.execute("PRAGMA query_only = ON")        # SQLite now answers every write "readonly"
    window.notes_edit.insertPlainText("While read-only. ")
    with qtbot.waitSignal(window.draft_saver.status_changed, timeout=2000) as failed:
        window.draft_saver.flush()
    assert failed.args[0] is False and "is read-only" in failed.args[1]
    assert _draft_bodies(paths.db_path) == before
    assert "While read-only" in window.call.notes
    db.execute("PRAGMA query_only = OFF")
    # Nobody presses anything: the retry timer saves it.
    with qtbot.waitSignal(window.draft_saver.status_changed, timeout=5000) as recovered:
        pass
    assert recovered.args[0] is True
    assert "While read-only" in json.loads(_draft_bodies(paths.db_path)[0])["notes"]


def test_database_locked_by_another_process_mid_call(live_window, paths, db, qtbot):
    window = live_window
    db.execute("PRAGMA busy_timeout = 200")     # the app waits 10 s; the test need not
    other = sqlite3.connect(paths.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")            # another program holds the write lock
    try:
        window.notes_edit.insertPlainText("Typed while locked. ")
        with qtbot.waitSignal(window.draft_saver.status_changed, timeout=3000) as failed:
            window.draft_saver.flush()
        assert failed.args[0] is False and "Waiting for the database" in failed.args[1]
        window.call.ended_at = window.call.started_at
        with pytest.raises(DatabaseProblem) as info:
            window._save_call(window.call)       # the wrap-up's save: a message, not a crash
        window.call.ended_at = None
        assert "locked by another program" in str(info.value) and str(paths.db_path) in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    started = time.monotonic()
    with qtbot.waitSignal(window.draft_saver.status_changed, timeout=5000) as recovered:
        pass
    assert recovered.args[0] is True and time.monotonic() - started < 5
    assert "Typed while locked" in json.loads(_draft_bodies(paths.db_path)[0])["notes"]
