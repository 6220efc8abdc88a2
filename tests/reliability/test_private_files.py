"""With a permissive umask (022), everything the app writes is still owner-only:
folders 0700, files 0600. Run as real processes, as a user would."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]

# Does, in one process, what the app's start does besides the window: folders, the log,
# the crash log, settings; then exits without removing anything.
APP_FILES = """
import sys
from companion.cli import main
from companion.paths import AppPaths
from companion.private_files import use_private_umask
from companion.core.settings import Settings
from companion.store.settings_file import save_settings
from companion.crashlog import start_crash_log
from companion.ui.app import setup_logging
import logging

paths = AppPaths.resolve(sys.argv[1])
use_private_umask()
paths.ensure()
setup_logging(paths)
logging.getLogger("x").warning("a line in the log")
start_crash_log(paths.crash_log_path).close()
save_settings(paths.settings_path, Settings())
"""


def run(*args: str, umask: int = 0o022) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=180, preexec_fn=lambda: os.umask(umask))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def everything_under(folder: Path) -> list[Path]:
    return [folder, *sorted(folder.rglob("*"))]


def test_files_written_with_umask_022_are_owner_only(tmp_path):
    data = tmp_path / "data"
    for args in (("-m", "companion", "--data-dir", str(data), "demo-data", "--days", "3"),
                 ("-m", "companion", "--data-dir", str(data), "backup"),
                 ("-c", APP_FILES, str(data))):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    # While a connection is open the -wal and -shm exist: hold one open to look at them.
    probe = run("-c", "import sqlite3, sys, os, stat; c = sqlite3.connect(sys.argv[1]); "
                      "c.execute('SELECT count(*) FROM calls').fetchone(); "
                      "print(*[oct(stat.S_IMODE(os.stat(sys.argv[1] + s).st_mode)) for s in ('-wal', '-shm')])",
                str(data / "calls.sqlite3"))
    assert probe.stdout.split() == ["0o600", "0o600"], probe.stderr
    expected = {
        data / "calls.sqlite3", data / "settings.json", data / "logs" / "companion.log",
        data / "logs" / "crash.log",
    }
    found = everything_under(data)
    assert expected <= set(found)
    assert any(p.parent.name == "backups" for p in found)
    loose = [f"{p} {oct(mode(p))}" for p in found
             if mode(p) != (0o700 if p.is_dir() else 0o600)]
    assert not loose, "readable by others: " + ", ".join(loose)


def test_an_older_version_s_open_files_are_tightened(tmp_path):
    data = tmp_path / "data"
    done = run("-m", "companion", "--data-dir", str(data), "demo-data", "--days", "2", umask=0o022)
    assert done.returncode == 0, done.stderr
    import shutil

    (data / "backups").mkdir()
    shutil.copyfile(data / "calls.sqlite3", data / "backups" / "calls-20200101T000000Z-daily.sqlite3")
    # As an older version left them: world-readable.
    for path in everything_under(data):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    (data / "logs").mkdir(exist_ok=True)
    for name in ("companion.log", "crash.log"):
        (data / "logs" / name).write_text("")
        os.chmod(data / "logs" / name, 0o644)
    for args in (("-m", "companion", "--data-dir", str(data), "backup"),
                 ("-m", "companion", "--data-dir", str(data), "export", "-f", "csv",
                  "-o", str(tmp_path / "out.csv")),
                 ("-c", APP_FILES, str(data))):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    assert (data / "backups" / "calls-20200101T000000Z-daily.sqlite3").exists()
    loose = [f"{p} {oct(mode(p))}" for p in everything_under(data)
             if mode(p) != (0o700 if p.is_dir() else 0o600)]
    assert not loose, "still readable by others: " + ", ".join(loose)


def test_doctor_warns_about_files_others_can_read_and_changes_nothing(paths):
    from companion.doctor import OK, WARNING, privacy_check
    from companion.store.db import open_database

    open_database(paths.db_path).close()
    for path in (paths.data_dir, paths.db_path):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    assert privacy_check(paths).status == OK
    os.chmod(paths.db_path, 0o644)
    check = privacy_check(paths)
    assert check.status == WARNING and str(paths.db_path) in check.summary
    assert mode(paths.db_path) == 0o644                   # doctor only reports
